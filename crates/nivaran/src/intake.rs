//! New grievances, committed in groups. Filing is the busiest write: at a camp or at the 181
//! helpline's peak, hundreds arrive a second. Rather than every request taking the write lock
//! (SQLite has one writer; its waiting writers sleep and retry) or paying a commit of its own
//! (PostgreSQL waits for the disk at each), requests queue here and a writer files all that are
//! waiting in one transaction, then answers each. Nothing is acknowledged before it is committed.
//!
//! SQLite gets one writer lane; PostgreSQL several, as it writes in parallel.

use crate::store::{Actor, Filing, IdempotencyKey, Registered, Store, StoreError};
use nivaran_domain::grievance::GrievanceForm;
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Filings one transaction takes at most.
const GROUP: usize = 128;

struct Job {
    filing: Filing,
    reply: oneshot::Sender<Result<Registered, StoreError>>,
}

pub struct Intake {
    lanes: Vec<mpsc::Sender<Job>>,
}

impl Intake {
    /// Starts the writers (on the current tokio runtime).
    pub fn start(store: Arc<Store>) -> Intake {
        let lanes = match store.engine() {
            crate::store::Engine::Sqlite => 1,
            crate::store::Engine::Postgres => 4,
        };
        let lanes = (0..lanes)
            .map(|_| {
                let (sender, receiver) = mpsc::channel(1024);
                tokio::spawn(write_groups(store.clone(), receiver));
                sender
            })
            .collect();
        Intake { lanes }
    }

    /// Files one grievance and answers once it is committed.
    pub async fn register(
        &self,
        form: GrievanceForm,
        actor: Actor,
        idempotency: Option<IdempotencyKey>,
    ) -> Result<Registered, StoreError> {
        // One mobile number always goes down the same lane, so its monthly limit is counted by
        // one writer at a time.
        let lane = {
            use std::hash::{Hash, Hasher};
            let digits: String = form.mobile.chars().filter(char::is_ascii_digit).collect();
            // The last ten digits: "+91 98120 12345" and "9812012345" are one number.
            let number = &digits[digits.len().saturating_sub(10)..];
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            number.hash(&mut hasher);
            (hasher.finish() % self.lanes.len() as u64) as usize
        };
        let (reply, answer) = oneshot::channel();
        let job = Job {
            filing: Filing {
                form,
                actor,
                idempotency,
            },
            reply,
        };
        if let Err(mpsc::error::SendError(job)) = self.lanes[lane].send(job).await {
            // The writer is gone (shutting down): nothing was filed; say so.
            drop(job);
            return Err(StoreError::Unsupported(
                "the service is shutting down; nothing was filed".into(),
            ));
        }
        answer.await.unwrap_or_else(|_| {
            Err(StoreError::Unsupported(
                "the service is shutting down; nothing was filed".into(),
            ))
        })
    }
}

async fn write_groups(store: Arc<Store>, mut receiver: mpsc::Receiver<Job>) {
    while let Some(first) = receiver.recv().await {
        let mut jobs = vec![first];
        while jobs.len() < GROUP {
            match receiver.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let items: Vec<Filing> = jobs.iter().map(|j| j.filing.clone()).collect();
        match store.register_group(&items).await {
            Ok(results) => {
                for (job, result) in jobs.into_iter().zip(results) {
                    let _ = job.reply.send(result);
                }
            }
            Err(e) => {
                // The group failed as a whole (the database, not a filing): each is tried on
                // its own, so one bad apple does not spoil the rest.
                tracing::warn!(error = %e, size = jobs.len(), "group filing failed; filing one by one");
                for job in jobs {
                    let result = store.register_filing(&job.filing).await;
                    let _ = job.reply.send(result);
                }
            }
        }
    }
}
