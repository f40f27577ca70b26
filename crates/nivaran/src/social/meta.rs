//! Facebook and Instagram through the Graph API webhooks: Meta verifies the callback with a GET
//! (`hub.mode=subscribe`, `hub.verify_token`, answered with `hub.challenge`), then POSTs each
//! change signed with the app's secret (`X-Hub-Signature-256`). New page posts and comments
//! (`object: page`, field `feed`, verb `add`) and Instagram comments (`object: instagram`, field
//! `comments`) become posts; likes, edits and removals are not grievances and are passed over.
//! Replies are comments: `POST /{id}/comments` on Facebook, `POST /{id}/replies` on Instagram.

use super::{IncomingPost, MetaConfig};
use serde_json::Value;

/// The posts in one webhook delivery (it may batch several entries and changes).
pub fn read_delivery(delivery: &Value) -> Vec<IncomingPost> {
    let object = delivery["object"].as_str().unwrap_or_default();
    let mut posts = Vec::new();
    for entry in delivery["entry"].as_array().into_iter().flatten() {
        for change in entry["changes"].as_array().into_iter().flatten() {
            let value = &change["value"];
            let post = match (object, change["field"].as_str()) {
                ("page", Some("feed")) => page_post(value),
                ("instagram", Some("comments")) => instagram_comment(value, entry),
                _ => None,
            };
            posts.extend(post);
        }
    }
    posts
}

fn page_post(value: &Value) -> Option<IncomingPost> {
    if value["verb"].as_str() != Some("add") {
        return None;
    }
    let item = value["item"].as_str()?;
    let id = match item {
        "comment" => value["comment_id"].as_str()?,
        "post" | "status" | "photo" | "video" => value["post_id"].as_str()?,
        _ => return None,
    };
    let text = value["message"].as_str()?.trim();
    if text.is_empty() {
        return None;
    }
    // A post's id is PAGE_POST; its page is facebook.com/PAGE/posts/POST.
    let url = match id.split_once('_') {
        Some((page, post)) if item != "comment" => {
            format!("https://www.facebook.com/{page}/posts/{post}")
        }
        _ => format!("https://www.facebook.com/{id}"),
    };
    let name = value["from"]["name"].as_str().map(str::to_string);
    Some(IncomingPost {
        platform: "facebook".into(),
        via: "meta".into(),
        source_id: id.to_string(),
        author_handle: name
            .clone()
            .or_else(|| value["from"]["id"].as_str().map(str::to_string))
            .unwrap_or_default(),
        author_name: name,
        text: text.to_string(),
        url: Some(url),
        posted_at: value["created_time"].as_i64().map(|s| s * 1000),
        payload: value.to_string(),
    })
}

fn instagram_comment(value: &Value, entry: &Value) -> Option<IncomingPost> {
    let id = value["id"].as_str()?;
    let text = value["text"].as_str()?.trim();
    if text.is_empty() {
        return None;
    }
    let username = value["from"]["username"].as_str().unwrap_or_default();
    Some(IncomingPost {
        platform: "instagram".into(),
        via: "meta".into(),
        source_id: id.to_string(),
        author_handle: format!("@{username}"),
        author_name: None,
        text: text.to_string(),
        url: None,
        posted_at: entry["time"].as_i64().map(|s| s * 1000),
        payload: value.to_string(),
    })
}

/// Posts `text` as a reply to the post or comment `to` on `platform`; the new comment's id.
pub async fn reply(
    client: &reqwest::Client,
    config: &MetaConfig,
    token: &str,
    platform: &str,
    to: &str,
    text: &str,
) -> Result<Option<String>, String> {
    let edge = if platform == "instagram" {
        "replies"
    } else {
        "comments"
    };
    let url = format!("{}/{to}/{edge}", config.graph_base.trim_end_matches('/'));
    let response = client
        .post(url)
        .form(&[("message", text), ("access_token", token)])
        .send()
        .await
        .map_err(|e| format!("the Graph API could not be reached: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("the Graph API answered {status} to the reply"));
    }
    let answer: Value = response.json().await.unwrap_or_default();
    Ok(answer["id"].as_str().map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn page_posts_and_comments_are_read_and_likes_passed_over() {
        let delivery = json!({"object": "page", "entry": [{"id": "1122", "time": 1795166100,
        "changes": [
            {"field": "feed", "value": {"item": "status", "verb": "add", "post_id": "1122_3344",
                "message": "Streetlights off in ward 7 for a week", "created_time": 1795166100,
                "from": {"id": "77", "name": "Ramesh Kumar"}}},
            {"field": "feed", "value": {"item": "comment", "verb": "add", "post_id": "1122_3344",
                "comment_id": "3344_5566", "message": "Same in ward 8", "from": {"id": "78", "name": "Anita"}}},
            {"field": "feed", "value": {"item": "reaction", "verb": "add", "post_id": "1122_3344"}},
            {"field": "feed", "value": {"item": "comment", "verb": "remove", "comment_id": "3344_9"}}
        ]}]});
        let posts = read_delivery(&delivery);
        assert_eq!(posts.len(), 2);
        assert_eq!(posts[0].source_id, "1122_3344");
        assert_eq!(
            posts[0].url.as_deref(),
            Some("https://www.facebook.com/1122/posts/3344")
        );
        assert_eq!(posts[0].posted_at, Some(1_795_166_100_000));
        assert_eq!(posts[1].source_id, "3344_5566");
        assert_eq!(posts[1].author_handle, "Anita");
    }

    #[test]
    fn instagram_comments_are_read() {
        let delivery = json!({"object": "instagram", "entry": [{"id": "17841", "time": 1795166100,
            "changes": [{"field": "comments", "value": {"id": "17865", "text": "Drain overflowing near the bus stand",
                "from": {"id": "9", "username": "rewari_citizen"}, "media": {"id": "1790"}}}]}]});
        let posts = read_delivery(&delivery);
        assert_eq!(posts.len(), 1);
        assert_eq!(posts[0].platform, "instagram");
        assert_eq!(posts[0].author_handle, "@rewari_citizen");
    }
}
