//! Category suggestions from a citizen's words (issue 17, part 3): the classifier
//! ([`nivaran_domain::suggest`]) trained on the state's own history and master data, stored in
//! `suggest_models` so every node answers with the same model, and the suggestions shown at
//! filing recorded with what was chosen, so accuracy is measured in use.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use nivaran_domain::msg;
use nivaran_domain::suggest::{Classifier, Example, StoredClassifier};

use futures_util::TryStreamExt;

use super::{MasterData, Result, Store, StoreError};

/// The most recent disposed cases read for training, and at most this many of one category (so
/// one busy category does not drown the others and training stays seconds at any size).
const HISTORY_CASES: i64 = 200_000;
const PER_CATEGORY: usize = 300;

/// The longest text a suggestion is asked for: the longest subject (200), a space and the longest
/// description (5,000).
pub const SUGGEST_MAX_CHARS: usize = 5_201;

/// How often a node asks whether another node (or `nivaran suggest train`) stored a newer model.
const CHECK_EVERY: Duration = Duration::from_secs(30);

/// How much a category's names and synonyms count against one case of history: a name is what
/// the category is, a case only one way of saying it.
const NAME_WEIGHT: f32 = 3.0;
const SYNONYM_WEIGHT: f32 = 2.0;
const PARENT_WEIGHT: f32 = 1.0;

/// The model a node answers with.
#[derive(Default)]
pub struct SuggestState {
    loaded: Mutex<Option<Loaded>>,
    /// Held while a node reads a newer model, so it is read once, not by every request.
    loading: tokio::sync::Mutex<()>,
}

#[derive(Clone)]
struct Loaded {
    /// The stored model this answers for; 0 while none is stored.
    id: i64,
    model: Arc<Classifier>,
    checked: Instant,
    /// The master data it was made for (a master-data-only model is remade when it changes).
    master: Arc<MasterData>,
    /// Made from master data alone (none stored, or the stored one could not be read).
    master_only: bool,
}

impl SuggestState {
    fn current(&self) -> Option<Loaded> {
        self.loaded.lock().expect("suggest lock").clone()
    }

    /// The model in use, if checked within [`CHECK_EVERY`] and made for this master data.
    fn fresh(&self, master: &Arc<MasterData>) -> Option<Arc<Classifier>> {
        self.current()
            .filter(|l| l.checked.elapsed() < CHECK_EVERY)
            .filter(|l| !l.master_only || Arc::ptr_eq(&l.master, master))
            .map(|l| l.model)
    }

    /// Keeps `loaded` unless a newer model is already kept (a slow read finishing after this
    /// node trained).
    fn keep(&self, loaded: Loaded) {
        let mut slot = self.loaded.lock().expect("suggest lock");
        if slot.as_ref().is_none_or(|l| l.id <= loaded.id) {
            *slot = Some(loaded);
        }
    }
}

/// Trains on owned examples (category code, text, weight).
fn train(examples: &[(String, String, f32)], cases: u64) -> Classifier {
    Classifier::train(
        examples.iter().map(|(code, text, weight)| Example {
            category: code,
            text,
            weight: *weight,
        }),
        cases,
    )
}

/// A category suggested for a text.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CategorySuggestion {
    pub code: String,
    pub name_en: String,
    pub name_hi: String,
    pub department_code: String,
    pub department_en: String,
    pub department_hi: String,
    /// The model's probability for it among all categories, 0–1.
    pub probability: f32,
}

/// What a training run did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TrainReport {
    pub id: i64,
    pub cases: u64,
    pub categories: usize,
    pub millis: u128,
}

/// The model in use, for the administrator's page.
#[derive(Debug, Clone)]
pub struct ModelInfo {
    /// `None` while no model has been trained (suggestions come from master data alone).
    pub trained_at: Option<nivaran_domain::Timestamp>,
    pub cases: u64,
}

