//! The SMGT desk's queue: posts received from the platforms (each once, by platform and id),
//! their triage (filed, linked to a case, the citizen asked for a number, dismissed with a
//! reason; each recorded in the administration log), the replies written into the outbox in the
//! transaction of what caused them, and the desk's figures. The social module above reads the
//! platforms and delivers the replies.

use super::grievances::GrievanceRow;
use super::outbox::insert_outbox;
use super::settings::log_admin;
use super::sql::Sql;
use super::{Actor, OutboxMessage, Result, Row, Scope, Store, StoreError};
use crate::notify::messages::{Message, priority};
use crate::notify::social::{ReplyKind, reply_text};
use nivaran_domain::grievance::language_of;
use nivaran_domain::lifecycle::Action;
use nivaran_domain::text::FieldError;
use nivaran_domain::{ErrorCode, Timestamp, msg};
use serde::Serialize;
use sqlx::AnyConnection;

/// A post or comment as an adapter read it, before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct IncomingPost {
    /// `x`, `facebook`, `instagram`, or the platform a feed names.
    pub platform: String,
    /// The adapter it came through, and its replies go back through: `x` (the X API), `meta`
    /// (the Graph API webhooks) or `feed`.
    pub via: String,
    /// The platform's id of the post or comment: how a post delivered twice is known, and what
    /// a reply answers.
    pub source_id: String,
    pub author_handle: String,
    pub author_name: Option<String>,
    pub text: String,
    pub url: Option<String>,
    /// When it was posted (milliseconds), where the platform says.
    pub posted_at: Option<i64>,
    /// The platform's JSON for this post, kept as it came.
    pub payload: String,
}

/// A platform name a feed may give: lower-case letters, digits and `_`, at most 20.
pub fn valid_platform(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 20
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A post in the desk's queue.
#[derive(Debug, Clone, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct SocialPost {
    pub id: i64,
    pub platform: String,
    /// `x`, `meta` or `feed`: the adapter it came through.
    pub via: String,
    /// The platform's id of the post or comment.
    pub source_id: String,
    pub author_handle: String,
    pub author_name: Option<String>,
    pub text: String,
    pub url: Option<String>,
    pub posted_at: Option<i64>,
    pub received_at: i64,
    /// `new`, `asked` (the citizen was asked for a number), `filed`, `linked` or `dismissed`.
    pub status: String,
    /// The case it was filed as or linked to.
    pub registration_number: Option<String>,
    pub dismiss_reason: Option<String>,
    pub triaged_by: Option<String>,
    pub triaged_at: Option<i64>,
    /// When the first reply to it was sent (or posted by hand, as the desk said).
    pub answered_at: Option<i64>,
}

const POST_COLUMNS: &str = "p.id, p.platform, p.via, p.source_id, p.author_handle, p.author_name, p.text, \
    p.url, p.posted_at, p.received_at, p.status, g.regno AS registration_number, p.dismiss_reason, \
    p.triaged_by, p.triaged_at, p.answered_at";

/// What the desk does with a post (besides filing it, which the filing form does).
#[derive(Debug, Clone)]
pub enum Triage {
    /// It is about a case already filed: linked, and the author told its number.
    Link { registration_number: String },
    /// Not a grievance (or not the state's): set aside with why.
    Dismiss { reason: String },
    /// The author is asked for a mobile number and a place by a reply.
    AskMobile,
    /// The desk replied on the platform by hand.
    AnsweredByHand,
}

/// One platform's figures over a period.
#[derive(Debug, Clone, Default, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct SocialFigures {
    pub platform: String,
    pub received: i64,
    /// Filed, linked or dismissed.
    pub triaged: i64,
    pub filed: i64,
    pub linked: i64,
    pub dismissed: i64,
    /// Waiting for the author's number.
    pub asked: i64,
    pub answered: i64,
    /// Answered within the configured hours of being received.
    pub answered_within: i64,
}

impl SocialFigures {
    /// The sum of each platform's figures, as the row "all platforms".
    pub fn total(platforms: &[SocialFigures]) -> SocialFigures {
        platforms.iter().fold(SocialFigures::default(), |mut t, f| {
            t.received += f.received;
            t.triaged += f.triaged;
            t.filed += f.filed;
            t.linked += f.linked;
            t.dismissed += f.dismissed;
            t.asked += f.asked;
            t.answered += f.answered;
            t.answered_within += f.answered_within;
            t
        })
    }
}

fn bad(field: &'static str, message: nivaran_domain::Message) -> StoreError {
    FieldError::new(field, ErrorCode::InvalidChoice, message).into()
}

