//! What a person types, made comparable with what is written (issue 17, part 4): one folding for
//! indexing and querying. Hindi is typed many ways: with or without the nukta (सड़क, सडक), with
//! chandrabindu or anusvara (माँग, मांग), with invisible joiners, in Latin letters ("paani",
//! "bijlee"); English words come singular or plural. Pure: no I/O, no tables to download.

use unicode_normalization::UnicodeNormalization;

const NUKTA: char = '\u{093C}';
const CHANDRABINDU: char = '\u{0901}';
const ANUSVARA: char = '\u{0902}';
const VIRAMA: char = '\u{094D}';

/// The text folded: NFC, the nukta dropped (ड़ → ड, ज़ → ज), chandrabindu written as anusvara,
/// zero-width joiners removed, Latin letters lower-cased.
pub fn fold(text: &str) -> String {
    // NFD splits the precomposed nukta letters (क़ U+0958 …) into letter and nukta.
    text.nfd()
        .filter(|c| !matches!(*c, NUKTA | '\u{200C}' | '\u{200D}'))
        .map(|c| if c == CHANDRABINDU { ANUSVARA } else { c })
        .flat_map(char::to_lowercase)
        .nfc()
        .collect()
}

fn is_devanagari(c: char) -> bool {
    ('\u{0900}'..='\u{097F}').contains(&c)
}

/// The words of `text`, folded and stemmed: letters and digits in a row (Devanagari signs stay
/// with their letters), each at least two characters.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !(c.is_alphanumeric() || is_devanagari(c)))
        .filter(|w| w.chars().count() >= 2)
        .map(stem)
        .collect()
}

/// Hindi plural and oblique endings, longest first.
const HINDI_ENDINGS: &[&str] = &["ियों", "ियां", "ाओं", "ाएं", "ुओं", "ों", "ें", "ीं", "ां"];

/// A light stem: Hindi plural and oblique endings (सड़कों → सड़क, बत्तियां → बत्त), English plurals
/// (roads → road, supplies → supply, buses → bus). A stem keeps at least two letters.
pub fn stem(word: &str) -> String {
    let word = word.to_string();
    if word.chars().any(is_devanagari) {
        for ending in HINDI_ENDINGS {
            if let Some(base) = word.strip_suffix(ending)
                && base.chars().count() >= 2
            {
                return base.to_string();
            }
        }
        return word;
    }
    if !word.is_ascii() || word.len() < 4 {
        return word;
    }
    if let Some(base) = word.strip_suffix("ies") {
        return format!("{base}y");
    }
    for ending in ["sses", "shes", "ches", "xes", "zes"] {
        if word.ends_with(ending) {
            return word[..word.len() - 2].to_string();
        }
    }
    if word.ends_with('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        return word[..word.len() - 1].to_string();
    }
    word
}

/// Devanagari letters as a person would write them in Latin letters (inherent vowels shown).
fn romanize(word: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = word.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let consonant = match c {
            'क' => Some("k"),
            'ख' => Some("kh"),
            'ग' => Some("g"),
            'घ' => Some("gh"),
            'ङ' => Some("n"),
            'च' => Some("ch"),
            'छ' => Some("chh"),
            'ज' => Some("j"),
            'झ' => Some("jh"),
            'ञ' => Some("n"),
            'ट' => Some("t"),
            'ठ' => Some("th"),
            'ड' => Some("d"),
            'ढ' => Some("dh"),
            'ण' => Some("n"),
            'त' => Some("t"),
            'थ' => Some("th"),
            'द' => Some("d"),
            'ध' => Some("dh"),
            'न' => Some("n"),
            'प' => Some("p"),
            'फ' => Some("ph"),
            'ब' => Some("b"),
            'भ' => Some("bh"),
            'म' => Some("m"),
            'य' => Some("y"),
            'र' => Some("r"),
            'ल' => Some("l"),
            'व' => Some("v"),
            'श' | 'ष' => Some("sh"),
            'स' => Some("s"),
            'ह' => Some("h"),
            _ => None,
        };
        if let Some(latin) = consonant {
            out.push_str(latin);
            // The inherent vowel, unless a sign or a virama follows.
            let next = chars.get(i + 1).copied();
            let has_sign = next.is_some_and(|n| {
                ('\u{093E}'..='\u{094D}').contains(&n) || n == ANUSVARA || n == '\u{0903}'
            });
            if !has_sign {
                out.push('a');
            }
            continue;
        }
        let vowel = match c {
            'अ' => "a",
            'आ' | 'ा' => "aa",
            'इ' | 'ि' => "i",
            'ई' | 'ी' => "ii",
            'उ' | 'ु' => "u",
            'ऊ' | 'ू' => "uu",
            'ऋ' | 'ृ' => "ri",
            'ए' | 'े' => "e",
            'ऐ' | 'ै' => "ai",
            'ओ' | 'ो' => "o",
            'औ' | 'ौ' => "au",
            ANUSVARA => "n",
            VIRAMA => "",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(vowel);
    }
    out
}

