use crate::helpers::*;
use nivaran::store::Store;
use nivaran_domain::ManualClock;
use std::sync::Arc;

/// The two engines' migrations must produce the same tables and columns. Runs where PostgreSQL
/// is configured (the PostgreSQL pass of the suite); SQLite is always at hand.
#[tokio::test]
async fn sqlite_and_postgres_schemas_have_the_same_tables_and_columns() {
    let Some(_) = postgres_admin_url() else {
        eprintln!("schema comparison runs in the PostgreSQL pass (NIVARAN_TEST_DATABASE_URL)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(START));
    let sqlite = Store::open(
        &format!("sqlite://{}?mode=rwc", dir.path().join("s.db").display()),
        clock.clone(),
        dir.path(),
    )
    .await
    .unwrap();
    let postgres_url = fresh_database(dir.path()).await;
    let postgres = Store::open(&postgres_url, clock, dir.path()).await.unwrap();
    let sqlite_columns = sqlite.schema_columns().await.unwrap();
    let postgres_columns = postgres.schema_columns().await.unwrap();
    assert!(sqlite_columns.len() > 100, "{}", sqlite_columns.len());
    assert_eq!(sqlite_columns, postgres_columns);
}
