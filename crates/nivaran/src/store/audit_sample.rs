//! The weekly random audit: a sample of every office's disposals and of the cases it has held
//! open for long, drawn each week; the auditors' findings (a fake disposal or stalling reopens a
//! disposed case, a stalled open case is flagged and its holder told), and the officers flagged,
//! for disciplinary action. Findings change a case only through the lifecycle (`audit_reopen`,
//! `audit_flag`), so they are in its hash-chained timeline; the audits table keeps the sample
//! and the findings beside it.

use super::grievances::GrievanceView;
use super::monitoring::invalid;
use super::requests::ActionRequest;
use super::sql::Sql;
use super::users::Actor;
use super::{Result, Store, StoreError};
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::msg;
use nivaran_domain::types::Language;
use rand::seq::SliceRandom;
use rand::{SeedableRng, rngs::StdRng};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// `[audit]` in the configuration.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AuditPolicy {
    /// Disposed cases drawn per office each week.
    pub sample_per_office: i64,
    /// Open cases drawn per office each week (seed 002: is the work stalled?).
    pub open_sample_per_office: i64,
    /// How many days a case must have been open to be drawn.
    pub open_after_days: i64,
}

impl Default for AuditPolicy {
    fn default() -> Self {
        AuditPolicy {
            sample_per_office: 2,
            open_sample_per_office: 1,
            open_after_days: 7,
        }
    }
}

/// What an audit looks at: a week's disposal, or a case still being worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum AuditStage {
    Disposed,
    Open,
}

impl AuditStage {
    pub fn code(self) -> &'static str {
        match self {
            AuditStage::Disposed => "disposed",
            AuditStage::Open => "open",
        }
    }

    fn parse(code: &str) -> AuditStage {
        if code == "open" {
            AuditStage::Open
        } else {
            AuditStage::Disposed
        }
    }

    /// The findings an auditor may record: a case still open cannot have been disposed of
    /// falsely.
    pub fn findings(self) -> &'static [&'static str] {
        match self {
            AuditStage::Disposed => FINDINGS,
            AuditStage::Open => &["genuine", "stalling"],
        }
    }
}

/// A case drawn for audit.
#[derive(Debug, Clone, Serialize)]
pub struct AuditItem {
    pub id: i64,
    pub week: String,
    pub stage: AuditStage,
    pub case: GrievanceView,
    /// Who disposed of it, or for an open case who held it when drawn.
    pub disposed_by: Option<String>,
    pub finding: Option<String>,
    pub note: Option<String>,
}

impl AuditItem {
    /// Drawn while the case was still being worked.
    pub fn is_open(&self) -> bool {
        self.stage == AuditStage::Open
    }
}

/// A page of the cases waiting for an auditor's finding.
#[derive(Debug, Clone, Serialize)]
pub struct AuditPage {
    pub items: Vec<AuditItem>,
    /// All that wait, on every page.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

/// An officer whose disposals auditors flagged.
#[derive(Debug, Clone, Serialize)]
pub struct FlaggedOfficer {
    pub username: Option<String>,
    pub full_name: Option<String>,
    pub office_id: i64,
    pub fake_disposals: i64,
    pub stalling: i64,
    /// The flagged cases' numbers.
    pub cases: Vec<String>,
}

/// username, full name, office, finding, case number.
type FlagRow = (Option<String>, Option<String>, i64, String, Option<String>);

pub const FINDINGS: &[&str] = &["genuine", "fake_disposal", "stalling"];

/// The Monday of the week `day` is in.
pub fn week_of(day: time::Date) -> time::Date {
    day - time::Duration::days(day.weekday().number_days_from_monday() as i64)
}

impl Store {
    /// Draws the week's audit sample: for each office, `sample_per_office` of the cases it
    /// disposed of in the seven days before `week` (a Monday), at random but the same for the
    /// same week; cases already drawn for that disposal are not drawn again. And
    /// `open_sample_per_office` of the cases it holds that have been open `open_after_days`,
    /// not drawn open in the four weeks before. Returns how many were drawn now (drawing twice
    /// adds nothing).
    pub async fn draw_audit_sample(&self, week: time::Date) -> Result<u64> {
        let disposed = self.draw_disposed_sample(week).await?;
        let open = self.draw_open_sample(week).await?;
        Ok(disposed + open)
    }

