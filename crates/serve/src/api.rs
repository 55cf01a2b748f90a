//! The JSON API, `/api/v1/...`: the answers of the command line's `--format json`, from the
//! dataset served now. Every route is a GET; documented in docs/serve.md.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::UNIX_EPOCH;

use axum::Router;
use axum::extract::{Path, Query, State as Extract};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use diplograph_answer::path::PathQuery;
use diplograph_answer::rank::RankQuery;
use diplograph_core::FilterSpec;
use diplograph_core::query::{Metric, SignPolicy, View, balance_until};
use diplograph_core::text::plural;
use diplograph_loader::Cancel;
use serde::{Deserialize, Serialize};

use crate::budget::{answer, finish, json_response};
use crate::error::ApiError;
use crate::params::{FilterParams, flag, list, number, required};
use crate::state::State;

type AppState = Arc<State>;
type Answer = Result<Response, ApiError>;

/// The most actors a search returns.
const MAX_SEARCH: usize = 200;

/// The API's routes.
pub(crate) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/status", get(status))
        .route("/api/v1/actors", get(actors))
        .route("/api/v1/actors/{id}", get(show))
        .route("/api/v1/search", get(search))
        .route("/api/v1/path", get(path))
        .route("/api/v1/neighbors", get(neighbors))
        .route("/api/v1/between", get(between))
        .route("/api/v1/rank", get(rank))
        .route("/api/v1/balance", get(balance_route))
        .route("/api/v1/diff", get(diff))
        .route("/api/v1/relation", get(relation))
        .route("/api/v1/names", get(names))
        .route("/api/v1/diagram.svg", get(crate::diagram::diagram))
        .route("/api/v1/{*rest}", get(unknown))
}

async fn unknown(Path(rest): Path<String>) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "not_found", format!("no API route /api/v1/{rest}; see docs/serve.md"))
}

#[derive(Serialize)]
struct StatusJson<'a> {
    api: u32,
    version: &'a str,
    data: String,
    /// The number of the load served (0: none yet).
    load: u64,
    /// Loads so far, good or not.
    loads: u64,
    loaded_at: Option<u64>,
    actors: usize,
    relations: usize,
    sources: usize,
    files: usize,
    warnings: usize,
    /// The first and last years the relations' dates mention (for the date slider).
    years: Option<[u16; 2]>,
    /// The errors of the last load, as `check` prints them, when it failed.
    problems: Option<ProblemsJson<'a>>,
    /// How long the load served took, in seconds.
    load_seconds: f64,
    /// The data files whose relations the load served did not read again (unchanged since
    /// the cache last saw them).
    reused_files: usize,
}

#[derive(Serialize)]
struct ProblemsJson<'a> {
    errors: usize,
    warnings: usize,
    rendered: &'a str,
}

async fn status(Extract(state): Extract<AppState>) -> Response {
    let current = state.current();
    let good = current.good.as_deref();
    let graph = good.map(|d| d.graph());
    let json = StatusJson {
        api: crate::API_VERSION,
        version: env!("CARGO_PKG_VERSION"),
        data: state.data().display().to_string(),
        load: good.map_or(0, |d| d.generation),
        loads: current.loads,
        loaded_at: good.and_then(|d| d.loaded_at.duration_since(UNIX_EPOCH).ok()).map(|d| d.as_secs()),
        actors: graph.map_or(0, |g| g.actor_count()),
        relations: graph.map_or(0, |g| g.relation_count()),
        sources: graph.map_or(0, |g| g.sources().len()),
        files: good.map_or(0, |d| d.loaded.files.iter().filter(|f| !f.path.as_os_str().is_empty()).count()),
        warnings: good.map_or(0, |d| d.loaded.warning_count()),
        years: good.and_then(|d| d.years),
        problems: current.problems.as_ref().map(|p| ProblemsJson {
            errors: p.errors,
            warnings: p.warnings,
            rendered: &p.rendered,
        }),
        load_seconds: good.map_or(0.0, |d| d.load_time.as_secs_f64()),
        reused_files: good.map_or(0, |d| d.reused_files),
    };
    let body = serde_json::to_string(&json).unwrap_or_default();
    json_response(body, good.map_or(0, |d| d.generation))
}

