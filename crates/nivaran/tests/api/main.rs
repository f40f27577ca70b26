//! The one integration-test binary: the API end to end over a real server, on the engine named by
//! NIVARAN_TEST_DATABASE_URL (SQLite by default).

mod access;
mod accounts;
mod audit;
mod bad_input;
mod bench;
mod browser;
mod cli;
mod concurrency;
mod connections;
mod dashboard;
mod deadlines;
mod discipline;
mod duplicates;
mod durability;
mod email;
mod filing_safety;
mod helpers;
mod holders;
mod import;
mod joint;
mod lifecycle;
mod monitoring;
mod open311;
mod otp;
mod outbox;
mod random_walk;
mod registration;
mod reports;
mod reviews;
mod schema;
mod search;
mod suggest;
mod web;
mod web_client;
mod workers;
