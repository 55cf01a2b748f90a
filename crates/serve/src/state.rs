//! What the server holds: the last good dataset (graph, files, views), the errors of the last
//! load when it failed, and how a reload swaps them.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use diplograph_core::query::View;
use diplograph_core::{Filter, Graph};
use diplograph_loader::{CacheStatus, Cancel, Fingerprint, LoadOptions, Loaded, fingerprint};

use crate::Config;
use crate::error::Error;
use crate::params::FilterKey;

/// Views kept for the next queries with the same filter, most recent first.
const KEPT_VIEWS: usize = 8;

/// The views of one graph, by filter.
type Views<'g> = Mutex<Vec<(FilterKey, Arc<View<'g>>)>>;

self_cell::self_cell!(
    /// A graph and the views built on it, which borrow it.
    struct GraphCell {
        owner: Graph,
        #[not_covariant]
        dependent: Views,
    }
);

/// A dataset that loaded without errors: its graph, its files (for positions), and the views
/// queries built on it.
pub struct Dataset {
    cell: GraphCell,
    /// The load, without its graph: files, locations, warnings.
    pub loaded: Loaded,
    /// The number of the load that gave it (1 for the first).
    pub generation: u64,
    /// When it was loaded.
    pub loaded_at: SystemTime,
    /// The first and last years the relations' dates mention.
    pub years: Option<[u16; 2]>,
    /// How long the load took, from the start of reading to the graph ready to serve.
    pub load_time: Duration,
    /// The data files whose relations were not read again: taken from the cache's snapshot
    /// of unchanged data or from the per-file snapshots of unchanged files.
    pub reused_files: usize,
}

impl Dataset {
    /// The graph.
    pub fn graph(&self) -> &Graph {
        self.cell.borrow_owner()
    }

    /// Runs `f` with the view of the graph through `filter` (`key` names the filter): a view
    /// kept from an earlier query with the same filter, or a new one, then kept.
    pub(crate) fn with_view<R>(&self, key: &FilterKey, filter: &Filter, f: impl FnOnce(&View<'_>) -> R) -> R {
        self.cell.with_dependent(|graph, views| {
            let kept = {
                let mut list = views.lock().unwrap_or_else(|e| e.into_inner());
                let found = list.iter().position(|(k, _)| k == key);
                found.map(|i| {
                    let entry = list.remove(i);
                    let view = entry.1.clone();
                    list.insert(0, entry);
                    view
                })
            };
            let view = match kept {
                Some(v) => v,
                None => {
                    // Built outside the lock: other filters' queries go on meanwhile.
                    let view = Arc::new(View::new(graph, filter));
                    let mut list = views.lock().unwrap_or_else(|e| e.into_inner());
                    list.insert(0, (key.clone(), view.clone()));
                    list.truncate(KEPT_VIEWS);
                    view
                }
            };
            f(&view)
        })
    }
}

/// The first and last years of the relations' dates.
fn years(graph: &Graph) -> Option<[u16; 2]> {
    let all = graph.relations().flat_map(|(_, r)| [r.since, r.until]).flatten().map(|d| d.year_part());
    all.fold(None, |range, y| match range {
        None => Some([y, y]),
        Some([a, b]) => Some([a.min(y), b.max(y)]),
    })
}

/// The errors of a load that failed, rendered as `check` renders them.
#[derive(Clone, Debug)]
pub struct Problems {
    /// Every error and warning, with file:line:col, snippet and help (no colour).
    pub rendered: String,
    /// The number of errors.
    pub errors: usize,
    /// The number of warnings.
    pub warnings: usize,
}

/// What is served now.
#[derive(Clone)]
pub struct Current {
    /// The last dataset that loaded without errors (none while the data has never loaded).
    pub good: Option<Arc<Dataset>>,
    /// The errors of the last load, when it failed; none when the last load was good.
    pub problems: Option<Problems>,
    /// The number of loads so far.
    pub loads: u64,
}

/// The server's state: its configuration and what it serves.
pub struct State {
    /// How it runs.
    pub config: Config,
    current: RwLock<Current>,
    /// Held by the reload in progress, so that two reloads do not race; the fingerprint of the
    /// files taken before the last load read them.
    reloading: Mutex<Fingerprint>,
    /// How many queries are computing now, stopped ones included until they end.
    pub(crate) running: AtomicUsize,
}

impl State {
    /// Loads the data for the first time (on the blocking pool).
    pub async fn load(config: Config) -> Result<Arc<State>, Error> {
        let state = Arc::new(State::empty(config));
        let s = state.clone();
        tokio::task::spawn_blocking(move || s.reload())
            .await
            .map_err(|e| Error::Io(std::io::Error::other(e.to_string())))??;
        Ok(state)
    }

