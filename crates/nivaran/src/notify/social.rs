//! What the state's account says back to a social-media post, in the language the citizen wrote in: short
//! enough for X (280 characters), with the registration number wherever there is one.

use nivaran_domain::types::Language;

/// What is said of a reply no platform's API is configured to send: the desk posts it.
pub const BY_HAND: &str = "replies to this platform are not configured: post it by hand";

/// The replies the desk and the case's steps send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReplyKind {
    /// Filed from the post: its number and the date the office must act by.
    Acknowledged,
    /// Linked to a case already open: its number.
    Linked,
    /// The post cannot be filed without a way to reach the citizen.
    AskMobile,
    /// The case was disposed of: how.
    Disposed,
}

impl ReplyKind {
    /// The outbox's template key, and the key that makes a reply unique with its post.
    pub fn code(self) -> &'static str {
        match self {
            ReplyKind::Acknowledged => "social_acknowledged",
            ReplyKind::Linked => "social_linked",
            ReplyKind::AskMobile => "social_ask_mobile",
            ReplyKind::Disposed => "social_disposed",
        }
    }
}

/// The reply's text. `number` is the registration number (none for `AskMobile`); `detail` is the
/// due date for an acknowledgement and the disposal's kind for a disposal.
pub fn reply_text(kind: ReplyKind, language: Language, number: &str, detail: &str) -> String {
    let text = match (kind, language) {
        (ReplyKind::Acknowledged, Language::En) => format!(
            "Your grievance is registered as {number}. The office concerned must act by {detail}. Track it with this number at the portal or on 181."
        ),
        (ReplyKind::Acknowledged, Language::Hi) => format!(
            "आपकी शिकायत {number} के रूप में दर्ज है। संबंधित कार्यालय को {detail} तक कार्रवाई करनी है। इस संख्या से पोर्टल या 181 पर स्थिति जानें।"
        ),
        (ReplyKind::Linked, Language::En) => format!(
            "Thank you. This is being handled as grievance {number}. Track it with this number at the portal or on 181."
        ),
        (ReplyKind::Linked, Language::Hi) => format!(
            "धन्यवाद। इस पर शिकायत {number} के रूप में कार्रवाई हो रही है। इस संख्या से पोर्टल या 181 पर स्थिति जानें।"
        ),
        (ReplyKind::AskMobile, Language::En) => "To register your grievance, please send us your mobile number and village or ward by direct message, or call the CM Helpline 181.".to_string(),
        (ReplyKind::AskMobile, Language::Hi) => "आपकी शिकायत दर्ज करने के लिए कृपया अपना मोबाइल नंबर और गांव या वार्ड सीधे संदेश में भेजें, या मुख्यमंत्री हेल्पलाइन 181 पर कॉल करें।".to_string(),
        (ReplyKind::Disposed, Language::En) => format!(
            "Grievance {number} has been disposed of: {detail}. Not satisfied? Reply here or call 181 to have it reopened."
        ),
        (ReplyKind::Disposed, Language::Hi) => format!(
            "शिकायत {number} का निस्तारण हो गया है: {detail}। संतुष्ट नहीं? यहां उत्तर दें या 181 पर कॉल करें।"
        ),
    };
    text.chars().take(280).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reply_fits_a_tweet_in_both_languages() {
        for kind in [
            ReplyKind::Acknowledged,
            ReplyKind::Linked,
            ReplyKind::AskMobile,
            ReplyKind::Disposed,
        ] {
            for language in [Language::En, Language::Hi] {
                let text = reply_text(kind, language, "0626-0000007-0", "Relief given");
                assert!(text.chars().count() <= 280 - 20, "{text}");
            }
        }
        assert!(
            reply_text(
                ReplyKind::Acknowledged,
                Language::Hi,
                "0626-0000007-0",
                "2026-12-01"
            )
            .contains("0626-0000007-0")
        );
    }
}