#[derive(Deserialize)]
struct ActorsParams {
    kind: Option<String>,
}

async fn actors(Extract(state): Extract<AppState>, Query(p): Query<ActorsParams>) -> Answer {
    let budget = state.config.budget;
    answer(&state, move |d, _| {
        let graph = d.graph();
        let found = diplograph_answer::list::list(graph, p.kind.as_deref())?;
        let actors: Vec<_> = found.iter().map(|a| diplograph_answer::ActorJson::new(graph, a)).collect();
        finish(false, budget, &diplograph_answer::ListJson { actors })
    })
    .await
}

async fn show(Extract(state): Extract<AppState>, Path(id): Path<String>, Query(p): Query<FilterParams>) -> Answer {
    let budget = state.config.budget;
    // Filters narrow the relations shown (the command line's `show` has none).
    let spec = (p != FilterParams::default()).then(|| p.to_spec()).transpose()?;
    answer(&state, move |d, _| {
        let graph = d.graph();
        let key = diplograph_answer::actor_key(graph, &id)?;
        let defined_at = d.loaded.locations.actors.get(key.index()).map(|l| d.loaded.position(l));
        let filter = spec
            .map(|s| diplograph_core::Filter::resolve(&FilterSpec { include_negated: true, ..s }, graph))
            .transpose()
            .map_err(diplograph_answer::Error::from)?;
        finish(false, budget, &diplograph_answer::show::show_filtered(graph, key, defined_at, filter.as_ref()))
    })
    .await
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    limit: Option<String>,
}

async fn search(Extract(state): Extract<AppState>, Query(p): Query<SearchParams>) -> Answer {
    let budget = state.config.budget;
    let query = p.q.clone().unwrap_or_default();
    let limit = number("limit", &p.limit, 20usize)?.min(MAX_SEARCH);
    answer(&state, move |d, _| finish(false, budget, &diplograph_answer::list::search(d.graph(), &query, limit))).await
}

#[derive(Deserialize)]
struct PathParams {
    from: Option<String>,
    to: Option<String>,
    k: Option<String>,
    all: Option<String>,
    max_hops: Option<String>,
    limit: Option<String>,
    weighted: Option<String>,
    through: Option<String>,
    #[serde(flatten)]
    filter: FilterParams,
}

async fn path(Extract(state): Extract<AppState>, Query(p): Query<PathParams>) -> Answer {
    let budget = state.config.budget;
    let defaults = PathQuery::default();
    let mut filter = p.filter.to_spec()?;
    filter.through = list(&p.through);
    let query = PathQuery {
        from: required("from", &p.from)?.to_owned(),
        to: required("to", &p.to)?.to_owned(),
        k: p.k.as_ref().map(|_| number("k", &p.k, 1usize)).transpose()?,
        all: flag("all", &p.all)?,
        max_hops: number("max_hops", &p.max_hops, defaults.max_hops)?,
        limit: number("limit", &p.limit, defaults.limit)?,
        weighted: flag("weighted", &p.weighted)?,
        filter,
    };
    if query.all && query.k.is_some() {
        return Err(ApiError::bad("`all` and `k` cannot be used together"));
    }
    if query.all && query.weighted {
        return Err(ApiError::bad("`all` and `weighted` cannot be used together"));
    }
    let key = p.filter.key()?;
    answer(&state, move |d, stop| {
        let graph = d.graph();
        let (from, to, filter) = query.resolve(graph)?;
        // One path is quick on the kept view; more can take long, on a view that can be stopped.
        if query.all || query.k.is_some() || !query.filter.through.is_empty() {
            let view = View::new(graph, &filter).with_stop(stop.clone());
            let found = query.search(&view, from, to);
            finish(view.stopped(), budget, &found.json(&view))
        } else {
            d.with_view(&key, &filter, |view| finish(false, budget, &query.search(view, from, to).json(view)))
        }
    })
    .await
}

#[derive(Deserialize)]
struct NeighborsParams {
    id: Option<String>,
    depth: Option<String>,
    #[serde(flatten)]
    filter: FilterParams,
}

