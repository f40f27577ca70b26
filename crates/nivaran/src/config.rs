//! Configuration: command-line flags override environment variables, which override the config
//! file, which overrides the defaults. Documented in docs/CONFIGURATION.md.

use serde::Deserialize;
use std::path::{Path, PathBuf};

/// The optional `nivaran.toml` (in the data directory, or named by `--config`).
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FileConfig {
    pub database_url: Option<String>,
    pub port: Option<u16>,
    pub bind: Option<String>,
    pub session_minutes: Option<i64>,
    pub secure_cookies: Option<bool>,
    pub log_format: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub data_dir: PathBuf,
    pub database_url: String,
    pub port: u16,
    pub bind: String,
    pub session_minutes: i64,
    pub secure_cookies: bool,
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Config {
    /// Resolves the configuration for `data_dir` (already resolved from flag, env or default).
    pub fn load(data_dir: &Path, config_file: Option<&Path>) -> Result<Config, String> {
        let default_file = data_dir.join("nivaran.toml");
        let file_path = config_file
            .map(Path::to_path_buf)
            .or_else(|| default_file.exists().then_some(default_file));
        let file: FileConfig = match &file_path {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
                toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?
            }
            None => FileConfig::default(),
        };
        let database_url = env("NIVARAN_DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| {
                format!(
                    "sqlite://{}?mode=rwc",
                    data_dir.join("nivaran.db").display()
                )
            });
        let port = match env("NIVARAN_PORT") {
            Some(p) => p
                .parse()
                .map_err(|_| format!("NIVARAN_PORT must be a port number, not '{p}'"))?,
            None => file.port.unwrap_or(8080),
        };
        let session_minutes = match env("NIVARAN_SESSION_MINUTES") {
            Some(m) => m
                .parse()
                .map_err(|_| format!("NIVARAN_SESSION_MINUTES must be a number, not '{m}'"))?,
            None => file.session_minutes.unwrap_or(12 * 60),
        };
        let secure_cookies = match env("NIVARAN_SECURE_COOKIES") {
            Some(v) => matches!(v.as_str(), "1" | "true" | "yes"),
            None => file.secure_cookies.unwrap_or(false),
        };
        Ok(Config {
            data_dir: data_dir.to_path_buf(),
            database_url,
            port,
            bind: env("NIVARAN_BIND")
                .or(file.bind)
                .unwrap_or_else(|| "127.0.0.1".into()),
            session_minutes,
            secure_cookies,
        })
    }
}
