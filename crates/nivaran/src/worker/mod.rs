//! The background workers, inside `nivaran serve` or alone as `nivaran worker`: deliver the outbox
//! and run the deadline sweep. Safe on many nodes at once: messages are claimed with leases and the
//! sweep is a job only one node holds at a time, whose every deed is idempotent anyway.

pub mod delivery;

use crate::config::Config;
use crate::notify::{EmailGateway, SmsGateway, build_email_gateway, build_gateway};
use crate::store::Store;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tracing::Instrument;

pub const SWEEP_JOB: &str = "deadline_sweep";
pub const DIGEST_JOB: &str = "officer_digest";
/// E-mails the weekly review reports (idempotent: once per week and recipient).
pub const REPORTS_JOB: &str = "review_reports";
/// Draws the week's random audit sample (idempotent: a week is drawn once, however often run).
pub const AUDIT_JOB: &str = "audit_sample";
/// Appends new events to the audit log and signs checkpoints (every round; one node at a time,
/// as the log's positions are handed out in order).
pub const AUDIT_LOG_JOB: &str = "audit_log";
/// Makes the weekly review meetings due today (idempotent: once per schedule and day).
pub const MEETINGS_JOB: &str = "review_meetings";
/// Removes stored files no document refers to, a day after they were written.
pub const ORPHAN_FILES_JOB: &str = "orphan_files";
/// Retrains the category suggestion on the disposed cases, daily (`nivaran suggest train` does
/// it at once).
pub const SUGGEST_JOB: &str = "suggest_train";

/// Checks the dashboards' pre-counted figures against the cases nightly (02:00 IST) and mends
/// any difference; looks every minute whether master data's Right to Service categories changed
/// (the figures count them, and are read from the cases until recounted).
pub const FIGURES_JOB: &str = "figures_recount";
/// Looks for likely duplicates of every case filed since it last ran (its position stored).
pub const DUPLICATES_JOB: &str = "duplicate_check";
/// The most time one pass of the duplicate check takes: behind (a big import, a flood of
/// filings), it works 2 seconds in every 32 (the job runs 30 seconds after a pass ends), so
/// filing keeps the machine (5-second passes cost a fifth of the filings a second at full load)
/// and the worker's other jobs are not held up; it still gets through many times a large
/// state's filings (BENCHMARKS.md).
pub const DUPLICATES_PASS: std::time::Duration = std::time::Duration::from_secs(2);

/// Reads the mailbox citizens write to into the SMGT desk's queue when due (one node at a
/// time), from after the last message taken.
async fn read_mailbox(
    store: &Store,
    mailbox: &crate::notify::platforms::MailboxConfig,
    worker: &str,
) -> Result<(), String> {
    if !store
        .claim_job(MAILBOX_JOB, worker, 10 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        return Ok(());
    }
    let result = crate::mailbox::pull(store, mailbox)
        .instrument(tracing::info_span!("job", name = MAILBOX_JOB))
        .await;
    match &result {
        Ok(n) if *n > 0 => tracing::info!(new = n, "mailbox read"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "reading the mailbox failed"),
    }
    store
        .finish_job(
            MAILBOX_JOB,
            worker,
            (mailbox.interval_seconds.max(15) * 1000) as i64,
            result.err(),
        )
        .await
        .map_err(|e| e.to_string())
}

/// Pulls the X mentions of the state's account (`[social.x]`).
pub const X_JOB: &str = "social_x_mentions";

/// Reads the mailbox citizens write to (`[mailbox]`).
pub const MAILBOX_JOB: &str = "mailbox_read";

/// Where messages go.
pub struct Gateways {
    pub sms: SmsGateway,
    pub email: EmailGateway,
    /// Posts webhook messages to integrations' receivers.
    pub webhooks: reqwest::Client,
    /// Posts ATRs back to the portals cases came from.
    pub exchanges: crate::exchange::Exchanges,
    /// Posts replies on the social-media platforms.
    pub social: crate::social::Replies,
    /// Places verification calls through the call-centre system.
    pub calls: crate::telephony::Dialer,
    /// Sends WhatsApp messages, when `[whatsapp]` is configured.
    pub whatsapp: Option<crate::whatsapp::Media>,
}