async fn neighbors(Extract(state): Extract<AppState>, Query(p): Query<NeighborsParams>) -> Answer {
    let budget = state.config.budget;
    let id = required("id", &p.id)?.to_owned();
    let depth = number("depth", &p.depth, 1usize)?;
    let spec = p.filter.to_spec()?;
    let key = p.filter.key()?;
    answer(&state, move |d, stop| {
        let graph = d.graph();
        let start = diplograph_answer::actor_key(graph, &id)?;
        let filter = diplograph_core::Filter::resolve(&spec, graph).map_err(diplograph_answer::Error::from)?;
        d.with_view(&key, &filter, |view| {
            let stopped = || stop.load(Ordering::Relaxed);
            match diplograph_answer::neighbors::neighbors_until(view, start, depth, &stopped) {
                Some(found) => finish(stopped(), budget, &found.json(graph)),
                None => Err(ApiError::over_budget(budget)),
            }
        })
    })
    .await
}

#[derive(Deserialize)]
struct BetweenParams {
    a: Option<String>,
    b: Option<String>,
    #[serde(flatten)]
    filter: FilterParams,
}

async fn between(Extract(state): Extract<AppState>, Query(p): Query<BetweenParams>) -> Answer {
    let budget = state.config.budget;
    let (a, b) = (required("a", &p.a)?.to_owned(), required("b", &p.b)?.to_owned());
    let spec = p.filter.to_spec()?;
    answer(&state, move |d, _| {
        let graph = d.graph();
        let found = diplograph_answer::between::between(graph, &a, &b, &spec)?;
        finish(false, budget, &found.json(graph))
    })
    .await
}

#[derive(Deserialize)]
struct RankParams {
    metric: Option<String>,
    top: Option<String>,
    samples: Option<String>,
    seed: Option<String>,
    #[serde(flatten)]
    filter: FilterParams,
}

async fn rank(Extract(state): Extract<AppState>, Query(p): Query<RankParams>) -> Answer {
    let budget = state.config.budget;
    let metric = match p.metric.as_deref().unwrap_or("betweenness") {
        "degree" => Metric::Degree,
        "betweenness" => Metric::Betweenness,
        "closeness" => Metric::Closeness,
        "pagerank" => Metric::PageRank,
        other => {
            return Err(ApiError::bad(format!(
                "metric={other} is not a measure; use degree, betweenness, closeness or pagerank"
            )));
        }
    };
    let query = RankQuery {
        metric,
        top: number("top", &p.top, 10usize)?,
        samples: p.samples.as_ref().map(|_| number("samples", &p.samples, 1usize)).transpose()?,
        seed: number("seed", &p.seed, 0u64)?,
    };
    diplograph_answer::rank::check(&query)?;
    let spec = p.filter.to_spec()?;
    let key = p.filter.key()?;
    answer(&state, move |d, stop| {
        let graph = d.graph();
        let filter = diplograph_core::Filter::resolve(&spec, graph).map_err(diplograph_answer::Error::from)?;
        if matches!(metric, Metric::Betweenness | Metric::Closeness) {
            let view = View::new(graph, &filter).with_stop(stop.clone());
            let found = diplograph_answer::rank::rank(&view, &query)?;
            finish(view.stopped(), budget, &found.json(graph))
        } else {
            d.with_view(&key, &filter, |view| {
                let found = diplograph_answer::rank::rank(view, &query)?;
                finish(false, budget, &found.json(graph))
            })
        }
    })
    .await
}

#[derive(Deserialize)]
struct BalanceParams {
    policy: Option<String>,
    #[serde(flatten)]
    filter: FilterParams,
}

async fn balance_route(Extract(state): Extract<AppState>, Query(p): Query<BalanceParams>) -> Answer {
    let budget = state.config.budget;
    let spec = p.filter.to_spec()?;
    let policy = match p.policy.as_deref().map(str::trim) {
        None | Some("") => SignPolicy::default(),
        Some(name) => SignPolicy::parse(name)
            .ok_or_else(|| ApiError::bad(format!("policy={name} is not a policy; use net, strongest or drop")))?,
    };
    answer(&state, move |d, stop| {
        let graph = d.graph();
        let filter = diplograph_core::Filter::resolve(&spec, graph).map_err(diplograph_answer::Error::from)?;
        let stopped = || stop.load(Ordering::Relaxed);
        let b = balance_until(graph, &filter, policy, &stopped).ok_or_else(|| ApiError::over_budget(budget))?;
        finish(stopped(), budget, &diplograph_answer::balance::json(graph, &b, &filter))
    })
    .await
}

