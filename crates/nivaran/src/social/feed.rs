//! The generic feed: any other aggregator (a state's social-listening tool, YouTube or Koo
//! comments gathered elsewhere) POSTs posts as JSON to `/api/v1/social/feed`, signed like Meta's
//! webhooks (`X-Hub-Signature-256` with the feed's secret). Replies to its platforms go back to
//! its `reply_url`, signed the same way. The format is in docs/CHANNELS.md.

use super::IncomingPost;
use serde::Deserialize;

/// One delivery: `{"posts": [...]}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedDelivery {
    pub posts: Vec<FeedPost>,
}

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeedPost {
    /// Lower-case letters, digits and `_`: `youtube`, `koo`, … (`x`, `facebook` and
    /// `instagram` too, for an aggregator that gathers those).
    pub platform: String,
    /// The platform's id of the post.
    pub id: String,
    pub author: FeedAuthor,
    pub text: String,
    #[serde(default)]
    pub url: Option<String>,
    /// RFC 3339.
    #[serde(default)]
    pub posted_at: Option<String>,
}

#[derive(Debug, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct FeedAuthor {
    pub handle: String,
    #[serde(default)]
    pub name: Option<String>,
}

/// The posts of a delivery, or what is wrong with the first that is not one (nothing of a
/// delivery with a bad post is taken).
pub fn read_delivery(body: &[u8]) -> Result<Vec<IncomingPost>, String> {
    let delivery: FeedDelivery = serde_json::from_slice(body).map_err(|e| e.to_string())?;
    if delivery.posts.len() > 500 {
        return Err("at most 500 posts a delivery".into());
    }
    delivery
        .posts
        .into_iter()
        .enumerate()
        .map(|(i, post)| {
            let at = |what: &str| format!("posts[{i}]: {what}");
            if !super::valid_platform(&post.platform) {
                return Err(at(
                    "platform is lower-case letters, digits and _ (at most 20)",
                ));
            }
            if post.id.trim().is_empty() || post.id.len() > 100 {
                return Err(at("id is 1 to 100 characters"));
            }
            if post.text.trim().is_empty() || post.text.chars().count() > 4000 {
                return Err(at("text is 1 to 4,000 characters"));
            }
            if post.author.handle.trim().is_empty() || post.author.handle.len() > 100 {
                return Err(at("author.handle is 1 to 100 characters"));
            }
            if let Some(url) = &post.url
                && !(url.starts_with("https://") || url.starts_with("http://"))
            {
                return Err(at("url is an http or https address"));
            }
            let posted_at = match &post.posted_at {
                Some(text) => Some(
                    super::millis_of(text).ok_or_else(|| at("posted_at is an RFC 3339 time"))?,
                ),
                None => None,
            };
            Ok(IncomingPost {
                payload: serde_json::to_string(&post).unwrap_or_default(),
                platform: post.platform,
                via: "feed".into(),
                source_id: post.id.trim().to_string(),
                author_handle: post.author.handle.trim().to_string(),
                author_name: post.author.name,
                text: post.text.trim().to_string(),
                url: post.url,
                posted_at,
            })
        })
        .collect()
}
