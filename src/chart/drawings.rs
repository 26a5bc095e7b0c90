//! Drawn charts kept for reuse: reports often chart the same data, and a dataset's page charts it too.
//! A drawing is a function of its dataset (by fingerprint), spec and language, so it is kept under the
//! fingerprint of those and is never stale. Drawings that a run did not ask for are dropped after the
//! run after it ([`Charts::next_run`]), so that a long `serve` holds only what its site draws.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::{draw, figure_html, Chart, ChartSpec};
use crate::dataset::Dataset;
use crate::fs::fingerprint;
use crate::lang::Lang;

/// Drawn charts, and the `<figure>`s made of them, by the fingerprint of what they were made from.
#[derive(Default)]
pub(crate) struct Charts {
    drawn: Generations<Arc<Chart>>,
    figures: Generations<Arc<str>>,
}

impl Charts {
    /// `spec` over `dataset` in `lang`, drawn once (and reused from the run before).
    pub(crate) fn draw(&self, dataset: &Dataset, spec: &ChartSpec, lang: Lang) -> Result<Arc<Chart>, String> {
        let key = fingerprint(&(dataset.fingerprint, &dataset.id, spec, lang));
        self.drawn.get_or_make(key, || draw(dataset, spec, lang).map(Arc::new))
    }

    /// The chart's `<figure>` with the ids of `id`, on one line (see [`figure_html`]).
    pub(crate) fn figure(&self, dataset: &Dataset, spec: &ChartSpec, lang: Lang, id: &str) -> Result<Arc<str>, String> {
        let key = fingerprint(&(dataset.fingerprint, &dataset.id, spec, lang, id));
        // One line, so that the Markdown around it keeps its line numbers and the HTML block is not split.
        self.figures.get_or_make(key, || {
            let chart = self.draw(dataset, spec, lang)?;
            Ok(Arc::from(figure_html(&chart, id, lang).replace('\n', " ")))
        })
    }

    /// Starts the next run: what neither it nor the run before asks for is dropped.
    pub(crate) fn next_run(&self) {
        self.drawn.next_run();
        self.figures.next_run();
    }
}

/// What this run made or used, and what the run before did.
struct Generations<V> {
    maps: Mutex<[HashMap<u64, V>; 2]>,
}

impl<V> Default for Generations<V> {
    fn default() -> Self {
        Generations { maps: Mutex::new([HashMap::new(), HashMap::new()]) }
    }
}

impl<V: Clone> Generations<V> {
    fn get_or_make<E>(&self, key: u64, make: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        {
            let mut maps = self.maps.lock().unwrap_or_else(PoisonError::into_inner);
            let [current, previous] = &mut *maps;
            if let Some(value) = current.get(&key) {
                return Ok(value.clone());
            }
            if let Some(value) = previous.remove(&key) {
                current.insert(key, value.clone());
                return Ok(value);
            }
        }
        // Made outside the lock: two threads may make the same drawing once each, never wait on one.
        let value = make()?;
        self.maps.lock().unwrap_or_else(PoisonError::into_inner)[0].insert(key, value.clone());
        Ok(value)
    }

    fn next_run(&self) {
        let mut maps = self.maps.lock().unwrap_or_else(PoisonError::into_inner);
        let used = std::mem::take(&mut maps[0]);
        maps[1] = used;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_two_runs_did_not_use_is_dropped() {
        let kept: Generations<u32> = Generations::default();
        let made = std::cell::Cell::new(0);
        let make = |v: u32| {
            made.set(made.get() + 1);
            Ok::<_, ()>(v)
        };
        assert_eq!(kept.get_or_make(1, || make(10)), Ok(10));
        kept.next_run();
        assert_eq!(kept.get_or_make(1, || make(11)), Ok(10), "kept from the run before");
        kept.next_run();
        kept.next_run();
        assert_eq!(kept.get_or_make(1, || make(12)), Ok(12), "dropped after a run that did not use it");
        assert_eq!(made.get(), 2);
    }
}
