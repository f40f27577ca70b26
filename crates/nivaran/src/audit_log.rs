//! Signed checkpoints of the whole log, kept outside the database, and the verification that
//! uses them.
//!
//! The worker appends new events to the log (`store::audit_log`) every round and, every
//! `[audit_log] checkpoint_minutes`, signs the log's head with an Ed25519 key (a file in the data
//! directory, made on first use, or the one configured) and publishes the checkpoint: a line in a
//! file (by default beside the database, best on other storage), an e-mail to the configured
//! addresses, and `/public/audit/checkpoints`. `nivaran audit verify` then checks the log against
//! the checkpoints: someone who rewrites the database, even consistently (events re-hashed, the
//! log's heads recomputed), cannot make the heads match what was signed and sent away before,
//! without the key. Someone holding both the database and the key can; docs/SECURITY.md says so.

use crate::store::{Checkpoint, SETTLED_MILLIS, Store};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use nivaran_domain::Timestamp;
use nivaran_domain::chain::{LOG_GENESIS, checkpoint_message, log_head};
use serde::Deserialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `[audit_log]` in the configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AuditLogConfig {
    /// The Ed25519 signing key (32 bytes, hex); made on first use. Default DATA_DIR/audit-signing.key.
    pub signing_key: Option<PathBuf>,
    /// Where checkpoints are appended, one JSON object a line. Default
    /// DATA_DIR/audit-checkpoints.jsonl.
    pub checkpoint_file: Option<PathBuf>,
    /// How often the head is signed (when the log has grown).
    pub checkpoint_minutes: u64,
    /// Who is e-mailed every checkpoint (an auditor's mailbox outside the data centre).
    pub emails: Vec<String>,
}

impl Default for AuditLogConfig {
    fn default() -> Self {
        AuditLogConfig {
            signing_key: None,
            checkpoint_file: None,
            checkpoint_minutes: 10,
            emails: Vec::new(),
        }
    }
}

impl AuditLogConfig {
    pub fn key_path(&self, data_dir: &Path) -> PathBuf {
        self.signing_key
            .clone()
            .unwrap_or_else(|| data_dir.join("audit-signing.key"))
    }

    pub fn checkpoint_path(&self, data_dir: &Path) -> PathBuf {
        self.checkpoint_file
            .clone()
            .unwrap_or_else(|| data_dir.join("audit-checkpoints.jsonl"))
    }
}

/// The checkpoint signing key.
pub struct CheckpointSigner {
    key: SigningKey,
}

impl CheckpointSigner {
    /// Reads the key at `path`, or makes one there (readable by its owner only).
    pub fn load_or_create(path: &Path) -> Result<CheckpointSigner, String> {
        if path.exists() {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read the signing key {}: {e}", path.display()))?;
            let bytes: [u8; 32] = hex::decode(text.trim())
                .ok()
                .and_then(|b| b.try_into().ok())
                .ok_or_else(|| format!("{} is not a 32-byte Ed25519 key in hex", path.display()))?;
            return Ok(CheckpointSigner {
                key: SigningKey::from_bytes(&bytes),
            });
        }
        let mut seed = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options
            .open(path)
            .map_err(|e| format!("cannot write the signing key {}: {e}", path.display()))?;
        writeln!(file, "{}", hex::encode(seed)).map_err(|e| e.to_string())?;
        tracing::info!(path = %path.display(), "made a new audit checkpoint signing key");
        Ok(CheckpointSigner {
            key: SigningKey::from_bytes(&seed),
        })
    }

    pub fn public_key_hex(&self) -> String {
        hex::encode(self.key.verifying_key().to_bytes())
    }

    pub fn sign(&self, pos: i64, head: &str, at: Timestamp) -> Checkpoint {
        let signature = self
            .key
            .sign(checkpoint_message(pos, head, at.0).as_bytes());
        Checkpoint {
            pos,
            head: head.to_string(),
            at: at.0,
            public_key: self.public_key_hex(),
            signature: hex::encode(signature.to_bytes()),
        }
    }
}

/// A public key from its hex form.
pub fn public_key(hex_key: &str) -> Result<VerifyingKey, String> {
    let bytes: [u8; 32] = hex::decode(hex_key.trim())
        .ok()
        .and_then(|b| b.try_into().ok())
        .ok_or("a public key is 32 bytes in hex")?;
    VerifyingKey::from_bytes(&bytes).map_err(|e| e.to_string())
}

/// True when `checkpoint` is signed by `key`.
pub fn signed_by(checkpoint: &Checkpoint, key: &VerifyingKey) -> bool {
    let Some(signature) = hex::decode(&checkpoint.signature)
        .ok()
        .and_then(|b| <[u8; 64]>::try_from(b).ok())
        .map(|b| Signature::from_bytes(&b))
    else {
        return false;
    };
    key.verify(
        checkpoint_message(checkpoint.pos, &checkpoint.head, checkpoint.at).as_bytes(),
        &signature,
    )
    .is_ok()
}

