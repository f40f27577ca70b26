//! E-mail as a door (issue 18, part 6): a message read from the mailbox is a post in the SMGT
//! desk's queue (platform `email`), its attachments checked as uploads are and kept with it; a
//! case filed from it takes them as its documents, in the filing's transaction. The desk's
//! replies to an e-mail go back by e-mail (`social::queue_reply`).

use super::attachments::StoredFile;
use super::{Actor, IncomingPost, Result, Store, Upload};
use nivaran_domain::Timestamp;
use serde::Serialize;
use sqlx::AnyConnection;

/// An attachment kept with a post.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct PostFile {
    pub sha256: String,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
}

impl Store {
    /// Takes an e-mail into the queue once (by its Message-ID); its attachments that pass the
    /// checks are kept with it, the others named in its text with why. `false` when it was
    /// taken before.
    pub async fn receive_email(&self, mut post: IncomingPost, files: Vec<Upload>) -> Result<bool> {
        let mut kept = Vec::new();
        let mut refused = Vec::new();
        for file in &files {
            match Self::check_blob(&file.filename, &file.bytes) {
                Ok(checked) => kept.push((checked, &file.bytes)),
                Err(why) => refused.push(format!("{}: {why}", file.filename)),
            }
        }
        if !refused.is_empty() {
            post.text.push_str(&format!(
                "\n\n[attachments not kept: {}]",
                refused.join("; ")
            ));
        }
        if self.receive_posts(std::slice::from_ref(&post)).await? == 0 {
            return Ok(false);
        }
        let id: i64 = sqlx::query_scalar(
            "SELECT id FROM social_posts WHERE platform = $1 AND source_id = $2",
        )
        .bind(post.platform.clone())
        .bind(post.source_id.clone())
        .fetch_one(self.pool())
        .await?;
        let mut tx = self.begin_write().await?;
        for (checked, bytes) in &kept {
            self.write_blob(checked, bytes).await?;
            checked.record_for_post(&mut tx, id).await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// The attachments kept with a post.
    pub async fn post_files(&self, post: i64) -> Result<Vec<PostFile>> {
        Ok(sqlx::query_as(
            "SELECT sha256, filename, content_type, size_bytes FROM social_post_files \
             WHERE post_id = $1 ORDER BY filename",
        )
        .bind(post)
        .fetch_all(self.pool())
        .await?)
    }

    /// In the filing's transaction: the post's attachments become the case's documents.
    pub(super) async fn attach_post_files(
        &self,
        tx: &mut AnyConnection,
        post: i64,
        grievance_id: i64,
        actor: &Actor,
        now: Timestamp,
    ) -> Result<()> {
        let files: Vec<PostFile> = sqlx::query_as(
            "SELECT sha256, filename, content_type, size_bytes FROM social_post_files \
             WHERE post_id = $1 ORDER BY filename",
        )
        .bind(post)
        .fetch_all(&mut *tx)
        .await?;
        for f in files {
            let file = StoredFile::kept(f.sha256, f.filename, &f.content_type, f.size_bytes);
            self.record_attachment(tx, grievance_id, &file, actor, now)
                .await?;
        }
        Ok(())
    }

    /// A reply to post `id` went out (by e-mail): the post is answered.
    pub async fn mark_post_answered(&self, id: i64) -> Result<()> {
        sqlx::query(
            "UPDATE social_posts SET answered_at = $1 WHERE id = $2 AND answered_at IS NULL",
        )
        .bind(self.now().0)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(())
    }
}
