//! What a computation read, recorded as it reads. A stage reads the project through accessors that
//! record each input they hand out ([`Read`]) with a fingerprint of what they handed out; the record is
//! what the cache above the stages keys a result by (`build::memo`): the result still holds while every
//! input it recorded gives the same fingerprint. A stage cannot read an input without recording it, so
//! no list of what it reads can fall behind what it does.

use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

/// One input of a computation.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Read {
    /// An input file's text, or a table's stamp, by path from the project root (a table a dataset reads).
    File(PathBuf),
    /// The table files under a folder, by path from the project root (a dataset's `files:` pattern).
    Tables(PathBuf),
    /// A dataset by id: its values and words, or that its file has errors, or that there is none.
    Dataset(String),
    /// A dataset's title by id, as a link to its page shows it, or that there is no such dataset.
    DatasetTitle(String),
    /// The ids of every dataset (a hint names the nearest to an unknown one).
    DatasetIds,
    /// One of the run's settings.
    Setting(Setting),
    /// The figures of one report that the run marks as revised, by slug.
    Revisions(String),
    /// The reports before and after one (by slug) in the site's order, as its page links them.
    Neighbours(String),
    /// The versions of one report's story (by slug) in other languages, as its page links them.
    Story(String),
    /// What every page shows besides its own content: the site's title, address and words, and the
    /// templates.
    Layout,
}

/// The settings a computation can read, from `site.yaml`, the command line and the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Setting {
    /// The site's title.
    Title,
    /// The site's address.
    BaseUrl,
    /// The site's language, for reports that have none of their own.
    Language,
    /// Whether a claim the data does not give is recorded instead of failing the run.
    RecordFailingClaims,
    /// Whether the run writes the figures manifest.
    Manifest,
    /// Whether the site has PNGs: share images and each chart's.
    ShareImages,
}

/// What answers for the inputs of a run: the fingerprint each [`Read`] gives now. The accessors that
/// record a read take its fingerprint from the same place, so a record made in one run compares with
/// the next run's answer.
pub(crate) trait Inputs: Sync {
    fn fingerprint(&self, read: &Read) -> u64;
}

/// The reads of one computation, in the order they were made (each input once).
#[derive(Debug, Default)]
pub(crate) struct Reads(Mutex<Vec<(Read, u64)>>);

impl Reads {
    /// Records that `read` gave what has `fingerprint`.
    pub(crate) fn record(&self, read: Read, fingerprint: u64) {
        let mut reads = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if !reads.iter().any(|(r, _)| *r == read) {
            reads.push((read, fingerprint));
        }
    }

    /// Every read so far.
    pub(crate) fn to_vec(&self) -> Vec<(Read, u64)> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Of every read so far: two computations that read the same inputs and got the same have the same.
    pub(crate) fn fingerprint(&self) -> u64 {
        let mut reads = self.to_vec();
        reads.sort();
        crate::fs::fingerprint(&reads)
    }
}

/// Whether every read of `reads` gives what it gave when it was recorded.
pub(crate) fn still_holds(reads: &[(Read, u64)], inputs: &dyn Inputs) -> bool {
    reads.iter().all(|(read, fingerprint)| inputs.fingerprint(read) == *fingerprint)
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(u64);

    impl Inputs for Fixed {
        fn fingerprint(&self, _: &Read) -> u64 {
            self.0
        }
    }

    #[test]
    fn a_record_holds_while_its_inputs_give_the_same() {
        let reads = Reads::default();
        reads.record(Read::Dataset("a".into()), 7);
        reads.record(Read::Setting(Setting::Language), 7);
        reads.record(Read::Dataset("a".into()), 8);
        let record = reads.to_vec();
        assert_eq!(record.len(), 2, "each input once, as first read");
        assert!(still_holds(&record, &Fixed(7)));
        assert!(!still_holds(&record, &Fixed(8)));
        let other = Reads::default();
        other.record(Read::Setting(Setting::Language), 7);
        other.record(Read::Dataset("a".into()), 7);
        assert_eq!(reads.fingerprint(), other.fingerprint(), "the order of reads does not matter");
    }
}
