//! Grievances: the row and the views of a case, who may see and act on it (`capacity`, `scope`),
//! the lifecycle actions with optimistic concurrency (`act`); reading lists and counts in `list`,
//! a case's record and timeline in `record`. Cases are born in `store::filing`.

mod act;
mod counts;
mod list;
mod record;
mod relevance;
mod standing;
pub use act::OfficerPolicy;
pub(super) use record::{
    append_event, apply_and_record, load_case, load_cases, step_payload, timeline,
};
use relevance::RELEVANCE_WINDOW;
pub(super) use standing::{capacity, may_act_on_part, part_capacity, scope};

use super::master::MasterData;
use super::sql::Sql;
use super::stats::counted;
use super::users::Actor;
use super::{Engine, Result, Store, StoreError};
use crate::notify::Notifications;
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::access::{self, Capacity};
use nivaran_domain::chain::{self, EventContent, GENESIS_HASH};
use nivaran_domain::grievance::ValidGrievance;
use nivaran_domain::lifecycle::{self, Action, CaseState, Status};
use nivaran_domain::msg;
use nivaran_domain::regno::RegistrationNumber;
use nivaran_domain::text::{FieldError, Mobile, normalize};
use nivaran_domain::types::{Channel, Role, Verification};
use serde::Serialize;
use sqlx::AnyConnection;

/// How many documents a citizen may attach to a new grievance.
pub const MAX_FILES_AT_FILING: usize = 5;

/// A search's matches are counted up to this many (beyond it, `total_capped` says so).
pub const SEARCH_COUNT_LIMIT: i64 = 200;

const GRIEVANCE_COLUMNS: &str = "id, regno, legacy_number, citizen_name, mobile, email, address, jurisdiction_id, \
    district_id, state_id, latitude, longitude, kind, category_id, department_id, subject, description, channel, \
    priority, language, status, holding_office_id, holder_user_id, unrouted, forwarded_to_id, escalation_level, escalated_to_id, \
    transfer_count, reopen_count, appealed, eta, eta_changes, atr_submitted, atr_approved, special_close, disposal, disposed_at, \
    verification, duplicate_of, status_before_link, filed_at, due_at, updated_at, version, review_target_at, \
    external_system, external_reference";

/// One row of `grievances`.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub(super) struct GrievanceRow {
    pub id: i64,
    pub regno: Option<String>,
    pub legacy_number: Option<String>,
    pub citizen_name: String,
    pub mobile: String,
    pub email: Option<String>,
    pub address: Option<String>,
    pub jurisdiction_id: i64,
    pub district_id: Option<i64>,
    pub state_id: i64,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub kind: String,
    pub category_id: i64,
    pub department_id: i64,
    pub subject: String,
    pub description: String,
    pub channel: String,
    pub priority: String,
    pub language: String,
    pub status: String,
    pub holding_office_id: Option<i64>,
    pub holder_user_id: Option<i64>,
    pub unrouted: i64,
    pub forwarded_to_id: Option<i64>,
    pub escalation_level: i64,
    pub escalated_to_id: Option<i64>,
    pub transfer_count: i64,
    pub reopen_count: i64,
    pub appealed: i64,
    pub eta: Option<i64>,
    pub eta_changes: i64,
    pub atr_submitted: i64,
    pub atr_approved: i64,
    pub special_close: String,
    pub disposal: Option<String>,
    pub disposed_at: Option<i64>,
    pub verification: Option<String>,
    pub duplicate_of: Option<i64>,
    pub status_before_link: Option<String>,
    pub filed_at: i64,
    pub due_at: i64,
    pub updated_at: i64,
    pub version: i64,
    /// The earliest target a review meeting's direction set on the case.
    pub review_target_at: Option<i64>,
    pub external_system: Option<String>,
    pub external_reference: Option<String>,
}

impl GrievanceRow {
    fn case_state(&self, joint_departments: Vec<i64>) -> CaseState {
        super::state_columns::state_of(self, joint_departments)
    }
}

/// A case loaded for an action: its row, its lifecycle state and the head of its event chain.
pub(super) struct LoadedCase {
    pub row: GrievanceRow,
    pub state: CaseState,
    /// Its parts' rows (their deadlines beside the state `state.parts` holds).
    pub parts: Vec<crate::store::parts::PartRow>,
    pub last_seq: i64,
    pub last_hash: String,
}

