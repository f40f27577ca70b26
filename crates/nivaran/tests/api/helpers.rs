//! `spawn_app`: a real server on a random port over a fresh database of the engine under test,
//! loaded with the demo dataset, with a clock the test controls.
//!
//! The engine comes from `NIVARAN_TEST_DATABASE_URL`: unset or `sqlite` for SQLite; a
//! `postgres://` URL (an account that may create databases) for PostgreSQL. Each test gets its
//! own database, copied from a template that is migrated and loaded once.

use nivaran::http::{AppState, HttpConfig};
use nivaran::store::Store;
use nivaran_domain::{ManualClock, Timestamp};
use serde_json::{Value, json};
use std::path::PathBuf;
use std::sync::Arc;
use time::macros::datetime;
use tokio::sync::OnceCell;

pub const PASSWORD: &str = "nivaran-demo-2026";

/// Monday 23 November 2026, 10:00 in India. Tuesday 24th is Guru Nanak Jayanti.
pub const START: Timestamp = Timestamp(1_795_408_200_000);

pub fn start_matches_its_comment() {
    assert_eq!(
        START,
        Timestamp::from_datetime(datetime!(2026-11-23 10:00 +05:30))
    );
}

pub struct TestApp {
    pub address: String,
    pub database_url: String,
    pub store: Arc<Store>,
    pub clock: Arc<ManualClock>,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
    /// Dropped last: the test's PostgreSQL database goes with the test.
    _database: TestDatabase,
}

/// A test's own database: on PostgreSQL, dropped when the test ends, so a run of the suite
/// leaves none behind (the template they are copied from goes when the process exits).
pub struct TestDatabase {
    pub url: String,
    postgres_name: Option<String>,
}

impl std::ops::Deref for TestDatabase {
    type Target = str;
    fn deref(&self) -> &str {
        &self.url
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let (Some(name), Some(admin)) = (self.postgres_name.take(), postgres_admin_url()) {
            drop_postgres_database(admin, name);
        }
    }
}

/// Drops a PostgreSQL database (its connections closed by force) from a thread of its own: a
/// test's runtime may be ending, or gone, when this runs.
fn drop_postgres_database(admin: String, name: String) {
    let dropped = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            sqlx::any::install_default_drivers();
            if let Ok(mut conn) = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await {
                let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                )))
                .execute(&mut conn)
                .await;
            }
        })
    });
    let _ = dropped.join();
}

/// At exit: the template (a PostgreSQL database or a SQLite file's directory) goes too.
extern "C" fn remove_template() {
    if let Some(template) = TEMPLATE.get() {
        match postgres_admin_url() {
            Some(admin) => drop_postgres_database(admin, template.clone()),
            None => {
                if let Some(dir) = std::path::Path::new(template).parent() {
                    let _ = std::fs::remove_dir_all(dir);
                }
            }
        }
    }
}

pub fn postgres_admin_url() -> Option<String> {
    std::env::var("NIVARAN_TEST_DATABASE_URL")
        .ok()
        .filter(|u| u.starts_with("postgres"))
}

fn demo_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/demo")
}

/// The template: a SQLite file, or a PostgreSQL database name.
static TEMPLATE: OnceCell<String> = OnceCell::const_new();

pub async fn build_template_into(url: &str, files: &std::path::Path) {
    let store = Store::open(url, Arc::new(ManualClock::new(START)), files)
        .await
        .expect("open template");
    store
        .import_master_data(&demo_dir())
        .await
        .expect("import demo data");
    store
        .set_missing_passwords(PASSWORD)
        .await
        .expect("demo passwords");
    if store.engine() == nivaran::store::Engine::Sqlite {
        sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(store.pool())
            .await
            .unwrap();
    }
    store.pool().close().await;
}

fn with_database(admin_url: &str, database: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (admin_url, String::new()),
    };
    let base = match base.rsplit_once('/') {
        Some((host, _db)) if host.contains("//") && host.len() > "postgres://".len() => {
            host.to_string()
        }
        _ => base.trim_end_matches('/').to_string(),
    };
    format!("{base}/{database}{query}")
}

async fn template() -> String {
    TEMPLATE
        .get_or_init(|| async {
            // SAFETY: registers a plain function, run once when the process exits.
            unsafe {
                libc::atexit(remove_template);
            }
            match postgres_admin_url() {
                None => {
                    let dir = tempfile::Builder::new().prefix("nivaran-tpl").tempdir().unwrap().keep();
                    let path = dir.join("template.db");
                    build_template_into(&format!("sqlite://{}?mode=rwc", path.display()), &dir.join("files")).await;
                    path.display().to_string()
                }
                Some(admin) => {
                    sqlx::any::install_default_drivers();
                    let name = format!("nivaran_tpl_{}", std::process::id());
                    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin).await.expect("connect to PostgreSQL");
                    // Databases left by earlier runs of this suite.
                    let stale: Vec<String> = sqlx::query_scalar(
                        "SELECT datname::text FROM pg_database WHERE datname LIKE 'nivaran_t%' AND datname NOT LIKE $1",
                    )
                    .bind(format!("%_{}%", std::process::id()))
                    .fetch_all(&mut conn)
                    .await
                    .unwrap();
                    for db in stale {
                        let _ = sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)")))
                            .execute(&mut conn)
                            .await;
                    }
                    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\""))).execute(&mut conn).await.unwrap();
                    let dir = tempfile::tempdir().unwrap();
                    build_template_into(&with_database(&admin, &name), dir.path()).await;
                    name
                }
            }
        })
        .await
        .clone()
}

