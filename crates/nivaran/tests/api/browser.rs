//! The web application in a real browser: Debian's headless Chromium, driven through
//! chromedriver with fantoccini. Each scenario asserts what the page shows; every page visited is
//! checked for labels on its fields, its `lang`, unique ids, and fitting a 375-pixel phone without
//! sideways scrolling. Screenshots of the main pages at phone and desktop width go to
//! docs/screenshots (see docs/WEB.md).
//!
//! Chromium and chromedriver come from Debian (`apt-get install chromium chromium-driver`);
//! `.ci/run` installs them. Without them these tests fail, unless NIVARAN_SKIP_BROWSER_TESTS=1.

use crate::helpers::{PASSWORD, TestApp, form, free_port, spawn_app};
use crate::web::latest_otp;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

mod helpline;
mod monitoring;
mod review;
mod suggest;

const PHONE: u32 = 375;
const DESKTOP: u32 = 1280;

/// chromedriver and a headless Chromium for one test; both end with it.
struct Browser {
    client: Client,
    driver: Child,
    base: String,
    _profile: tempfile::TempDir,
    /// chromedriver's and Chromium's temporary directory, removed with them (Chromium leaves
    /// its scoped directories behind when its driver is killed).
    _tmp: tempfile::TempDir,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn skip() -> bool {
    std::env::var("NIVARAN_SKIP_BROWSER_TESTS").is_ok_and(|v| v == "1")
}

fn screenshot_dir() -> Option<PathBuf> {
    // One set of pictures, from the SQLite run; the PostgreSQL run shows the same pages.
    if crate::helpers::postgres_admin_url().is_some() {
        return None;
    }
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/screenshots");
    std::fs::create_dir_all(&dir).ok()?;
    Some(dir)
}

/// Checks every page must pass, run in the page.
const PAGE_CHECKS: &str = r#"
const problems = [];
const lang = document.documentElement.lang;
if (lang !== 'hi' && lang !== 'en') problems.push('html lang is ' + lang);
for (const el of document.querySelectorAll('input, select, textarea')) {
  const type = (el.getAttribute('type') || '').toLowerCase();
  if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
  const labelled = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
  if (!labelled) problems.push('no label for ' + (el.id || el.name));
}
for (const el of document.querySelectorAll('button, a')) {
  if (!el.textContent.trim() && !el.getAttribute('aria-label')) problems.push('a ' + el.tagName + ' with no text');
}
const seen = new Set();
for (const el of document.querySelectorAll('[id]')) {
  if (seen.has(el.id)) problems.push('duplicate id ' + el.id);
  seen.add(el.id);
}
if (document.documentElement.scrollWidth > window.innerWidth + 1) {
  problems.push('wider than the screen: ' + document.documentElement.scrollWidth + ' > ' + window.innerWidth);
}
if (!document.querySelector('main h1')) problems.push('no h1 in main');
return problems;
"#;

impl Browser {
    async fn start(app: &TestApp) -> Option<Browser> {
        if skip() {
            eprintln!("NIVARAN_SKIP_BROWSER_TESTS=1: browser test skipped");
            return None;
        }
        let port = free_port();
        let tmp = tempfile::tempdir().unwrap();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect(
                "chromedriver is not installed (apt-get install chromium chromium-driver), \
                 or set NIVARAN_SKIP_BROWSER_TESTS=1",
            );
        let profile = tempfile::tempdir().unwrap();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", "--disable-sync", "--disable-extensions",
                    "--hide-scrollbars", "--force-device-scale-factor=1",
                    "--lang=en-IN",
                    format!("--user-data-dir={}", profile.path().display()),
                    format!("--window-size={PHONE},900"),
                ],
                "prefs": {"intl.accept_languages": "en-IN,en"},
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let mut last_error = None;
        for _ in 0..50 {
            match ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => {
                    return Some(Browser {
                        client,
                        driver,
                        base: app.address.clone(),
                        _profile: profile,
                        _tmp: tmp,
                    });
                }
                Err(e) => {
                    last_error = Some(e.to_string());
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
            }
        }
        panic!("could not start Chromium through chromedriver: {last_error:?}");
    }