/// A case as the API shows it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GrievanceView {
    pub registration_number: String,
    pub legacy_number: Option<String>,
    /// The case's number on another grievance system (CPGRAMS, CM Window, Saral, e-Office,
    /// Gram or Nagar Darshan), when it carries one.
    pub external_reference: Option<ExternalReferenceView>,
    pub status: String,
    pub status_label_en: String,
    pub status_label_hi: String,
    pub citizen_name: String,
    pub mobile: String,
    pub email: Option<String>,
    pub address: Option<String>,
    pub jurisdiction: CodeName,
    pub district: Option<CodeName>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub kind: String,
    pub category: CodeName,
    pub department: CodeName,
    pub subject: String,
    pub description: String,
    pub channel: String,
    pub priority: String,
    pub language: String,
    pub holding_office: Option<CodeName>,
    /// The officer of the holding office who answers for the case by name, once named.
    pub holder: Option<Holder>,
    pub unrouted: bool,
    pub forwarded_to: Option<CodeName>,
    pub escalation_level: i64,
    pub escalated_to: Option<CodeName>,
    pub joint_departments: Vec<CodeName>,
    /// The joint departments' parts, each with its own office, holder, ETA and deadline (on a
    /// single case's page and answer; lists leave them empty).
    pub parts: Vec<crate::store::PartView>,
    /// How many parts still owe their Action Taken Report.
    pub parts_pending: i64,
    /// The registration number of the case this one is linked to as a duplicate (on a single
    /// case's page and answer).
    pub duplicate_of: Option<String>,
    pub transfer_count: i64,
    pub reopen_count: i64,
    pub appealed: bool,
    pub eta: Option<String>,
    /// How many times the officer changed the ETA (each with a reason, each told the citizen).
    pub eta_changes: i64,
    /// Open and past the ETA its officer declared.
    pub eta_missed: bool,
    pub atr_submitted: bool,
    pub atr_approved: bool,
    pub special_close: String,
    pub disposal: Option<String>,
    pub disposed_at: Option<String>,
    pub verification: Option<String>,
    pub filed_at: String,
    pub due_at: String,
    pub due_date: String,
    pub overdue: bool,
    /// Whole days since filing (to the disposal, for a disposed case): the age a review asks.
    pub age_days: i64,
    /// The date a review meeting's direction wants the case resolved by (the earliest, while
    /// the case is open), shown in its holder's inbox.
    pub review_target: Option<String>,
    pub updated_at: String,
    pub version: i64,
}

