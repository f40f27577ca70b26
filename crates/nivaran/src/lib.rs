//! Nivaran: the storage layer, the HTTP layer and the command line around the pure domain core in
//! `nivaran-domain`. See docs/ARCHITECTURE.md for the map.

pub mod audit_log;
pub mod bench;
pub mod cli;
pub mod config;
pub mod demo;
pub mod http;
pub mod intake;
pub mod notify;
pub mod present;
pub mod scheduled_reports;
pub mod server;
pub mod store;
pub mod web;
pub mod worker;

/// Installs the one TLS crypto provider (ring) for every HTTPS client in the process. Safe to
/// call more than once.
pub fn install_tls_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
