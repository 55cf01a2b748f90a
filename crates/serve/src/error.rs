//! The server's error type, and how API errors are answered.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// What stops the server from starting or running.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The data cannot be read at all (a missing directory, say).
    #[error(transparent)]
    Load(#[from] diplograph_loader::Error),
    /// The files cannot be watched.
    #[error("cannot watch the data files: {0}")]
    Watch(String),
    /// A socket or file failed.
    #[error(transparent)]
    Io(std::io::Error),
}

/// An answer that is not a result: the request is wrong, the data is broken, or the query ran
/// out of time. It is sent as `{"error": {"code": ..., "message": ..., "suggestions": [...]}}`.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub suggestions: Vec<String>,
}

#[derive(Serialize)]
struct Body<'a> {
    error: Inner<'a>,
}

#[derive(Serialize)]
struct Inner<'a> {
    code: &'a str,
    message: &'a str,
    suggestions: &'a [String],
}

impl ApiError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        Self { status, code, message: message.into(), suggestions: Vec::new() }
    }

    /// A request parameter that is missing or malformed.
    pub fn bad(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "bad_request", message)
    }

    /// The query ran past its time budget and was stopped.
    pub fn over_budget(budget: std::time::Duration) -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "over_budget",
            format!(
                "the query ran longer than its budget of {:.1} s and was stopped; narrow it (fewer hops, a lower limit, filters, or sampled betweenness)",
                budget.as_secs_f64()
            ),
        )
    }
}

impl From<diplograph_answer::Error> for ApiError {
    fn from(e: diplograph_answer::Error) -> Self {
        let message = e.to_string();
        match e {
            diplograph_answer::Error::UnknownActor { suggestions, .. } => {
                Self { status: StatusCode::NOT_FOUND, code: "unknown_actor", message, suggestions }
            }
            diplograph_answer::Error::Git(_) => Self::new(StatusCode::BAD_REQUEST, "bad_revision", message),
            _ => Self::new(StatusCode::BAD_REQUEST, "bad_request", message),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = Body { error: Inner { code: self.code, message: &self.message, suggestions: &self.suggestions } };
        (self.status, Json(body)).into_response()
    }
}