impl Gateways {
    pub fn from_config(config: &Config) -> Result<Gateways, String> {
        Ok(Gateways {
            sms: build_gateway(&config.sms.gateway(), &config.data_dir)?,
            email: build_email_gateway(&config.email, &config.data_dir)?,
            webhooks: webhook_client(&config.egress)?,
            exchanges: crate::exchange::Exchanges::new(&config.exchange)?,
            social: crate::social::Replies::new(&config.social)?,
            calls: crate::telephony::Dialer::new(&config.telephony, &config.public_url)?,
            whatsapp: config
                .whatsapp
                .as_ref()
                .map(crate::whatsapp::Media::new)
                .transpose()?,
        })
    }
}

/// The client webhooks are sent with: a receiver that takes longer than 10 s is tried again
/// later, redirects are not followed (a message goes where it was subscribed to go), and names
/// resolve only to addresses the egress policy permits (checked as it connects).
pub fn webhook_client(policy: &crate::notify::EgressPolicy) -> Result<reqwest::Client, String> {
    crate::install_tls_provider();
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        // A proxy from the environment would be judged instead of the receiver.
        .no_proxy()
        .dns_resolver(policy.resolver())
        .build()
        .map_err(|e| e.to_string())
}

/// A name for this worker in leases and logs: host and process.
pub fn worker_id() -> String {
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_else(|_| "node".into());
    format!("{}:{}", host.trim(), std::process::id())
}

/// One pass of everything: deliver what is due, and run the jobs that are due and ours to run.
pub async fn run_once(
    store: &Store,
    gateways: &Gateways,
    config: &Config,
    worker: &str,
) -> Result<(), String> {
    deliver_round(store, gateways, worker).await?;
    run_jobs(store, config, worker).await
}

/// One round of delivery on every channel; how many messages it dealt with.
pub async fn deliver_round(
    store: &Store,
    gateways: &Gateways,
    worker: &str,
) -> Result<usize, String> {
    let delivered = delivery::deliver_sms(store, &gateways.sms, worker)
        .instrument(tracing::info_span!("job", name = "sms"))
        .await
        .map_err(|e| e.to_string())?;
    if delivered.handled() > 0 {
        tracing::info!(?delivered, "SMS delivery");
    }
    let mailed = delivery::deliver_email(store, &gateways.email, worker)
        .instrument(tracing::info_span!("job", name = "email"))
        .await
        .map_err(|e| e.to_string())?;
    if mailed.handled() > 0 {
        tracing::info!(?mailed, "e-mail delivery");
    }
    let posted = delivery::deliver_webhooks(store, &gateways.webhooks, worker)
        .instrument(tracing::info_span!("job", name = "webhooks"))
        .await
        .map_err(|e| e.to_string())?;
    if posted.handled() > 0 {
        tracing::info!(?posted, "webhook delivery");
    }
    let returned = crate::exchange::deliver_returns(store, &gateways.exchanges, worker)
        .instrument(tracing::info_span!("job", name = "exchange_returns"))
        .await
        .map_err(|e| e.to_string())?;
    if returned.handled() > 0 {
        tracing::info!(?returned, "ATRs returned to portals");
    }
    let replied = crate::social::deliver_replies(store, &gateways.social, worker)
        .instrument(tracing::info_span!("job", name = "social_replies"))
        .await
        .map_err(|e| e.to_string())?;
    if replied.handled() > 0 {
        tracing::info!(?replied, "social-media replies");
    }
    let dialled = crate::telephony::deliver_calls(store, &gateways.calls, worker)
        .instrument(tracing::info_span!("job", name = "verification_calls"))
        .await
        .map_err(|e| e.to_string())?;
    if dialled.handled() > 0 {
        tracing::info!(?dialled, "verification calls placed");
    }
    let whatsapp = crate::whatsapp::deliver_whatsapp(store, gateways.whatsapp.as_ref(), worker)
        .instrument(tracing::info_span!("job", name = "whatsapp"))
        .await
        .map_err(|e| e.to_string())?;
    if whatsapp.handled() > 0 {
        tracing::info!(?whatsapp, "WhatsApp delivery");
    }
    for (channel, report) in [
        ("sms", &delivered),
        ("email", &mailed),
        ("webhook", &posted),
        ("exchange", &returned),
        ("social", &replied),
        ("call", &dialled),
        ("whatsapp", &whatsapp),
    ] {
        store.metrics().delivered(
            channel,
            report.sent,
            report.failed,
            report.dead,
            report.rejected,
        );
    }
    Ok(whatsapp.handled()
        + dialled.handled()
        + delivered.handled()
        + mailed.handled()
        + posted.handled()
        + returned.handled()
        + replied.handled())
}

