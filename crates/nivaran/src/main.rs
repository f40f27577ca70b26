use clap::Parser;
use nivaran::cli::{
    AuditCommand, Cli, Command, DuplicatesCommand, ExchangeCommand, StatsCommand, SuggestCommand,
    UserCommand,
};
use nivaran::config::Config;
use nivaran::store::{NewUser, Store};
use nivaran::{demo, server, worker};
use nivaran_domain::SystemClock;
use nivaran_domain::types::Role;
use std::io::BufRead;
use std::process::ExitCode;
use std::sync::Arc;

/// mimalloc instead of the system allocator: glibc gives each of the many threads (tokio's, one
/// per SQLite connection) its own arena and keeps what they freed, so a busy server's memory
/// grew past 500 MB; with mimalloc it stays near 150 MB, and allocation is faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn read_password(given: Option<String>) -> Result<String, String> {
    if let Some(p) = given {
        return Ok(p);
    }
    eprintln!("Password (one line on standard input):");
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    Ok(line.trim_end_matches(['\n', '\r']).to_string())
}

#[tokio::main]
async fn main() -> ExitCode {
    // One TLS crypto provider for every HTTPS client in the process (SMS gateways).
    nivaran::install_tls_provider();
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode, String> {
    std::fs::create_dir_all(&cli.data_dir)
        .map_err(|e| format!("cannot create {}: {e}", cli.data_dir.display()))?;
    let config = Config::load(&cli.data_dir, cli.config.as_deref())?;
    // The log (and the traces, when configured) from here on; the last traces are sent as the
    // guard is dropped, when the command ends.
    let _telemetry = nivaran::telemetry::init(&config.telemetry)?;
    let open = || async {
        let store = Store::open_with(
            &config.database_url,
            Arc::new(SystemClock),
            &config.data_dir.join("files"),
            config.database.acquire_timeout(),
        )
        .await
        .map_err(|e| format!("cannot open the database: {e}"))?;
        // The configuration's limits, SMS templates and score formula replace the defaults.
        store.set_limits(config.limits.clone());
        store.set_egress(config.egress.clone());
        store.set_social(config.social.clone());
        store.set_telephony(config.telephony.clone());
        store.set_whatsapp(config.whatsapp.clone());
        store.set_notifications(config.notifications()?);
        store.set_scoring(config.scoring.clone());
        store.set_officer_policy(config.officers.clone());
        store.set_monitoring(config.verification.clone(), config.audit.clone());
        nivaran::store::set_area_reviewer_departments(config.dashboards.area_reviewers.clone());
        store.set_public_cache(config.dashboards.public_cache());
        Ok::<Store, String>(store)
    };
    match cli.command {
        Command::Serve(args) => {
            let store = Arc::new(open().await?);
            // A served request waits on the database only so long (migrations, already run,
            // and the command-line tools are not bounded).
            store.bound_statements(config.database.statement_timeout());
            if let Some(url) = &config.database.read_url {
                store
                    .attach_replica(url, config.database.replica_max_lag())
                    .await
                    .map_err(|e| format!("cannot use the read replica: {e}"))?;
            }
            if args.demo {
                load_demo(&store, &config).await?;
                // The demo shows the practice of seed 003: an officer accepting a case says by
                // when it will be resolved (unless the configuration says otherwise).
                if config.officers.eta_required_states.is_none() {
                    store.set_officer_policy(nivaran::store::OfficerPolicy {
                        eta_required_states: Some(vec!["*".into()]),
                    });
                }
            }
            // The workers run beside the web service unless they run elsewhere.
            let (stop, stopped) = tokio::sync::watch::channel(false);
            let workers = (!args.no_workers)
                .then(|| tokio::spawn(worker::run(store.clone(), config.clone(), stopped)));
            let served = server::serve(store, &config, args.port, args.bind)
                .await
                .map_err(|e| e.to_string());
            let _ = stop.send(true);
            if let Some(workers) = workers {
                // A delivery in progress may finish; the process exits within the grace anyway.
                match tokio::time::timeout(config.server.shutdown_grace, workers).await {
                    Ok(Ok(Err(e))) => tracing::error!(error = %e, "workers failed"),
                    Ok(Err(e)) => tracing::error!(error = %e, "workers panicked"),
                    Ok(Ok(Ok(()))) => {}
                    Err(_) => tracing::warn!("workers still busy after the grace period"),
                }
            }
            served?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            open().await?;
            println!("database is up to date");
            Ok(ExitCode::SUCCESS)
        }
        Command::Import(args) => {
            let store = open().await?;
            if let Some(file) = args.grievances {
                let report = store.import_grievances(&file).await.map_err(said)?;
                println!(
                    "imported {} grievances with {} events",
                    report.grievances, report.events
                );
            } else if let Some(dir) = args.dir {
                let report = store.import_master_data(&dir).await.map_err(said)?;
                println!(
                    "imported {} jurisdictions, {} departments, {} offices, {} categories, {} routing rules, {} holidays, {} users",
                    report.jurisdictions,
                    report.departments,
                    report.offices,
                    report.categories,
                    report.routing_rules,
                    report.holidays,
                    report.users
                );
            } else {
                return Err(
                    "give a directory of master-data CSV files, or --grievances FILE".into(),
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::User(command) => {
            let store = open().await?;
            match command {
                UserCommand::Add {
                    username,
                    full_name,
                    role,
                    office,
                    jurisdiction,
                    mobile,
                    email,
                    password,
                } => {
                    let role = Role::parse(&role)
                        .ok_or_else(|| format!("role must be one of: {}", Role::codes()))?;
                    let password = read_password(password)?;
                    let user = store
                        .admin_add_user(
                            NewUser {
                                username,
                                full_name,
                                role,
                                office_code: office,
                                jurisdiction_code: jurisdiction,
                                mobile,
                                email,
                                password,
                                mobile_verified: false,
                            },
                            &cli_actor("user add"),
                        )
                        .await
                        .map_err(said)?;
                    println!("added {} ({})", user.username, user.role);
                }
                UserCommand::Passwd { username, password } => {
                    let password = read_password(password)?;
                    // Recorded in the administration log, and the account's sessions end.
                    store
                        .admin_set_password(&username, &password, &cli_actor("user passwd"))
                        .await
                        .map_err(said)?;
                    println!("password set for {username}");
                }
                UserCommand::List => {
                    for user in store.list_users().await.map_err(said)? {
                        println!("{}\t{}\t{}", user.username, user.role, user.full_name);
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(AuditCommand::Verify {
            checkpoints,
            public_key,
        }) => {
            let store = open().await?;
            let chains = store.verify_chains().await.map_err(said)?;
            let file =
                checkpoints.unwrap_or_else(|| config.audit_log.checkpoint_path(&config.data_dir));
            let (outside, inside) =
                nivaran::audit_log::checkpoints_outside_and_inside(&store, &file).await?;
            let key = nivaran::audit_log::trusted_key(
                public_key.as_deref(),
                &config.audit_log,
                &config.data_dir,
            )?;
            let log =
                nivaran::audit_log::verify_log(&store, &outside, &inside, key.as_ref()).await?;
            let mut problems = Vec::new();
            problems.extend(chains.first_broken.clone());
            problems.extend(log.problems.clone());
            if problems.is_empty() {
                println!(
                    "audit trail intact: {} grievances, {} events, every link verified, every record what its events make it",
                    chains.grievances, chains.events
                );
                match log.latest {
                    Some((pos, at)) => println!(
                        "log: {} entries; {} signed checkpoints match, the latest at position {pos} ({})",
                        log.entries,
                        log.checkpoints_verified,
                        nivaran_domain::Timestamp(at).to_rfc3339_ist()
                    ),
                    None => println!(
                        "log: {} entries; no checkpoint yet to check them against",
                        log.entries
                    ),
                }
                if log.untrusted > 0 {
                    println!(
                        "warning: {} checkpoints in the database not checked: no key given (--public-key), configured or in a checkpoint file to trust",
                        log.untrusted
                    );
                }
                Ok(ExitCode::SUCCESS)
            } else {
                println!("AUDIT TRAIL BROKEN");
                for problem in problems {
                    println!("- {problem}");
                }
                Ok(ExitCode::from(1))
            }
        }
        Command::Audit(AuditCommand::Checkpoint) => {
            let store = open().await?;
            match nivaran::audit_log::checkpoint_now(&store, &config.audit_log, &config.data_dir)
                .await?
            {
                Some(c) => println!(
                    "checkpoint signed: position {} head {} (public key {})",
                    c.pos, c.head, c.public_key
                ),
                None => println!("nothing new since the last checkpoint"),
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Duplicates(DuplicatesCommand::Check { seconds, every }) => {
            let store = open().await?;
            loop {
                let started = std::time::Instant::now();
                let report = store
                    .run_duplicate_check(seconds.map(std::time::Duration::from_secs))
                    .await
                    .map_err(said)?;
                println!(
                    "{} cases checked, {} likely duplicates found, in {} ms{}",
                    report.checked,
                    report.found,
                    started.elapsed().as_millis(),
                    if report.more_left {
                        "; more are left for the next run"
                    } else {
                        ""
                    }
                );
                let Some(every) = every else { break };
                tokio::time::sleep(std::time::Duration::from_secs(every)).await;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats(command) => {
            let store = open().await?;
            let mend = matches!(command, StatsCommand::Rebuild);
            let report = store.recount_figures(mend).await.map_err(said)?;
            if report.busy {
                eprintln!("another node is recounting the figures now; try again when it is done");
                return Ok(ExitCode::FAILURE);
            }
            println!(
                "{} cases counted against {} pre-counted rows in {} ms: {} rows differ{}{}",
                report.cases,
                report.rows,
                report.millis,
                report.differences,
                if report.mended && report.differences > 0 {
                    ", mended"
                } else {
                    ""
                },
                if report.folded > 0 {
                    format!("; {} rows of days long past folded", report.folded)
                } else {
                    String::new()
                }
            );
            for example in &report.examples {
                println!("  {example}");
            }
            Ok(if report.differences > 0 && !mend {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Suggest(SuggestCommand::Train) => {
            let store = open().await?;
            let report = store.train_suggestions().await.map_err(said)?;
            println!(
                "category suggestion trained on {} cases and the master data of {} categories in {} ms",
                report.cases, report.categories, report.millis
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Suggest(SuggestCommand::Eval { file, misses }) => {
            let store = open().await?;
            let text =
                std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let labelled = nivaran::store::read_labelled(&text)
                .map_err(|e| format!("{}: {e}", file.display()))?;
            let e = store.evaluate_suggestions(&labelled).await.map_err(said)?;
            if misses {
                for (text, category, suggested) in &e.misses {
                    println!("{category}\t{}\t{text}", suggested.join(" "));
                }
            }
            println!(
                "{} texts: top-1 {:.1} %, top-3 {:.1} %; a suggestion takes {} µs (p50), {} µs (p99)",
                e.texts,
                e.top1 * 100.0,
                e.top3 * 100.0,
                e.p50_micros,
                e.p99_micros
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Exchange(ExchangeCommand::Pull { name }) => {
            let exchanges: Vec<_> = config
                .exchange
                .iter()
                .filter(|e| name.as_ref().is_none_or(|n| *n == e.name))
                .collect();
            if exchanges.is_empty() {
                return Err(match name {
                    Some(n) => format!("no [[exchange]] named '{n}' in the configuration"),
                    None => "no [[exchange]] in the configuration".into(),
                });
            }
            let store = open().await?;
            let mut failed = false;
            for exchange in exchanges {
                let client = nivaran::exchange::client(exchange)?;
                match nivaran::exchange::pull(&store, &client, exchange).await {
                    Ok(r) => println!(
                        "{}: {} filed, {} already filed, {} not filed (see /admin/exchange), {} without a number",
                        exchange.name, r.filed, r.already, r.failed, r.unreadable
                    ),
                    Err(e) => {
                        eprintln!("{}: {e}", exchange.name);
                        failed = true;
                    }
                }
            }
            Ok(if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            })
        }
        Command::Worker { once } => {
            let store = Arc::new(open().await?);
            if once {
                let gateways = worker::Gateways::from_config(&config)?;
                worker::run_once(&store, &gateways, &config, &worker::worker_id()).await?;
            } else {
                let (stop, stopped) = tokio::sync::watch::channel(false);
                tokio::spawn(async move {
                    let _ = tokio::signal::ctrl_c().await;
                    let _ = stop.send(true);
                });
                worker::run(store, config.clone(), stopped).await?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { target } => {
            let store = open().await?;
            store.backup_sqlite(&target).await.map_err(said)?;
            println!("backup written to {}", target.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// First run with --demo: master data, users with the demo password, sample cases.
async fn load_demo(store: &Store, config: &Config) -> Result<(), String> {
    if store.master().jurisdictions.is_empty() {
        let dir = config.data_dir.join("demo-data");
        demo::write_files(&dir).map_err(|e| e.to_string())?;
        let report = store.import_master_data(&dir).await.map_err(said)?;
        store
            .set_missing_passwords(demo::DEMO_PASSWORD)
            .await
            .map_err(said)?;
        let samples = demo::file_samples(store).await.map_err(said)?;
        println!(
            "Loaded the demo dataset: {} jurisdictions, {} offices, {} categories, {} users, {} sample cases.",
            report.jurisdictions, report.offices, report.categories, report.users, samples
        );
    } else {
        store
            .set_missing_passwords(demo::DEMO_PASSWORD)
            .await
            .map_err(said)?;
        println!("Demo data already loaded.");
    }
    println!(
        "\nDemo logins (every demo user's password is: {}):",
        demo::DEMO_PASSWORD
    );
    for username in [
        "admin",
        "operator.rewari",
        "officer.nodal.rewari",
        "officer.phed.khol",
        "officer.phed.rewari",
        "supervisor.phed.rewari",
        "verifier",
        "auditor",
    ] {
        if let Ok(user) = store.user_by_username(username).await {
            println!(
                "  {:<26} {:<11} {}",
                user.username, user.role, user.full_name
            );
        }
    }
    println!("  … and every user in data/demo/users.csv (`nivaran user list` shows them all)\n");
    Ok(())
}

/// Who the administration log names for a change made at the command line.
fn cli_actor(command: &str) -> nivaran::store::Actor {
    let mut actor = nivaran::store::Actor::system();
    actor.label = format!("nivaran {command}");
    actor
}

/// A store error as the command line says it: in English, from the same messages the API and the
/// pages use.
fn said(error: nivaran::store::StoreError) -> String {
    nivaran::present::store_error(&error, nivaran::present::i18n::Lang::En)
}
