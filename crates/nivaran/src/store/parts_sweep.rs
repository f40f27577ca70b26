//! Deadlines of joint cases' parts enforce themselves as cases' do: a pending part past its own
//! deadline goes up one level of its department's offices per sweep (L1 → L2 → L3, each after
//! its window), at most once per level, however many nodes sweep (`deadline_marks`).

use super::deadlines::{DeadlinePolicy, escalation_due, forget_if_transient, mark_once};
use super::grievances::{apply_and_record, load_case};
use super::users::Actor;
use super::{Result, Store};
use nivaran_domain::Timestamp;
use nivaran_domain::lifecycle::{Action, PartStatus};

/// Parts escalated per transaction.
const CHUNK: usize = 200;

#[derive(sqlx::FromRow)]
struct LapsedPart {
    grievance_id: i64,
    department_id: i64,
    escalation_level: i64,
    due_at: i64,
    escalated_at: Option<i64>,
    category_id: i64,
    state_id: i64,
    holding_office_id: Option<i64>,
}

impl Store {
    /// Escalates the pending parts whose window lapsed; returns how many.
    pub(super) async fn escalate_lapsed_parts(
        &self,
        policy: &DeadlinePolicy,
        now: Timestamp,
    ) -> Result<usize> {
        let master = self.master();
        let notifications = self.notifications();
        // A case waiting for the citizen's clarification stands still, its parts with it.
        let sql = format!(
            "SELECT p.grievance_id, p.department_id, p.escalation_level, p.due_at, p.escalated_at, \
             g.category_id, g.state_id, g.holding_office_id \
             FROM case_parts p JOIN grievances g ON g.id = p.grievance_id \
             WHERE p.status IN {} AND p.escalation_level < 3 AND p.due_at < $1 \
             AND g.status IN ('assigned', 'in_progress', 'forwarded', 'atr_submitted') \
             ORDER BY p.due_at, p.grievance_id",
            PartStatus::PENDING_SQL
        );
        let lapsed: Vec<LapsedPart> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now.0)
            .fetch_all(self.pool())
            .await?;
        let due: Vec<LapsedPart> = lapsed
            .into_iter()
            .filter(|p| {
                escalation_due(
                    policy,
                    &master,
                    (p.category_id, p.state_id),
                    p.escalation_level,
                    Timestamp(p.due_at),
                    p.escalated_at.map(Timestamp),
                    now,
                )
            })
            .collect();
        let mut escalated = 0;
        for chunk in due.chunks(CHUNK) {
            let mut tx = self.begin_write().await?;
            // The chunk's counted figures, written once before the commit (see `apply_and_record`).
            let mut figures = crate::store::stats::counted::Deltas::new();
            for p in chunk {
                let mark = format!(
                    "part:{}:escalate:L{}",
                    p.department_id,
                    p.escalation_level + 1
                );
                if !mark_once(&mut tx, p.grievance_id, &mark, p.holding_office_id, now).await? {
                    continue;
                }
                let mut case = load_case(&mut tx, p.grievance_id).await?;
                let action = Action::PartEscalate {
                    department: p.department_id,
                    manual: false,
                };
                match apply_and_record(
                    &mut tx,
                    &master,
                    &mut case,
                    &action,
                    &Actor::system(),
                    now,
                    None,
                    Some(&notifications),
                    &mut figures,
                )
                .await
                {
                    Ok(()) => escalated += 1,
                    Err(e) => {
                        forget_if_transient(&mut tx, p.grievance_id, &mark, &e, "part escalation")
                            .await?
                    }
                }
            }
            figures.write(&mut tx, self.engine()).await?;
            tx.commit().await?;
        }
        Ok(escalated)
    }
}
