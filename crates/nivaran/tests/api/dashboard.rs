//! Dashboards, rankings and the public page, on a generated year of cases: every figure equals
//! the length of the list of cases it links to, and the public page holds no personal data.

use crate::helpers::{TestApp, spawn_app};
use crate::web_client::WebClient;
use nivaran::store::{Breakdown, Period, Row, Scope};
use nivaran_bench::generate::{GenerateOptions, Profile, generate};
use nivaran_domain::metrics::Metric;
use nivaran_domain::scoring::Figures;

pub async fn generated_app(count: u64) -> TestApp {
    let app = spawn_app().await;
    generate(
        &app.store,
        &GenerateOptions {
            count,
            seed: 11,
            batch: 500,
            profile: Profile::Year,
            until: None,
        },
        |_| {},
    )
    .await
    .unwrap();
    app
}

/// The figures with the days to dispose rounded (a sum of rows differs from the whole in the
/// last bits of a float).
fn counts(f: &Figures) -> Figures {
    Figures {
        disposal_days_total: (f.disposal_days_total * 1000.0).round(),
        ..*f
    }
}

/// Every figure of `scope` (the total and each row by department) against its list.
async fn check_scope(app: &TestApp, scope: &Scope, period: &Period) -> Figures {
    let store = &app.store;
    // The pre-counted figures (where they answer) are the figures read from the cases.
    let both = |counted: bool| async move {
        store.set_counted_figures(counted);
        let mut figures = Vec::new();
        for breakdown in [
            Breakdown::Department,
            Breakdown::District,
            Breakdown::Channel,
            Breakdown::Cell,
        ] {
            let mut rows = store
                .dashboard(scope, period, breakdown, &[])
                .await
                .unwrap();
            rows.sort_by_key(|r| r.key);
            figures.extend(rows.iter().map(|r| (breakdown, r.key, counts(&r.figures))));
            // Narrowed to one portal (the rows by every key).
            let online = [nivaran::store::Row {
                breakdown: Breakdown::Channel,
                key: Some(0),
            }];
            let mut rows = store
                .dashboard(scope, period, breakdown, &online)
                .await
                .unwrap();
            rows.sort_by_key(|r| r.key);
            figures.extend(rows.iter().map(|r| (breakdown, r.key, counts(&r.figures))));
        }
        // A page's table with its portals beside it (each from its own margin).
        for first in [Breakdown::District, Breakdown::Department] {
            let (table, portals) = store
                .dashboard_two(scope, period, first, Breakdown::Channel, &[])
                .await
                .unwrap();
            for (breakdown, mut rows) in [(first, table), (Breakdown::Channel, portals)] {
                rows.sort_by_key(|r| r.key);
                figures.extend(rows.iter().map(|r| (breakdown, r.key, counts(&r.figures))));
            }
        }
        let trend: Vec<_> = store
            .trend(scope, period, &[])
            .await
            .unwrap()
            .iter()
            .map(|p| (p.from, p.received, p.disposed, p.pending_at_end))
            .collect();
        store.set_counted_figures(true);
        (figures, trend)
    };
    let from_cases = both(false).await;
    assert_eq!(both(true).await, from_cases, "{scope:?} {period:?}");
    let rows = store
        .dashboard(scope, period, Breakdown::Department, &[])
        .await
        .unwrap();
    let total = store.dashboard_total(scope, period, &[]).await.unwrap();
    // Two breakdowns read at once are each what it is read alone.
    let sorted = |mut rows: Vec<nivaran::store::FigureRow>| {
        rows.sort_by_key(|r| r.key);
        rows.iter()
            .map(|r| (r.key, counts(&r.figures)))
            .collect::<Vec<_>>()
    };
    let (by_department, by_portal) = store
        .dashboard_two(
            scope,
            period,
            Breakdown::Department,
            Breakdown::Channel,
            &[],
        )
        .await
        .unwrap();
    assert_eq!(sorted(by_department), sorted(rows.clone()));
    let alone = store
        .dashboard(scope, period, Breakdown::Channel, &[])
        .await
        .unwrap();
    assert_eq!(sorted(by_portal), sorted(alone));
    for metric in Metric::ALL {
        let listed = store
            .dashboard_cases(scope, period, metric, &[], 1, 1)
            .await
            .unwrap()
            .total;
        assert_eq!(
            metric.count(&total),
            listed,
            "{scope:?} {metric:?}: figure and list differ"
        );
        for row in &rows {
            let only = [Row {
                breakdown: Breakdown::Department,
                key: row.key,
            }];
            let listed = store
                .dashboard_cases(scope, period, metric, &only, 1, 1)
                .await
                .unwrap()
                .total;
            assert_eq!(
                metric.count(&row.figures),
                listed,
                "{scope:?} row {:?} {metric:?}",
                row.key
            );
        }
    }
    // The overdue buckets partition the overdue; the disposed are in time or late.
    assert_eq!(total.overdue_by_age.iter().sum::<i64>(), total.overdue);
    assert_eq!(total.disposed_in_time + total.disposed_late, total.disposed);
    // The trend ends on the pending of the figures.
    let trend = store.trend(scope, period, &[]).await.unwrap();
    assert_eq!(
        trend.last().unwrap().pending_at_end,
        total.pending,
        "{scope:?} trend"
    );
    assert_eq!(
        trend.iter().map(|p| p.received).sum::<i64>(),
        total.received
    );
    assert_eq!(
        trend.iter().map(|p| p.disposed).sum::<i64>(),
        total.disposed
    );
    // Split by portal, priority cell and kind: the rows add up to the total, each row's
    // figures equal their lists, and a filter gives the row's figures.
    for breakdown in [Breakdown::Channel, Breakdown::Cell, Breakdown::Kind] {
        let rows = store
            .dashboard(scope, period, breakdown, &[])
            .await
            .unwrap();
        let mut sum = Figures::default();
        for row in &rows {
            assert!(row.key.is_some(), "{breakdown:?}: every case has one");
            sum.add(&row.figures);
            let only = [Row {
                breakdown,
                key: row.key,
            }];
            for metric in Metric::ALL {
                let listed = store
                    .dashboard_cases(scope, period, metric, &only, 1, 1)
                    .await
                    .unwrap()
                    .total;
                assert_eq!(
                    metric.count(&row.figures),
                    listed,
                    "{scope:?} {breakdown:?} row {:?} {metric:?}",
                    row.key
                );
            }
            let filtered = store.dashboard_total(scope, period, &only).await.unwrap();
            assert_eq!(
                counts(&filtered),
                counts(&row.figures),
                "{scope:?} {breakdown:?} filter"
            );
        }
        assert_eq!(
            counts(&sum),
            counts(&total),
            "{scope:?} {breakdown:?} rows add up"
        );
    }
    total
}

