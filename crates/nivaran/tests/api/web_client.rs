//! A browser without JavaScript, for testing the pages over plain HTTP: it keeps cookies, does
//! not follow redirects (tests look at them), and sends back the CSRF token of the last page.

use crate::helpers::{PASSWORD, TestApp};
use reqwest::StatusCode;
use reqwest::header::{COOKIE, LOCATION, SET_COOKIE};
use std::collections::BTreeMap;

pub struct Page {
    pub status: StatusCode,
    pub location: Option<String>,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Page {
    /// The text between the first `start` and the next `end` after it.
    pub fn between(&self, start: &str, end: &str) -> Option<String> {
        let from = self.body.find(start)? + start.len();
        let to = self.body[from..].find(end)? + from;
        Some(self.body[from..to].to_string())
    }
}

pub struct WebClient {
    pub base: String,
    client: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
    csrf: String,
    pub accept_language: String,
}

impl WebClient {
    pub fn new(app: &TestApp) -> WebClient {
        WebClient {
            base: app.address.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
            csrf: String::new(),
            accept_language: "en-IN,en;q=0.9".into(),
        }
    }

    /// The same browser seen from another address (through the trusted proxy's
    /// `X-Forwarded-For`), for limits counted per client address.
    pub fn seen_from(mut self, ip: &str) -> WebClient {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", ip.parse().unwrap());
        self.client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .build()
            .unwrap();
        self
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn read(&mut self, response: reqwest::Response) -> Page {
        for value in response.headers().get_all(SET_COOKIE) {
            let text = value.to_str().unwrap();
            let pair = text.split(';').next().unwrap();
            let (k, v) = pair.split_once('=').unwrap();
            if v.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(k);
            } else {
                self.cookies.insert(k.to_string(), v.to_string());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let location = headers
            .get(LOCATION)
            .map(|v| v.to_str().unwrap().to_string());
        let body = response.text().await.unwrap();
        if let Some(at) = body.find("name=\"csrf\" value=\"") {
            let rest = &body[at + 19..];
            self.csrf = rest[..rest.find('"').unwrap()].to_string();
        }
        Page {
            status,
            location,
            body,
            headers,
        }
    }

    pub async fn get(&mut self, path: &str) -> Page {
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header("accept-language", &self.accept_language)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Follows redirects from `page` (GETs), as a browser would after a form.
    pub async fn follow(&mut self, mut page: Page) -> Page {
        for _ in 0..5 {
            match (&page.location, page.status.is_redirection()) {
                (Some(to), true) => {
                    let to = to.clone();
                    page = self.get(&to).await;
                }
                _ => break,
            }
        }
        page
    }

    pub fn csrf(&self) -> &str {
        &self.csrf
    }

    /// Posts a URL-encoded form with the CSRF token of the last page.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let mut fields: Vec<(&str, &str)> = fields.to_vec();
        let csrf = self.csrf.clone();
        fields.push(("csrf", &csrf));
        self.post_raw(path, &fields).await
    }

    /// Posts exactly these fields (no token added).
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        let response = self
            .client
            .post(format!("{}{path}", self.base))
            .header(COOKIE, self.cookie_header())
            .header("accept-language", &self.accept_language)
            .form(fields)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Posts a multipart form (the token goes in the query, as the pages send it).
    pub async fn post_multipart(&mut self, path: &str, form: reqwest::multipart::Form) -> Page {
        let separator = if path.contains('?') { '&' } else { '?' };
        let response = self
            .client
            .post(format!("{}{path}{separator}csrf={}", self.base, self.csrf))
            .header(COOKIE, self.cookie_header())
            .header("accept-language", &self.accept_language)
            .multipart(form)
            .send()
            .await
            .unwrap();
        self.read(response).await
    }

    /// Signs in through the login form.
    pub async fn login(&mut self, username: &str) -> Page {
        self.get("/login").await;
        let page = self
            .post(
                "/login",
                &[("username", username), ("password", PASSWORD), ("next", "")],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "login {username}: {}",
            page.body
        );
        page
    }
}
