//! Attachments: stored on disk by the sha256 of their content (the same file uploaded twice is kept
//! once), type checked by the bytes themselves, not the name, and size limited.

use super::grievances::{append_event, capacity, load_case};
use super::users::Actor;
use super::{Result, Store, StoreError};
use nivaran_domain::ErrorCode;
use nivaran_domain::Timestamp;
use nivaran_domain::access::{self, Capacity};
use nivaran_domain::msg;
use nivaran_domain::regno::RegistrationNumber;
use nivaran_domain::text::FieldError;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::AnyConnection;
use std::path::PathBuf;

pub const MAX_ATTACHMENT_BYTES: usize = 10 * 1024 * 1024;

/// What we accept: documents and photos a citizen or an office would send.
const ALLOWED_TYPES: &[&str] = &["application/pdf", "image/jpeg", "image/png", "image/webp"];

#[derive(Debug, Clone, Serialize, sqlx::FromRow, schemars::JsonSchema)]
pub struct Attachment {
    pub sha256: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    #[serde(skip)]
    pub uploaded_at: i64,
    pub uploaded_by: String,
}

fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | ':' | '*' | '?'))
        .take(120)
        .collect();
    if cleaned.trim().is_empty() {
        "document".into()
    } else {
        cleaned.trim().to_string()
    }
}

/// A file as uploaded, before checks.
#[derive(Debug, Clone)]
pub struct Upload {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// A file that passed the checks and is on disk.
pub(super) struct StoredFile {
    sha256: String,
    filename: String,
    content_type: &'static str,
    size_bytes: i64,
}

impl StoredFile {
    /// A file kept earlier under `sha256` with its checked type (one of the allowed ones).
    pub(super) fn kept(
        sha256: String,
        filename: String,
        content_type: &str,
        size_bytes: i64,
    ) -> StoredFile {
        StoredFile {
            sha256,
            filename,
            content_type: ALLOWED_TYPES
                .iter()
                .find(|t| **t == content_type)
                .copied()
                .unwrap_or("application/octet-stream"),
            size_bytes,
        }
    }

    /// Names the file as one of a queued post's (an e-mail's attachment).
    pub(super) async fn record_for_post(&self, tx: &mut AnyConnection, post: i64) -> Result<()> {
        self.record_in(
            tx,
            "INSERT INTO social_post_files (post_id, sha256, filename, content_type, size_bytes) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (post_id, sha256) DO NOTHING",
            post,
        )
        .await
    }

    /// Names the file as a document of a disciplinary record's step.
    pub(super) async fn record_for_step(&self, tx: &mut AnyConnection, step: i64) -> Result<()> {
        self.record_in(
            tx,
            "INSERT INTO disciplinary_documents (step_id, sha256, filename, content_type, size_bytes) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (step_id, sha256) DO NOTHING",
            step,
        )
        .await
    }

    /// Writes the file's row into a list of files that belong to `owner`, once: `insert` takes
    /// the owner, the hash, the name, the type and the size, in that order.
    async fn record_in(
        &self,
        tx: &mut AnyConnection,
        insert: &'static str,
        owner: i64,
    ) -> Result<()> {
        sqlx::query(insert)
            .bind(owner)
            .bind(self.sha256.clone())
            .bind(self.filename.clone())
            .bind(self.content_type)
            .bind(self.size_bytes)
            .execute(&mut *tx)
            .await?;
        Ok(())
    }
}

impl Store {
    fn blob_path(&self, sha256: &str) -> PathBuf {
        self.files_dir().join(&sha256[..2]).join(sha256)
    }

