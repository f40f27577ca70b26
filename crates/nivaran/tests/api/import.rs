use crate::helpers::*;
use serde_json::json;

fn write(dir: &std::path::Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

#[tokio::test]
async fn master_data_with_a_bad_row_is_refused_whole_with_file_and_line() {
    let app = spawn_app().await;
    let before = app.store.master().departments.len();
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "departments.csv",
        "code,name_en,name_hi\nMINES,Mines,खान\n",
    );
    write(
        dir.path(),
        "categories.csv",
        "code,department_code,parent_code,kind,name_en,name_hi,deadline_days,rts\n\
         MINES-A,MINES,,complaint,Illegal mining,अवैध खनन,15,false\n\
         MINES-B,MINES,,complaint,Blasting damage,विस्फोट से नुकसान,soon,false\n",
    );
    let err = app
        .store
        .import_master_data(dir.path())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("categories.csv line 3") && err.contains("deadline_days"),
        "{err}"
    );
    // Nothing of the file remains: not even the department from the other file.
    app.store.reload_master().await.unwrap();
    assert_eq!(app.store.master().departments.len(), before);
    assert!(app.store.master().department_by_code("MINES").is_none());

    // A jurisdiction under the wrong kind of parent.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "jurisdictions.csv",
        "code,parent_code,level,name_en,name_hi\n0699,06,village,Nowhere,कहीं नहीं\n",
    );
    let err = app
        .store
        .import_master_data(dir.path())
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("jurisdictions.csv line 2") && err.contains("cannot be placed under a state"),
        "{err}"
    );
    // A new district without a nodal office would leave unrouted cases nowhere.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "jurisdictions.csv",
        "code,parent_code,level,name_en,name_hi\n06999,06,district,Newdistrict,नयाजिला\n",
    );
    let err = app
        .store
        .import_master_data(dir.path())
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("no nodal office"), "{err}");
}

#[tokio::test]
async fn historical_grievances_import_with_their_dates_and_events_or_not_at_all() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let case = |legacy: &str, events: serde_json::Value| {
        let mut c = form();
        c["legacy_number"] = json!(legacy);
        c["filed_at"] = json!("2024-03-04T11:00:00+05:30");
        c["events"] = events;
        c.to_string()
    };
    let good = [
        case(
            "CMW/2024/0001",
            json!([
                {"at": "2024-03-05T10:00:00+05:30", "actor": "je.rewari", "action": "accept"},
                {"at": "2024-03-06T10:00:00+05:30", "action": "submit_atr", "text": "Tank cleaned and supply restored"},
                {"at": "2024-03-06T12:00:00+05:30", "action": "dispose", "kind": "relief", "remarks": "Supply restored"}
            ]),
        ),
        case("CMW/2024/0002", json!([])),
    ];
    let path = dir.path().join("history.jsonl");
    std::fs::write(&path, good.join("\n")).unwrap();
    let report = app.store.import_grievances(&path).await.unwrap();
    assert_eq!((report.grievances, report.events), (2, 3));
    let admin = app.login("admin").await;
    let regno = &report.registration_numbers[0];
    assert!(regno.starts_with("0624-"), "the year of filing: {regno}");
    let case_json = app.case(&admin, regno).await;
    assert_eq!(case_json["grievance"]["status"], "disposed");
    assert_eq!(case_json["grievance"]["legacy_number"], "CMW/2024/0001");
    assert_eq!(case_json["grievance"]["filed_at"], "2024-03-04T05:30:00Z");
    assert_eq!(case_json["timeline"][2]["actor"], "import:je.rewari");
    assert_eq!(case_json["timeline"].as_array().unwrap().len(), 5);
    assert_eq!(app.store.verify_chains().await.unwrap().first_broken, None);

    // A file whose third line breaks a lifecycle rule: nothing of it is imported.
    let bad = [
        case("CMW/2024/0003", json!([])),
        case("CMW/2024/0004", json!([])),
        case(
            "CMW/2024/0005",
            json!([{"at": "2024-03-05T10:00:00+05:30", "action": "dispose", "kind": "relief", "remarks": "Done"}]),
        ),
    ];
    let path = dir.path().join("bad.jsonl");
    std::fs::write(&path, bad.join("\n")).unwrap();
    let err = app
        .store
        .import_grievances(&path)
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("line 3") && err.contains("dispose"), "{err}");
    let all: serde_json::Value = app.get(&admin, "/grievances").await.json().await.unwrap();
    assert_eq!(all["total"], 2);
}
