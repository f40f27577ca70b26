//! The tamper-evident event log. Each event's hash covers its content and the previous event's
//! hash in the same case, so changing, removing or reordering any stored event breaks every link
//! after it. Chains are per case so that cases can be written in parallel on many nodes.

use sha2::{Digest, Sha256};

/// The `prev_hash` of a case's first event.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The content of one event that the hash covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventContent<'a> {
    pub grievance_id: i64,
    pub seq: i64,
    pub at_millis: i64,
    pub actor: &'a str,
    pub action: &'a str,
    pub from_status: &'a str,
    pub to_status: &'a str,
    pub payload: &'a str,
}

/// sha256 over the previous hash and the event content, every field length-prefixed so that no
/// two different events can produce the same byte string.
pub fn event_hash(prev_hash: &str, event: &EventContent<'_>) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    };
    field(prev_hash.as_bytes());
    field(&event.grievance_id.to_be_bytes());
    field(&event.seq.to_be_bytes());
    field(&event.at_millis.to_be_bytes());
    field(event.actor.as_bytes());
    field(event.action.as_bytes());
    field(event.from_status.as_bytes());
    field(event.to_status.as_bytes());
    field(event.payload.as_bytes());
    hex::encode(hasher.finalize())
}

/// The head of the whole log before its first entry.
pub const LOG_GENESIS: &str = GENESIS_HASH;

/// The running head of the whole log (every case's events, in the order the log took them)
/// after the entry at `position`: sha256 over the previous head and the entry, each field
/// length-prefixed. A signed checkpoint of one head vouches for every event before it.
pub fn log_head(
    previous_head: &str,
    position: i64,
    event_id: i64,
    grievance_id: i64,
    event_hash: &str,
) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(bytes);
    };
    field(previous_head.as_bytes());
    field(&position.to_be_bytes());
    field(&event_id.to_be_bytes());
    field(&grievance_id.to_be_bytes());
    field(event_hash.as_bytes());
    hex::encode(hasher.finalize())
}

/// The text a checkpoint's signature covers: what it vouches for, in a fixed form.
pub fn checkpoint_message(position: i64, head: &str, at_millis: i64) -> String {
    format!("nivaran audit checkpoint v1\nposition {position}\nhead {head}\nat {at_millis}\n")
}

/// Why a link failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkFault {
    /// The stored `prev_hash` is not the previous event's hash (an event was removed or reordered).
    BrokenPrev,
    /// The stored hash does not match the content (the content was changed).
    ContentChanged,
    /// Sequence numbers are not 1, 2, 3, …
    Gap,
}

/// Checks one case's events, in `seq` order. Returns the index of the first bad event.
pub fn first_broken_link<'a>(
    events: impl IntoIterator<Item = (EventContent<'a>, &'a str, &'a str)>,
) -> Option<(usize, LinkFault)> {
    let mut expected_prev = GENESIS_HASH.to_string();
    for (index, (content, prev_hash, hash)) in events.into_iter().enumerate() {
        if content.seq != index as i64 + 1 {
            return Some((index, LinkFault::Gap));
        }
        if prev_hash != expected_prev {
            return Some((index, LinkFault::BrokenPrev));
        }
        if event_hash(prev_hash, &content) != hash {
            return Some((index, LinkFault::ContentChanged));
        }
        expected_prev = hash.to_string();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn content(seq: i64, payload: &str) -> EventContent<'_> {
        EventContent {
            grievance_id: 7,
            seq,
            at_millis: 1000 * seq,
            actor: "officer.phed.bawal",
            action: "accept",
            from_status: "assigned",
            to_status: "in_progress",
            payload,
        }
    }

    #[test]
    fn a_chain_verifies_and_any_change_is_found() {
        let payloads = ["{}", "{\"a\":1}", "{\"b\":2}"];
        let mut stored = Vec::new();
        let mut prev = GENESIS_HASH.to_string();
        for (i, p) in payloads.iter().enumerate() {
            let hash = event_hash(&prev, &content(i as i64 + 1, p));
            stored.push((prev.clone(), hash.clone()));
            prev = hash;
        }
        let rows = |payloads: [&'static str; 3], stored: &Vec<(String, String)>| {
            first_broken_link(
                payloads
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        (
                            content(i as i64 + 1, p),
                            stored[i].0.as_str(),
                            stored[i].1.as_str(),
                        )
                    })
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(rows(payloads, &stored), None);
        assert_eq!(
            rows(["{}", "{\"a\":9}", "{\"b\":2}"], &stored),
            Some((1, LinkFault::ContentChanged))
        );
        let mut swapped = stored.clone();
        swapped[2].0 = GENESIS_HASH.to_string();
        assert_eq!(rows(payloads, &swapped), Some((2, LinkFault::BrokenPrev)));
    }

    #[test]
    fn the_log_head_depends_on_every_entry_and_its_place() {
        let a = log_head(LOG_GENESIS, 1, 10, 7, "aa");
        let b = log_head(&a, 2, 11, 7, "bb");
        assert_ne!(b, log_head(&a, 2, 11, 7, "bc"));
        assert_ne!(b, log_head(&a, 3, 11, 7, "bb"));
        assert_ne!(
            b,
            log_head(&log_head(LOG_GENESIS, 1, 10, 8, "aa"), 2, 11, 7, "bb")
        );
        assert_eq!(b, log_head(&a, 2, 11, 7, "bb"));
    }

    #[test]
    fn field_boundaries_matter() {
        let mut a = content(1, "x");
        a.actor = "ab";
        a.action = "c";
        let mut b = content(1, "x");
        b.actor = "a";
        b.action = "bc";
        assert_ne!(event_hash(GENESIS_HASH, &a), event_hash(GENESIS_HASH, &b));
    }
}