#[tokio::test]
async fn every_dashboard_figure_equals_the_cases_it_links_to() {
    let app = generated_app(1500).await;
    let store = &app.store;
    let master = store.master();
    let today = store.now().ist_date();
    let year = Period::last_days(today, 365);
    let month = Period::last_days(today, 30);
    // The cases were written with their pre-counted figures: a recount finds nothing to mend.
    let report = store.recount_figures(false).await.unwrap();
    assert!(report.cases >= 1500 && report.rows > 0, "{report:?}");
    assert_eq!(report.differences, 0, "{report:?}");
    // The open cases' days long past folded into one row each, as the nightly job does: the
    // figures below are still the cases'.
    let report = store.recount_figures(true).await.unwrap();
    assert!(report.mended && report.folded > 0, "{report:?}");
    assert_eq!(store.recount_figures(false).await.unwrap().differences, 0);

    let all = check_scope(&app, &Scope::All, &year).await;
    assert!(
        all.received > 1000 && all.disposed > 100 && all.overdue > 0,
        "{all:?}"
    );
    assert!(
        all.verified > 0 && all.satisfied > 0 && all.reopened > 0,
        "{all:?}"
    );
    check_scope(&app, &Scope::All, &month).await;

    // The busiest district, its state, and the busiest office in it (and its officer).
    let districts = store
        .dashboard(&Scope::All, &year, Breakdown::District, &[])
        .await
        .unwrap();
    let busiest = districts
        .iter()
        .max_by_key(|r| r.figures.received)
        .unwrap()
        .key
        .unwrap();
    let state = master.jurisdictions[&busiest].state_id.unwrap();
    check_scope(&app, &Scope::Area(state), &year).await;
    let district = check_scope(&app, &Scope::Area(busiest), &year).await;
    assert!(district.received > 0);
    let offices = store
        .dashboard(&Scope::Area(busiest), &year, Breakdown::Office, &[])
        .await
        .unwrap();
    let office = offices
        .iter()
        .filter(|r| r.key.is_some())
        .max_by_key(|r| r.figures.pending)
        .unwrap()
        .key
        .unwrap();
    let office_figures = check_scope(&app, &Scope::Office(office), &year).await;
    assert!(office_figures.pending > 0);
    // A subdivision of the district.
    if let Some(sub) = master.children_of(Some(busiest)).first() {
        check_scope(&app, &Scope::Area(sub.id), &year).await;
    }
}

