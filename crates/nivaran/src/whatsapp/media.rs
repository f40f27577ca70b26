//! Fetching a photo or document a citizen sent: the Graph API gives its URL by its id
//! (`GET /{media-id}`), and the file is fetched from there with the same token.

use crate::notify::platforms::WhatsAppConfig;
use serde_json::Value;

/// The Cloud API's settings and the client media and messages go with.
pub struct Media {
    pub config: WhatsAppConfig,
    pub client: reqwest::Client,
}

/// A file a citizen's attachment may be at most (the store checks its kind).
const MOST_BYTES: usize = 10 * 1024 * 1024;

impl Media {
    pub fn new(config: &WhatsAppConfig) -> Result<Media, String> {
        Ok(Media {
            config: config.clone(),
            // A media URL may send the download on to where the file is kept.
            client: crate::notify::platform_client(config.timeout_seconds, 3)?,
        })
    }

    pub fn graph(&self, path: &str) -> String {
        format!("{}/{path}", self.config.graph_base.trim_end_matches('/'))
    }

    /// The bytes of media `id`.
    pub async fn fetch(&self, id: &str) -> Result<Vec<u8>, String> {
        let token = &self.config.access_token;
        let about: Value = self
            .client
            .get(self.graph(id))
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| format!("the Graph API could not be reached: {e}"))?
            .error_for_status()
            .map_err(|e| format!("the Graph API refused the media: {e}"))?
            .json()
            .await
            .map_err(|e| format!("the media's description is not JSON: {e}"))?;
        let url = about["url"].as_str().ok_or("the media has no url")?;
        let bytes = self
            .client
            .get(url)
            .bearer_auth(token)
            .send()
            .await
            .map_err(|e| format!("the media could not be fetched: {e}"))?
            .error_for_status()
            .map_err(|e| format!("the media could not be fetched: {e}"))?
            .bytes()
            .await
            .map_err(|e| format!("the media could not be read: {e}"))?;
        if bytes.len() > MOST_BYTES {
            return Err("the file is larger than 10 MB".into());
        }
        Ok(bytes.to_vec())
    }
}
