//! Storage: one code path over SQLite (the embedded default) and PostgreSQL, through sqlx's `Any`
//! driver. Every table uses types both engines share (BIGINT/INTEGER, TEXT, REAL/DOUBLE), times are
//! integer milliseconds from the [`Clock`], and SQL is written once with `$n` placeholders.

mod admin;
mod attachments;
mod audit;
mod audit_log;
mod audit_sample;
mod bulk;
mod calls;
mod category_search;
mod deadlines;
mod dialect;
mod discipline;
mod duplicate_review;
mod duplicates;
mod error;
mod exchange;
mod filing;
mod grievances;
mod health;
mod idempotency;
mod import;
mod integrations;
mod interdepartmental;
mod limits;
mod mailbox;
mod master;
mod master_edit;
mod migrate;
mod monitoring;
mod otp;
mod outbox;
mod parts;
mod parts_sweep;
mod passwords;
mod replica;
mod requests;
mod review_schedules;
mod reviews;
mod settings;
mod social;
mod sql;
mod state_columns;
mod stats;
mod suggest;
mod users;
mod whatsapp;

pub use admin::UserEdit;
pub use attachments::{Attachment, MAX_ATTACHMENT_BYTES, Upload};
pub use audit::ChainReport;
pub use audit_log::{Checkpoint, LoggedEvent};
pub use audit_sample::{
    AuditItem, AuditPage, AuditPolicy, AuditStage, FINDINGS, FlaggedOfficer, week_of,
};
pub use bulk::{BulkReport, HistoricalCase, HistoricalEvent};
pub use calls::{Call, CallEvent, CallStatus, EarlierCase};
pub use category_search::CategoryQuery;
pub use deadlines::{CategoryPolicy, DeadlinePolicy, SweepReport};
pub use dialect::Engine;
pub use discipline::{
    Document as DisciplinaryDocument, NewStep as DisciplinaryStep,
    OUTCOMES as DISCIPLINARY_OUTCOMES, Record as DisciplinaryRecord,
    RecordSummary as DisciplinarySummary, STEP_KINDS as DISCIPLINARY_STEPS,
};
pub use duplicate_review::{
    CandidateView, DuplicateFigures, DuplicateReview, SimilarCase, SimilarQuery, works_duplicates,
};
pub use duplicates::DuplicateCheckReport;
pub use error::StoreError;
pub use exchange::ExchangeRecord;
pub use filing::{Accepted, Admission, Filing, NO_ROW};
pub use grievances::{
    CaseDetail, CodeName, EventView, FiledFrom, GrievanceFilter, GrievancePage, GrievanceView,
    Holder, MAX_FILES_AT_FILING, OfficePendency, OfficerPolicy, Registered, StatusCounts,
};
pub use health::WorkerHealth;
pub use idempotency::IdempotencyKey;
pub use import::{
    CategoryRow, DepartmentRow, HolidayRow, ImportReport, JurisdictionRow, OfficeRow, RoutingRow,
};
pub use integrations::{
    ApiKey, AttributeChoice, CategoryAttribute, DATATYPES, IntegrationCase, IntegrationFilter,
    IssuedKey, NewWebhook, Webhook, answers_in, check_answers,
};
pub use interdepartmental::{DepartmentParts, Interdepartmental, JointCase, PendingPart};
pub use limits::Limits;
pub use mailbox::PostFile;
pub use master::{Category, Department, Jurisdiction, MasterData, Office};
pub use master_edit::{HolidayListRow, MasterChange, RoutingRuleRow};
pub use monitoring::{CallAttempt, CallCase, CallQueue, CallResult, VerificationPolicy};
pub use otp::OtpIssued;
pub use outbox::{DeliveryReport, OutboxMessage, webhook_signature};
pub use parts::PartView;
pub use passwords::MIN_PASSWORD_LEN;
pub use replica::ReplicaState;
pub use requests::ActionRequest;
pub use review_schedules::ReviewSchedule;
pub use reviews::{
    Agenda, Attendee, Direction, DirectionStatus, FrozenTable, Meeting, NewDirection, Presence,
};
pub use settings::AdminLogEntry;
pub use social::{IncomingPost, SocialFigures, SocialPost, Triage, valid_platform};
pub(crate) use state_columns::{PAUSED_STATUS, WORK_ORDER};
pub use stats::{
    Breakdown, FigureRow, Period, PublicFigures, Row, Scope, TrendPoint, reviews_area,
    set_area_reviewer_departments,
};
pub use suggest::{
    CategorySuggestion, Evaluation, ModelInfo, SUGGEST_MAX_CHARS, SuggestionUse, TrainReport,
    chosen_rank, read_labelled,
};
pub use users::{Actor, NewUser, TokenInfo, User};
pub use whatsapp::Conversation;

