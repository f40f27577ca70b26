//! What a node counts for Prometheus (issue 19): requests by route, the intake's groups, the
//! outbox's deliveries, the workers' jobs, the database pool, open and overdue cases. One
//! [`Metrics`] per store (each test's app has its own); `/metrics` writes it in Prometheus's
//! text format (0.0.4) after the store has refreshed the figures it reads from the database.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::metrics::{MetricType, TypedMetric};
use prometheus_client::registry::{Metric, Registry};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

/// The content type of the text `/metrics` answers with.
pub const CONTENT_TYPE: &str = prometheus_client::encoding::prometheus_text::CONTENT_TYPE;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RequestLabels {
    /// The route's template (`/api/v1/grievances/{regno}`), never the path (which holds
    /// numbers); `unmatched` for a path no route has.
    pub route: String,
    pub method: String,
    pub status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub route: String,
    pub method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ChannelLabels {
    pub channel: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct DeliveryLabels {
    pub channel: String,
    /// sent, failed (to be retried), dead (given up) or rejected (refused before sending).
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct OutboxLabels {
    pub status: String,
    pub channel: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobLabels {
    pub job: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct JobOutcomeLabels {
    pub job: String,
    /// ok or failed.
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct PoolLabels {
    /// in_use or idle.
    pub state: String,
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;
type TimeGauge = Gauge<f64, AtomicU64>;

/// Seconds a request takes: from a millisecond to a minute.
fn request_seconds() -> Histogram {
    Histogram::new([
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0,
    ])
}

/// Seconds a message waits from written to sent: from a second to a day.
fn delivery_seconds() -> Histogram {
    Histogram::new([
        1.0,
        5.0,
        15.0,
        60.0,
        300.0,
        900.0,
        3600.0,
        4.0 * 3600.0,
        24.0 * 3600.0,
    ])
}

/// Seconds a worker's job takes: from 10 ms to an hour.
fn job_seconds() -> Histogram {
    Histogram::new([0.01, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 900.0, 3600.0])
}

/// Registers metrics, and notes each family's name as `/metrics` writes it (a family with no
/// series yet is not written at all, so its name is known only from here).
struct Registrar<'a> {
    registry: &'a mut Registry,
    families: &'a mut Vec<String>,
}

impl Registrar<'_> {
    fn register<M: Metric + TypedMetric>(&mut self, name: &str, help: &str, metric: M) {
        let suffix = if M::TYPE == MetricType::Counter {
            "_total"
        } else {
            ""
        };
        self.families.push(format!("nivaran_{name}{suffix}"));
        self.registry.register(name, help, metric);
    }
}

/// Every metric a node exposes, and the registry that writes them.
pub struct Metrics {
    registry: Registry,
    pub requests: Family<RequestLabels, Counter>,
    pub request_seconds: HistogramFamily<RouteLabels>,
    /// Filings written in one group (one transaction).
    pub intake_group_size: Histogram,
    /// Filings waiting for their group to be written.
    pub intake_waiting: Gauge,
    pub deliveries: Family<DeliveryLabels, Counter>,
    pub delivery_seconds: HistogramFamily<ChannelLabels>,
    /// Outbox messages not yet sent, by status and channel (read from the database).
    pub outbox_messages: Family<OutboxLabels, Gauge>,
    pub job_runs: Family<JobOutcomeLabels, Counter>,
    pub job_seconds: HistogramFamily<JobLabels>,
    /// When each job last finished on any node (read from the database).
    pub job_last_finished: Family<JobLabels, TimeGauge>,
    pub escalations: Counter,
    pub pool_connections: Family<PoolLabels, Gauge>,
    pub pool_max: Gauge,
    /// Whether the database answered the last scrape's reads.
    pub database_up: Gauge,
    pub cases_open: Gauge,
    pub cases_overdue: Gauge,
    /// Seconds since this node's worker last came round (-1: it runs no worker).
    pub worker_heartbeat_age: TimeGauge,
    /// How far the read replica was behind when last measured (-1: unreachable or not a
    /// standby; 0 without a replica, when `replica_in_use` is 0 too).
    pub replica_lag_seconds: TimeGauge,
    /// 1 while figures, searches and exports read from the replica, 0 while they fall back.
    pub replica_in_use: Gauge,
    /// When each job this node runs was claimed (for its duration).
    started: Mutex<HashMap<String, Instant>>,
    /// When the open and overdue cases were last counted.
    pub cases_counted: Mutex<Option<Instant>>,
    /// Each family's name as `/metrics` writes it (a counter's with `_total`).
    families: Vec<String>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut metrics = Metrics {
            registry: Registry::with_prefix("nivaran"),
            requests: Family::default(),
            request_seconds: Family::new_with_constructor(request_seconds),
            intake_group_size: Histogram::new([1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0]),
            intake_waiting: Gauge::default(),
            deliveries: Family::default(),
            delivery_seconds: Family::new_with_constructor(delivery_seconds),
            outbox_messages: Family::default(),
            job_runs: Family::default(),
            job_seconds: Family::new_with_constructor(job_seconds),
            job_last_finished: Family::default(),
            escalations: Counter::default(),
            pool_connections: Family::default(),
            pool_max: Gauge::default(),
            database_up: Gauge::default(),
            cases_open: Gauge::default(),
            cases_overdue: Gauge::default(),
            worker_heartbeat_age: Gauge::default(),
            replica_lag_seconds: Gauge::default(),
            replica_in_use: Gauge::default(),
            started: Mutex::new(HashMap::new()),
            cases_counted: Mutex::new(None),
            families: Vec::new(),
        };
        let mut families = Vec::new();
        let r = &mut Registrar {
            registry: &mut metrics.registry,
            families: &mut families,
        };
        r.register(
            "http_requests",
            "HTTP requests answered, by route template, method and status",
            metrics.requests.clone(),
        );
        r.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route template and method",
            metrics.request_seconds.clone(),
        );
        r.register(
            "intake_group_size",
            "Filings committed together in one transaction",
            metrics.intake_group_size.clone(),
        );
        r.register(
            "intake_waiting",
            "Filings accepted and waiting for their group to be written",
            metrics.intake_waiting.clone(),
        );
        r.register(
            "outbox_deliveries",
            "Outbox messages this node tried to deliver, by channel and outcome",
            metrics.deliveries.clone(),
        );
        r.register(
            "outbox_delivery_latency_seconds",
            "Time from a message's writing to its sending, by channel",
            metrics.delivery_seconds.clone(),
        );
        r.register(
            "outbox_messages",
            "Outbox messages not yet sent, by status and channel",
            metrics.outbox_messages.clone(),
        );
        r.register(
            "job_runs",
            "Worker jobs this node ran, by job and outcome",
            metrics.job_runs.clone(),
        );
        r.register(
            "job_duration_seconds",
            "Time a worker job took on this node (deadline_sweep is the deadline sweep)",
            metrics.job_seconds.clone(),
        );
        r.register(
            "job_last_finished_timestamp_seconds",
            "When a job last finished on any node (Unix time)",
            metrics.job_last_finished.clone(),
        );
        r.register(
            "escalations",
            "Cases and parts escalated by this node's deadline sweeps",
            metrics.escalations.clone(),
        );
        r.register(
            "db_pool_connections",
            "Database connections of this node's pool, in use or idle",
            metrics.pool_connections.clone(),
        );
        r.register(
            "db_pool_max_connections",
            "The most connections this node's pool opens; requests beyond wait, up to [database] acquire_timeout_seconds",
            metrics.pool_max.clone(),
        );
        r.register(
            "database_up",
            "1 when the database answered this scrape's reads, else 0",
            metrics.database_up.clone(),
        );
        r.register(
            "cases_open",
            "Cases not yet disposed of or closed",
            metrics.cases_open.clone(),
        );
        r.register(
            "cases_overdue",
            "Open cases past their deadline",
            metrics.cases_overdue.clone(),
        );
        r.register(
            "worker_heartbeat_age_seconds",
            "Seconds since this node's worker loop last came round (-1: no worker runs here)",
            metrics.worker_heartbeat_age.clone(),
        );
        r.register(
            "database_replica_lag_seconds",
            "How far the read replica was behind the primary when last measured (-1: unreachable or not a standby)",
            metrics.replica_lag_seconds.clone(),
        );
        r.register(
            "database_replica_in_use",
            "1 while dashboards, reports, search and exports read from the replica, 0 while they read the primary",
            metrics.replica_in_use.clone(),
        );
        metrics.families = families;
        metrics
    }

    /// The names of the families this node exposes, as `/metrics` writes them.
    pub fn families(&self) -> &[String] {
        &self.families
    }

    /// Counts an answered request.
    pub fn request(&self, route: &str, method: &str, status: u16, took: Duration) {
        self.requests
            .get_or_create(&RequestLabels {
                route: route.to_string(),
                method: method.to_string(),
                status: status.to_string(),
            })
            .inc();
        self.request_seconds
            .get_or_create(&RouteLabels {
                route: route.to_string(),
                method: method.to_string(),
            })
            .observe(took.as_secs_f64());
    }

    /// Counts what a delivery round on `channel` did.
    pub fn delivered(
        &self,
        channel: &str,
        sent: usize,
        failed: usize,
        dead: usize,
        rejected: usize,
    ) {
        for (outcome, n) in [
            ("sent", sent),
            ("failed", failed),
            ("dead", dead),
            ("rejected", rejected),
        ] {
            if n > 0 {
                self.deliveries
                    .get_or_create(&DeliveryLabels {
                        channel: channel.to_string(),
                        outcome: outcome.to_string(),
                    })
                    .inc_by(n as u64);
            }
        }
    }

    /// A message on `channel` went out `waited` after it was written.
    pub fn sent_after(&self, channel: &str, waited: Duration) {
        self.delivery_seconds
            .get_or_create(&ChannelLabels {
                channel: channel.to_string(),
            })
            .observe(waited.as_secs_f64());
    }

    /// This node claimed `job` and runs it now.
    pub fn job_started(&self, job: &str) {
        if let Ok(mut started) = self.started.lock() {
            started.insert(job.to_string(), Instant::now());
        }
    }

    /// This node's run of `job` ended.
    pub fn job_finished(&self, job: &str, failed: bool) {
        let began = self.started.lock().ok().and_then(|mut s| s.remove(job));
        if let Some(began) = began {
            self.job_seconds
                .get_or_create(&JobLabels {
                    job: job.to_string(),
                })
                .observe(began.elapsed().as_secs_f64());
        }
        self.job_runs
            .get_or_create(&JobOutcomeLabels {
                job: job.to_string(),
                outcome: if failed { "failed" } else { "ok" }.to_string(),
            })
            .inc();
    }

    /// The metrics in Prometheus's text format.
    pub fn encode(&self) -> String {
        let mut text = String::new();
        // Writing into a String does not fail.
        let _ = prometheus_client::encoding::prometheus_text::encode(&mut text, &self.registry);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::Metrics;
    use std::time::Duration;

    #[test]
    fn requests_are_counted_by_route_template() {
        let metrics = Metrics::new();
        metrics.request(
            "/api/v1/grievances/{regno}",
            "GET",
            200,
            Duration::from_millis(3),
        );
        metrics.request(
            "/api/v1/grievances/{regno}",
            "GET",
            200,
            Duration::from_millis(7),
        );
        metrics.delivered("sms", 3, 1, 0, 0);
        let text = metrics.encode();
        assert!(
            text.contains(
                "nivaran_http_requests_total{route=\"/api/v1/grievances/{regno}\",method=\"GET\",status=\"200\"} 2"
            ),
            "{text}"
        );
        assert!(text.contains(
            "nivaran_http_request_duration_seconds_count{route=\"/api/v1/grievances/{regno}\",method=\"GET\"} 2"
        ));
        assert!(
            text.contains("nivaran_outbox_deliveries_total{channel=\"sms\",outcome=\"sent\"} 3")
        );
        assert!(!text.contains("outcome=\"dead\""));
    }
}
