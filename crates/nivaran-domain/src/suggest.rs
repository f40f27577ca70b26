//! The category a citizen's words point to (issue 17, part 3): a multinomial naive Bayes
//! classifier over the words of a text, folded as search folds them ([`crate::search`]), their
//! pairs, the sound of each word (so "paani", "pani" and "पानी" meet) and the letters inside
//! each word (so a misspelt word still counts). It learns from the state's own history (each
//! disposed case's final category and its text) and from master data (the categories' names in
//! both languages and their synonyms), and answers in well under a millisecond.
//!
//! Naive Bayes was measured first because it trains in one pass over the history (seconds for a
//! state's register), needs no tuning loop, and handles 168 classes with a few examples each;
//! BENCHMARKS.md has its accuracy on the evaluation set in `data/eval/`.
//!
//! Pure: the training examples come in, a [`Classifier`] comes out; where it is stored and
//! how the history is read is the storage layer's business.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use crate::search::{fold, is_devanagari, sound_key, stem};

/// Words that say nothing about what the grievance is about (Hindi, Hinglish, English).
pub(crate) const STOP_WORDS: &[&str] = &[
    "है",
    "हैं",
    "था",
    "थी",
    "थे",
    "में",
    "मे",
    "का",
    "की",
    "के",
    "को",
    "से",
    "पर",
    "और",
    "भी",
    "यह",
    "वह",
    "हम",
    "मैं",
    "मेरा",
    "मेरी",
    "मेरे",
    "हमारा",
    "हमारी",
    "हमारे",
    "आप",
    "कि",
    "तो",
    "ही",
    "एवं",
    "तथा",
    "या",
    "जी",
    "श्रीमान",
    "महोदय",
    "कृपया",
    "द्वारा",
    "लिए",
    "रहा",
    "रही",
    "रहे",
    "गया",
    "गई",
    "गए",
    "हो",
    "कर",
    "किया",
    "दिन",
    "hai",
    "hain",
    "tha",
    "thi",
    "me",
    "mein",
    "ka",
    "ki",
    "ke",
    "ko",
    "se",
    "par",
    "aur",
    "bhi",
    "yeh",
    "ye",
    "hum",
    "main",
    "mera",
    "meri",
    "mere",
    "hamara",
    "hamari",
    "hamare",
    "aap",
    "to",
    "hi",
    "ji",
    "kripya",
    "raha",
    "rahi",
    "rahe",
    "gaya",
    "gayi",
    "ho",
    "kar",
    "din",
    "the",
    "is",
    "are",
    "was",
    "were",
    "in",
    "of",
    "and",
    "or",
    "on",
    "at",
    "by",
    "for",
    "from",
    "with",
    "my",
    "our",
    "we",
    "i",
    "it",
    "this",
    "that",
    "be",
    "been",
    "has",
    "have",
    "had",
    "sir",
    "madam",
    "please",
    "kindly",
    "respected",
    "since",
    "an",
    "as",
    "am",
    "days",
    "day",
];

/// How much each kind of feature counts: a word, a pair of words and a word's sound fully (the
/// sound is how Hinglish meets Hindi), the groups of letters inside a word less (they are
/// looser). Chosen, with [`ALPHA`] and the weighting by rarity in [`Classifier::suggest`], on
/// the even rows of `data/eval/` and checked on the odd rows (BENCHMARKS.md).
const WORD: f32 = 1.0;
const PAIR: f32 = 1.0;
const SOUND: f32 = 1.0;
const LETTERS: f32 = 0.2;