/// The officer holding a case by name.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Holder {
    #[serde(skip)]
    pub user_id: i64,
    pub username: String,
    pub full_name: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct ExternalReferenceView {
    /// The system, by its code and names.
    pub system: CodeName,
    pub reference: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct CodeName {
    pub code: String,
    pub name_en: String,
    pub name_hi: String,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct EventView {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub from_status: String,
    pub to_status: String,
    pub details: serde_json::Value,
    pub hash: String,
}

/// The answer to a registration.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct Registered {
    pub registration_number: String,
    pub status: String,
    pub office: Option<CodeName>,
    pub unrouted: bool,
    pub due_date: String,
    pub grievance: GrievanceView,
    /// An earlier filing with the same Idempotency-Key, answered again (nothing new written).
    #[serde(skip)]
    pub replayed: bool,
}

impl Registered {
    fn of(grievance: GrievanceView) -> Registered {
        Registered {
            registration_number: grievance.registration_number.clone(),
            status: grievance.status.clone(),
            office: grievance.holding_office.clone(),
            unrouted: grievance.unrouted,
            due_date: grievance.due_date.clone(),
            grievance,
            replayed: false,
        }
    }
}

/// Filters for listing cases. Codes, not ids: they come from people and URLs.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct GrievanceFilter {
    pub status: Option<String>,
    pub office: Option<String>,
    pub category: Option<String>,
    pub department: Option<String>,
    pub district: Option<String>,
    pub channel: Option<String>,
    pub priority: Option<String>,
    pub overdue: Option<bool>,
    /// Filed on or after this date (YYYY-MM-DD, IST).
    pub from: Option<String>,
    /// Filed on or before this date (YYYY-MM-DD, IST).
    pub to: Option<String>,
    /// Words to find in the subject or description (Hindi or English).
    pub q: Option<String>,
    /// The case's number on another grievance system, exactly as that system writes it.
    pub external_reference: Option<String>,
    /// Cases escalated to this office (code).
    pub escalated_to: Option<String>,
    /// `requested`: special closures waiting for a supervisor's approval.
    pub special_close: Option<String>,
    /// ATRs submitted and not yet approved.
    pub atr_pending: Option<bool>,
    /// Only cases the signed-in user filed (operators' own entries).
    pub mine: Option<bool>,
    /// `me`: the cases the signed-in officer holds by name ("my cases"); `none`: the cases no
    /// officer holds yet (what the office head assigns).
    pub holder: Option<String>,
    /// `due` (default: soonest deadline first), `filed` (oldest first), `-filed` (newest first)
    /// or `recent` (latest registrations first; the default for a search).
    pub sort: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GrievancePage {
    pub items: Vec<GrievanceView>,
    pub page: i64,
    pub per_page: i64,
    pub total: i64,
    /// True when a search matched more than `total` (which then is the counting limit).
    pub total_capped: bool,
}

/// Counts of cases by status, for an inbox.
#[derive(Debug, Clone, Default, Serialize)]
pub struct StatusCounts {
    pub by_status: Vec<(&'static str, i64)>,
    pub open: i64,
    pub overdue: i64,
    pub total: i64,
}

/// One office's open and overdue cases.
#[derive(Debug, Clone, Serialize)]
pub struct OfficePendency {
    pub code: String,
    pub name_en: String,
    pub name_hi: String,
    pub level: i64,
    pub open: i64,
    pub overdue: i64,
}

/// Everything a case page shows.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    pub grievance: GrievanceView,
    pub timeline: Vec<EventView>,
    pub attachments: Vec<super::Attachment>,
    /// Action codes this user may take now, in lifecycle order.
    pub actions: Vec<&'static str>,
    /// For each part of a joint case (by department code), the part actions this user may
    /// take on it now.
    pub part_actions: Vec<(String, Vec<&'static str>)>,
    pub capacity: Capacity,
    /// The helpline calls of the case (filed during one, verification calls), for staff.
    pub calls: Vec<crate::store::Call>,
}

pub(in crate::store) fn code_name_office(master: &MasterData, id: Option<i64>) -> Option<CodeName> {
    let office = master.offices.get(&id?)?;
    Some(CodeName {
        code: office.code.clone(),
        name_en: office.name_en.clone(),
        name_hi: office.name_hi.clone(),
    })
}

fn code_name_jurisdiction(master: &MasterData, id: i64) -> CodeName {
    master
        .jurisdictions
        .get(&id)
        .map(|j| CodeName {
            code: j.code.clone(),
            name_en: j.name_en.clone(),
            name_hi: j.name_hi.clone(),
        })
        .unwrap_or_else(|| unknown(id))
}

pub(in crate::store) fn code_name_department(master: &MasterData, id: i64) -> CodeName {
    master
        .departments
        .get(&id)
        .map(|d| CodeName {
            code: d.code.clone(),
            name_en: d.name_en.clone(),
            name_hi: d.name_hi.clone(),
        })
        .unwrap_or_else(|| unknown(id))
}

pub(in crate::store) fn unknown(id: i64) -> CodeName {
    CodeName {
        code: id.to_string(),
        name_en: "(unknown)".into(),
        name_hi: "(अज्ञात)".into(),
    }
}

fn view(master: &MasterData, row: &GrievanceRow, joint: &[i64], now: Timestamp) -> GrievanceView {
    let status = Status::parse(&row.status).unwrap_or(Status::Received);
    let category = master
        .categories
        .get(&row.category_id)
        .map(|c| CodeName {
            code: c.code.clone(),
            name_en: c.name_en.clone(),
            name_hi: c.name_hi.clone(),
        })
        .unwrap_or_else(|| unknown(row.category_id));
    GrievanceView {
        registration_number: row.regno.clone().unwrap_or_default(),
        legacy_number: row.legacy_number.clone(),
        external_reference: row
            .external_system
            .as_deref()
            .and_then(nivaran_domain::types::ExternalSystem::parse)
            .zip(row.external_reference.clone())
            .map(|(system, reference)| ExternalReferenceView {
                system: CodeName {
                    code: system.code().into(),
                    name_en: system.label_en().into(),
                    name_hi: system.label_hi().into(),
                },
                reference,
            }),
        status: status.code().into(),
        status_label_en: status.label_en().into(),
        status_label_hi: status.label_hi().into(),
        citizen_name: row.citizen_name.clone(),
        mobile: row.mobile.clone(),
        email: row.email.clone(),
        address: row.address.clone(),
        jurisdiction: code_name_jurisdiction(master, row.jurisdiction_id),
        district: row.district_id.map(|d| code_name_jurisdiction(master, d)),
        latitude: row.latitude,
        longitude: row.longitude,
        kind: row.kind.clone(),
        category,
        department: code_name_department(master, row.department_id),
        subject: row.subject.clone(),
        description: row.description.clone(),
        channel: row.channel.clone(),
        priority: row.priority.clone(),
        language: row.language.clone(),
        holding_office: code_name_office(master, row.holding_office_id),
        // Named by `Store::name_holders`, which looks the people up for a whole list at once.
        holder: row.holder_user_id.map(|user_id| Holder {
            user_id,
            username: String::new(),
            full_name: String::new(),
        }),
        unrouted: row.unrouted != 0,
        forwarded_to: code_name_office(master, row.forwarded_to_id),
        escalation_level: row.escalation_level,
        escalated_to: code_name_office(master, row.escalated_to_id),
        joint_departments: joint
            .iter()
            .map(|d| code_name_department(master, *d))
            .collect(),
        parts: Vec::new(),
        parts_pending: 0,
        duplicate_of: None,
        transfer_count: row.transfer_count,
        reopen_count: row.reopen_count,
        appealed: row.appealed != 0,
        eta: row.eta.map(|t| Timestamp(t).to_rfc3339()),
        eta_changes: row.eta_changes,
        // As the figure counts it: not while the case waits for the citizen.
        eta_missed: nivaran_domain::lifecycle::deadline_runs(status)
            && row.eta.is_some_and(|eta| eta < now.0),
        atr_submitted: row.atr_submitted != 0,
        atr_approved: row.atr_approved != 0,
        special_close: row.special_close.clone(),
        disposal: row.disposal.clone(),
        disposed_at: row.disposed_at.map(|t| Timestamp(t).to_rfc3339()),
        verification: row.verification.clone(),
        filed_at: Timestamp(row.filed_at).to_rfc3339(),
        due_at: Timestamp(row.due_at).to_rfc3339(),
        due_date: Timestamp(row.due_at).ist_date().to_string(),
        overdue: nivaran_domain::lifecycle::deadline_runs(status) && row.due_at < now.0,
        age_days: (row.disposed_at.unwrap_or(now.0) - row.filed_at).max(0) / 86_400_000,
        review_target: row
            .review_target_at
            .filter(|_| status.is_open())
            .map(|t| Timestamp(t).ist_date().to_string()),
        updated_at: Timestamp(row.updated_at).to_rfc3339(),
        version: row.version,
    }
}

impl Store {
    /// The registration number of case `id`, if there is one.
    pub(super) async fn number_of(&self, id: Option<i64>) -> Result<Option<String>> {
        let Some(id) = id else { return Ok(None) };
        Ok(
            sqlx::query_scalar::<_, Option<String>>("SELECT regno FROM grievances WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?
                .flatten(),
        )
    }
}

/// What [`Store::case_filed_from`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FiledFrom {
    /// The case was filed with the number given.
    ThisMobile,
    /// No case of that number was filed with it.
    NoMatch,
    /// The case was filed through an integration with no number: it is followed there.
    NoMobile,
}

/// A single case as the API shows it, with its parts.
pub(super) fn view_with_parts(
    master: &MasterData,
    case: &LoadedCase,
    now: Timestamp,
) -> GrievanceView {
    let mut grievance = view(master, &case.row, &case.state.joint_departments, now);
    grievance.parts = crate::store::parts::views(master, &case.parts, now);
    grievance.parts_pending = case.state.pending_parts().count() as i64;
    grievance
}

pub(super) fn date_filter(field: &'static str, value: &str) -> Result<time::Date> {
    time::Date::parse(
        value.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| {
        FieldError::new(
            field,
            ErrorCode::InvalidDate,
            msg!("store-grievances-bad-date"),
        )
        .into()
    })
}

pub(super) fn unknown_code(field: &'static str, code: &str) -> StoreError {
    FieldError::new(
        field,
        ErrorCode::Unknown,
        msg!("store-grievances-unknown-code", code = code),
    )
    .into()
}

/// Splits a search into words, keeping Devanagari vowel signs with their letters.
pub(super) fn search_words(q: &str) -> Vec<String> {
    normalize(q)
        .split(|c: char| !(c.is_alphanumeric() || ('\u{0900}'..='\u{097F}').contains(&c)))
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.to_lowercase())
        .collect()
}

impl Store {
    /// The answer to a registration, from the row as written.
    pub(super) fn registered_from(&self, row: &GrievanceRow) -> Registered {
        Registered::of(view(&self.master(), row, &[], self.now()))
    }

    /// Puts the holders' names on cases viewed (one statement for a whole list).
    pub(super) async fn name_holders(&self, views: &mut [GrievanceView]) -> Result<()> {
        let mut ids: Vec<i64> = views
            .iter()
            .filter_map(|v| v.holder.as_ref().map(|h| h.user_id))
            .collect();
        if ids.is_empty() {
            return Ok(());
        }
        ids.sort_unstable();
        ids.dedup();
        let mut sql = Sql::new("SELECT id, username, full_name FROM users WHERE id IN ");
        sql.bind_in(&ids);
        let (text, args) = sql.into_parts();
        let people: Vec<(i64, String, String)> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                .fetch_all(self.pool())
                .await?;
        for holder in views.iter_mut().filter_map(|v| v.holder.as_mut()) {
            if let Some((_, username, full_name)) = people.iter().find(|p| p.0 == holder.user_id) {
                holder.username = username.clone();
                holder.full_name = full_name.clone();
            }
        }
        Ok(())
    }

    /// The answer to a registration, read back after commit (with its documents).
    pub(super) async fn registered(&self, id: i64) -> Result<Registered> {
        Ok(Registered::of(self.view_by_id(id).await?))
    }

    /// The first registration of a filing sent again with its Idempotency-Key.
    pub(super) async fn replayed(&self, id: i64) -> Result<Registered> {
        let mut answer = self.registered(id).await?;
        answer.replayed = true;
        Ok(answer)
    }

    /// The refusals a filing may meet that need the database or master data (the place, the
    /// category, the month's limit), asked without writing: before a filing's files are stored.
    pub(super) async fn check_filing_possible(
        &self,
        valid: &ValidGrievance,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<()> {
        let master = self.master();
        if master
            .jurisdiction_by_code(&valid.jurisdiction_code)
            .is_none()
        {
            return Err(unknown_code("jurisdiction", &valid.jurisdiction_code));
        }
        if master.category_by_code(&valid.category_code).is_none() {
            return Err(unknown_code("category", &valid.category_code));
        }
        // The limit is a number's: a citizen without one is the integration's to pace.
        if let Some(mobile) = valid
            .mobile
            .as_ref()
            .filter(|_| valid.limit_override_reason.is_none())
        {
            let mut conn = self.pool().acquire().await?;
            self.check_filing_limit(&mut conn, mobile.as_str(), now)
                .await
                .map_err(|e| super::limits::with_override_hint(e, actor))?;
        }
        Ok(())
    }

    /// Who may file what: channels other than the web, past the monthly limit and with joint
    /// departments are operators'.
    pub(super) fn check_filing_rights(&self, valid: &ValidGrievance, actor: &Actor) -> Result<()> {
        let may_file_for_others = actor.role.is_some_and(access::may_file_for_others);
        if valid.channel != Channel::Web && !may_file_for_others {
            return Err(FieldError::new(
                "channel",
                ErrorCode::OperatorOnly,
                msg!("store-grievances-channel-operator-only"),
            )
            .into());
        }
        // Another system's number is an operator's or an integration's to record.
        if valid.external.is_some() && !may_file_for_others {
            return Err(FieldError::new(
                "external_reference",
                ErrorCode::OperatorOnly,
                msg!("store-grievances-external-operator-only"),
            )
            .into());
        }
        if !valid.joint_departments.is_empty() && !may_file_for_others {
            return Err(FieldError::new(
                "joint_departments",
                ErrorCode::OperatorOnly,
                msg!("store-grievances-joint-operator-only"),
            )
            .into());
        }
        // Each joint department named exists and is not the case's own.
        let master = self.master();
        let own = master
            .category_by_code(&valid.category_code)
            .map(|c| c.department_id);
        for code in &valid.joint_departments {
            match master.department_by_code(code) {
                None => return Err(unknown_code("joint_departments", code)),
                Some(d) if Some(d.id) == own => {
                    return Err(FieldError::new(
                        "joint_departments",
                        ErrorCode::OwnDepartment,
                        msg!("store-parts-own-department"),
                    )
                    .into());
                }
                Some(_) => {}
            }
        }
        if valid.limit_override_reason.is_some() && !may_file_for_others {
            return Err(FieldError::new(
                "limit_override_reason",
                ErrorCode::OperatorOnly,
                msg!("store-grievances-override-operator-only"),
            )
            .into());
        }
        Ok(())
    }

    /// Finds a case by registration number for `actor`; not found when it is not theirs.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn grievance_for(
        &self,
        regno: &str,
        actor: &Actor,
    ) -> Result<(GrievanceView, Vec<EventView>)> {
        let regno =
            RegistrationNumber::parse(regno).map_err(|_| StoreError::NotFound("grievance"))?;
        let master = self.master();
        let mut conn = self.pool().acquire().await?;
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
            .bind(regno.as_str().to_string())
            .fetch_optional(&mut *conn)
            .await?;
        let case = load_case(&mut conn, id.ok_or(StoreError::NotFound("grievance"))?).await?;
        let Some(capacity) = capacity(&master, actor, &case.row, &case.state.parts) else {
            return Err(StoreError::NotFound("grievance"));
        };
        let mut events = timeline(&mut conn, &master, case.row.id).await?;
        drop(conn);
        let mut grievance = view_with_parts(&master, &case, self.now());
        grievance.duplicate_of = self.number_of(case.state.duplicate_of).await?;
        if capacity == Capacity::Citizen {
            for part in &mut grievance.parts {
                part.holder = None;
                part.holder_name = None;
            }
        }
        self.name_holders(std::slice::from_mut(&mut grievance))
            .await?;
        if capacity == Capacity::Citizen {
            // What passes between offices stays between them, as on the citizen's page.
            grievance.holder = None;
            events = record::for_the_citizen(events);
        }
        Ok((grievance, events))
    }

    /// Whether case `regno` was filed with `mobile`: what a citizen must know to be sent a
    /// one-time password for tracking it. Counted against the caller's address, so nobody can
    /// walk the (sequential) numbers to learn which cases a mobile number filed.
    pub async fn case_filed_from(
        &self,
        regno: &str,
        mobile: &Mobile,
        ip: &str,
    ) -> Result<FiledFrom> {
        self.hit_rate_limit(
            &format!("track-ip:{ip}"),
            3_600_000,
            self.limits().otps_per_ip_per_hour * 2,
        )
        .await?;
        let found: Option<String> =
            sqlx::query_scalar("SELECT mobile FROM grievances WHERE regno = $1")
                .bind(regno.to_string())
                .fetch_optional(self.pool())
                .await?;
        Ok(match found {
            Some(m) if m == mobile.as_str() => FiledFrom::ThisMobile,
            // Filed through an integration with no number: no code can be sent for it.
            Some(m) if m.is_empty() => FiledFrom::NoMobile,
            _ => FiledFrom::NoMatch,
        })
    }

    pub(super) async fn view_by_id(&self, id: i64) -> Result<GrievanceView> {
        let mut conn = self.pool().acquire().await?;
        let case = load_case(&mut conn, id).await?;
        drop(conn);
        let mut grievance = view_with_parts(&self.master(), &case, self.now());
        grievance.duplicate_of = self.number_of(case.state.duplicate_of).await?;
        self.name_holders(std::slice::from_mut(&mut grievance))
            .await?;
        Ok(grievance)
    }

    /// The cases with these ids as lists show them, in the order given.
    pub(super) async fn views_by_ids(&self, ids: &[i64]) -> Result<Vec<GrievanceView>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut sql = Sql::new(&format!(
            "SELECT {GRIEVANCE_COLUMNS} FROM grievances WHERE id IN "
        ));
        sql.bind_in(ids);
        let (text, args) = sql.into_parts();
        let mut rows: Vec<GrievanceRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?;
        rows.sort_by_key(|row| ids.iter().position(|id| *id == row.id));
        let (master, now) = (self.master(), self.now());
        let mut views: Vec<GrievanceView> = rows
            .iter()
            .map(|row| view(&master, row, &[], now))
            .collect();
        self.name_holders(&mut views).await?;
        Ok(views)
    }
}
