//! Grievances: registration (validate, route, deadline, first events), the lifecycle actions with
//! optimistic concurrency, access by role, listing with filters and full-text search, timelines.

use super::master::MasterData;
use super::sql::Sql;
use super::users::Actor;
use super::{Engine, Result, Store, StoreError};
use crate::notify::Notifications;
use nivaran_domain::Timestamp;
use nivaran_domain::access::{self, Capacity};
use nivaran_domain::chain::{self, EventContent, GENESIS_HASH};
use nivaran_domain::grievance::ValidGrievance;
use nivaran_domain::lifecycle::{self, Action, CaseState, Status};
use nivaran_domain::regno::RegistrationNumber;
use nivaran_domain::text::{FieldError, Mobile, normalize};
use nivaran_domain::types::{Channel, Role};
use serde::Serialize;
use sqlx::AnyConnection;

/// How many documents a citizen may attach to a new grievance.
pub const MAX_FILES_AT_FILING: usize = 5;

/// A search's matches are counted up to this many (beyond it, `total_capped` says so).
pub const SEARCH_COUNT_LIMIT: i64 = 200;

const GRIEVANCE_COLUMNS: &str = "id, regno, legacy_number, citizen_name, mobile, email, address, jurisdiction_id, \
    district_id, state_id, latitude, longitude, kind, category_id, department_id, subject, description, channel, \
    priority, language, status, holding_office_id, unrouted, forwarded_to_id, escalation_level, escalated_to_id, \
    transfer_count, reopen_count, appealed, eta, atr_submitted, atr_approved, special_close, disposal, disposed_at, \
    verification, filed_at, due_at, updated_at, version";

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
    pub unrouted: i64,
    pub forwarded_to_id: Option<i64>,
    pub escalation_level: i64,
    pub escalated_to_id: Option<i64>,
    pub transfer_count: i64,
    pub reopen_count: i64,
    pub appealed: i64,
    pub eta: Option<i64>,
    pub atr_submitted: i64,
    pub atr_approved: i64,
    pub special_close: String,
    pub disposal: Option<String>,
    pub disposed_at: Option<i64>,
    pub verification: Option<String>,
    pub filed_at: i64,
    pub due_at: i64,
    pub updated_at: i64,
    pub version: i64,
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
    pub last_seq: i64,
    pub last_hash: String,
}

/// A case as the API shows it.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct GrievanceView {
    pub registration_number: String,
    pub legacy_number: Option<String>,
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
    pub unrouted: bool,
    pub forwarded_to: Option<CodeName>,
    pub escalation_level: i64,
    pub escalated_to: Option<CodeName>,
    pub joint_departments: Vec<CodeName>,
    pub transfer_count: i64,
    pub reopen_count: i64,
    pub appealed: bool,
    pub eta: Option<String>,
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
    pub updated_at: String,
    pub version: i64,
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
    /// Cases escalated to this office (code).
    pub escalated_to: Option<String>,
    /// `requested`: special closures waiting for a supervisor's approval.
    pub special_close: Option<String>,
    /// ATRs submitted and not yet approved.
    pub atr_pending: Option<bool>,
    /// Only cases the signed-in user filed (operators' own entries).
    pub mine: Option<bool>,
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
    pub capacity: Capacity,
}

