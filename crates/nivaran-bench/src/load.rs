//! `nivaran bench load`: drives a running `nivaran serve` over HTTP with a mix of what its users
//! do (file, open the inbox, open a case, act, search, track) from many clients at once, and
//! reports throughput and latency percentiles from HDR histograms, as a table and as JSON.
//!
//! Setup signs in as the administrator (for searching a district), has tokens issued for the
//! demo officers (sign-ins are rate-limited per address, and each is a deliberate argon2 hash)
//! and collects cases from their inboxes (for the case page and the actions), and tokens for the
//! citizen accounts `bench generate` made (for tracking). The tokens are revoked when the run
//! ends. The measured requests are the JSON API's, as the pages' handlers make the same store
//! calls.

use hdrhistogram::Histogram;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// What one simulated user does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scenario {
    /// File a grievance (validation, routing, deadline, events, SMS in the outbox).
    File,
    /// An officer's inbox: 50 open cases, soonest deadline first, overdue only.
    Inbox,
    /// A case with its timeline.
    Case,
    /// An officer's action (declare an ETA on a case in progress).
    Act,
    /// Full-text search for a Hindi or English word in a district.
    Search,
    /// The categories suggested for a citizen's words, as the filing form asks while they type.
    Suggest,
    /// A citizen opening their own case.
    Track,
    /// A district's dashboard for the last 30 days (the whole page: figures, table, trend).
    DashboardDistrict,
    /// A state's dashboard for the last 30 days, by district.
    DashboardState,
    /// A district's dashboard for the last 30 days with its portals side by side (`by=channel`).
    DashboardPortals,
    /// A district's review report as a PDF in Hindi.
    ReportPdf,
    /// A district's review-meeting agenda as the figures stand now (`/reviews/agenda`).
    MeetingAgenda,
}

impl Scenario {
    pub const ALL: [Scenario; 12] = [
        Scenario::File,
        Scenario::Inbox,
        Scenario::Case,
        Scenario::Act,
        Scenario::Search,
        Scenario::Suggest,
        Scenario::Track,
        Scenario::DashboardDistrict,
        Scenario::DashboardState,
        Scenario::DashboardPortals,
        Scenario::ReportPdf,
        Scenario::MeetingAgenda,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Scenario::File => "file",
            Scenario::Inbox => "inbox",
            Scenario::Case => "case",
            Scenario::Act => "act",
            Scenario::Search => "search",
            Scenario::Suggest => "suggest",
            Scenario::Track => "track",
            Scenario::DashboardDistrict => "dashboard_district",
            Scenario::DashboardState => "dashboard_state",
            Scenario::DashboardPortals => "dashboard_portals",
            Scenario::ReportPdf => "report_pdf",
            Scenario::MeetingAgenda => "meeting_agenda",
        }
    }

    pub fn parse(name: &str) -> Option<Scenario> {
        Scenario::ALL.into_iter().find(|s| s.name() == name.trim())
    }
}

/// `file:40,inbox:20,…` → weights.
pub fn parse_mix(text: &str) -> Result<Vec<(Scenario, u32)>, String> {
    let mut mix = Vec::new();
    for part in text.split(',').filter(|p| !p.trim().is_empty()) {
        let (name, weight) = part.split_once(':').unwrap_or((part, "1"));
        let scenario = Scenario::parse(name).ok_or_else(|| {
            let names: Vec<&str> = Scenario::ALL.iter().map(|s| s.name()).collect();
            format!("unknown scenario '{name}': use {}", names.join(", "))
        })?;
        let weight: u32 = weight
            .trim()
            .parse()
            .map_err(|_| format!("the weight of {name} must be a whole number"))?;
        if weight > 0 {
            mix.push((scenario, weight));
        }
    }
    if mix.is_empty() {
        return Err("the mix is empty".into());
    }
    Ok(mix)
}