/// Delivers until `shutdown`: round after round while messages are due (a queue of bulk moves
/// at the gateways' rates, and an OTP written meanwhile goes in the next round, before the
/// bulk), then waits for the poll or for an urgent message written on this node.
pub async fn run_delivery(
    store: Arc<Store>,
    gateways: Arc<Gateways>,
    worker: String,
    poll: Duration,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let handled = match deliver_round(&store, &gateways, &worker).await {
            Ok(handled) => handled,
            Err(e) => {
                // A database hiccup must not kill delivery: log and try again after the poll.
                tracing::error!(error = %e, "delivery round failed");
                0
            }
        };
        if *shutdown.borrow() {
            break;
        }
        if handled > 0 {
            continue;
        }
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = store.outbox_rung() => {}
            _ = shutdown.changed() => break,
        }
    }
}

/// The jobs, each run when it is due and no other node holds it: officers' digests, the audit
/// sample, the weekly reports, the audit log, unreferenced files, the weekly review meetings,
/// the category suggestion's training, the deadline sweep.
pub async fn run_jobs(store: &Store, config: &Config, worker: &str) -> Result<(), String> {
    if store
        .claim_job(DIGEST_JOB, worker, 30 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        let result = store
            .enqueue_officer_digests()
            .instrument(tracing::info_span!("job", name = DIGEST_JOB))
            .await;
        let error = result.as_ref().err().map(|e| e.to_string());
        store
            .finish_job(DIGEST_JOB, worker, 24 * 3_600_000, error)
            .await
            .map_err(|e| e.to_string())?;
        let _ = store.prune_rate_limits().await;
    }
    if store
        .claim_job(AUDIT_JOB, worker, 30 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        let result = store
            .draw_audit_sample(store.now().ist_date())
            .instrument(tracing::info_span!("job", name = AUDIT_JOB))
            .await;
        match &result {
            Ok(n) if *n > 0 => tracing::info!(drawn = n, "audit sample"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "audit sample failed"),
        }
        let error = result.as_ref().err().map(|e| e.to_string());
        store
            .finish_job(AUDIT_JOB, worker, 6 * 3_600_000, error)
            .await
            .map_err(|e| e.to_string())?;
    }
    if store
        .claim_job(REPORTS_JOB, worker, 30 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        let result = crate::scheduled_reports::send_weekly_reports(
            store,
            &config.reports,
            store.now().ist_date(),
        )
        .instrument(tracing::info_span!("job", name = REPORTS_JOB))
        .await;
        match &result {
            Ok(n) if *n > 0 => tracing::info!(queued = n, "weekly review reports"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "weekly review reports failed"),
        }
        store
            .finish_job(REPORTS_JOB, worker, 3_600_000, result.err())
            .await
            .map_err(|e| e.to_string())?;
    }
    if store
        .claim_job(AUDIT_LOG_JOB, worker, 10 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        let result = crate::audit_log::advance(store, &config.audit_log, &config.data_dir)
            .instrument(tracing::info_span!("job", name = AUDIT_LOG_JOB))
            .await;
        if let Err(e) = &result {
            tracing::error!(error = %e, "the audit log could not be advanced");
        }
        store
            .finish_job(AUDIT_LOG_JOB, worker, 1_000, result.err())
            .await
            .map_err(|e| e.to_string())?;
    }
    if store
        .claim_job(ORPHAN_FILES_JOB, worker, 30 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        let result = store
            .remove_orphan_files(24)
            .instrument(tracing::info_span!("job", name = ORPHAN_FILES_JOB))
            .await;
        match &result {
            Ok(n) if *n > 0 => tracing::info!(removed = n, "unreferenced files removed"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "removing unreferenced files failed"),
        }
        let error = result.as_ref().err().map(|e| e.to_string());
        store
            .finish_job(ORPHAN_FILES_JOB, worker, 24 * 3_600_000, error)
            .await
            .map_err(|e| e.to_string())?;
    }
    if store
        .claim_job(MEETINGS_JOB, worker, 30 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        let result =
            crate::scheduled_meetings::hold_scheduled_meetings(store, store.now().ist_date())
                .instrument(tracing::info_span!("job", name = MEETINGS_JOB))
                .await;
        if let Err(e) = &result {
            tracing::error!(error = %e, "weekly review meetings failed");
        }
        store
            .finish_job(MEETINGS_JOB, worker, 3_600_000, result.err())
            .await
            .map_err(|e| e.to_string())?;
    }
    if store
        .claim_job(SUGGEST_JOB, worker, 30 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        let result = store
            .train_suggestions()
            .instrument(tracing::info_span!("job", name = SUGGEST_JOB))
            .await;
        match &result {
            Ok(report) => tracing::info!(?report, "category suggestion trained"),
            Err(e) => tracing::error!(error = %e, "training the category suggestion failed"),
        }
        let error = result.as_ref().err().map(|e| e.to_string());
        store
            .finish_job(SUGGEST_JOB, worker, 24 * 3_600_000, error)
            .await
            .map_err(|e| e.to_string())?;
    }
    if store
        .claim_job(FIGURES_JOB, worker, 60 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        let result = async {
            if store.recount_due().await? {
                store.recount_figures(true).await.map(Some)
            } else {
                Ok(None)
            }
        }
        .instrument(tracing::info_span!("job", name = FIGURES_JOB))
        .await;
        match &result {
            // Rows known to be behind (an upgrade, a new Right to Service list) differ by design.
            Ok(Some(report)) if report.differences > 0 && !report.stale => {
                tracing::warn!(
                    ?report,
                    "pre-counted figures differed from the cases: mended"
                )
            }
            Ok(Some(report)) => tracing::info!(?report, "pre-counted figures checked"),
            Ok(None) => {}
            Err(e) => tracing::error!(error = %e, "recounting the figures failed"),
        }
        let error = result.as_ref().err().map(|e| e.to_string());
        store
            .finish_job(FIGURES_JOB, worker, 60_000, error)
            .await
            .map_err(|e| e.to_string())?;
    }
    if store
        .claim_job(DUPLICATES_JOB, worker, 10 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        let result = store
            .run_duplicate_check(Some(DUPLICATES_PASS))
            .instrument(tracing::info_span!("job", name = DUPLICATES_JOB))
            .await;
        match &result {
            Ok(report) if report.checked > 0 => tracing::info!(?report, "duplicate check"),
            Ok(_) => {}
            Err(e) => tracing::error!(error = %e, "the duplicate check failed"),
        }
        let error = result.as_ref().err().map(|e| e.to_string());
        store
            .finish_job(DUPLICATES_JOB, worker, 30_000, error)
            .await
            .map_err(|e| e.to_string())?;
    }
    for exchange in &config.exchange {
        pull_exchange(store, exchange, worker).await?;
    }
    if let Some(x) = &config.social.x {
        pull_x(store, x, worker).await?;
    }
    if let Some(mailbox) = &config.mailbox {
        read_mailbox(store, mailbox, worker).await?;
    }
    let sweep_every = (config.worker.sweep_minutes.max(1) * 60_000) as i64;
    // The lease outlasts any sane sweep; a node that dies mid-sweep frees the job when it ends.
    if store
        .claim_job(SWEEP_JOB, worker, 30 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        let result = store
            .run_deadline_sweep(&config.deadlines)
            .instrument(tracing::info_span!("job", name = SWEEP_JOB))
            .await;
        let error = result.as_ref().err().map(|e| e.to_string());
        match &result {
            Ok(report) => {
                tracing::info!(?report, "deadline sweep");
                store
                    .metrics()
                    .escalations
                    .inc_by((report.escalations + report.part_escalations) as u64);
            }
            Err(e) => tracing::error!(error = %e, "deadline sweep failed"),
        }
        store
            .finish_job(SWEEP_JOB, worker, sweep_every, error)
            .await
            .map_err(|e| e.to_string())?;
        // Keep the planner's statistics fresh as the tables grow (cheap; SQLite only).
        if let Err(e) = store.optimize().await {
            tracing::warn!(error = %e, "could not refresh the planner's statistics");
        }
    }
    Ok(())
}