use crate::notify::Notifications;
use nivaran_domain::Clock;
use nivaran_domain::msg;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Transaction};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, RwLock};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The storage handle shared by the HTTP layer, the CLI and the workers.
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    clock: Arc<dyn Clock>,
    master: RwLock<Arc<MasterData>>,
    notifications: RwLock<Arc<Notifications>>,
    limits: RwLock<Arc<Limits>>,
    /// Where webhooks may be sent (`[webhooks] allowed_networks` beyond the public internet).
    egress: RwLock<Arc<crate::notify::EgressPolicy>>,
    /// The social-media platforms' settings (`[social]`): the webhooks' secrets, the figures'
    /// bound.
    social: RwLock<Arc<crate::notify::platforms::SocialConfig>>,
    /// The WhatsApp Cloud API's settings (`[whatsapp]`), when connected.
    whatsapp: RwLock<Option<Arc<crate::notify::platforms::WhatsAppConfig>>>,
    /// The call-centre system's settings (`[telephony]`): its token, its recordings.
    telephony: RwLock<Arc<crate::notify::platforms::TelephonyConfig>>,
    /// The score and grade formula of the rankings (`[scoring]` in the configuration).
    scoring: RwLock<Arc<nivaran_domain::scoring::ScoreFormula>>,
    /// What officers must say when they take a case (`[officers]`).
    officers: RwLock<Arc<OfficerPolicy>>,
    /// Who is called after disposal, and how many cases are audited (see `monitoring`).
    monitoring: RwLock<(Arc<VerificationPolicy>, Arc<AuditPolicy>)>,
    files_dir: PathBuf,
    /// Search words already turned into the index's words they are prefixes of, kept a
    /// minute: looking them up costs more than the search itself.
    word_forms: std::sync::Mutex<std::collections::HashMap<String, (i64, String)>>,
    /// The text features of cases the duplicate check compared lately, kept between its passes
    /// (see `duplicates::KnownFeatures`).
    known_features: std::sync::Mutex<duplicates::KnownFeatures>,
    /// The turn at SQLite's one write lock, handed out in order (see [`Store::begin_write`]).
    writer: Arc<tokio::sync::Mutex<()>>,
    /// Alive as long as the store: the SQLite checkpointer stops when it is gone.
    _alive: Arc<()>,
    /// What each connection is told as it opens beyond the engine's fixed settings: SQLite's
    /// page cache, widened only by the bulk importer (see [`Store::widen_page_cache`]; a served
    /// store keeps the default to stay small), and the statement bound `serve` sets.
    session: Arc<health::SessionBounds>,
    /// How long a connection is waited for (see [`Store::open_with`]).
    acquire_timeout: std::time::Duration,
    /// The standby dashboards and reports read from, when one is configured (see `replica`).
    replica: RwLock<Option<Arc<replica::Replica>>>,
    /// The public page's figures, kept a while per period (see `stats::public`).
    public_cache: std::sync::Mutex<stats::PublicCache>,
    /// Are figures read from the counted rows where they can answer (issue 19, part 4)? Off
    /// only to compare them with the cases (tests, `nivaran stats check`).
    counted_figures: std::sync::atomic::AtomicBool,
    /// This node's worker loop, for `/readyz`.
    heartbeat: health::Heartbeat,
    /// The SQLite database file, checked by `/readyz`.
    sqlite_file: Option<PathBuf>,
    /// What this node counts for `/metrics`.
    metrics: crate::metrics::Metrics,
    /// Rung when an urgent message (a one-time password) is written, so this node's delivery
    /// sends it now rather than at its next poll.
    outbox_bell: Arc<tokio::sync::Notify>,
    /// The category-suggestion model this node answers with (see `suggest`).
    suggest: suggest::SuggestState,
}

