//! Other systems: the API keys integrations file with, the questions a category asks beyond the
//! common fields (Open311's service attributes), filings that carry answers, and the cases an
//! integration reads back.

use super::grievances::{EventView, GrievanceView};
use super::settings::log_admin;
use super::sql::Sql;
use super::users::{new_token, token_hash};
use super::{Actor, Result, Store, StoreError};
use nivaran_domain::ErrorCode;
use nivaran_domain::clock::Timestamp;
use nivaran_domain::message::Message;
use nivaran_domain::msg;
use nivaran_domain::text::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// An integration's key, as administrators see it (never the key itself).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

impl ApiKey {
    /// When it was issued, in RFC 3339 (as the pages show times).
    pub fn created_rfc3339(&self) -> String {
        Timestamp(self.created_at).to_rfc3339()
    }
}

/// The administration's rows that end by being revoked.
#[derive(Clone, Copy)]
enum Revocable {
    ApiKey,
    Webhook,
}

/// The answers among a form's fields: `attribute[code]=v`, and `attribute[code][]=v` repeated
/// for a question with several answers (Open311's spelling, used by the web form too).
pub fn answers_in(fields: &[(String, String)]) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (k, v) in fields {
        let Some(rest) = k.strip_prefix("attribute[") else {
            continue;
        };
        let code = rest.trim_end_matches("[]").trim_end_matches(']');
        if !code.is_empty() {
            out.entry(code.to_string()).or_default().push(v.clone());
        }
    }
    out
}

/// A key just issued: the only time the key itself is shown.
#[derive(Debug, Clone, Serialize)]
pub struct IssuedKey {
    pub id: i64,
    pub name: String,
    pub api_key: String,
}

/// The kinds of answer a question takes (Open311's datatypes).
pub const DATATYPES: &[&str] = &[
    "string",
    "number",
    "datetime",
    "text",
    "singlevaluelist",
    "multivaluelist",
];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AttributeChoice {
    pub key: String,
    pub name_en: String,
    pub name_hi: String,
}

/// One question a category asks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CategoryAttribute {
    pub code: String,
    pub datatype: String,
    #[serde(default)]
    pub required: bool,
    pub question_en: String,
    pub question_hi: String,
    /// For `singlevaluelist` and `multivaluelist`: the answers to choose from.
    #[serde(default)]
    pub choices: Vec<AttributeChoice>,
}

#[derive(sqlx::FromRow)]
struct AttributeRow {
    code: String,
    datatype: String,
    required: i64,
    question_en: String,
    question_hi: String,
    choices: String,
}

impl From<AttributeRow> for CategoryAttribute {
    fn from(r: AttributeRow) -> Self {
        CategoryAttribute {
            code: r.code,
            datatype: r.datatype,
            required: r.required != 0,
            question_en: r.question_en,
            question_hi: r.question_hi,
            choices: serde_json::from_str(&r.choices).unwrap_or_default(),
        }
    }
}

/// More files than a filing may bring.
pub(super) fn too_many_files() -> StoreError {
    invalid(
        "file",
        ErrorCode::TooManyFiles,
        msg!(
            "store-integrations-too-many-files",
            max = super::MAX_FILES_AT_FILING
        ),
    )
}

fn invalid(field: &str, code: ErrorCode, message: Message) -> StoreError {
    FieldError::new(field, code, message).into()
}