impl Store {
    /// Stores the posts not already in the queue; how many were new.
    pub async fn receive_posts(&self, posts: &[IncomingPost]) -> Result<usize> {
        let now = self.now().0;
        let mut tx = self.begin_write().await?;
        let mut new = 0;
        for post in posts {
            let done = sqlx::query(
                "INSERT INTO social_posts (platform, via, source_id, author_handle, author_name, text, \
                 url, posted_at, received_at, payload) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
                 ON CONFLICT (platform, source_id) DO NOTHING",
            )
            .bind(post.platform.clone())
            .bind(post.via.clone())
            .bind(post.source_id.clone())
            .bind(post.author_handle.chars().take(100).collect::<String>())
            .bind(post.author_name.clone())
            .bind(post.text.chars().take(4000).collect::<String>())
            .bind(post.url.clone())
            .bind(post.posted_at)
            .bind(now)
            .bind(post.payload.clone())
            .execute(&mut *tx)
            .await?;
            new += done.rows_affected() as usize;
        }
        tx.commit().await?;
        Ok(new)
    }

    /// The queue, the latest received first: `status` one of the post's statuses (all when
    /// absent), `platform` one platform.
    pub async fn social_posts(
        &self,
        status: Option<&str>,
        platform: Option<&str>,
        limit: i64,
    ) -> Result<Vec<SocialPost>> {
        let mut sql = Sql::new(&format!(
            "SELECT {POST_COLUMNS} FROM social_posts p LEFT JOIN grievances g ON g.id = p.grievance_id WHERE 1 = 1"
        ));
        match status.filter(|s| !s.is_empty()) {
            None => {}
            Some(s @ ("new" | "asked" | "filed" | "linked" | "dismissed")) => {
                sql.push(" AND p.status = ").bind(s.to_string());
            }
            Some(other) => {
                return Err(bad(
                    "status",
                    msg!("store-social-bad-status", value = other),
                ));
            }
        }
        if let Some(p) = platform.filter(|p| !p.is_empty()) {
            if !valid_platform(p) {
                return Err(bad(
                    "platform",
                    msg!("store-social-bad-platform", value = p),
                ));
            }
            sql.push(" AND p.platform = ").bind(p.to_string());
        }
        sql.push(" ORDER BY p.received_at DESC, p.id DESC LIMIT ")
            .bind(limit.clamp(1, 500));
        let (text, args) = sql.into_parts();
        Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn social_post(&self, id: i64) -> Result<SocialPost> {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {POST_COLUMNS} FROM social_posts p LEFT JOIN grievances g ON g.id = p.grievance_id WHERE p.id = $1"
        )))
        .bind(id)
        .fetch_optional(self.pool())
        .await?
        .ok_or(StoreError::NotFound("post"))
    }

    /// The replies written to a post, oldest first, with what became of each.
    pub async fn social_replies(&self, post: &SocialPost) -> Result<Vec<OutboxMessage>> {
        self.outbox_to_post(&format!("{}:{}", post.platform, post.source_id))
            .await
    }

    /// A post can be filed (by the filing path, with it named) only while it waits.
    pub(super) async fn check_post_to_file(&self, id: i64) -> Result<()> {
        let post = self
            .social_post(id)
            .await
            .map_err(|_| bad("social_post", msg!("store-social-post-not-found")))?;
        if !matches!(post.status.as_str(), "new" | "asked") {
            return Err(bad("social_post", msg!("store-social-post-triaged")));
        }
        Ok(())
    }

    /// Links, dismisses, asks or notes a hand-made reply; the post as it is then.
    pub async fn triage_post(&self, id: i64, triage: Triage, actor: &Actor) -> Result<SocialPost> {
        let post = self.social_post(id).await?;
        let now = self.now();
        let waiting = matches!(post.status.as_str(), "new" | "asked");
        let language = language_of(&post.text);
        let mut tx = self.begin_write().await?;
        let (action, details) = match &triage {
            Triage::Link {
                registration_number,
            } => {
                if !waiting {
                    return Err(bad("status", msg!("store-social-post-triaged")));
                }
                let number = registration_number.trim();
                let case: Option<(i64,)> =
                    sqlx::query_as("SELECT id FROM grievances WHERE regno = $1")
                        .bind(number.to_string())
                        .fetch_optional(&mut *tx)
                        .await?;
                let Some((case,)) = case else {
                    return Err(FieldError::new(
                        "registration_number",
                        ErrorCode::NotFound,
                        msg!("store-social-case-not-found", number = number),
                    )
                    .into());
                };
                settle(&mut tx, id, "linked", Some(case), None, actor, now).await?;
                let text = reply_text(ReplyKind::Linked, language, number, "");
                queue_reply(&mut tx, &post, ReplyKind::Linked, "", text, Some(case), now).await?;
                (
                    "social.link",
                    serde_json::json!({"registration_number": number}),
                )
            }
            Triage::Dismiss { reason } => {
                if !waiting {
                    return Err(bad("status", msg!("store-social-post-triaged")));
                }
                let reason = reason.trim();
                if reason.chars().count() < 5 || reason.chars().count() > 500 {
                    return Err(FieldError::new(
                        "reason",
                        ErrorCode::Required,
                        msg!("store-social-reason-required"),
                    )
                    .into());
                }
                settle(&mut tx, id, "dismissed", None, Some(reason), actor, now).await?;
                ("social.dismiss", serde_json::json!({"reason": reason}))
            }
            Triage::AskMobile => {
                if post.status != "new" {
                    return Err(bad("status", msg!("store-social-post-triaged")));
                }
                sqlx::query("UPDATE social_posts SET status = 'asked' WHERE id = $1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await?;
                let text = reply_text(ReplyKind::AskMobile, language, "", "");
                queue_reply(&mut tx, &post, ReplyKind::AskMobile, "", text, None, now).await?;
                ("social.ask_mobile", serde_json::json!({}))
            }
            Triage::AnsweredByHand => {
                sqlx::query(
                    "UPDATE social_posts SET answered_at = $1 WHERE id = $2 AND answered_at IS NULL",
                )
                .bind(now.0)
                .bind(id)
                .execute(&mut *tx)
                .await?;
                ("social.answered_by_hand", serde_json::json!({}))
            }
        };
        log_admin(
            &mut tx,
            actor,
            now,
            action,
            &format!("social_post:{id}"),
            &details,
        )
        .await?;
        tx.commit().await?;
        self.ring_outbox();
        self.social_post(id).await
    }

    /// A reply to the post was sent: the post is answered (the first time counts).
    pub async fn mark_social_answered(&self, platform: &str, source_id: &str) -> Result<()> {
        sqlx::query(
            "UPDATE social_posts SET answered_at = $1 WHERE platform = $2 AND source_id = $3 \
             AND answered_at IS NULL",
        )
        .bind(self.now().0)
        .bind(platform.to_string())
        .bind(source_id.to_string())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Where a pulled platform got to (X's newest mention taken).
    pub async fn social_cursor(&self, name: &str) -> Result<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT position FROM social_cursors WHERE name = $1")
                .bind(name.to_string())
                .fetch_optional(self.pool())
                .await?,
        )
    }

    pub async fn set_social_cursor(&self, name: &str, position: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO social_cursors (name, position) VALUES ($1, $2) \
             ON CONFLICT (name) DO UPDATE SET position = excluded.position",
        )
        .bind(name.to_string())
        .bind(position.to_string())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Each platform's figures for the posts received in `[from, to)` (milliseconds), a post
    /// answered within `within_hours` of being received counted as answered in time. The whole
    /// desk's for [`Scope::All`]; for a narrower scope, the posts filed as or linked to the
    /// cases it counts (a post not yet triaged belongs to no district), narrowed to `only`'s
    /// rows as a dashboard is.
    pub async fn social_figures(
        &self,
        scope: &Scope,
        only: &[Row],
        from: i64,
        to: i64,
        within_hours: i64,
    ) -> Result<Vec<SocialFigures>> {
        let mut sql = Sql::new(
            "SELECT s.platform, COUNT(*) AS received, \
             SUM(CASE WHEN s.status IN ('filed', 'linked', 'dismissed') THEN 1 ELSE 0 END) AS triaged, \
             SUM(CASE WHEN s.status = 'filed' THEN 1 ELSE 0 END) AS filed, \
             SUM(CASE WHEN s.status = 'linked' THEN 1 ELSE 0 END) AS linked, \
             SUM(CASE WHEN s.status = 'dismissed' THEN 1 ELSE 0 END) AS dismissed, \
             SUM(CASE WHEN s.status = 'asked' THEN 1 ELSE 0 END) AS asked, \
             SUM(CASE WHEN s.answered_at IS NOT NULL THEN 1 ELSE 0 END) AS answered, \
             SUM(CASE WHEN s.answered_at IS NOT NULL AND s.answered_at - s.received_at <= ",
        );
        sql.bind(within_hours * 3_600_000)
            .push(" THEN 1 ELSE 0 END) AS answered_within FROM social_posts s");
        if *scope != Scope::All || !only.is_empty() {
            sql.push(" JOIN grievances g ON g.id = s.grievance_id");
        }
        sql.push(" WHERE s.received_at >= ")
            .bind(from)
            .push(" AND s.received_at < ")
            .bind(to);
        scope.condition(&mut sql, &self.master());
        super::stats::row_condition(&mut sql, only);
        sql.push(" GROUP BY s.platform ORDER BY s.platform");
        let (text, args) = sql.into_parts();
        // Constants and placeholders only; every value is bound. Read from the replica while it
        // is in bound, as the other figures are.
        Ok(sqlx::query_as_with(sqlx::AssertSqlSafe(text), args)
            .fetch_all(&self.figures_pool().await)
            .await?)
    }
}

