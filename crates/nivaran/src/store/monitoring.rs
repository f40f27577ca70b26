//! Checking the work: the call centre's verification calls after disposal (the weekly random
//! audit is `audit_sample`).
//!
//! What the citizen says on a call, and what an auditor finds, change the case only through the
//! lifecycle (`record_verification`, `reopen`, `audit_reopen`), so they are in its hash-chained
//! timeline; the calls and audits tables keep the attempts and findings beside it.

use super::audit_sample::AuditPolicy;
use super::grievances::GrievanceView;
use super::requests::ActionRequest;
use super::sql::Sql;
use super::stats::Scope;
use super::users::Actor;
use super::{Result, Store, StoreError};
use nivaran_domain::ErrorCode;
use nivaran_domain::message::Message;
use nivaran_domain::msg;
use nivaran_domain::text::FieldError;
use nivaran_domain::types::Role;
use serde::{Deserialize, Serialize};

/// `[verification]` in the configuration.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct VerificationPolicy {
    /// The share (percent) of disposals other than top priority that are called; top-priority
    /// (CM and VIP cell) cases always are, and first.
    pub share_percent: i64,
    /// What a "not satisfied" answer does: `reopen` the case (within the reopening window) or
    /// `none` (it only counts against the office's score).
    pub not_satisfied: String,
    /// Unanswered calls, on different days, after which the citizen is unreachable.
    pub attempts: i64,
}

impl Default for VerificationPolicy {
    fn default() -> Self {
        VerificationPolicy {
            share_percent: 50,
            not_satisfied: "reopen".into(),
            attempts: 3,
        }
    }
}

/// One call made about a case.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CallAttempt {
    pub at: i64,
    pub outcome: String,
    pub remarks: String,
    pub verifier: Option<String>,
}

/// The next case to call, with the calls already made in this round.
#[derive(Debug, Clone, Serialize)]
pub struct CallCase {
    pub case: GrievanceView,
    pub attempts: Vec<CallAttempt>,
}

/// What recording a call did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum CallResult {
    Verified,
    /// Not satisfied, and the case went back to work.
    Reopened,
    /// Not satisfied; the case stays disposed (policy, or the reopening window was over).
    NotReopened,
    /// No answer; tried again on another day.
    TryAgain {
        days_tried: i64,
    },
    /// No answer on enough days: recorded as unreachable.
    Unreachable,
}

/// Which calls a verifier works: a district's, a department's, or (both `None`) every one
/// their posting covers.
#[derive(Debug, Clone, Copy, Default)]
pub struct CallQueue {
    pub district: Option<i64>,
    pub department: Option<i64>,
}

pub(super) fn invalid(field: &'static str, code: ErrorCode, message: Message) -> StoreError {
    FieldError::new(field, code, message).into()
}

impl Store {
    pub fn verification_policy(&self) -> std::sync::Arc<VerificationPolicy> {
        self.monitoring.read().expect("monitoring lock").0.clone()
    }

    pub fn audit_policy(&self) -> std::sync::Arc<AuditPolicy> {
        self.monitoring.read().expect("monitoring lock").1.clone()
    }

    pub fn set_monitoring(&self, verification: VerificationPolicy, audit: AuditPolicy) {
        *self.monitoring.write().expect("monitoring lock") = (
            std::sync::Arc::new(verification),
            std::sync::Arc::new(audit),
        );
    }

    /// The area a verifier or auditor works in, as a condition on alias `g`.
    pub(super) fn area_condition(&self, sql: &mut Sql, actor: &Actor) {
        let master = self.master();
        match actor.role {
            Some(Role::Admin) => {}
            // A supervisor: the area they review, or else the offices under theirs.
            Some(Role::Supervisor) => match actor.office_id {
                Some(office) if super::stats::reviews_area(&master, office) => {
                    let area = master.offices.get(&office).map(|o| o.jurisdiction_id);
                    Scope::Area(area.unwrap_or(-1)).condition(sql, &master);
                }
                Some(office) => {
                    sql.push(" AND g.holding_office_id IN ")
                        .bind_in(&master.office_subtree(office));
                }
                None => {
                    sql.push(" AND 1 = 0");
                }
            },
            // Verifiers and auditors with no posting work the whole installation.
            _ => {
                if let Some(area) = actor.jurisdiction_id {
                    Scope::Area(area).condition(sql, &master);
                }
            }
        }
    }

