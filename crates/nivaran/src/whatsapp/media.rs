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
        crate::install_tls_provider();
        Ok(Media {
            config: config.clone(),
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(
                    config.timeout_seconds.clamp(1, 120),
                ))
                .redirect(reqwest::redirect::Policy::limited(3))
                .no_proxy()
                .build()
                .map_err(|e| e.to_string())?,
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
