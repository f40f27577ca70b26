//! `nivaran-bench`: the benchmark harness, apart from the server (its histograms and progress
//! bars are not compiled into `nivaran`). Results and how to reproduce them: BENCHMARKS.md.

use clap::{Parser, Subcommand};
use nivaran::config::Config;
use nivaran::demo;
use nivaran::store::Store;
use nivaran_bench::{generate, load};
use nivaran_domain::SystemClock;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

/// The same allocator as `nivaran`, so a generated dataset is written as fast as the server would.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Debug, Parser)]
#[command(
    name = "nivaran-bench",
    version,
    about = "Nivaran's benchmark harness: generate a dataset, drive a running server, time a sweep"
)]
struct Cli {
    /// The data directory of the `nivaran` whose database is filled or swept.
    #[arg(
        long,
        global = true,
        env = "NIVARAN_DATA_DIR",
        default_value = "./nivaran-data"
    )]
    data_dir: PathBuf,
    /// A configuration file (default: DATA_DIR/nivaran.toml when it exists).
    #[arg(long, global = true, env = "NIVARAN_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: BenchCommand,
}

#[derive(Debug, Subcommand)]
enum BenchCommand {
    /// Generate grievances with their histories into the database (loads the demo master data
    /// and users first if the database has none).
    Generate {
        /// How many grievances.
        #[arg(long, default_value_t = 2_000_000)]
        count: u64,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// Grievances per transaction.
        #[arg(long, default_value_t = 2000)]
        batch: usize,
        /// `year`: a year of filings as a state sees them; `sweep`: all open, `--due` of them
        /// past their deadline.
        #[arg(long, default_value = "year")]
        profile: String,
        /// With `--profile sweep`: how many are due to escalate.
        #[arg(long, default_value_t = 100_000)]
        due: u64,
        /// The day the generated year ends, YYYY-MM-DD (default: today). The same seed and day
        /// give the same data.
        #[arg(long)]
        until: Option<String>,
    },
    /// Drive a running `nivaran serve` over HTTP and report throughput and latency.
    Load {
        #[arg(long, default_value = "http://127.0.0.1:8080")]
        url: String,
        /// Simultaneous clients.
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
        /// Seconds measured.
        #[arg(long, default_value_t = 30)]
        duration: u64,
        /// Seconds run before measuring.
        #[arg(long, default_value_t = 5)]
        warmup: u64,
        /// Scenarios and weights: file, inbox, case, act, search, track.
        #[arg(
            long,
            default_value = "file:30,inbox:20,case:25,act:10,search:10,track:5"
        )]
        mix: String,
        /// The demo users' password.
        #[arg(
            long,
            env = "NIVARAN_BENCH_PASSWORD",
            default_value = "nivaran-demo-2026"
        )]
        password: String,
        /// The server's process id, to sample its resident memory.
        #[arg(long)]
        server_pid: Option<u32>,
        /// Also write the report as JSON to this file.
        #[arg(long)]
        json: Option<PathBuf>,
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Queue the deadline sweep's messages, deliver them to a fake SMS gateway on 127.0.0.1
    /// with the worker's own loop, and ask for a one-time password meanwhile: messages a
    /// second, and how long the password waited.
    Delivery {
        /// Milliseconds the fake gateway takes to answer each message.
        #[arg(long, default_value_t = 50)]
        latency_ms: u64,
        /// The gateway's rate (`[sms] rate_per_second`).
        #[arg(long, default_value_t = 250)]
        rate: u32,
        /// Messages in flight at once (`[sms] parallel`).
        #[arg(long, default_value_t = 16)]
        parallel: u32,
        /// Seconds after delivery starts that the password is asked for.
        #[arg(long, default_value_t = 5)]
        otp_after: u64,
        /// Also write the report as JSON to this file.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Time the deadline sweep over the database, twice (the second must escalate nothing).
    Sweep {
        /// Also write the report as JSON to this file.
        #[arg(long)]
        json: Option<PathBuf>,
    },
}

