//! Nivaran: the storage layer, the HTTP layer and the command line around the pure domain core in
//! `nivaran-domain`. See docs/ARCHITECTURE.md for the map.

pub mod app;
pub mod audit_log;
pub mod cli;
pub mod config;
pub mod demo;
pub mod exchange;
pub mod http;
pub mod intake;
pub mod mailbox;
pub mod metrics;
pub mod notify;
pub mod present;
pub mod scheduled_meetings;
pub mod scheduled_reports;
pub mod server;
pub mod social;
pub mod store;
pub mod telemetry;
pub mod telephony;
pub mod web;
pub mod whatsapp;
pub mod worker;

/// Installs the one TLS crypto provider (ring) for every HTTPS client in the process. Safe to
/// call more than once.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The layers, lowest first: a module may use the modules of lower layers (and the domain),
/// never one of its own layer or above. docs/ARCHITECTURE.md draws them.
pub const LAYERS: &[&[&str]] = &[
    &["cli", "install_tls_provider", "metrics"],
    &["notify", "telemetry"],
    &["store"],
    &["present", "intake", "audit_log", "demo"],
    &["exchange", "social", "telephony", "whatsapp", "mailbox"],
    &["config"],
    &["http", "scheduled_reports", "scheduled_meetings"],
    &["web"],
    &["app", "worker"],
    &["server"],
];

#[cfg(test)]
mod layers {
    use super::LAYERS;
    use std::path::Path;

    fn layer_of(module: &str) -> Option<usize> {
        LAYERS.iter().position(|layer| layer.contains(&module))
    }

    /// Every `crate::X` a file names, and the module (top-level name under src/) it is in.
    fn uses(dir: &Path, module: Option<&str>, found: &mut Vec<(String, String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_stem().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                uses(&path, Some(module.unwrap_or(&name)), found);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let Some(module) = module
                .map(str::to_string)
                .or_else(|| (!matches!(name.as_str(), "lib" | "main")).then(|| name.clone()))
            else {
                continue;
            };
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains("crate::{"),
                "{}: name each crate module on its own line (the layers test reads `crate::X`)",
                path.display()
            );
            for (at, _) in text.match_indices("crate::") {
                let used: String = text[at + 7..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                found.push((path.display().to_string(), module.clone(), used));
            }
        }
    }

    #[test]
    fn modules_use_only_the_layers_below_them() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut found = Vec::new();
        uses(&src, None, &mut found);
        assert!(
            found.len() > 100,
            "the source was not read: {}",
            found.len()
        );
        let mut wrong = Vec::new();
        for (file, module, used) in found {
            if module == used {
                continue;
            }
            let (Some(own), Some(theirs)) = (layer_of(&module), layer_of(&used)) else {
                wrong.push(format!(
                    "{file}: {module} or {used} is in no layer (add it to LAYERS)"
                ));
                continue;
            };
            if theirs >= own {
                wrong.push(format!(
                    "{file}: {module} (layer {own}) uses {used} (layer {theirs})"
                ));
            }
        }
        wrong.sort();
        wrong.dedup();
        assert!(wrong.is_empty(), "layers crossed:\n{}", wrong.join("\n"));
    }

    /// Big files are split along their seams: none of the workspace's source files (outside
    /// tests) grows past 800 lines unnoticed.
    #[test]
    fn no_source_file_is_over_800_lines() {
        fn walk(dir: &Path, long: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    if path
                        .file_name()
                        .is_some_and(|n| n != "tests" && n != "target")
                    {
                        walk(&path, long);
                    }
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs")
                    || path.file_name().is_some_and(|n| n == "tests.rs")
                {
                    continue;
                }
                let lines = std::fs::read_to_string(&path).unwrap().lines().count();
                if lines > 800 {
                    long.push(format!("{}: {lines} lines", path.display()));
                }
            }
        }
        let crates = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let mut long = Vec::new();
        walk(crates, &mut long);
        assert!(
            long.is_empty(),
            "split these along their seams:\n{}",
            long.join("\n")
        );
    }
}