    /// A state that serves nothing yet (call [`State::reload`]).
    pub fn empty(config: Config) -> Self {
        State {
            config,
            current: RwLock::new(Current { good: None, problems: None, loads: 0 }),
            reloading: Mutex::new(Fingerprint::new()),
            running: AtomicUsize::new(0),
        }
    }

    /// What is served now.
    pub fn current(&self) -> Current {
        self.current.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Loads the data again. A load without errors replaces the dataset served; a load with
    /// errors leaves it and records the errors. The swap happens only once the new dataset is
    /// complete, so a query never sees a half-built graph.
    pub fn reload(&self) -> Result<(), Error> {
        let mut seen = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        // Before reading: a save made during the load then differs from it.
        *seen = fingerprint(&self.config.data);
        let started = Instant::now();
        let options = LoadOptions { sources: self.config.sources.clone(), ..LoadOptions::default() };
        let loaded = match &self.config.cache {
            Some(cache) => diplograph_loader::load_cached(&self.config.data, &options, cache),
            None => {
                diplograph_loader::load(&self.config.data, &options).map(|l| (l, CacheStatus::Miss { written: false }))
            }
        };
        let (mut loaded, status) = match loaded {
            Ok(l) => l,
            Err(e) => {
                // The data cannot be read at all (its directory was removed, say): an error
                // like the others, the last good graph still served.
                let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
                if current.loads == 0 {
                    return Err(e.into());
                }
                current.loads += 1;
                current.problems = Some(Problems { rendered: format!("error: {e}\n"), errors: 1, warnings: 0 });
                return Ok(());
            }
        };
        let generation = self.current().loads + 1;
        let graph = loaded.graph.take().filter(|_| loaded.error_count() == 0);
        let problems = match &graph {
            Some(_) => None,
            None => Some(Problems {
                rendered: loaded.render(false),
                errors: loaded.error_count().max(1),
                warnings: loaded.warning_count(),
            }),
        };
        let reused_files = match status {
            CacheStatus::Hit => loaded.data_files,
            CacheStatus::Updated { reused, .. } => reused,
            CacheStatus::Miss { .. } | CacheStatus::Bypassed => 0,
        };
        let dataset = graph.map(|graph| {
            let years = years(&graph);
            Arc::new(Dataset {
                years,
                load_time: started.elapsed(),
                reused_files,
                cell: GraphCell::new(graph, |_| Mutex::new(Vec::new())),
                loaded,
                generation,
                loaded_at: SystemTime::now(),
            })
        });
        let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
        current.loads = generation;
        current.problems = problems;
        let old = match dataset {
            Some(d) => current.good.replace(d),
            None => None,
        };
        drop(current);
        // The old dataset is freed (when no query holds it any more) outside the lock.
        drop(old);
        Ok(())
    }

    /// Loads the data once more through the cache and lets the load go, serving nothing new;
    /// the status of that load, `None` when there was none: without a cache (every reload then
    /// reads every file), with source texts outside the data (which bypass it), while the data
    /// has never loaded, or when `cancel` was cancelled first.
    ///
    /// A reload builds a whole new dataset beside the one served: the first one after the
    /// server starts asks the system for that much memory again, and the system clears every
    /// page of it before the first use, which took longer than the reload's own work at 1M
    /// relations (docs/performance.md). Later reloads reuse the memory of the dataset they
    /// replaced. Loading once in advance, while nothing waits for it, gives the first reload
    /// memory already in use. A reload waits for it: cancel it first.
    pub fn warm_up(&self, cancel: &Cancel) -> Option<CacheStatus> {
        let cache = self.config.cache.as_ref().filter(|_| self.config.sources.is_none())?;
        self.current().good.as_ref()?;
        let _one_at_a_time = self.reloading.lock().unwrap_or_else(|e| e.into_inner());
        let options = LoadOptions { cancel: cancel.clone(), ..LoadOptions::default() };
        let (loaded, status) = diplograph_loader::load_cached(&self.config.data, &options, cache).ok()?;
        drop(loaded);
        Some(status)
    }

    /// The [`Fingerprint`] of the files as they were just before the last load read them: a
    /// watcher started after the load compares it with the files' to see a save made since.
    pub fn loaded_fingerprint(&self) -> Fingerprint {
        self.reloading.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// How many queries are computing now on the blocking pool: a query past its budget counts
    /// until it has seen its stop flag and ended.
    pub fn queries_running(&self) -> usize {
        self.running.load(Ordering::Relaxed)
    }

    /// The data path.
    pub fn data(&self) -> &Path {
        &self.config.data
    }
}
