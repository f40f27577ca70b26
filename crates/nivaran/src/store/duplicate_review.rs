//! What people do with likely duplicates (issue 17, part 2): the "similar open cases" a filing
//! form shows before submitting (numbers and status, never another citizen's details), a
//! citizen attached to an existing case instead of filing again, the nodal officer's list of
//! unresolved candidates with its figures (found, linked, undone, per channel), a candidate
//! dismissed, the original a link names, and the original's steps told to the citizens of its
//! duplicates and its followers.

use super::duplicates::{KnownFeatures, Probe, candidates_for};
use super::grievances::{CodeName, EventView, GrievanceRow, LoadedCase, append_event, load_case};
use super::master::MasterData;
use super::outbox::{citizen_messages, insert_outbox};
use super::sql::Sql;
use super::stats::Period;
use super::users::Actor;
use super::{Result, Store, StoreError};
use crate::notify::Notifications;
use crate::notify::messages::Message;
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::access;
use nivaran_domain::lifecycle::{self, Action, OfficeTree, Status};
use nivaran_domain::msg;
use nivaran_domain::regno::RegistrationNumber;
use nivaran_domain::text::{FieldError, Mobile, PersonName};
use nivaran_domain::types::{Language, Role};
use serde::Serialize;
use sqlx::AnyConnection;

/// What a filing form knows before it is submitted, to find similar cases by.
#[derive(Debug, Clone, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SimilarQuery {
    /// The place's code.
    pub jurisdiction: String,
    /// The category's code.
    pub category: String,
    /// What the citizen wrote (subject and description).
    #[serde(default)]
    pub text: String,
    /// The citizen's mobile: matched only for an operator, or for a citizen signed in with it.
    #[serde(default)]
    pub mobile: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

/// A similar case as anyone may see it: its number, status, category, place and date, and why
/// it is similar; no citizen's name, number or words.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct SimilarCase {
    pub registration_number: String,
    pub status: String,
    pub status_label_en: String,
    pub status_label_hi: String,
    pub category: CodeName,
    pub place: CodeName,
    pub filed_date: String,
    /// `same_mobile`, `same_place`, `similar_text`, `repeat`.
    pub reasons: Vec<String>,
    pub score: f64,
}

fn code_name(code: &str, en: &str, hi: &str) -> CodeName {
    CodeName {
        code: code.to_string(),
        name_en: en.to_string(),
        name_hi: hi.to_string(),
    }
}

/// A candidate in the nodal officer's list.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CandidateView {
    pub registration_number: String,
    pub subject: String,
    pub status: String,
    pub channel: String,
    pub original: String,
    pub original_subject: String,
    pub original_status: String,
    pub reasons: Vec<String>,
    pub score: f64,
    pub found_at: String,
}

