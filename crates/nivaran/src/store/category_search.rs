//! Finding a category by what a person types (issue 17, part 4): "पानी", "water", "paani" or
//! "nal" finds the water categories; "सडक" (no nukta) finds "सड़कें"; "roads" finds "Roads".
//! Each category is known by the words of its names in both languages, its code, its
//! department's names, its synonyms (master data: a bilingual list per category, editable by
//! the administrator) and those of the categories above it, folded and stemmed as
//! `nivaran_domain::search` does, and by how each word sounds (a word typed in Latin letters
//! meets its Devanagari). Built once per master-data load.

use super::master::{Category, MasterData};
use nivaran_domain::search::{is_devanagari, sound_key, words};
use std::collections::{HashMap, HashSet};

/// The most characters a category's synonyms may take in all.
pub(super) const MAX_SYNONYMS: usize = 2000;

/// A category's synonyms as kept: `;`-separated words or phrases, each with its spaces made
/// single, the empty ones left out; `None` when longer than [`MAX_SYNONYMS`].
pub(super) fn clean_synonyms(value: &str) -> Option<String> {
    let joined = nivaran_domain::text::normalize(value)
        .split(';')
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("; ");
    (joined.chars().count() <= MAX_SYNONYMS).then_some(joined)
}

/// What a category is known by.
#[derive(Debug, Default, Clone)]
pub struct CategoryKeys {
    /// Folded, stemmed words.
    words: Vec<String>,
    /// How its Devanagari words sound (a word typed in Latin letters meets them; Latin words
    /// and codes are met by their starts: "pan" of PAN-MGN must not sound like "paani").
    sounds: HashSet<String>,
}

impl CategoryKeys {
    fn add(&mut self, text: &str) {
        for word in words(text) {
            let devanagari = word.chars().any(is_devanagari);
            let sound = sound_key(&word);
            if devanagari && sound.chars().count() >= 2 {
                self.sounds.insert(sound);
            }
            self.words.push(word);
        }
    }

    /// Does a typed word (folded and stemmed) name this category? The start of one of its
    /// words, or a whole word that sounds like one of them.
    fn has(&self, typed: &str, typed_sound: &str) -> bool {
        self.words.iter().any(|w| w.starts_with(typed))
            || (typed_sound.chars().count() >= 2 && self.sounds.contains(typed_sound))
    }
}

/// The keys of every category.
pub(super) fn keys_of(data: &MasterData) -> HashMap<i64, CategoryKeys> {
    let mut own: HashMap<i64, CategoryKeys> = HashMap::new();
    for c in data.categories.values() {
        let mut keys = CategoryKeys::default();
        keys.add(&c.name_en);
        keys.add(&c.name_hi);
        keys.add(&c.code.replace('-', " "));
        keys.add(&c.synonyms.replace(';', " "));
        if let Some(d) = data.departments.get(&c.department_id) {
            keys.add(&d.name_en);
            keys.add(&d.name_hi);
        }
        own.insert(c.id, keys);
    }
    // A subcategory is found by its parents' words too ("पानी" finds "पेयजल आपूर्ति बाधित").
    let mut all = HashMap::with_capacity(own.len());
    for c in data.categories.values() {
        let mut keys = own[&c.id].clone();
        let mut parent = c.parent_id;
        let mut depth = 0;
        while let Some(p) = parent.filter(|_| depth < 8) {
            if let Some(up) = own.get(&p) {
                keys.words.extend(up.words.iter().cloned());
                keys.sounds.extend(up.sounds.iter().cloned());
            }
            parent = data.categories.get(&p).and_then(|x| x.parent_id);
            depth += 1;
        }
        all.insert(c.id, keys);
    }
    all
}

/// A search for categories, as typed.
pub struct CategoryQuery {
    /// (folded and stemmed word, how it sounds)
    typed: Vec<(String, String)>,
}

impl CategoryQuery {
    pub fn parse(q: &str) -> CategoryQuery {
        CategoryQuery {
            typed: words(q)
                .into_iter()
                .map(|w| {
                    let sound = sound_key(&w);
                    (w, sound)
                })
                .collect(),
        }
    }

    /// Nothing to look for: every category matches.
    pub fn is_empty(&self) -> bool {
        self.typed.is_empty()
    }
}

impl MasterData {
    /// Does `category` answer `query`? Every typed word must name it.
    pub fn category_matches(&self, category: &Category, query: &CategoryQuery) -> bool {
        let Some(keys) = self.category_keys.get(&category.id) else {
            return query.is_empty();
        };
        query
            .typed
            .iter()
            .all(|(word, sound)| keys.has(word, sound))
    }
}
