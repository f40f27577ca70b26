//! Review reports: the PDF's text extracts back with the Hindi intact and the dashboard's
//! numbers; the XLSX and CSV carry the same numbers. A rendered page is saved for review.

use crate::helpers::spawn_app;
use crate::web_client::WebClient;
use nivaran::store::{Period, Scope};
use nivaran_bench::generate::{GenerateOptions, Profile, generate};
use std::process::Command;

fn indian(n: i64) -> String {
    nivaran_reports::indian_number(n)
}

#[tokio::test]
async fn a_district_review_report_as_pdf_xlsx_and_csv_shows_the_dashboards_numbers() {
    let app = spawn_app().await;
    generate(
        &app.store,
        &GenerateOptions {
            count: 1500,
            seed: 5,
            batch: 500,
            profile: Profile::Year,
            until: None,
        },
        |_| {},
    )
    .await
    .unwrap();
    let store = &app.store;
    let master = store.master();
    let period = Period::last_days(store.now().ist_date(), 30);
    // The state with the most cases, its figures as the dashboard has them.
    let state = if store
        .dashboard_total(
            &Scope::Area(master.jurisdiction_by_code("08").unwrap().id),
            &period,
            &[],
        )
        .await
        .unwrap()
        .received
        > 0
    {
        "08"
    } else {
        "06"
    };
    let scope = Scope::Area(master.jurisdiction_by_code(state).unwrap().id);
    let figures = store.dashboard_total(&scope, &period, &[]).await.unwrap();
    assert!(figures.received > 0 && figures.pending > 0);

    let mut web = WebClient::new(&app);
    web.login("admin").await;
    let page = web.get(&format!("/reports?scope=area:{state}")).await;
    assert_eq!(page.status, 200, "{}", page.body);
    let query = format!("scope=area:{state}&from={}&to={}", period.from, period.to);

    // PDF in Hindi.
    let response = reqwest::Client::new()
        .get(format!(
            "{}/reports/review.pdf?{query}&lang=hi",
            app.address
        ))
        .header("cookie", web_cookie(&web))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let pdf = response.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("review-report");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("review-hi.pdf");
    std::fs::write(&path, &pdf).unwrap();
    let text = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (poppler-utils) is installed");
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    for words in [
        "शिकायत समीक्षा",
        "विभागवार",
        "सबसे पुराने समय-सीमा पार प्रकरण",
        "लंबित",
        "प्राप्त",
    ] {
        assert!(
            text.contains(words),
            "'{words}' not extracted back:\n{text}"
        );
    }
    let state_hi = &master.jurisdiction_by_code(state).unwrap().name_hi;
    assert!(text.contains(state_hi.as_str()), "{state_hi}");
    assert!(
        text.contains(&indian(figures.received)),
        "received {}",
        figures.received
    );
    assert!(
        text.contains(&indian(figures.pending)),
        "pending {}",
        figures.pending
    );
    // A page rendered for a person to look at.
    let rendered = Command::new("pdftoppm")
        .args([
            "-png",
            "-r",
            "70",
            "-f",
            "1",
            "-l",
            "1",
            path.to_str().unwrap(),
        ])
        .arg(dir.join("review-hi-page"))
        .status()
        .unwrap();
    assert!(rendered.success());
    assert!(
        std::fs::read_dir(&dir).unwrap().any(|e| e
            .unwrap()
            .file_name()
            .to_string_lossy()
            .ends_with(".png"))
    );

    // CSV: a BOM, and the department rows add up to the dashboard's total.
    let csv = web
        .get(&format!("/reports/review.csv?{query}&lang=en"))
        .await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with('\u{feff}'));
    assert!(
        csv.body.contains(&format!("Received,{}", figures.received)),
        "{}",
        csv.body
    );
    assert!(
        csv.body
            .contains(&format!("Pending now,{}", figures.pending))
    );
    let mut received_by_department = 0;
    let mut in_departments = false;
    for line in csv.body.lines() {
        if line == "By department" {
            in_departments = true;
            continue;
        }
        if in_departments {
            if line.is_empty() || line == "\"\"" {
                break;
            }
            if line.starts_with("Department,") {
                continue;
            }
            let mut reader = csv_fields(line);
            received_by_department += reader.remove(1).parse::<i64>().unwrap();
        }
    }
    assert_eq!(received_by_department, figures.received);

    // XLSX: a workbook whose summary sheet holds the same numbers.
    let response = reqwest::Client::new()
        .get(format!(
            "{}/reports/review.xlsx?{query}&lang=hi",
            app.address
        ))
        .header("cookie", web_cookie(&web))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let xlsx = response.bytes().await.unwrap();
    assert!(xlsx.starts_with(b"PK"));
    let xlsx_path = dir.join("review-hi.xlsx");
    std::fs::write(&xlsx_path, &xlsx).unwrap();
    let sheet = Command::new("unzip")
        .args([
            "-p",
            xlsx_path.to_str().unwrap(),
            "xl/worksheets/sheet1.xml",
        ])
        .output()
        .unwrap();
    let sheet = String::from_utf8_lossy(&sheet.stdout);
    assert!(
        sheet.contains(&format!("<v>{}</v>", figures.received)),
        "{sheet}"
    );
    let strings = Command::new("unzip")
        .args(["-p", xlsx_path.to_str().unwrap(), "xl/sharedStrings.xml"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&strings.stdout).contains("लंबित"));

    // A bad language is a clear error; an officer cannot report on a state.
    assert_eq!(
        web.get(&format!("/reports/review.pdf?{query}&lang=fr"))
            .await
            .status,
        422
    );
    let mut officer = WebClient::new(&app);
    officer.login("officer.phed.rewari.block").await;
    assert_eq!(
        officer
            .get(&format!("/reports/review.pdf?{query}"))
            .await
            .status,
        403
    );
}

fn web_cookie(web: &WebClient) -> String {
    web.cookies
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// The fields of one CSV line.
fn csv_fields(line: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(line.as_bytes());
    reader
        .records()
        .next()
        .unwrap()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect()
}