/// Duplicates found, linked and undone in a period, for one channel.
#[derive(Debug, Clone, Default, Serialize, schemars::JsonSchema)]
pub struct DuplicateFigures {
    pub channel: String,
    pub found: i64,
    pub linked: i64,
    pub undone: i64,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct DuplicateReview {
    /// Unresolved candidates, likeliest first (at most 200).
    pub open: Vec<CandidateView>,
    pub open_total: i64,
    pub figures: Vec<DuplicateFigures>,
}

#[derive(sqlx::FromRow)]
struct CandidateRow {
    regno: Option<String>,
    subject: String,
    status: String,
    channel: String,
    original: Option<String>,
    original_subject: String,
    original_status: String,
    reasons: String,
    score_millis: i64,
    found_at: i64,
}

/// The case a link names as the original, and whether linking to it reopens it (the same
/// citizen's case already disposed of: a repeat goes back to work with its history).
pub(super) struct Original {
    pub id: i64,
    pub reopen: bool,
}

/// Reads the original a link names (`field` for the messages) for the case `row`.
pub(super) async fn original_for(
    conn: &mut AnyConnection,
    code: &str,
    row: &GrievanceRow,
) -> Result<Original> {
    let unknown = || -> StoreError {
        FieldError::new(
            "original",
            ErrorCode::Unknown,
            msg!("store-duplicates-no-original", number = code.trim()),
        )
        .into()
    };
    let regno = RegistrationNumber::parse(code).map_err(|_| unknown())?;
    let found: Option<(i64, String, String, Option<i64>)> =
        sqlx::query_as("SELECT id, status, mobile, duplicate_of FROM grievances WHERE regno = $1")
            .bind(regno.as_str().to_string())
            .fetch_optional(&mut *conn)
            .await?;
    let (id, status, mobile, duplicate_of) = found.ok_or_else(unknown)?;
    let refuse = |message| -> StoreError {
        FieldError::new("original", ErrorCode::InvalidChoice, message).into()
    };
    if id == row.id {
        return Err(refuse(msg!("store-duplicates-itself")));
    }
    if duplicate_of.is_some() {
        return Err(refuse(msg!("store-duplicates-original-is-duplicate")));
    }
    let disposed = matches!(status.as_str(), "disposed" | "closed");
    // A disposed case is linked to only by its own citizen's repeat (two who gave no number
    // are not one citizen).
    if disposed && (mobile.is_empty() || mobile != row.mobile) {
        return Err(FieldError::new(
            "original",
            ErrorCode::OriginalDisposed,
            msg!("store-duplicates-original-disposed"),
        )
        .into());
    }
    Ok(Original {
        id,
        reopen: disposed,
    })
}

/// What a citizen's repeat of their own disposed case does to it: reopens it while it may be
/// reopened (within the window, the citizen not satisfied); otherwise it goes to the appellate
/// office as the citizen's appeal (a closed case, a satisfied citizen who is back), while an
/// appeal is still open to them. Past both, the link is refused: the new petition stands as a
/// grievance of its own, the earlier one shown beside it among its likely duplicates.
fn repeat_step(
    master: &MasterData,
    earlier: &LoadedCase,
    regno: &str,
    now: Timestamp,
) -> Result<Action> {
    let reason = format!("Filed again by the citizen as grievance {regno}");
    let reopen = Action::Reopen {
        reason: reason.clone(),
    };
    if lifecycle::apply(&earlier.state, &reopen, now, master).is_ok() {
        return Ok(reopen);
    }
    if let Some(office) = earlier
        .state
        .holding_office
        .and_then(|held| master.parent(held))
    {
        let appeal = Action::Appeal { office, reason };
        if lifecycle::apply(&earlier.state, &appeal, now, master).is_ok() {
            return Ok(appeal);
        }
    }
    Err(FieldError::new(
        "original",
        ErrorCode::OriginalDisposed,
        msg!(
            "store-duplicates-repeat-too-late",
            number = earlier.row.regno.clone().unwrap_or_default()
        ),
    )
    .into())
}

/// The original's step told to the citizens of its linked duplicates and to its followers, in
/// their languages, in the step's transaction.
#[allow(clippy::too_many_arguments)] // the step, where it happened, and who is told
pub(super) async fn tell_the_joined(
    tx: &mut AnyConnection,
    notifications: &Notifications,
    master: &MasterData,
    row: &GrievanceRow,
    action: &Action,
    part_office: Option<i64>,
    seq: i64,
    at: Timestamp,
) -> Result<()> {
    if matches!(
        action,
        Action::LinkDuplicate { .. } | Action::UnlinkDuplicate { .. }
    ) {
        return Ok(());
    }
    let duplicates: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT mobile, language, email FROM grievances WHERE duplicate_of = $1")
            .bind(row.id)
            .fetch_all(&mut *tx)
            .await?;
    let followers: Vec<(String, String)> =
        sqlx::query_as("SELECT mobile, language FROM case_followers WHERE grievance_id = $1")
            .bind(row.id)
            .fetch_all(&mut *tx)
            .await?;
    let joined = duplicates
        .into_iter()
        .chain(followers.into_iter().map(|(m, l)| (m, l, None)));
    let mut messages = Vec::new();
    for (mobile, language, email) in joined {
        if !mobile.is_empty() && mobile == row.mobile {
            continue; // told already, as the case's own citizen
        }
        // Whom the message is for, in its key: the number, or the address of one who gave none.
        let whom = if mobile.is_empty() {
            email.clone().unwrap_or_default()
        } else {
            mobile.clone()
        };
        let mut theirs = row.clone();
        theirs.mobile = mobile.clone();
        theirs.language = language;
        theirs.email = email;
        for mut message in
            citizen_messages(notifications, master, &theirs, action, part_office, seq)?
        {
            message.idempotency_key.push_str(&format!(":j{whom}"));
            messages.push(message);
        }
    }
    insert_outbox(tx, None, &messages, at).await
}

/// What follows a link in its transaction: the candidate settled (linked, or undone with the
/// link), the citizen told the original's number, and a repeat's original reopened with the
/// history attached (the new case linked to it). The original's change to the counted figures
/// is added to `figures`, written with the rest of the transaction's.
#[allow(clippy::too_many_arguments)] // the step and everything it touches
pub(super) async fn after_link_step(
    tx: &mut AnyConnection,
    master: &MasterData,
    notifications: &Notifications,
    case: &LoadedCase,
    action: &Action,
    reopen_original: bool,
    actor: &Actor,
    now: Timestamp,
    figures: &mut crate::store::stats::counted::Deltas,
) -> Result<()> {
    match action {
        Action::LinkDuplicate { original, .. } => {
            sqlx::query(
                "UPDATE duplicate_candidates SET status = 'linked', decided_by = $1, decided_at = $2 \
                 WHERE grievance_id = $3 AND original_id = $4",
            )
            .bind(actor.user_id)
            .bind(now.0)
            .bind(case.row.id)
            .bind(*original)
            .execute(&mut *tx)
            .await?;
            let mut earlier = load_case(&mut *tx, *original).await?;
            let regno = case.row.regno.clone().unwrap_or_default();
            if reopen_original {
                let step = repeat_step(master, &earlier, &regno, now)?;
                super::grievances::apply_and_record(
                    tx,
                    master,
                    &mut earlier,
                    &step,
                    actor,
                    now,
                    None,
                    Some(notifications),
                    figures,
                )
                .await?;
            }
            let original_regno = earlier.row.regno.clone().unwrap_or_default();
            let language = Language::parse(&case.row.language).unwrap_or_default();
            let message = Message::sms(
                notifications,
                "duplicate",
                language,
                &case.row.mobile,
                &[&regno, &original_regno],
                Some(case.row.id),
                &format!("g{}:e{}:duplicate", case.row.id, case.last_seq),
            )?;
            insert_outbox(tx, None, &[message], now).await?;
        }
        Action::UnlinkDuplicate { reason } => {
            sqlx::query(
                "UPDATE duplicate_candidates SET status = 'undone', decided_by = $1, decided_at = $2, \
                 decision_reason = $3 WHERE grievance_id = $4 AND status = 'linked'",
            )
            .bind(actor.user_id)
            .bind(now.0)
            .bind(reason.clone())
            .bind(case.row.id)
            .execute(&mut *tx)
            .await?;
        }
        _ => {}
    }
    Ok(())
}

impl Store {
    /// The open cases (and the caller's own recently disposed ones) a grievance being typed
    /// is likely the same as, likeliest first.
    pub async fn similar_cases(
        &self,
        query: &SimilarQuery,
        actor: &Actor,
    ) -> Result<Vec<SimilarCase>> {
        let master = self.master();
        let jurisdiction = master
            .jurisdiction_by_code(&query.jurisdiction)
            .ok_or_else(|| super::grievances::unknown_code("jurisdiction", &query.jurisdiction))?;
        let category = master
            .category_by_code(&query.category)
            .ok_or_else(|| super::grievances::unknown_code("category", &query.category))?;
        let text = nivaran_domain::text::bounded(
            "text",
            &query.text,
            0,
            super::suggest::SUGGEST_MAX_CHARS,
        )?;
        // A number is matched only for an operator, or for the citizen signed in with it:
        // nobody learns by typing a number which cases it filed.
        let mobile = match query.mobile.as_deref().map(Mobile::parse) {
            Some(Ok(m)) => {
                let theirs = actor.mobile.as_deref() == Some(m.as_str());
                let operator = actor.role.is_some_and(access::may_file_for_others);
                (theirs || operator).then(|| m.as_str().to_string())
            }
            _ => None,
        };
        let probe = Probe {
            mobile,
            jurisdiction_id: jurisdiction.id,
            district_id: jurisdiction.district_id,
            category_id: category.id,
            department_id: category.department_id,
            location: query.latitude.zip(query.longitude),
            text,
            before_id: None,
        };
        let mut conn = self.pool().acquire().await?;
        let found =
            candidates_for(&mut conn, &probe, self.now(), &mut KnownFeatures::default()).await?;
        Ok(found
            .into_iter()
            .filter_map(|(case, candidate)| {
                let status = Status::parse(&case.status)?;
                let category = master.categories.get(&case.category_id)?;
                let place = master.jurisdictions.get(&case.jurisdiction_id)?;
                Some(SimilarCase {
                    registration_number: case.regno.clone()?,
                    status: status.code().into(),
                    status_label_en: status.label_en().into(),
                    status_label_hi: status.label_hi().into(),
                    category: code_name(&category.code, &category.name_en, &category.name_hi),
                    place: code_name(&place.code, &place.name_en, &place.name_hi),
                    filed_date: Timestamp(case.filed_at).ist_date().to_string(),
                    reasons: candidate.reasons.iter().map(|r| r.code().into()).collect(),
                    score: candidate.score,
                })
            })
            .collect())
    }