/// A loose key for how a word sounds, the same for "पानी", "paani" and "pani", for "बिजली" and
/// "bijlee", for "नल" and "nal": Devanagari written in Latin letters, then only its consonants
/// kept (Latin spellings of Hindi differ most in the vowels, and Hindi drops most inherent
/// vowels in speech), look-alike letters merged, breath after a consonant and doubled letters
/// dropped. For matching a whole typed word against names, never for showing.
pub fn sound_key(word: &str) -> String {
    let folded = fold(word);
    let latin = if folded.chars().any(is_devanagari) {
        romanize(&folded)
    } else {
        folded
    };
    let mut s = latin
        .replace("chh", "ch")
        .replace("ph", "f")
        .replace("sh", "s")
        .replace('w', "v")
        .replace('z', "j")
        .replace('q', "k");
    // An "h" after a consonant is breath many spellings leave out (bh, dh, kh, th).
    let mut out = String::with_capacity(s.len());
    let mut last: Option<char> = None;
    for c in s.drain(..) {
        if "aeiou".contains(c) || !c.is_ascii_alphanumeric() {
            continue;
        }
        if c == 'h' && last.is_some() {
            continue;
        }
        if Some(c) == last {
            continue;
        }
        out.push(c);
        last = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nukta_chandrabindu_and_joiners_do_not_matter() {
        assert_eq!(fold("सड़क"), fold("सडक"));
        assert_eq!(fold("\u{095C}"), "ड"); // ड़ precomposed
        assert_eq!(fold("माँग"), fold("मांग"));
        assert_eq!(fold("क्\u{200D}ष"), "क्ष");
        assert_eq!(fold("Water SUPPLY"), "water supply");
    }

    #[test]
    fn plurals_and_oblique_forms_meet_their_word() {
        assert_eq!(stem("सड़कों"), "सड़क");
        assert_eq!(stem("शिकायतें"), "शिकायत");
        assert_eq!(stem("roads"), "road");
        assert_eq!(stem("supplies"), "supply");
        assert_eq!(stem("buses"), "buse"); // and "bus" is its start: a typed "bus" finds it
        assert_eq!(stem("status"), "status");
        assert_eq!(stem("gas"), "gas");
        assert_eq!(words("Roads और सड़कों, a"), ["road", "और", "सडक"]);
    }

    #[test]
    fn a_word_in_latin_letters_sounds_like_its_devanagari() {
        for (typed, written) in [
            ("paani", "पानी"),
            ("pani", "पानी"),
            ("bijlee", "बिजली"),
            ("bijli", "बिजली"),
            ("nal", "नल"),
            ("sadak", "सड़क"),
            ("pension", "पेंशन"),
            ("kachra", "कचरा"),
        ] {
            assert_eq!(sound_key(typed), sound_key(written), "{typed} / {written}");
        }
        assert_ne!(sound_key("paani"), sound_key("बिजली"));
        assert_eq!(sound_key("aaa"), "");
    }
}
