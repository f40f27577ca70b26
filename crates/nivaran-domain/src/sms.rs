//! SMS under India's DLT rules: every message text must match a template registered with the
//! operator (its template id and the sender header go with each message), variables are written
//! `{#var#}` and may carry at most 30 characters each; and messages are billed per segment, which
//! depends on whether the text fits GSM-7 or needs UCS-2 (any Devanagari does).

/// The placeholder DLT uses for a variable.
pub const VAR: &str = "{#var#}";
/// DLT allows at most this many characters in one variable.
pub const MAX_VAR_CHARS: usize = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gsm7,
    Ucs2,
}

impl Encoding {
    pub fn code(self) -> &'static str {
        match self {
            Encoding::Gsm7 => "gsm7",
            Encoding::Ucs2 => "ucs2",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DltError {
    #[error("the template has {expected} variables but {given} values were given")]
    VariableCount { expected: usize, given: usize },
    #[error("variable {index} is {chars} characters long; DLT allows {MAX_VAR_CHARS}")]
    VariableTooLong { index: usize, chars: usize },
    #[error("the message text does not match its registered template")]
    Mismatch,
}

/// Fills the template's variables in order. Values are cleaned of line breaks and cut to the DLT
/// limit is *not* done silently: a too-long value is an error the caller must handle.
pub fn render(template: &str, values: &[&str]) -> Result<String, DltError> {
    let pieces: Vec<&str> = template.split(VAR).collect();
    let expected = pieces.len() - 1;
    if values.len() != expected {
        return Err(DltError::VariableCount {
            expected,
            given: values.len(),
        });
    }
    let mut out = String::with_capacity(template.len() + 64);
    for (i, piece) in pieces.iter().enumerate() {
        out.push_str(piece);
        if let Some(value) = values.get(i) {
            let value: String = value
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            let chars = value.chars().count();
            if chars > MAX_VAR_CHARS {
                return Err(DltError::VariableTooLong {
                    index: i + 1,
                    chars,
                });
            }
            out.push_str(&value);
        }
    }
    Ok(out)
}

/// Cuts a value to what one DLT variable may carry, at a word boundary: "कनिष्ठ अभियंता, जन
/// स्वास्थ्य अभियांत्रिकी, रेवाड़ी" becomes its first whole words, never a word cut in two (a
/// Devanagari letter cut from its vowel sign reads as another word). A first word longer than a
/// variable is cut between letters (graphemes), never inside one.
pub fn fit_variable(value: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    let clean: String = value.chars().filter(|c| !c.is_control()).collect();
    if clean.chars().count() <= MAX_VAR_CHARS {
        return clean;
    }
    // The longest run of whole words that fits, without the comma or dash that ended it.
    let words = clean
        .split_word_bound_indices()
        .filter(|(_, w)| w.chars().all(char::is_whitespace))
        .map(|(at, _)| {
            clean[..at].trim_end_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | ';' | ':' | '-' | '–' | '—' | '/' | '(')
            })
        })
        .rfind(|prefix| !prefix.is_empty() && prefix.chars().count() <= MAX_VAR_CHARS);
    if let Some(words) = words {
        return words.to_string();
    }
    let mut out = String::new();
    for letter in clean.graphemes(true) {
        if out.chars().count() + letter.chars().count() > MAX_VAR_CHARS {
            break;
        }
        out.push_str(letter);
    }
    out
}

/// Does `text` match `template` the way the operator's scrubber checks it: the fixed parts
/// exactly, each variable 0–30 characters?
pub fn matches_template(template: &str, text: &str) -> bool {
    let pieces: Vec<Vec<char>> = template.split(VAR).map(|p| p.chars().collect()).collect();
    let text: Vec<char> = text.chars().collect();
    fn go(pieces: &[Vec<char>], text: &[char], first: bool) -> bool {
        let Some((head, rest)) = pieces.split_first() else {
            return text.is_empty();
        };
        if first {
            return text.starts_with(head) && go(rest, &text[head.len()..], false);
        }
        // A variable (0..=30 chars) then this literal piece.
        for var_len in 0..=MAX_VAR_CHARS.min(text.len()) {
            let after = &text[var_len..];
            if after.starts_with(head) && go(rest, &after[head.len()..], false) {
                return true;
            }
        }
        false
    }
    go(&pieces, &text, true)
}