    /// Attaches a citizen to the open case `regno` instead of filing the same grievance again:
    /// they are told its number now and its steps from then on. Returns the case's number.
    #[allow(clippy::too_many_arguments)] // the case, the citizen, and who attached them
    pub async fn attach_follower(
        &self,
        regno: &str,
        name: &str,
        mobile: &str,
        language: Language,
        channel: &str,
        actor: &Actor,
    ) -> Result<String> {
        let name = PersonName::parse(name)?;
        let mobile = Mobile::parse(mobile)?;
        let regno =
            RegistrationNumber::parse(regno).map_err(|_| StoreError::NotFound("grievance"))?;
        let now = self.now();
        {
            let mut conn = self.pool().acquire().await?;
            self.check_filing_limit(&mut conn, mobile.as_str(), now)
                .await?;
        }
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
            .bind(regno.as_str().to_string())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(StoreError::NotFound("grievance"))?;
        let case: LoadedCase = load_case(&mut tx, id).await?;
        if !case.state.status.is_open() || case.state.duplicate_of.is_some() {
            return Err(FieldError::new(
                "attach_to",
                ErrorCode::IllegalTransition,
                msg!("store-duplicates-not-open"),
            )
            .into());
        }
        let added = sqlx::query(
            "INSERT INTO case_followers (grievance_id, mobile, citizen_name, language, channel, attached_at, attached_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (grievance_id, mobile) DO NOTHING",
        )
        .bind(id)
        .bind(mobile.as_str().to_string())
        .bind(name.as_str().to_string())
        .bind(language.code().to_string())
        .bind(channel.to_string())
        .bind(now.0)
        .bind(actor.user_id)
        .execute(&mut *tx)
        .await?;
        if added.rows_affected() == 1 {
            // On the case's chain: who was attached is between the offices.
            let payload = serde_json::json!({
                "action": "attach_follower",
                "channel": channel,
                "mobile_ends": &mobile.as_str()[mobile.as_str().len().saturating_sub(4)..],
            })
            .to_string();
            record_note(&mut tx, &case, now, actor, "attach_follower", &payload).await?;
            let notifications = self.notifications();
            let message = Message::sms(
                &notifications,
                "joined",
                language,
                mobile.as_str(),
                &[regno.as_str()],
                Some(id),
                &format!("g{id}:f{}:joined", mobile.as_str()),
            )?;
            insert_outbox(&mut tx, None, &[message], now).await?;
        }
        tx.commit().await?;
        Ok(regno.as_str().to_string())
    }