/// Checks a category's questions before they are saved.
fn check_attributes(attributes: &[CategoryAttribute]) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, a) in attributes.iter().enumerate() {
        let field = format!("attributes[{i}]");
        let code_ok = (1..=40).contains(&a.code.len())
            && a.code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !code_ok {
            return Err(invalid(
                &format!("{field}.code"),
                ErrorCode::InvalidCode,
                msg!("store-integrations-bad-question-code"),
            ));
        }
        if !seen.insert(a.code.as_str()) {
            return Err(invalid(
                &format!("{field}.code"),
                ErrorCode::Duplicate,
                msg!("store-integrations-code-used-twice", code = &a.code),
            ));
        }
        if !DATATYPES.contains(&a.datatype.as_str()) {
            return Err(invalid(
                &format!("{field}.datatype"),
                ErrorCode::InvalidChoice,
                msg!(
                    "store-integrations-bad-datatype",
                    datatypes = DATATYPES.join(", ")
                ),
            ));
        }
        for (name, text) in [
            ("question_en", &a.question_en),
            ("question_hi", &a.question_hi),
        ] {
            if text.trim().is_empty() || text.chars().count() > 300 {
                return Err(invalid(
                    &format!("{field}.{name}"),
                    ErrorCode::InvalidLength,
                    msg!("store-integrations-bad-question-length"),
                ));
            }
        }
        let is_list = a.datatype.ends_with("valuelist");
        if is_list == a.choices.is_empty() {
            return Err(invalid(
                &format!("{field}.choices"),
                ErrorCode::InvalidChoices,
                msg!("store-integrations-choices-mismatch"),
            ));
        }
        let mut keys = HashSet::new();
        for c in &a.choices {
            if c.key.trim().is_empty()
                || c.key.contains(',')
                || !keys.insert(c.key.as_str())
                || c.name_en.is_empty()
            {
                return Err(invalid(
                    &format!("{field}.choices"),
                    ErrorCode::InvalidChoices,
                    msg!("store-integrations-bad-choice"),
                ));
            }
        }
    }
    Ok(())
}

