//! `diplograph serve`: the knowledge base in a browser, reloaded on save, with a JSON API.
//!
//! The server holds the last good [`Dataset`] in memory and answers from it; a watcher reloads
//! the files after each save and swaps the new dataset in only when it loaded without errors
//! (the errors, rendered as `check` renders them, are shown instead). The API (`/api/v1/...`)
//! answers through `diplograph-answer`, so its JSON is the command line's `--format json`.
//! Queries run on the blocking pool, each under a time budget past which it is stopped. The
//! page is plain HTML, CSS and JavaScript embedded in the binary; it works offline.

mod api;
mod assets;
mod budget;
mod diagram;
mod error;
mod params;
mod state;
mod watch;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use diplograph_loader::Cache;

pub use error::Error;
pub use state::{Current, Dataset, Problems, State};
pub use watch::{Watcher, watch};

/// The version of the API, in its paths (`/api/v1/...`) and in `/api/v1/status`.
pub const API_VERSION: u32 = 1;

/// How the server runs.
#[derive(Clone, Debug)]
pub struct Config {
    /// The dataset: a directory of `.ron` files (or one file).
    pub data: PathBuf,
    /// The longest a query may run before it is stopped.
    pub budget: Duration,
    /// Requests per second served at most (more wait their turn).
    pub rate: u64,
    /// Wait this long after the last save before reloading.
    pub debounce: Duration,
    /// Graphviz is stopped after this long when it draws a diagram.
    pub draw_timeout: Duration,
    /// A directory of source texts, `DIR/ID.txt` for source `ID`, as `check --sources` takes.
    pub sources: Option<PathBuf>,
    /// The cache of validated data the command line uses: a load reads a snapshot of unchanged
    /// data, and after a save reads only the files that changed (see `diplograph_loader::Cache`).
    /// `None`: every load reads every file.
    pub cache: Option<Cache>,
}

impl Config {
    /// A configuration for `data` with the default limits.
    pub fn new(data: PathBuf) -> Self {
        Self {
            data,
            budget: Duration::from_secs(5),
            rate: 2000,
            debounce: Duration::from_millis(200),
            draw_timeout: Duration::from_secs(20),
            sources: None,
            cache: None,
        }
    }
}

/// The whole application: the page, its assets and the API, with the security headers and
/// limits, on `state`.
pub fn router(state: Arc<State>) -> Router {
    let rate = state.config.rate.max(1);
    assets::protect(api::routes().merge(assets::routes()).with_state(state), rate)
}

/// Serves `config.data` on `listener` until `shutdown` completes; reloads on save.
///
/// The first load happens before anything is answered. It may have errors: then the page shows
/// them and the API answers 503 until a save fixes them.
pub async fn serve(
    config: Config,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    let state = State::load(config).await?;
    let _watcher = watch(state.clone())?;
    serve_state(state, listener, shutdown).await
}

/// Serves what `state` holds on `listener` until `shutdown` completes (without watching the
/// files: see [`watch`]).
pub async fn serve_state(
    state: Arc<State>,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Error> {
    axum::serve(listener, router(state).into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown)
        .await
        .map_err(Error::Io)
}