/// How suggestions fared at filing, per channel.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct SuggestionUse {
    pub channel: String,
    /// Filings that were shown suggestions.
    pub shown: i64,
    /// … that chose the first, or any of those shown.
    pub chose_first: i64,
    pub chose_any: i64,
}

impl Store {
    /// Trains a model on the most recent disposed cases and master data and stores it: every
    /// node answers with it within [`CHECK_EVERY`].
    pub async fn train_suggestions(&self) -> Result<TrainReport> {
        let started = Instant::now();
        let master = self.master();
        // Read as a stream: only the cases kept (at most PER_CATEGORY of each) are held.
        let mut rows = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT category_id, subject, description FROM grievances \
             WHERE disposed_at IS NOT NULL ORDER BY disposed_at DESC LIMIT $1",
        )
        .bind(HISTORY_CASES)
        .fetch(self.pool());
        let mut per_category: std::collections::HashMap<i64, usize> = Default::default();
        let mut history: Vec<(String, String, f32)> = Vec::new();
        while let Some((category_id, subject, description)) = rows.try_next().await? {
            let Some(category) = master.categories.get(&category_id) else {
                continue;
            };
            let taken = per_category.entry(category_id).or_default();
            if *taken >= PER_CATEGORY {
                continue;
            }
            *taken += 1;
            history.push((
                category.code.clone(),
                format!("{subject} {description}"),
                1.0,
            ));
        }
        drop(rows);
        let cases = history.len() as u64;
        let mut examples = master_examples(&master);
        examples.extend(history);
        // Seconds of computing for a large register: off the threads that answer requests.
        let (model, json) = tokio::task::spawn_blocking(move || {
            let model = train(&examples, cases);
            // Plain numbers and strings: writing them cannot fail.
            let json = serde_json::to_string(&model.to_stored()).unwrap_or_default();
            (model, json)
        })
        .await
        .map_err(|_| StoreError::Unsupported(msg!("suggest-model-damaged")))?;
        let categories = model.categories().len();
        let now = self.now();
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO suggest_models (trained_at, cases, model) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(now.0)
        .bind(cases as i64)
        .bind(json)
        .fetch_one(&mut *tx)
        .await?;
        // Only the newest is ever used; older ones are kept no longer.
        sqlx::query("DELETE FROM suggest_models WHERE id < $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.suggest.keep(Loaded {
            id,
            model: Arc::new(model),
            checked: Instant::now(),
            master,
            master_only: false,
        });
        Ok(TrainReport {
            id,
            cases,
            categories,
            millis: started.elapsed().as_millis(),
        })
    }

    /// The model in use: the newest stored, checked for every [`CHECK_EVERY`]; one made from
    /// master data alone while none is stored (or the stored one cannot be read).
    async fn suggestion_model(&self) -> Result<Arc<Classifier>> {
        let master = self.master();
        if let Some(model) = self.suggest.fresh(&master) {
            return Ok(model);
        }
        // One load at a time; meanwhile the others answer with the model they have.
        let _turn = match self.suggest.loading.try_lock() {
            Ok(turn) => turn,
            Err(_) => match self.suggest.current() {
                Some(loaded) => return Ok(loaded.model),
                None => self.suggest.loading.lock().await,
            },
        };
        if let Some(model) = self.suggest.fresh(&master) {
            return Ok(model);
        }
        let current = self.suggest.current();
        let newest: Option<i64> =
            sqlx::query_scalar("SELECT id FROM suggest_models ORDER BY id DESC LIMIT 1")
                .fetch_optional(self.pool())
                .await?;
        let unchanged = |l: &Loaded| !l.master_only || Arc::ptr_eq(&l.master, &master);
        let loaded = match (newest, current) {
            (Some(id), Some(l)) if l.id == id && unchanged(&l) => Loaded {
                checked: Instant::now(),
                ..l
            },
            (None, Some(l)) if l.id == 0 && unchanged(&l) => Loaded {
                checked: Instant::now(),
                ..l
            },
            (Some(_), _) => {
                // The newest as it is now (a training on another node may have replaced the
                // one just seen).
                let row: Option<(i64, String)> =
                    sqlx::query_as("SELECT id, model FROM suggest_models ORDER BY id DESC LIMIT 1")
                        .fetch_optional(self.pool())
                        .await?;
                match row {
                    Some((id, json)) => self.read_model(id, json, &master).await,
                    None => self.master_only(0, &master).await,
                }
            }
            (None, _) => self.master_only(0, &master).await,
        };
        let model = loaded.model.clone();
        self.suggest.keep(loaded);
        Ok(model)
    }

    /// A stored model read; one from master data alone when it cannot be (damaged, or made by
    /// a build whose features differ), kept under its id so it is not read again until a
    /// newer one is trained.
    async fn read_model(&self, id: i64, json: String, master: &Arc<MasterData>) -> Loaded {
        let parsed = tokio::task::spawn_blocking(move || {
            serde_json::from_str::<StoredClassifier>(&json)
                .ok()
                .and_then(Classifier::from_stored)
        })
        .await
        .ok()
        .flatten();
        match parsed {
            Some(model) => Loaded {
                id,
                model: Arc::new(model),
                checked: Instant::now(),
                master: master.clone(),
                master_only: false,
            },
            None => {
                tracing::warn!(
                    id,
                    "the stored category-suggestion model cannot be read; suggesting from master data until it is trained again"
                );
                self.master_only(id, master).await
            }
        }
    }

    /// A model from master data alone.
    async fn master_only(&self, id: i64, master: &Arc<MasterData>) -> Loaded {
        let examples = master_examples(master);
        let model = tokio::task::spawn_blocking(move || train(&examples, 0))
            .await
            .unwrap_or_else(|_| train(&[], 0));
        Loaded {
            id,
            model: Arc::new(model),
            checked: Instant::now(),
            master: master.clone(),
            master_only: true,
        }
    }

    /// The `most` likeliest categories for what a person typed, best first (empty when none of
    /// its words is known).
    pub async fn suggest_categories(
        &self,
        text: &str,
        most: usize,
    ) -> Result<Vec<CategorySuggestion>> {
        let model = self.suggestion_model().await?;
        let master = self.master();
        Ok(model
            .suggest(text, most, |code| master.category_by_code(code).is_some())
            .into_iter()
            .filter_map(|s| {
                let category = master.category_by_code(&s.category)?;
                let department = master.departments.get(&category.department_id)?;
                Some(CategorySuggestion {
                    code: category.code.clone(),
                    name_en: category.name_en.clone(),
                    name_hi: category.name_hi.clone(),
                    department_code: department.code.clone(),
                    department_en: department.name_en.clone(),
                    department_hi: department.name_hi.clone(),
                    probability: s.probability,
                })
            })
            .collect())
    }

    /// When the model in use was trained, and on how many cases.
    pub async fn suggestion_model_info(&self) -> Result<ModelInfo> {
        let row: Option<(i64, i64)> =
            sqlx::query_as("SELECT trained_at, cases FROM suggest_models ORDER BY id DESC LIMIT 1")
                .fetch_optional(self.pool())
                .await?;
        Ok(match row {
            Some((at, cases)) => ModelInfo {
                trained_at: Some(nivaran_domain::Timestamp(at)),
                cases: cases as u64,
            },
            None => ModelInfo {
                trained_at: None,
                cases: 0,
            },
        })
    }

    /// Filings shown suggestions since `since`, and how often what was chosen was among them.
    pub async fn suggestion_use(
        &self,
        since: nivaran_domain::Timestamp,
    ) -> Result<Vec<SuggestionUse>> {
        Ok(sqlx::query_as(
            "SELECT channel, COUNT(*) AS shown, \
             SUM(CASE WHEN chosen_rank = 1 THEN 1 ELSE 0 END) AS chose_first, \
             SUM(CASE WHEN chosen_rank IS NOT NULL THEN 1 ELSE 0 END) AS chose_any \
             FROM category_suggestions WHERE filed_at >= $1 GROUP BY channel ORDER BY channel",
        )
        .bind(since.0)
        .fetch_all(self.pool())
        .await?)
    }
}