/// Checks the answers a filing brings against its category's questions; returns them as they
/// are kept (a list's several answers joined by commas).
pub fn check_answers(
    questions: &[CategoryAttribute],
    answers: &HashMap<String, Vec<String>>,
) -> Result<Vec<(String, String)>> {
    let mut kept = Vec::new();
    for q in questions {
        let given: Vec<&str> = answers
            .get(&q.code)
            .map(|v| {
                v.iter()
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let field = format!("attribute[{}]", q.code);
        if given.is_empty() {
            if q.required {
                return Err(invalid(
                    &field,
                    ErrorCode::Required,
                    msg!("store-integrations-answer-required").label(
                        "question",
                        &q.question_en,
                        &q.question_hi,
                    ),
                ));
            }
            continue;
        }
        let bad = |problem: Message| {
            invalid(
                &field,
                ErrorCode::InvalidAnswer,
                msg!("store-integrations-bad-answer")
                    .label("question", &q.question_en, &q.question_hi)
                    .nested("problem", problem),
            )
        };
        let value = match q.datatype.as_str() {
            "number" => {
                let v = given[0];
                if v.parse::<f64>().map_or(true, |n| !n.is_finite()) {
                    return Err(bad(msg!("store-integrations-give-number")));
                }
                v.to_string()
            }
            "datetime" => {
                let v = given[0];
                if Timestamp::parse_rfc3339(v).is_none()
                    && time::Date::parse(v, &time::format_description::well_known::Iso8601::DATE)
                        .is_err()
                {
                    return Err(bad(msg!("store-integrations-give-date")));
                }
                v.to_string()
            }
            "singlevaluelist" | "multivaluelist" => {
                if q.datatype == "singlevaluelist" && given.len() > 1 {
                    return Err(bad(msg!("store-integrations-choose-one")));
                }
                for v in &given {
                    if !q.choices.iter().any(|c| c.key == *v) {
                        return Err(bad(msg!("store-integrations-not-a-choice", value = *v)));
                    }
                }
                given.join(",")
            }
            _ => {
                let v = given.join(" ");
                let limit = if q.datatype == "text" { 2000 } else { 200 };
                if v.chars().count() > limit {
                    return Err(bad(msg!(
                        "store-integrations-answer-too-long",
                        limit = limit
                    )));
                }
                v
            }
        };
        kept.push((q.code.clone(), value));
    }
    Ok(kept)
}

/// What `GET requests` may ask for.
#[derive(Debug, Clone, Default)]
pub struct IntegrationFilter {
    /// Registration numbers; when given, every other filter is ignored.
    pub numbers: Vec<String>,
    /// Category codes.
    pub categories: Vec<String>,
    pub filed_from: Option<Timestamp>,
    pub filed_before: Option<Timestamp>,
    /// `Some(true)`: open only; `Some(false)`: closed only.
    pub open: Option<bool>,
    /// Only cases in this area (a jurisdiction and what lies under it).
    pub within: Option<i64>,
    pub offset: i64,
    pub limit: i64,
}

/// A case as an integration reads it, with whether that integration filed it.
pub struct IntegrationCase {
    pub view: GrievanceView,
    pub api_key_id: Option<i64>,
    pub answers: Vec<(String, String)>,
}

impl Store {
    /// Issues a key for an integration; the key is in the answer and nowhere else.
    pub async fn issue_api_key(&self, name: &str, actor: &Actor) -> Result<IssuedKey> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(invalid(
                "name",
                ErrorCode::InvalidLength,
                msg!("store-integrations-bad-key-name"),
            ));
        }
        let secret = new_token().replacen("nvr_", "o311_", 1);
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO api_keys (name, key_sha256, created_at, created_by) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(name.to_string())
        .bind(token_hash(&secret))
        .bind(now.0)
        .bind(actor.user_id)
        .fetch_one(&mut *tx)
        .await?;
        log_admin(
            &mut tx,
            actor,
            now,
            "issue_api_key",
            &format!("api_key:{id}"),
            &serde_json::json!({ "name": name }),
        )
        .await?;
        tx.commit().await?;
        Ok(IssuedKey {
            id,
            name: name.to_string(),
            api_key: secret,
        })
    }

    pub async fn api_keys(&self) -> Result<Vec<ApiKey>> {
        Ok(
            sqlx::query_as("SELECT id, name, created_at, revoked_at FROM api_keys ORDER BY id")
                .fetch_all(self.pool())
                .await?,
        )
    }

    /// Revokes a key: the integration can file no more with it.
    pub async fn revoke_api_key(&self, id: i64, actor: &Actor) -> Result<()> {
        self.revoke_row(Revocable::ApiKey, id, actor).await
    }

    /// Ends revocable row `id` of `table` (a key, a subscription) in one transaction with its
    /// record in the administration log; not found when it is not there or already ended.
    async fn revoke_row(&self, table: Revocable, id: i64, actor: &Actor) -> Result<()> {
        let (sql, action, object, what) = match table {
            Revocable::ApiKey => (
                "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                "revoke_api_key",
                "api_key",
                "api key",
            ),
            Revocable::Webhook => (
                "UPDATE webhooks SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
                "remove_webhook",
                "webhook",
                "webhook",
            ),
        };
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(sql)
            .bind(now.0)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound(what));
        }
        log_admin(
            &mut tx,
            actor,
            now,
            action,
            &format!("{object}:{id}"),
            &serde_json::json!({}),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The live key a client presented, if it is one.
    pub async fn api_key_by_secret(&self, secret: &str) -> Result<Option<ApiKey>> {
        Ok(sqlx::query_as(
            "SELECT id, name, created_at, revoked_at FROM api_keys \
             WHERE key_sha256 = $1 AND revoked_at IS NULL",
        )
        .bind(token_hash(secret.trim()))
        .fetch_optional(self.pool())
        .await?)
    }

    /// When an administrator last changed anything (master data, questions, keys): the
    /// Open311 discovery document's changeset, which tells clients to refresh the services.
    pub async fn services_changed_at(&self) -> Result<Timestamp> {
        let at: Option<i64> = sqlx::query_scalar("SELECT MAX(at) FROM admin_log")
            .fetch_one(self.pool())
            .await?;
        Ok(Timestamp(at.unwrap_or(0)))
    }

    /// A category's questions, in order.
    pub async fn category_attributes(&self, category_id: i64) -> Result<Vec<CategoryAttribute>> {
        let rows: Vec<AttributeRow> = sqlx::query_as(
            "SELECT code, datatype, required, question_en, question_hi, choices \
             FROM category_attributes WHERE category_id = $1 ORDER BY position",
        )
        .bind(category_id)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The categories that ask questions of their own.
    pub async fn categories_with_attributes(&self) -> Result<HashSet<i64>> {
        let ids: Vec<i64> =
            sqlx::query_scalar("SELECT DISTINCT category_id FROM category_attributes")
                .fetch_all(self.pool())
                .await?;
        Ok(ids.into_iter().collect())
    }

    /// Replaces a category's questions (an administrator's change, logged).
    pub async fn set_category_attributes(
        &self,
        category_code: &str,
        attributes: &[CategoryAttribute],
        actor: &Actor,
    ) -> Result<()> {
        check_attributes(attributes)?;
        let category = self
            .master()
            .category_by_code(category_code)
            .map(|c| c.id)
            .ok_or(StoreError::NotFound("category"))?;
        let now = self.now();
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM category_attributes WHERE category_id = $1")
            .bind(category)
            .execute(&mut *tx)
            .await?;
        for (position, a) in attributes.iter().enumerate() {
            sqlx::query(
                "INSERT INTO category_attributes \
                 (category_id, code, position, datatype, required, question_en, question_hi, choices) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(category)
            .bind(a.code.clone())
            .bind(position as i64)
            .bind(a.datatype.clone())
            .bind(a.required as i64)
            .bind(a.question_en.trim().to_string())
            .bind(a.question_hi.trim().to_string())
            .bind(serde_json::to_string(&a.choices).unwrap_or_else(|_| "[]".into()))
            .execute(&mut *tx)
            .await?;
        }
        log_admin(
            &mut tx,
            actor,
            now,
            "set_category_attributes",
            &format!("category:{category_code}"),
            &serde_json::to_value(attributes).unwrap_or_default(),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The answers a filing brings, checked against its category's questions; as kept.
    pub(super) async fn category_questions_answered(
        &self,
        category_id: i64,
        answers: &HashMap<String, Vec<String>>,
    ) -> Result<Vec<(String, String)>> {
        let questions = self.category_attributes(category_id).await?;
        check_answers(&questions, answers)
    }

    /// One case by its number, with its timeline, for the Open311 layer (which decides what of
    /// it to show).
    pub async fn integration_case(
        &self,
        number: &str,
    ) -> Result<(IntegrationCase, Vec<EventView>)> {
        let id: i64 = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
            .bind(number.trim().to_string())
            .fetch_optional(self.pool())
            .await?
            .ok_or(StoreError::NotFound("grievance"))?;
        let mut conn = self.pool().acquire().await?;
        let events = super::grievances::timeline(&mut conn, &self.master(), id).await?;
        drop(conn);
        let mut cases = self.integration_cases_by_ids(&[id]).await?;
        let case = cases.pop().ok_or(StoreError::NotFound("grievance"))?;
        Ok((case, events))
    }

    /// Cases for `GET requests`, newest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn integration_cases(&self, f: &IntegrationFilter) -> Result<Vec<IntegrationCase>> {
        let master = self.master();
        let mut sql = Sql::new("SELECT g.id FROM grievances g WHERE 1 = 1");
        if !f.numbers.is_empty() {
            sql.push(" AND g.regno IN (");
            for (i, n) in f.numbers.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                sql.bind(n.clone());
            }
            sql.push(")");
        } else {
            if !f.categories.is_empty() {
                let ids: Vec<i64> = f
                    .categories
                    .iter()
                    .filter_map(|c| master.category_by_code(c).map(|c| c.id))
                    .collect();
                // Codes that name no category match no case.
                sql.push(" AND g.category_id IN ")
                    .bind_in(if ids.is_empty() { &[-1] } else { &ids });
            }
            if let Some(from) = f.filed_from {
                sql.push(" AND g.filed_at >= ").bind(from.0);
            }
            if let Some(before) = f.filed_before {
                sql.push(" AND g.filed_at < ").bind(before.0);
            }
            if let Some(area) = f.within {
                super::Scope::Area(area).condition(&mut sql, &master);
            }
            match f.open {
                Some(true) => {
                    sql.push(" AND g.status NOT IN ('disposed', 'closed')");
                }
                Some(false) => {
                    sql.push(" AND g.status IN ('disposed', 'closed')");
                }
                None => {}
            }
        }
        sql.push(" ORDER BY g.filed_at DESC, g.id DESC LIMIT ")
            .bind(f.limit.clamp(1, 1000))
            .push(" OFFSET ")
            .bind(f.offset.max(0));
        let (text, args) = sql.into_parts();
        let ids: Vec<i64> = sqlx::query_scalar_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?;
        self.integration_cases_by_ids(&ids).await
    }

    async fn integration_cases_by_ids(&self, ids: &[i64]) -> Result<Vec<IntegrationCase>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let views = self.views_by_ids(ids).await?;
        let mut keys = Sql::new(
            "SELECT grievance_id, api_key_id FROM integration_cases WHERE grievance_id IN ",
        );
        keys.bind_in(ids);
        let (text, args) = keys.into_parts();
        let keys: HashMap<i64, i64> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?
            .into_iter()
            .collect();
        let mut answers = Sql::new(
            "SELECT grievance_id, code, value FROM grievance_attributes WHERE grievance_id IN ",
        );
        answers.bind_in(ids);
        answers.push(" ORDER BY grievance_id, code");
        let (text, args) = answers.into_parts();
        let rows: Vec<(i64, String, String)> = sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?;
        let mut by_case: HashMap<i64, Vec<(String, String)>> = HashMap::new();
        for (id, code, value) in rows {
            by_case.entry(id).or_default().push((code, value));
        }
        Ok(ids
            .iter()
            .zip(views)
            .map(|(id, view)| IntegrationCase {
                view,
                api_key_id: keys.get(id).copied(),
                answers: by_case.remove(id).unwrap_or_default(),
            })
            .collect())
    }
}

/// A subscription, as administrators see it (never its secret).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Webhook {
    pub id: i64,
    pub api_key_id: i64,
    pub url: String,
    pub department_id: Option<i64>,
    pub revoked_at: Option<i64>,
}

