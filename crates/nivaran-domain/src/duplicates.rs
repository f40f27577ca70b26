//! Likely duplicates and repeats of a grievance (issue 17, part 2; seed 003: the same written
//! petition handed to several representatives arrives many times). Pure: storage finds the
//! cases worth comparing (the same mobile, the same place and category, recent cases of the
//! district), this module says which are likely the same grievance, why, and how likely.
//!
//! Text is compared by the features the category suggestion reads (`suggest::features`):
//! folded and stemmed words, their pairs, how each word sounds (so "paani nahi aa raha" meets
//! "पानी नहीं आ रहा") and letter groups, as a weighted Jaccard similarity. No outside service.

use crate::suggest::{Feature, STOP_WORDS, features};
use serde::{Deserialize, Serialize};

/// Why a case is a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Filed from the same mobile number.
    SameMobile,
    /// The same category at the same village or ward (or within the configured distance when
    /// both have coordinates).
    SamePlace,
    /// Words alike, in whichever language or script.
    SimilarText,
    /// The same citizen's case already disposed of: a repeat, for the reopening or appeal path.
    Repeat,
}

impl Reason {
    pub fn code(self) -> &'static str {
        match self {
            Reason::SameMobile => "same_mobile",
            Reason::SamePlace => "same_place",
            Reason::SimilarText => "similar_text",
            Reason::Repeat => "repeat",
        }
    }

    pub fn parse(code: &str) -> Option<Reason> {
        [
            Reason::SameMobile,
            Reason::SamePlace,
            Reason::SimilarText,
            Reason::Repeat,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }
}

/// What the check knows of a case (the new filing or an earlier one).
#[derive(Debug, Clone)]
pub struct Petition<'a> {
    pub mobile: &'a str,
    pub jurisdiction: i64,
    pub category: i64,
    /// Latitude and longitude, when the filing carried them.
    pub location: Option<(f64, f64)>,
    /// The subject and description together.
    pub text: &'a str,
    /// Disposed of (not open): a match from the same citizen is a repeat.
    pub disposed: bool,
}

/// A likely duplicate: why, and a score from 0 to 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    pub reasons: Vec<Reason>,
    pub score: f64,
    /// The text similarity alone (0 to 1).
    pub similarity: f64,
}

/// How alike two texts must be to count as similar on their own.
pub const SIMILAR_TEXT: f64 = 0.45;
/// How alike the texts of the same citizen's two cases must be for the second to be the first
/// again (a citizen files about many things; the same words say it is the same thing).
pub const SAME_CITIZEN_TEXT: f64 = 0.3;
/// A candidate is shown from this score up.
pub const MIN_SCORE: f64 = 0.5;

/// The features of a text, for comparing it with many others (worked out once): the category
/// suggestion's features, and the sounds of its words alone (what a petition written in Hindi
/// and again in Latin letters shares).
pub struct TextFeatures {
    features: Vec<Feature>,
    sounds: Vec<String>,
}

/// Words every petition has, left out of the comparison of sounds (their sounds would make any
/// two petitions alike): the suggestion's stop words, and the negation and "come" of "पानी नहीं
/// आ रहा", which say nothing of what is missing.
const ALSO_COMMON: &[&str] = &[
    "नह",
    "नही",
    "आ",
    "nahi",
    "nahin",
    "aa",
    "not",
    "no",
    "there",
];

fn common(word: &str) -> bool {
    STOP_WORDS.contains(&word) || ALSO_COMMON.contains(&word)
}

impl TextFeatures {
    pub fn of(text: &str) -> TextFeatures {
        let mut sounds: Vec<String> = crate::search::words(text)
            .iter()
            .filter(|w| !common(w))
            .map(|w| crate::search::sound_key(w))
            .filter(|k| k.len() >= 2)
            .collect();
        sounds.sort_unstable();
        sounds.dedup();
        TextFeatures {
            features: features(text),
            sounds,
        }
    }

