//! The operations of joint cases and duplicates (issue 17): inter-departmental pending, similar
//! cases before filing, followers, and the nodal officer's list of likely duplicates.

use super::*;

pub(super) fn operations() -> Vec<Operation> {
    vec![
        with_query(
            op(
                "get",
                "/grievances/similar",
                "Open cases (and the caller's own recently disposed ones) a grievance being typed is likely the same as: number, status, category, place, date and why; never another citizen's details",
                Access::Anyone,
                (
                    200,
                    object(json!({"items": items(any_object())}), &["items"]),
                ),
            ),
            vec![
                ("jurisdiction", string(), "the place's code (required)"),
                ("category", string(), "the category's code (required)"),
                (
                    "text",
                    string(),
                    "what the citizen wrote (subject and description)",
                ),
                (
                    "mobile",
                    string(),
                    "the citizen's mobile: matched only for an operator, or for the citizen signed in with it",
                ),
                (
                    "latitude",
                    json!({"type": "number"}),
                    "with longitude: nearby cases by distance",
                ),
                ("longitude", json!({"type": "number"}), "with latitude"),
            ],
        ),
        with_body(
            op(
                "post",
                "/grievances/{regno}/followers",
                "Attach a citizen to this open case instead of filing the same grievance again (told its number now and its steps from then on)",
                Access::Anyone,
                (
                    201,
                    object(
                        json!({"registration_number": string()}),
                        &["registration_number"],
                    ),
                ),
            ),
            object(
                json!({"citizen_name": string(), "mobile": string(), "language": string(), "channel": string()}),
                &["citizen_name", "mobile"],
            ),
        ),
        with_query(
            op(
                "get",
                "/duplicates",
                "Likely duplicates not yet decided among the caller's cases (officers, supervisors, administrators), and those found, linked and undone in the period by channel",
                Access::SignedIn,
                (200, any_object()),
            ),
            vec![
                (
                    "from",
                    json!({"type": "string", "format": "date"}),
                    "the period's first day (default: 30 days ago)",
                ),
                (
                    "to",
                    json!({"type": "string", "format": "date"}),
                    "its last day (default: today)",
                ),
            ],
        ),
        with_body(
            op(
                "post",
                "/duplicates/dismiss",
                "Decide that a candidate is not a duplicate, with a reason (recorded on the newer case's timeline)",
                Access::SignedIn,
                (204, Value::Null),
            ),
            object(
                json!({"registration_number": string(), "original": string(), "reason": string()}),
                &["registration_number", "original", "reason"],
            ),
        ),
        with_query(
            op(
                "get",
                "/interdepartmental",
                "Inter-departmental pending: joint cases whose departments' parts owe their ATRs, with the departments involved and the oldest part",
                Access::SignedIn,
                (200, any_object()),
            ),
            vec![(
                "scope",
                string(),
                "all, area:CODE, office:CODE or officer:USERNAME (default: the user's own); an office's list holds the parts it owes and the joint cases it leads",
            )],
        ),
    ]
}
