//! `nivaran-bench delivery`: how fast the outbox empties into an SMS gateway, and how long a
//! citizen's one-time password waits behind a queue of bulk messages (seed 003: 567 s behind
//! 7,200 petitions). Runs the worker's own delivery loop against a fake gateway on 127.0.0.1
//! that answers after a set latency; the bulk is what the deadline sweep queues for the
//! dataset's overdue cases (`generate --profile sweep`).

use axum::extract::State;
use axum::routing::post;
use nivaran::notify::{GatewayConfig, build_email_gateway, build_gateway};
use nivaran::store::Store;
use nivaran::worker::{Gateways, run_delivery, webhook_client};
use nivaran_domain::text::Mobile;
use nivaran_domain::types::Language;
use serde::Serialize;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct DeliveryOptions {
    /// How long the fake gateway takes to answer each message.
    pub latency: Duration,
    /// The gateway's `rate_per_second` and `parallel`.
    pub rate_per_second: u32,
    pub parallel: u32,
    /// When the one-time password is asked for, after delivery starts.
    pub otp_after: Duration,
}

#[derive(Debug, Clone, Serialize)]
pub struct DeliveryBench {
    pub queued_before: i64,
    pub delivered: usize,
    pub seconds: f64,
    pub messages_per_second: f64,
    pub most_in_flight: usize,
    /// From the moment the password was asked for to its arrival at the gateway.
    pub otp_wait_ms: f64,
    /// Bulk messages still waiting when the password arrived.
    pub queued_when_otp_arrived: i64,
    pub latency_ms: u64,
    pub rate_per_second: u32,
    pub parallel: u32,
}

#[derive(Default)]
struct Gateway {
    in_flight: usize,
    most_in_flight: usize,
    arrivals: Vec<Instant>,
    otp_at: Option<Instant>,
}

async fn pending_sms(store: &Store) -> Result<i64, String> {
    sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE channel = 'sms' AND status = 'pending'")
        .fetch_one(store.pool())
        .await
        .map_err(|e| e.to_string())
}

/// Queues the bulk (a deadline sweep), then delivers it all, asking for a password meanwhile.
pub async fn run(store: Arc<Store>, options: &DeliveryOptions) -> Result<DeliveryBench, String> {
    store
        .run_deadline_sweep(&nivaran::store::DeadlinePolicy::default())
        .await
        .map_err(|e| e.to_string())?;
    let queued_before = pending_sms(&store).await?;
    if queued_before == 0 {
        return Err("nothing to deliver: generate a dataset with `--profile sweep` first".into());
    }

    let fake = Arc::new(Mutex::new(Gateway::default()));
    let latency = options.latency;
    let handler = move |State(fake): State<Arc<Mutex<Gateway>>>, body: String| async move {
        {
            let mut g = fake.lock().unwrap_or_else(|e| e.into_inner());
            g.in_flight += 1;
            g.most_in_flight = g.most_in_flight.max(g.in_flight);
        }
        tokio::time::sleep(latency).await;
        let mut g = fake.lock().unwrap_or_else(|e| e.into_inner());
        g.in_flight -= 1;
        let now = Instant::now();
        g.arrivals.push(now);
        // The password's text (form-encoded): "… is your Nivaran one-time password …".
        if body.contains("one-time+password") || body.contains("one-time%20password") {
            g.otp_at = Some(now);
        }
        r#"{"status":"ok"}"#
    };
    let app = axum::Router::new()
        .route("/send", post(handler))
        .with_state(fake.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let url = format!(
        "http://{}/send",
        listener.local_addr().map_err(|e| e.to_string())?
    );
    tokio::spawn(async move { axum::serve(listener, app).await });

    let config: GatewayConfig = toml::from_str(&format!(
        "kind = \"http\"\nrate_per_second = {}\nparallel = {}\n[http]\nurl = \"{url}\"\n",
        options.rate_per_second, options.parallel
    ))
    .map_err(|e| e.to_string())?;
    let scratch = std::env::temp_dir().join(format!("nivaran-bench-{}", std::process::id()));
    let gateways = Arc::new(Gateways {
        sms: build_gateway(&config, &scratch)?,
        email: build_email_gateway(&Default::default(), &scratch)?,
        webhooks: webhook_client(&Default::default())?,
        exchanges: nivaran::exchange::Exchanges::new(&[])?,
        social: nivaran::social::Replies::new(&Default::default())?,
        calls: nivaran::telephony::Dialer::new(&Default::default(), "http://127.0.0.1")?,
        whatsapp: None,
    });
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let started = Instant::now();
    let delivery = tokio::spawn(run_delivery(
        store.clone(),
        gateways,
        "bench".into(),
        Duration::from_secs(1),
        stopped,
    ));

    tokio::time::sleep(options.otp_after).await;
    let mobile = Mobile::parse("9812000042").map_err(|e| format!("{e:?}"))?;
    let asked = Instant::now();
    store
        .request_otp(&mobile, "127.0.0.1", Language::En)
        .await
        .map_err(|e| e.to_string())?;
    let mut queued_when_otp_arrived = -1;
    loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        let arrived = fake
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .otp_at
            .is_some();
        if arrived && queued_when_otp_arrived < 0 {
            queued_when_otp_arrived = pending_sms(&store).await?;
        }
        if arrived && pending_sms(&store).await? == 0 {
            break;
        }
        if started.elapsed() > Duration::from_secs(3_600) {
            return Err("delivery did not finish within an hour".into());
        }
    }
    // The last claimed round is recorded as it answers; wait for the gateway to go quiet.
    while fake.lock().unwrap_or_else(|e| e.into_inner()).in_flight > 0 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let _ = stop.send(true);
    let _ = delivery.await;
    let _ = std::fs::remove_dir_all(&scratch);
    let g = fake.lock().unwrap_or_else(|e| e.into_inner());
    let first = g.arrivals.first().copied().unwrap_or(started);
    let last = g.arrivals.last().copied().unwrap_or(started);
    let seconds = (last - first).as_secs_f64().max(0.001);
    Ok(DeliveryBench {
        queued_before,
        delivered: g.arrivals.len(),
        seconds,
        messages_per_second: g.arrivals.len().saturating_sub(1) as f64 / seconds,
        most_in_flight: g.most_in_flight,
        otp_wait_ms: g
            .otp_at
            .map(|at| (at - asked).as_secs_f64() * 1000.0)
            .unwrap_or(f64::NAN),
        queued_when_otp_arrived,
        latency_ms: options.latency.as_millis() as u64,
        rate_per_second: options.rate_per_second,
        parallel: options.parallel,
    })
}