/// The number a dashboard page shows for `metric` in its summary, and the link it carries.
fn summary_link(body: &str, metric: &str) -> (String, i64) {
    let marker = format!("metric={metric}\"");
    let at = body
        .find(&marker)
        .unwrap_or_else(|| panic!("no link to {metric}"));
    let start = body[..at].rfind("href=\"").unwrap() + 6;
    let href = body[start..at + marker.len() - 1]
        .replace("&amp;", "&")
        .replace("&#38;", "&");
    let rest = &body[at..];
    let text = &rest[rest.find('>').unwrap() + 1..rest.find("</a>").unwrap()];
    (href, text.replace(',', "").parse().unwrap())
}

#[tokio::test]
async fn a_collector_opens_the_district_dashboard_and_follows_a_number_to_its_cases() {
    let app = generated_app(1200).await;
    let store = &app.store;
    let master = store.master();
    let rewari = master.jurisdiction_by_code("06084").unwrap().id;
    let mut web = WebClient::new(&app);
    web.login("supervisor.revenue.rewari").await;
    let page = web.get("/dashboard").await;
    assert_eq!(page.status, 200, "{}", page.body);
    // The collector's office is in Rewari: the dashboard opens on the whole district.
    assert!(page.body.contains("scope=area%3A06084"), "opens on Rewari");
    assert!(page.body.contains("<svg") && page.body.contains("id=\"trend\""));
    assert!(page.body.contains("id=\"formula\""));
    let (href, shown) = summary_link(&page.body, "pending");
    let period = Period::last_days(store.now().ist_date(), 30);
    let pending = store
        .dashboard_total(&Scope::Area(rewari), &period, &[])
        .await
        .unwrap()
        .pending;
    assert_eq!(shown, pending);
    let list = web.get(&href).await;
    assert_eq!(list.status, 200, "{href}");
    let listed = list.body.matches("href=\"/cases/").count() as i64;
    assert_eq!(
        listed,
        pending.min(50),
        "one page of the cases behind the number"
    );
    // The collector opens every case behind the number, whatever its department.
    for at in list
        .body
        .match_indices("href=\"/cases/")
        .map(|(i, _)| i)
        .take(10)
    {
        let rest = &list.body[at + 6..];
        let href = rest[..rest.find('"').unwrap()].to_string();
        let case = web.get(&href).await;
        assert_eq!(case.status, 200, "{href}");
    }

    // Another district is not the collector's to see; an officer sees only their office.
    let jaipur = web.get("/dashboard?scope=area:08110").await;
    assert_eq!(jaipur.status, 403);
    // A department's supervisor sees the offices under theirs, not the whole district.
    let mut phed = WebClient::new(&app);
    phed.login("supervisor.phed.rewari").await;
    assert_eq!(phed.get("/dashboard?scope=area:06084").await.status, 403);
    let own = phed.get("/dashboard").await;
    assert_eq!(own.status, 200);
    assert!(
        own.body.contains("scope=office%3APHED-REWARI"),
        "opens on their office"
    );
    assert_eq!(
        phed.get("/dashboard?scope=office:PHED-REWARI-BL-REWARI")
            .await
            .status,
        200
    );
    assert_eq!(
        phed.get("/dashboard?scope=office:POWER-REWARI")
            .await
            .status,
        403
    );
    let mut officer = WebClient::new(&app);
    officer.login("officer.revenue.rewari").await;
    assert_eq!(officer.get("/dashboard").await.status, 200);
    assert_eq!(officer.get("/dashboard?scope=area:06084").await.status, 403);

    // By portal, by cell, by kind, and filtered: the page shows the rows and carries the
    // filter on; what it does not know is refused, never ignored.
    let by_portal = web.get("/dashboard?by=channel").await;
    assert_eq!(by_portal.status, 200, "{}", by_portal.body);
    let portal_rows = store
        .dashboard(&Scope::Area(rewari), &period, Breakdown::Channel, &[])
        .await
        .unwrap();
    assert!(!portal_rows.is_empty());
    for row in &portal_rows {
        let code = nivaran_domain::types::Channel::ALL[row.key.unwrap() as usize].code();
        assert!(
            by_portal.body.contains(&format!("key={code}\"")),
            "a row for the portal {code}"
        );
    }
    let cm = web
        .get("/dashboard?by=department&cell=cm_cell&kind=complaint")
        .await;
    assert_eq!(cm.status, 200, "{}", cm.body);
    let (href, shown) = summary_link(&cm.body, "received");
    assert!(
        href.contains("cell=cm_cell") && href.contains("kind=complaint"),
        "{href}"
    );
    let cm_received = store
        .dashboard_total(
            &Scope::Area(rewari),
            &period,
            &[
                Row {
                    breakdown: Breakdown::Cell,
                    key: Some(0),
                },
                Row {
                    breakdown: Breakdown::Kind,
                    key: Some(0),
                },
            ],
        )
        .await
        .unwrap()
        .received;
    assert_eq!(shown, cm_received);
    for refused in [
        "/dashboard?joint=1",
        "/dashboard?channel=pigeon",
        "/dashboard?by=weather",
        "/dashboard/cases?metric=pending&colour=red",
        "/rankings?kind=grumble",
    ] {
        let page = web.get(refused).await;
        assert_eq!(page.status, 422, "{refused}: {}", page.body);
    }
    // Bad input is a clear error, not a failure.
    let bad = web.get("/dashboard?from=yesterday").await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("YYYY-MM-DD"));
    let reversed = web.get("/dashboard?from=2026-11-20&to=2026-11-01").await;
    assert_eq!(reversed.status, 422);
    assert_eq!(
        web.get("/dashboard/cases?metric=nonsense").await.status,
        422
    );
    // Dates far outside any record are refused, not computed on.
    assert_eq!(
        web.get("/rankings?from=-009999-01-01&to=-009999-01-02")
            .await
            .status,
        422
    );

    // Rankings of the district's offices, with the formula beside them.
    let ranks = web
        .get("/rankings?level=office&scope=area:06084&from=2025-11-24&to=2026-11-23")
        .await;
    assert_eq!(ranks.status, 200, "{}", ranks.body);
    assert!(ranks.body.contains("id=\"ranking\"") && ranks.body.contains("id=\"formula\""));
    let officers = web
        .get("/rankings?level=officer&scope=area:06084&from=2025-11-24&to=2026-11-23")
        .await;
    assert_eq!(officers.status, 200);
}