/// A subscription just made: the only time its signing secret is shown.
#[derive(Debug, Clone, Serialize)]
pub struct NewWebhook {
    pub id: i64,
    pub url: String,
    pub secret: String,
}

/// Checks a receiver's address: an http(s) URL of at most 500 characters, no credentials in it,
/// and a host that resolves only to addresses webhooks may reach.
async fn check_url(url: &str, egress: &crate::notify::EgressPolicy) -> Result<()> {
    if url.len() > 500 || url.contains(char::is_whitespace) {
        return Err(invalid(
            "url",
            ErrorCode::InvalidUrl,
            msg!("store-integrations-bad-url"),
        ));
    }
    egress.check_url(url).await.map_err(|why| {
        invalid(
            "url",
            ErrorCode::AddressRefused,
            msg!("store-integrations-url-refused", why = why),
        )
    })
}

impl Store {
    /// Subscribes an integration to the status changes of the cases it filed or, with a
    /// department, of that department's cases.
    pub async fn add_webhook(
        &self,
        api_key_id: i64,
        url: &str,
        department: Option<&str>,
        actor: &Actor,
    ) -> Result<NewWebhook> {
        let url = url.trim();
        check_url(url, &self.egress()).await?;
        let department_id = match department.map(str::trim).filter(|d| !d.is_empty()) {
            Some(code) => Some(
                self.master()
                    .department_by_code(code)
                    .map(|d| d.id)
                    .ok_or_else(|| super::grievances::unknown_code("department", code))?,
            ),
            None => None,
        };
        let live: Option<i64> =
            sqlx::query_scalar("SELECT id FROM api_keys WHERE id = $1 AND revoked_at IS NULL")
                .bind(api_key_id)
                .fetch_optional(self.pool())
                .await?;
        if live.is_none() {
            return Err(StoreError::NotFound("api key"));
        }
        let secret = hex::encode({
            use rand::RngCore;
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            bytes
        });
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO webhooks (api_key_id, url, secret, department_id, created_at) \
             VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(api_key_id)
        .bind(url.to_string())
        .bind(secret.clone())
        .bind(department_id)
        .bind(now.0)
        .fetch_one(&mut *tx)
        .await?;
        log_admin(
            &mut tx,
            actor,
            now,
            "add_webhook",
            &format!("webhook:{id}"),
            &serde_json::json!({ "api_key": api_key_id, "url": url, "department": department }),
        )
        .await?;
        tx.commit().await?;
        Ok(NewWebhook {
            id,
            url: url.to_string(),
            secret,
        })
    }

    pub async fn webhooks(&self) -> Result<Vec<Webhook>> {
        Ok(sqlx::query_as(
            "SELECT id, api_key_id, url, department_id, revoked_at FROM webhooks ORDER BY id",
        )
        .fetch_all(self.pool())
        .await?)
    }

    /// Ends a subscription: nothing more is sent to it (what is queued is dropped).
    pub async fn remove_webhook(&self, id: i64, actor: &Actor) -> Result<()> {
        self.revoke_row(Revocable::Webhook, id, actor).await
    }

    /// The live secret of a subscription, for signing a delivery; `None` once removed.
    pub async fn webhook_secret(&self, id: i64) -> Result<Option<String>> {
        Ok(sqlx::query_scalar(
            "SELECT w.secret FROM webhooks w JOIN api_keys k ON k.id = w.api_key_id \
             WHERE w.id = $1 AND w.revoked_at IS NULL AND k.revoked_at IS NULL",
        )
        .bind(id)
        .fetch_optional(self.pool())
        .await?)
    }
}
