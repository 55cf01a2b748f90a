//! Stopping a load from another thread: a flag the load looks at between files and every few
//! thousand relations, after which it gives up with [`Error::Cancelled`] rather than a graph.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::Error;

/// How many relations a file's reading goes through between two looks at the flag.
pub(crate) const CHECK_EVERY: usize = 4096;

/// A handle that cancels the loads given it in [`LoadOptions::cancel`](crate::LoadOptions::cancel)
/// (clones share one flag). A load looks at it before each file it reads, parses or takes the
/// relations of, and every 4096 relations while it reads them; once it is set, the load
/// stops and [`load`](crate::load), [`load_with`](crate::load_with) and
/// [`load_cached`](crate::load_cached) return [`Error::Cancelled`], never a half-built graph (and
/// the cache writes nothing). Looking costs one relaxed atomic load.
#[derive(Clone, Debug, Default)]
pub struct Cancel {
    flag: Arc<AtomicBool>,
    /// How many times a load looked at the flag, and at which look it waits until cancelled
    /// (0: never), so that a test can cancel in the middle of a load.
    #[cfg(test)]
    looks: Arc<[std::sync::atomic::AtomicUsize; 2]>,
}

impl Cancel {
    /// A handle not cancelled yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Cancels every load given this handle (or a clone of it), now and later.
    pub fn cancel(&self) {
        self.flag.store(true, Ordering::Relaxed);
    }

    /// Whether [`cancel`](Self::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        #[cfg(test)]
        if self.looks[0].fetch_add(1, Ordering::Relaxed) + 1 == self.looks[1].load(Ordering::Relaxed) {
            while !self.flag.load(Ordering::Relaxed) {
                std::thread::yield_now();
            }
        }
        self.flag.load(Ordering::Relaxed)
    }

    /// `Err(Error::Cancelled)` once cancelled.
    pub(crate) fn check(&self) -> Result<(), Error> {
        if self.is_cancelled() { Err(Error::Cancelled) } else { Ok(()) }
    }

    /// How many times a load looked at the flag so far.
    #[cfg(test)]
    fn looks(&self) -> usize {
        self.looks[0].load(Ordering::Relaxed)
    }

    /// Makes the load wait at its `look`th look at the flag until it is cancelled.
    #[cfg(test)]
    fn wait_at(&self, look: usize) {
        self.looks[1].store(look, Ordering::Relaxed);
    }
}

impl From<Arc<AtomicBool>> for Cancel {
    /// A handle on an existing flag: setting the flag cancels the loads.
    fn from(flag: Arc<AtomicBool>) -> Self {
        Self {
            flag,
            #[cfg(test)]
            looks: Arc::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::{Cache, LoadOptions, load, load_cached, load_texts, load_with};

    /// A generated dataset of `relations` relations in `files` files.
    fn generated(dir: &Path, relations: usize, files: usize) {
        let vocabulary = load_texts(&[], &LoadOptions::default()).graph.expect("the built-in vocabulary");
        let spec = diplograph_gen::SynthSpec { actors: relations / 10, relations, files, seed: 3 };
        diplograph_gen::generate(vocabulary.vocabulary(), &spec, |name, text| std::fs::write(dir.join(name), text))
            .unwrap();
    }

    fn cancelled(cancel: &Cancel) -> LoadOptions {
        LoadOptions { cancel: cancel.clone(), ..LoadOptions::default() }
    }

    #[test]
    fn a_load_cancelled_before_it_starts_reads_nothing_and_says_so() {
        let dir = tempfile::tempdir().unwrap();
        generated(dir.path(), 2_000, 4);
        let cancel = Cancel::new();
        assert!(load(dir.path(), &cancelled(&cancel)).unwrap().graph.is_some());
        cancel.cancel();
        let options = cancelled(&cancel);
        assert!(matches!(load(dir.path(), &options), Err(Error::Cancelled)));
        assert!(matches!(load_with(dir.path(), &[], &options), Err(Error::Cancelled)));
        let cache = Cache { dir: dir.path().join(".cache"), version: "test".into(), texts: true, warnings: true };
        assert!(matches!(load_cached(dir.path(), &options, &cache), Err(Error::Cancelled)));
        assert!(!cache.dir.exists(), "a cancelled load writes nothing to the cache");
        let message = Error::Cancelled.to_string();
        assert!(message.contains("cancelled"), "{message}");
        // Without an error to return, loading texts gives no graph and one error.
        let texts = load_texts(&[("a.ron", "Graph(actors: [Country(id: \"a\", name: \"A\")])")], &options);
        assert!(texts.graph.is_none());
        assert_eq!(texts.error_count(), 1, "{}", texts.render(false));
        assert!(texts.render(false).contains("cancelled"), "{}", texts.render(false));
    }

    #[test]
    fn a_load_cancelled_from_another_thread_stops_with_the_error() {
        let dir = tempfile::tempdir().unwrap();
        // One file of many more relations than the flag is looked at between: it is looked at
        // while they are read.
        generated(dir.path(), 30_000, 1);
        let full = Cancel::new();
        assert!(load(dir.path(), &cancelled(&full)).unwrap().graph.is_some());
        let looks = full.looks();
        assert!(looks > 30_000 / CHECK_EVERY, "{looks} looks");
        let cache = Cache { dir: dir.path().join(".cache"), version: "test".into(), texts: true, warnings: true };
        for cached in [false, true] {
            // The load waits at a third of its looks at the flag until the other thread has
            // cancelled it: the cancel always comes in the middle of the load.
            let cancel = Cancel::new();
            cancel.wait_at(looks / 3);
            let canceller = std::thread::spawn({
                let cancel = cancel.clone();
                move || {
                    while cancel.looks() < looks / 3 {
                        std::thread::yield_now();
                    }
                    cancel.cancel();
                }
            });
            let options = cancelled(&cancel);
            let result = match cached {
                false => load(dir.path(), &options),
                true => load_cached(dir.path(), &options, &cache).map(|(l, _)| l),
            };
            canceller.join().unwrap();
            assert!(matches!(result, Err(Error::Cancelled)), "cached: {cached}: {:?}", result.map(|l| l.render(false)));
        }
        assert!(!cache.dir.exists(), "a cancelled load writes nothing to the cache");
        // Not cancelled, the same load gives the whole graph.
        let loaded = load(dir.path(), &LoadOptions::default()).unwrap();
        assert_eq!(loaded.error_count(), 0);
        assert_eq!(loaded.graph.unwrap().relations().count(), 30_000);
    }
}