    async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .unwrap();
        self.check_page().await;
    }

    /// Labels, lang, ids, width: see [`PAGE_CHECKS`].
    async fn check_page(&self) {
        let problems = self.client.execute(PAGE_CHECKS, vec![]).await.unwrap();
        let url = self.client.current_url().await.unwrap();
        assert_eq!(problems, json!([]), "page {url}");
    }

    async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
    }

    async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    async fn fill(&self, css: &str, text: &str) {
        let element = self.find(css).await;
        element.clear().await.unwrap();
        element.send_keys(text).await.unwrap();
    }

    /// Clicks the element; found again when htmx replaced it between finding and clicking (a
    /// partial refreshed as the page is filled).
    async fn click(&self, css: &str) {
        for _ in 0..20 {
            match self.find(css).await.click().await {
                Ok(()) => return,
                Err(e) if e.to_string().contains("stale element") => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("click {css}: {e}"),
            }
        }
        panic!("{css} was replaced on every try");
    }

    async fn choose(&self, css: &str, value: &str) {
        self.find(css).await.select_by_value(value).await.unwrap();
    }

    /// Clicks and waits for the next page to load, then checks it.
    async fn submit(&self, css: &str) {
        let before = self.page_id().await;
        self.click(css).await;
        self.wait_until(&format!("return window.__page !== {before}"))
            .await;
        self.wait_until("return document.readyState === 'complete'")
            .await;
        self.check_page().await;
    }

    /// Marks the current page so a navigation can be noticed.
    async fn page_id(&self) -> u64 {
        let id: u64 = rand_id();
        self.client
            .execute(&format!("window.__page = {id}; return true;"), vec![])
            .await
            .unwrap();
        id
    }

    async fn wait_until(&self, script: &str) {
        for _ in 0..100 {
            if self.client.execute(script, vec![]).await.ok() == Some(Value::Bool(true)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("timed out waiting for: {script}");
    }

    async fn h1(&self) -> String {
        self.text("main h1").await
    }

    /// The page at phone and desktop width, into docs/screenshots.
    async fn shot(&self, name: &str) {
        let Some(dir) = screenshot_dir() else {
            return;
        };
        for (width, label) in [(PHONE, "phone"), (DESKTOP, "desktop")] {
            self.client.set_window_size(width, 900).await.unwrap();
            let height = self
                .client
                .execute("return document.documentElement.scrollHeight", vec![])
                .await
                .unwrap()
                .as_u64()
                .unwrap_or(900)
                .clamp(600, 4000);
            self.client
                .set_window_size(width, height as u32)
                .await
                .unwrap();
            let png = self.client.screenshot().await.unwrap();
            std::fs::write(dir.join(format!("{name}-{label}.png")), png).unwrap();
        }
        self.client.set_window_size(PHONE, 900).await.unwrap();
    }

    async fn login(&self, username: &str) {
        self.goto("/login").await;
        self.fill("#f-username", username).await;
        self.fill("#f-password", PASSWORD).await;
        self.submit("form.stack button[type=submit]").await;
    }

    async fn logout(&self) {
        self.submit("form[action='/logout'] button").await;
    }

    async fn close(self) {
        let Browser { client, .. } = &self;
        let _ = client.clone().close().await;
    }
}

fn rand_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::SeqCst)
}

/// A small real PDF on disk, for the file inputs.
fn pdf_file(dir: &std::path::Path) -> PathBuf {
    let path = dir.join("site-inspection.pdf");
    std::fs::write(&path, crate::helpers::pdf_bytes()).unwrap();
    path
}

/// A citizen tracks a case by number and mobile with the one-time password.
async fn track(b: &Browser, app: &TestApp, regno: &str, mobile: &str) {
    b.goto("/track").await;
    b.fill("#f-regno", regno).await;
    b.fill("#f-mobile", mobile).await;
    b.submit("form.stack button[type=submit]").await;
    let code = latest_otp(app).await;
    b.fill("#f-code", &code).await;
    b.submit("form.stack button[type=submit]").await;
    assert_eq!(b.text("#regno").await, regno);
}