    /// How alike two texts are, 0 to 1: the likeness of their features, or of the sounds of
    /// their words (a little discounted: sounds merge some words), whichever is higher.
    pub fn similarity(&self, other: &TextFeatures) -> f64 {
        let sounds = if self.sounds.is_empty() || other.sounds.is_empty() {
            0.0
        } else {
            let both = self
                .sounds
                .iter()
                .filter(|s| other.sounds.binary_search(s).is_ok())
                .count() as f64;
            both / (self.sounds.len() + other.sounds.len()) as f64 * 2.0 * 0.9
        };
        self.feature_similarity(other).max(sounds)
    }

    /// Weighted Jaccard similarity: the weight of the features both texts have over the
    /// weight of those either has. Both lists are sorted by id.
    fn feature_similarity(&self, other: &TextFeatures) -> f64 {
        let (a, b) = (&self.features, &other.features);
        let (mut i, mut j) = (0, 0);
        let (mut both, mut either) = (0.0f64, 0.0f64);
        while i < a.len() && j < b.len() {
            match a[i].id.cmp(&b[j].id) {
                std::cmp::Ordering::Equal => {
                    let w = f64::from(a[i].weight.max(b[j].weight));
                    both += w;
                    either += w;
                    i += 1;
                    j += 1;
                }
                std::cmp::Ordering::Less => {
                    either += f64::from(a[i].weight);
                    i += 1;
                }
                std::cmp::Ordering::Greater => {
                    either += f64::from(b[j].weight);
                    j += 1;
                }
            }
        }
        either += a[i..].iter().map(|f| f64::from(f.weight)).sum::<f64>();
        either += b[j..].iter().map(|f| f64::from(f.weight)).sum::<f64>();
        if either == 0.0 { 0.0 } else { both / either }
    }
}

/// Metres between two points on the Earth (haversine).
pub fn distance_m(a: (f64, f64), b: (f64, f64)) -> f64 {
    let r = 6_371_000.0;
    let (la1, la2) = (a.0.to_radians(), b.0.to_radians());
    let dla = (b.0 - a.0).to_radians();
    let dlo = (b.1 - a.1).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * r * h.sqrt().asin()
}