#[tokio::main]
async fn main() -> ExitCode {
    nivaran::install_tls_provider();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The database of the data directory, configured as `nivaran` configures it.
async fn open(config: &Config) -> Result<Store, String> {
    let store = Store::open(
        &config.database_url,
        Arc::new(SystemClock),
        &config.data_dir.join("files"),
    )
    .await
    .map_err(|e| format!("cannot open the database: {e}"))?;
    store.set_limits(config.limits.clone());
    store.set_notifications(config.notifications()?);
    Ok(store)
}

fn write_json(path: Option<PathBuf>, report: &impl serde::Serialize) -> Result<(), String> {
    if let Some(path) = path {
        let text = serde_json::to_string_pretty(report).map_err(|e| e.to_string())?;
        std::fs::write(&path, text).map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        BenchCommand::Generate {
            count,
            seed,
            batch,
            profile,
            due,
            until,
        } => {
            std::fs::create_dir_all(&cli.data_dir)
                .map_err(|e| format!("cannot create {}: {e}", cli.data_dir.display()))?;
            let config = Config::load(&cli.data_dir, cli.config.as_deref())?;
            let until = until
                .map(|d| {
                    time::Date::parse(
                        d.trim(),
                        &time::format_description::well_known::Iso8601::DATE,
                    )
                    .map_err(|_| format!("--until must be a date written YYYY-MM-DD, not '{d}'"))
                })
                .transpose()?;
            let profile = match profile.as_str() {
                "year" => generate::Profile::Year,
                "sweep" => generate::Profile::Sweep {
                    due: due.min(count),
                },
                other => return Err(format!("--profile must be year or sweep, not '{other}'")),
            };
            let store = open(&config).await?;
            if store.master().jurisdictions.is_empty() {
                let dir = config.data_dir.join("demo-data");
                demo::write_files(&dir).map_err(|e| e.to_string())?;
                store
                    .import_master_data(&dir)
                    .await
                    .map_err(|e| e.to_string())?;
                store
                    .set_missing_passwords(demo::DEMO_PASSWORD)
                    .await
                    .map_err(|e| e.to_string())?;
                println!("Loaded the demo master data and users.");
            }
            let bar = indicatif::ProgressBar::new(count);
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "{elapsed_precise} [{wide_bar}] {pos}/{len} grievances, {per_sec}, {eta} left",
                )
                .map_err(|e| e.to_string())?,
            );
            let options = generate::GenerateOptions {
                count,
                seed,
                batch,
                profile,
                until,
            };
            let report = generate::generate(&store, &options, |n| bar.set_position(n)).await?;
            bar.finish();
            println!(
                "generated {} grievances with {} events ({} open) in {:.1} s: {:.0} grievances/s",
                report.grievances,
                report.events,
                report.open,
                report.seconds,
                report.grievances as f64 / report.seconds.max(0.001)
            );
            Ok(())
        }
        BenchCommand::Load {
            url,
            concurrency,
            duration,
            warmup,
            mix,
            password,
            server_pid,
            json,
            seed,
        } => {
            // The load generator talks to a server over HTTP; it opens no database.
            let options = load::LoadOptions {
                url,
                concurrency: concurrency.max(1),
                duration: std::time::Duration::from_secs(duration.max(1)),
                warmup: std::time::Duration::from_secs(warmup),
                mix: load::parse_mix(&mix)?,
                password,
                server_pid,
                seed,
            };
            let report = load::run(&options).await?;
            print!("{}", load::table(&report));
            write_json(json, &report)
        }
        BenchCommand::Delivery {
            latency_ms,
            rate,
            parallel,
            otp_after,
            json,
        } => {
            let config = Config::load(&cli.data_dir, cli.config.as_deref())?;
            let store = Arc::new(open(&config).await?);
            let options = nivaran_bench::delivery::DeliveryOptions {
                latency: std::time::Duration::from_millis(latency_ms),
                rate_per_second: rate,
                parallel,
                otp_after: std::time::Duration::from_secs(otp_after),
            };
            let report = nivaran_bench::delivery::run(store, &options).await?;
            println!(
                "{} SMS queued; {} delivered in {:.1} s: {:.0} messages/s (gateway answering in {} ms, rate {}/s, {} at once, at most {} in flight); the one-time password waited {:.0} ms, with {} still queued behind it",
                report.queued_before,
                report.delivered,
                report.seconds,
                report.messages_per_second,
                report.latency_ms,
                report.rate_per_second,
                report.parallel,
                report.most_in_flight,
                report.otp_wait_ms,
                report.queued_when_otp_arrived
            );
            write_json(json, &report)
        }
        BenchCommand::Sweep { json } => {
            let config = Config::load(&cli.data_dir, cli.config.as_deref())?;
            let store = open(&config).await?;
            let report = nivaran_bench::sweep(&store).await?;
            println!(
                "{} open cases, {} due to escalate: first sweep {:.1} s ({} escalations), second {:.1} s ({}); at most {} escalation(s) per case",
                report.open_cases,
                report.due_to_escalate,
                report.first_seconds,
                report.first_escalations,
                report.second_seconds,
                report.second_escalations,
                report.most_escalations_per_case
            );
            println!("first: {:?}\nsecond: {:?}", report.first, report.second);
            write_json(json, &report)
        }
    }
}