#[tokio::test]
async fn a_citizen_files_in_hindi_and_tracks_it_with_the_one_time_password() {
    let app = spawn_app().await;
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.goto("/").await;
    b.shot("home").await;
    b.goto("/file").await;
    assert_eq!(b.h1().await, "File a grievance");
    // Switch to Hindi from the page itself.
    b.submit("form.lang button").await;
    assert_eq!(b.h1().await, "शिकायत दर्ज करें");
    b.fill("#f-citizen_name", "रामेश्वर दयाल").await;
    b.fill("#f-mobile", "9812012345").await;
    // The category list narrows as a Hindi word is typed (htmx).
    b.fill("#f-cq", "पेयजल").await;
    b.wait_until("return document.querySelectorAll('#f-category option').length < 12 && !!document.querySelector('#f-category option[value=\"PHED-WS-NOSUP\"]')").await;
    b.choose("#f-category", "PHED-WS-NOSUP").await;
    // Down the location tree, each level appearing after the choice above it.
    for (depth, code) in [
        "06",
        "06084",
        "0608401",
        "060840101",
        "06084010101",
        "0608401010101",
    ]
    .iter()
    .enumerate()
    {
        b.choose(&format!("#place-{depth}"), code).await;
        if depth < 5 {
            b.find(&format!("#place-{}", depth + 1)).await;
        }
    }
    b.fill("#f-subject", "गोकलगढ़ में पेयजल आपूर्ति बंद").await;
    b.fill(
        "#f-description",
        "पिछले दस दिनों से गांव में नलों में पानी नहीं आ रहा है, कोई सुनवाई नहीं।",
    )
    .await;
    b.check_page().await;
    b.shot("file").await;
    b.submit("form.stack > div > button[type=submit]").await;
    assert_eq!(b.h1().await, "शिकायत पंजीकृत हुई");
    let regno = b.text("#regno").await;
    assert!(regno.starts_with("0626-"), "{regno}");
    let facts = b.text("dl.facts").await;
    assert!(
        facts.contains("कनिष्ठ अभियंता, जन स्वास्थ्य अभियांत्रिकी, रेवाड़ी"),
        "{facts}"
    );
    b.shot("filed").await;
    // The registration SMS is waiting for the citizen, in Hindi.
    let sms = app.store.list_outbox(None, 10).await.unwrap();
    assert!(
        sms.iter()
            .any(|m| m.body.contains(&regno) && m.language == "hi")
    );

    // Tracking with the one-time password.
    b.goto("/track").await;
    assert_eq!(b.h1().await, "अपनी शिकायत की स्थिति देखें");
    b.shot("track").await;
    track(&b, &app, &regno, "9812012345").await;
    assert_eq!(b.text("#subject").await, "गोकलगढ़ में पेयजल आपूर्ति बंद");
    assert_eq!(b.text("#status").await, "आवंटित");
    let timeline = b.text("#timeline").await;
    assert!(
        timeline.contains("पंजीकृत") && timeline.contains("कार्यालय को आवंटित"),
        "{timeline}"
    );
    b.shot("case-citizen").await;
    b.close().await;
}

#[tokio::test]
async fn an_operator_enters_three_petitions_in_camp_mode_with_the_keyboard_alone() {
    let app = spawn_app().await;
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.login("operator.rewari").await;
    assert_eq!(b.h1().await, "Camp mode");
    let petitions = [
        (
            "सुनीता देवी",
            "9812012340",
            "PHED-WS-NOSUP",
            "पेयजल आपूर्ति बंद है",
        ),
        (
            "Mahesh Kumar",
            "9812012341",
            "PHED-WS-NOSUP",
            "No water for a week",
        ),
        (
            "ओमप्रकाश",
            "9812012342",
            "PHED-WS-NOSUP",
            "नल का पानी गंदा आ रहा है",
        ),
    ];
    let tab = fantoccini::key::Key::Tab.to_string();
    for (name, mobile, category, subject) in petitions {
        // The name field has the focus; every other field is a Tab away; Enter files.
        let active = b.client.active_element().await.unwrap();
        assert_eq!(
            active.attr("id").await.unwrap().as_deref(),
            Some("f-citizen_name")
        );
        let keys = [
            name.to_string(),
            mobile.to_string(),
            "0608401010101".to_string(),
            category.to_string(),
            subject.to_string(),
            "गांव में कई दिनों से पानी नहीं आ रहा है, कृपया जल्द ठीक करवाएं।".to_string(),
        ]
        .join(&tab);
        active.send_keys(&keys).await.unwrap();
        let before = b.page_id().await;
        // From the description, Tab past the type and the override to the button, then Enter.
        b.client
            .active_element()
            .await
            .unwrap()
            .send_keys(&format!("{tab}{tab}{tab}{}", fantoccini::key::Key::Enter))
            .await
            .unwrap();
        b.wait_until(&format!(
            "return window.__page !== {before} && document.readyState === 'complete'"
        ))
        .await;
        b.check_page().await;
        let notice = b.text("#camp-filed").await;
        assert!(notice.starts_with("Filed: 0626-"), "{notice}");
    }
    let sitting = b.text("#sitting").await;
    for (name, ..) in petitions {
        assert!(sitting.contains(name), "{name} in {sitting}");
    }
    assert!(b.text("#h-sitting").await.ends_with(": 3"));
    b.shot("camp").await;
    b.goto("/camp/upload").await;
    b.shot("camp-upload").await;
    b.close().await;
}

