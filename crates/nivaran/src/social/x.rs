//! X (Twitter) API v2: the mentions of the state's account, pulled from
//! `GET /2/users/{id}/mentions` after the newest one already taken (`since_id`, kept in the
//! database), with the authors expanded; replies posted with `POST /2/tweets` as a reply to the
//! mention.

use super::{IncomingPost, XConfig};
use serde_json::Value;

/// Pages of mentions one pull reads at most (100 each).
const MOST_PAGES: usize = 10;

/// The mentions after `since_id` (all the API gives, the first time), oldest first, and the
/// newest id seen (the next pull's `since_id`).
pub async fn pull_mentions(
    client: &reqwest::Client,
    config: &XConfig,
    since_id: Option<&str>,
) -> Result<(Vec<IncomingPost>, Option<String>), String> {
    let url = format!("{}/2/users/{}/mentions", config.base(), config.user_id);
    let mut posts = Vec::new();
    let mut newest: Option<String> = None;
    let mut page_token: Option<String> = None;
    for _ in 0..MOST_PAGES {
        let mut query: Vec<(&str, String)> = vec![
            ("max_results", "100".into()),
            (
                "tweet.fields",
                "created_at,author_id,conversation_id".into(),
            ),
            ("expansions", "author_id".into()),
            ("user.fields", "username,name".into()),
        ];
        if let Some(since) = since_id {
            query.push(("since_id", since.to_string()));
        }
        if let Some(token) = &page_token {
            query.push(("pagination_token", token.clone()));
        }
        let response = client
            .get(&url)
            .bearer_auth(&config.bearer_token)
            .query(&query)
            .send()
            .await
            .map_err(|e| format!("X could not be reached: {e}"))?;
        let status = response.status();
        if !status.is_success() {
            return Err(format!("X answered {status} to the mentions"));
        }
        let page: Value = response
            .json()
            .await
            .map_err(|e| format!("X's mentions are not JSON: {e}"))?;
        if newest.is_none() {
            newest = page["meta"]["newest_id"].as_str().map(str::to_string);
        }
        posts.extend(read_page(&page));
        match page["meta"]["next_token"].as_str() {
            Some(next) => page_token = Some(next.to_string()),
            None => break,
        }
    }
    posts.reverse();
    Ok((posts, newest))
}

/// The store's name for where the mentions got to.
const CURSOR: &str = "x_since_id";

/// One pull into the desk's queue: the mentions after the stored position; how many were new.
/// The position moves only once they are stored, so a failed pull loses nothing.
pub async fn pull_into(store: &crate::store::Store, config: &XConfig) -> Result<usize, String> {
    let client = super::client(config.timeout_seconds)?;
    let since = store
        .social_cursor(CURSOR)
        .await
        .map_err(|e| e.to_string())?;
    let (posts, newest) = pull_mentions(&client, config, since.as_deref()).await?;
    let new = store
        .receive_posts(&posts)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(newest) = newest {
        store
            .set_social_cursor(CURSOR, &newest)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(new)
}

/// One page of `GET /2/users/{id}/mentions`: each tweet with its author from `includes.users`.
pub fn read_page(page: &Value) -> Vec<IncomingPost> {
    let users = page["includes"]["users"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let author = |id: &str| users.iter().find(|u| u["id"].as_str() == Some(id));
    page["data"]
        .as_array()
        .map(|tweets| {
            tweets
                .iter()
                .filter_map(|tweet| {
                    let id = tweet["id"].as_str()?;
                    let text = tweet["text"].as_str()?.trim();
                    let user = tweet["author_id"].as_str().and_then(author);
                    let username = user
                        .and_then(|u| u["username"].as_str())
                        .unwrap_or_default();
                    Some(IncomingPost {
                        platform: "x".into(),
                        via: "x".into(),
                        source_id: id.to_string(),
                        author_handle: format!("@{username}"),
                        author_name: user.and_then(|u| u["name"].as_str()).map(str::to_string),
                        text: text.to_string(),
                        url: (!username.is_empty())
                            .then(|| format!("https://x.com/{username}/status/{id}")),
                        posted_at: tweet["created_at"].as_str().and_then(super::millis_of),
                        payload: tweet.to_string(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Posts `text` as a reply to the tweet `in_reply_to`; the new tweet's id.
pub async fn reply(
    client: &reqwest::Client,
    config: &XConfig,
    token: &str,
    in_reply_to: &str,
    text: &str,
) -> Result<Option<String>, String> {
    let response = client
        .post(format!("{}/2/tweets", config.base()))
        .bearer_auth(token)
        .json(&serde_json::json!({
            "text": text,
            "reply": {"in_reply_to_tweet_id": in_reply_to},
        }))
        .send()
        .await
        .map_err(|e| format!("X could not be reached: {e}"))?;
    let status = response.status();
    if !status.is_success() {
        return Err(format!("X answered {status} to the reply"));
    }
    let answer: Value = response.json().await.unwrap_or_default();
    Ok(answer["data"]["id"].as_str().map(str::to_string))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_of_mentions_is_read_with_its_authors() {
        let page = json!({
            "data": [{"id": "1790001", "text": "@CMOHaryana no water in Gokalgarh for ten days",
                      "author_id": "42", "created_at": "2026-11-20T09:15:00.000Z"},
                     {"id": "1790002", "author_id": "43"}],
            "includes": {"users": [{"id": "42", "username": "sunita_rwr", "name": "Sunita"}]},
            "meta": {"newest_id": "1790002", "result_count": 2}
        });
        let posts = read_page(&page);
        assert_eq!(posts.len(), 1, "a tweet without text is not a post");
        assert_eq!(posts[0].author_handle, "@sunita_rwr");
        assert_eq!(
            posts[0].url.as_deref(),
            Some("https://x.com/sunita_rwr/status/1790001")
        );
        assert_eq!(posts[0].posted_at, Some(1_795_166_100_000));
    }
}