/// The worker's step: log what is new (everything, `full`: see `Store::extend_log`) and, when
/// due, sign and publish a checkpoint. Returns the checkpoint made, if one was.
pub async fn advance(
    store: &Store,
    config: &AuditLogConfig,
    data_dir: &Path,
    full: bool,
) -> Result<Option<Checkpoint>, String> {
    // A few batches a round at most: the worker has other duties; the rest is done next round.
    for _ in 0..20 {
        let logged = store
            .extend_log(5_000, full)
            .await
            .map_err(|e| e.to_string())?;
        if logged < 5_000 {
            break;
        }
    }
    let (pos, head) = store.log_tip().await.map_err(|e| e.to_string())?;
    let last = store
        .checkpoints(1)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .next();
    let now = store.now();
    let due = match &last {
        None => pos > 0,
        Some(last) => {
            last.pos < pos && now.0 - last.at >= (config.checkpoint_minutes.max(1) * 60_000) as i64
        }
    };
    if !due {
        return Ok(None);
    }
    let signer = CheckpointSigner::load_or_create(&config.key_path(data_dir))?;
    let checkpoint = signer.sign(pos, &head, now);
    publish(store, config, data_dir, &checkpoint).await?;
    Ok(Some(checkpoint))
}

/// Logs every event not yet logged, then signs and publishes a checkpoint of the head if the
/// log has grown since the last one (`nivaran audit checkpoint`).
pub async fn checkpoint_now(
    store: &Store,
    config: &AuditLogConfig,
    data_dir: &Path,
) -> Result<Option<Checkpoint>, String> {
    while store
        .extend_log(5_000, true)
        .await
        .map_err(|e| e.to_string())?
        >= 5_000
    {}
    let (pos, head) = store.log_tip().await.map_err(|e| e.to_string())?;
    let last = store.checkpoints(1).await.map_err(|e| e.to_string())?;
    if pos == 0 || last.first().is_some_and(|c| c.pos == pos) {
        return Ok(None);
    }
    let signer = CheckpointSigner::load_or_create(&config.key_path(data_dir))?;
    let checkpoint = signer.sign(pos, &head, store.now());
    publish(store, config, data_dir, &checkpoint).await?;
    Ok(Some(checkpoint))
}

/// The checkpoints to verify against: the file's (kept outside the database) and the
/// database's own, each once.
pub async fn all_checkpoints(store: &Store, file: &Path) -> Result<Vec<Checkpoint>, String> {
    let mut all = read_checkpoint_file(file)?;
    for checkpoint in store
        .checkpoints(i64::MAX)
        .await
        .map_err(|e| e.to_string())?
    {
        if !all.contains(&checkpoint) {
            all.push(checkpoint);
        }
    }
    Ok(all)
}

/// The key checkpoints must be signed by: the one given (hex), else the configured signing
/// key's public half, if there is a key.
pub fn trusted_key(
    given: Option<&str>,
    config: &AuditLogConfig,
    data_dir: &Path,
) -> Result<Option<VerifyingKey>, String> {
    if let Some(hex_key) = given {
        return public_key(hex_key).map(Some);
    }
    let path = config.key_path(data_dir);
    if !path.exists() {
        return Ok(None);
    }
    let signer = CheckpointSigner::load_or_create(&path)?;
    public_key(&signer.public_key_hex()).map(Some)
}

/// Records a checkpoint in the database, appends it to the checkpoint file and queues its
/// e-mails.
async fn publish(
    store: &Store,
    config: &AuditLogConfig,
    data_dir: &Path,
    checkpoint: &Checkpoint,
) -> Result<(), String> {
    let line = serde_json::to_string(checkpoint).map_err(|e| e.to_string())?;
    let path = config.checkpoint_path(data_dir);
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(|e| format!("cannot append to {}: {e}", path.display()))?;
    writeln!(file, "{line}").map_err(|e| e.to_string())?;
    file.sync_data().map_err(|e| e.to_string())?;
    store
        .add_checkpoint(checkpoint)
        .await
        .map_err(|e| e.to_string())?;
    let when = Timestamp(checkpoint.at).to_rfc3339_ist();
    for email in &config.emails {
        store
            .enqueue_plain_email(
                email,
                &format!("Nivaran audit checkpoint {} ({when})", checkpoint.pos),
                &format!(
                    "The audit log of Nivaran held {} entries at {when}; its head was\n{}\n\n\
                     Signed (Ed25519) by the key {}:\n{}\n\nKeep this mail: `nivaran audit verify` \
                     checks the log against checkpoints like it.\n\n{line}\n",
                    checkpoint.pos, checkpoint.head, checkpoint.public_key, checkpoint.signature
                ),
                &format!("checkpoint:{}:{email}", checkpoint.pos),
            )
            .await
            .map_err(|e| e.to_string())?;
    }
    tracing::info!(pos = checkpoint.pos, "audit checkpoint signed");
    Ok(())
}