/// The post's decision, by whom and when.
async fn settle(
    tx: &mut AnyConnection,
    id: i64,
    status: &str,
    grievance: Option<i64>,
    reason: Option<&str>,
    actor: &Actor,
    now: Timestamp,
) -> Result<()> {
    sqlx::query(
        "UPDATE social_posts SET status = $1, grievance_id = $2, dismiss_reason = $3, \
         triaged_by = $4, triaged_at = $5 WHERE id = $6",
    )
    .bind(status.to_string())
    .bind(grievance)
    .bind(reason.map(str::to_string))
    .bind(actor.label.clone())
    .bind(now.0)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Writes a reply to `post` into the outbox; `step` makes a reply of a kind unique where a post
/// may get it more than once (a disposal after a reopening).
async fn queue_reply(
    tx: &mut AnyConnection,
    post: &SocialPost,
    kind: ReplyKind,
    step: &str,
    text: String,
    grievance_id: Option<i64>,
    now: Timestamp,
) -> Result<()> {
    let key = format!("social:{}:{}{step}", post.id, kind.code());
    if post.via == "email" {
        // An e-mail is answered by e-mail, as a reply to what it said.
        let subject = post.text.lines().next().unwrap_or_default();
        let subject = subject.strip_prefix("Subject: ").unwrap_or(subject);
        let reply = Message::email(
            kind.code(),
            language_of(&post.text),
            &post.author_handle,
            &format!("Re: {}", subject.chars().take(150).collect::<String>()),
            &text,
            grievance_id,
            &key,
        );
        return insert_outbox(tx, None, &[reply], now).await;
    }
    let message = Message {
        idempotency_key: key,
        channel: "social",
        recipient: format!("{}:{}", post.platform, post.source_id),
        grievance_id,
        template_key: kind.code().into(),
        // The way back: the adapter the post came through.
        template_id: post.via.clone(),
        sender: "nivaran".into(),
        language: language_of(&post.text).code().into(),
        subject: None,
        body: text,
        encoding: "text".into(),
        segments: 1,
        priority: priority::PERSON,
    };
    insert_outbox(tx, None, &[message], now).await
}

/// In the filing's transaction: the post the case was filed from is settled as filed, and its
/// author told the number (unless someone settled it meanwhile: the case stands either way).
pub(super) async fn file_post(
    tx: &mut AnyConnection,
    post_id: i64,
    row: &GrievanceRow,
    due_date: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<()> {
    let post: Option<SocialPost> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {POST_COLUMNS} FROM social_posts p LEFT JOIN grievances g ON g.id = p.grievance_id \
         WHERE p.id = $1 AND p.status IN ('new', 'asked')"
    )))
    .bind(post_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(post) = post else {
        return Ok(());
    };
    settle(tx, post_id, "filed", Some(row.id), None, actor, now).await?;
    let regno = row.regno.clone().unwrap_or_default();
    let language = language_of(&post.text);
    let text = reply_text(ReplyKind::Acknowledged, language, &regno, due_date);
    queue_reply(
        tx,
        &post,
        ReplyKind::Acknowledged,
        "",
        text,
        Some(row.id),
        now,
    )
    .await?;
    log_admin(
        tx,
        actor,
        now,
        "social.file",
        &format!("social_post:{post_id}"),
        &serde_json::json!({"registration_number": regno}),
    )
    .await
}

