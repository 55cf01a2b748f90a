//! Running a query off the async threads, under a time budget: past it, the query's stop flag
//! is set, the query ends at its next check, and the client gets a clear answer at once.

use diplograph_core::text::plural;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::state::{Dataset, State};

/// Sets the stop flag when dropped: when the budget runs out, and when the client goes away
/// (the request's future is dropped).
struct StopOnDrop(Arc<AtomicBool>);

impl Drop for StopOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Counts a query in [`State::queries_running`] until it has computed, however it ends.
struct Running(Arc<State>);

impl Running {
    fn start(state: Arc<State>) -> Self {
        state.running.fetch_add(1, Ordering::Relaxed);
        Running(state)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.0.running.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Answers with the JSON `query` returns, computed on the blocking pool from the dataset
/// served now, within the state's budget. `query` gets the stop flag to give the views of
/// long queries (see `View::with_stop`).
pub(crate) async fn answer(
    state: &Arc<State>,
    query: impl FnOnce(&Dataset, &Arc<AtomicBool>) -> Result<String, ApiError> + Send + 'static,
) -> Result<Response, ApiError> {
    let dataset = served(state)?;
    let generation = dataset.generation;
    let stop = Arc::new(AtomicBool::new(false));
    let guard = StopOnDrop(stop.clone());
    // Counted from now, so that a query not started yet counts too.
    let running = Running::start(state.clone());
    let task = tokio::task::spawn_blocking(move || {
        let _running = running;
        query(&dataset, &stop)
    });
    let budget = state.config.budget;
    let json = match tokio::time::timeout(budget, task).await {
        Ok(Ok(result)) => result?,
        Ok(Err(e)) => {
            return Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", format!("the query failed: {e}")));
        }
        Err(_) => return Err(ApiError::over_budget(budget)),
    };
    drop(guard);
    Ok(json_response(json, generation))
}

/// The dataset served now, or 503 with the errors when the data has never loaded.
pub(crate) fn served(state: &State) -> Result<Arc<Dataset>, ApiError> {
    let current = state.current();
    current.good.ok_or_else(|| {
        let errors = current.problems.map_or(0, |p| p.errors);
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "data_has_errors",
            format!(
                "the data has {} and has not loaded yet; fix them (see /api/v1/status or `diplograph check`)",
                plural(errors, "error")
            ),
        )
    })
}

/// A JSON body, with the number of the load it was answered from.
pub(crate) fn json_response(json: String, generation: u64) -> Response {
    let mut response =
        ([(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"))], json).into_response();
    if let Ok(v) = HeaderValue::from_str(&generation.to_string()) {
        response.headers_mut().insert("x-diplograph-load", v);
    }
    response
}

/// Serialises an answer, `"version"` first as in every JSON output, or says why it cannot be
/// given: the query was stopped.
pub(crate) fn finish<T: serde::Serialize>(
    stopped: bool,
    budget: std::time::Duration,
    value: &T,
) -> Result<String, ApiError> {
    if stopped {
        return Err(ApiError::over_budget(budget));
    }
    serde_json::to_string(&diplograph_answer::Versioned::new(value))
        .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal", format!("cannot write JSON: {e}")))
}