/// Checkpoints read from a file of JSON lines (lines that do not read are reported).
pub fn read_checkpoint_file(path: &Path) -> Result<Vec<Checkpoint>, String> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l)
                .map_err(|e| format!("{} line {}: not a checkpoint: {e}", path.display(), n + 1))
        })
        .collect()
}

/// What the log's verification found.
#[derive(Debug, Default)]
pub struct LogReport {
    pub entries: i64,
    pub checkpoints_verified: usize,
    /// The latest checkpoint verified: its position and time.
    pub latest: Option<(i64, i64)>,
    /// Problems, the earliest first, each saying which event, case and time.
    pub problems: Vec<String>,
}

/// Walks the log, checking every entry against its event and the chain of heads, and the heads
/// against `checkpoints` (each of which must be signed by `key`).
pub async fn verify_log(
    store: &Store,
    checkpoints: &[Checkpoint],
    key: Option<&VerifyingKey>,
) -> Result<LogReport, String> {
    let mut report = LogReport::default();
    let mut expected: std::collections::BTreeMap<i64, &Checkpoint> = Default::default();
    for checkpoint in checkpoints {
        match key {
            Some(key) if !signed_by(checkpoint, key) => report.problems.push(format!(
                "the checkpoint of position {} ({}) is not signed by the key {}: forged or altered",
                checkpoint.pos,
                Timestamp(checkpoint.at).to_rfc3339(),
                hex::encode(key.to_bytes())
            )),
            _ => {
                expected.insert(checkpoint.pos, checkpoint);
            }
        }
    }
    let mut head = LOG_GENESIS.to_string();
    let mut after = 0;
    let mut first_entry_problem: Option<String> = None;
    let mut first_checkpoint_problem: Option<String> = None;
    loop {
        let batch = store
            .logged_events(after, 10_000)
            .await
            .map_err(|e| e.to_string())?;
        let Some(last) = batch.last() else { break };
        after = last.pos;
        for entry in batch {
            report.entries += 1;
            let when = entry
                .at
                .map(|a| Timestamp(a).to_rfc3339())
                .unwrap_or_else(|| "an unknown time".into());
            let case = entry
                .regno
                .clone()
                .unwrap_or_else(|| format!("#{}", entry.grievance_id));
            if entry.pos != report.entries && first_entry_problem.is_none() {
                first_entry_problem = Some(format!(
                    "the log skips from position {} to {} (entries were removed)",
                    report.entries - 1,
                    entry.pos
                ));
            }
            head = log_head(
                &head,
                entry.pos,
                entry.event_id,
                entry.grievance_id,
                &entry.event_hash,
            );
            if first_entry_problem.is_none() {
                if head != entry.head {
                    first_entry_problem = Some(format!(
                        "log entry {} (event {} of case {case}, {when}) was altered: its head does not follow",
                        entry.pos, entry.event_id
                    ));
                } else {
                    match &entry.current_hash {
                        None => {
                            first_entry_problem = Some(format!(
                                "event {} of case {case}, logged at position {}, is gone from the database",
                                entry.event_id, entry.pos
                            ))
                        }
                        Some(hash) if *hash != entry.event_hash => {
                            first_entry_problem = Some(format!(
                                "event {} of case {case} ({when}) was changed after it was logged at position {}",
                                entry.event_id, entry.pos
                            ))
                        }
                        Some(_) => {}
                    }
                }
            }
            if let Some(checkpoint) = expected.get(&entry.pos) {
                if checkpoint.head == head {
                    report.checkpoints_verified += 1;
                    report.latest = Some((checkpoint.pos, checkpoint.at));
                } else if first_checkpoint_problem.is_none() {
                    first_checkpoint_problem = Some(format!(
                        "the log up to position {} (event {} of case {case}, {when}) differs from the checkpoint signed at {}: \
                         something at or before it was rewritten",
                        entry.pos,
                        entry.event_id,
                        Timestamp(checkpoint.at).to_rfc3339()
                    ));
                }
            }
        }
    }
    for checkpoint in expected.values() {
        if checkpoint.pos > report.entries {
            report.problems.push(format!(
                "the checkpoint signed at {} vouches for {} entries, but the log has {}: entries were removed",
                Timestamp(checkpoint.at).to_rfc3339(),
                checkpoint.pos,
                report.entries
            ));
            break;
        }
    }
    report.problems.extend(first_entry_problem);
    report.problems.extend(first_checkpoint_problem);
    // Events that should have been logged by now and were not: put in behind the service.
    if let Some((_, at)) = report.latest {
        let before = Timestamp(at - SETTLED_MILLIS);
        if let Some((id, regno, when)) = store
            .first_unlogged_before(before)
            .await
            .map_err(|e| e.to_string())?
        {
            report.problems.push(format!(
                "event {id} of case {} ({}) is older than the last checkpoint but not in the log: it was not written by the service",
                regno.unwrap_or_default(),
                Timestamp(when).to_rfc3339()
            ));
        }
    }
    Ok(report)
}