/// A feature: a stable 64-bit hash (FNV-1a) of its kind and text, the same on every machine and
/// build, as a stored model needs.
fn feature(kind: u8, text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in std::iter::once(kind).chain(text.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// One feature of a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Feature {
    pub id: u64,
    pub weight: f32,
    /// A word, a pair of words or the sound of a word that can be said: enough to say the text
    /// is about something known. Letter groups are evidence only beside such a feature
    /// (nonsense has them too).
    pub names_a_word: bool,
}

/// The features of a text with their weights, each feature once (a word said twice is not
/// twice the evidence in a short complaint), in a fixed order (so sums come out the same).
pub fn features(text: &str) -> Vec<Feature> {
    let folded = fold(text);
    let words: Vec<String> = folded
        // The danda and double danda end sentences; the rest of the block is letters and signs.
        .split(|c: char| {
            !(c.is_alphanumeric() || is_devanagari(c)) || matches!(c, '\u{0964}' | '\u{0965}')
        })
        .filter(|w| w.chars().count() >= 2 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !STOP_WORDS.contains(w))
        .map(stem)
        .collect();
    let mut out: HashMap<u64, Feature> = HashMap::new();
    let mut add = |id: u64, weight: f32, names_a_word: bool| {
        out.entry(id).or_insert(Feature {
            id,
            weight,
            names_a_word,
        });
    };
    for (i, word) in words.iter().enumerate() {
        add(feature(b'w', word), WORD, true);
        let sound = sound_key(word);
        if sound.len() >= 2 {
            // A sound of two consonants is common; it names a word when the word can be
            // said (Devanagari, or Latin letters with a vowel: "pani", not "zzkq").
            let sayable = word
                .chars()
                .any(|c| is_devanagari(c) || "aeiou".contains(c));
            add(feature(b's', &sound), SOUND, sound.len() >= 3 || sayable);
        }
        if let Some(next) = words.get(i + 1) {
            add(feature(b'p', &format!("{word} {next}")), PAIR, true);
        }
        let letters: Vec<char> = std::iter::once('^')
            .chain(word.chars())
            .chain(std::iter::once('$'))
            .collect();
        for gram in letters.windows(3) {
            add(
                feature(b'l', &gram.iter().collect::<String>()),
                LETTERS,
                false,
            );
        }
    }
    let mut out: Vec<Feature> = out.into_values().collect();
    out.sort_unstable_by_key(|f| f.id);
    out
}

/// One text the classifier learns from: its category and how much it counts.
pub struct Example<'a> {
    pub category: &'a str,
    pub text: &'a str,
    pub weight: f32,
}

/// A trained classifier. Categories are held by code, so a model stays meaningful when the
/// master data's ids differ (another database, a re-import).
#[derive(Debug, Clone)]
pub struct Classifier {
    categories: Vec<String>,
    /// log P(category): from how many examples it had, flattened (see [`Classifier::train`]).
    log_prior: Vec<f32>,
    /// Per category, log(total feature weight + alpha × vocabulary): the denominator of every
    /// feature's probability.
    log_total: Vec<f32>,
    /// Per feature, the categories that saw it and with what weight.
    postings: HashMap<u64, Vec<(u32, f32)>>,
    /// Cases of history it learnt from (for people to judge it by).
    pub cases: u64,
}

/// Laplace smoothing: the weight a feature is given in a category that never saw it.
const ALPHA: f32 = 0.5;

/// One category suggested, with the probability the model gives it among all.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    pub category: String,
    pub probability: f32,
}

/// What the features of a text are: raised whenever [`features`] (or the folding, stemming and
/// sounds it uses) changes, so a model stored by another build is not read with features it
/// does not know.
pub const FEATURES_VERSION: u32 = 1;

/// A classifier as stored: plain lists, so any serde format can hold it.
#[derive(Serialize, Deserialize)]
pub struct StoredClassifier {
    /// [`FEATURES_VERSION`] of the build that trained it (0 when missing).
    #[serde(default)]
    version: u32,
    categories: Vec<String>,
    log_prior: Vec<f32>,
    log_total: Vec<f32>,
    postings: Vec<(u64, Vec<(u32, f32)>)>,
    cases: u64,
}

