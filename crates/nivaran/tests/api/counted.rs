//! The dashboards' pre-counted figures (issue 19, part 4): read where they answer, checked
//! against the cases and mended, from the command line and after master data changes what
//! they count.

use crate::dashboard::generated_app;
use crate::helpers::*;
use nivaran::store::{Actor, Breakdown, CategoryRow, MasterChange, Period, Scope, Store};
use nivaran_domain::ManualClock;
use nivaran_domain::grievance::GrievanceForm;
use nivaran_domain::metrics::Metric;
use std::process::Command;
use std::sync::Arc;

/// A spoiled row shows on the dashboard (it is what the dashboard reads); a check reports it
/// and a rebuild mends it, from the command line, and the figures are the cases' again.
#[tokio::test]
async fn a_spoiled_row_is_reported_by_the_check_and_mended_by_the_rebuild() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(dir.path()).await;
    let store = Store::open(
        &url,
        Arc::new(ManualClock::new(START)),
        &dir.path().join("files"),
    )
    .await
    .unwrap();
    for _ in 0..3 {
        let form: GrievanceForm = serde_json::from_value(form()).unwrap();
        let mobile = nivaran_domain::text::Mobile::parse(&form.mobile).unwrap();
        store
            .file_now(nivaran::store::Filing::new(form, Actor::public(&mobile)))
            .await
            .unwrap();
    }
    let today = store.now().ist_date();
    let month = Period::last_days(today, 30);
    let total = store
        .dashboard_total(&Scope::All, &month, &[])
        .await
        .unwrap();
    assert_eq!((total.received, total.pending), (3, 3));

    // The total is the departments' rows added up: read from their rows of every portal.
    sqlx::query("UPDATE figures_by_department SET c1 = c1 + 1000 WHERE set_code = 'ra'")
        .execute(store.pool())
        .await
        .unwrap();
    let spoiled = store
        .dashboard_total(&Scope::All, &month, &[])
        .await
        .unwrap();
    assert_eq!(
        spoiled.received, 1003,
        "the state's figures are read from the rows"
    );

    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_nivaran"))
            .arg("--data-dir")
            .arg(dir.path())
            .args(args)
            .env("NIVARAN_DATABASE_URL", &url.url)
            .output()
            .unwrap()
    };
    let said = |out: &std::process::Output| String::from_utf8_lossy(&out.stdout).to_string();
    let check = run(&["stats", "check"]);
    assert_eq!(check.status.code(), Some(1), "{}", said(&check));
    assert!(
        said(&check).contains("3 cases counted") && said(&check).contains("1 rows differ"),
        "{}",
        said(&check)
    );
    assert!(
        said(&check).contains("figures_by_department"),
        "{}",
        said(&check)
    );
    let rebuild = run(&["stats", "rebuild"]);
    assert!(rebuild.status.success(), "{}", said(&rebuild));
    assert!(
        said(&rebuild).contains("1 rows differ, mended"),
        "{}",
        said(&rebuild)
    );
    let check = run(&["stats", "check"]);
    assert!(check.status.success(), "{}", said(&check));
    assert!(said(&check).contains("0 rows differ"), "{}", said(&check));
    let mended = store
        .dashboard_total(&Scope::All, &month, &[])
        .await
        .unwrap();
    assert_eq!(mended, total);
}

/// A category put under Right to Service after its cases were disposed of: the figures are
/// read from the cases (right at once) until a recount, then from the rows again, the same.
#[tokio::test]
async fn a_change_of_the_right_to_service_list_is_counted_from_the_cases_until_recounted() {
    let app = generated_app(400).await;
    let store = &app.store;
    let master = store.master();
    let today = store.now().ist_date();
    let year = Period::last_days(today, 365);
    let before = store
        .dashboard_total(&Scope::All, &year, &[])
        .await
        .unwrap();
    // The category with the most cases that is not under Right to Service.
    let rows = store
        .dashboard(&Scope::All, &year, nivaran::store::Breakdown::Category, &[])
        .await
        .unwrap();
    let (category, disposed) = rows
        .iter()
        .filter_map(|r| Some((master.categories.get(&r.key?)?, r.figures.disposed)))
        .filter(|(c, _)| c.rts == 0)
        .max_by_key(|(_, n)| *n)
        .unwrap();
    assert!(disposed > 0);
    let code = |id: Option<i64>| {
        id.and_then(|id| master.categories.get(&id))
            .map(|c| c.code.clone())
            .unwrap_or_default()
    };
    let change = MasterChange::Category(CategoryRow {
        code: category.code.clone(),
        department_code: master.departments[&category.department_id].code.clone(),
        parent_code: code(category.parent_id),
        kind: category.kind.clone(),
        name_en: category.name_en.clone(),
        name_hi: category.name_hi.clone(),
        deadline_days: category.deadline_days.to_string(),
        rts: "1".into(),
        synonyms: category.synonyms.clone(),
    });
    store
        .change_master(&change, &Actor::system())
        .await
        .unwrap();
    store.reload_master().await.unwrap();
    let listed = |metric: Metric| async move {
        store
            .dashboard_cases(&Scope::All, &year, metric, &[], 1, 1)
            .await
            .unwrap()
            .total
    };
    let after = store
        .dashboard_total(&Scope::All, &year, &[])
        .await
        .unwrap();
    assert_eq!(after.rts_disposed, before.rts_disposed + disposed);
    assert_eq!(after.rts_disposed, listed(Metric::RtsDisposed).await);
    assert_eq!(after.rts_in_time, listed(Metric::RtsInTime).await);
    assert!(store.recount_due().await.unwrap());

    let report = store.recount_figures(true).await.unwrap();
    assert!(report.mended && report.differences > 0, "{report:?}");
    assert!(!store.recount_due().await.unwrap());
    let recounted = store
        .dashboard_total(&Scope::All, &year, &[])
        .await
        .unwrap();
    assert_eq!(
        (recounted.rts_disposed, recounted.rts_in_time),
        (after.rts_disposed, after.rts_in_time)
    );
    // Read from the rows now: a spoiled row shows.
    sqlx::query("UPDATE figures_by_department SET c11 = c11 + 1000 WHERE set_code = 'da'")
        .execute(store.pool())
        .await
        .unwrap();
    let spoiled = store
        .dashboard_total(&Scope::All, &year, &[])
        .await
        .unwrap();
    assert!(spoiled.rts_disposed >= after.rts_disposed + 1000);
}