#[derive(Debug, Clone)]
pub struct LoadOptions {
    pub url: String,
    pub concurrency: usize,
    pub duration: Duration,
    pub warmup: Duration,
    pub mix: Vec<(Scenario, u32)>,
    pub password: String,
    /// The server's process id, to sample its resident memory.
    pub server_pid: Option<u32>,
    pub seed: u64,
}

/// Latency and throughput of one scenario.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ScenarioResult {
    pub scenario: String,
    pub requests: u64,
    pub errors: u64,
    /// Act requests answered 409 because another client changed the case first.
    pub conflicts: u64,
    pub per_second: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct LoadReport {
    pub url: String,
    pub concurrency: usize,
    pub seconds: f64,
    pub results: Vec<ScenarioResult>,
    pub total_per_second: f64,
    /// Peak resident memory of the server during the run, when its pid was given.
    pub server_peak_rss_mb: Option<f64>,
    /// The first few errors, for finding out why.
    pub error_samples: Vec<String>,
}

/// What the simulated users work with, gathered before the run.
struct Fixtures {
    /// (officer token, regnos of their cases in progress).
    officers: Vec<(String, Vec<String>)>,
    /// (officer token, regno) pairs for opening cases.
    cases: Vec<(String, String)>,
    /// (citizen token, regno).
    citizens: Vec<(String, String)>,
    admin: String,
    districts: Vec<String>,
    /// (category code, jurisdiction code) pairs that route.
    places: Vec<(String, String)>,
}

/// Officers the load acts as, at most.
const MOST_OFFICERS: usize = 48;
/// Citizens the load tracks cases as, at most.
const MOST_CITIZENS: usize = 96;

/// What citizens type while the filing form suggests categories: Hindi, Hinglish, English.
const TYPED: &[&str] = &[
    "गांव में दस दिन से पानी नहीं आ रहा",
    "bijli ka bill bahut jyada aaya hai",
    "street light not working near my house",
    "ट्रांसफार्मर जल गया है",
    "ration depot wala ration nahi de raha",
    "पेंशन तीन महीने से नहीं मिली",
    "road par bade gaddhe hain",
    "the teacher does not come to school",
    "नाली जाम है गंदा पानी सड़क पर",
    "FIR darj nahi ki ja rahi",
];

const WORDS: &[&str] = &[
    "पानी",
    "समस्या",
    "बिजली",
    "सड़क",
    "राशन",
    "पेंशन",
    "शिकायत",
    "water",
    "supply",
    "road",
    "pension",
    "problem",
    "ration",
    "electricity",
];

async fn json_of(response: reqwest::Response) -> Result<Value, String> {
    let status = response.status();
    let body: Value = response.json().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("{status}: {body}"));
    }
    Ok(body)
}

async fn login(
    client: &reqwest::Client,
    api: &str,
    username: &str,
    password: &str,
) -> Result<String, String> {
    let body = json_of(
        client
            .post(format!("{api}/auth/login"))
            .json(&json!({"username": username, "password": password}))
            .send()
            .await
            .map_err(|e| e.to_string())?,
    )
    .await?;
    Ok(body["token"].as_str().unwrap_or_default().to_string())
}

/// A token the administrator issues for `username`, labelled so the run can revoke it.
async fn issued_token(
    client: &reqwest::Client,
    api: &str,
    admin: &str,
    username: &str,
    label: &str,
) -> Result<String, String> {
    let body = json_of(
        client
            .post(format!("{api}/admin/tokens"))
            .bearer_auth(admin)
            .json(&json!({"username": username, "label": label}))
            .send()
            .await
            .map_err(|e| e.to_string())?,
    )
    .await?;
    Ok(body["token"].as_str().unwrap_or_default().to_string())
}

