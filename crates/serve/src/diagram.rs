//! `/api/v1/diagram.svg`: the diagram of a selection (a focus or a path), drawn as `render`
//! draws it: Graphviz when installed, else the built-in layout.

use std::io::{Read, Seek};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Query, State as Extract};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use diplograph_diagram::dot::to_dot;
use diplograph_diagram::picture::{Frame, LegendMode, Picture};
use diplograph_diagram::render::{Failure, Format, graphviz};
use diplograph_diagram::select::{Empty, Scope, select};
use serde::Deserialize;

use crate::budget::answer;
use crate::error::ApiError;
use crate::params::{FilterParams, flag, number};
use crate::state::State;

/// The most actors a diagram of the page draws unless asked for more (`max_nodes`).
const MAX_NODES: usize = 150;

/// The diagram's parameters: `focus` (and `depth`), or `from` and `to` (a path, with `depth`
/// around it or `only_path`); `show_negated`, `cluster`, `max_nodes`, and the filters.
#[derive(Deserialize)]
pub(crate) struct DiagramParams {
    focus: Option<String>,
    from: Option<String>,
    to: Option<String>,
    depth: Option<String>,
    only_path: Option<String>,
    show_negated: Option<String>,
    cluster: Option<String>,
    max_nodes: Option<String>,
    #[serde(flatten)]
    filter: FilterParams,
}

pub(crate) async fn diagram(
    Extract(state): Extract<Arc<State>>,
    Query(p): Query<DiagramParams>,
) -> Result<Response, ApiError> {
    let mut spec = p.filter.to_spec()?;
    spec.include_negated = flag("show_negated", &p.show_negated)?;
    let depth = number("depth", &p.depth, 1usize)?;
    let only = flag("only_path", &p.only_path)?;
    let cluster = flag("cluster", &p.cluster)?;
    let max_nodes = number("max_nodes", &p.max_nodes, MAX_NODES)?;
    let nonempty = |v: &Option<String>| v.clone().filter(|s| !s.trim().is_empty());
    let (focus, from, to) = (nonempty(&p.focus), nonempty(&p.from), nonempty(&p.to));
    if focus.is_none() && (from.is_none() || to.is_none()) {
        return Err(ApiError::bad("give `focus`, or `from` and `to`"));
    }
    let timeout = state.config.draw_timeout.min(state.config.budget);
    let response = answer(&state, move |d, _| {
        let graph = d.graph();
        let filter = diplograph_core::Filter::resolve(&spec, graph).map_err(diplograph_answer::Error::from)?;
        let key = |id: &str| diplograph_answer::actor_key(graph, id).map_err(ApiError::from);
        let scope = match (&focus, &from, &to) {
            (Some(id), _, _) => Scope::Focus { centers: vec![key(id)?], depth },
            (None, Some(a), Some(b)) => Scope::Path { from: key(a)?, to: key(b)?, depth, only },
            _ => unreachable!("checked above"),
        };
        let selection = select(graph, &filter, &scope).map_err(|Empty::NoPath| {
            ApiError::new(
                StatusCode::NOT_FOUND,
                "no_path",
                "no path between the two actors through relations that pass the filters (negated relations never connect actors)",
            )
        })?;
        if selection.actors.len() > max_nodes {
            return Err(ApiError::bad(format!(
                "the diagram would have {} actors, more than max_nodes={max_nodes}; lower the depth or filter",
                selection.actors.len()
            )));
        }
        let frame = Frame { legend: LegendMode::None, cluster, ..Frame::default() };
        draw(&Picture::new(graph, &selection, frame, None), timeout)
    })
    .await?;
    // The SVG went through the JSON helper as a string; send it as SVG.
    let mut response = response;
    response.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("image/svg+xml"));
    Ok(response.into_response())
}

/// The picture as SVG text.
fn draw(picture: &Picture, timeout: Duration) -> Result<String, ApiError> {
    let failed = |e: String| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "draw_failed", e);
    let mut file = tempfile::tempfile().map_err(|e| failed(format!("cannot make a temporary file: {e}")))?;
    match graphviz(&to_dot(picture), picture.frame.engine, Format::Svg, &file, timeout) {
        Ok(_warnings) => {
            let mut svg = String::new();
            file.rewind().and_then(|_| file.read_to_string(&mut svg)).map_err(|e| failed(e.to_string()))?;
            Ok(svg)
        }
        Err(Failure::NotInstalled) => diplograph_diagram::layout::svg(picture)
            .ok_or_else(|| failed("Graphviz is not installed and the built-in layout could not draw this".into())),
        Err(Failure::TimedOut(limit)) => Err(ApiError::over_budget(limit)),
        Err(e) => Err(failed(e.to_string())),
    }
}
