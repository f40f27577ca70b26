//! The operations of the doors of issue 18: social media (the platforms' doors and the SMGT
//! desk), WhatsApp's webhook, and the portal exchange's records.

use super::*;

pub(super) fn operations() -> Vec<Operation> {
    let triage = json!({"oneOf": [
        object(json!({"action": {"const": "link"}, "registration_number": string()}), &["action", "registration_number"]),
        object(json!({"action": {"const": "dismiss"}, "reason": string()}), &["action", "reason"]),
        object(json!({"action": {"const": "ask_mobile"}}), &["action"]),
        object(json!({"action": {"const": "answered_by_hand"}}), &["action"]),
    ]});
    let post_and_replies = object(
        json!({"post": any_object(), "replies": {"type": "array", "items": any_object()}}),
        &["post", "replies"],
    );
    let received = object(
        json!({"received": integer(), "new": integer()}),
        &["received", "new"],
    );
    vec![
        with_query(
            op(
                "get",
                "/admin/exchange-records",
                "Records taken from other grievance portals: filed, or failed and why",
                Access::Admin,
                (200, items(any_object())),
            ),
            vec![
                ("status", string(), "filed or failed"),
                ("limit", integer(), "at most this many"),
            ],
        ),
        with_query(
            as_plain_text(op(
                "get",
                "/social/meta/webhook",
                "Meta's verification of the webhook's callback URL: hub.challenge echoed when hub.verify_token is the configured one",
                Access::Anyone,
                (200, string()),
            )),
            vec![
                ("hub.mode", string(), "subscribe"),
                ("hub.verify_token", string(), "the configured verify_token"),
                ("hub.challenge", string(), "echoed back"),
            ],
        ),
        with_body(
            op(
                "post",
                "/social/meta/webhook",
                "A Facebook or Instagram Graph API webhook delivery, signed in X-Hub-Signature-256 with the app's secret: new page posts and comments, Instagram comments, into the SMGT desk's queue",
                Access::Anyone,
                (200, received.clone()),
            ),
            any_object(),
        ),
        with_query(
            as_plain_text(op(
                "get",
                "/whatsapp/webhook",
                "Meta's verification of the WhatsApp webhook's callback URL",
                Access::Anyone,
                (200, string()),
            )),
            vec![
                ("hub.mode", string(), "subscribe"),
                ("hub.verify_token", string(), "the configured verify_token"),
                ("hub.challenge", string(), "echoed back"),
            ],
        ),
        with_body(
            op(
                "post",
                "/whatsapp/webhook",
                "A WhatsApp Cloud API delivery, signed in X-Hub-Signature-256: each citizen's message taken once, moving their conversation",
                Access::Anyone,
                (200, object(json!({"taken": integer()}), &["taken"])),
            ),
            any_object(),
        ),
        with_body(
            op(
                "post",
                "/social/feed",
                "Posts from another aggregator, signed in X-Hub-Signature-256 with the feed's secret (docs/CHANNELS.md)",
                Access::Anyone,
                (200, received),
            ),
            object(
                json!({"posts": {"type": "array", "items": any_object()}}),
                &["posts"],
            ),
        ),
        with_query(
            op(
                "get",
                "/social/posts",
                "The SMGT desk's queue, the latest first (operators)",
                Access::SignedIn,
                (200, items(any_object())),
            ),
            vec![
                ("status", string(), "new, asked, filed, linked or dismissed"),
                (
                    "platform",
                    string(),
                    "x, facebook, instagram or a feed's platform",
                ),
                ("limit", integer(), "at most this many"),
            ],
        ),
        op(
            "get",
            "/social/posts/{id}",
            "One post and the replies written to it (operators)",
            Access::SignedIn,
            (200, post_and_replies.clone()),
        ),
        with_body(
            op(
                "post",
                "/social/posts/{id}/triage",
                "Link a post to a case, dismiss it with a reason, ask its author for a mobile number, or note a reply posted by hand (operators); file it with POST /grievances and social_post",
                Access::SignedIn,
                (200, post_and_replies),
            ),
            triage,
        ),
        with_query(
            op(
                "get",
                "/social/figures",
                "Posts received, triaged, filed, linked, dismissed, asked, answered and answered in time, by platform (operators, supervisors, administrators)",
                Access::SignedIn,
                (200, any_object()),
            ),
            vec![
                (
                    "from",
                    string(),
                    "first day, YYYY-MM-DD (default 30 days before to)",
                ),
                ("to", string(), "last day, YYYY-MM-DD (default today)"),
                (
                    "scope",
                    string(),
                    "a dashboard's scope (area:CODE, office:CODE, officer:USERNAME): the posts filed as or linked to its cases; the whole desk when absent",
                ),
            ],
        ),
    ]
}