#[tokio::test]
async fn the_public_page_and_open_data_hold_no_personal_data() {
    let app = generated_app(800).await;
    let mut web = WebClient::new(&app);
    let page = web.get("/public").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let csv = web.get("/public/data.csv").await;
    assert_eq!(csv.status, 200);
    assert!(csv.body.starts_with('\u{feff}'), "a BOM for Excel");
    let json = web.get("/public/data.json").await;
    assert_eq!(json.status, 200);
    let people: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT citizen_name, mobile, address FROM grievances")
            .fetch_all(app.store.pool())
            .await
            .unwrap();
    assert!(people.len() >= 800);
    for (name, mobile, address) in &people {
        for body in [&page.body, &csv.body, &json.body] {
            assert!(!body.contains(name.as_str()), "name {name} published");
            assert!(!body.contains(mobile.as_str()), "mobile {mobile} published");
            if let Some(address) = address.as_deref().filter(|a| a.len() > 8) {
                assert!(!body.contains(address), "address published");
            }
        }
    }
    // The open data's total is the dashboard's.
    let data: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let total = &data["rows"][0];
    assert_eq!(total["level"], "total");
    let period = Period::last_days(app.store.now().ist_date(), 365);
    let figures = app
        .store
        .dashboard_total(&Scope::All, &period, &[])
        .await
        .unwrap();
    assert_eq!(total["received"], figures.received);
    assert_eq!(total["pending"], figures.pending);
    assert!(csv.body.contains(&format!(
        ",total,all,All districts,सभी जिले,{},",
        figures.received
    )));
}

