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

use crate::store::{Checkpoint, Store};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use nivaran_domain::Timestamp;
use nivaran_domain::chain::{LOG_GENESIS, checkpoint_message, log_head};
use serde::Deserialize;
use std::io::Write;
use std::path::{Path, PathBuf};

/// `[audit_log]` in the configuration.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
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

/// The signing key of this node, if it is the deployment's: the first key to sign records its
/// public half in the database, and a node with another key (each node made its own in its data
/// directory) refuses to sign, saying to configure the shared one.
fn deployment_signer(
    signer: CheckpointSigner,
    path: &Path,
    recorded: &str,
) -> Result<CheckpointSigner, String> {
    if signer.public_key_hex() != recorded {
        return Err(format!(
            "this node's audit signing key ({}) is not the deployment's ({recorded}): give every node \
             the same key ([audit_log] signing_key)",
            path.display()
        ));
    }
    Ok(signer)
}

async fn signer_for(
    store: &Store,
    config: &AuditLogConfig,
    data_dir: &Path,
) -> Result<CheckpointSigner, String> {
    let path = config.key_path(data_dir);
    let mine = CheckpointSigner::load_or_create(&path)?;
    let recorded = store
        .claim_setting(SIGNING_KEY_SETTING, &mine.public_key_hex())
        .await
        .map_err(|e| e.to_string())?;
    deployment_signer(mine, &path, &recorded)
}

const SIGNING_KEY_SETTING: &str = "audit_signing_public_key";
const FULL_LOOK_SETTING: &str = "audit_log_full_look_at";

/// The worker's step: log what is new (once an hour looking at every event, for late commits:
/// see `Store::extend_log`) and, when due, sign and publish a checkpoint. Returns the
/// checkpoint made, if one was.
pub async fn advance(
    store: &Store,
    config: &AuditLogConfig,
    data_dir: &Path,
) -> Result<Option<Checkpoint>, String> {
    let now = store.now();
    let last_full: i64 = store
        .claim_setting(FULL_LOOK_SETTING, "0")
        .await
        .map_err(|e| e.to_string())?
        .parse()
        .unwrap_or(0);
    let full = now.0 - last_full >= 3_600_000;
    // A few batches a round at most: the worker has other duties; the rest is done next round.
    for _ in 0..20 {
        let logged = store
            .extend_log(5_000, full)
            .await
            .map_err(|e| e.to_string())?;
        if logged < 5_000 {
            if full {
                store
                    .put_setting(FULL_LOOK_SETTING, &now.0.to_string())
                    .await
                    .map_err(|e| e.to_string())?;
            }
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
    let due = match &last {
        None => pos > 0,
        Some(last) => {
            last.pos < pos && now.0 - last.at >= (config.checkpoint_minutes.max(1) * 60_000) as i64
        }
    };
    if !due {
        return Ok(None);
    }
    let signer = signer_for(store, config, data_dir).await?;
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
    let signer = signer_for(store, config, data_dir).await?;
    let checkpoint = signer.sign(pos, &head, store.now());
    publish(store, config, data_dir, &checkpoint).await?;
    Ok(Some(checkpoint))
}

/// The checkpoints to verify against: the file's (kept outside the database), and the
/// database's own.
pub async fn checkpoints_outside_and_inside(
    store: &Store,
    file: &Path,
) -> Result<(Vec<Checkpoint>, Vec<Checkpoint>), String> {
    let outside = read_checkpoint_file(file)?;
    let inside = store
        .checkpoints(i64::MAX)
        .await
        .map_err(|e| e.to_string())?;
    Ok((outside, inside))
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
                "audit_checkpoint",
                nivaran_domain::types::Language::En,
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
    /// Checkpoints that could not be checked: the database's own, with no key to trust (none
    /// given, none configured, no checkpoint file): they vouch for nothing by themselves.
    pub untrusted: usize,
}

/// Walks the log, checking every entry against its event and the chain of heads, and the heads
/// against the checkpoints: those `outside` the database (its file, mails) and those `inside`.
/// A checkpoint counts only if signed by the trusted key: `key`, else the key the outside
/// checkpoints were signed with; with neither, the database's own checkpoints are not trusted
/// (whoever rewrote the log could have rewritten them too).
pub async fn verify_log(
    store: &Store,
    outside: &[Checkpoint],
    inside: &[Checkpoint],
    key: Option<&VerifyingKey>,
) -> Result<LogReport, String> {
    let mut report = LogReport::default();
    let trusted = match key {
        Some(key) => Some(*key),
        None => match outside.first() {
            Some(first) => Some(public_key(&first.public_key)?),
            None => None,
        },
    };
    // Every checkpoint of a position must hold, not merely one of them.
    let mut expected: std::collections::BTreeMap<i64, Vec<&Checkpoint>> = Default::default();
    match trusted {
        None => report.untrusted = inside.len(),
        Some(trusted) => {
            for checkpoint in outside.iter().chain(inside) {
                if signed_by(checkpoint, &trusted) {
                    expected.entry(checkpoint.pos).or_default().push(checkpoint);
                } else {
                    report.problems.push(format!(
                        "the checkpoint of position {} ({}) is not signed by the key {}: forged or altered",
                        checkpoint.pos,
                        Timestamp(checkpoint.at).to_rfc3339(),
                        hex::encode(trusted.to_bytes())
                    ));
                }
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
            let at_this_position = expected.get(&entry.pos).map(Vec::as_slice).unwrap_or(&[]);
            if !at_this_position.is_empty() && at_this_position.iter().all(|c| c.head == head) {
                // One position, however many copies (the file's, the database's) vouch for it.
                report.checkpoints_verified += 1;
                report.latest = at_this_position
                    .iter()
                    .map(|c| (c.pos, c.at))
                    .max_by_key(|x| x.1);
            }
            for checkpoint in at_this_position {
                if checkpoint.head != head && first_checkpoint_problem.is_none() {
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
    for checkpoint in expected.values().flatten() {
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
    Ok(report)
}