/// Is `earlier` likely the grievance `new` is again? `within_m` is the distance at which two
/// cases with coordinates are at the same place. The text features are passed in, worked out
/// once per text.
pub fn compare(
    new: &Petition<'_>,
    new_text: &TextFeatures,
    earlier: &Petition<'_>,
    earlier_text: &TextFeatures,
    within_m: f64,
) -> Option<Candidate> {
    let similarity = new_text.similarity(earlier_text);
    // Two citizens who gave no number (filed through an integration) are not one citizen.
    let same_mobile = !new.mobile.is_empty() && new.mobile == earlier.mobile;
    let same_category = new.category == earlier.category;
    let near = match (new.location, earlier.location) {
        (Some(a), Some(b)) => distance_m(a, b) <= within_m,
        _ => new.jurisdiction == earlier.jurisdiction,
    };
    let same_place = same_category && near;
    let similar_text = similarity >= SIMILAR_TEXT;
    let mut reasons = Vec::new();
    let mut score: f64 = 0.0;
    if same_mobile && (same_category || similarity >= SAME_CITIZEN_TEXT) {
        reasons.push(Reason::SameMobile);
        score += 0.45;
    }
    // The same problem reported at the same village or ward: shown nearby whatever the words.
    if same_place {
        reasons.push(Reason::SamePlace);
        score += 0.5;
    }
    if similar_text {
        reasons.push(Reason::SimilarText);
    }
    // The words count in proportion; alike words at another place are a petition sent twice.
    score += similarity.min(1.0) * 0.6;
    if reasons.is_empty() {
        return None;
    }
    // Alike words alone, at another place and from another number: the same petition sent
    // twice is as likely as its words are alike.
    if similar_text {
        score = score.max(similarity);
    }
    // The same citizen on a case already disposed of: a repeat, whatever else.
    if earlier.disposed && reasons.contains(&Reason::SameMobile) {
        reasons.push(Reason::Repeat);
    }
    let score = score.min(1.0);
    (score >= MIN_SCORE).then_some(Candidate {
        reasons,
        score: (score * 1000.0).round() / 1000.0,
        similarity: (similarity * 1000.0).round() / 1000.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn petition<'a>(mobile: &'a str, place: i64, category: i64, text: &'a str) -> Petition<'a> {
        Petition {
            mobile,
            jurisdiction: place,
            category,
            location: None,
            text,
            disposed: false,
        }
    }

    fn check(a: &Petition<'_>, b: &Petition<'_>) -> Option<Candidate> {
        compare(
            a,
            &TextFeatures::of(a.text),
            b,
            &TextFeatures::of(b.text),
            250.0,
        )
    }

    #[test]
    fn the_same_petition_in_hindi_and_hinglish_is_similar() {
        let hindi = petition("9812012345", 1, 10, "गांव में पानी नहीं आ रहा है, नल सूखे पड़े हैं");
        let hinglish = petition(
            "9812099999",
            2,
            11,
            "gaon mein paani nahi aa raha hai, nal sookhe pade hain",
        );
        let c = check(&hinglish, &hindi).expect("a candidate");
        assert!(c.reasons.contains(&Reason::SimilarText), "{c:?}");
    }

    #[test]
    fn the_same_place_and_category_is_a_candidate_and_another_place_is_not() {
        let a = petition("9812012345", 1, 10, "पेयजल आपूर्ति बंद है");
        let b = petition("9812099999", 1, 10, "हमारी गली में पाइपलाइन टूटी");
        let c = check(&a, &b).expect("same place and category");
        assert_eq!(c.reasons, vec![Reason::SamePlace]);
        let elsewhere = petition("9812099999", 7, 10, "हमारी गली में पाइपलाइन टूटी");
        assert_eq!(check(&a, &elsewhere), None);
    }

    #[test]
    fn the_same_citizen_about_something_else_is_not_a_duplicate() {
        let water = petition("9812012345", 1, 10, "गांव में पानी नहीं आ रहा है");
        let pension = petition("9812012345", 1, 40, "वृद्धावस्था पेंशन तीन महीने से नहीं मिली");
        assert_eq!(check(&water, &pension), None);
        let mut again = petition("9812012345", 3, 10, "गांव में पानी नहीं आ रहा, नल सूखे");
        let c = check(&again, &water).expect("the same citizen again");
        assert!(c.reasons.contains(&Reason::SameMobile));
        again.disposed = true;
        let c = check(&water, &again).expect("a repeat of a disposed case");
        assert!(c.reasons.contains(&Reason::Repeat));
    }

    #[test]
    fn two_citizens_who_gave_no_number_are_not_one_citizen() {
        let water = petition("", 3, 10, "गांव में पानी नहीं आ रहा है");
        let mut again = petition("", 1, 10, "गांव में पानी नहीं आ रहा, नल सूखे");
        again.disposed = true;
        let c = check(&water, &again).expect("alike words");
        assert!(!c.reasons.contains(&Reason::SameMobile), "{c:?}");
        assert!(!c.reasons.contains(&Reason::Repeat), "{c:?}");
    }

    #[test]
    fn nearby_by_coordinates_when_both_have_them() {
        let mut a = petition("9812012345", 1, 10, "स्ट्रीट लाइट खराब");
        let mut b = petition("9812099999", 2, 10, "खंभे की बत्ती बंद");
        a.location = Some((28.1970, 76.6190));
        b.location = Some((28.1975, 76.6195));
        assert!(distance_m(a.location.unwrap(), b.location.unwrap()) < 100.0);
        assert!(check(&a, &b).unwrap().reasons.contains(&Reason::SamePlace));
        b.location = Some((28.3000, 76.6195));
        assert_eq!(check(&a, &b), None);
    }
}