/// Revokes every token the run had issued (labelled `label`).
async fn revoke_issued(
    client: &reqwest::Client,
    api: &str,
    admin: &str,
    label: &str,
) -> Result<(), String> {
    let tokens = json_of(
        client
            .get(format!("{api}/admin/tokens"))
            .bearer_auth(admin)
            .send()
            .await
            .map_err(|e| e.to_string())?,
    )
    .await?;
    let ids: Vec<i64> = tokens["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["label"] == label && t["revoked"] == false)
        .filter_map(|t| t["id"].as_i64())
        .collect();
    for id in ids {
        client
            .delete(format!("{api}/admin/tokens/{id}"))
            .bearer_auth(admin)
            .send()
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn fixtures(
    client: &reqwest::Client,
    options: &LoadOptions,
    label: &str,
) -> Result<Fixtures, String> {
    let api = format!("{}/api/v1", options.url.trim_end_matches('/'));
    let admin = login(client, &api, "admin", &options.password).await?;
    let users = json_of(
        client
            .get(format!("{api}/admin/users"))
            .bearer_auth(&admin)
            .send()
            .await
            .map_err(|e| e.to_string())?,
    )
    .await?;
    let active_with_role = |role: &str| -> Vec<String> {
        users["items"]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter(|u| u["role"] == role && u["active"] == true)
                    .filter_map(|u| u["username"].as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut officers = Vec::new();
    let mut cases = Vec::new();
    for group in active_with_role("officer").chunks(8) {
        if officers.len() >= MOST_OFFICERS {
            break;
        }
        let issued = futures_util::future::join_all(
            group
                .iter()
                .map(|name| issued_token(client, &api, &admin, name, label)),
        )
        .await;
        for token in issued.into_iter().flatten() {
            let open = json_of(
                client
                    .get(format!("{api}/grievances?status=open&per_page=100"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?,
            )
            .await?;
            let items = open["items"].as_array().cloned().unwrap_or_default();
            if items.is_empty() {
                continue;
            }
            // The officer's own office: of the cases listed, those it holds are its to work (a
            // joint department's part of another office's case is listed too).
            let me = json_of(
                client
                    .get(format!("{api}/me"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?,
            )
            .await?;
            let office = me["office"]["code"]
                .as_str()
                .or(me["office"].as_str())
                .map(str::to_string);
            let mut working = Vec::new();
            for g in &items {
                let regno = g["registration_number"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                // Cases the officer's office holds and works on (not those forwarded to it).
                if matches!(
                    g["status"].as_str(),
                    Some("in_progress" | "awaiting_clarification")
                ) && g["holding_office"]["code"].as_str() == office.as_deref()
                {
                    working.push(regno.clone());
                }
                cases.push((token.clone(), regno));
            }
            officers.push((token, working));
        }
    }
    if cases.is_empty() {
        return Err(
            "no officer has open cases: generate a dataset first (nivaran bench generate)".into(),
        );
    }
    // The citizens who proved their numbers (made by `bench generate`), each with a case.
    let mut citizens = Vec::new();
    for group in active_with_role("citizen")
        .chunks(8)
        .take(MOST_CITIZENS / 8)
    {
        let found = futures_util::future::join_all(group.iter().map(|name| async {
            let token = issued_token(client, &api, &admin, name, label).await?;
            let mine = json_of(
                client
                    .get(format!("{api}/grievances?per_page=1"))
                    .bearer_auth(&token)
                    .send()
                    .await
                    .map_err(|e| e.to_string())?,
            )
            .await?;
            Ok::<_, String>(
                mine["items"][0]["registration_number"]
                    .as_str()
                    .map(|regno| (token, regno.to_string())),
            )
        }))
        .await;
        citizens.extend(found.into_iter().flatten().flatten());
    }
    let mut districts = Vec::new();
    for state in ["06", "08"] {
        if let Ok(list) = json_of(
            client
                .get(format!("{api}/jurisdictions?parent={state}"))
                .send()
                .await
                .map_err(|e| e.to_string())?,
        )
        .await
        {
            districts.extend(
                list["items"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|j| j["code"].as_str().map(str::to_string)),
            );
        }
    }
    let categories: Vec<String> = json_of(
        client
            .get(format!("{api}/categories"))
            .send()
            .await
            .map_err(|e| e.to_string())?,
    )
    .await?["items"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["code"].as_str().map(str::to_string))
        .collect();
    let places = districts
        .iter()
        .flat_map(|d| {
            categories
                .iter()
                .take(40)
                .map(move |c| (c.clone(), d.clone()))
        })
        .collect();
    Ok(Fixtures {
        officers,
        cases,
        citizens,
        admin,
        districts,
        places,
    })
}

/// How a request that did not fail ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Served {
    Done,
    /// 409: another client changed the same case first. That is the server
    /// doing its job (two officers acting on one case), so it is counted apart
    /// from errors.
    Conflict,
}

/// One request of `scenario`; the error text when it did not succeed.
async fn request(
    client: &reqwest::Client,
    api: &str,
    f: &Fixtures,
    scenario: Scenario,
    rng: &mut StdRng,
) -> Result<Served, String> {
    let response = match scenario {
        Scenario::File => {
            let (category, place) = &f.places[rng.gen_range(0..f.places.len())];
            let hindi = rng.gen_bool(0.7);
            client
                .post(format!("{api}/grievances"))
                .json(&json!({
                    "citizen_name": if hindi { "सुनीता देवी" } else { "Sunita Devi" },
                    "mobile": format!("7{:09}", rng.gen_range(0..1_000_000_000u64)),
                    "jurisdiction": place,
                    "category": category,
                    "subject": if hindi { "गांव में पेयजल आपूर्ति बंद है" } else { "No drinking water in the village" },
                    "description": if hindi {
                        "पिछले दस दिनों से गांव में नलों में पानी नहीं आ रहा है, कृपया शीघ्र समाधान करें।"
                    } else {
                        "For ten days the taps in the village have been dry; please have it repaired soon."
                    },
                    "language": if hindi { "hi" } else { "en" },
                }))
                .send()
                .await
        }
        Scenario::Inbox => {
            let (token, _) = &f.officers[rng.gen_range(0..f.officers.len())];
            client
                .get(format!(
                    "{api}/grievances?status=open&sort=due&overdue=true&per_page=50"
                ))
                .bearer_auth(token)
                .send()
                .await
        }
        Scenario::Case => {
            let (token, regno) = &f.cases[rng.gen_range(0..f.cases.len())];
            client
                .get(format!("{api}/grievances/{regno}"))
                .bearer_auth(token)
                .send()
                .await
        }
        Scenario::Act => {
            let (token, working) = &f.officers[rng.gen_range(0..f.officers.len())];
            if working.is_empty() {
                return Ok(Served::Done);
            }
            let regno = &working[rng.gen_range(0..working.len())];
            // Each declaration a date of its own (declaring the same date again is refused),
            // and with a reason: a changed date, or one past the deadline, needs one.
            static NEXT_DAY: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(0);
            let day = NEXT_DAY.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % 3650;
            let eta = (time::OffsetDateTime::now_utc() + time::Duration::days(7 + day))
                .date()
                .to_string();
            client
                .post(format!("{api}/grievances/{regno}/actions"))
                .bearer_auth(token)
                .json(&json!({"action": "declare_eta", "eta": eta,
                              "reason": "Work order placed with the contractor"}))
                .send()
                .await
        }
        Scenario::Search => {
            let word = WORDS[rng.gen_range(0..WORDS.len())];
            let district = &f.districts[rng.gen_range(0..f.districts.len())];
            client
                .get(format!("{api}/grievances"))
                .query(&[
                    ("q", word),
                    ("district", district.as_str()),
                    ("per_page", "20"),
                ])
                .bearer_auth(&f.admin)
                .send()
                .await
        }
        Scenario::Suggest => {
            let typed = TYPED[rng.gen_range(0..TYPED.len())];
            client
                .get(format!("{api}/categories/suggest"))
                .query(&[("text", typed)])
                .send()
                .await
        }
        Scenario::DashboardDistrict
        | Scenario::DashboardState
        | Scenario::DashboardPortals
        | Scenario::MeetingAgenda
        | Scenario::ReportPdf => {
            // The pages are the web application's: the admin's token opens them as a cookie would.
            let district = &f.districts[rng.gen_range(0..f.districts.len())];
            let base = api.trim_end_matches("/api/v1");
            let url = match scenario {
                Scenario::DashboardDistrict => format!("{base}/dashboard?scope=area:{district}"),
                Scenario::DashboardPortals => {
                    format!("{base}/dashboard?scope=area:{district}&by=channel")
                }
                Scenario::MeetingAgenda => format!("{base}/reviews/agenda?scope=area:{district}"),
                Scenario::DashboardState => {
                    format!(
                        "{base}/dashboard?scope=area:{}",
                        &district[..2.min(district.len())]
                    )
                }
                _ => format!("{base}/reports/review.pdf?scope=area:{district}&lang=hi"),
            };
            client.get(url).bearer_auth(&f.admin).send().await
        }
        Scenario::Track => {
            if f.citizens.is_empty() {
                return Ok(Served::Done);
            }
            let (token, regno) = &f.citizens[rng.gen_range(0..f.citizens.len())];
            client
                .get(format!("{api}/grievances/{regno}"))
                .bearer_auth(token)
                .send()
                .await
        }
    };
    let response = response.map_err(|e| e.to_string())?;
    let status = response.status();
    // Read the whole body: a client pays for it, and so does the measurement.
    let body = response.bytes().await.map_err(|e| e.to_string())?;
    if status.is_success() {
        Ok(Served::Done)
    } else if status == reqwest::StatusCode::CONFLICT && scenario == Scenario::Act {
        Ok(Served::Conflict)
    } else {
        Err(format!(
            "{} {status}: {}",
            scenario.name(),
            String::from_utf8_lossy(&body[..body.len().min(200)])
        ))
    }
}

fn rss_mb(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// Runs the load and reports it.
pub async fn run(options: &LoadOptions) -> Result<LoadReport, String> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(options.concurrency * 2)
        .timeout(Duration::from_secs(60))
        .build()
        .map_err(|e| e.to_string())?;
    let label = format!(
        "bench load {}",
        time::OffsetDateTime::now_utc().unix_timestamp_nanos()
    );
    let fixtures = std::sync::Arc::new(fixtures(&client, options, &label).await?);
    let api = format!("{}/api/v1", options.url.trim_end_matches('/'));
    let total_weight: u32 = options.mix.iter().map(|(_, w)| *w).sum();
    let start = Instant::now();
    let measure_from = start + options.warmup;
    let end = measure_from + options.duration;
    let peak = std::sync::Arc::new(std::sync::Mutex::new(0.0f64));
    let sampler = options.server_pid.map(|pid| {
        let peak = peak.clone();
        tokio::spawn(async move {
            loop {
                if let Some(mb) = rss_mb(pid) {
                    let mut p = peak.lock().expect("peak lock");
                    *p = p.max(mb);
                }
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        })
    });
    let mut workers = Vec::new();
    for worker in 0..options.concurrency {
        let client = client.clone();
        let fixtures = fixtures.clone();
        let api = api.clone();
        let mix = options.mix.clone();
        let seed = options.seed;
        workers.push(tokio::spawn(async move {
            let mut rng =
                StdRng::seed_from_u64(seed ^ (worker as u64 + 1).wrapping_mul(0x51_7CC1_B727_220A));
            let mut histograms: BTreeMap<Scenario, (Histogram<u64>, u64, u64)> = BTreeMap::new();
            let mut errors_seen = Vec::new();
            while Instant::now() < end {
                let mut pick = rng.gen_range(0..total_weight);
                let mut scenario = mix[0].0;
                for (s, w) in &mix {
                    if pick < *w {
                        scenario = *s;
                        break;
                    }
                    pick -= w;
                }
                let began = Instant::now();
                let outcome = request(&client, &api, &fixtures, scenario, &mut rng).await;
                let micros = began.elapsed().as_micros() as u64;
                if began < measure_from {
                    continue;
                }
                let entry = histograms.entry(scenario).or_insert_with(|| {
                    (
                        Histogram::<u64>::new_with_bounds(1, 120_000_000, 3)
                            .expect("histogram bounds"),
                        0,
                        0,
                    )
                });
                let _ = entry.0.record(micros.max(1));
                match outcome {
                    Ok(Served::Done) => {}
                    Ok(Served::Conflict) => entry.2 += 1,
                    Err(e) => {
                        entry.1 += 1;
                        if errors_seen.len() < 3 {
                            errors_seen.push(e);
                        }
                    }
                }
            }
            (histograms, errors_seen)
        }));
    }
    let mut merged: BTreeMap<Scenario, (Histogram<u64>, u64, u64)> = BTreeMap::new();
    let mut error_samples = Vec::new();
    for worker in workers {
        let (histograms, errors) = worker.await.map_err(|e| e.to_string())?;
        for (scenario, (h, e, c)) in histograms {
            let entry = merged.entry(scenario).or_insert_with(|| {
                (
                    Histogram::<u64>::new_with_bounds(1, 120_000_000, 3).expect("histogram bounds"),
                    0,
                    0,
                )
            });
            let _ = entry.0.add(&h);
            entry.1 += e;
            entry.2 += c;
        }
        for e in errors {
            if error_samples.len() < 10 {
                error_samples.push(e);
            }
        }
    }
    if let Some(sampler) = sampler {
        sampler.abort();
    }
    revoke_issued(&client, &api, &fixtures.admin, &label).await?;
    let seconds = options.duration.as_secs_f64();
    let ms = |h: &Histogram<u64>, q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    let results: Vec<ScenarioResult> = merged
        .iter()
        .map(|(scenario, (h, errors, conflicts))| ScenarioResult {
            scenario: scenario.name().to_string(),
            requests: h.len(),
            errors: *errors,
            conflicts: *conflicts,
            per_second: h.len() as f64 / seconds,
            p50_ms: ms(h, 0.5),
            p90_ms: ms(h, 0.9),
            p99_ms: ms(h, 0.99),
            max_ms: h.max() as f64 / 1000.0,
        })
        .collect();
    let peak_rss = *peak.lock().expect("peak lock");
    Ok(LoadReport {
        url: options.url.clone(),
        concurrency: options.concurrency,
        seconds,
        total_per_second: results.iter().map(|r| r.per_second).sum(),
        results,
        server_peak_rss_mb: options.server_pid.map(|_| peak_rss),
        error_samples,
    })
}

/// The report as a table.
pub fn table(report: &LoadReport) -> String {
    let mut out = format!(
        "{:<8} {:>9} {:>7} {:>9} {:>9} {:>9} {:>9} {:>9} {:>9}\n",
        "scenario", "requests", "errors", "409s", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"
    );
    for r in &report.results {
        out.push_str(&format!(
            "{:<8} {:>9} {:>7} {:>9} {:>9.1} {:>9.2} {:>9.2} {:>9.2} {:>9.2}\n",
            r.scenario,
            r.requests,
            r.errors,
            r.conflicts,
            r.per_second,
            r.p50_ms,
            r.p90_ms,
            r.p99_ms,
            r.max_ms
        ));
    }
    out.push_str(&format!(
        "total {:.1} req/s from {} clients over {:.0} s",
        report.total_per_second, report.concurrency, report.seconds
    ));
    if let Some(rss) = report.server_peak_rss_mb {
        out.push_str(&format!("; server peak RSS {rss:.0} MB"));
    }
    out.push('\n');
    for e in &report.error_samples {
        out.push_str(&format!("error: {e}\n"));
    }
    out
}