#[derive(Deserialize)]
struct DiffParams {
    from: Option<String>,
    to: Option<String>,
}

async fn diff(Extract(state): Extract<AppState>, Query(p): Query<DiffParams>) -> Answer {
    let budget = state.config.budget;
    let from = required("from", &p.from)?.to_owned();
    let to = p.to.clone().filter(|t| !t.trim().is_empty());
    let data = state.data().to_owned();
    answer(&state, move |d, stop| {
        // Asked before each file read from git, while each revision loads (between files and
        // every few thousand relations), between the two revisions and inside the comparison,
        // every block of actors or relations.
        let stopped = || stop.load(Ordering::Relaxed);
        let cancel = Cancel::from(stop.clone());
        let over = || ApiError::over_budget(budget);
        let old = revision(&data, &from, &cancel)?.ok_or_else(over)?;
        let new = match &to {
            Some(rev) => Some(revision(&data, rev, &cancel)?.ok_or_else(over)?),
            None => None,
        };
        let new_graph = new.as_ref().unwrap_or_else(|| d.graph());
        let changes = diplograph_core::diff_until(&old, new_graph, &stopped).ok_or_else(over)?;
        finish(stopped(), budget, &diplograph_answer::diff::json(&old, new_graph, &changes))
    })
    .await
}

/// The graph of the dataset at a git revision, or why there is none; `None` when `cancel` was
/// cancelled on the way.
fn revision(data: &std::path::Path, rev: &str, cancel: &Cancel) -> Result<Option<diplograph_core::Graph>, ApiError> {
    let Some(loaded) = diplograph_answer::diff::git_dataset_until(data, rev, cancel)? else { return Ok(None) };
    let errors = loaded.error_count();
    loaded.graph.filter(|_| errors == 0).map(Some).ok_or_else(|| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "revision_has_errors",
            format!("the data at {rev} has {}; it cannot be compared", plural(errors, "error")),
        )
    })
}

#[derive(Deserialize)]
struct RelationParams {
    id: Option<String>,
}

async fn relation(Extract(state): Extract<AppState>, Query(p): Query<RelationParams>) -> Answer {
    let budget = state.config.budget;
    let address = required("id", &p.id)?.to_owned();
    answer(&state, move |d, _| {
        let graph = d.graph();
        let key = diplograph_answer::relation::find(graph, &address)?;
        let defined_at = match graph.relation(key).origin {
            diplograph_core::Origin::Stated(i) => {
                d.loaded.locations.relations.get(i as usize).map(|l| d.loaded.position(l))
            }
            diplograph_core::Origin::Office { .. } => None,
        };
        let text_of = |id: &str| d.loaded.full_texts.get(id).cloned();
        finish(false, budget, &diplograph_answer::relation::page(graph, key, defined_at, &text_of))
    })
    .await
}

/// The most ids `names` looks up at once.
const MAX_NAMES: usize = 2000;

#[derive(Deserialize)]
struct NamesParams {
    ids: Option<String>,
}

/// The names of actors by id (for the page, which gets ids in relations): unknown ids are left out.
async fn names(Extract(state): Extract<AppState>, Query(p): Query<NamesParams>) -> Answer {
    let budget = state.config.budget;
    let ids = list(&p.ids);
    if ids.len() > MAX_NAMES {
        return Err(ApiError::bad(format!("at most {MAX_NAMES} ids at once")));
    }
    answer(&state, move |d, _| {
        let graph = d.graph();
        let names: std::collections::BTreeMap<&str, &str> =
            ids.iter().filter_map(|id| graph.actor_by_id(id)).map(|a| (&*a.id, &*a.name)).collect();
        finish(false, budget, &names)
    })
    .await
}