    async fn draw_disposed_sample(&self, week: time::Date) -> Result<u64> {
        let week = week_of(week);
        let to = Timestamp::start_of_ist_day(week);
        let from = to.plus_days(-7);
        let per_office = self.audit_policy().sample_per_office.max(0) as usize;
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT g.id, g.holding_office_id, g.disposed_at FROM grievances g \
             WHERE g.disposed_at >= $1 AND g.disposed_at < $2 AND g.holding_office_id IS NOT NULL \
             AND NOT EXISTS (SELECT 1 FROM audits a WHERE a.grievance_id = g.id AND a.disposed_at = g.disposed_at \
             AND a.week <> $3) ORDER BY g.id",
        )
        .bind(from.0)
        .bind(to.0)
        .bind(week.to_string())
        .fetch_all(self.pool())
        .await?;
        let now = self.now();
        let mut drawn = 0;
        let mut tx = self.begin_write().await?;
        let chosen = chosen_per_office(
            &mut tx,
            week,
            AuditStage::Disposed,
            rows.into_iter()
                .map(|(id, office, disposed_at)| (office, (id, disposed_at))),
            per_office,
        )
        .await?;
        for (office, (id, disposed_at)) in chosen {
            let disposed_by: Option<i64> = sqlx::query_scalar(
                "SELECT actor_user_id FROM events WHERE grievance_id = $1 AND action = 'dispose' \
                 ORDER BY seq DESC LIMIT 1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .flatten();
            drawn += sqlx::query(
                "INSERT INTO audits (grievance_id, week, office_id, disposed_at, disposed_by, sampled_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (grievance_id, week) DO NOTHING",
            )
            .bind(id)
            .bind(week.to_string())
            .bind(office)
            .bind(disposed_at)
            .bind(disposed_by)
            .bind(now.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(drawn)
    }

    async fn draw_open_sample(&self, week: time::Date) -> Result<u64> {
        let week = week_of(week);
        let policy = self.audit_policy();
        let per_office = policy.open_sample_per_office.max(0) as usize;
        if per_office == 0 {
            return Ok(0);
        }
        let now = self.now();
        // Cases the citizen holds (asked to clarify) are not the office's to stall.
        let rows: Vec<(i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT g.id, g.holding_office_id, g.holder_user_id FROM grievances g \
             WHERE g.status NOT IN ('disposed', 'closed') AND g.status <> 'awaiting_clarification' \
             AND g.holding_office_id IS NOT NULL AND g.filed_at < $1 \
             AND NOT EXISTS (SELECT 1 FROM audits a WHERE a.grievance_id = g.id AND a.stage = 'open' \
             AND a.sampled_at >= $2) ORDER BY g.id",
        )
        .bind(now.plus_days(-policy.open_after_days.max(0)).0)
        .bind(now.plus_days(-28).0)
        .fetch_all(self.pool())
        .await?;
        let mut drawn = 0;
        let mut tx = self.begin_write().await?;
        let chosen = chosen_per_office(
            &mut tx,
            week,
            AuditStage::Open,
            rows.into_iter()
                .map(|(id, office, holder)| (office, (id, holder))),
            per_office,
        )
        .await?;
        for (office, (id, holder)) in chosen {
            drawn += sqlx::query(
                "INSERT INTO audits (grievance_id, week, office_id, disposed_at, disposed_by, sampled_at, stage) \
                 VALUES ($1, $2, $3, 0, $4, $5, 'open') ON CONFLICT (grievance_id, week) DO NOTHING",
            )
            .bind(id)
            .bind(week.to_string())
            .bind(office)
            .bind(holder)
            .bind(now.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        }
        tx.commit().await?;
        Ok(drawn)
    }

    /// Audits waiting for a finding, in the auditor's area, oldest week first.
    pub async fn pending_audits(
        &self,
        actor: &Actor,
        district: Option<i64>,
        page: i64,
        per_page: i64,
    ) -> Result<AuditPage> {
        let per_page = per_page.clamp(1, 100);
        let page = page.clamp(1, 1_000_000);
        let condition = |sql: &mut Sql| {
            self.area_condition(sql, actor);
            if let Some(district) = district {
                sql.push(" AND g.district_id = ").bind(district);
            }
        };
        let mut count = Sql::new(
            "SELECT COUNT(*) FROM audits a JOIN grievances g ON g.id = a.grievance_id \
             WHERE a.decided_at IS NULL",
        );
        condition(&mut count);
        let (text, args) = count.into_parts();
        let total: i64 = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
            .fetch_one(self.pool())
            .await?;
        let mut sql = Sql::new(
            "SELECT a.id, a.week, a.stage, a.grievance_id, u.username FROM audits a JOIN grievances g ON g.id = a.grievance_id \
             LEFT JOIN users u ON u.id = a.disposed_by WHERE a.decided_at IS NULL",
        );
        condition(&mut sql);
        sql.push(" ORDER BY a.week, a.id LIMIT ")
            .bind(per_page)
            .push(" OFFSET ")
            .bind((page - 1) * per_page);
        let (text, args) = sql.into_parts();
        let rows: Vec<(i64, String, String, i64, Option<String>)> =
            sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
                .fetch_all(self.pool())
                .await?;
        let mut out = Vec::with_capacity(rows.len());
        for (id, week, stage, grievance, disposed_by) in rows {
            out.push(AuditItem {
                id,
                week,
                stage: AuditStage::parse(&stage),
                case: self.view_by_id(grievance).await?,
                disposed_by,
                finding: None,
                note: None,
            });
        }
        Ok(AuditPage {
            items: out,
            total,
            page,
            per_page,
        })
    }

    /// Records an auditor's finding. A fake disposal or stalling reopens the case (through the
    /// lifecycle, in the auditor's name) and counts against the office in the score.
    pub async fn record_audit(
        &self,
        audit_id: i64,
        actor: &Actor,
        finding: &str,
        note: &str,
    ) -> Result<bool> {
        if !FINDINGS.contains(&finding) {
            return Err(invalid(
                "finding",
                ErrorCode::InvalidChoice,
                msg!("store-monitoring-bad-finding"),
            ));
        }
        let note = note.trim();
        let flagged = finding != "genuine";
        if flagged && note.is_empty() {
            return Err(invalid(
                "note",
                ErrorCode::Required,
                msg!("store-monitoring-note-required"),
            ));
        }
        let found: Option<(String, Option<i64>, String)> = sqlx::query_as(
            "SELECT g.regno, a.decided_at, a.stage FROM audits a JOIN grievances g ON g.id = a.grievance_id WHERE a.id = $1",
        )
        .bind(audit_id)
        .fetch_optional(self.pool())
        .await?;
        let Some((regno, decided, stage)) = found else {
            return Err(StoreError::NotFound("audit"));
        };
        // The auditor must cover the case (this also hides other areas' audits).
        let (case, _) = self.grievance_for(&regno, actor).await?;
        let stage = AuditStage::parse(&stage);
        if !stage.findings().contains(&finding) {
            return Err(invalid(
                "finding",
                ErrorCode::InvalidChoice,
                msg!("store-monitoring-open-not-disposed"),
            ));
        }
        if decided.is_some() {
            return Err(invalid(
                "finding",
                ErrorCode::AlreadyDecided,
                msg!("store-monitoring-already-decided"),
            ));
        }
        // The finding is recorded first, once: a second auditor on the same audit is told so.
        // On an open case, the officer answerable is the one holding it now (the report names
        // them, and they are told), not the one who held it when it was drawn.
        let answerable = match stage {
            AuditStage::Open => case.holder.as_ref().map(|h| h.user_id),
            AuditStage::Disposed => None,
        };
        let mut tx = self.begin_write().await?;
        let recorded = sqlx::query(
            "UPDATE audits SET auditor_user_id = $1, finding = $2, note = $3, decided_at = $4, \
             disposed_by = CASE WHEN stage = 'open' THEN $5 ELSE disposed_by END \
             WHERE id = $6 AND decided_at IS NULL",
        )
        .bind(actor.user_id)
        .bind(finding)
        .bind(note)
        .bind(self.now().0)
        .bind(answerable)
        .bind(audit_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        tx.commit().await?;
        if recorded == 0 {
            return Err(invalid(
                "finding",
                ErrorCode::AlreadyDecided,
                msg!("store-monitoring-already-decided"),
            ));
        }
        let mut reopened = false;
        if flagged && matches!(case.status.as_str(), "disposed" | "closed") {
            let label = if finding == "fake_disposal" {
                "fake disposal"
            } else {
                "stalling"
            };
            self.act(
                &regno,
                &ActionRequest::AuditReopen {
                    reason: format!("Audit found {label}: {note}"),
                },
                actor,
                None,
            )
            .await?;
            reopened = true;
        } else if flagged {
            // Still being worked: the finding goes on its timeline, where its offices read it,
            // and its holder is told by e-mail; the flag counts against them in the figures.
            self.act(
                &regno,
                &ActionRequest::AuditFlag {
                    reason: format!("Audit found stalling: {note}"),
                },
                actor,
                None,
            )
            .await?;
            self.tell_holder_of_stalling(&case, note, audit_id).await?;
        }
        Ok(reopened)
    }

    /// E-mails the officer holding `case` (or, where no one is named, the officers of its
    /// office) that an audit found it stalling, in each one's language.
    async fn tell_holder_of_stalling(
        &self,
        case: &GrievanceView,
        note: &str,
        audit_id: i64,
    ) -> Result<()> {
        let people: Vec<(i64, Option<String>, Option<String>)> = match &case.holder {
            Some(holder) => {
                sqlx::query_as("SELECT id, email, language FROM users WHERE id = $1")
                    .bind(holder.user_id)
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                let Some(office) = case
                    .holding_office
                    .as_ref()
                    .and_then(|o| self.master().office_by_code(&o.code).map(|o| o.id))
                else {
                    return Ok(());
                };
                sqlx::query_as(
                    "SELECT id, email, language FROM users WHERE office_id = $1 AND active = 1 \
                     AND role IN ('officer', 'supervisor')",
                )
                .bind(office)
                .fetch_all(self.pool())
                .await?
            }
        };
        let regno = &case.registration_number;
        let (held_en, held_hi, counts_en, counts_hi) = if case.holder.is_some() {
            ("held by you", "आपके पास की", "your figures", "आपके आंकड़ों")
        } else {
            (
                "held by your office",
                "आपके कार्यालय के पास की",
                "your office's figures",
                "आपके कार्यालय के आंकड़ों",
            )
        };
        for (user_id, email, language) in people {
            let Some(email) = email.filter(|e| !e.trim().is_empty()) else {
                continue;
            };
            let (language, subject, body) = if language.as_deref() == Some("en") {
                (
                    Language::En,
                    format!("Audit: grievance {regno} found stalling"),
                    format!(
                        "An auditor found grievance {regno}, {held_en}, stalling:\n\n{note}\n\n\
                         The finding is on the case's timeline and counts in {counts_en}. Please act on the case.\n"
                    ),
                )
            } else {
                (
                    Language::Hi,
                    format!("लेखा परीक्षा: शिकायत {regno} लंबित रखी पाई गई"),
                    format!(
                        "लेखा परीक्षक ने {held_hi} शिकायत {regno} को लंबित रखा पाया:\n\n{note}\n\n\
                         यह निष्कर्ष प्रकरण की समय-रेखा में है और {counts_hi} में गिना जाएगा। कृपया प्रकरण पर कार्रवाई करें।\n"
                    ),
                )
            };
            self.enqueue_plain_email(
                "officer_audit_stalling",
                language,
                &email,
                &subject,
                &body,
                &format!("audit:{audit_id}:{user_id}"),
            )
            .await?;
        }
        Ok(())
    }

    /// Officers whose disposals were flagged in audits decided from `from` to before `to`, in
    /// the reader's area, most flagged first: the list for disciplinary action.
    pub async fn flagged_officers(
        &self,
        actor: &Actor,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<FlaggedOfficer>> {
        let mut sql = Sql::new(
            "SELECT u.username, u.full_name, a.office_id, a.finding, g.regno FROM audits a \
             JOIN grievances g ON g.id = a.grievance_id LEFT JOIN users u ON u.id = a.disposed_by \
             WHERE a.finding IN ('fake_disposal', 'stalling') AND a.decided_at >= ",
        );
        sql.bind(from.0).push(" AND a.decided_at < ").bind(to.0);
        self.area_condition(&mut sql, actor);
        sql.push(" ORDER BY a.id");
        let (text, args) = sql.into_parts();
        let rows: Vec<FlagRow> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?;
        let mut out: Vec<FlaggedOfficer> = Vec::new();
        for (username, full_name, office_id, finding, regno) in rows {
            let i = match out
                .iter()
                .position(|o| o.username == username && o.office_id == office_id)
            {
                Some(i) => i,
                None => {
                    out.push(FlaggedOfficer {
                        username: username.clone(),
                        full_name,
                        office_id,
                        fake_disposals: 0,
                        stalling: 0,
                        cases: Vec::new(),
                    });
                    out.len() - 1
                }
            };
            if finding == "fake_disposal" {
                out[i].fake_disposals += 1;
            } else {
                out[i].stalling += 1;
            }
            out[i].cases.extend(regno);
        }
        out.sort_by(|a, b| {
            (b.fake_disposals + b.stalling)
                .cmp(&(a.fake_disposals + a.stalling))
                .then(a.username.cmp(&b.username))
        });
        Ok(out)
    }
}

/// Up to `per_office` of each office's `cases` (office, case), at random but the same for the
/// same week and stage, leaving out the offices whose `stage` sample of `week` is drawn already
/// (the worker runs every few hours, and auditors may press the button).
async fn chosen_per_office<T>(
    tx: &mut sqlx::AnyConnection,
    week: time::Date,
    stage: AuditStage,
    cases: impl Iterator<Item = (i64, T)>,
    per_office: usize,
) -> Result<Vec<(i64, T)>> {
    let drawn_offices: Vec<i64> =
        sqlx::query_scalar("SELECT DISTINCT office_id FROM audits WHERE week = $1 AND stage = $2")
            .bind(week.to_string())
            .bind(stage.code())
            .fetch_all(&mut *tx)
            .await?;
    let mut by_office: BTreeMap<i64, Vec<T>> = BTreeMap::new();
    for (office, case) in cases {
        if !drawn_offices.contains(&office) {
            by_office.entry(office).or_default().push(case);
        }
    }
    // The two stages draw differently in the same week.
    let seed = week.to_julian_day() as u64
        ^ match stage {
            AuditStage::Disposed => 0,
            AuditStage::Open => 0x6f70656e,
        };
    let mut rng = StdRng::seed_from_u64(seed);
    let mut chosen = Vec::new();
    for (office, mut cases) in by_office {
        cases.shuffle(&mut rng);
        chosen.extend(
            cases
                .into_iter()
                .take(per_office)
                .map(|case| (office, case)),
        );
    }
    Ok(chosen)
}