/// GSM 03.38 basic character set.
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// Characters of the extension table, which take two septets.
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{000C}";

/// The encoding a text needs and how many SMS segments it takes.
pub fn segments(text: &str) -> (Encoding, u32) {
    let mut septets = 0u32;
    let mut gsm = true;
    for c in text.chars() {
        if GSM_BASIC.contains(c) {
            septets += 1;
        } else if GSM_EXTENDED.contains(c) {
            septets += 2;
        } else {
            gsm = false;
            break;
        }
    }
    if gsm {
        let count = if septets <= 160 {
            1
        } else {
            septets.div_ceil(153)
        };
        return (Encoding::Gsm7, count.max(1));
    }
    let units = text.encode_utf16().count() as u32;
    let count = if units <= 70 { 1 } else { units.div_ceil(67) };
    (Encoding::Ucs2, count.max(1))
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_values_are_cut_between_words_never_inside_one() {
        let office = "कनिष्ठ अभियंता, जन स्वास्थ्य अभियांत्रिकी, रेवाड़ी";
        let fitted = fit_variable(office);
        assert_eq!(fitted, "कनिष्ठ अभियंता, जन स्वास्थ्य");
        assert!(fitted.chars().count() <= MAX_VAR_CHARS);
        let english = "Executive Engineer, Public Health Engineering Division Rewari";
        assert_eq!(fit_variable(english), "Executive Engineer, Public");
        // Short values are kept whole; one long word is cut between its letters.
        assert_eq!(fit_variable("PHED Rewari"), "PHED Rewari");
        let word = "अभियांत्रिकी".repeat(4);
        let cut = fit_variable(&word);
        assert!(cut.chars().count() <= MAX_VAR_CHARS && word.starts_with(&cut));
        use unicode_segmentation::UnicodeSegmentation;
        assert!(word.grapheme_indices(true).any(|(at, _)| at == cut.len()));
    }

    use super::*;

    const T: &str = "Dear citizen, your grievance {#var#} is registered with {#var#}. -NIVARAN";

    #[test]
    fn rendering_fills_variables_in_order_and_matches_its_template() {
        let text = render(T, &["0626-0000001-5", "PHED Rewari"]).unwrap();
        assert_eq!(
            text,
            "Dear citizen, your grievance 0626-0000001-5 is registered with PHED Rewari. -NIVARAN"
        );
        assert!(matches_template(T, &text));
        assert!(!matches_template(
            T,
            "Dear citizen, your grievance 1 is closed. -NIVARAN"
        ));
        assert!(!matches_template(T, &format!("{text} Extra words")));
        assert_eq!(
            render(T, &["only one"]),
            Err(DltError::VariableCount {
                expected: 2,
                given: 1
            })
        );
        let long = "x".repeat(31);
        assert_eq!(
            render(T, &["a", &long]),
            Err(DltError::VariableTooLong {
                index: 2,
                chars: 31
            })
        );
        // A variable longer than 30 characters also fails the scrubber's match.
        assert!(!matches_template(
            T,
            &format!("Dear citizen, your grievance {long} is registered with X. -NIVARAN")
        ));
    }

    #[test]
    fn segment_counts_follow_gsm7_and_ucs2_limits() {
        assert_eq!(segments("Hello"), (Encoding::Gsm7, 1));
        assert_eq!(segments(&"a".repeat(160)), (Encoding::Gsm7, 1));
        assert_eq!(segments(&"a".repeat(161)), (Encoding::Gsm7, 2));
        assert_eq!(segments(&"a".repeat(306)), (Encoding::Gsm7, 2));
        assert_eq!(segments(&"a".repeat(307)), (Encoding::Gsm7, 3));
        // The extension table costs two septets: 80 braces are 160 septets.
        assert_eq!(segments(&"{".repeat(80)), (Encoding::Gsm7, 1));
        assert_eq!(segments(&"{".repeat(81)), (Encoding::Gsm7, 2));
        assert_eq!(segments("आपकी शिकायत दर्ज हो गई है"), (Encoding::Ucs2, 1));
        assert_eq!(segments(&"क".repeat(70)), (Encoding::Ucs2, 1));
        assert_eq!(segments(&"क".repeat(71)), (Encoding::Ucs2, 2));
        assert_eq!(segments(&"क".repeat(135)), (Encoding::Ucs2, 3));
    }
}