/// Pulls the X mentions of the state's account into the SMGT desk's queue when due (one node
/// at a time), from after the newest already taken.
async fn pull_x(store: &Store, x: &crate::social::XConfig, worker: &str) -> Result<(), String> {
    if !store
        .claim_job(X_JOB, worker, 10 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        return Ok(());
    }
    let result = crate::social::x::pull_into(store, x)
        .instrument(tracing::info_span!("job", name = X_JOB))
        .await;
    match &result {
        Ok(n) if *n > 0 => tracing::info!(new = n, "X mentions"),
        Ok(_) => {}
        Err(e) => tracing::error!(error = %e, "pulling the X mentions failed"),
    }
    store
        .finish_job(
            X_JOB,
            worker,
            (x.interval_seconds.max(15) * 1000) as i64,
            result.err(),
        )
        .await
        .map_err(|e| e.to_string())
}

/// Pulls one portal's transferred grievances when due (one node at a time).
async fn pull_exchange(
    store: &Store,
    exchange: &crate::exchange::ExchangeConfig,
    worker: &str,
) -> Result<(), String> {
    let job = exchange.job_name();
    if !store
        .claim_job(&job, worker, 30 * 60_000)
        .await
        .map_err(|e| e.to_string())?
    {
        return Ok(());
    }
    let result = async {
        let client = crate::exchange::client(exchange)?;
        crate::exchange::pull(store, &client, exchange).await
    }
    .instrument(tracing::info_span!("job", name = %job))
    .await;
    match &result {
        Ok(report) if *report != Default::default() => {
            tracing::info!(exchange = %exchange.name, ?report, "portal pulled")
        }
        Ok(_) => {}
        Err(e) => {
            tracing::error!(exchange = %exchange.name, error = %e, "pulling the portal failed")
        }
    }
    store
        .finish_job(
            &job,
            worker,
            exchange.interval().as_millis() as i64,
            result.err(),
        )
        .await
        .map_err(|e| e.to_string())
}

/// Runs until `shutdown` turns true: delivery and the jobs side by side, so a long sweep never
/// holds up a one-time password.
pub async fn run(
    store: Arc<Store>,
    config: Config,
    mut shutdown: watch::Receiver<bool>,
) -> Result<(), String> {
    let gateways = Arc::new(Gateways::from_config(&config)?);
    let worker = worker_id();
    tracing::info!(%worker, "workers started");
    let poll = Duration::from_secs(config.worker.poll_seconds.max(1));
    store.worker_started(Duration::from_secs(config.worker.stall_seconds.max(60)) + poll);
    let delivery = tokio::spawn(run_delivery(
        store.clone(),
        gateways,
        worker.clone(),
        poll,
        shutdown.clone(),
    ));
    loop {
        if let Err(e) = run_jobs(&store, &config, &worker).await {
            // A database hiccup must not kill the worker: log and try again next round.
            tracing::error!(error = %e, "worker round failed");
        }
        store.worker_beat();
        tokio::select! {
            _ = tokio::time::sleep(poll) => {}
            _ = shutdown.changed() => break,
        }
    }
    if let Err(e) = delivery.await {
        tracing::error!(error = %e, "delivery stopped abnormally");
    }
    tracing::info!("workers stopped");
    Ok(())
}