/// Where a filing's chosen category stood among the suggestions it was shown: 1 for the first,
/// `None` for one not shown.
pub fn chosen_rank(shown: &[String], chosen: &str) -> Option<i64> {
    shown
        .iter()
        .position(|code| code == chosen)
        .map(|i| i as i64 + 1)
}

/// What master data teaches: each category's names in both languages and each of its synonyms,
/// and its parent's names (a sub-category is a kind of its parent).
fn master_examples(master: &MasterData) -> Vec<(String, String, f32)> {
    let mut out = Vec::new();
    let mut categories: Vec<_> = master.categories.values().collect();
    categories.sort_by_key(|c| c.id);
    for c in categories {
        out.push((c.code.clone(), c.name_en.clone(), NAME_WEIGHT));
        out.push((c.code.clone(), c.name_hi.clone(), NAME_WEIGHT));
        for synonym in c
            .synonyms
            .split(';')
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            out.push((c.code.clone(), synonym.to_string(), SYNONYM_WEIGHT));
        }
        if let Some(parent) = c.parent_id.and_then(|p| master.categories.get(&p)) {
            out.push((c.code.clone(), parent.name_en.clone(), PARENT_WEIGHT));
            out.push((c.code.clone(), parent.name_hi.clone(), PARENT_WEIGHT));
        }
    }
    out
}

