//! A search's matches by relevance, then recency (issue 17, part 4): among the newest
//! [`RELEVANCE_WINDOW`] matches (the first pages a person reads), a case whose subject holds
//! more of the typed words, however spelt, comes before one that has them only in its
//! description; cases alike keep newest first; matches beyond stay newest first. Worked out
//! here from the subjects, not by either engine's own ranking, so SQLite and PostgreSQL put the
//! same cases in the same order. The window is small because each case in it costs its
//! subject's read (BENCHMARKS.md).

/// How many of the newest matches are ordered by relevance.
pub const RELEVANCE_WINDOW: usize = 60;

use nivaran_domain::search;

/// The ways each typed word may be written ([`search::ways_typed`]), folded as the subject's
/// words are. A subject's word holds the typed word when it starts with one of them.
pub(super) fn typed_forms(words: &[String]) -> Vec<Vec<String>> {
    words
        .iter()
        .map(|word| {
            let mut forms: Vec<String> = search::ways_typed(word)
                .iter()
                .map(|w| search::stem(&search::fold(w)))
                .filter(|f| !f.is_empty())
                .collect();
            forms.sort();
            forms.dedup();
            forms
        })
        .collect()
}

/// How many of the typed words the subject holds.
pub(super) fn subject_score(subject: &str, forms: &[Vec<String>]) -> usize {
    let words: Vec<String> = search::words(subject);
    forms
        .iter()
        .filter(|alternatives| {
            words
                .iter()
                .any(|w| alternatives.iter().any(|f| w.starts_with(f.as_str())))
        })
        .count()
}

/// The ids of `window` (id and subject, newest first) by relevance, then newest first.
pub(super) fn ranked(window: &[(i64, String)], forms: &[Vec<String>]) -> Vec<i64> {
    let mut scored: Vec<(usize, i64)> = window
        .iter()
        .map(|(id, subject)| (subject_score(subject, forms), *id))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)));
    scored.into_iter().map(|(_, id)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(q: &str) -> Vec<Vec<String>> {
        typed_forms(&q.split(' ').map(str::to_string).collect::<Vec<_>>())
    }

    #[test]
    fn a_subject_holding_the_word_however_spelt_comes_first_then_the_newest() {
        let window = vec![
            (9, "गांव में समस्या".to_string()),
            (7, "सड़क टूटी है".to_string()),
            (5, "Roads broken".to_string()),
            (3, "सडकों पर गड्ढे".to_string()),
        ];
        assert_eq!(ranked(&window, &forms("सडक")), vec![7, 3, 9, 5]);
        assert_eq!(ranked(&window, &forms("roads")), vec![5, 9, 7, 3]);
        assert_eq!(ranked(&window, &forms("sadak")), vec![7, 3, 9, 5]);
        // Two words: the subject holding both first.
        let two = vec![(4, "सड़क".to_string()), (2, "सड़क में गड्ढे".to_string())];
        assert_eq!(ranked(&two, &forms("सड़क गड्ढे")), vec![2, 4]);
    }
}
