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
/// a nasal with a virama before a stop written as anusvara (हिन्दी → हिंदी), the common
/// variants यी and ये after a letter written as ई and ए (नयी → नई, गये → गए), zero-width
/// joiners removed, Latin letters lower-cased.
pub fn fold(text: &str) -> String {
    // NFD splits the precomposed nukta letters (क़ U+0958 …) into letter and nukta.
    let chars: Vec<char> = text
        .nfd()
        .filter(|c| !matches!(*c, NUKTA | '\u{200C}' | '\u{200D}'))
        .map(|c| if c == CHANDRABINDU { ANUSVARA } else { c })
        .flat_map(char::to_lowercase)
        .collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        let after = chars.get(i + 2).copied();
        let after_letter = i > 0 && is_devanagari(chars[i - 1]);
        if matches!(c, 'न' | 'म' | 'ण' | 'ङ' | 'ञ')
            && next == Some(VIRAMA)
            && after.is_some_and(is_stop)
        {
            out.push(ANUSVARA);
            i += 2;
            continue;
        }
        if c == 'य' && after_letter && next == Some('ी') {
            out.push('ई');
            i += 2;
            continue;
        }
        if c == 'य' && after_letter && next == Some('े') {
            out.push('ए');
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out.nfc().collect()
}

/// A stop other than a nasal (क … भ): before one, Hindi writes a nasal either way.
fn is_stop(c: char) -> bool {
    ('\u{0915}'..='\u{092D}').contains(&c) && !matches!(c, 'ङ' | 'ञ' | 'ण' | 'न' | 'म')
}

/// A letter or sign of the Devanagari block.
pub fn is_devanagari(c: char) -> bool {
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

/// Consonants that take a nukta (क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़ ऱ).
fn takes_nukta(c: char) -> bool {
    matches!(c, 'क' | 'ख' | 'ग' | 'ज' | 'ड' | 'ढ' | 'फ' | 'य' | 'र')
}

/// The ways a folded word may be written where a text has it unfolded: with or without a
/// nukta after each consonant that takes one; an anusvara as chandrabindu or as न् or म्; ई
/// and ए after a letter as यी and ये. At most `most`, the plainest first. (An index holds words as written; a search expands a typed word into
/// these and looks each up.)
pub fn spellings(folded: &str, most: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for c in folded.chars() {
        let mut next = Vec::with_capacity(out.len() * 2);
        for s in &out {
            let mut plain = s.clone();
            plain.push(c);
            next.push(plain);
        }
        for s in &out {
            if next.len() >= most {
                break;
            }
            let others: &[&str] = match c {
                _ if takes_nukta(c) => &["\u{093C}"],
                ANUSVARA => &["\u{0901}", "न्", "म्"],
                'ई' if !s.is_empty() => &["यी"],
                'ए' if !s.is_empty() => &["ये"],
                _ => &[],
            };
            for other in others {
                // A nukta follows its letter; the others stand for it.
                if *other == "\u{093C}" {
                    next.push(format!("{s}{c}{other}"));
                } else {
                    next.push(format!("{s}{other}"));
                }
            }
        }
        next.truncate(most.max(1));
        out = next;
    }
    out
}

/// Consonants as Hindi is written in Latin letters, longest first, each with the Devanagari
/// letters it may stand for (t and d are dental or retroflex alike in Latin spellings).
const LATIN_CONSONANTS: &[(&str, &[char])] = &[
    ("chh", &['छ']),
    ("kh", &['ख']),
    ("gh", &['घ']),
    ("ch", &['च']),
    ("jh", &['झ']),
    ("th", &['थ', 'ठ']),
    ("dh", &['ध', 'ढ']),
    ("ph", &['फ']),
    ("bh", &['भ']),
    ("sh", &['श', 'ष']),
    ("k", &['क']),
    ("q", &['क']),
    ("g", &['ग']),
    ("c", &['क']),
    ("j", &['ज']),
    ("z", &['ज']),
    ("t", &['त', 'ट']),
    ("d", &['द', 'ड']),
    ("n", &['न']),
    ("p", &['प']),
    ("f", &['फ']),
    ("b", &['ब']),
    ("m", &['म']),
    ("y", &['य']),
    ("r", &['र']),
    ("l", &['ल']),
    ("v", &['व']),
    ("w", &['व']),
    ("s", &['स']),
    ("h", &['ह']),
];

/// Vowels in Latin letters, longest first: (letters, the sign after a consonant, the letter at
/// a word's start). The inherent "a" has no sign.
const LATIN_VOWELS: &[(&str, &str, &str)] = &[
    ("aa", "ा", "आ"),
    ("ai", "ै", "ऐ"),
    ("au", "ौ", "औ"),
    ("ee", "ी", "ई"),
    ("ii", "ी", "ई"),
    ("oo", "ू", "ऊ"),
    ("uu", "ू", "ऊ"),
    ("a", "", "अ"),
    ("i", "ि", "इ"),
    ("u", "ु", "उ"),
    ("e", "े", "ए"),
    ("o", "ो", "ओ"),
];

/// How a word of Hindi typed in Latin letters ("paani", "sadak", "bijli", "kachra") may be
/// written in Devanagari: at most `most` spellings, the likeliest first. Consonants in a row
/// are written as they are spoken in Hindi words, without a virama (बिजली), and as a conjunct
/// (प्रधान) as the second choice; a final "a" after a consonant is आ (कचरा) or nothing (सड़क);
/// a final "i" is ई (पानी). Empty for anything that is not Latin letters.
pub fn devanagari_spellings(latin: &str, most: usize) -> Vec<String> {
    let word = latin.to_ascii_lowercase();
    if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Vec::new();
    }
    // The word as a list of sounds: a consonant (its letters) or a vowel.
    enum Sound {
        Consonant(&'static [char]),
        Vowel(&'static str, &'static str, &'static str),
    }
    let mut sounds = Vec::new();
    let mut rest = word.as_str();
    'read: while !rest.is_empty() {
        for (letters, devanagari) in LATIN_CONSONANTS {
            if let Some(after) = rest.strip_prefix(letters) {
                sounds.push(Sound::Consonant(devanagari));
                rest = after;
                continue 'read;
            }
        }
        for (letters, sign, initial) in LATIN_VOWELS {
            if let Some(after) = rest.strip_prefix(letters) {
                sounds.push(Sound::Vowel(letters, sign, initial));
                rest = after;
                continue 'read;
            }
        }
        // x and the like: not a Hindi word in Latin letters.
        return Vec::new();
    }
    let last = sounds.len().saturating_sub(1);
    // Each spelling with what it cost: one for each less likely choice (a conjunct, a long ā
    // for a single "a", a retroflex for t or d, ष for sh).
    let mut out: Vec<(String, u32)> = vec![(String::new(), 0)];
    for (i, sound) in sounds.iter().enumerate() {
        let mut next: Vec<(String, u32)> = Vec::new();
        match sound {
            Sound::Consonant(letters) => {
                let before_consonant = matches!(sounds.get(i + 1), Some(Sound::Consonant(_)));
                for (s, cost) in &out {
                    for (n, letter) in letters.iter().enumerate() {
                        let cost = cost + n as u32;
                        next.push((format!("{s}{letter}"), cost));
                        if before_consonant {
                            next.push((format!("{s}{letter}{VIRAMA}"), cost + 1));
                        }
                    }
                }
            }
            Sound::Vowel(letters, sign, initial) => {
                let after_consonant = i > 0 && matches!(sounds[i - 1], Sound::Consonant(_));
                for (s, cost) in &out {
                    let cost = *cost;
                    if !after_consonant {
                        next.push((format!("{s}{initial}"), cost));
                    } else if *letters == "a" && i == last {
                        next.push((format!("{s}ा"), cost));
                        next.push((s.clone(), cost + 1));
                    } else if *letters == "a" {
                        next.push((s.clone(), cost));
                        next.push((format!("{s}ा"), cost + 1));
                    } else if *letters == "i" && i == last {
                        next.push((format!("{s}ी"), cost));
                        next.push((format!("{s}ि"), cost + 1));
                    } else {
                        next.push((format!("{s}{sign}"), cost));
                    }
                }
            }
        }
        // The likeliest first; the rest dropped.
        next.sort_by_key(|(_, cost)| *cost);
        next.truncate(most.max(1));
        out = next;
    }
    out.into_iter().map(|(s, _)| s).collect()
}

/// The ways a typed word may be written in a text, as the starts of words: the word as typed,
/// its folded stem in its spellings (nukta, chandrabindu), and, typed in Latin letters, its
/// Devanagari spellings; the plainest first, each once. The full-text search looks each up in
/// the index; the search's relevance looks for them in the subjects.
pub fn ways_typed(word: &str) -> Vec<String> {
    let folded = stem(&fold(word));
    let mut heads = vec![word.to_string()];
    heads.extend(spellings(&folded, 4));
    for devanagari in devanagari_spellings(word, 12) {
        heads.extend(spellings(&devanagari, 2));
    }
    heads.retain(|h| !h.is_empty());
    let mut seen = std::collections::HashSet::new();
    heads.retain(|h| seen.insert(h.clone()));
    heads
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
        assert_eq!(fold("हिन्दी"), fold("हिंदी"));
        assert_eq!(fold("सम्बन्ध"), fold("संबंध"));
        assert_eq!(fold("नयी"), "नई");
        assert_eq!(fold("गये"), "गए");
        // Not where they begin a word, nor a nasal before a nasal or a semivowel.
        assert_eq!(fold("ये"), "ये");
        assert_eq!(fold("अन्न"), "अन्न");
        assert_eq!(fold("कन्या"), "कन्या");
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

    #[test]
    fn a_folded_word_is_looked_up_as_it_may_be_written() {
        let ways = spellings("सडक", 8);
        assert!(
            ways.contains(&"सडक".to_string()) && ways.contains(&"सड़क".to_string()),
            "{ways:?}"
        );
        assert_eq!(spellings("सडक", 8)[0], "सडक");
        assert!(spellings("मांग", 8).contains(&"माँग".to_string()));
        assert!(spellings("हिंदी", 8).contains(&"हिन्दी".to_string()));
        assert!(spellings("नई", 8).contains(&"नयी".to_string()));
        assert!(spellings("किए", 8).contains(&"किये".to_string()));
        assert!(spellings("कखगजडढफ", 4).len() <= 4);
    }

    #[test]
    fn hindi_typed_in_latin_letters_is_looked_up_in_devanagari() {
        for (typed, written) in [
            ("paani", "पानी"),
            ("bijli", "बिजली"),
            ("bijlee", "बिजली"),
            ("sadak", "सडक"),
            ("kachra", "कचरा"),
            ("nal", "नल"),
            ("pradhan", "प्रधान"),
        ] {
            let ways = devanagari_spellings(typed, 12);
            assert!(ways.contains(&written.to_string()), "{typed}: {ways:?}");
        }
        assert!(devanagari_spellings("x-ray", 8).is_empty());
        assert!(devanagari_spellings("पानी", 8).is_empty());
    }
}
