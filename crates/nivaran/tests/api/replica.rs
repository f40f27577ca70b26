//! A read replica (issue 19, part 3): a real standby made by `pg_basebackup` takes the open
//! data, the dashboards' figures and searches while it is within the bound of the primary;
//! paused beyond the bound, or stopped, they read the primary; an officer's list always does.

use crate::helpers::*;
use crate::own_postgres::OwnPostgres;
use nivaran::store::{Store, StoreError};
use nivaran_domain::ManualClock;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, Instant};

struct Node {
    client: reqwest::Client,
    address: String,
    token: String,
}

impl Node {
    async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .client
            .get(format!("{}{path}", self.address))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.json().await.unwrap())
    }

    /// The open data's total of cases received (a figure, read as the dashboards' are).
    async fn received(&self) -> i64 {
        let (status, body) = self.get("/public/data.json").await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["rows"][0]["level"], "total");
        body["rows"][0]["received"].as_i64().unwrap()
    }

    /// How many cases a search by `word` finds, and how many the list without words holds.
    async fn found(&self, word: &str) -> (i64, i64) {
        let (status, searched) = self.get(&format!("/api/v1/grievances?q={word}")).await;
        assert_eq!(status, 200, "{searched}");
        let (status, listed) = self.get("/api/v1/grievances").await;
        assert_eq!(status, 200, "{listed}");
        (
            searched["total"].as_i64().unwrap(),
            listed["total"].as_i64().unwrap(),
        )
    }

    async fn replica_check(&self) -> (u16, String) {
        let (status, body) = self.get("/readyz").await;
        (status, body["checks"]["replica"].as_str().unwrap().into())
    }

    async fn file(&self, mobile: &str, description: &str) {
        let mut f = form();
        f["mobile"] = json!(mobile);
        f["description"] = json!(description);
        let response = self
            .client
            .post(format!("{}/api/v1/grievances", self.address))
            .json(&f)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
    }

    /// Waits (up to `within`) until `check` holds, asking again every 200 ms.
    async fn until<F: AsyncFn(&Node) -> bool>(&self, within: Duration, what: &str, check: F) {
        let deadline = Instant::now() + within;
        while !check(self).await {
            assert!(Instant::now() < deadline, "not within {within:?}: {what}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

async fn on_standby(standby: &OwnPostgres, statement: &str) {
    let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&standby.url())
        .await
        .unwrap();
    sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_string()))
        .execute(&mut conn)
        .await
        .unwrap();
}

#[tokio::test]
async fn figures_and_searches_read_a_standby_in_bound_and_the_primary_beyond() {
    // The suite's PostgreSQL pass only: the test makes a primary and a standby of its own.
    if postgres_admin_url().is_none() {
        return;
    }
    nivaran::install_tls_provider();
    let primary = OwnPostgres::start();
    let files = tempfile::tempdir().unwrap();
    build_template_into(&primary.url(), files.path()).await;
    let standby = OwnPostgres::standby_of(&primary);
    let store = Arc::new(
        Store::open(
            &primary.url(),
            Arc::new(ManualClock::new(START)),
            files.path(),
        )
        .await
        .unwrap(),
    );
    // The primary named as the replica, by mistake: refused.
    let refused = store
        .attach_replica(&primary.url(), Duration::from_secs(3600))
        .await;
    assert!(matches!(refused, Err(StoreError::Unsupported(_))));
    store
        .attach_replica(&standby.url(), Duration::from_secs(3600))
        .await
        .unwrap();
    let address = start_server(store.clone(), Default::default()).await;
    let client = reqwest::Client::new();
    let token = login_at(&client, &address, "admin").await;
    let node = Node {
        client,
        address,
        token,
    };

    // A case filed reaches the figures once the standby has replayed it.
    node.file("9812000001", "नल टूटा है, पहला मामला").await;
    node.until(
        Duration::from_secs(10),
        "the standby replays the first case",
        async |n| n.received().await == 1,
    )
    .await;
    assert_eq!(node.replica_check().await, (200, "ok".into()));

    // The standby's replay paused: the primary moves on without it.
    on_standby(&standby, "SELECT pg_wal_replay_pause()").await;
    node.file("9812000002", "xylophone बजाने वाले के घर के सामने नाली बंद")
        .await;
    // Within the bound (an hour) the figures and a search read the standby, which has not
    // seen the second case; the officer's list reads the primary, which has.
    assert_eq!(node.received().await, 1);
    assert_eq!(node.found("xylophone").await, (0, 2));
    assert_eq!(node.replica_check().await, (200, "ok".into()));

    // Beyond the bound (a second, and the standby a second behind): the primary is read.
    store.set_replica_max_lag(Duration::from_secs(1));
    tokio::time::sleep(Duration::from_millis(1200)).await;
    node.until(
        Duration::from_secs(5),
        "the figures fall back to the primary",
        async |n| n.received().await == 2,
    )
    .await;
    assert_eq!(node.found("xylophone").await, (1, 2));
    assert_eq!(node.replica_check().await, (200, "behind".into()));
    let (_, metrics) = {
        let response = node
            .client
            .get(format!("{}/metrics", node.address))
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    };
    assert!(
        metrics.contains("nivaran_database_replica_in_use 0"),
        "{metrics}"
    );

    // Replay resumed: the standby catches up and is read again.
    on_standby(&standby, "SELECT pg_wal_replay_resume()").await;
    node.until(
        Duration::from_secs(10),
        "the standby is read again",
        async |n| n.replica_check().await.1 == "ok",
    )
    .await;
    assert_eq!(node.received().await, 2);
    assert_eq!(node.found("xylophone").await, (1, 2));

    // The standby stopped: nothing fails; the node stays ready and reads the primary.
    standby.stop();
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(node.replica_check().await, (200, "unavailable".into()));
    assert_eq!(node.received().await, 2);
    assert_eq!(node.found("xylophone").await, (1, 2));
    store.pool().close().await;
}
