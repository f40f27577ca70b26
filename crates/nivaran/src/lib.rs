//! Nivaran: the storage layer, the HTTP layer and the command line around the pure domain core in
//! `nivaran-domain`. See docs/ARCHITECTURE.md for the map.

pub mod cli;
pub mod config;
pub mod demo;
pub mod http;
pub mod server;
pub mod store;