/// How the model in use scores on labelled texts (`data/eval/`): the share whose category is
/// first, and among the first three; how long a suggestion takes.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Evaluation {
    pub texts: usize,
    pub top1: f64,
    pub top3: f64,
    pub p50_micros: u128,
    pub p99_micros: u128,
    /// The texts whose category was not among the three, with what was suggested.
    pub misses: Vec<(String, String, Vec<String>)>,
}

/// The rows of a labelled CSV (`text,category`, a header first).
pub fn read_labelled(csv_text: &str) -> std::result::Result<Vec<(String, String)>, String> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| format!("the file has no '{name}' column"))
    };
    let (text, category) = (column("text")?, column("category")?);
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("line {}: {e}", i + 2))?;
        rows.push((
            record.get(text).unwrap_or_default().to_string(),
            record.get(category).unwrap_or_default().to_string(),
        ));
    }
    Ok(rows)
}

impl Store {
    /// Scores the model in use on `labelled` (text, category code) pairs.
    pub async fn evaluate_suggestions(&self, labelled: &[(String, String)]) -> Result<Evaluation> {
        let mut top1 = 0usize;
        let mut top3 = 0usize;
        let mut took = Vec::with_capacity(labelled.len());
        let mut misses = Vec::new();
        for (text, category) in labelled {
            let started = Instant::now();
            let suggested = self.suggest_categories(text, 3).await?;
            took.push(started.elapsed().as_micros());
            let codes: Vec<String> = suggested.into_iter().map(|s| s.code).collect();
            match codes.iter().position(|c| c == category) {
                Some(0) => {
                    top1 += 1;
                    top3 += 1;
                }
                Some(_) => top3 += 1,
                None => misses.push((text.clone(), category.clone(), codes)),
            }
        }
        took.sort_unstable();
        let at = |q: f64| {
            took.get(((took.len() as f64 * q).ceil() as usize).saturating_sub(1))
                .copied()
                .unwrap_or(0)
        };
        let n = labelled.len().max(1) as f64;
        Ok(Evaluation {
            texts: labelled.len(),
            top1: top1 as f64 / n,
            top3: top3 as f64 / n,
            p50_micros: at(0.50),
            p99_micros: at(0.99),
            misses,
        })
    }
}
