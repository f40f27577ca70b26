//! Counting cases: by status beside an inbox's filters, open and past due for the metrics and
//! the sweep, and an office's pendency by category.

use super::*;

impl Store {
    /// How many of the cases `actor` may see (narrowed by `filter`, whose own status and
    /// overdue choices are ignored) are in each status, and how many open ones are overdue: the
    /// counts beside an inbox's filters.
    pub async fn count_by_status(
        &self,
        filter: &GrievanceFilter,
        actor: &Actor,
    ) -> Result<StatusCounts> {
        let master = self.master();
        let mut base = filter.clone();
        base.status = None;
        base.overdue = None;
        let from = self.listing_tables(&base);
        let fts = self.search_query(&master, &base, actor).await?;
        let mut sql = Sql::new(&format!("SELECT g.status, COUNT(*) FROM {from}"));
        self.filter_condition(&mut sql, &master, &base, actor, fts.as_deref())?;
        sql.push(" GROUP BY g.status");
        let mut overdue_sql = Sql::new(&format!("SELECT COUNT(*) FROM {from}"));
        base.overdue = Some(true);
        self.filter_condition(&mut overdue_sql, &master, &base, actor, fts.as_deref())?;
        let mut conn = self.pool().acquire().await?;
        let (text, args) = sql.into_parts();
        let rows: Vec<(String, i64)> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(&mut *conn)
            .await?;
        let (text, args) = overdue_sql.into_parts();
        let overdue: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
            .fetch_one(&mut *conn)
            .await?;
        let mut counts = StatusCounts {
            overdue,
            ..Default::default()
        };
        for status in Status::ALL {
            let n = rows
                .iter()
                .find(|(s, _)| s == status.code())
                .map(|(_, n)| *n)
                .unwrap_or(0);
            if status.is_open() {
                counts.open += n;
            }
            counts.total += n;
            counts.by_status.push((status.code(), n));
        }
        Ok(counts)
    }

    /// Open cases, everywhere.
    pub async fn count_open(&self) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM grievances WHERE status NOT IN ('disposed', 'closed')",
        )
        .fetch_one(self.pool())
        .await?)
    }

    /// Open cases on level 1 whose deadline has passed: what the next sweep escalates (with
    /// the default policy's grace of no days at level 1).
    pub async fn count_past_due_on_level_one(&self) -> Result<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM grievances WHERE status IN ('assigned', 'in_progress', \
             'forwarded', 'atr_submitted') AND escalation_level = 1 AND due_at < $1",
        )
        .bind(self.now().0)
        .fetch_one(self.pool())
        .await?)
    }

    /// The most escalation events one case got at or after `since` (1 = each at most once).
    pub async fn most_escalations_since(&self, since: Timestamp) -> Result<i64> {
        let most: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM events WHERE action = 'escalate' AND at >= $1 \
             GROUP BY grievance_id) per_case",
        )
        .bind(since.0)
        .fetch_one(self.pool())
        .await?;
        Ok(most.unwrap_or(0))
    }

    /// Open and overdue cases held by each office at or below `office`: the pendency a
    /// supervisor reviews. Offices without open cases are listed too, with zeros.
    pub async fn office_pendency(&self, office: i64) -> Result<Vec<OfficePendency>> {
        let master = self.master();
        let offices = master.office_subtree(office);
        let mut sql = Sql::new(
            "SELECT g.holding_office_id, COUNT(*),              SUM(CASE WHEN g.due_at < ",
        );
        sql.bind(self.now().0);
        sql.push(" AND g.status <> ")
            .push(crate::store::PAUSED_STATUS);
        sql.push(
            " THEN 1 ELSE 0 END) FROM grievances g WHERE g.status NOT IN ('disposed', 'closed')              AND g.holding_office_id IN ",
        )
        .bind_in(&offices)
        .push(" GROUP BY g.holding_office_id");
        let (text, args) = sql.into_parts();
        let rows: Vec<(Option<i64>, i64, Option<i64>)> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                .fetch_all(self.pool())
                .await?;
        let mut out: Vec<OfficePendency> = offices
            .iter()
            .filter_map(|id| master.offices.get(id))
            .map(|o| {
                let (open, overdue) = rows
                    .iter()
                    .find(|(h, _, _)| *h == Some(o.id))
                    .map(|(_, n, d)| (*n, d.unwrap_or(0)))
                    .unwrap_or((0, 0));
                OfficePendency {
                    code: o.code.clone(),
                    name_en: o.name_en.clone(),
                    name_hi: o.name_hi.clone(),
                    level: o.level,
                    open,
                    overdue,
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.overdue
                .cmp(&a.overdue)
                .then(b.open.cmp(&a.open))
                .then(a.code.cmp(&b.code))
        });
        Ok(out)
    }
}
