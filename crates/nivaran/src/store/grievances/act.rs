//! A person's lifecycle action on one case (`Store::act`): the action read against the case,
//! who may take it, and what follows from it in the same transaction (what an acceptance brings
//! with it, `ActionRequest::to_steps`; a verification call that finds the citizen not satisfied
//! reopens the case).

use super::*;
use crate::store::requests::{Accepter, ActionRequest};
use serde::Deserialize;

/// What an officer must say when taking a case (`[officers]` in the configuration).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct OfficerPolicy {
    /// The states (their jurisdiction codes, `*` for every state) whose officers must declare by
    /// when they will resolve a case when they accept it (seed 003). Unset: optional everywhere,
    /// except in `serve --demo`, which requires it in every state.
    pub eta_required_states: Option<Vec<String>>,
}

impl OfficerPolicy {
    /// Must an officer accepting a case of state `state_code` declare an ETA?
    pub fn eta_required_in(&self, state_code: &str) -> bool {
        self.eta_required_states
            .as_ref()
            .is_some_and(|states| states.iter().any(|s| s == "*" || s == state_code))
    }
}

/// Does `office` have a head of its own (an active supervisor posted there)? Where it does, the
/// head assigns its cases; where it does not, its officers assign them among themselves (or a
/// supervisor above does).
pub(super) async fn office_has_head(tx: &mut AnyConnection, office: Option<i64>) -> Result<bool> {
    let heads: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE office_id = $1 AND role = 'supervisor' AND active = 1",
    )
    .bind(office.unwrap_or(-1))
    .fetch_one(&mut *tx)
    .await?;
    Ok(heads > 0)
}

