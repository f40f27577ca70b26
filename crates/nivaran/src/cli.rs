//! The `nivaran` command line.

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// The version and the commit built from (see build.rs): `0.1.0 (3f2a9c1d2e)`.
pub const VERSION: &str = concat!(env!("CARGO_PKG_VERSION"), " (", env!("NIVARAN_COMMIT"), ")");

#[derive(Debug, Parser)]
#[command(
    name = "nivaran",
    version = VERSION,
    about = "Nivaran (निवारण): public-grievance redressal system"
)]
pub struct Cli {
    /// Where the database, uploaded files and nivaran.toml live.
    #[arg(
        long,
        global = true,
        env = "NIVARAN_DATA_DIR",
        default_value = "./nivaran-data"
    )]
    pub data_dir: PathBuf,
    /// A configuration file (default: DATA_DIR/nivaran.toml when it exists).
    #[arg(long, global = true, env = "NIVARAN_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web service (creates and migrates the database on first run).
    Serve(ServeArgs),
    /// Create or upgrade the database schema, then exit.
    Migrate,
    /// Load master data from a directory of CSV files (docs/MASTER-DATA.md), or historical
    /// grievances from a JSON-lines file with --grievances.
    Import(ImportArgs),
    /// Manage user accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Check the audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Category suggestions from a citizen's words.
    #[command(subcommand)]
    Suggest(SuggestCommand),
    /// Likely duplicate and repeat petitions.
    #[command(subcommand)]
    Duplicates(DuplicatesCommand),
    /// Other grievance portals (`[[exchange]]` in the configuration).
    #[command(subcommand)]
    Exchange(ExchangeCommand),
    /// The dashboards' pre-counted figures.
    #[command(subcommand)]
    Stats(StatsCommand),
    /// Run the background workers alone (outbox delivery, deadline sweeps), without the web service.
    Worker {
        /// One round, then exit (for cron-style use and tests).
        #[arg(long)]
        once: bool,
    },
    /// Copy the SQLite database, consistently, while the service runs.
    Backup {
        /// The file to write (must not exist).
        target: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum ExchangeCommand {
    /// Pull the portals' transferred grievances now (the worker does it on each exchange's
    /// interval) and say what became of them.
    Pull {
        /// Only the exchange of this name.
        #[arg(long)]
        name: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// TCP port to listen on (also NIVARAN_PORT; default 8080).
    #[arg(long)]
    pub port: Option<u16>,
    /// Address to listen on (also NIVARAN_BIND; default 127.0.0.1).
    #[arg(long)]
    pub bind: Option<String>,
    /// Load the demo dataset and demo users (first run only) and print their logins.
    #[arg(long)]
    pub demo: bool,
    /// Do not run the background workers in this process (run `nivaran worker` elsewhere).
    #[arg(long)]
    pub no_workers: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Directory of master-data CSV files.
    pub dir: Option<PathBuf>,
    /// A JSON-lines file of historical grievances with their events.
    #[arg(long, conflicts_with = "dir")]
    pub grievances: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user. The password comes from --password, NIVARAN_PASSWORD or standard input.
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// citizen, operator, officer, supervisor, verifier, auditor or admin
        #[arg(long)]
        role: String,
        /// Office code (officers and supervisors).
        #[arg(long)]
        office: Option<String>,
        /// Jurisdiction code (operators, verifiers, auditors: the area they cover).
        #[arg(long)]
        jurisdiction: Option<String>,
        #[arg(long)]
        mobile: Option<String>,
        /// E-mail address for the daily digest.
        #[arg(long)]
        email: Option<String>,
        #[arg(long, env = "NIVARAN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Set a user's password (and unlock the account).
    Passwd {
        username: String,
        #[arg(long, env = "NIVARAN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// List users.
    List,
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify every case's hash chain and that its record is what its events make it, and the
    /// whole log against its signed checkpoints; exits 1 and says what first differs.
    Verify {
        /// Checkpoints to check against (JSON lines, as written and e-mailed); default the
        /// configured checkpoint file. The database's own are checked too.
        #[arg(long)]
        checkpoints: Option<PathBuf>,
        /// The key the checkpoints must be signed by (hex); default the configured signing
        /// key's.
        #[arg(long)]
        public_key: Option<String>,
    },
    /// Log every event not yet logged and sign a checkpoint of the log's head now.
    Checkpoint,
}

#[derive(Debug, Subcommand)]
pub enum DuplicatesCommand {
    /// Look for the likely duplicates of every case filed since the check last ran, now (the
    /// worker does it every 30 seconds), and say how many cases it looked at and how long it took.
    Check {
        /// Stop after this many seconds, as each of the worker's passes does (default: go on
        /// until every case filed is checked).
        #[arg(long)]
        seconds: Option<u64>,
        /// Run a pass every this many seconds until stopped, as the worker does (to watch or
        /// measure the check beside a load without the worker's other jobs).
        #[arg(long)]
        every: Option<u64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum StatsCommand {
    /// Count the figures again from the cases and report where the pre-counted rows differ
    /// (exits 1 if any does); changes nothing.
    Check,
    /// Count the figures again from the cases and mend the pre-counted rows where they differ
    /// (the worker does it nightly); the service may go on running meanwhile.
    Rebuild,
}

#[derive(Debug, Subcommand)]
pub enum SuggestCommand {
    /// Train the category suggestion on the disposed cases and master data now and store it
    /// (every node of the service uses it within 30 seconds; the worker retrains it daily).
    Train,
    /// Score the suggestion in use on a CSV of labelled texts (columns text,category), such as
    /// data/eval/grievances.csv: top-1 and top-3 accuracy and the time a suggestion takes.
    Eval {
        file: PathBuf,
        /// Also list the texts whose category was not among the three suggested.
        #[arg(long)]
        misses: bool,
    },
}