/// A fresh database for one test, copied from the template (a SQLite file in `dir`, or a
/// PostgreSQL database dropped with the returned guard).
pub async fn fresh_database(dir: &std::path::Path) -> TestDatabase {
    // Every test that makes a database may make HTTP clients too.
    nivaran::install_tls_provider();
    let template = template().await;
    match postgres_admin_url() {
        None => {
            let path = dir.join("nivaran.db");
            std::fs::copy(&template, &path).unwrap();
            TestDatabase {
                url: format!("sqlite://{}?mode=rwc", path.display()),
                postgres_name: None,
            }
        }
        Some(admin) => {
            let name = format!(
                "nivaran_t_{}_{}",
                std::process::id(),
                dir.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .to_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "")
            );
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                .await
                .unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
            )))
            .execute(&mut conn)
            .await
            .unwrap();
            TestDatabase {
                url: with_database(&admin, &name),
                postgres_name: Some(name),
            }
        }
    }
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(nivaran::config::ServerLimits::default()).await
}

/// A test server with the given connection limits and timeouts.
pub async fn spawn_app_with(limits: nivaran::config::ServerLimits) -> TestApp {
    nivaran::install_tls_provider();
    let dir = tempfile::Builder::new()
        .prefix("nivaran")
        .tempdir()
        .unwrap();
    let database = fresh_database(dir.path()).await;
    let url = database.url.clone();
    let clock = Arc::new(ManualClock::new(START));
    let store = Arc::new(
        Store::open(&url, clock.clone(), &dir.path().join("files"))
            .await
            .expect("open store"),
    );
    let address = start_server(store.clone(), limits).await;
    TestApp {
        address,
        database_url: url,
        store,
        clock,
        client: reqwest::Client::new(),
        _dir: dir,
        _database: database,
    }
}

/// Serves `store` on a new port of 127.0.0.1 as the tests' servers are set up; its address.
pub async fn start_server(store: Arc<Store>, limits: nivaran::config::ServerLimits) -> String {
    let config = test_http_config(&limits);
    start_server_with(store, limits, config).await
}

/// The HTTP settings of the tests' servers.
pub fn test_http_config(limits: &nivaran::config::ServerLimits) -> HttpConfig {
    HttpConfig {
        session_minutes: 60,
        secure_cookies: false,
        sms_callback_token: Some("dlr-secret".into()),
        // The tests stand behind a proxy on 127.0.0.1 that forwards what they say.
        trusted_proxies: vec!["127.0.0.1/32".parse().unwrap()],
        request_body_timeout: limits.request_body_timeout,
        ..Default::default()
    }
}

/// [`start_server`] with the given HTTP settings.
pub async fn start_server_with(
    store: Arc<Store>,
    limits: nivaran::config::ServerLimits,
    config: HttpConfig,
) -> String {
    // The tests' webhook receivers listen on 127.0.0.1, which a deployment would refuse.
    store.set_egress(nivaran::notify::EgressPolicy::allowing(&["127.0.0.0/8"]));
    let state = Arc::new(AppState::new(store, config).await.expect("app state"));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        nivaran::server::serve_on(
            listener,
            nivaran::app::router(state),
            &limits,
            std::future::pending(),
        )
        .await
    });
    address
}

/// Signs `username` in through the API of the server at `address` (any node); its token.
pub async fn login_at(client: &reqwest::Client, address: &str, username: &str) -> String {
    let response = client
        .post(format!("{address}/api/v1/auth/login"))
        .json(&json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "login {username}");
    let body: Value = response.json().await.unwrap();
    body["token"].as_str().unwrap().to_string()
}