/// A supervisor's figures are his offices' figures: the Executive Engineer PHED Rewari saw
/// Received 0 / Pending 0 on his dashboard while /supervisor listed the cases open in the
/// offices under him. On the demo's cases, his office's figures are the sum of the rows of
/// every office under it (counted by holding office over the whole installation, not through
/// his scope), his page says so, and it has a row for each office below.
#[tokio::test]
async fn an_executive_engineers_dashboard_is_the_sum_of_his_offices() {
    let app = spawn_app().await;
    let store = &app.store;
    nivaran::demo::file_samples(store).await.unwrap();
    // More PHED cases in the district, routed to the offices below the Executive Engineer.
    for _ in 0..3 {
        app.file_default().await;
    }
    let master = store.master();
    let ee = master.office_by_code("PHED-REWARI").unwrap().id;
    let subtree = master.office_subtree(ee);
    assert!(subtree.len() > 1, "the EE has offices under him");
    let period = Period::last_days(store.now().ist_date(), 30);

    let total = store
        .dashboard_total(&Scope::Office(ee), &period, &[])
        .await
        .unwrap();
    let mut sum = Figures::default();
    let mut holding = Vec::new();
    for row in store
        .dashboard(&Scope::All, &period, Breakdown::Office, &[])
        .await
        .unwrap()
    {
        if row.key.is_some_and(|k| subtree.contains(&k)) {
            sum.add(&row.figures);
            holding.push(row.key.unwrap());
        }
    }
    assert_eq!(total, sum, "the EE's figures are the sum of his offices'");
    assert!(total.received > 0 && total.pending > 0, "{total:?}");
    assert!(
        holding.iter().any(|o| *o != ee),
        "cases are held below the EE"
    );
    // Every figure still equals its list within his scope.
    check_scope(&app, &Scope::Office(ee), &period).await;

    // His page opens on his office with those numbers, and a row per office holding cases.
    let mut web = WebClient::new(&app);
    web.login("supervisor.phed.rewari").await;
    let page = web.get("/dashboard").await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("by=office"), "opens by office");
    let (_, pending) = summary_link(&page.body, "pending");
    assert_eq!(pending, total.pending);
    let (_, received) = summary_link(&page.body, "received");
    assert_eq!(received, total.received);
    for office in &holding {
        let code = &master.offices[office].code;
        assert!(
            page.body.contains(&format!("key={code}")),
            "a row for {code}"
        );
    }
    // The offices below are a click away.
    let below = master
        .offices
        .values()
        .find(|o| o.parent_id == Some(ee))
        .unwrap();
    assert!(
        page.body
            .contains(&format!("scope=office%3A{}", below.code))
    );
}

/// The numbers of one row of a table: the texts of its cells' links.
fn row_numbers(table_row: &str) -> Vec<String> {
    table_row
        .split("<td class=\"num\">")
        .skip(1)
        .filter_map(|cell| {
            let text = cell.split("</a>").next()?;
            Some(text.rsplit('>').next()?.to_string())
        })
        .collect()
}