/// A database counted before the margins and the joint parts were (version 1, as migration 32
/// leaves it): its dashboards read the rows by every key and the parts from their table, the
/// same figures, until a recount has counted version 2; from then on they read the margins,
/// still the same.
#[tokio::test]
async fn a_database_counted_by_version_1_is_read_as_such_until_recounted() {
    let app = generated_app(300).await;
    // One open case with two joint departments' parts pending.
    crate::joint::joint_case(&app).await;
    let store = &app.store;
    let master = store.master();
    let today = store.now().ist_date();
    let month = Period::last_days(today, 30);
    let first_at = |level: &str| {
        master
            .jurisdictions
            .values()
            .find(|j| j.level == level)
            .map(|j| Scope::Area(j.id))
            .unwrap()
    };
    let (state, district) = (first_at("state"), first_at("district"));
    let pages = || async {
        let mut out = Vec::new();
        for (scope, first) in [
            (&state, Breakdown::District),
            (&district, Breakdown::Department),
            (&Scope::All, Breakdown::District),
        ] {
            let (table, portals) = store
                .dashboard_two(scope, &month, first, Breakdown::Channel, &[])
                .await
                .unwrap();
            for rows in [table, portals] {
                let mut rows: Vec<_> = rows
                    .iter()
                    .map(|r| {
                        let f = &r.figures;
                        (
                            r.key,
                            f.received,
                            f.pending,
                            f.overdue,
                            f.interdepartmental_pending,
                        )
                    })
                    .collect();
                rows.sort();
                out.push(rows);
            }
            let trend: Vec<_> = store
                .trend(scope, &month, &[])
                .await
                .unwrap()
                .iter()
                .map(|p| (p.received, p.disposed, p.pending_at_end))
                .collect();
            out.push(
                trend
                    .into_iter()
                    .map(|(a, b, c)| (Some(a), b, c, 0, 0))
                    .collect(),
            );
        }
        out
    };
    let counted = pages().await;
    let joint = store
        .dashboard_total(&Scope::All, &month, &[])
        .await
        .unwrap()
        .interdepartmental_pending;
    assert!(joint > 0, "some open cases have a joint part pending");
    store.set_counted_figures(false);
    assert_eq!(
        pages().await,
        counted,
        "the margins give the cases' figures"
    );
    store.set_counted_figures(true);
    assert!(store.recount_figures(true).await.unwrap().mended);
    assert!(!store.recount_due().await.unwrap());

    // As migration 32 leaves a database counted before it.
    sqlx::query("DELETE FROM figures_by_state")
        .execute(store.pool())
        .await
        .unwrap();
    for table in ["figures_by_department"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE set_code NOT IN ('r', 'd', 'o', 'e')"
        )))
        .execute(store.pool())
        .await
        .unwrap();
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "UPDATE {table} SET c3 = 0 WHERE set_code = 'o'"
        )))
        .execute(store.pool())
        .await
        .unwrap();
    }
    sqlx::query("UPDATE figures_counted SET counted_version = 1")
        .execute(store.pool())
        .await
        .unwrap();
    assert_eq!(pages().await, counted, "read from the rows by every key");
    assert!(store.recount_due().await.unwrap());

    let report = store.recount_figures(true).await.unwrap();
    assert!(report.mended && report.differences > 0, "{report:?}");
    assert!(report.stale, "known to be behind: not a fault to warn of");
    assert!(!store.recount_due().await.unwrap());
    assert_eq!(pages().await, counted, "read from the margins again");
    let check = store.recount_figures(false).await.unwrap();
    assert_eq!(check.differences, 0, "{check:?}");
    assert!(!check.stale);
}
