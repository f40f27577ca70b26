//! Migrations, embedded in the binary, one directory per engine, applied in order and recorded in
//! `nivaran_migrations`. The two directories must hold the same versions (checked below and by a
//! test that compares the resulting tables and columns).

use super::{Engine, Result, Store};

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "register",
        sqlite: include_str!("../../migrations/sqlite/0001_register.sql"),
        postgres: include_str!("../../migrations/postgres/0001_register.sql"),
    },
    Migration {
        version: 2,
        name: "workers",
        sqlite: include_str!("../../migrations/sqlite/0002_workers.sql"),
        postgres: include_str!("../../migrations/postgres/0002_workers.sql"),
    },
    Migration {
        version: 3,
        name: "citizens",
        sqlite: include_str!("../../migrations/sqlite/0003_citizens.sql"),
        postgres: include_str!("../../migrations/postgres/0003_citizens.sql"),
    },
    Migration {
        version: 4,
        name: "web",
        sqlite: include_str!("../../migrations/sqlite/0004_web.sql"),
        postgres: include_str!("../../migrations/postgres/0004_web.sql"),
    },
    Migration {
        version: 5,
        name: "search",
        sqlite: include_str!("../../migrations/sqlite/0005_search.sql"),
        postgres: include_str!("../../migrations/postgres/0005_search.sql"),
    },
    Migration {
        version: 6,
        name: "statistics",
        sqlite: include_str!("../../migrations/sqlite/0006_statistics.sql"),
        postgres: include_str!("../../migrations/postgres/0006_statistics.sql"),
    },
    Migration {
        version: 7,
        name: "listing_indexes",
        sqlite: include_str!("../../migrations/sqlite/0007_listing_indexes.sql"),
        postgres: include_str!("../../migrations/postgres/0007_listing_indexes.sql"),
    },
    Migration {
        version: 8,
        name: "monitoring",
        sqlite: include_str!("../../migrations/sqlite/0008_monitoring.sql"),
        postgres: include_str!("../../migrations/postgres/0008_monitoring.sql"),
    },
    Migration {
        version: 9,
        name: "dashboard_indexes",
        sqlite: include_str!("../../migrations/sqlite/0009_dashboard_indexes.sql"),
        postgres: include_str!("../../migrations/postgres/0009_dashboard_indexes.sql"),
    },
    Migration {
        version: 10,
        name: "open311",
        sqlite: include_str!("../../migrations/sqlite/0010_open311.sql"),
        postgres: include_str!("../../migrations/postgres/0010_open311.sql"),
    },
    Migration {
        version: 11,
        name: "accounts",
        sqlite: include_str!("../../migrations/sqlite/0011_accounts.sql"),
        postgres: include_str!("../../migrations/postgres/0011_accounts.sql"),
    },
    Migration {
        version: 12,
        name: "filing_safety",
        sqlite: include_str!("../../migrations/sqlite/0012_filing_safety.sql"),
        postgres: include_str!("../../migrations/postgres/0012_filing_safety.sql"),
    },
    Migration {
        version: 13,
        name: "audit_log",
        sqlite: include_str!("../../migrations/sqlite/0013_audit_log.sql"),
        postgres: include_str!("../../migrations/postgres/0013_audit_log.sql"),
    },
    Migration {
        version: 14,
        name: "dashboard_portals",
        sqlite: include_str!("../../migrations/sqlite/0014_dashboard_portals.sql"),
        postgres: include_str!("../../migrations/postgres/0014_dashboard_portals.sql"),
    },
    Migration {
        version: 15,
        name: "outbox_priority",
        sqlite: include_str!("../../migrations/sqlite/0015_outbox_priority.sql"),
        postgres: include_str!("../../migrations/postgres/0015_outbox_priority.sql"),
    },
    Migration {
        version: 16,
        name: "named_holder",
        sqlite: include_str!("../../migrations/sqlite/0016_named_holder.sql"),
        postgres: include_str!("../../migrations/postgres/0016_named_holder.sql"),
    },
    Migration {
        version: 17,
        name: "review_meetings",
        sqlite: include_str!("../../migrations/sqlite/0017_review_meetings.sql"),
        postgres: include_str!("../../migrations/postgres/0017_review_meetings.sql"),
    },
    Migration {
        version: 18,
        name: "audits_discipline_schedules",
        sqlite: include_str!("../../migrations/sqlite/0018_audits_discipline_schedules.sql"),
        postgres: include_str!("../../migrations/postgres/0018_audits_discipline_schedules.sql"),
    },
    Migration {
        version: 19,
        name: "category_synonyms",
        sqlite: include_str!("../../migrations/sqlite/0019_category_synonyms.sql"),
        postgres: include_str!("../../migrations/postgres/0019_category_synonyms.sql"),
    },
    Migration {
        version: 20,
        name: "category_suggestions",
        sqlite: include_str!("../../migrations/sqlite/0020_category_suggestions.sql"),
        postgres: include_str!("../../migrations/postgres/0020_category_suggestions.sql"),
    },
    Migration {
        version: 21,
        name: "case_parts",
        sqlite: include_str!("../../migrations/sqlite/0021_case_parts.sql"),
        postgres: include_str!("../../migrations/postgres/0021_case_parts.sql"),
    },
    Migration {
        version: 22,
        name: "duplicates",
        sqlite: include_str!("../../migrations/sqlite/0022_duplicates.sql"),
        postgres: include_str!("../../migrations/postgres/0022_duplicates.sql"),
    },
    Migration {
        version: 23,
        name: "duplicate_check_index",
        sqlite: include_str!("../../migrations/sqlite/0023_duplicate_check_index.sql"),
        postgres: include_str!("../../migrations/postgres/0023_duplicate_check_index.sql"),
    },
    Migration {
        version: 24,
        name: "case_parts_open",
        sqlite: include_str!("../../migrations/sqlite/0024_case_parts_open.sql"),
        postgres: include_str!("../../migrations/postgres/0024_case_parts_open.sql"),
    },
    Migration {
        version: 25,
        name: "external_reference",
        sqlite: include_str!("../../migrations/sqlite/0025_external_reference.sql"),
        postgres: include_str!("../../migrations/postgres/0025_external_reference.sql"),
    },
    Migration {
        version: 26,
        name: "exchange",
        sqlite: include_str!("../../migrations/sqlite/0026_exchange.sql"),
        postgres: include_str!("../../migrations/postgres/0026_exchange.sql"),
    },
    Migration {
        version: 27,
        name: "social",
        sqlite: include_str!("../../migrations/sqlite/0027_social.sql"),
        postgres: include_str!("../../migrations/postgres/0027_social.sql"),
    },
    Migration {
        version: 28,
        name: "telephony",
        sqlite: include_str!("../../migrations/sqlite/0028_telephony.sql"),
        postgres: include_str!("../../migrations/postgres/0028_telephony.sql"),
    },
    Migration {
        version: 29,
        name: "whatsapp",
        sqlite: include_str!("../../migrations/sqlite/0029_whatsapp.sql"),
        postgres: include_str!("../../migrations/postgres/0029_whatsapp.sql"),
    },
    Migration {
        version: 30,
        name: "mailbox",
        sqlite: include_str!("../../migrations/sqlite/0030_mailbox.sql"),
        postgres: include_str!("../../migrations/postgres/0030_mailbox.sql"),
    },
    Migration {
        version: 31,
        name: "counted_figures",
        sqlite: include_str!("../../migrations/sqlite/0031_counted_figures.sql"),
        postgres: include_str!("../../migrations/postgres/0031_counted_figures.sql"),
    },
    Migration {
        version: 32,
        name: "counted_margins",
        sqlite: include_str!("../../migrations/sqlite/0032_counted_margins.sql"),
        postgres: include_str!("../../migrations/postgres/0032_counted_margins.sql"),
    },
];