/// A TCP port of 127.0.0.1 free at the moment, for a server a test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A valid grievance form; tests change what they need.
pub fn form() -> Value {
    json!({
        "citizen_name": "रामेश्वर दयाल",
        "mobile": "9812012345",
        "jurisdiction": "06084010101",
        "category": "PHED-WS-NOSUP",
        "subject": "गोकलगढ़ में पेयजल आपूर्ति बंद",
        "description": "पिछले दस दिनों से गांव में नलों में पानी नहीं आ रहा है, शिकायत पर कोई सुनवाई नहीं।",
    })
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{}", self.address, path)
    }

    pub async fn login(&self, username: &str) -> String {
        login_at(&self.client, &self.address, username).await
    }

    /// A token that does not expire (an integration's), for tests that move the clock by days.
    pub async fn api_token(&self, username: &str) -> String {
        let user = self.store.user_by_username(username).await.unwrap();
        self.store
            .issue_token(user.id, "api", "test", None)
            .await
            .unwrap()
            .0
    }

    /// Files `form` without signing in and returns the response body.
    pub async fn file(&self, form: &Value) -> Value {
        let response = self
            .client
            .post(self.url("/grievances"))
            .json(form)
            .send()
            .await
            .unwrap();
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(status, 201, "{body}");
        body
    }

    pub async fn file_as(&self, token: &str, form: &Value) -> reqwest::Response {
        self.client
            .post(self.url("/grievances"))
            .bearer_auth(token)
            .json(form)
            .send()
            .await
            .unwrap()
    }

    /// Files the default form from `mobile` and takes it to disposal through the API, as the
    /// block's PHED officer would; returns its registration number.
    pub async fn disposed_case(&self, mobile: &str) -> String {
        let mut f = form();
        f["mobile"] = json!(mobile);
        let regno = self.file(&f).await["registration_number"]
            .as_str()
            .unwrap()
            .to_string();
        let officer = self.login("officer.phed.rewari.block").await;
        self.act_ok(&officer, &regno, json!({"action": "accept"}))
            .await;
        self.act_ok(
            &officer,
            &regno,
            json!({"action": "submit_atr", "text": "Valve replaced, supply restored"}),
        )
        .await;
        self.act_ok(
            &officer,
            &regno,
            json!({"action": "dispose", "kind": "relief", "remarks": "Supply restored on 25 November"}),
        )
        .await;
        regno
    }

    /// Files the default form and returns its registration number.
    pub async fn file_default(&self) -> String {
        self.file(&form()).await["registration_number"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn act(&self, token: &str, regno: &str, body: Value) -> reqwest::Response {
        self.client
            .post(self.url(&format!("/grievances/{regno}/actions")))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Acts and insists on success; returns the case.
    pub async fn act_ok(&self, token: &str, regno: &str, body: Value) -> Value {
        let response = self.act(token, regno, body.clone()).await;
        let status = response.status();
        let json: Value = response.json().await.unwrap();
        assert_eq!(status, 200, "{body} → {json}");
        json["grievance"].clone()
    }

    /// Signs a citizen up with `mobile`, proving it with the one-time password sent to it, and
    /// signs them in.
    pub async fn signup_citizen(&self, mobile: &str) -> String {
        let code = self.otp_for(mobile).await;
        let response = self
            .client
            .post(self.url("/auth/signup"))
            .json(&json!({"full_name": "Rameshwar Dayal", "mobile": mobile, "password": PASSWORD, "code": code}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        self.login(mobile).await
    }

    /// Asks for a one-time password for `mobile` and reads it back from the outbox.
    pub async fn otp_for(&self, mobile: &str) -> String {
        let response = self
            .client
            .post(self.url("/otp/request"))
            .json(&json!({"mobile": mobile, "language": "en"}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 202);
        crate::otp::sent_code(self, mobile).await
    }

    pub async fn get(&self, token: &str, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn case(&self, token: &str, regno: &str) -> Value {
        let response = self.get(token, &format!("/grievances/{regno}")).await;
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    /// The registration numbers on the first page of `token`'s list with `query`.
    pub async fn listed(&self, token: &str, query: &str) -> Vec<String> {
        let response = self.get(token, &format!("/grievances?{query}")).await;
        assert_eq!(response.status(), 200, "{query}");
        let page: Value = response.json().await.unwrap();
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["registration_number"].as_str().unwrap().to_string())
            .collect()
    }
}

/// The error body's parts.
pub async fn error_of(response: reqwest::Response) -> (u16, String, Option<String>, String) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    let error = &body["error"];
    (
        status,
        error["code"].as_str().unwrap_or_default().to_string(),
        error["field"].as_str().map(str::to_string),
        error["message"].as_str().unwrap_or_default().to_string(),
    )
}

/// A minimal valid PDF.
pub fn pdf_bytes() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n".to_vec()
}

/// A child process that is killed and reaped when the test ends, however it ends.
pub struct ChildGuard(pub std::process::Child);

impl Drop for ChildGuard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A generated year of cases and their histories, as `nivaran-bench generate` writes them.
pub async fn generate_history(app: &TestApp, count: u64, seed: u64) {
    nivaran_bench::generate::generate(
        &app.store,
        &nivaran_bench::generate::GenerateOptions {
            count,
            seed,
            batch: 500,
            profile: nivaran_bench::generate::Profile::Year,
            until: None,
        },
        |_| {},
    )
    .await
    .unwrap();
}
