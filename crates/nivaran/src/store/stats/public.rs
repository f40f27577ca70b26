//! The whole installation's figures as the public page and its open data show them, counted at
//! most once per period in `[dashboards] public_cache_seconds` on each node (issue 19, part 4):
//! anyone may ask for them, as often as they like, for any period; the database is asked once.

use super::*;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How many periods are kept at once: a period asked for beyond them replaces the one counted
/// longest ago, so that asking for every possible period costs no memory.
const PERIODS_KEPT: usize = 32;

/// Figures by district and by department, and when they were counted.
#[derive(Debug, Clone)]
pub struct PublicFigures {
    pub by_district: Vec<FigureRow>,
    pub by_department: Vec<FigureRow>,
    pub counted_at: Timestamp,
}

#[derive(Default)]
pub(in crate::store) struct PublicCache {
    /// How long figures are kept; zero counts them on every request.
    keep: Duration,
    periods: HashMap<(Date, Date), (Instant, Arc<PublicFigures>)>,
    /// Held while figures are counted: requests that find nothing kept wait for the one
    /// counting rather than count beside it (a state's year is seconds of work).
    counting: Arc<tokio::sync::Mutex<()>>,
}

impl PublicCache {
    fn kept(&self, key: &(Date, Date)) -> Option<Arc<PublicFigures>> {
        self.periods
            .get(key)
            .filter(|(at, _)| at.elapsed() < self.keep)
            .map(|(_, figures)| figures.clone())
    }
}

impl Store {
    /// Keeps the public figures this long (zero: counted on every request).
    pub fn set_public_cache(&self, keep: Duration) {
        let mut cache = self.public_cache.lock().expect("public cache lock");
        cache.keep = keep;
        cache.periods.clear();
    }

    /// How long the public figures are kept (for the answers' `Cache-Control`).
    pub fn public_cache(&self) -> Duration {
        self.public_cache.lock().expect("public cache lock").keep
    }

    /// The figures of the whole installation for `period`, by district and by department.
    pub async fn public_figures(&self, period: &Period) -> Result<Arc<PublicFigures>> {
        let key = (period.from, period.to);
        let counting = {
            let cache = self.public_cache.lock().expect("public cache lock");
            if let Some(figures) = cache.kept(&key) {
                return Ok(figures);
            }
            (cache.keep > Duration::ZERO).then(|| cache.counting.clone())
        };
        let _turn = match &counting {
            Some(counting) => Some(counting.lock().await),
            None => None,
        };
        // Counted by the request before this one, while it waited.
        if let Some(figures) = self
            .public_cache
            .lock()
            .expect("public cache lock")
            .kept(&key)
        {
            return Ok(figures);
        }
        let figures = Arc::new(PublicFigures {
            by_district: self
                .dashboard(&Scope::All, period, Breakdown::District, &[])
                .await?,
            by_department: self
                .dashboard(&Scope::All, period, Breakdown::Department, &[])
                .await?,
            counted_at: self.now(),
        });
        let mut cache = self.public_cache.lock().expect("public cache lock");
        if cache.keep > Duration::ZERO {
            let keep = cache.keep;
            cache.periods.retain(|_, (at, _)| at.elapsed() < keep);
            if cache.periods.len() >= PERIODS_KEPT
                && let Some(oldest) = cache
                    .periods
                    .iter()
                    .min_by_key(|(_, (at, _))| *at)
                    .map(|(key, _)| *key)
            {
                cache.periods.remove(&oldest);
            }
            cache.periods.insert(key, (Instant::now(), figures.clone()));
        }
        Ok(figures)
    }
}