#[tokio::test]
async fn an_officer_accepts_sets_an_eta_uploads_an_atr_with_a_pdf_and_disposes() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    let files = tempfile::tempdir().unwrap();
    let pdf = pdf_file(files.path());
    b.login("officer.phed.rewari.block").await;
    assert_eq!(b.h1().await, "Inbox");
    assert!(b.text("#cases").await.contains(&regno));
    b.shot("inbox").await;
    b.submit(&format!("#cases a[href='/cases/{regno}']")).await;
    b.shot("case-officer").await;
    b.submit("#do-accept").await;
    assert_eq!(b.text("#status").await, "In progress");
    assert_eq!(b.text("#done").await, "Recorded: Accepted.");
    // The expected date.
    b.click("#a-declare_eta summary").await;
    b.client
        .execute(
            "document.getElementById('declare_eta-eta').value = '2026-11-30'; return true;",
            vec![],
        )
        .await
        .unwrap();
    // After the deadline: the page asks why, beside the field, and keeps the date.
    b.submit("#a-declare_eta button[type=submit]").await;
    assert!(b.text("#err-reason").await.contains("reason"));
    b.fill("#declare_eta-reason", "Pipe to come from the circle store")
        .await;
    b.submit("#a-declare_eta button[type=submit]").await;
    assert!(b.text("dl.facts").await.contains("30/11/2026"));
    // The Action Taken Report with a PDF.
    b.click("#a-submit_atr summary").await;
    b.fill(
        "#submit_atr-text",
        "Valve replaced at the pump house; supply restored.",
    )
    .await;
    b.find("#submit_atr-file")
        .await
        .send_keys(&pdf.display().to_string())
        .await
        .unwrap();
    b.submit("#a-submit_atr button[type=submit]").await;
    assert_eq!(b.text("#status").await, "ATR submitted");
    assert!(
        b.text("#documents-heading + ul")
            .await
            .contains("site-inspection.pdf")
    );
    // Disposal.
    b.click("#a-dispose summary").await;
    b.choose("#dispose-kind", "relief").await;
    b.fill("#dispose-remarks", "Supply restored on 25 November")
        .await;
    b.submit("#a-dispose button[type=submit]").await;
    assert_eq!(b.text("#status").await, "Disposed");
    let timeline = b.text("#timeline").await;
    for step in [
        "Accepted",
        "Expected date declared",
        "Document added",
        "Action Taken Report submitted",
        "Disposed",
    ] {
        assert!(timeline.contains(step), "{step} in {timeline}");
    }
    assert!(timeline.contains("Valve replaced at the pump house"));
    b.shot("case-disposed").await;
    let officer = app.login("officer.phed.rewari.block").await;
    let case = app.case(&officer, &regno).await;
    assert_eq!(case["grievance"]["disposal"], "relief");
    b.close().await;
}

#[tokio::test]
async fn a_citizen_who_is_not_satisfied_reopens_the_case() {
    let app = spawn_app().await;
    let regno = app.disposed_case("9812012345").await;
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    track(&b, &app, &regno, "9812012345").await;
    assert_eq!(b.text("#status").await, "Disposed");
    b.shot("case-feedback").await;
    // The feedback form is open for the citizen.
    b.click("#a-record_verification input[value=not_satisfied]")
        .await;
    b.fill(
        "#record_verification-remarks",
        "Water came for one day only",
    )
    .await;
    b.submit("#a-record_verification button[type=submit]").await;
    assert!(b.text("dl.facts").await.contains("Not satisfied"));
    // Not satisfied: the reopening form is open.
    b.fill("#reopen-reason", "The supply stopped again after one day")
        .await;
    b.submit("#a-reopen button[type=submit]").await;
    assert_eq!(b.text("#status").await, "Assigned");
    let timeline = b.text("#timeline").await;
    assert!(timeline.contains("Reopen") && timeline.contains("The supply stopped again"));
    let officer = app.login("officer.phed.rewari.block").await;
    let case = app.case(&officer, &regno).await;
    assert_eq!(case["grievance"]["reopen_count"], 1);
    assert_eq!(case["grievance"]["status"], "assigned");
    b.close().await;
}