pub async fn run(store: &Store) -> Result<()> {
    let mut tx = store.begin_write().await?;
    // On PostgreSQL, nodes starting together must not migrate twice: the first takes this lock
    // and the others wait, then find the work done.
    if store.engine() == Engine::Postgres {
        sqlx::raw_sql("SELECT pg_advisory_xact_lock(7411350)")
            .execute(&mut *tx)
            .await?;
    }
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS nivaran_migrations (\
             version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(&mut *tx)
    .await?;
    let applied: Vec<i64> = sqlx::query_scalar("SELECT version FROM nivaran_migrations")
        .fetch_all(&mut *tx)
        .await?;
    for migration in MIGRATIONS {
        if applied.contains(&migration.version) {
            continue;
        }
        let sql = match store.engine() {
            Engine::Sqlite => migration.sqlite,
            Engine::Postgres => migration.postgres,
        };
        sqlx::raw_sql(sql).execute(&mut *tx).await?;
        sqlx::query(
            "INSERT INTO nivaran_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(migration.version)
        .bind(migration.name)
        .bind(store.now().0)
        .execute(&mut *tx)
        .await?;
        tracing::info!(
            version = migration.version,
            name = migration.name,
            "applied migration"
        );
    }
    tx.commit().await?;
    Ok(())
}
