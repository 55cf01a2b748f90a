//! Reloading on save: a file watcher (debounced) wakes a thread that reloads the data when a
//! data file really changed.

use diplograph_core::text::plural;
use std::sync::Arc;
use std::sync::mpsc;

use diplograph_loader::{fingerprint, is_data_file};
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
    let mut debouncer = new_debouncer(state.config.debounce, move |res: DebounceEventResult| match res {
        Ok(events) if events.iter().any(|e| is_data_file(&e.path)) => {
            let _ = tx.send(());
        }
        Ok(_) => {}
        Err(e) => eprintln!("warning: file watching reported: {e}"),
    })
    .map_err(|e| Error::Watch(e.to_string()))?;
    let root = state.data().to_owned();
    debouncer.watcher().watch(&root, RecursiveMode::Recursive).map_err(|e| Error::Watch(e.to_string()))?;
    let mut last = fingerprint(&root);
    std::thread::Builder::new()
        .name("diplograph-reload".into())
        .spawn(move || {
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
