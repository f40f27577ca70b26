//! The process's log and, when `[telemetry] otlp_endpoint` is set, its traces sent to an
//! OpenTelemetry collector over OTLP/HTTP (JSON encoding) (issue 19). Each request's span
//! carries its id (`X-Request-Id`), method and route template as attributes, so a trace is
//! found by the id a citizen or an operator quotes; the workers' jobs are spans too.
//! The export is the Cargo feature `otlp` (on by default; a build without it refuses the
//! setting rather than ignore it).

use serde::Deserialize;
use tracing_subscriber::Layer;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// `[telemetry]` in the configuration.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TelemetryConfig {
    /// The collector's OTLP/HTTP traces URL, e.g. `http://otel-collector:4318/v1/traces`.
    /// Unset: no traces are exported.
    pub otlp_endpoint: Option<String>,
    /// The `service.name` the traces are sent under.
    pub service_name: String,
    /// The share of requests traced, from 0 to 1 (a request's spans are kept or dropped
    /// together).
    pub sample_ratio: f64,
}

impl Default for TelemetryConfig {
    fn default() -> Self {
        TelemetryConfig {
            otlp_endpoint: None,
            service_name: "nivaran".into(),
            sample_ratio: 1.0,
        }
    }
}

impl TelemetryConfig {
    /// The section checked.
    pub fn resolved(self) -> Result<TelemetryConfig, String> {
        if !(0.0..=1.0).contains(&self.sample_ratio) {
            return Err("[telemetry] sample_ratio must be from 0 to 1".into());
        }
        if self.service_name.trim().is_empty() {
            return Err("[telemetry] service_name must not be empty".into());
        }
        if let Some(endpoint) = &self.otlp_endpoint {
            if !(endpoint.starts_with("http://") || endpoint.starts_with("https://")) {
                return Err("[telemetry] otlp_endpoint must be an http:// or https:// URL".into());
            }
            if !cfg!(feature = "otlp") {
                return Err(
                    "[telemetry] otlp_endpoint is set, but this nivaran was built without \
                            the otlp feature"
                        .into(),
                );
            }
        }
        Ok(self)
    }
}

/// Sends the traces' last batch when dropped (at the end of `main`).
pub struct TelemetryGuard {
    #[cfg(feature = "otlp")]
    provider: Option<opentelemetry_sdk::trace::SdkTracerProvider>,
}

impl Drop for TelemetryGuard {
    fn drop(&mut self) {
        #[cfg(feature = "otlp")]
        if let Some(provider) = self.provider.take()
            && let Err(e) = provider.shutdown()
        {
            eprintln!("the last traces were not sent: {e}");
        }
    }
}

type BoxedLayer = Box<dyn Layer<tracing_subscriber::Registry> + Send + Sync>;

/// What is logged: `NIVARAN_LOG` (an env-filter directive), by default INFO and sqlx's warnings.
fn log_filter() -> tracing_subscriber::EnvFilter {
    tracing_subscriber::EnvFilter::try_from_env("NIVARAN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"))
}

/// Logs to standard error (JSON lines when `NIVARAN_LOG_FORMAT=json`) and, when configured,
/// exports traces. Call once, within the Tokio runtime.
pub fn init(config: &TelemetryConfig) -> Result<TelemetryGuard, String> {
    // Colours only for a person at a terminal: a log file or journal gets plain text.
    let log = tracing_subscriber::fmt::layer()
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    let log: BoxedLayer = if std::env::var("NIVARAN_LOG_FORMAT").as_deref() == Ok("json") {
        log.json().with_filter(log_filter()).boxed()
    } else {
        log.compact().with_filter(log_filter()).boxed()
    };
    #[cfg(feature = "otlp")]
    let (provider, layers) = match &config.otlp_endpoint {
        Some(endpoint) => {
            let (provider, traces) = otlp::layer(endpoint, config)?;
            (Some(provider), vec![log, traces])
        }
        None => (None, vec![log]),
    };
    #[cfg(not(feature = "otlp"))]
    let layers = {
        let _ = config;
        vec![log]
    };
    tracing_subscriber::registry()
        .with(layers)
        .try_init()
        .map_err(|e| format!("cannot start logging: {e}"))?;
    Ok(TelemetryGuard {
        #[cfg(feature = "otlp")]
        provider,
    })
}

#[cfg(feature = "otlp")]
mod otlp {
    use super::{BoxedLayer, TelemetryConfig};
    use opentelemetry::trace::TracerProvider as _;
    use opentelemetry_http::{Bytes, HttpError, Request, Response};
    use opentelemetry_otlp::{Protocol, WithExportConfig, WithHttpConfig};
    use opentelemetry_sdk::trace::{Sampler, SdkTracerProvider};
    use std::future::Future;
    use std::pin::Pin;
    use tracing_subscriber::Layer;

    /// The exporter's HTTP client: the process's reqwest client, its requests run on the Tokio
    /// runtime. The SDK exports from a thread of its own, outside any runtime, where reqwest
    /// cannot run by itself.
    #[derive(Debug)]
    struct OnRuntime {
        client: reqwest::Client,
        runtime: tokio::runtime::Handle,
    }

    impl opentelemetry_http::HttpClient for OnRuntime {
        fn send_bytes<'a, 'b>(
            &'a self,
            request: Request<Bytes>,
        ) -> Pin<Box<dyn Future<Output = Result<Response<Bytes>, HttpError>> + Send + 'b>>
        where
            'a: 'b,
        {
            let client = self.client.clone();
            let sent = self.runtime.spawn(async move {
                let request = reqwest::Request::try_from(request)?;
                let response = client.execute(request).await?;
                let mut answer = Response::builder().status(response.status());
                if let Some(headers) = answer.headers_mut() {
                    *headers = response.headers().clone();
                }
                let body = response.bytes().await?;
                Ok::<_, HttpError>(answer.body(body)?)
            });
            Box::pin(async move { sent.await.map_err(|e| Box::new(e) as HttpError)? })
        }
    }

    pub(super) fn layer(
        endpoint: &str,
        config: &TelemetryConfig,
    ) -> Result<(SdkTracerProvider, BoxedLayer), String> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| format!("cannot make the OTLP client: {e}"))?;
        let runtime = tokio::runtime::Handle::try_current()
            .map_err(|_| "OTLP export needs the Tokio runtime".to_string())?;
        let exporter = opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .with_protocol(Protocol::HttpJson)
            .with_endpoint(endpoint)
            .with_http_client(OnRuntime { client, runtime })
            .build()
            .map_err(|e| format!("[telemetry] otlp_endpoint: {e}"))?;
        let resource = opentelemetry_sdk::Resource::builder()
            .with_service_name(config.service_name.clone())
            .with_attribute(opentelemetry::KeyValue::new(
                "service.version",
                crate::cli::VERSION,
            ))
            .build();
        // A request's spans are kept or dropped together: the sampler decides at its root.
        let sampler =
            Sampler::ParentBased(Box::new(Sampler::TraceIdRatioBased(config.sample_ratio)));
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_sampler(sampler)
            .with_resource(resource)
            .build();
        let tracer = provider.tracer("nivaran");
        // The spans of requests and jobs and what is logged in them at INFO and above, whatever
        // the log's own level (`NIVARAN_LOG=warn` keeps the journal quiet, not the traces).
        let layer = tracing_opentelemetry::layer()
            .with_tracer(tracer)
            .with_filter(tracing_subscriber::EnvFilter::new("info,sqlx=warn"))
            .boxed();
        Ok((provider, layer))
    }
}