/// Seed 001's table: a district's dashboard puts the portals side by side (received, disposed,
/// pending, overdue, ATR uploaded, within time, RTS within the notified time, social-media
/// cases answered), each number a link to its cases.
#[tokio::test]
async fn a_districts_dashboard_puts_the_portals_side_by_side() {
    use serde_json::json;
    let app = spawn_app().await;
    let operator = app.login("operator.rewari").await;
    let officer = app.login("officer.phed.rewari.block").await;
    let regno = |v: serde_json::Value| v["registration_number"].as_str().unwrap().to_string();
    // Two posts on social media, one taken up by the office.
    let mut post = crate::helpers::form();
    post["channel"] = json!("social_media");
    let answered = regno(app.file_as(&operator, &post).await.json().await.unwrap());
    let waiting = regno(app.file_as(&operator, &post).await.json().await.unwrap());
    app.act_ok(&officer, &answered, json!({"action": "accept"}))
        .await;
    // On the web: a complaint, and a new water connection (Right to Service) given in time.
    app.file_default().await;
    let mut connection = crate::helpers::form();
    connection["category"] = json!("PHED-CONN-WATER");
    let rts = regno(app.file(&connection).await);
    let holder = app.case(&operator, &rts).await["grievance"]["holding_office"]["code"].clone();
    let rts_officer = match holder.as_str() {
        Some("PHED-REWARI-BL-REWARI") => officer.clone(),
        Some(other) => panic!("routed to {other}"),
        None => panic!("not routed"),
    };
    for body in [
        json!({"action": "accept"}),
        json!({"action": "submit_atr", "text": "Connection given on site"}),
        json!({"action": "dispose", "kind": "relief", "remarks": "Connection given"}),
    ] {
        app.act_ok(&rts_officer, &rts, body).await;
    }

    let mut web = WebClient::new(&app);
    web.login("supervisor.revenue.rewari").await;
    let page = web.get("/dashboard?scope=area%3A06084").await;
    assert_eq!(page.status, 200, "{}", page.body);
    let table = page
        .between("<table id=\"portals\"", "</table>")
        .expect("the portals' table");
    assert!(
        table.contains("RTS within notified time") && table.contains("Social-media cases answered")
    );
    let row = |name: &str| {
        let start = table
            .find(&format!(">{name}</a></th>"))
            .unwrap_or_else(|| panic!("{name}"));
        let rest = &table[start..];
        row_numbers(&rest[..rest.find("</tr>").unwrap()])
    };
    // received, disposed, pending, overdue, ATR %, in time %, RTS in time %, social answered %
    assert_eq!(
        row("Social media"),
        ["2", "0", "2", "0", "—", "—", "—", "50.0%"]
    );
    assert_eq!(
        row("Web portal"),
        ["2", "1", "1", "0", "100.0%", "100.0%", "100.0%", "—"]
    );
    // The answered share's list is the case taken up.
    let start = table.find(">Social media</a></th>").unwrap();
    let social_row = &table[start..];
    let href = social_row
        .split("href=\"")
        .filter_map(|h| h.split('"').next())
        .find(|h| h.contains("metric=social_answered"))
        .unwrap()
        .replace("&#38;", "&")
        .replace("&amp;", "&");
    let list = web.get(&href).await;
    assert_eq!(list.status, 200, "{href}");
    assert!(list.body.contains(&answered) && !list.body.contains(&waiting));
    // By portal the table is the page's own, so it is not repeated.
    let by_portal = web.get("/dashboard?scope=area%3A06084&by=channel").await;
    assert!(!by_portal.body.contains("id=\"portals\""));
}

/// The open data as a crawler or a newspaper asks for it, again and again: each node counts a
/// period once while it keeps it (`[dashboards] public_cache_seconds`), says so to caches on
/// the way, and counts another period anew.
#[tokio::test]
async fn the_open_data_is_counted_once_per_period_while_it_is_kept() {
    let app = spawn_app().await;
    app.store
        .set_public_cache(std::time::Duration::from_secs(300));
    let fetch = |query: String| {
        let client = app.client.clone();
        let url = format!("{}/public/data.json{query}", app.address);
        async move {
            let response = client.get(url).send().await.unwrap();
            assert_eq!(response.status(), 200);
            let kept = response
                .headers()
                .get("cache-control")
                .map(|v| v.to_str().unwrap().to_string());
            let body: serde_json::Value = response.json().await.unwrap();
            let received = body["rows"][0]["received"].as_i64().unwrap();
            (received, body["generated_at"].clone(), kept)
        }
    };
    let (before, counted_at, kept) = fetch(String::new()).await;
    assert_eq!(kept.as_deref(), Some("public, max-age=300"));
    app.file_default().await;
    app.clock.advance_millis(60_000);
    // Kept: the same figures, counted at the same time.
    assert_eq!(
        fetch(String::new()).await,
        (before, counted_at.clone(), kept.clone())
    );
    // Another period is counted now, with the new case.
    let today = app.store.now().ist_date();
    let other = format!("?from={}&to={today}", today - time::Duration::days(10));
    assert_eq!(fetch(other).await.0, before + 1);
    // Not kept: every request counts, and no cache on the way keeps the answer.
    app.store.set_public_cache(std::time::Duration::ZERO);
    let (after, recounted_at, kept) = fetch(String::new()).await;
    assert_eq!(after, before + 1);
    assert_ne!(recounted_at, counted_at);
    assert_eq!(kept.as_deref(), Some("no-store"));
}