    /// Decides that a candidate is not a duplicate, with a reason (recorded on the newer
    /// case's chain).
    pub async fn dismiss_candidate(
        &self,
        regno: &str,
        original: &str,
        reason: &str,
        actor: &Actor,
    ) -> Result<()> {
        let reason = nivaran_domain::text::bounded("reason", reason, 5, 1000)?;
        let parse = |code: &str| {
            RegistrationNumber::parse(code).map_err(|_| StoreError::NotFound("grievance"))
        };
        let (regno, original) = (parse(regno)?, parse(original)?);
        let master = self.master();
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let ids: Vec<(i64, String)> =
            sqlx::query_as("SELECT id, regno FROM grievances WHERE regno IN ($1, $2)")
                .bind(regno.as_str().to_string())
                .bind(original.as_str().to_string())
                .fetch_all(&mut *tx)
                .await?;
        let id_of = |r: &RegistrationNumber| {
            ids.iter()
                .find(|(_, code)| code == r.as_str())
                .map(|(id, _)| *id)
                .ok_or(StoreError::NotFound("grievance"))
        };
        let (id, original_id) = (id_of(&regno)?, id_of(&original)?);
        let case = load_case(&mut tx, id).await?;
        let Some(capacity) =
            super::grievances::capacity(&master, actor, &case.row, &case.state.parts)
        else {
            return Err(StoreError::NotFound("grievance"));
        };
        let sample = Action::LinkDuplicate {
            original: original_id,
            reason: String::new(),
        };
        if !access::may_perform(capacity, &sample) {
            return Err(StoreError::Forbidden("decide on a duplicate of"));
        }
        let decided = sqlx::query(
            "UPDATE duplicate_candidates SET status = 'dismissed', decided_by = $1, decided_at = $2, \
             decision_reason = $3 WHERE grievance_id = $4 AND original_id = $5 AND status = 'open'",
        )
        .bind(actor.user_id)
        .bind(now.0)
        .bind(reason.clone())
        .bind(id)
        .bind(original_id)
        .execute(&mut *tx)
        .await?;
        if decided.rows_affected() == 0 {
            return Err(StoreError::NotFound("candidate"));
        }
        let payload = serde_json::json!({
            "action": "dismiss_duplicate",
            "original": original.as_str(),
            "reason": reason,
        })
        .to_string();
        record_note(&mut tx, &case, now, actor, "dismiss_duplicate", &payload).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The unresolved candidates among the cases `actor` may see, and the duplicates found,
    /// linked and undone in `period` by channel.
    pub async fn duplicate_review(
        &self,
        actor: &Actor,
        period: &Period,
    ) -> Result<DuplicateReview> {
        let master = self.master();
        let (from, to) = (period.start().0, period.end().0);
        let mut sql = Sql::new(
            "SELECT g.regno, g.subject, g.status, g.channel, o.regno AS original, o.subject AS original_subject, \
             o.status AS original_status, c.reasons, c.score_millis, c.found_at \
             FROM duplicate_candidates c JOIN grievances g ON g.id = c.grievance_id \
             JOIN grievances o ON o.id = c.original_id WHERE c.status = 'open'",
        );
        super::grievances::scope(&mut sql, self.engine(), &master, actor, false);
        sql.push(" ORDER BY c.score_millis DESC, c.found_at DESC LIMIT 200");
        let (text, args) = sql.into_parts();
        let rows: Vec<CandidateRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?;
        let mut sql = Sql::new(
            "SELECT COUNT(*) FROM duplicate_candidates c JOIN grievances g ON g.id = c.grievance_id \
             WHERE c.status = 'open'",
        );
        super::grievances::scope(&mut sql, self.engine(), &master, actor, false);
        let (text, args) = sql.into_parts();
        let open_total: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
            .fetch_one(self.pool())
            .await?;
        // Found: cases with a candidate found in the period; linked and undone: the steps.
        let mut sql = Sql::new(
            "SELECT g.channel, COUNT(DISTINCT c.grievance_id) FROM duplicate_candidates c \
             JOIN grievances g ON g.id = c.grievance_id WHERE c.found_at >= ",
        );
        sql.bind(from).push(" AND c.found_at < ").bind(to);
        super::grievances::scope(&mut sql, self.engine(), &master, actor, false);
        sql.push(" GROUP BY g.channel");
        let (text, args) = sql.into_parts();
        let found: Vec<(String, i64)> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?;
        let mut sql = Sql::new(
            "SELECT g.channel, e.action, COUNT(*) FROM events e JOIN grievances g ON g.id = e.grievance_id \
             WHERE e.action IN ('link_duplicate', 'unlink_duplicate') AND e.at >= ",
        );
        sql.bind(from).push(" AND e.at < ").bind(to);
        super::grievances::scope(&mut sql, self.engine(), &master, actor, false);
        sql.push(" GROUP BY g.channel, e.action");
        let (text, args) = sql.into_parts();
        let steps: Vec<(String, String, i64)> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                .fetch_all(self.pool())
                .await?;
        let mut figures: Vec<DuplicateFigures> = Vec::new();
        fn row_of<'f>(
            figures: &'f mut Vec<DuplicateFigures>,
            channel: &str,
        ) -> &'f mut DuplicateFigures {
            let i = match figures.iter().position(|f| f.channel == channel) {
                Some(i) => i,
                None => {
                    figures.push(DuplicateFigures {
                        channel: channel.to_string(),
                        ..Default::default()
                    });
                    figures.len() - 1
                }
            };
            &mut figures[i]
        }
        for (channel, n) in found {
            row_of(&mut figures, &channel).found = n;
        }
        for (channel, action, n) in steps {
            let row = row_of(&mut figures, &channel);
            if action == "link_duplicate" {
                row.linked = n;
            } else {
                row.undone = n;
            }
        }
        figures.sort_by(|a, b| a.channel.cmp(&b.channel));
        Ok(DuplicateReview {
            open: rows
                .into_iter()
                .map(|r| CandidateView {
                    registration_number: r.regno.unwrap_or_default(),
                    subject: r.subject,
                    status: r.status,
                    channel: r.channel,
                    original: r.original.unwrap_or_default(),
                    original_subject: r.original_subject,
                    original_status: r.original_status,
                    reasons: r.reasons.split_whitespace().map(str::to_string).collect(),
                    score: r.score_millis as f64 / 1000.0,
                    found_at: Timestamp(r.found_at).to_rfc3339(),
                })
                .collect(),
            open_total,
            figures,
        })
    }
}

/// A case's version moves with each event on its chain (as an added document's does).
/// A step that leaves the case's status as it was (a follower attached, a candidate dismissed):
/// on its chain, and a change of the case for whoever holds an older version.
async fn record_note(
    tx: &mut AnyConnection,
    case: &LoadedCase,
    now: Timestamp,
    actor: &Actor,
    action: &str,
    payload: &str,
) -> Result<()> {
    let status = case.state.status.code();
    append_event(
        tx,
        case.row.id,
        case.last_seq + 1,
        &case.last_hash,
        now,
        actor,
        action,
        status,
        status,
        payload,
    )
    .await?;
    sqlx::query("UPDATE grievances SET version = version + 1, updated_at = $1 WHERE id = $2")
        .bind(now.0)
        .bind(case.row.id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

/// A timeline as the citizen reads it leaves out who else was attached or what was dismissed.
pub(super) fn private_to_offices(event: &EventView) -> bool {
    matches!(
        event.action.as_str(),
        "attach_follower" | "dismiss_duplicate"
    )
}

/// Is the role one that works candidates (the nodal officer's list)?
pub fn works_duplicates(role: Option<Role>) -> bool {
    matches!(role, Some(Role::Officer | Role::Supervisor | Role::Admin))
}