    /// Serves the next disposed case to call (of `queue`'s district or department, when it
    /// names one; never one filed with no number to call), and holds it for this verifier for 15 minutes so no one else calls the same
    /// citizen: CM-cell and VIP-cell (top priority) first, then the configured share of the
    /// rest, the latest disposal first (while the citizen can still reopen); never a case
    /// already tried today.
    pub async fn next_call(&self, actor: &Actor, queue: &CallQueue) -> Result<Option<CallCase>> {
        let me = actor.user_id.unwrap_or(-1);
        let now = self.now();
        let today = now.ist_date().to_string();
        let share = self.verification_policy().share_percent.clamp(0, 100);
        let mut sql = Sql::new(
            "SELECT g.id FROM grievances g WHERE g.status = 'disposed' AND g.verification IS NULL \
             AND g.mobile <> '' AND (g.priority = 'top' OR (g.id * 7919) % 100 < ",
        );
        sql.bind(share);
        sql.push(")");
        self.area_condition(&mut sql, actor);
        if let Some(district) = queue.district {
            sql.push(" AND g.district_id = ").bind(district);
        }
        if let Some(department) = queue.department {
            sql.push(" AND g.department_id = ").bind(department);
        }
        sql.push(
            " AND NOT EXISTS (SELECT 1 FROM verification_calls v WHERE v.grievance_id = g.id \
             AND v.round = g.reopen_count AND v.day = ",
        )
        .bind(today)
        .push(
            ") AND NOT EXISTS (SELECT 1 FROM verification_claims k WHERE k.grievance_id = g.id \
             AND k.until > ",
        )
        .bind(now.0)
        .push(" AND k.user_id <> ")
        .bind(me)
        .push(
            ") ORDER BY CASE WHEN g.priority = 'top' THEN 0 ELSE 1 END, g.disposed_at DESC, g.id \
             LIMIT 20",
        );
        let (text, args) = sql.into_parts();
        let ids: Vec<i64> = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?;
        for id in ids {
            // Another verifier may have claimed it since: the claim holds only where none holds.
            let mut tx = self.begin_write().await?;
            let claimed = sqlx::query(
                "INSERT INTO verification_claims (grievance_id, user_id, until) VALUES ($1, $2, $3) \
                 ON CONFLICT (grievance_id) DO UPDATE SET user_id = $2, until = $3 \
                 WHERE verification_claims.until <= $4 OR verification_claims.user_id = $2",
            )
            .bind(id)
            .bind(me)
            .bind(now.0 + 15 * 60_000)
            .bind(now.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            if claimed == 0 {
                continue;
            }
            let case = self.view_by_id(id).await?;
            let attempts = self.call_attempts(id).await?;
            return Ok(Some(CallCase { case, attempts }));
        }
        Ok(None)
    }

    async fn call_attempts(&self, id: i64) -> Result<Vec<CallAttempt>> {
        Ok(sqlx::query_as(
            "SELECT v.at, v.outcome, v.remarks, u.username AS verifier FROM verification_calls v \
             JOIN grievances g ON g.id = v.grievance_id LEFT JOIN users u ON u.id = v.verifier_user_id \
             WHERE v.grievance_id = $1 AND v.round = g.reopen_count ORDER BY v.at",
        )
        .bind(id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Records a call: `satisfied`, `not_satisfied` or `no_answer`.
    pub async fn record_call(
        &self,
        regno: &str,
        actor: &Actor,
        outcome: &str,
        remarks: &str,
    ) -> Result<CallResult> {
        if !matches!(outcome, "satisfied" | "not_satisfied" | "no_answer") {
            return Err(invalid(
                "outcome",
                ErrorCode::InvalidChoice,
                msg!("store-monitoring-bad-outcome"),
            ));
        }
        let remarks = remarks.trim();
        let (case, _) = self.grievance_for(regno, actor).await?;
        // Two verifiers on one citizen: the second is told the case changed.
        let version = Some(case.version);
        let id: i64 = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
            .bind(&case.registration_number)
            .fetch_one(self.pool())
            .await?;
        if case.status != "disposed" || case.verification.is_some() {
            return Err(invalid(
                "regno",
                ErrorCode::NotAwaitingCall,
                msg!("store-monitoring-not-awaiting-call"),
            ));
        }
        let policy = self.verification_policy();
        let verify = |outcome: &str, remarks: String| ActionRequest::RecordVerification {
            outcome: outcome.to_string(),
            remarks,
        };
        let result = match outcome {
            "satisfied" => {
                self.act(
                    regno,
                    &verify("satisfied", remarks.to_string()),
                    actor,
                    version,
                )
                .await?;
                CallResult::Verified
            }
            "not_satisfied" => {
                // Recording it reopens the case where the policy says so (`Store::act`).
                let after = self
                    .act(
                        regno,
                        &verify("not_satisfied", remarks.to_string()),
                        actor,
                        version,
                    )
                    .await?;
                if after.status == "disposed" {
                    CallResult::NotReopened
                } else {
                    CallResult::Reopened
                }
            }
            _ => CallResult::TryAgain { days_tried: 0 },
        };
        let now = self.now();
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO verification_calls (grievance_id, round, at, day, verifier_user_id, outcome, remarks) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(case.reopen_count)
        .bind(now.0)
        .bind(now.ist_date().to_string())
        .bind(actor.user_id)
        .bind(outcome)
        .bind(remarks)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM verification_claims WHERE grievance_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if result != (CallResult::TryAgain { days_tried: 0 }) {
            return Ok(result);
        }
        let days: i64 = sqlx::query_scalar(
            "SELECT COUNT(DISTINCT day) FROM verification_calls WHERE grievance_id = $1 AND round = $2 \
             AND outcome = 'no_answer'",
        )
        .bind(id)
        .bind(case.reopen_count)
        .fetch_one(self.pool())
        .await?;
        if days >= policy.attempts.max(1) {
            let note = format!("No answer on {days} days");
            self.act(regno, &verify("unreachable", note), actor, None)
                .await?;
            return Ok(CallResult::Unreachable);
        }
        Ok(CallResult::TryAgain { days_tried: days })
    }
}
