//! The two languages of the screens. Every sentence lives in `locales/{en,hi}/*.ftl` (Fluent:
//! `main.ftl` for the pages, `errors*.ftl` for what an error tells the person);
//! this module looks them up and formats what Fluent does not: dates in IST in the Indian order
//! and numbers with Indian digit grouping (1,00,000).

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use nivaran_domain::Timestamp;
use nivaran_domain::clock::IST;
use nivaran_domain::message::{Message, MessageArg};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Bidi isolation marks around arguments show up as stray characters in form values.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static HI: LanguageIdentifier = langid!("hi");
static EN: LanguageIdentifier = langid!("en");

/// The language of the screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Hi,
    En,
}

impl Lang {
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "hi" => Some(Lang::Hi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Hi => "hi",
            Lang::En => "en",
        }
    }

    /// The other language, offered by the switch on every page.
    pub fn other(self) -> Lang {
        match self {
            Lang::Hi => Lang::En,
            Lang::En => Lang::Hi,
        }
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Hi => &HI,
            Lang::En => &EN,
        }
    }

    /// The message `key`. A missing key shows as the key itself (a test keeps that from
    /// happening), never as a panic.
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with named arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        // Plain numbers go to Fluent as numbers, so it can choose plural forms.
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                let value = match v.parse::<i64>() {
                    Ok(n) if *k == "n" => FluentValue::from(n),
                    _ => FluentValue::from(v.clone()),
                };
                (Cow::Borrowed(*k), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &args)
            .unwrap_or_else(|| key.to_string())
    }

    /// A [`Message`] (an error's explanation, made where the error was found) in this
    /// language. A field argument is said by its name on screen (`field-<name>`), where the
    /// files have one.
    pub fn say(self, message: &Message) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = message
            .args()
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    MessageArg::Text(text) => FluentValue::from(text.clone()),
                    MessageArg::Number(n) => FluentValue::from(*n),
                    MessageArg::Label { en, hi } => {
                        FluentValue::from(self.pick(en, hi).to_string())
                    }
                    MessageArg::Field(field) => FluentValue::from(self.field_name(field)),
                    MessageArg::Nested(inner) => FluentValue::from(self.say(inner)),
                };
                (Cow::Borrowed(*name), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), message.id(), &args)
            .unwrap_or_else(|| message.to_string())
    }

    /// A form or API field's name on screen (`field-<name>` in the files), or the name itself.
    pub fn field_name(self, field: &str) -> String {
        LOCALES
            .try_lookup(self.id(), &format!("field-{field}"))
            .unwrap_or_else(|| field.to_string())
    }

    /// One of a pair of texts kept in code or data (domain labels, master-data names).
    pub fn pick<'a>(self, en: &'a str, hi: &'a str) -> &'a str {
        match self {
            Lang::Hi => hi,
            Lang::En => en,
        }
    }

    /// A date and time in IST: `23/11/2026, 10:05 am` (Hindi: `23/11/2026, 10:05 पूर्वाह्न`).
    pub fn datetime(self, at: Timestamp) -> String {
        let local = at.to_datetime().to_offset(IST);
        let (hour, pm) = match local.hour() {
            0 => (12, false),
            h @ 1..=11 => (h, false),
            12 => (12, true),
            h => (h - 12, true),
        };
        let meridiem = match (self, pm) {
            (Lang::En, false) => "am",
            (Lang::En, true) => "pm",
            (Lang::Hi, false) => "पूर्वाह्न",
            (Lang::Hi, true) => "अपराह्न",
        };
        format!(
            "{}, {}:{:02} {}",
            date(local.date()),
            hour,
            local.minute(),
            meridiem
        )
    }
}

/// A date the Indian way: `23/11/2026`.
pub fn date(d: time::Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

/// A date given as `YYYY-MM-DD` (as the API writes them), shown the Indian way; anything else
/// is shown as it is.
pub fn iso_date(text: &str) -> String {
    time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
        .map(date)
        .unwrap_or_else(|_| text.to_string())
}

/// An RFC 3339 time (as the API writes them) in IST, the Indian way.
pub fn rfc3339(lang: Lang, text: &str) -> String {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339)
        .map(|t| lang.datetime(Timestamp::from_datetime(t)))
        .unwrap_or_else(|_| text.to_string())
}

/// A whole number with Indian digit grouping: the last three digits, then pairs (12,34,567).
pub fn indian_number(n: i64) -> String {
    nivaran_reports::indian_number(n)
}

