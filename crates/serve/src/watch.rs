//! Reloading on save: a file watcher (debounced) wakes a thread that reloads the data when a
//! data file really changed. Before the first save, that thread loads the data once in advance
//! ([`State::warm_up`]), given up as soon as a file really changes.

use diplograph_core::text::plural;
use std::sync::Arc;
use std::sync::mpsc;

use diplograph_loader::{Cancel, fingerprint, is_data_file};
use notify_debouncer_mini::notify::{RecommendedWatcher, RecursiveMode};
use notify_debouncer_mini::{DebounceEventResult, Debouncer, new_debouncer};

use crate::error::Error;
use crate::state::State;

/// Watches the data for the server in `state` (see [`watch`]); watching stops when dropped.
pub struct Watcher {
    _debouncer: Debouncer<RecommendedWatcher>,
}

/// Starts watching the data of `state`: after each save of a data file (debounced), the data is
/// reloaded on a thread of its own (see [`State::reload`]).
pub fn watch(state: Arc<State>) -> Result<Watcher, Error> {
    let (tx, rx) = mpsc::channel::<()>();
    let root = state.data().to_owned();
    // The files as the load served read them: a save made since, before the watching below
    // began, gives no event, but a fingerprint that differs.
    let mut last = state.loaded_fingerprint();
    // Cancelled by the first real change, and once the load in advance is over.
    let warming = Cancel::new();
    let (first, cancel, watched, wake) = (last.clone(), warming.clone(), root.clone(), tx.clone());
    let mut debouncer = new_debouncer(state.config.debounce, move |res: DebounceEventResult| match res {
        Ok(events) if events.iter().any(|e| is_data_file(&e.path)) => {
            // The load in advance reads the files, which is an event too: only a real change
            // stops it.
            if !cancel.is_cancelled() && fingerprint(&watched) != first {
                cancel.cancel();
            }
            let _ = tx.send(());
        }
        Ok(_) => {}
        Err(e) => eprintln!("warning: file watching reported: {e}"),
    })
    .map_err(|e| Error::Watch(e.to_string()))?;
    debouncer.watcher().watch(&root, RecursiveMode::Recursive).map_err(|e| Error::Watch(e.to_string()))?;
    if fingerprint(&root) != last {
        warming.cancel();
        let _ = wake.send(());
    }
    std::thread::Builder::new()
        .name("diplograph-reload".into())
        .spawn(move || {
            state.warm_up(&warming);
            warming.cancel();
            for () in rx {
                // Reading the files is an event too: only a real change counts.
                let now = fingerprint(&root);
                if now == last {
                    continue;
                }
                last = now;
                match state.reload() {
                    Ok(()) => match state.current().problems {
                        None => eprintln!("reloaded {}", root.display()),
                        Some(p) => {
                            eprintln!("the data has {}; still serving the last good data", plural(p.errors, "error"))
                        }
                    },
                    Err(e) => eprintln!("error: {e}"),
                }
            }
        })
        .map_err(Error::Io)?;
    Ok(Watcher { _debouncer: debouncer })
}