#[tokio::test]
async fn a_supervisor_approves_a_special_closure() {
    let app = spawn_app().await;
    let regno = app.file_default().await;
    let officer = app.login("officer.phed.rewari.block").await;
    app.act_ok(&officer, &regno, json!({"action": "accept"}))
        .await;
    app.act_ok(
        &officer,
        &regno,
        json!({"action": "request_special_close", "reason": "Covered by the sanctioned pipeline project"}),
    )
    .await;
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.login("supervisor.phed.rewari").await;
    assert_eq!(b.h1().await, "Supervision");
    assert!(b.text("#special").await.contains(&regno));
    assert!(b.text("#offices").await.contains("PHED-REWARI-BL-REWARI"));
    b.shot("supervisor").await;
    b.submit(&format!("#special a[href='/cases/{regno}']"))
        .await;
    assert!(
        b.text("dl.facts")
            .await
            .contains("requested, waiting for approval")
    );
    b.submit("#do-approve_special_close").await;
    assert!(b.text("#done").await.contains("Special closure approved"));
    assert!(b.text("dl.facts").await.contains("approved"));
    b.goto("/supervisor").await;
    assert!(b.text("#h-special").await.contains("(0)"));
    let case = app.case(&officer, &regno).await;
    assert_eq!(case["grievance"]["special_close"], "approved");
    b.close().await;
}

#[tokio::test]
async fn an_administrator_adds_a_category_and_a_citizen_files_into_it() {
    let app = spawn_app().await;
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.login("admin").await;
    assert_eq!(b.h1().await, "Administration");
    b.shot("admin").await;
    b.goto("/admin/categories?department=PHED").await;
    b.fill("#f-code", "PHED-WS-TANKER").await;
    b.choose("#f-department_code", "PHED").await;
    b.choose("#f-kind", "demand").await;
    b.fill("#f-name_en", "Water tanker needed").await;
    b.fill("#f-name_hi", "पानी का टैंकर चाहिए").await;
    b.fill("#f-deadline_days", "3").await;
    b.submit("#master-form button[type=submit]").await;
    assert!(b.text("#saved").await.contains("Saved"));
    assert!(b.text("#master-list").await.contains("PHED-WS-TANKER"));
    b.shot("admin-categories").await;
    for page in ["offices", "users", "outbox"] {
        b.goto(&format!("/admin/{page}")).await;
    }
    b.shot("admin-outbox").await;
    b.logout().await;

    b.goto("/file").await;
    b.fill("#f-citizen_name", "Kamla Devi").await;
    b.fill("#f-mobile", "9812012399").await;
    b.fill("#f-cq", "टैंकर").await;
    b.wait_until("return document.querySelectorAll('#f-category option').length === 2")
        .await;
    b.choose("#f-category", "PHED-WS-TANKER").await;
    for (depth, code) in ["06", "06084", "0608401", "060840101", "06084010101"]
        .iter()
        .enumerate()
    {
        b.choose(&format!("#place-{depth}"), code).await;
        b.find(&format!("#place-{}", depth + 1)).await;
    }
    b.fill("#f-subject", "Tanker needed for the summer").await;
    b.fill(
        "#f-description",
        "The village tank is dry; please send a water tanker twice a week.",
    )
    .await;
    b.submit("form.stack > div > button[type=submit]").await;
    assert_eq!(b.h1().await, "Grievance registered");
    assert!(b.text("dl.facts").await.contains("Water tanker needed"));
    let regno = b.text("#regno").await;
    let officer = app.login("officer.phed.rewari.block").await;
    let case = app.case(&officer, &regno).await;
    assert_eq!(case["grievance"]["category"]["code"], "PHED-WS-TANKER");
    assert_eq!(case["grievance"]["kind"], "demand");
    b.close().await;
}

/// The remaining main pages, for the checks and the pictures.
#[tokio::test]
async fn a_tour_of_the_remaining_pages() {
    let app = spawn_app().await;
    let mut f = form();
    f["channel"] = json!("cm_cell");
    let operator = app.login("operator.rewari").await;
    let response = app.file_as(&operator, &f).await;
    assert_eq!(response.status(), 201);
    let Some(b) = Browser::start(&app).await else {
        return;
    };
    b.goto("/login").await;
    b.shot("login").await;
    b.login("operator.rewari").await;
    b.goto("/file").await;
    assert_eq!(b.h1().await, "File a grievance for a citizen");
    b.shot("file-operator").await;
    b.goto("/account/password").await;
    b.goto("/admin").await; // refused, as an error page
    assert_eq!(b.h1().await, "Something is wrong");
    b.logout().await;
    b.login("admin").await;
    for page in [
        "jurisdictions",
        "departments",
        "offices",
        "routing",
        "holidays",
        "tokens",
    ] {
        b.goto(&format!("/admin/{page}")).await;
    }
    b.goto("/admin/users/officer.phed.rewari.block").await;
    b.goto("/inbox").await;
    b.goto("/inbox?priority=top").await;
    assert!(b.text("#cases").await.contains("Top"));
    b.close().await;
}
