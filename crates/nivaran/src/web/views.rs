//! Formatting helpers templates call on the page context: labels of the domain's vocabularies,
//! dates, numbers, the `lang` of typed text, asset URLs.

use super::assets;
use super::ctx::Ctx;
use super::i18n;
use nivaran_domain::lifecycle::Status;
use nivaran_domain::types::{Channel, DisposalKind, Kind, Priority, Verification};

impl Ctx {
    pub fn css_url(&self) -> String {
        assets::css_url()
    }

    pub fn htmx_url(&self) -> String {
        assets::htmx_url()
    }

    /// A status as a heading or badge shows it (the domain's English labels are lower case,
    /// written to sit inside sentences).
    pub fn status(&self, code: &str) -> String {
        let label = Status::parse(code)
            .map(|s| self.pick(s.label_en(), s.label_hi()).to_string())
            .unwrap_or_else(|| code.to_string());
        let mut chars = label.chars();
        match chars.next() {
            Some(first) => first.to_uppercase().collect::<String>() + chars.as_str(),
            None => label,
        }
    }

    pub fn channel(&self, code: &str) -> String {
        Channel::parse(code)
            .map(|s| self.pick(s.label_en(), s.label_hi()).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    pub fn kind(&self, code: &str) -> String {
        Kind::parse(code)
            .map(|s| self.pick(s.label_en(), s.label_hi()).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    pub fn priority(&self, code: &str) -> String {
        Priority::parse(code)
            .map(|s| self.pick(s.label_en(), s.label_hi()).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    pub fn disposal(&self, code: &str) -> String {
        DisposalKind::parse(code)
            .map(|s| self.pick(s.label_en(), s.label_hi()).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    pub fn verification(&self, code: &str) -> String {
        Verification::parse(code)
            .map(|s| self.pick(s.label_en(), s.label_hi()).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    /// The name of a step of the lifecycle, as the timeline and the action buttons show it.
    pub fn action(&self, code: &str) -> String {
        self.t(&format!("action-{}", code.replace('_', "-")))
    }

    /// A step of the lifecycle as done (the timeline, the notice after a form).
    pub fn event(&self, code: &str) -> String {
        self.t(&format!("event-{}", code.replace('_', "-")))
    }

    /// `2026-11-27` → `27/11/2026`.
    pub fn date(&self, iso: &str) -> String {
        i18n::iso_date(iso)
    }

    /// An RFC 3339 time in IST, the Indian way.
    pub fn when(&self, rfc3339: &str) -> String {
        i18n::rfc3339(self.lang, rfc3339)
    }

    /// The date part of an RFC 3339 time, in IST.
    pub fn day_of(&self, rfc3339: &str) -> String {
        time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
            .map(|t| i18n::date(t.to_offset(nivaran_domain::clock::IST).date()))
            .unwrap_or_else(|_| rfc3339.to_string())
    }

    /// A time kept as milliseconds (the database's way), in IST.
    pub fn at(&self, millis: &i64) -> String {
        self.lang.datetime(nivaran_domain::Timestamp(*millis))
    }

    pub fn num(&self, n: &i64) -> String {
        i18n::indian_number(*n)
    }

    pub fn lang_of(&self, text: &str) -> &'static str {
        i18n::lang_of(text)
    }

    /// `text` made safe for a query string.
    pub fn enc(&self, text: &str) -> String {
        super::forms::url_encode(text)
    }

    /// A size in bytes for people: 12 KB, 1.4 MB.
    pub fn size(&self, bytes: &i64) -> String {
        let b = *bytes as f64;
        if b < 1024.0 * 1024.0 {
            format!("{} KB", (b / 1024.0).ceil() as i64)
        } else {
            format!("{:.1} MB", b / 1024.0 / 1024.0)
        }
    }
}