/// A write transaction (and, on SQLite, this process's turn at writing until it ends).
pub struct WriteTx {
    tx: Transaction<'static, Any>,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }
}

impl std::ops::Deref for WriteTx {
    type Target = sqlx::AnyConnection;
    fn deref(&self) -> &Self::Target {
        &self.tx
    }
}

impl std::ops::DerefMut for WriteTx {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.tx
    }
}

/// The pool's settings, the same for the primary and the replica: at most the engine's number of
/// connections, each waited for at most `acquire_timeout`, each told the session's settings as it
/// opens, and closed on its next acquire when they changed since (see `health::SessionBounds`).
fn pool_options(
    engine: Engine,
    session: &Arc<health::SessionBounds>,
    acquire_timeout: std::time::Duration,
) -> AnyPoolOptions {
    let bounds = session.clone();
    AnyPoolOptions::new()
        .max_connections(engine.pool_size())
        .acquire_timeout(acquire_timeout)
        .before_acquire({
            let bounds = session.clone();
            move |_conn, meta| {
                let current = bounds.current(meta.age);
                Box::pin(async move { Ok(current) })
            }
        })
        .after_connect(move |conn, _meta| {
            let cache_kib = bounds
                .page_cache_kib
                .load(std::sync::atomic::Ordering::Relaxed);
            let statement_ms = bounds
                .statement_ms
                .load(std::sync::atomic::Ordering::Relaxed);
            Box::pin(async move {
                for statement in engine.session_settings(cache_kib, statement_ms) {
                    // The engine's own settings (constants, and an integer), no input.
                    sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            })
        })
}

impl Store {
    /// The pool settings of this store's connections, for another pool on the same engine.
    fn pool_options(&self, acquire_timeout: std::time::Duration) -> AnyPoolOptions {
        pool_options(self.engine, &self.session, acquire_timeout)
    }
    /// Connects (creating a SQLite file if needed), migrates, and loads master data.
    /// A connection is waited for as long as sqlx's default (30 s): the command-line tools
    /// and the tests; `serve` bounds the wait with [`Store::open_with`].
    pub async fn open(url: &str, clock: Arc<dyn Clock>, files_dir: &Path) -> Result<Store> {
        Store::open_with(url, clock, files_dir, std::time::Duration::from_secs(30)).await
    }

    /// [`Store::open`], a connection from the pool waited for at most `acquire_timeout`
    /// (connecting anew included, when the database was away): past it the request fails with
    /// 503 instead of hanging.
    pub async fn open_with(
        url: &str,
        clock: Arc<dyn Clock>,
        files_dir: &Path,
        acquire_timeout: std::time::Duration,
    ) -> Result<Store> {
        sqlx::any::install_default_drivers();
        let engine = Engine::from_url(url);
        let options = AnyConnectOptions::from_str(url)?;
        let session = Arc::new(health::SessionBounds::default());
        let pool = pool_options(engine, &session, acquire_timeout)
            .connect_with(options)
            .await?;
        let store = Store {
            pool,
            engine,
            clock,
            master: RwLock::new(Arc::new(MasterData::default())),
            notifications: RwLock::new(Arc::new(Notifications::default())),
            limits: RwLock::new(Arc::new(Limits::default())),
            egress: RwLock::new(Arc::new(Default::default())),
            social: RwLock::new(Arc::new(Default::default())),
            telephony: RwLock::new(Arc::new(Default::default())),
            whatsapp: RwLock::new(None),
            scoring: RwLock::new(Arc::new(Default::default())),
            officers: RwLock::new(Arc::new(Default::default())),
            monitoring: RwLock::new(Default::default()),
            files_dir: files_dir.to_path_buf(),
            word_forms: Default::default(),
            known_features: Default::default(),
            writer: Arc::new(tokio::sync::Mutex::new(())),
            _alive: Arc::new(()),
            session,
            acquire_timeout,
            replica: RwLock::new(None),
            public_cache: Default::default(),
            counted_figures: std::sync::atomic::AtomicBool::new(true),
            heartbeat: Default::default(),
            sqlite_file: health::sqlite_file(url),
            metrics: Default::default(),
            outbox_bell: Arc::new(tokio::sync::Notify::new()),
            suggest: Default::default(),
        };
        if engine == Engine::Sqlite {
            store.spawn_checkpointer();
        }
        migrate::run(&store).await?;
        store.reload_master().await?;
        store.optimize().await?;
        Ok(store)
    }

    /// Tells this node's delivery that an urgent message waits (after its transaction committed).
    pub fn ring_outbox(&self) {
        self.outbox_bell.notify_one();
    }

    /// Returns when an urgent message has been written since the last call.
    pub async fn outbox_rung(&self) {
        self.outbox_bell.notified().await;
    }

    /// Gives every SQLite connection a page cache of `kib` KiB, for a bulk import: past a few
    /// million cases the indexes it updates no longer fit SQLite's default 2 MB and each row
    /// costs page reads from the operating system. Connections open before are closed as they
    /// come back, and opened anew with it. No effect on PostgreSQL, whose cache is the server's.
    pub async fn widen_page_cache(&self, kib: i64) -> Result<()> {
        if self.engine != Engine::Sqlite {
            return Ok(());
        }
        self.session
            .page_cache_kib
            .store(kib, std::sync::atomic::Ordering::Relaxed);
        self.session.changed();
        Ok(())
    }

    /// Copies the SQLite WAL into the database every quarter second, on a connection of its
    /// own, in PASSIVE mode: writers go on appending meanwhile and readers are not waited for.
    /// Under steady load some reader always holds an older snapshot, so the WAL is never found
    /// wholly copied and never starts over; past WAL_RESTART_FRAMES the checkpointer takes the
    /// writers' turn and truncates it (readers are waited for, a few milliseconds; the copying
    /// was already done), so the WAL, and a reader's search through it, stays small.
    /// Stops when the store is dropped.
    fn spawn_checkpointer(&self) {
        const WAL_RESTART_FRAMES: i64 = 65_536;
        let alive = Arc::downgrade(&self._alive);
        let pool = self.pool.clone();
        let writer = self.writer.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_millis(250));
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if alive.upgrade().is_none() || pool.is_closed() {
                    break;
                }
                let passive: std::result::Result<(i64, i64, i64), _> =
                    sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
                        .fetch_one(&pool)
                        .await;
                let outcome = match passive {
                    Ok((_, frames, _)) if frames > WAL_RESTART_FRAMES => {
                        let _turn = writer.lock().await;
                        sqlx::raw_sql("PRAGMA wal_checkpoint(TRUNCATE)")
                            .execute(&pool)
                            .await
                            .map(|_| ())
                    }
                    Ok(_) => Ok(()),
                    Err(e) => Err(e),
                };
                if let Err(e) = outcome {
                    tracing::warn!(error = %e, "WAL checkpoint failed; retrying");
                }
            }
        });
    }

    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    pub fn now(&self) -> nivaran_domain::Timestamp {
        self.clock.now()
    }

    /// The master data as of the last load: cheap to clone, consistent within a request.
    pub fn master(&self) -> Arc<MasterData> {
        self.master.read().expect("master data lock").clone()
    }

    /// The SMS templates and delivery settings in force.
    pub fn notifications(&self) -> Arc<Notifications> {
        self.notifications
            .read()
            .expect("notifications lock")
            .clone()
    }

    pub fn set_notifications(&self, notifications: Notifications) {
        *self.notifications.write().expect("notifications lock") = Arc::new(notifications);
    }

    /// The abuse limits in force.
    pub fn limits(&self) -> Arc<Limits> {
        self.limits.read().expect("limits lock").clone()
    }

    pub fn set_limits(&self, limits: Limits) {
        *self.limits.write().expect("limits lock") = Arc::new(limits);
    }

    /// Where webhooks may be sent.
    pub fn egress(&self) -> Arc<crate::notify::EgressPolicy> {
        self.egress.read().expect("egress lock").clone()
    }

    pub fn social(&self) -> Arc<crate::notify::platforms::SocialConfig> {
        self.social.read().expect("social lock").clone()
    }

    pub fn whatsapp(&self) -> Option<Arc<crate::notify::platforms::WhatsAppConfig>> {
        self.whatsapp.read().expect("whatsapp lock").clone()
    }

    pub fn set_whatsapp(&self, config: Option<crate::notify::platforms::WhatsAppConfig>) {
        *self.whatsapp.write().expect("whatsapp lock") = config.map(Arc::new);
    }

    pub fn telephony(&self) -> Arc<crate::notify::platforms::TelephonyConfig> {
        self.telephony.read().expect("telephony lock").clone()
    }

    pub fn set_telephony(&self, config: crate::notify::platforms::TelephonyConfig) {
        *self.telephony.write().expect("telephony lock") = Arc::new(config);
    }

    pub fn set_social(&self, config: crate::notify::platforms::SocialConfig) {
        *self.social.write().expect("social lock") = Arc::new(config);
    }

    pub fn set_egress(&self, policy: crate::notify::EgressPolicy) {
        *self.egress.write().expect("egress lock") = Arc::new(policy);
    }

    /// The score and grade formula in force.
    pub fn scoring(&self) -> Arc<nivaran_domain::scoring::ScoreFormula> {
        self.scoring.read().expect("scoring lock").clone()
    }

    pub fn set_scoring(&self, formula: nivaran_domain::scoring::ScoreFormula) {
        *self.scoring.write().expect("scoring lock") = Arc::new(formula);
    }

    pub fn officer_policy(&self) -> Arc<OfficerPolicy> {
        self.officers.read().expect("officers lock").clone()
    }

    pub fn set_officer_policy(&self, policy: OfficerPolicy) {
        *self.officers.write().expect("officers lock") = Arc::new(policy);
    }

    pub async fn reload_master(&self) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let loaded = MasterData::load(&mut conn).await?;
        drop(conn);
        *self.master.write().expect("master data lock") = Arc::new(loaded);
        // A new database counts its figures from the start.
        self.count_from_empty().await
    }

    /// A write transaction. On SQLite it takes the write lock up front (`BEGIN IMMEDIATE`) so two
    /// writers never deadlock upgrading read locks, and writers of this process queue for it in
    /// turn first: SQLite's own waiting writers sleep and retry, which under load costs more in
    /// waiting than the writes themselves.
    pub async fn begin_write(&self) -> Result<WriteTx> {
        Ok(match self.engine {
            Engine::Sqlite => {
                let turn = self.writer.clone().lock_owned().await;
                WriteTx {
                    tx: self.pool.begin_with("BEGIN IMMEDIATE").await?,
                    _turn: Some(turn),
                }
            }
            Engine::Postgres => WriteTx {
                tx: self.pool.begin().await?,
                _turn: None,
            },
        })
    }

    /// Refreshes the query planner's statistics where they are missing or stale, so that it
    /// picks the office's index for an inbox rather than scanning every open case in the state.
    /// Cheap (SQLite samples; PostgreSQL's autovacuum does the rest on its own).
    pub async fn optimize(&self) -> Result<()> {
        if let Some(statement) = self.engine.quick_statistics() {
            sqlx::raw_sql(statement).execute(&self.pool).await?;
        }
        Ok(())
    }

    /// Collects full statistics after a bulk load (both engines).
    pub async fn analyze(&self) -> Result<()> {
        sqlx::raw_sql(self.engine.full_statistics())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// True when the database answers.
    pub fn files_dir(&self) -> &Path {
        &self.files_dir
    }

    /// SQLite: an online, consistent copy of the database into `target` (VACUUM INTO).
    pub async fn backup_sqlite(&self, target: &Path) -> Result<()> {
        if self.engine != Engine::Sqlite {
            return Err(StoreError::Unsupported(msg!(
                "store-mod-backup-sqlite-only"
            )));
        }
        if target.exists() {
            return Err(StoreError::Unsupported(msg!(
                "store-mod-backup-exists",
                path = target.display().to_string()
            )));
        }
        let path = target.to_string_lossy().replace('\'', "''");
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("VACUUM INTO '{path}'")))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Lists every user table and its columns, for the test that keeps both schemas in step.
    pub async fn schema_columns(&self) -> Result<Vec<(String, String)>> {
        let sql = self.engine.table_columns_query();
        Ok(sqlx::query_as::<_, (String, String)>(sql)
            .fetch_all(&self.pool)
            .await?)
    }
}