impl Classifier {
    /// Learns from `examples`. `cases` is how many of them were cases of history.
    pub fn train<'a>(examples: impl IntoIterator<Item = Example<'a>>, cases: u64) -> Classifier {
        let mut index: HashMap<&'a str, u32> = HashMap::new();
        let mut categories: Vec<String> = Vec::new();
        let mut seen: Vec<f32> = Vec::new();
        let mut totals: Vec<f32> = Vec::new();
        let mut postings: HashMap<u64, Vec<(u32, f32)>> = HashMap::new();
        for example in examples {
            let class = *index.entry(example.category).or_insert_with(|| {
                categories.push(example.category.to_string());
                seen.push(0.0);
                totals.push(0.0);
                (categories.len() - 1) as u32
            });
            seen[class as usize] += example.weight;
            for Feature { id: f, weight, .. } in features(example.text) {
                let w = weight * example.weight;
                totals[class as usize] += w;
                let list = postings.entry(f).or_default();
                match list.last_mut() {
                    Some((c, total)) if *c == class => *total += w,
                    _ => match list.iter_mut().find(|(c, _)| *c == class) {
                        Some((_, total)) => *total += w,
                        None => list.push((class, w)),
                    },
                }
            }
        }
        let vocabulary = postings.len().max(1) as f32;
        let all: f32 = seen.iter().sum::<f32>().max(1.0);
        // The square root flattens the prior: a category filed often is likelier, but not so
        // much likelier that it drowns a rare one the words plainly name.
        let log_prior = seen
            .iter()
            .map(|s| 0.5 * (s.max(1e-3) / all).ln())
            .collect();
        let log_total = totals
            .iter()
            .map(|t| (t + ALPHA * vocabulary).ln())
            .collect();
        Classifier {
            categories,
            log_prior,
            log_total,
            postings,
            cases,
        }
    }

    /// The categories it knows.
    pub fn categories(&self) -> &[String] {
        &self.categories
    }

    /// The `most` likeliest categories for `text`, best first, among those `allowed` accepts
    /// (the master data's active categories). Empty when no word of the text is known.
    pub fn suggest(
        &self,
        text: &str,
        most: usize,
        allowed: impl Fn(&str) -> bool,
    ) -> Vec<Suggestion> {
        let mut known = 0.0f32;
        let mut a_word_known = false;
        let mut gain = vec![0.0f32; self.categories.len()];
        let log_alpha = ALPHA.ln();
        for feature in features(text) {
            let Some(list) = self.postings.get(&feature.id) else {
                continue;
            };
            // A feature few categories saw says more than one most saw ("समस्या", "please"):
            // weighted by its rarity among the categories.
            let rarity = (1.0 + self.categories.len() as f32 / list.len() as f32).ln();
            let x = feature.weight * rarity;
            a_word_known |= feature.names_a_word;
            known += x;
            for (class, n) in list {
                gain[*class as usize] += x * ((n + ALPHA).ln() - log_alpha);
            }
        }
        if !a_word_known {
            return Vec::new();
        }
        // log P(c) + Σ x·log((n + α) / (total + αV)), written so only the categories that saw a
        // feature are visited for it.
        let mut scored: Vec<(usize, f32)> = (0..self.categories.len())
            .filter(|&c| allowed(&self.categories[c]))
            .map(|c| {
                let score = self.log_prior[c] + known * (log_alpha - self.log_total[c]) + gain[c];
                (c, score)
            })
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        let best = scored.first().map(|s| s.1).unwrap_or(0.0);
        let sum: f32 = scored.iter().map(|(_, s)| (s - best).exp()).sum();
        scored
            .into_iter()
            .take(most)
            .map(|(c, s)| Suggestion {
                category: self.categories[c].clone(),
                probability: (s - best).exp() / sum,
            })
            .collect()
    }

    /// The classifier as plain lists, for storing.
    pub fn to_stored(&self) -> StoredClassifier {
        let mut postings: Vec<(u64, Vec<(u32, f32)>)> = self
            .postings
            .iter()
            .map(|(f, list)| (*f, list.clone()))
            .collect();
        postings.sort_unstable_by_key(|(f, _)| *f);
        StoredClassifier {
            version: FEATURES_VERSION,
            categories: self.categories.clone(),
            log_prior: self.log_prior.clone(),
            log_total: self.log_total.clone(),
            postings,
            cases: self.cases,
        }
    }

    /// A stored classifier, or `None` when its lists do not agree (a damaged row) or another
    /// build's features made it.
    pub fn from_stored(stored: StoredClassifier) -> Option<Classifier> {
        let n = stored.categories.len();
        let consistent = stored.version == FEATURES_VERSION
            && stored.log_prior.len() == n
            && stored.log_total.len() == n
            && stored
                .postings
                .iter()
                .all(|(_, list)| list.iter().all(|(c, _)| (*c as usize) < n));
        consistent.then(|| Classifier {
            categories: stored.categories,
            log_prior: stored.log_prior,
            log_total: stored.log_total,
            postings: stored.postings.into_iter().collect(),
            cases: stored.cases,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Classifier {
        let examples = [
            ("PHED-WS", "पेयजल आपूर्ति पानी नल water supply paani"),
            ("PHED-WS", "नल में पानी नहीं आ रहा"),
            (
                "POWER-SUP",
                "बिजली आपूर्ति बिजली गुल power cut electricity bijli",
            ),
            ("PWD-ROAD", "सड़क टूटी गड्ढे road potholes sadak"),
        ];
        Classifier::train(
            examples.iter().map(|(c, t)| Example {
                category: c,
                text: t,
                weight: 1.0,
            }),
            0,
        )
    }

    fn top(model: &Classifier, text: &str) -> String {
        model.suggest(text, 3, |_| true)[0].category.clone()
    }

    #[test]
    fn words_however_typed_point_to_their_category() {
        let m = model();
        assert_eq!(top(&m, "हमारे गांव में पानी नहीं आ रहा"), "PHED-WS");
        assert_eq!(top(&m, "gaon me pani nahi aa raha"), "PHED-WS");
        assert_eq!(top(&m, "सडक पर बहुत गड्ढे हैं"), "PWD-ROAD");
        assert_eq!(top(&m, "roads are broken"), "PWD-ROAD");
        assert_eq!(top(&m, "bijlee nahi hai 3 din se"), "POWER-SUP");
    }

    #[test]
    fn nothing_is_suggested_for_unknown_words_and_the_probabilities_sum_to_one() {
        let m = model();
        assert!(m.suggest("xyzzy qwerty", 3, |_| true).is_empty());
        let all = m.suggest("पानी", 10, |_| true);
        assert_eq!(all.len(), 3);
        let sum: f32 = all.iter().map(|s| s.probability).sum();
        assert!((sum - 1.0).abs() < 1e-4, "{sum}");
        assert!(all.windows(2).all(|w| w[0].probability >= w[1].probability));
    }

    #[test]
    fn categories_not_allowed_are_never_suggested() {
        let m = model();
        let s = m.suggest("पानी", 3, |c| c != "PHED-WS");
        assert!(s.iter().all(|s| s.category != "PHED-WS"));
    }

    #[test]
    fn a_stored_classifier_answers_as_the_trained_one() {
        let m = model();
        let again = Classifier::from_stored(m.to_stored()).unwrap();
        for text in ["पानी", "road", "bijli gul", "नल"] {
            assert_eq!(
                m.suggest(text, 3, |_| true),
                again.suggest(text, 3, |_| true)
            );
        }
        let mut broken = m.to_stored();
        broken.log_prior.pop();
        assert!(Classifier::from_stored(broken).is_none());
        let mut older = m.to_stored();
        older.version = FEATURES_VERSION - 1;
        assert!(
            Classifier::from_stored(older).is_none(),
            "another build's features"
        );
    }

    #[test]
    fn features_are_the_same_however_the_hindi_is_spelt() {
        assert_eq!(features("सड़क"), features("सडक"));
        assert_eq!(features("हिन्दी"), features("हिंदी"));
    }
}
