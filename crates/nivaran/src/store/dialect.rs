//! The differences between the two engines, in one place: how a connection is set up, how many
//! writers and connections each takes, how a queue is claimed, an index named, ids reserved,
//! a snapshot asked for, and how full-text search is written (SQLite's FTS5 table and PostgreSQL's
//! tsvector column). Everything else is one SQL for both (`$n` placeholders through sqlx's Any
//! driver, integers, text and reals, times as integer milliseconds).

use super::Result;
use sqlx::AnyConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

impl Engine {
    pub fn from_url(url: &str) -> Engine {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Engine::Postgres
        } else {
            Engine::Sqlite
        }
    }

    /// The engine a connection talks to.
    pub fn of(conn: &sqlx::AnyConnection) -> Engine {
        if conn.backend_name().eq_ignore_ascii_case("postgresql") {
            Engine::Postgres
        } else {
            Engine::Sqlite
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::Sqlite => "sqlite",
            Engine::Postgres => "postgres",
        }
    }

    /// Connections in the pool: SQLite's readers beside its one writer; PostgreSQL's server
    /// does the rest.
    pub fn pool_size(self) -> u32 {
        match self {
            Engine::Sqlite => 8,
            Engine::Postgres => 16,
        }
    }

    /// What every new connection is told. SQLite: WAL lets readers run beside the one writer;
    /// the busy timeout makes writers queue instead of failing; foreign keys are off by default;
    /// no connection checkpoints the WAL on committing (a writer that did would hold up every
    /// filing queued behind it for a few hundred ms: the store's checkpointer does it beside
    /// them); a wider page cache for bulk imports (`cache_kib`, 0 for the default).
    /// PostgreSQL: short queries only, so no JIT (compiling one costs more than running it); a
    /// search's bitmap of matches stays exact (not lossy) in 16 MB.
    /// `statement_ms`, when above 0, bounds each PostgreSQL statement (`serve`'s
    /// `[database] statement_timeout_seconds`).
    pub fn session_settings(self, cache_kib: i64, statement_ms: i64) -> Vec<String> {
        match self {
            Engine::Sqlite => {
                let mut settings = vec![
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON; \
                     PRAGMA wal_autocheckpoint = 0;"
                        .to_string(),
                ];
                if cache_kib > 0 {
                    settings.push(format!("PRAGMA cache_size = -{cache_kib};"));
                }
                settings
            }
            Engine::Postgres => {
                let mut settings = vec!["SET jit = off; SET work_mem = '16MB';".to_string()];
                if statement_ms > 0 {
                    settings.push(format!("SET statement_timeout = {statement_ms};"));
                }
                settings
            }
        }
    }

    /// Writers that file in parallel (the intake's lanes, the sweep's chunks): SQLite has one
    /// writer anyway; PostgreSQL writes in parallel and each waits on round trips.
    pub fn parallel_writers(self) -> usize {
        match self {
            Engine::Sqlite => 1,
            Engine::Postgres => 4,
        }
    }

    /// Appended to a queue's SELECT so that several workers claim different rows: PostgreSQL
    /// skips rows another transaction holds; SQLite's one writer needs nothing.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Engine::Postgres => " FOR UPDATE SKIP LOCKED",
            Engine::Sqlite => "",
        }
    }

    /// What goes around a subquery of ids in `… OR g.id <here>` so that the OR can still be
    /// answered from indexes: PostgreSQL makes `IN (subquery)` under an OR a filter tested on
    /// every row it reads (it walked the state's open cases for one office's inbox: 0.6 s on
    /// 2 million cases), while `= ANY(ARRAY(subquery))` is worked out once and looked up in
    /// the primary key beside the OR's other indexes (1.8 ms). SQLite looks up `IN` by rowid.
    pub fn ids_from_subquery(self) -> (&'static str, &'static str) {
        match self {
            Engine::Postgres => ("= ANY(ARRAY(", "))"),
            Engine::Sqlite => ("IN (", ")"),
        }
    }

    /// After `FROM table alias`: read through `index`. SQLite's planner, blind to a period's
    /// bounds, otherwise walks a district's every case; PostgreSQL's plans well by itself.
    pub fn index_hint(self, index: &str) -> String {
        match self {
            Engine::Sqlite => format!(" INDEXED BY {index}"),
            Engine::Postgres => String::new(),
        }
    }

    /// Asks the transaction just begun for one snapshot of everything it reads (SQLite's read
    /// transactions have one already).
    pub fn repeatable_read(self) -> Option<&'static str> {
        match self {
            Engine::Postgres => Some("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"),
            Engine::Sqlite => None,
        }
    }

    /// Ids for `n` new cases. Inside the write transaction on SQLite nobody else can insert; on
    /// PostgreSQL the identity sequence hands them out, so live filings on other nodes go on.
    pub async fn reserve_case_ids(self, conn: &mut AnyConnection, n: usize) -> Result<Vec<i64>> {
        if n == 0 {
            return Ok(Vec::new());
        }
        match self {
            Engine::Sqlite => {
                let max: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM grievances")
                    .fetch_one(&mut *conn)
                    .await?;
                Ok((1..=n as i64).map(|i| max + i).collect())
            }
            Engine::Postgres => Ok(sqlx::query_scalar(
                "SELECT nextval(pg_get_serial_sequence('grievances', 'id')) FROM generate_series(1, $1)",
            )
            .bind(n as i64)
            .fetch_all(&mut *conn)
            .await?),
        }
    }

    /// One word of a full-text query, matched exactly.
    pub fn search_term(self, word: &str) -> String {
        match self {
            Engine::Sqlite => format!("\"{}\"", word.replace('"', "")),
            Engine::Postgres => format!("'{}'", word.replace('\'', "''").replace('\\', "")),
        }
    }

    /// One word of a full-text query, matching every word it begins.
    pub fn search_prefix(self, word: &str) -> String {
        match self {
            Engine::Sqlite => format!("{}*", self.search_term(word)),
            Engine::Postgres => format!("{}:*", self.search_term(word)),
        }
    }

    /// The index's vocabulary lookup (words from $1 up to $2, at most $3), and how a query's
    /// alternatives and conjunctions are written.
    pub fn search_vocabulary(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Engine::Sqlite => (
                "SELECT term FROM grievances_fts_words WHERE term >= $1 AND term < $2 ORDER BY term LIMIT $3",
                " OR ",
                " AND ",
            ),
            Engine::Postgres => (
                "SELECT word FROM search_words WHERE word >= $1 AND word < $2 ORDER BY word LIMIT $3",
                " | ",
                " & ",
            ),
        }
    }

    /// What a search reads its cases from (SQLite's index table joined to the cases).
    pub fn search_from(self) -> &'static str {
        match self {
            Engine::Sqlite => "grievances_fts JOIN grievances g ON g.id = grievances_fts.rowid",
            Engine::Postgres => "grievances g",
        }
    }

    /// The condition that a case matches a full-text query, with the query bound.
    pub fn search_condition(self, sql: &mut super::sql::Sql, query: &str) {
        match self {
            Engine::Sqlite => {
                sql.push(" AND grievances_fts MATCH ")
                    .bind(query.to_string());
            }
            Engine::Postgres => {
                sql.push(" AND g.search @@ to_tsquery('simple', ")
                    .bind(query.to_string())
                    .push(")");
            }
        }
    }

    /// A search's newest-first order: SQLite's index hands matches over newest first.
    pub fn search_newest_first(self) -> &'static str {
        match self {
            Engine::Sqlite => " ORDER BY grievances_fts.rowid DESC",
            Engine::Postgres => " ORDER BY g.id DESC",
        }
    }

    /// Refreshing the planner's statistics where they are missing or stale (cheap: SQLite
    /// samples; PostgreSQL's autovacuum does it by itself).
    pub fn quick_statistics(self) -> Option<&'static str> {
        match self {
            Engine::Sqlite => Some("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;"),
            Engine::Postgres => None,
        }
    }

    /// Full statistics after a bulk load.
    pub fn full_statistics(self) -> &'static str {
        match self {
            Engine::Sqlite => "PRAGMA analysis_limit = 1000; ANALYZE;",
            Engine::Postgres => "ANALYZE",
        }
    }

    /// Every table of ours and its columns, for the test that keeps both schemas in step (each
    /// engine's own full-text machinery left out).
    pub fn table_columns_query(self) -> &'static str {
        match self {
            Engine::Sqlite => {
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                 AND m.name NOT LIKE 'grievances_fts%' ORDER BY 1, 2"
            }
            Engine::Postgres => {
                "SELECT table_name::text, column_name::text FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND column_name <> 'search' \
                 AND table_name <> 'search_words' ORDER BY 1, 2"
            }
        }
    }

    /// Full-text search strategy: SQLite's index also holds each case's district and state as
    /// tokens, so "words in a place" is one index walk and can be counted in the index alone;
    /// PostgreSQL asks for a district as a column condition instead (its planner multiplied
    /// word and token selectivities and chose badly).
    pub fn places_in_search_index(self) -> bool {
        self == Engine::Sqlite
    }

    /// Whether searches are prepared statements: PostgreSQL plans each for its words (a
    /// generic plan cannot tell a rare word from a common one); SQLite plans the same either way.
    pub fn prepares_searches(self) -> bool {
        self == Engine::Sqlite
    }

    /// Whether a search's count and page come from one walk of the matches' ids (PostgreSQL:
    /// walking again for the page's rows would read the table for every match passed over).
    pub fn pages_search_in_one_walk(self) -> bool {
        self == Engine::Postgres
    }
}