fn code_name_office(master: &MasterData, id: Option<i64>) -> Option<CodeName> {
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

fn code_name_department(master: &MasterData, id: i64) -> CodeName {
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

fn unknown(id: i64) -> CodeName {
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
        unrouted: row.unrouted != 0,
        forwarded_to: code_name_office(master, row.forwarded_to_id),
        escalation_level: row.escalation_level,
        escalated_to: code_name_office(master, row.escalated_to_id),
        joint_departments: joint
            .iter()
            .map(|d| code_name_department(master, *d))
            .collect(),
        transfer_count: row.transfer_count,
        reopen_count: row.reopen_count,
        appealed: row.appealed != 0,
        eta: row.eta.map(|t| Timestamp(t).to_rfc3339()),
        atr_submitted: row.atr_submitted != 0,
        atr_approved: row.atr_approved != 0,
        special_close: row.special_close.clone(),
        disposal: row.disposal.clone(),
        disposed_at: row.disposed_at.map(|t| Timestamp(t).to_rfc3339()),
        verification: row.verification.clone(),
        filed_at: Timestamp(row.filed_at).to_rfc3339(),
        due_at: Timestamp(row.due_at).to_rfc3339(),
        due_date: Timestamp(row.due_at).ist_date().to_string(),
        overdue: status.is_open() && row.due_at < now.0,
        updated_at: Timestamp(row.updated_at).to_rfc3339(),
        version: row.version,
    }
}

/// The capacity in which `actor` stands to a case, or `None` when the case is none of theirs.
pub(super) fn capacity(master: &MasterData, actor: &Actor, row: &GrievanceRow) -> Option<Capacity> {
    if actor.is_system() {
        return Some(Capacity::System);
    }
    let in_area = |area: Option<i64>| match area {
        None => true,
        Some(area) => master
            .jurisdiction_path(row.jurisdiction_id)
            .contains(&area),
    };
    match actor.role {
        None => None, // the public sees cases only through the citizen tracking flow
        Some(Role::Admin) => Some(Capacity::Admin),
        Some(Role::Citizen) => {
            (actor.mobile.as_deref() == Some(row.mobile.as_str())).then_some(Capacity::Citizen)
        }
        Some(Role::Operator) => in_area(actor.jurisdiction_id).then_some(Capacity::Operator),
        Some(Role::Verifier) => in_area(actor.jurisdiction_id).then_some(Capacity::Verifier),
        Some(Role::Auditor) => in_area(actor.jurisdiction_id).then_some(Capacity::Auditor),
        Some(Role::Officer) => {
            let office = actor.office_id?;
            if row.holding_office_id == Some(office) {
                Some(Capacity::HoldingOffice)
            } else if row.forwarded_to_id == Some(office) {
                Some(Capacity::ForwardedOffice)
            } else {
                None
            }
        }
        Some(Role::Supervisor) => {
            let office = actor.office_id?;
            let holding_below = row
                .holding_office_id
                .is_some_and(|h| master.office_subtree(office).contains(&h));
            if holding_below || row.escalated_to_id == Some(office) {
                Some(Capacity::Supervisor)
            } else {
                // A collector or grievance cell sees the area's cases of every department.
                let area = master.offices.get(&office).map(|o| o.jurisdiction_id);
                (area.is_some() && super::stats::reviews_area(master, office) && in_area(area))
                    .then_some(Capacity::Reviewer)
            }
        }
    }
}

/// Adds the access condition for `actor` to a WHERE clause (on table alias `g`).
fn scope(sql: &mut Sql, master: &MasterData, actor: &Actor) {
    let area =
        |sql: &mut Sql, area: Option<i64>| match area.and_then(|a| master.jurisdictions.get(&a)) {
            None => {}
            Some(j) if j.level == "state" => {
                sql.push(" AND g.state_id = ").bind(j.id);
            }
            Some(j) if j.level == "district" => {
                sql.push(" AND g.district_id = ").bind(j.id);
            }
            Some(j) => {
                sql.push(" AND g.jurisdiction_id IN ")
                    .bind_in(&master.jurisdiction_subtree(j.id));
            }
        };
    match actor.role {
        _ if actor.is_system() => {}
        Some(Role::Admin) => {}
        Some(Role::Operator) | Some(Role::Verifier) | Some(Role::Auditor) => {
            area(sql, actor.jurisdiction_id)
        }
        Some(Role::Citizen) => {
            sql.push(" AND g.mobile = ")
                .bind(actor.mobile.clone().unwrap_or_default());
        }
        Some(Role::Officer) => {
            let office = actor.office_id.unwrap_or(-1);
            sql.push(" AND (g.holding_office_id = ").bind(office);
            sql.push(" OR g.forwarded_to_id = ").bind(office).push(")");
        }
        Some(Role::Supervisor) => {
            let office = actor.office_id.unwrap_or(-1);
            sql.push(" AND (g.holding_office_id IN ")
                .bind_in(&master.office_subtree(office));
            sql.push(" OR g.escalated_to_id = ").bind(office).push(")");
        }
        None => {
            sql.push(" AND 1 = 0");
        }
    }
}

pub(super) fn date_filter(field: &'static str, value: &str) -> Result<time::Date> {
    time::Date::parse(
        value.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .map_err(|_| {
        FieldError::new(
            field,
            "invalid_date",
            format!("{field} must be a date written YYYY-MM-DD"),
            format!("{field} तिथि YYYY-MM-DD रूप में लिखें"),
        )
        .into()
    })
}

pub(super) fn unknown_code(field: &'static str, code: &str) -> StoreError {
    FieldError::new(
        field,
        "unknown",
        format!("no {field} with code '{code}'"),
        format!("'{code}' कोड का कोई {field} नहीं है"),
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
        if valid.limit_override_reason.is_none() {
            let mut conn = self.pool().acquire().await?;
            self.check_filing_limit(&mut conn, valid.mobile.as_str(), now)
                .await
                .map_err(|e| super::limits::with_override_hint(e, actor))?;
        }
        Ok(())
    }

    /// Who may file what: channels other than the web and past the monthly limit are operators'.
    pub(super) fn check_filing_rights(&self, valid: &ValidGrievance, actor: &Actor) -> Result<()> {
        let may_file_for_others = actor.role.is_some_and(access::may_file_for_others);
        if valid.channel != Channel::Web && !may_file_for_others {
            return Err(FieldError::new(
                "channel",
                "operator_only",
                "Only an operator can file through a channel other than the web portal",
                "वेब पोर्टल के अलावा अन्य माध्यम से केवल ऑपरेटर दर्ज कर सकते हैं",
            )
            .into());
        }
        if valid.limit_override_reason.is_some() && !may_file_for_others {
            return Err(FieldError::new(
                "limit_override_reason",
                "operator_only",
                "Only an operator can file past the monthly limit",
                "मासिक सीमा से अधिक केवल ऑपरेटर दर्ज कर सकते हैं",
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
        if capacity(&master, actor, &case.row).is_none() {
            return Err(StoreError::NotFound("grievance"));
        }
        let events = timeline(&mut conn, &master, case.row.id).await?;
        Ok((
            view(
                &master,
                &case.row,
                &case.state.joint_departments,
                self.now(),
            ),
            events,
        ))
    }

    /// True when case `regno` was filed with `mobile`: what a citizen must know to be sent a
    /// one-time password for tracking it. Counted against the caller's address, so nobody can
    /// walk the (sequential) numbers to learn which cases a mobile number filed.
    pub async fn case_filed_from(&self, regno: &str, mobile: &Mobile, ip: &str) -> Result<bool> {
        self.hit_rate_limit(
            &format!("track-ip:{ip}"),
            3_600_000,
            self.limits().otps_per_ip_per_hour * 2,
        )
        .await?;
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1 AND mobile = $2")
                .bind(regno.to_string())
                .bind(mobile.as_str().to_string())
                .fetch_optional(self.pool())
                .await?;
        Ok(found.is_some())
    }

    pub(super) async fn view_by_id(&self, id: i64) -> Result<GrievanceView> {
        let mut conn = self.pool().acquire().await?;
        let case = load_case(&mut conn, id).await?;
        Ok(view(
            &self.master(),
            &case.row,
            &case.state.joint_departments,
            self.now(),
        ))
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
        Ok(rows
            .iter()
            .map(|row| view(&master, row, &[], now))
            .collect())
    }

    /// Performs one lifecycle action for `actor`. With `expected_version`, refuses (409) when the
    /// case has changed since the caller read it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn act(
        &self,
        regno: &str,
        request: &super::ActionRequest,
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
        let Some(capacity) = capacity(&master, actor, &case.row) else {
            return Err(StoreError::NotFound("grievance"));
        };
        if let Some(expected) = expected_version
            && expected != case.row.version
        {
            return Err(StoreError::Conflict {
                current: case.row.version,
            });
        }
        let action = request.to_action(
            &master,
            &case.state,
            self.files_known(&mut tx, case.row.id).await?,
        )?;
        if !access::may_perform(capacity, &action) {
            return Err(StoreError::Forbidden(action.label_en()));
        }
        let version = case.row.version;
        apply_and_record(
            &mut tx,
            &master,
            &mut case,
            &action,
            actor,
            now,
            Some(version),
            Some(&self.notifications()),
        )
        .await?;
        tx.commit().await?;
        self.view_by_id(case.row.id).await
    }

    /// Lists the cases `actor` may see, filtered and paged.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn list(&self, filter: &GrievanceFilter, actor: &Actor) -> Result<GrievancePage> {
        let master = self.master();
        let per_page = filter.per_page.unwrap_or(50).clamp(1, 100);
        // A page past any real list is simply empty; the bound keeps the offset arithmetic safe.
        let page = filter.page.unwrap_or(1).clamp(1, 1_000_000);
        let searching = filter
            .q
            .as_deref()
            .is_some_and(|q| !search_words(q).is_empty());
        // A search shows the latest registrations first unless asked otherwise: SQLite's index
        // then hands over matches newest first and stops at the page, instead of sorting all.
        let default_sort = if searching { "recent" } else { "due" };
        let order = match filter.sort.as_deref().unwrap_or(default_sort) {
            "due" => " ORDER BY g.due_at ASC, g.id ASC",
            "filed" => " ORDER BY g.filed_at ASC, g.id ASC",
            "-filed" => " ORDER BY g.filed_at DESC, g.id DESC",
            "recent" if searching => self.engine().search_newest_first(),
            "recent" => " ORDER BY g.id DESC",
            other => {
                return Err(FieldError::new(
                    "sort",
                    "invalid_choice",
                    format!("sort must be due, filed, -filed or recent, not '{other}'"),
                    "क्रम due, filed, -filed या recent होना चाहिए",
                )
                .into());
            }
        };
        let from = self.listing_tables(filter);
        let fts = self.search_query(&master, filter, actor).await?;
        let columns = GRIEVANCE_COLUMNS
            .split(',')
            .map(|c| format!("g.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        // On PostgreSQL a search is planned for its words each time: a statement prepared once
        // would get the generic plan, the same for a word in every fifth case as for a word in
        // a hundred, and walk the whole district for the rare one (or gather every match of
        // the common one). Planning a search costs a fraction of a millisecond. SQLite plans
        // the same either way.
        let prepared = !searching || self.engine().prepares_searches();
        let mut conn = self.pool().acquire().await?;
        let offset = (page - 1) * per_page;
        // A search on PostgreSQL, up to the count's cap, takes one walk (below); everything
        // else counts and pages in two statements.
        let one_walk =
            searching && self.engine().pages_search_in_one_walk() && offset < SEARCH_COUNT_LIMIT;
        let (total, rows) = if one_walk {
            // One walk finds the matches' ids in the page's order up to the cap, which is both
            // the count and the page: for a common word in a district it is an index-only
            // scan of grievances_district_search. Walking again for the page's rows would read
            // the table for every case passed over on the way (PostgreSQL tests a plain index
            // scan's conditions on the row, not on the index entry).
            let mut ids_sql = Sql::new(&format!("SELECT g.id FROM {from}"));
            self.filter_condition(&mut ids_sql, &master, filter, actor, fts.as_deref())?;
            ids_sql
                .push(order)
                .push(" LIMIT ")
                .bind(SEARCH_COUNT_LIMIT + 1);
            let (text, args) = ids_sql.into_parts();
            let ids: Vec<i64> = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
                .persistent(false)
                .fetch_all(&mut *conn)
                .await?;
            let start = (offset as usize).min(ids.len());
            let end = ((offset + per_page) as usize).min(ids.len());
            let wanted = &ids[start..end];
            let mut rows: Vec<GrievanceRow> = if wanted.is_empty() {
                Vec::new()
            } else {
                let mut rows_sql = Sql::new(&format!(
                    "SELECT {columns} FROM grievances g WHERE g.id IN "
                ));
                rows_sql.bind_in(wanted);
                let (text, args) = rows_sql.into_parts();
                sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                    .persistent(false)
                    .fetch_all(&mut *conn)
                    .await?
            };
            rows.sort_by_key(|row| wanted.iter().position(|id| *id == row.id));
            (ids.len() as i64, rows)
        } else {
            // Arguments are consumed by execution, so the condition is built once per statement.
            // A search counts its matches only up to SEARCH_COUNT_LIMIT: a common word has hundreds
            // of thousands, and nobody pages through them.
            let mut count_sql = Sql::new(&if searching {
                format!("SELECT COUNT(*) FROM (SELECT 1 FROM {from}")
            } else {
                format!("SELECT COUNT(*) FROM {from}")
            });
            self.filter_condition(&mut count_sql, &master, filter, actor, fts.as_deref())?;
            if searching {
                // In id order: PostgreSQL then walks the newest cases for a common word (and stops
                // at the limit) instead of first gathering all its matches from the index.
                count_sql
                    .push(" ORDER BY g.id DESC LIMIT ")
                    .bind(SEARCH_COUNT_LIMIT + 1)
                    .push(") matches");
            }
            let mut page_sql = Sql::new(&format!("SELECT {columns} FROM {from}"));
            self.filter_condition(&mut page_sql, &master, filter, actor, fts.as_deref())?;
            page_sql.push(order);
            page_sql
                .push(" LIMIT ")
                .bind(per_page)
                .push(" OFFSET ")
                .bind(offset);

            // A search that is only words in a place (what the index knows) is counted in the
            // index alone, without looking up each match's case.
            if searching
                && self.engine().places_in_search_index()
                && index_answers(filter, actor, &master)
            {
                let mut only = Sql::new(
                    "SELECT COUNT(*) FROM (SELECT 1 FROM grievances_fts WHERE grievances_fts MATCH ",
                );
                only.bind(fts.clone().unwrap_or_default())
                    .push(" LIMIT ")
                    .bind(SEARCH_COUNT_LIMIT + 1)
                    .push(") matches");
                count_sql = only;
            }
            let (text, args) = count_sql.into_parts();
            let total: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
                .persistent(prepared)
                .fetch_one(&mut *conn)
                .await?;
            let (text, args) = page_sql.into_parts();
            let rows: Vec<GrievanceRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                .persistent(prepared)
                .fetch_all(&mut *conn)
                .await?;
            (total, rows)
        };
        let now = self.now();
        let items = rows
            .iter()
            .map(|row| view(&master, row, &[], now))
            .collect();
        let total_capped = searching && total > SEARCH_COUNT_LIMIT;
        Ok(GrievancePage {
            items,
            page,
            per_page,
            total: total.min(if searching {
                SEARCH_COUNT_LIMIT
            } else {
                i64::MAX
            }),
            total_capped,
        })
    }

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
             'awaiting_clarification', 'forwarded', 'atr_submitted') AND escalation_level = 1 AND due_at < $1",
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

    /// A case as its page shows it: the case, its timeline, its documents, and the actions this
    /// user may take on it now.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn case_detail(&self, regno: &str, actor: &Actor) -> Result<CaseDetail> {
        let regno =
            RegistrationNumber::parse(regno).map_err(|_| StoreError::NotFound("grievance"))?;
        let master = self.master();
        let mut conn = self.pool().acquire().await?;
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
            .bind(regno.as_str().to_string())
            .fetch_optional(&mut *conn)
            .await?;
        let case = load_case(&mut conn, id.ok_or(StoreError::NotFound("grievance"))?).await?;
        let Some(capacity) = capacity(&master, actor, &case.row) else {
            return Err(StoreError::NotFound("grievance"));
        };
        let events = timeline(&mut conn, &master, case.row.id).await?;
        drop(conn);
        let attachments = self.list_attachments(regno.as_str(), actor).await?;
        let actions = case
            .state
            .available_actions()
            .into_iter()
            .filter(|code| {
                Action::sample(code).is_some_and(|sample| access::may_perform(capacity, &sample))
            })
            .collect();
        Ok(CaseDetail {
            grievance: view(
                &master,
                &case.row,
                &case.state.joint_departments,
                self.now(),
            ),
            timeline: events,
            attachments,
            actions,
            capacity,
        })
    }

    /// The full-text query of a search, with each word turned into the words of the index it
    /// is a prefix of ("शिकायत" → शिकायत OR शिकायतें OR शिकायतों): the index walks a few
    /// words' lists lazily and skips to the place's cases, where a prefix query would first
    /// gather every case in the state holding any of them. A prefix of very many words stays a
    /// prefix query. Expansions are kept a minute (finding them costs more than the search), so
    /// a word form new to the whole index is found within a minute of its first filing.
    /// The words come from FTS5's own list on SQLite and from `search_words` on PostgreSQL
    /// (migrations 0005 and 0007).
    async fn search_query(
        &self,
        master: &MasterData,
        filter: &GrievanceFilter,
        actor: &Actor,
    ) -> Result<Option<String>> {
        let words = filter.q.as_deref().map(search_words).unwrap_or_default();
        if words.is_empty() {
            return Ok(None);
        }
        const MOST: usize = 24;
        const KEEP_MILLIS: i64 = 60_000;
        let engine = self.engine();
        let (lookup, or, and) = engine.search_vocabulary();
        let now = self.now().0;
        let mut groups = Vec::with_capacity(words.len());
        for word in &words {
            let word = word.replace(['"', '\\', '\''], "");
            if word.is_empty() {
                continue;
            }
            let cached = self
                .word_forms
                .lock()
                .expect("word forms lock")
                .get(&word)
                .filter(|(at, _)| now - at < KEEP_MILLIS)
                .map(|(_, group)| group.clone());
            if let Some(group) = cached {
                groups.push(group);
                continue;
            }
            let expanded: Vec<String> = sqlx::query_scalar(lookup)
                .bind(word.clone())
                .bind(format!("{word}\u{10FFFF}"))
                .bind(MOST as i64 + 1)
                .fetch_all(self.pool())
                .await?;
            let group = match expanded.len() {
                // No word of the index starts so: the word itself (it matches nothing).
                0 => engine.search_term(&word),
                n if n > MOST => engine.search_prefix(&word),
                _ => format!(
                    "({})",
                    expanded
                        .iter()
                        .map(|t| engine.search_term(t))
                        .collect::<Vec<_>>()
                        .join(or)
                ),
            };
            let mut forms = self.word_forms.lock().expect("word forms lock");
            if forms.len() > 10_000 {
                forms.clear();
            }
            forms.insert(word.clone(), (now, group.clone()));
            groups.push(group);
        }
        if groups.is_empty() {
            return Ok(None);
        }
        let mut query = groups.join(and);
        // On PostgreSQL a district asked for is the condition g.district_id = … instead (see
        // filter_condition): the planner takes a word and a place token for independent, so
        // with both it expects a common word to be rare in the district and gathers all its
        // matches rather than walking grievances_district_search until the page is full.
        let district_asked = filter.district.as_deref().is_some_and(|d| !d.is_empty());
        let place = if !engine.places_in_search_index() && district_asked {
            None
        } else {
            search_place(master, filter, actor)?
        };
        if let Some(place) = place {
            query.push_str(&format!("{and}{place}"));
        }
        Ok(Some(query))
    }

    /// The tables a listing reads: a search on SQLite starts from the full-text index (whose
    /// rowid is the case's id) and joins the cases to it.
    fn listing_tables(&self, filter: &GrievanceFilter) -> &'static str {
        let searching = filter
            .q
            .as_deref()
            .is_some_and(|q| !search_words(q).is_empty());
        if searching {
            self.engine().search_from()
        } else {
            "grievances g"
        }
    }

    /// Writes the WHERE clause for `filter`, scoped to what `actor` may see (on the tables of
    /// [`Store::listing_tables`]).
    fn filter_condition(
        &self,
        cond: &mut Sql,
        master: &MasterData,
        filter: &GrievanceFilter,
        actor: &Actor,
        fts: Option<&str>,
    ) -> Result<()> {
        let now = self.now();
        cond.push(" WHERE 1 = 1");
        scope(cond, master, actor);
        if let Some(status) = filter.status.as_deref().filter(|s| !s.is_empty()) {
            let mut statuses: Vec<&'static str> = Vec::new();
            for s in status.split(',') {
                if s.trim() == "open" {
                    statuses.extend(Status::ALL.iter().filter(|s| s.is_open()).map(|s| s.code()));
                    continue;
                }
                let parsed = Status::parse(s).ok_or_else(|| {
                    FieldError::new(
                        "status",
                        "invalid_choice",
                        format!(
                            "status must be 'open' or one of: {}",
                            Status::ALL
                                .iter()
                                .map(|s| s.code())
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        "स्थिति मान्य नहीं है: 'open' या कोई मान्य स्थिति लिखें",
                    )
                })?;
                statuses.push(parsed.code());
            }
            cond.push(" AND g.status IN (");
            for (i, s) in statuses.iter().enumerate() {
                if i > 0 {
                    cond.push(", ");
                }
                cond.bind(s.to_string());
            }
            cond.push(")");
        }
        if let Some(code) = filter.office.as_deref().filter(|s| !s.is_empty()) {
            let office = master
                .office_by_code(code)
                .ok_or_else(|| unknown_code("office", code))?;
            cond.push(" AND g.holding_office_id = ").bind(office.id);
        }
        if let Some(code) = filter.category.as_deref().filter(|s| !s.is_empty()) {
            let category = master
                .category_by_code(code)
                .ok_or_else(|| unknown_code("category", code))?;
            cond.push(" AND g.category_id = ").bind(category.id);
        }
        if let Some(code) = filter.department.as_deref().filter(|s| !s.is_empty()) {
            let department = master
                .department_by_code(code)
                .ok_or_else(|| unknown_code("department", code))?;
            cond.push(" AND g.department_id = ").bind(department.id);
        }
        let searching = filter
            .q
            .as_deref()
            .is_some_and(|q| !search_words(q).is_empty());
        if let Some(code) = filter.district.as_deref().filter(|s| !s.is_empty()) {
            let district = master
                .jurisdiction_by_code(code)
                .ok_or_else(|| unknown_code("district", code))?;
            // A search on SQLite asks the index for the district itself (its place token);
            // its planner would only be tempted into combining two big lists by hearing it
            // again. PostgreSQL is told here and not by a token (search_query).
            if !searching || !self.engine().places_in_search_index() {
                cond.push(" AND g.district_id = ").bind(district.id);
            }
        }
        if let Some(code) = filter.channel.as_deref().filter(|s| !s.is_empty()) {
            let channel = Channel::parse(code).ok_or_else(|| unknown_code("channel", code))?;
            cond.push(" AND g.channel = ")
                .bind(channel.code().to_string());
        }
        if let Some(code) = filter.priority.as_deref().filter(|s| !s.is_empty()) {
            let priority = nivaran_domain::types::Priority::parse(code)
                .ok_or_else(|| unknown_code("priority", code))?;
            cond.push(" AND g.priority = ")
                .bind(priority.code().to_string());
        }
        if let Some(code) = filter.escalated_to.as_deref().filter(|s| !s.is_empty()) {
            let office = master
                .office_by_code(code)
                .ok_or_else(|| unknown_code("office", code))?;
            cond.push(" AND g.escalated_to_id = ").bind(office.id);
        }
        match filter.special_close.as_deref().filter(|s| !s.is_empty()) {
            None => {}
            Some(value @ ("requested" | "approved")) => {
                cond.push(" AND g.special_close = ").bind(value.to_string());
            }
            Some(other) => return Err(unknown_code("special_close", other)),
        }
        if filter.atr_pending == Some(true) {
            cond.push(" AND g.status = 'atr_submitted' AND g.atr_approved = 0");
        }
        if filter.mine == Some(true) {
            cond.push(" AND g.filed_by = ")
                .bind(actor.user_id.unwrap_or(-1));
        }
        if filter.overdue == Some(true) {
            cond.push(" AND g.status NOT IN ('disposed', 'closed') AND g.due_at < ")
                .bind(now.0);
        }
        if let Some(from) = filter.from.as_deref().filter(|s| !s.is_empty()) {
            cond.push(" AND g.filed_at >= ")
                .bind(Timestamp::start_of_ist_day(date_filter("from", from)?).0);
        }
        if let Some(to) = filter.to.as_deref().filter(|s| !s.is_empty()) {
            cond.push(" AND g.filed_at <= ")
                .bind(Timestamp::end_of_ist_day(date_filter("to", to)?).0);
        }
        if let Some(query) = fts {
            self.engine().search_condition(cond, query);
        }
        Ok(())
    }
}

/// One word of a full-text query, matched exactly.
/// True when the index alone answers which cases a search finds: nothing is asked of the
/// cases but words and a district, and the reader sees the whole place (an administrator; an
/// operator, verifier or auditor of a district or state, whose area the place token names).
fn index_answers(filter: &GrievanceFilter, actor: &Actor, master: &MasterData) -> bool {
    let only_words_and_place = filter.status.as_deref().is_none_or(str::is_empty)
        && filter.office.as_deref().is_none_or(str::is_empty)
        && filter.category.as_deref().is_none_or(str::is_empty)
        && filter.department.as_deref().is_none_or(str::is_empty)
        && filter.channel.as_deref().is_none_or(str::is_empty)
        && filter.priority.as_deref().is_none_or(str::is_empty)
        && filter.overdue != Some(true)
        && filter.from.as_deref().is_none_or(str::is_empty)
        && filter.to.as_deref().is_none_or(str::is_empty)
        && filter.escalated_to.as_deref().is_none_or(str::is_empty)
        && filter.special_close.as_deref().is_none_or(str::is_empty)
        && filter.atr_pending != Some(true)
        && filter.mine != Some(true);
    let whole_place = match actor.role {
        Some(Role::Admin) => true,
        Some(Role::Operator | Role::Verifier | Role::Auditor) => {
            let area = actor
                .jurisdiction_id
                .and_then(|id| master.jurisdictions.get(&id));
            match area {
                None => true,
                // The place token is the reader's own district or state, unless they asked
                // for another district (then the scope condition would matter).
                Some(j) if j.level == "state" || j.level == "district" => filter
                    .district
                    .as_deref()
                    .is_none_or(|d| d.is_empty() || d == j.code),
                Some(_) => false,
            }
        }
        _ => false,
    };
    only_words_and_place && whole_place
}

/// The place token of a search (`nvrd<district id>` or `nvrs<state id>`): the district asked
/// for, else the district or state an operator, verifier or auditor covers.
fn search_place(
    master: &MasterData,
    filter: &GrievanceFilter,
    actor: &Actor,
) -> Result<Option<String>> {
    if let Some(code) = filter.district.as_deref().filter(|s| !s.is_empty()) {
        let district = master
            .jurisdiction_by_code(code)
            .ok_or_else(|| unknown_code("district", code))?;
        return Ok(Some(format!("nvrd{}", district.id)));
    }
    let area = match actor.role {
        Some(Role::Operator | Role::Verifier | Role::Auditor) => actor
            .jurisdiction_id
            .and_then(|id| master.jurisdictions.get(&id)),
        _ => None,
    };
    Ok(area.and_then(|j| match j.level.as_str() {
        "district" => Some(format!("nvrd{}", j.id)),
        "state" => Some(format!("nvrs{}", j.id)),
        _ => None,
    }))
}

/// Loads a case with its joint departments and the head of its event chain.
pub(super) async fn load_case(conn: &mut AnyConnection, id: i64) -> Result<LoadedCase> {
    let sql = format!("SELECT {GRIEVANCE_COLUMNS} FROM grievances WHERE id = $1");
    let row: GrievanceRow = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(StoreError::NotFound("grievance"))?;
    let joint: Vec<i64> = sqlx::query_scalar(
        "SELECT department_id FROM grievance_departments WHERE grievance_id = $1 ORDER BY department_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let head: Option<(i64, String)> = sqlx::query_as(
        "SELECT seq, hash FROM events WHERE grievance_id = $1 ORDER BY seq DESC LIMIT 1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let (last_seq, last_hash) = head.unwrap_or((0, GENESIS_HASH.to_string()));
    let state = row.case_state(joint);
    Ok(LoadedCase {
        row,
        state,
        last_seq,
        last_hash,
    })
}

/// Loads many cases at once (three statements however many), in id order.
pub(super) async fn load_cases(
    conn: &mut AnyConnection,
    engine: Engine,
    ids: &[i64],
) -> Result<Vec<LoadedCase>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = Sql::many(
        engine,
        &format!("SELECT {GRIEVANCE_COLUMNS} FROM grievances WHERE id IN "),
    );
    sql.bind_in(ids).push(" ORDER BY id");
    let (text, args) = sql.into_parts();
    let rows: Vec<GrievanceRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
        .fetch_all(&mut *conn)
        .await?;
    let mut sql = Sql::many(
        engine,
        "SELECT grievance_id, department_id FROM grievance_departments WHERE grievance_id IN ",
    );
    sql.bind_in(ids)
        .push(" ORDER BY grievance_id, department_id");
    let (text, args) = sql.into_parts();
    let joint: Vec<(i64, i64)> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
        .fetch_all(&mut *conn)
        .await?;
    let mut sql = Sql::many(
        engine,
        "SELECT e.grievance_id, e.seq, e.hash FROM events e WHERE e.grievance_id IN ",
    );
    sql.bind_in(ids)
        .push(" AND e.seq = (SELECT MAX(seq) FROM events WHERE grievance_id = e.grievance_id)");
    let (text, args) = sql.into_parts();
    let heads: std::collections::HashMap<i64, (i64, String)> =
        sqlx::query_as_with::<_, (i64, i64, String), _>(sqlx::AssertSqlSafe(text), args)
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|(id, seq, hash)| (id, (seq, hash)))
            .collect();
    Ok(rows
        .into_iter()
        .map(|row| {
            let departments = joint
                .iter()
                .filter(|(g, _)| *g == row.id)
                .map(|(_, d)| *d)
                .collect();
            let (last_seq, last_hash) = heads
                .get(&row.id)
                .cloned()
                .unwrap_or((0, GENESIS_HASH.to_string()));
            LoadedCase {
                state: row.case_state(departments),
                row,
                last_seq,
                last_hash,
            }
        })
        .collect())
}

/// Applies `action` to `case` and records it: the row (guarded by its version), joint
/// departments, and a new chained event. Leaves `case` holding the new state.
#[allow(clippy::too_many_arguments)] // each is a distinct part of one recorded change
pub(super) async fn apply_and_record(
    tx: &mut AnyConnection,
    master: &MasterData,
    case: &mut LoadedCase,
    action: &Action,
    actor: &Actor,
    at: Timestamp,
    expected_version: Option<i64>,
    notifications: Option<&Notifications>,
) -> Result<()> {
    let lifecycle::Step {
        state: next,
        renewed_due: new_due,
    } = lifecycle::step(
        &case.state,
        action,
        at,
        master,
        &master.deadline_rule(case.row.category_id, case.row.state_id),
    )?;
    let version = expected_version.unwrap_or(case.row.version);
    if let Some(due) = new_due {
        sqlx::query("UPDATE grievances SET due_at = $1, escalated_at = NULL WHERE id = $2")
            .bind(due.0)
            .bind(case.row.id)
            .execute(&mut *tx)
            .await?;
        case.row.due_at = due.0;
    }
    let mut update = Sql::new("UPDATE grievances SET ");
    super::state_columns::StateColumns::of(&next).set(&mut update);
    update.push(", updated_at = ").bind(at.0);
    update
        .push(", version = version + 1 WHERE id = ")
        .bind(case.row.id);
    update.push(" AND version = ").bind(version);
    let (text, args) = update.into_parts();
    let updated = sqlx::query_with(sqlx::AssertSqlSafe(text), args)
        .execute(&mut *tx)
        .await?;
    if updated.rows_affected() == 0 {
        let current: i64 = sqlx::query_scalar("SELECT version FROM grievances WHERE id = $1")
            .bind(case.row.id)
            .fetch_one(&mut *tx)
            .await?;
        return Err(StoreError::Conflict { current });
    }
    for department in next
        .joint_departments
        .iter()
        .filter(|d| !case.state.joint_departments.contains(d))
    {
        sqlx::query(
            "INSERT INTO grievance_departments (grievance_id, department_id) VALUES ($1, $2)",
        )
        .bind(case.row.id)
        .bind(*department)
        .execute(&mut *tx)
        .await?;
    }
    let payload = step_payload(action, &next, new_due);
    let seq = case.last_seq + 1;
    let from_status = case.state.status.code();
    let hash = append_event(
        tx,
        case.row.id,
        seq,
        &case.last_hash,
        at,
        actor,
        action.code(),
        case.state.status.code(),
        next.status.code(),
        &payload,
    )
    .await?;
    case.last_seq = seq;
    case.last_hash = hash;
    case.row.version = version + 1;
    case.row.status = next.status.code().to_string();
    case.row.holding_office_id = next.holding_office;
    case.row.forwarded_to_id = next.forwarded_to;
    case.row.escalated_to_id = next.escalated_to;
    case.state = next;
    // The citizen hears of the step in the same transaction that makes it.
    if let Some(notifications) = notifications {
        super::outbox::notify_citizen(tx, notifications, master, &case.row, action, seq, at)
            .await?;
    }
    // And so do the integrations subscribed to it, when its status changed.
    if from_status != case.row.status {
        super::outbox::notify_webhooks(tx, master, &case.row, from_status, action.code(), seq, at)
            .await?;
    }
    Ok(())
}

/// The payload of a lifecycle step's event: the action as the lifecycle took it, and what the
/// step settled that the action alone does not say (the office an escalation went to, a renewed
/// deadline), so a case can be replayed from its events whatever master data says later.
pub(super) fn step_payload(
    action: &Action,
    next: &CaseState,
    renewed: Option<Timestamp>,
) -> String {
    let mut value = serde_json::to_value(action).unwrap_or_else(|_| serde_json::json!({}));
    if let Some(map) = value.as_object_mut() {
        if matches!(action, Action::Escalate { .. }) {
            map.insert("escalated_to".into(), serde_json::json!(next.escalated_to));
        }
        if let Some(due) = renewed {
            map.insert("due_at".into(), serde_json::json!(due.0));
        }
    }
    value.to_string()
}

/// Appends one event to a case's chain and returns its hash.
#[allow(clippy::too_many_arguments)]
pub(super) async fn append_event(
    tx: &mut AnyConnection,
    grievance_id: i64,
    seq: i64,
    prev_hash: &str,
    at: Timestamp,
    actor: &Actor,
    action: &str,
    from_status: &str,
    to_status: &str,
    payload: &str,
) -> Result<String> {
    let hash = chain::event_hash(
        prev_hash,
        &EventContent {
            grievance_id,
            seq,
            at_millis: at.0,
            actor: &actor.label,
            action,
            from_status,
            to_status,
            payload,
        },
    );
    sqlx::query(
        "INSERT INTO events (grievance_id, seq, at, actor_user_id, actor, action, from_status, to_status, payload, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(grievance_id)
    .bind(seq)
    .bind(at.0)
    .bind(actor.user_id)
    .bind(actor.label.clone())
    .bind(action.to_string())
    .bind(from_status.to_string())
    .bind(to_status.to_string())
    .bind(payload.to_string())
    .bind(prev_hash.to_string())
    .bind(hash.clone())
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        let e = StoreError::from(e);
        // Two writers raced to the same sequence number: the later one lost.
        if e.is_unique_violation() { StoreError::Conflict { current: seq } } else { e }
    })?;
    Ok(hash)
}

#[derive(sqlx::FromRow)]
struct TimelineRow {
    seq: i64,
    at: i64,
    actor: String,
    action: String,
    from_status: String,
    to_status: String,
    payload: String,
    hash: String,
}

/// Events record offices and departments by id (what the lifecycle works with); people and
/// integrations read codes, so the timeline adds them beside the ids.
fn with_codes(master: &MasterData, mut details: serde_json::Value) -> serde_json::Value {
    if let Some(map) = details.as_object_mut() {
        if let Some(office) = map.get("office").and_then(|v| v.as_i64())
            && let Some(o) = master.offices.get(&office)
        {
            map.insert("office_code".into(), o.code.clone().into());
            map.insert("office_name_en".into(), o.name_en.clone().into());
            map.insert("office_name_hi".into(), o.name_hi.clone().into());
        }
        if let Some(department) = map.get("department").and_then(|v| v.as_i64())
            && let Some(d) = master.departments.get(&department)
        {
            map.insert("department_code".into(), d.code.clone().into());
        }
    }
    details
}

pub(super) async fn timeline(
    conn: &mut AnyConnection,
    master: &MasterData,
    id: i64,
) -> Result<Vec<EventView>> {
    let rows: Vec<TimelineRow> = sqlx::query_as(
        "SELECT seq, at, actor, action, from_status, to_status, payload, hash FROM events \
         WHERE grievance_id = $1 ORDER BY seq",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| EventView {
            seq: r.seq,
            at: Timestamp(r.at).to_rfc3339(),
            actor: r.actor,
            action: r.action,
            from_status: r.from_status,
            to_status: r.to_status,
            details: with_codes(
                master,
                serde_json::from_str(&r.payload).unwrap_or(serde_json::Value::Null),
            ),
            hash: r.hash,
        })
        .collect())
}
