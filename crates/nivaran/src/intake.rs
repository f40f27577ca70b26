//! New grievances, committed in groups. Filing is the busiest write: at a camp or at the 181
//! helpline's peak, hundreds arrive a second. Rather than every request taking the write lock
//! (SQLite has one writer; its waiting writers sleep and retry) or paying a commit of its own
//! (PostgreSQL waits for the disk at each), requests queue here and a writer files all that are
//! waiting in one transaction, then answers each. Nothing is acknowledged before it is committed.
//!
//! SQLite gets one writer lane; PostgreSQL several, as it writes in parallel. Every live filing
//! comes here, from every door; the checks and the files are done on the caller's task
//! (`Store::accept`), the writing in the lane (`Store::file_group`): see `store::filing`.

use crate::store::{Accepted, Admission, Filing, NO_ROW, Registered, Store, StoreError};
use std::sync::Arc;
use tokio::sync::{mpsc, oneshot};

/// Filings one transaction takes at most.
const GROUP: usize = 128;

enum Job {
    /// One filing, written with whatever else is waiting; answered on its own.
    One {
        accepted: Box<Accepted>,
        reply: oneshot::Sender<Result<Registered, StoreError>>,
    },
    /// A batch that files all or nothing (a CSV of petitions), written alone.
    Batch {
        accepted: Vec<Accepted>,
        reply: oneshot::Sender<Result<Vec<Registered>, (usize, StoreError)>>,
    },
}

pub struct Intake {
    store: Arc<Store>,
    lanes: Vec<mpsc::Sender<Job>>,
    /// Filings without a mobile number so far: their lanes in turn.
    unnumbered: std::sync::atomic::AtomicU64,
}

impl Intake {
    /// Starts the writers (on the current tokio runtime).
    pub fn start(store: Arc<Store>) -> Intake {
        let lanes = store.engine().parallel_writers();
        let lanes = (0..lanes)
            .map(|_| {
                let (sender, receiver) = mpsc::channel(1024);
                tokio::spawn(write_groups(store.clone(), receiver));
                sender
            })
            .collect();
        Intake {
            store,
            lanes,
            unnumbered: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Files one grievance, from any door, and answers once it is committed. The checks and
    /// the files are done here, on the caller's task; only the writing queues.
    pub async fn file(&self, filing: Filing) -> Result<Registered, StoreError> {
        let accepted = match self.store.accept(filing).await? {
            Admission::Replayed(first) => return Ok(*first),
            Admission::Accepted(accepted) => accepted,
        };
        // One mobile number always goes down the same lane, so its monthly limit is counted by
        // one writer at a time. Filings without a number (an integration's citizen, limited by
        // nobody) spread over the lanes.
        let lanes = self.lanes.len() as u64;
        let lane = match accepted.mobile() {
            Some(mobile) => {
                use std::hash::{Hash, Hasher};
                let digits: String = mobile.chars().filter(char::is_ascii_digit).collect();
                let mut hasher = std::collections::hash_map::DefaultHasher::new();
                // The last ten digits: "+91 98120 12345" and "9812012345" are one number.
                digits[digits.len().saturating_sub(10)..].hash(&mut hasher);
                hasher.finish() % lanes
            }
            // In turn.
            None => {
                self.unnumbered
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                    % lanes
            }
        } as usize;
        let (reply, answer) = oneshot::channel();
        let waiting = &self.store.metrics().intake_waiting;
        waiting.inc();
        if self.lanes[lane]
            .send(Job::One { accepted, reply })
            .await
            .is_err()
        {
            waiting.dec();
            // The writer is gone (shutting down): nothing was filed; say so.
            return Err(StoreError::ShuttingDown);
        }
        let answered = answer.await.unwrap_or(Err(StoreError::ShuttingDown));
        waiting.dec();
        answered
    }

    /// Files a batch all or nothing; the refusal names the filing (by index) that stopped it.
    pub async fn file_all_or_nothing(
        &self,
        filings: Vec<Filing>,
    ) -> Result<Vec<Registered>, (usize, StoreError)> {
        let accepted = self.store.accept_all(filings).await?;
        let (reply, answer) = oneshot::channel();
        if self.lanes[0]
            .send(Job::Batch { accepted, reply })
            .await
            .is_err()
        {
            return Err((NO_ROW, StoreError::ShuttingDown));
        }
        answer
            .await
            .unwrap_or(Err((NO_ROW, StoreError::ShuttingDown)))
    }
}

async fn write_groups(store: Arc<Store>, mut receiver: mpsc::Receiver<Job>) {
    let mut next = receiver.recv().await;
    while let Some(job) = next.take() {
        let (accepted, replies) = match job {
            Job::Batch { accepted, reply } => {
                let _ = reply.send(store.file_all_or_nothing(&accepted).await);
                next = receiver.recv().await;
                continue;
            }
            Job::One { accepted, reply } => (vec![*accepted], vec![reply]),
        };
        let (mut accepted, mut replies) = (accepted, replies);
        // Whatever else is waiting joins the group; a batch waits for the next turn.
        while accepted.len() < GROUP {
            match receiver.try_recv() {
                Ok(Job::One {
                    accepted: one,
                    reply,
                }) => {
                    accepted.push(*one);
                    replies.push(reply);
                }
                Ok(batch) => {
                    next = Some(batch);
                    break;
                }
                Err(_) => break,
            }
        }
        store
            .metrics()
            .intake_group_size
            .observe(accepted.len() as f64);
        match store.file_group(&accepted).await {
            Ok(results) => {
                for (reply, result) in replies.into_iter().zip(results) {
                    let _ = reply.send(result);
                }
            }
            Err(e) if e.is_unavailable() => {
                // The database is away: each filing alone would wait as long again, one after
                // another. Every filer hears at once that nothing was filed.
                tracing::warn!(error = %e, size = accepted.len(), "group filing failed: the database is not answering");
                for reply in replies {
                    let _ = reply.send(Err(StoreError::Unavailable));
                }
            }
            Err(e) => {
                // The group failed as a whole (the database, not a filing): each is tried on
                // its own, so one bad apple does not spoil the rest.
                tracing::warn!(error = %e, size = accepted.len(), "group filing failed; filing one by one");
                for (one, reply) in accepted.iter().zip(replies) {
                    let _ = reply.send(store.file_alone(one).await);
                }
            }
        }
        if next.is_none() {
            next = receiver.recv().await;
        }
    }
}