    /// A stored file's bytes; a file on record but not on disk is said so.
    pub(super) async fn read_blob(&self, sha256: &str) -> Result<Vec<u8>> {
        match tokio::fs::read(self.blob_path(sha256)).await {
            Ok(bytes) => Ok(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::error!(sha256, "a document's file is missing from the file store");
                Err(StoreError::FileMissing)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Checks a file's size and type (by its bytes), without storing it.
    pub(super) fn check_blob(filename: &str, bytes: &[u8]) -> Result<StoredFile> {
        if bytes.is_empty() {
            return Err(
                FieldError::new("file", ErrorCode::Empty, msg!("store-attachments-empty")).into(),
            );
        }
        if bytes.len() > MAX_ATTACHMENT_BYTES {
            return Err(FieldError::new(
                "file",
                ErrorCode::TooLarge,
                msg!(
                    "store-attachments-too-large",
                    mb = MAX_ATTACHMENT_BYTES / (1024 * 1024)
                ),
            )
            .into());
        }
        let content_type = infer::get(bytes)
            .map(|t| t.mime_type())
            .filter(|t| ALLOWED_TYPES.contains(t))
            .ok_or_else(|| {
                FieldError::new(
                    "file",
                    ErrorCode::UnsupportedType,
                    msg!("store-attachments-unsupported-type"),
                )
            })?;
        Ok(StoredFile {
            sha256: hex::encode(Sha256::digest(bytes)),
            filename: clean_filename(filename),
            content_type,
            size_bytes: bytes.len() as i64,
        })
    }

    /// Writes a checked file under its sha256 (once: the same content is kept once). A file
    /// already there is touched, so the sweep of unreferenced files
    /// ([`Store::remove_orphan_files`]) counts its grace from now.
    pub(super) async fn write_blob(&self, file: &StoredFile, bytes: &[u8]) -> Result<()> {
        let path = self.blob_path(&file.sha256);
        if path.exists() {
            let touched = std::fs::File::options()
                .append(true)
                .open(&path)
                .and_then(|f| f.set_modified(std::time::SystemTime::now()));
            if touched.is_ok() {
                return Ok(());
            }
        }
        let dir = path.parent().expect("blob path has a parent");
        tokio::fs::create_dir_all(dir).await?;
        // Write to a temporary name of this write's own and rename, so a crash never leaves half
        // a file under the content's name, and two uploads of one file at once never share a
        // temporary name (one of ten such uploads failed when the name was per process).
        let tmp = dir.join(format!(
            ".{}.{}.tmp",
            file.sha256,
            super::users::new_token()
        ));
        tokio::fs::write(&tmp, bytes).await?;
        if let Err(e) = tokio::fs::rename(&tmp, &path).await {
            let _ = tokio::fs::remove_file(&tmp).await;
            return Err(e.into());
        }
        Ok(())
    }

    /// Removes the files no document refers to that have not been written or touched for
    /// `grace_hours` (a filing refused after its files were written, a crash between writing
    /// and committing). Returns how many were removed.
    pub async fn remove_orphan_files(&self, grace_hours: u64) -> Result<u64> {
        let cutoff =
            std::time::SystemTime::now() - std::time::Duration::from_secs(grace_hours * 3600);
        let mut removed = 0;
        let Ok(mut shards) = tokio::fs::read_dir(self.files_dir()).await else {
            return Ok(0);
        };
        while let Some(shard) = shards.next_entry().await? {
            // Only the content-addressed shards (two hex digits); `reports/` and the like hold
            // files of their own.
            let name = shard.file_name().to_string_lossy().to_string();
            let is_shard = name.len() == 2 && name.chars().all(|c| c.is_ascii_hexdigit());
            if !is_shard || !shard.file_type().await?.is_dir() {
                continue;
            }
            let mut entries = tokio::fs::read_dir(shard.path()).await?;
            while let Some(entry) = entries.next_entry().await? {
                let meta = entry.metadata().await?;
                if !meta.is_file() || meta.modified()? > cutoff {
                    continue;
                }
                let name = entry.file_name().to_string_lossy().to_string();
                // Leftover temporary files go too; a stored file only if nothing refers to it.
                let referenced = !name.starts_with('.')
                    && sqlx::query_scalar::<_, i64>(
                        "SELECT 1 FROM attachments WHERE sha256 = $1 \
                         UNION ALL SELECT 1 FROM disciplinary_documents WHERE sha256 = $1 \
                         UNION ALL SELECT 1 FROM social_post_files WHERE sha256 = $1 LIMIT 1",
                    )
                    .bind(name.clone())
                    .fetch_optional(self.pool())
                    .await?
                    .is_some();
                // Touched meanwhile (the same content uploaded again): kept.
                let still_old = tokio::fs::metadata(entry.path())
                    .await
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t <= cutoff);
                if !referenced && still_old {
                    tokio::fs::remove_file(entry.path()).await?;
                    removed += 1;
                }
            }
        }
        Ok(removed)
    }

    /// Records a stored file on a case: a row, a new version and a chained event.
    pub(super) async fn record_attachment(
        &self,
        tx: &mut AnyConnection,
        grievance_id: i64,
        file: &StoredFile,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<Attachment> {
        let case = load_case(tx, grievance_id).await?;
        let inserted = sqlx::query(
            "INSERT INTO attachments (grievance_id, sha256, filename, content_type, size_bytes, uploaded_at, uploaded_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (grievance_id, sha256) DO NOTHING",
        )
        .bind(grievance_id)
        .bind(file.sha256.clone())
        .bind(file.filename.clone())
        .bind(file.content_type)
        .bind(file.size_bytes)
        .bind(now.0)
        .bind(actor.label.clone())
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 1 {
            // Adding a document changes the case's record, so it is an event like any other.
            sqlx::query(
                "UPDATE grievances SET version = version + 1, updated_at = $1 WHERE id = $2",
            )
            .bind(now.0)
            .bind(grievance_id)
            .execute(&mut *tx)
            .await?;
            let payload = serde_json::json!({
                "action": "add_attachment",
                "sha256": file.sha256,
                "filename": file.filename,
                "content_type": file.content_type,
                "size_bytes": file.size_bytes,
            });
            append_event(
                tx,
                grievance_id,
                case.last_seq + 1,
                &case.last_hash,
                now,
                actor,
                "add_attachment",
                &case.row.status,
                &case.row.status,
                &payload.to_string(),
            )
            .await?;
        }
        Ok(Attachment {
            sha256: file.sha256.clone(),
            filename: file.filename.clone(),
            content_type: file.content_type.to_string(),
            size_bytes: file.size_bytes,
            uploaded_at: now.0,
            uploaded_by: actor.label.clone(),
        })
    }

    /// The case `regno` names, loaded on `conn`, if `actor` may add documents to it.
    async fn case_to_attach_to(
        &self,
        conn: &mut AnyConnection,
        regno: &str,
        actor: &Actor,
    ) -> Result<(super::grievances::LoadedCase, Capacity)> {
        let regno =
            RegistrationNumber::parse(regno).map_err(|_| StoreError::NotFound("grievance"))?;
        let id: i64 = sqlx::query_scalar("SELECT id FROM grievances WHERE regno = $1")
            .bind(regno.as_str().to_string())
            .fetch_optional(&mut *conn)
            .await?
            .ok_or(StoreError::NotFound("grievance"))?;
        let case = load_case(conn, id).await?;
        match capacity(&self.master(), actor, &case.row, &case.state.parts) {
            None => Err(StoreError::NotFound("grievance")),
            Some(Capacity::Auditor | Capacity::Reviewer) => {
                Err(StoreError::Forbidden("attach documents to"))
            }
            Some(capacity) => Ok((case, capacity)),
        }
    }

    /// Checks and stores an uploaded file and records it on the case, for someone who may.
    /// Everything that can refuse it is asked before the file touches the disk (and asked again
    /// in the transaction that records it).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_attachment(
        &self,
        regno: &str,
        actor: &Actor,
        filename: &str,
        bytes: &[u8],
    ) -> Result<Attachment> {
        let file = Self::check_blob(filename, bytes)?;
        self.case_to_attach_to(&mut *self.pool().acquire().await?, regno, actor)
            .await?;
        self.write_blob(&file, bytes).await?;
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let (case, _) = self.case_to_attach_to(&mut tx, regno, actor).await?;
        let attachment = self
            .record_attachment(&mut tx, case.row.id, &file, actor, now)
            .await?;
        tx.commit().await?;
        Ok(attachment)
    }

    /// Whether `actor` may submit this ATR on the case now: the version, the documents, the
    /// capacity and the lifecycle's rules, all asked without writing.
    #[allow(clippy::too_many_arguments)] // the parts of one request
    fn check_atr(
        &self,
        case: &super::grievances::LoadedCase,
        capacity: Capacity,
        text: &str,
        files: &[StoredFile],
        known: Vec<String>,
        expected_version: Option<i64>,
        now: Timestamp,
    ) -> Result<super::ActionRequest> {
        if let Some(expected) = expected_version
            && expected != case.row.version
        {
            return Err(StoreError::Conflict {
                current: case.row.version,
            });
        }
        let master = self.master();
        let request = super::ActionRequest::SubmitAtr {
            text: text.to_string(),
            documents: files.iter().map(|f| f.sha256.clone()).collect(),
        };
        let mut known = known;
        known.extend(files.iter().map(|f| f.sha256.clone()));
        let action = request.to_action(&master, &case.state, known)?;
        if !access::may_perform(capacity, &action) {
            return Err(StoreError::Forbidden(action.label_en()));
        }
        nivaran_domain::lifecycle::apply(&case.state, &action, now, &*master)?;
        Ok(request)
    }

    /// The Action Taken Report with its documents, in one transaction: the documents are
    /// recorded only if the report is accepted, so a refused report leaves nothing behind in the
    /// case's record, and the files are written only once everything that could refuse the
    /// report has been asked. With `expected_version`, refuses (409) when the case changed
    /// meanwhile.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn submit_atr(
        &self,
        regno: &str,
        text: &str,
        files: &[Upload],
        actor: &Actor,
        expected_version: Option<i64>,
    ) -> Result<super::GrievanceView> {
        let mut checked = Vec::with_capacity(files.len());
        for file in files {
            checked.push(Self::check_blob(&file.filename, &file.bytes)?);
        }
        let now = self.now();
        {
            let mut conn = self.pool().acquire().await?;
            let (case, capacity) = self.case_to_attach_to(&mut conn, regno, actor).await?;
            let known = self.files_known(&mut conn, case.row.id).await?;
            self.check_atr(
                &case,
                capacity,
                text,
                &checked,
                known,
                expected_version,
                now,
            )?;
        }
        for (file, upload) in checked.iter().zip(files) {
            self.write_blob(file, &upload.bytes).await?;
        }
        let master = self.master();
        let mut tx = self.begin_write().await?;
        let (case, capacity) = self.case_to_attach_to(&mut tx, regno, actor).await?;
        let id = case.row.id;
        let known = self.files_known(&mut tx, id).await?;
        let request = self.check_atr(
            &case,
            capacity,
            text,
            &checked,
            known,
            expected_version,
            now,
        )?;
        for file in &checked {
            self.record_attachment(&mut tx, id, file, actor, now)
                .await?;
        }
        let mut case = load_case(&mut tx, id).await?;
        let action =
            request.to_action(&master, &case.state, self.files_known(&mut tx, id).await?)?;
        let version = case.row.version;
        let mut figures = crate::store::stats::counted::Deltas::new();
        super::grievances::apply_and_record(
            &mut tx,
            &master,
            &mut case,
            &action,
            actor,
            now,
            Some(version),
            Some(&self.notifications()),
            &mut figures,
        )
        .await?;
        figures.write(&mut tx, self.engine()).await?;
        tx.commit().await?;
        self.view_by_id(id).await
    }

    /// The sha256 of every document on a case.
    pub(super) async fn files_known(
        &self,
        conn: &mut AnyConnection,
        grievance_id: i64,
    ) -> Result<Vec<String>> {
        Ok(
            sqlx::query_scalar("SELECT sha256 FROM attachments WHERE grievance_id = $1")
                .bind(grievance_id)
                .fetch_all(&mut *conn)
                .await?,
        )
    }

    pub async fn list_attachments(&self, regno: &str, actor: &Actor) -> Result<Vec<Attachment>> {
        let (grievance, _) = self.grievance_for(regno, actor).await?;
        Ok(sqlx::query_as(
            "SELECT a.sha256, a.filename, a.content_type, a.size_bytes, a.uploaded_at, a.uploaded_by \
             FROM attachments a JOIN grievances g ON g.id = a.grievance_id WHERE g.regno = $1 ORDER BY a.uploaded_at",
        )
        .bind(grievance.registration_number)
        .fetch_all(self.pool())
        .await?)
    }

    /// The bytes of a document, for someone who may see the case.
    pub async fn read_attachment(
        &self,
        regno: &str,
        sha256: &str,
        actor: &Actor,
    ) -> Result<(Attachment, Vec<u8>)> {
        let attachment = self
            .list_attachments(regno, actor)
            .await?
            .into_iter()
            .find(|a| a.sha256 == sha256)
            .ok_or(StoreError::NotFound("attachment"))?;
        let bytes = self.read_blob(&attachment.sha256).await?;
        Ok((attachment, bytes))
    }

    /// True when the file store can be listed and written (readiness): a file is written and
    /// removed again.
    pub async fn files_usable(&self) -> Result<()> {
        tokio::fs::create_dir_all(self.files_dir()).await?;
        let _listing = tokio::fs::read_dir(self.files_dir()).await?;
        let probe = self
            .files_dir()
            .join(format!(".ready-{}", super::users::new_token()));
        tokio::fs::write(&probe, b"ok").await?;
        tokio::fs::remove_file(&probe).await?;
        Ok(())
    }
}
