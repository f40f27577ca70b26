//! Where every case is born. A filing, whatever door it came through (the web form, the JSON
//! API with or without files, Open311 with its answers, the camp desk, a CSV of petitions),
//! goes through the same two steps:
//!
//! 1. [`Store::accept`] checks all that needs no write lock, on the caller's task: the form
//!    (validated once into a [`ValidGrievance`]), who may file it, the place and category, the
//!    category's questions, the files (type, size, count); when there are files it also asks
//!    the month's limit and whether an Idempotency-Key already filed the case, and only then
//!    stores the files. The result is an [`Accepted`] filing.
//! 2. [`Store::file_group`] writes accepted filings in one transaction: Idempotency-Keys, the
//!    month's limit counted for all their numbers at once, routing and the first deadline (a
//!    replay through the lifecycle, [`written`]), the rows and chained events, the documents,
//!    the answers, the integration's link, the citizen's SMS in the outbox. Each filing gets
//!    its own answer; a refusal of one does not stop the others.
//!
//! The intake (the `intake` module) runs step 2 for every live filing, grouped; a CSV of petitions
//! is one group that files all or none ([`Store::file_all_or_nothing`]); the historical import
//! uses [`written`] directly with the steps each case brings.

mod written;

pub(in crate::store) use written::{Replayed, replay_valid, row_of, write_cases};

use super::attachments::StoredFile;
use super::grievances::{Registered, unknown_code};
use super::integrations::too_many_files;
use super::{Actor, IdempotencyKey, Result, Store, StoreError, Upload};
use nivaran_domain::Timestamp;
use nivaran_domain::grievance::{GrievanceForm, ValidGrievance};
use nivaran_domain::lifecycle::Action;
use std::collections::HashMap;

/// The index a batch's refusal carries when no one filing caused it (the database, a shutdown).
pub const NO_ROW: usize = usize::MAX;

/// One filing as it arrives, from any door.
#[derive(Debug, Clone)]
pub struct Filing {
    pub form: GrievanceForm,
    pub actor: Actor,
    /// Answers to the category's questions; `None` where the door does not ask them (the JSON
    /// API, camps, CSV), so none are required.
    pub answers: Option<HashMap<String, Vec<String>>>,
    /// The integration (Open311 API key) it came through.
    pub api_key_id: Option<i64>,
    /// Documents attached when filing (at most [`super::MAX_FILES_AT_FILING`]).
    pub files: Vec<Upload>,
    pub idempotency: Option<IdempotencyKey>,
    /// The category codes the person was shown as suggestions for their words (best first),
    /// recorded with whether the category filed was one of them; empty where none were shown.
    pub suggested: Vec<String>,
}

impl Filing {
    /// A filing of `form` by `actor` with nothing else: no answers, files, key or integration.
    pub fn new(form: GrievanceForm, actor: Actor) -> Filing {
        Filing {
            form,
            actor,
            answers: None,
            api_key_id: None,
            files: Vec::new(),
            idempotency: None,
            suggested: Vec::new(),
        }
    }
}

/// A filing that passed every check made without the write lock, its files stored.
pub struct Accepted {
    valid: ValidGrievance,
    /// The SMGT desk's post it is filed from.
    social_post: Option<i64>,
    /// The helpline call it is filed during.
    call: Option<i64>,
    actor: Actor,
    answers: Vec<(String, String)>,
    api_key_id: Option<i64>,
    files: Vec<StoredFile>,
    idempotency: Option<IdempotencyKey>,
    suggested: Vec<String>,
}

impl Accepted {
    /// The citizen's mobile number as filed (the intake keeps one number on one writer), or
    /// `None` for a citizen reached only through the integration that filed.
    pub fn mobile(&self) -> Option<&str> {
        self.valid.mobile.as_ref().map(|m| m.as_str())
    }
}

/// What [`Store::accept`] made of a filing.
pub enum Admission {
    /// To be written.
    Accepted(Box<Accepted>),
    /// Filed before under the same Idempotency-Key: its first answer, nothing to write.
    Replayed(Box<Registered>),
}

