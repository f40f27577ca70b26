//! A PostgreSQL server a test owns: a cluster made by `initdb` in a temporary directory, on a
//! free port of 127.0.0.1, which the test may stop and start. Stopped and removed when dropped.
//! Run as the `postgres` user when the tests run as root (the server refuses root).

use crate::helpers::free_port;
use std::path::PathBuf;
use std::process::Command;

pub struct OwnPostgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
}

/// The newest installed PostgreSQL's programs, if any.
fn postgres_bin() -> Option<PathBuf> {
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    versions.sort_by_key(|p| {
        p.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions.pop()
}

impl OwnPostgres {
    /// A new cluster, started. Panics when PostgreSQL's programs are not installed.
    pub fn start() -> OwnPostgres {
        let server = OwnPostgres::unmade(
            postgres_bin().expect("PostgreSQL's programs in /usr/lib/postgresql/*/bin"),
        );
        server.run(
            server
                .program("initdb")
                .args(["-A", "trust", "-U", "postgres", "--no-sync", "-D"])
                .arg(server.data_dir()),
        );
        server.start_again();
        server
    }

    /// A hot standby of `primary` on a port of its own, made as an operator makes one: a base
    /// backup by `pg_basebackup` streaming the WAL it needs, `-R` writing how to follow the
    /// primary (initdb's trust rules let 127.0.0.1 replicate).
    pub fn standby_of(primary: &OwnPostgres) -> OwnPostgres {
        let server = OwnPostgres::unmade(primary.bin.clone());
        server.run(
            server
                .program("pg_basebackup")
                .args(["-h", "127.0.0.1", "-p", &primary.port.to_string()])
                .args([
                    "-U",
                    "postgres",
                    "-X",
                    "stream",
                    "-R",
                    "--checkpoint=fast",
                    "--no-sync",
                    "-D",
                ])
                .arg(server.data_dir()),
        );
        server.start_again();
        server
    }

    /// A temporary directory for a cluster (owned by `postgres` when the tests run as root)
    /// and a free port, nothing made yet.
    fn unmade(bin: PathBuf) -> OwnPostgres {
        let dir = tempfile::Builder::new()
            .prefix("nivaran-pg")
            .tempdir()
            .unwrap();
        // SAFETY: geteuid has no preconditions.
        let as_postgres = unsafe { libc::geteuid() } == 0;
        let server = OwnPostgres {
            dir,
            bin,
            port: free_port(),
            as_postgres,
        };
        if as_postgres {
            server.run(
                Command::new("chown")
                    .args(["-R", "postgres:postgres"])
                    .arg(server.dir.path()),
            );
        }
        server
    }

    fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    /// One of PostgreSQL's programs, as the user the server runs as.
    fn program(&self, name: &str) -> Command {
        let path = self.bin.join(name);
        if self.as_postgres {
            let mut command = Command::new("runuser");
            command.args(["-u", "postgres", "--"]).arg(path);
            command
        } else {
            Command::new(path)
        }
    }

    fn run(&self, command: &mut Command) {
        let out = command.output().expect("run a PostgreSQL program");
        assert!(
            out.status.success(),
            "{command:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// The URL of its `postgres` database.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    /// Stops the server at once, as a crash or a pulled cable would (no clean shutdown).
    pub fn stop(&self) {
        self.run(
            self.program("pg_ctl")
                .args(["-D"])
                .arg(self.data_dir())
                .args(["-m", "immediate", "-w", "stop"]),
        );
    }

    /// Starts the (stopped) server, waiting until it accepts connections.
    pub fn start_again(&self) {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
            self.port,
            self.dir.path().display()
        );
        self.run(
            self.program("pg_ctl")
                .args(["-D"])
                .arg(self.data_dir())
                .args(["-l"])
                .arg(self.dir.path().join("server.log"))
                .args(["-o", &options, "-w", "start"]),
        );
    }
}

impl Drop for OwnPostgres {
    fn drop(&mut self) {
        let _ = self
            .program("pg_ctl")
            .args(["-D"])
            .arg(self.data_dir())
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}