impl Store {
    /// Performs one lifecycle action for `actor`. With `expected_version`, refuses (409) when the
    /// case has changed since the caller read it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn act(
        &self,
        regno: &str,
        request: &ActionRequest,
        actor: &Actor,
        expected_version: Option<i64>,
    ) -> Result<GrievanceView> {
        let regno =
            RegistrationNumber::parse(regno).map_err(|_| StoreError::NotFound("grievance"))?;
        let master = self.master();
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
            .bind(regno.as_str().to_string())
            .fetch_optional(&mut *tx)
            .await?;
        let mut case = load_case(&mut tx, id.ok_or(StoreError::NotFound("grievance"))?).await?;
        let Some(capacity) = capacity(&master, actor, &case.row, &case.state.parts) else {
            return Err(StoreError::NotFound("grievance"));
        };
        if let Some(expected) = expected_version
            && expected != case.row.version
        {
            return Err(StoreError::Conflict {
                current: case.row.version,
            });
        }
        // Who accepts, for what an acceptance brings with it (`ActionRequest::to_steps`).
        let accepter = match (actor.role, actor.user_id) {
            (Some(Role::Officer | Role::Supervisor), Some(user_id)) => Some(Accepter {
                user_id,
                office_id: actor.office_id,
            }),
            _ => None,
        };
        let mut steps = request.to_steps(
            &master,
            &case.state,
            self.files_known(&mut tx, case.row.id).await?,
            accepter,
        )?;
        // A joint department's part goes to the office routing gives it for the case's place.
        if let Some(Action::AddJointDepartment {
            department, office, ..
        }) = steps.first_mut()
        {
            *office = Some(crate::store::parts::office_for(
                &master,
                *department,
                case.row.category_id,
                case.row.jurisdiction_id,
            )?);
        }
        // A link names its original by number; the same citizen's case already disposed of is
        // a repeat, which goes back to work.
        let mut reopen_original = false;
        if let (
            Some(Action::LinkDuplicate { original, .. }),
            ActionRequest::LinkDuplicate {
                original: number, ..
            },
        ) = (steps.first_mut(), request)
        {
            let found =
                crate::store::duplicate_review::original_for(&mut tx, number, &case.row).await?;
            *original = found.id;
            reopen_original = found.reopen;
        }
        let action = &steps[0];
        // A part's actions are judged by where the actor stands to that part.
        let part = action
            .part_department()
            .and_then(|d| case.state.part(d))
            .cloned();
        let allowed = match &part {
            Some(part) => may_act_on_part(&master, actor, capacity, part, action),
            None => access::may_perform(capacity, action),
        };
        if !allowed {
            return Err(StoreError::Forbidden(action.label_en()));
        }
        let part_standing = part
            .as_ref()
            .and_then(|p| part_capacity(&master, actor, std::slice::from_ref(p)));
        // A part's office with a head has its parts given out by the head, as its cases are.
        if matches!(action, Action::PartAssignOfficer { .. })
            && part_standing == Some(Capacity::PartOffice)
            && office_has_head(&mut tx, part.as_ref().map(|p| p.office)).await?
        {
            return Err(StoreError::Forbidden(action.label_en()));
        }
        // In an office with a head, the head (or a supervisor above) gives out its cases.
        if matches!(action, Action::AssignOfficer { .. })
            && capacity == Capacity::HoldingOffice
            && office_has_head(&mut tx, case.row.holding_office_id).await?
        {
            return Err(StoreError::Forbidden(action.label_en()));
        }
        if let ActionRequest::Accept { eta, .. } = request
            && eta.as_deref().is_none_or(|e| e.trim().is_empty())
        {
            let state_code = master
                .jurisdictions
                .get(&case.row.state_id)
                .map(|j| j.code.as_str())
                .unwrap_or_default();
            if self.officer_policy().eta_required_in(state_code) {
                return Err(FieldError::new(
                    "eta",
                    ErrorCode::Required,
                    msg!("store-act-eta-required"),
                )
                .into());
            }
        }
        let version = case.row.version;
        // An acceptance with the officer's date is told once, as that date.
        let told_with_eta = matches!(steps.first(), Some(Action::Accept))
            && steps.iter().any(|s| matches!(s, Action::DeclareEta { .. }));
        let notifications = self.notifications();
        // The counted figures of every step, written once before the commit.
        let mut figures = crate::store::stats::counted::Deltas::new();
        for (n, step) in steps.iter().enumerate() {
            apply_and_record(
                &mut tx,
                &master,
                &mut case,
                step,
                actor,
                now,
                (n == 0).then_some(version),
                (!(n == 0 && told_with_eta)).then_some(&notifications),
                &mut figures,
            )
            .await
            .map_err(|e| match e {
                // The date given with an acceptance is explained in the acceptance's own field.
                StoreError::Lifecycle(rule)
                    if n > 0
                        && matches!(step, Action::DeclareEta { .. })
                        && rule.field() == Some("reason") =>
                {
                    FieldError::new(
                        "eta_reason",
                        ErrorCode::ReasonRequired,
                        msg!("store-act-eta-reason"),
                    )
                    .into()
                }
                other => other,
            })?;
        }
        // A link or its undoing settles the candidate, tells the citizen, and a repeat reopens
        // the original.
        if matches!(
            action,
            Action::LinkDuplicate { .. } | Action::UnlinkDuplicate { .. }
        ) {
            crate::store::duplicate_review::after_link_step(
                &mut tx,
                &master,
                &notifications,
                &case,
                action,
                reopen_original,
                actor,
                now,
                &mut figures,
            )
            .await?;
        }
        // A verification call that finds the citizen not satisfied reopens the case where the
        // policy says so, whichever door the verifier records it through (the call screen, the
        // case page or the API). A citizen's own feedback leaves the reopening to them, with
        // their reason.
        if let Action::RecordVerification {
            outcome: Verification::NotSatisfied,
            remarks,
        } = action
            && actor.role == Some(Role::Verifier)
            && self.verification_policy().not_satisfied == "reopen"
        {
            let reason = if remarks.trim().is_empty() {
                "Citizen not satisfied on the verification call".to_string()
            } else {
                format!(
                    "Citizen not satisfied on the verification call: {}",
                    remarks.trim()
                )
            };
            let reopen = Action::Reopen { reason };
            match apply_and_record(
                &mut tx,
                &master,
                &mut case,
                &reopen,
                actor,
                now,
                None,
                Some(&notifications),
                &mut figures,
            )
            .await
            {
                // Past the reopening window the answer still counts against the office.
                Ok(()) | Err(StoreError::Lifecycle(_)) => {}
                Err(e) => return Err(e),
            }
        }
        figures.write(&mut tx, self.engine()).await?;
        tx.commit().await?;
        self.view_by_id(case.row.id).await
    }
}