/// `hi` when the text is mostly Devanagari, else `en`: for the `lang` attribute of text people
/// typed, so screen readers and fonts treat Hindi as Hindi on English pages and vice versa.
pub fn lang_of(text: &str) -> &'static str {
    let mut devanagari = 0usize;
    let mut latin = 0usize;
    for c in text.chars() {
        if ('\u{0900}'..='\u{097F}').contains(&c) {
            devanagari += 1;
        } else if c.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if devanagari >= latin && devanagari > 0 {
        "hi"
    } else {
        "en"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn indian_grouping() {
        for (n, s) in [
            (0, "0"),
            (999, "999"),
            (1000, "1,000"),
            (12345, "12,345"),
            (100000, "1,00,000"),
            (1234567, "12,34,567"),
            (10000000, "1,00,00,000"),
            (-4222, "-4,222"),
        ] {
            assert_eq!(indian_number(n), s);
        }
    }

    #[test]
    fn dates_in_ist_the_indian_way() {
        // 23:30 UTC on the 22nd is 05:00 on the 23rd in India.
        let t = Timestamp::from_datetime(datetime!(2026-11-22 23:30 UTC));
        assert_eq!(Lang::En.datetime(t), "23/11/2026, 5:00 am");
        assert_eq!(Lang::Hi.datetime(t), "23/11/2026, 5:00 पूर्वाह्न");
        let noon = Timestamp::from_datetime(datetime!(2026-11-23 12:15 +05:30));
        assert_eq!(Lang::En.datetime(noon), "23/11/2026, 12:15 pm");
        assert_eq!(date(date!(2026 - 01 - 05)), "05/01/2026");
        assert_eq!(iso_date("2026-11-27"), "27/11/2026");
    }

    #[test]
    fn counts_take_the_plural_form_and_indian_grouping() {
        let one = [("n", "1".to_string()), ("count", "1".to_string())];
        let many = [
            ("n", "100000".to_string()),
            ("count", indian_number(100000)),
        ];
        assert_eq!(Lang::En.t_args("inbox-total", &one), "1 grievance");
        assert_eq!(Lang::En.t_args("inbox-total", &many), "1,00,000 grievances");
        assert_eq!(Lang::Hi.t_args("inbox-total", &one), "1 शिकायत");
        assert_eq!(Lang::Hi.t_args("inbox-total", &many), "1,00,000 शिकायतें");
    }

    #[test]
    fn hindi_text_is_marked_hindi() {
        assert_eq!(lang_of("पेयजल आपूर्ति बंद"), "hi");
        assert_eq!(lang_of("No water supply"), "en");
        assert_eq!(lang_of("PHED में शिकायत"), "hi");
    }

    /// Keys of a Fluent file, in order.
    fn keys(ftl: &str) -> Vec<String> {
        ftl.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' '))
            .filter_map(|l| l.split_once(" = ").map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    /// The message keys the templates and the web code ask for by name.
    fn keys_used() -> Vec<String> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("templates"), root.join("src/web")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else {
                    files.push(std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let mut used = Vec::new();
        for text in files {
            for opener in [
                ".t(\"",
                ".t1(\"",
                ".t2(\"",
                ".tn(\"",
                ".t_args(\"",
                ".action(\"",
            ] {
                for (at, _) in text.match_indices(opener) {
                    let rest = &text[at + opener.len()..];
                    let key: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    if rest[key.len()..].starts_with('"') && !key.is_empty() {
                        used.push(if opener == ".action(\"" {
                            format!("action-{}", key.replace('_', "-"))
                        } else {
                            key
                        });
                    }
                }
            }
        }
        used.sort();
        used.dedup();
        used
    }

    #[test]
    fn both_languages_have_every_message_the_screens_use() {
        let en = keys(include_str!("../../locales/en/main.ftl"));
        let hi = keys(include_str!("../../locales/hi/main.ftl"));
        let mut sorted_en = en.clone();
        sorted_en.sort();
        let mut sorted_hi = hi.clone();
        sorted_hi.sort();
        assert_eq!(sorted_en, sorted_hi, "en and hi must have the same keys");
        let all_en: Vec<String> = files_of("en").iter().flat_map(|(_, t)| keys(t)).collect();
        let missing: Vec<_> = keys_used()
            .into_iter()
            .filter(|k| k != "no-such-key" && !all_en.contains(k))
            .collect();
        assert!(
            missing.is_empty(),
            "messages used but not written: {missing:?}"
        );
        // Every step of the lifecycle has a name on screen.
        for code in nivaran_domain::lifecycle::Action::CODES.iter().chain(&[
            "register",
            "add_attachment",
            "upload",
        ]) {
            for prefix in ["action", "event"] {
                let key = format!("{prefix}-{}", code.replace('_', "-"));
                assert!(en.contains(&key), "{key}");
                assert_ne!(Lang::Hi.t(&key), key);
            }
        }
        // Every figure and every list behind one has a name (a heading, a page title).
        let figures = nivaran_domain::metrics::Figure::ALL.map(|f| f.message_key());
        let metrics = nivaran_domain::metrics::Metric::ALL.map(|m| m.message_key());
        for key in figures.iter().chain(&metrics) {
            assert!(en.contains(&key.to_string()), "{key}");
            assert_ne!(Lang::Hi.t(key), *key);
        }
    }

    /// The message files of one language: (file name, its text).
    fn files_of(lang: &str) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("locales")
            .join(lang);
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
            .map(|p| {
                let name = p.file_name().unwrap().to_string_lossy().into_owned();
                (name, std::fs::read_to_string(&p).unwrap())
            })
            .collect();
        files.sort();
        files
    }

    /// The ids of every `msg!("…")` and `Message::new("…")` in the sources of the service and
    /// its domain.
    fn message_ids_in_sources() -> Vec<String> {
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap();
        let mut dirs = vec![
            crates.join("nivaran/src"),
            crates.join("nivaran-domain/src"),
        ];
        let mut ids = Vec::new();
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") || path.ends_with("message.rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                for opener in ["msg!(\"", "msg!(\n", "Message::new(\""] {
                    for (at, _) in text.match_indices(opener) {
                        let rest = text[at + opener.len()..]
                            .trim_start()
                            .trim_start_matches('"');
                        let id: String = rest
                            .chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                            .collect();
                        if !id.is_empty() && rest[id.len()..].starts_with('"') {
                            ids.push(id);
                        }
                    }
                }
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }

    /// One localisation system: every error code's general message, and every message the
    /// code makes, is written in both languages; every error message written is used; the two
    /// languages have the same files with the same ids.
    #[test]
    fn every_error_message_is_written_in_both_languages_and_used() {
        let en = files_of("en");
        let hi = files_of("hi");
        let names =
            |files: &[(String, String)]| files.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
        assert_eq!(names(&en), names(&hi), "the same files in both languages");
        let mut error_keys = Vec::new();
        let mut page_keys = Vec::new();
        for ((name, en_text), (_, hi_text)) in en.iter().zip(&hi) {
            let (mut e, mut h) = (keys(en_text), keys(hi_text));
            e.sort();
            h.sort();
            assert_eq!(e, h, "{name}: en and hi must have the same ids");
            if name.starts_with("errors") {
                error_keys.extend(e);
            } else {
                page_keys.extend(e);
            }
        }
        let mut seen = std::collections::HashSet::new();
        for key in error_keys.iter().chain(&page_keys) {
            assert!(seen.insert(key), "{key} is written twice");
        }
        let used = message_ids_in_sources();
        let mut wrong = Vec::new();
        for code in nivaran_domain::ErrorCode::ALL {
            let id = code.message_id();
            if !error_keys.iter().any(|k| k == id) {
                wrong.push(format!("{id}: the code's general message is not written"));
            }
            for lang in [Lang::En, Lang::Hi] {
                let said = lang.say(&(*code).into());
                if said.is_empty() || said.contains('{') || said == id {
                    wrong.push(format!("{id} in {}: {said:?}", lang.code()));
                }
            }
        }
        for id in &used {
            if !error_keys.contains(id) {
                wrong.push(format!("{id}: used but not written"));
            }
        }
        for key in &error_keys {
            let general = key.starts_with("error-") || key.starts_with("field-");
            if !general && !used.contains(key) {
                wrong.push(format!("{key}: written but never used"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn messages_are_said_with_their_arguments_and_field_names() {
        use nivaran_domain::msg;
        let m = msg!("text-too-long", max = 200usize, len = 201usize).field("field", "subject");
        assert_eq!(
            Lang::En.say(&m),
            "Subject must be at most 200 characters long (it has 201)"
        );
        assert_eq!(
            Lang::Hi.say(&m),
            "विषय अधिकतम 200 अक्षर का हो सकता है (इसमें 201 हैं)"
        );
        // A field the files have no name for is said as it is.
        let m = msg!("field-required").field("field", "zz_unnamed");
        assert_eq!(Lang::En.say(&m), "zz_unnamed is required");
        // A message inside another is said in the same language.
        let outer = msg!("api-import-row", file = "offices.csv", line = 7u64)
            .nested("detail", msg!("field-required").field("field", "mobile"));
        assert_eq!(
            Lang::Hi.say(&outer),
            "offices.csv पंक्ति 7: मोबाइल नंबर आवश्यक है"
        );
    }

    #[test]
    fn messages_come_from_the_files_in_both_languages() {
        assert_eq!(Lang::En.t("site-name"), "Nivaran");
        assert_eq!(Lang::Hi.t("site-name"), "निवारण");
        assert_eq!(Lang::En.t("no-such-key"), "no-such-key");
    }
}