impl Store {
    /// Step 1: every check that needs no write lock; stores the files of a filing that will be
    /// written unless the month's limit is reached meanwhile (the orphan sweep removes files no
    /// case took).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn accept(&self, filing: Filing) -> Result<Admission> {
        let Filing {
            form,
            actor,
            answers,
            api_key_id,
            files,
            idempotency,
            suggested,
        } = filing;
        let social_post = form.social_post;
        let call = form.call;
        let valid = form.validate()?;
        self.check_filing_rights(&valid, &actor)?;
        if let Some(post) = social_post {
            if !actor
                .role
                .is_some_and(nivaran_domain::access::may_file_for_others)
            {
                return Err(nivaran_domain::text::FieldError::new(
                    "social_post",
                    nivaran_domain::ErrorCode::OperatorOnly,
                    nivaran_domain::msg!("store-social-operators-only"),
                )
                .into());
            }
            self.check_post_to_file(post).await?;
        }
        if let Some(call) = call {
            if !actor
                .role
                .is_some_and(nivaran_domain::access::may_file_for_others)
            {
                return Err(nivaran_domain::text::FieldError::new(
                    "call",
                    nivaran_domain::ErrorCode::OperatorOnly,
                    nivaran_domain::msg!("store-calls-operators-only"),
                )
                .into());
            }
            self.check_call_to_link(call).await?;
        }
        let master = self.master();
        if master
            .jurisdiction_by_code(&valid.jurisdiction_code)
            .is_none()
        {
            return Err(unknown_code("jurisdiction", &valid.jurisdiction_code));
        }
        let category = master
            .category_by_code(&valid.category_code)
            .ok_or_else(|| unknown_code("category", &valid.category_code))?
            .id;
        drop(master);
        if files.len() > super::MAX_FILES_AT_FILING {
            return Err(too_many_files());
        }
        let answers = match answers {
            Some(answers) => self.category_questions_answered(category, &answers).await?,
            None => Vec::new(),
        };
        let mut checked = Vec::with_capacity(files.len());
        for file in &files {
            checked.push(Self::check_blob(&file.filename, &file.bytes)?);
        }
        if !files.is_empty() {
            // Files are written before the case: ask first whatever could still refuse it, so
            // a refused filing leaves no files (the limit is counted again, for certain, when
            // the case is written).
            let now = self.now();
            if let Some(key) = &idempotency {
                let mut conn = self.pool().acquire().await?;
                let filed = key.filed(&mut conn, now).await?;
                // The connection goes back before the answer is read on another.
                drop(conn);
                if let Some(id) = filed {
                    return Ok(Admission::Replayed(Box::new(self.replayed(id).await?)));
                }
            }
            self.check_filing_possible(&valid, &actor, now).await?;
            for (file, upload) in checked.iter().zip(&files) {
                self.write_blob(file, &upload.bytes).await?;
            }
        }
        Ok(Admission::Accepted(Box::new(Accepted {
            valid,
            social_post,
            call,
            actor,
            answers,
            api_key_id,
            files: checked,
            idempotency,
            suggested,
        })))
    }

    /// Steps 1 and 2 for one filing, outside the intake: the demo's seeding and the tests.
    pub async fn file_now(&self, filing: Filing) -> Result<Registered> {
        match self.accept(filing).await? {
            Admission::Replayed(first) => Ok(*first),
            Admission::Accepted(accepted) => self.file_alone(&accepted).await,
        }
    }

    /// Step 2 for one filing on its own (when its group could not be written as a whole).
    pub async fn file_alone(&self, accepted: &Accepted) -> Result<Registered> {
        let result = match self.file_group(std::slice::from_ref(accepted)).await {
            Ok(mut answers) => answers
                .pop()
                .unwrap_or(Err(StoreError::NotFound("grievance"))),
            Err(e) => Err(e),
        };
        match (result, &accepted.idempotency) {
            (Err(e), Some(key)) if e.is_unique_violation() => {
                // The same request, sent twice at once, committed first on another connection
                // (PostgreSQL waits for it before reporting the clash): answer with its case.
                let mut conn = self.pool().acquire().await?;
                let filed = key.filed(&mut conn, self.now()).await?;
                drop(conn);
                match filed {
                    Some(id) => self.replayed(id).await,
                    None => Err(e),
                }
            }
            (result, _) => result,
        }
    }

    /// Step 2: writes accepted filings in one transaction, a few statements for the whole
    /// group. Each filing gets its own answer: one refused (the monthly limit, a key used for
    /// another request) does not stop the others. An error of the group as a whole (the
    /// database) is returned as such, and nothing is filed.
    #[tracing::instrument(level = "debug", skip_all, fields(size = items.len()))]
    pub async fn file_group(&self, items: &[Accepted]) -> Result<Vec<Result<Registered>>> {
        self.write_group(items, false)
            .await
            .map(|answers| answers.unwrap_or_default())
    }

    /// Step 1 for a batch that files all or nothing: the first refusal, with its index.
    pub async fn accept_all(
        &self,
        filings: Vec<Filing>,
    ) -> std::result::Result<Vec<Accepted>, (usize, StoreError)> {
        let mut accepted = Vec::with_capacity(filings.len());
        for (i, mut filing) in filings.into_iter().enumerate() {
            // Keys answer a request sent again; a batch is answered as a whole.
            filing.idempotency = None;
            match self.accept(filing).await.map_err(|e| (i, e))? {
                Admission::Accepted(a) => accepted.push(*a),
                Admission::Replayed(_) => unreachable!("a filing without a key is never a replay"),
            }
        }
        Ok(accepted)
    }

    /// Step 2 for many (a CSV of a camp's petitions) all or nothing, in one transaction: a
    /// refusal of any (the monthly limit counting the file's own rows) files none, and the
    /// error says which.
    #[tracing::instrument(level = "debug", skip_all, fields(size = items.len()))]
    pub async fn file_all_or_nothing(
        &self,
        items: &[Accepted],
    ) -> std::result::Result<Vec<Registered>, (usize, StoreError)> {
        let answers = match self.write_group(items, true).await {
            Ok(Ok(answers)) => answers,
            Ok(Err(refused)) => return Err(refused),
            Err(e) => return Err((NO_ROW, e)),
        };
        answers
            .into_iter()
            .enumerate()
            .map(|(i, answer)| answer.map_err(|e| (i, e)))
            .collect()
    }

    /// The group transaction. With `all_or_nothing`, the first refusal rolls back everything
    /// and is returned as `Ok(Err((index, refusal)))`.
    async fn write_group(
        &self,
        items: &[Accepted],
        all_or_nothing: bool,
    ) -> Result<std::result::Result<Vec<Result<Registered>>, (usize, StoreError)>> {
        let master = self.master();
        let now = self.now();
        let limit = self.limits().filings_per_mobile_per_month;
        let mut answers: Vec<Option<Result<Registered>>> = (0..items.len()).map(|_| None).collect();
        // Which items are still to be written.
        let mut to_write: Vec<bool> = vec![true; items.len()];
        let mut tx = self.begin_write().await?;
        // Filings sent again with their Idempotency-Key: answered with the case they filed
        // (before, or earlier in this very group), nothing written.
        let mut replays: Vec<(usize, i64)> = Vec::new();
        let mut same_as: Vec<(usize, usize)> = Vec::new();
        // By filer and key alone: the same key with another request must be found here to be
        // refused (a map over the whole key, fingerprint included, never finds it).
        let mut keyed: HashMap<(&str, &str), usize> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            let Some(key) = item.idempotency.as_ref() else {
                continue;
            };
            if let Some(&first) = keyed.get(&(key.filer.as_str(), key.key.as_str())) {
                to_write[i] = false;
                if item.idempotency.as_ref().map(|k| &k.fingerprint)
                    == items[first].idempotency.as_ref().map(|k| &k.fingerprint)
                {
                    same_as.push((i, first));
                } else {
                    answers[i] = Some(Err(key.reused()));
                }
                continue;
            }
            match key.filed(&mut tx, now).await {
                Ok(None) => {
                    keyed.insert((key.filer.as_str(), key.key.as_str()), i);
                }
                Ok(Some(id)) => {
                    to_write[i] = false;
                    replays.push((i, id));
                }
                Err(e) => {
                    to_write[i] = false;
                    answers[i] = Some(Err(e));
                }
            }
        }
        // The month's limit, one count for all the group's numbers.
        let mobiles: Vec<String> = {
            let mut m: Vec<String> = items
                .iter()
                .zip(&to_write)
                .filter(|(a, write)| **write && a.valid.limit_override_reason.is_none())
                .filter_map(|(a, _)| a.mobile().map(str::to_string))
                .collect();
            m.sort();
            m.dedup();
            m
        };
        let mut filed = self.filings_this_month(&mut tx, &mobiles, now).await?;
        let mut replayed = Vec::new();
        let mut slots = Vec::new();
        for (i, item) in items.iter().enumerate() {
            if !to_write[i] {
                continue;
            }
            // The limit is a number's: a citizen without one is the integration's to pace.
            if let Some(mobile) = item
                .mobile()
                .filter(|_| limit > 0 && item.valid.limit_override_reason.is_none())
            {
                let count = filed.entry(mobile.to_string()).or_insert(0);
                if *count >= limit {
                    answers[i] = Some(Err(super::limits::with_override_hint(
                        super::limits::filing_limit_reached(*count, limit),
                        &item.actor,
                    )));
                    continue;
                }
                *count += 1;
            }
            match replay_valid(
                &master,
                item.valid.clone(),
                None,
                now,
                &[],
                item.actor.label.clone(),
                item.actor.user_id,
            ) {
                Ok(r) => {
                    replayed.push(r);
                    slots.push(i);
                }
                Err(e) => answers[i] = Some(Err(StoreError::MasterData(e))),
            }
        }
        if all_or_nothing && let Some(i) = answers.iter().position(|a| matches!(a, Some(Err(_)))) {
            drop(tx);
            let refusal = answers[i].take().and_then(Result::err);
            return Ok(Err((
                i,
                refusal.unwrap_or(StoreError::NotFound("grievance")),
            )));
        }
        let mut report = super::BulkReport::default();
        let written = write_cases(&mut tx, self.engine(), &master, &replayed, &mut report).await?;
        let notifications = self.notifications();
        let mut messages = Vec::new();
        let mut rows = Vec::with_capacity(replayed.len());
        for (r, (id, regno)) in replayed.iter().zip(written) {
            let row = row_of(r, id, regno);
            let assign = Action::Assign {
                office: row.holding_office_id.unwrap_or_default(),
                unrouted: row.unrouted != 0,
            };
            // The citizen hears of the registration in the same transaction.
            messages.extend(super::outbox::citizen_messages(
                &notifications,
                &master,
                &row,
                &assign,
                None,
                2,
            )?);
            rows.push(row);
        }
        // A batch of petitions (a camp's CSV, a Jan Samvad upload) is bulk: a citizen's one-time
        // password or a single filing's SMS is not kept waiting behind it.
        if all_or_nothing {
            messages = messages.into_iter().map(|m| m.as_bulk()).collect();
        }
        let messages = super::whatsapp::with_mirror(&mut tx, &notifications, messages).await?;
        super::outbox::insert_outbox(&mut tx, Some(self.engine()), &messages, now).await?;
        for ((slot, row), r) in slots.iter().zip(&rows).zip(&replayed) {
            let item = &items[*slot];
            if let Some(key) = item.idempotency.as_ref() {
                key.remember(&mut tx, row.id, now).await?;
            }
            self.record_extras(&mut tx, row.id, item, now).await?;
            if let Some(post) = item.social_post {
                super::social::file_post(&mut tx, post, row, &r.first_due_date, &item.actor, now)
                    .await?;
                self.attach_post_files(&mut tx, post, row.id, &item.actor, now)
                    .await?;
            }
            if let Some(call) = item.call {
                super::calls::link_call(&mut tx, call, row.id).await?;
            }
        }
        tx.commit().await?;
        let mut filed_ids: HashMap<usize, i64> = HashMap::new();
        for (slot, row) in slots.into_iter().zip(rows) {
            filed_ids.insert(slot, row.id);
            answers[slot] = Some(if items[slot].files.is_empty() {
                Ok(self.registered_from(&row))
            } else {
                // Read back: the answer lists the documents.
                self.registered(row.id).await
            });
        }
        for (slot, id) in replays {
            answers[slot] = Some(self.replayed(id).await);
        }
        for (slot, first) in same_as {
            if let Some(id) = filed_ids.get(&first) {
                answers[slot] = Some(self.replayed(*id).await);
            } else if let Some(Some(Err(refusal))) = answers.get(first) {
                // The first of the two was refused: so is its repetition, the same way.
                answers[slot] = Some(Err(refusal.again()));
            }
        }
        Ok(Ok(answers
            .into_iter()
            .map(|a| a.unwrap_or(Err(StoreError::NotFound("grievance"))))
            .collect()))
    }

    /// What a filing brings besides the case: its documents (an event each), the answers to
    /// its category's questions, the integration it came through and the suggestions it was
    /// shown.
    async fn record_extras(
        &self,
        tx: &mut sqlx::AnyConnection,
        grievance_id: i64,
        item: &Accepted,
        now: Timestamp,
    ) -> Result<()> {
        for file in &item.files {
            self.record_attachment(tx, grievance_id, file, &item.actor, now)
                .await?;
        }
        for (code, value) in &item.answers {
            sqlx::query(
                "INSERT INTO grievance_attributes (grievance_id, code, value) VALUES ($1, $2, $3)",
            )
            .bind(grievance_id)
            .bind(code.clone())
            .bind(value.clone())
            .execute(&mut *tx)
            .await?;
        }
        if let Some(key) = item.api_key_id {
            sqlx::query("INSERT INTO integration_cases (grievance_id, api_key_id) VALUES ($1, $2)")
                .bind(grievance_id)
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        if !item.suggested.is_empty() {
            sqlx::query(
                "INSERT INTO category_suggestions (grievance_id, shown, chosen_rank, channel, \
                 filed_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(grievance_id)
            .bind(item.suggested.join(" "))
            .bind(super::chosen_rank(
                &item.suggested,
                &item.valid.category_code,
            ))
            .bind(item.valid.channel.code())
            .bind(now.0)
            .execute(&mut *tx)
            .await?;
        }
        Ok(())
    }
}