/// When a case filed from or linked to posts is disposed, each post's author is told how.
pub(super) async fn notify_social(
    tx: &mut AnyConnection,
    row: &GrievanceRow,
    action: &Action,
    seq: i64,
    at: Timestamp,
) -> Result<()> {
    let Action::Dispose { kind, .. } = action else {
        return Ok(());
    };
    let posts: Vec<SocialPost> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {POST_COLUMNS} FROM social_posts p LEFT JOIN grievances g ON g.id = p.grievance_id \
         WHERE p.grievance_id = $1"
    )))
    .bind(row.id)
    .fetch_all(&mut *tx)
    .await?;
    let regno = row.regno.clone().unwrap_or_default();
    for post in posts {
        let language = language_of(&post.text);
        let detail = match language {
            nivaran_domain::types::Language::Hi => kind.label_hi(),
            nivaran_domain::types::Language::En => kind.label_en(),
        };
        let text = reply_text(ReplyKind::Disposed, language, &regno, detail);
        queue_reply(
            tx,
            &post,
            ReplyKind::Disposed,
            &format!(":{seq}"),
            text,
            Some(row.id),
            at,
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::valid_platform;

    #[test]
    fn platform_names_are_plain() {
        assert!(valid_platform("youtube"));
        assert!(valid_platform("koo_app"));
        assert!(!valid_platform("You Tube"));
        assert!(!valid_platform(""));
    }
}
