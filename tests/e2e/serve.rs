//! `diplograph serve`: the API through the real router, answer for answer against the command
//! line's `--format json`, on the shipped data and on generated data; errors, the time budget,
//! and reloading on save.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode};
use diplograph_loader::{CacheStatus, Cancel};
use diplograph_serve::{Config, State, router};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

use crate::util::{copy_dir, data_dir, diplograph_in, git, root};

async fn state(data: &Path, budget: Duration) -> Arc<State> {
    State::load(Config { budget, ..Config::new(data.to_owned()) }).await.expect("the data loads")
}

/// GET `uri` through the whole router: status and body as JSON.
async fn get(state: &Arc<State>, uri: &str) -> (StatusCode, Value) {
    let response = router(state.clone()).oneshot(Request::get(uri).body(Body::empty()).unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("{uri}: not JSON ({e}): {}", String::from_utf8_lossy(&bytes)));
    (status, json)
}

/// What `diplograph ARGS --format json` prints for the data at `data`, as JSON.
fn cli(data: &Path, args: &[&str]) -> Value {
    let output = diplograph_in(&root()).arg("--data").arg(data).args(args).args(["--format", "json"]).output().unwrap();
    assert!(output.status.success(), "diplograph {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Each request and the command line that must give the same JSON.
async fn same_answers(data: &Path, cases: &[(&str, Vec<&str>)]) {
    let state = state(data, Duration::from_secs(30)).await;
    for (uri, args) in cases {
        let (status, json) = get(&state, uri).await;
        assert_eq!(status, StatusCode::OK, "{uri}: {json}");
        assert_eq!(json, cli(data, args), "{uri} and diplograph {args:?} differ");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_answers_as_the_command_line_on_the_shipped_data() {
    let cases: Vec<(&str, Vec<&str>)> = vec![
        ("/api/v1/actors", vec!["list"]),
        ("/api/v1/actors?kind=country", vec!["list", "--kind", "country"]),
        ("/api/v1/actors/russia", vec!["show", "russia"]),
        ("/api/v1/path?from=russia&to=hamas", vec!["path", "russia", "hamas"]),
        ("/api/v1/path?from=lavrov&to=israel&k=3", vec!["path", "lavrov", "israel", "-k", "3"]),
        (
            "/api/v1/path?from=russia&to=israel&all=true&max_hops=3",
            vec!["path", "russia", "israel", "--all", "--max-hops", "3"],
        ),
        (
            "/api/v1/path?from=iran&to=united_states&at=2024&avoid=russia",
            vec!["path", "iran", "united_states", "--at", "2024", "--avoid", "russia"],
        ),
        ("/api/v1/path?from=lavrov&to=hamas&weighted=1", vec!["path", "lavrov", "hamas", "--weighted"]),
        (
            "/api/v1/path?from=russia&to=hamas&through=iran&k=2",
            vec!["path", "russia", "hamas", "--through", "iran", "-k", "2"],
        ),
        ("/api/v1/neighbors?id=russia&depth=2", vec!["neighbors", "russia", "--depth", "2"]),
        (
            "/api/v1/neighbors?id=iran&at=2024&kinds=war,hostility",
            vec!["neighbors", "iran", "--at", "2024", "--kinds", "war,hostility"],
        ),
        ("/api/v1/between?a=russia&b=iran", vec!["between", "russia", "iran"]),
        ("/api/v1/between?a=russia&b=iran&at=2024", vec!["between", "russia", "iran", "--at", "2024"]),
        ("/api/v1/rank", vec!["rank"]),
        (
            "/api/v1/rank?metric=degree&top=5&polarity=hostile",
            vec!["rank", "--metric", "degree", "--top", "5", "--polarity", "hostile"],
        ),
        ("/api/v1/rank?metric=pagerank&directed=true", vec!["rank", "--metric", "pagerank", "--directed"]),
        ("/api/v1/rank?metric=closeness", vec!["rank", "--metric", "closeness"]),
        ("/api/v1/rank?samples=5&seed=3", vec!["rank", "--samples", "5", "--seed", "3"]),
        ("/api/v1/balance", vec!["balance"]),
        ("/api/v1/balance?at=2024&category=military", vec!["balance", "--at", "2024", "--category", "military"]),
    ];
    same_answers(&data_dir(), &cases).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_answers_as_the_command_line_on_generated_data() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("gen");
    let made = diplograph_in(dir.path())
        .args(["gen", "--actors", "400", "--relations", "3000", "--files", "3", "--seed", "5", "-o"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(made.status.success());
    let actors = cli(&data, &["list"]);
    let ids: Vec<String> =
        actors["actors"].as_array().unwrap().iter().map(|a| a["id"].as_str().unwrap().to_owned()).collect();
    let (a, b, c) = (&ids[0], &ids[ids.len() / 2], &ids[ids.len() - 1]);
    let uris: Vec<String> = vec![
        format!("/api/v1/actors/{a}"),
        format!("/api/v1/path?from={a}&to={c}"),
        format!("/api/v1/path?from={b}&to={c}&k=4"),
        format!("/api/v1/path?from={a}&to={b}&weighted=true&min_confidence=0.5"),
        format!("/api/v1/neighbors?id={b}&depth=2"),
        format!("/api/v1/between?a={a}&b={b}"),
        "/api/v1/rank?metric=degree&top=20".into(),
        "/api/v1/rank?samples=50".into(),
        "/api/v1/balance?at=2020".into(),
    ];
    let args: Vec<Vec<&str>> = vec![
        vec!["show", a],
        vec!["path", a, c],
        vec!["path", b, c, "-k", "4"],
        vec!["path", a, b, "--weighted", "--min-confidence", "0.5"],
        vec!["neighbors", b, "--depth", "2"],
        vec!["between", a, b],
        vec!["rank", "--metric", "degree", "--top", "20"],
        vec!["rank", "--samples", "50"],
        vec!["balance", "--at", "2020"],
    ];
    let state = state(&data, Duration::from_secs(30)).await;
    for (uri, args) in uris.iter().zip(&args) {
        let (status, json) = get(&state, uri).await;
        // An empty answer is an error on the command line (no path, no relation): skip those.
        let out =
            diplograph_in(&root()).arg("--data").arg(&data).args(args).args(["--format", "json"]).output().unwrap();
        if out.status.success() {
            assert_eq!(status, StatusCode::OK, "{uri}: {json}");
            assert_eq!(
                json,
                serde_json::from_slice::<Value>(&out.stdout).unwrap(),
                "{uri} and diplograph {args:?} differ"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_api_diff_between_revisions_is_the_command_line_diff() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    copy_dir(&data_dir(), &data);
    let git = |args: &[&str]| git(dir.path(), args);
    git(&["init", "-q"]);
    git(&["add", "."]);
    git(&["commit", "-qm", "one"]);
    let file = data.join("relations/russia-iran.ron");
    let text = std::fs::read_to_string(&file).unwrap().replace("confidence: 0.95", "confidence: 0.5");
    std::fs::write(&file, text).unwrap();
    git(&["commit", "-qam", "two"]);
    same_answers(
        &data,
        &[
            ("/api/v1/diff?from=HEAD~1&to=HEAD", vec!["diff", "--git", "HEAD~1..HEAD"]),
            ("/api/v1/diff?from=HEAD~1", vec!["diff", "--git", "HEAD~1"]),
        ],
    )
    .await;
    let state = state(&data, Duration::from_secs(30)).await;
    for bad in ["--output=x", "HEAD:data", "no-such-rev"] {
        let (status, json) = get(&state, &format!("/api/v1/diff?from={bad}")).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {json}");
        assert_eq!(json["error"]["code"], "bad_revision");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mistakes_get_clear_errors() {
    let state = state(&data_dir(), Duration::from_secs(30)).await;
    let (status, json) = get(&state, "/api/v1/actors/russa").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json["error"]["code"], "unknown_actor");
    assert_eq!(json["error"]["message"], "no actor \"russa\" in the data; did you mean \"russia\"?");
    assert_eq!(json["error"]["suggestions"], serde_json::json!(["russia"]));
    let cases = [
        ("/api/v1/path?from=russia", "the parameter `to` is missing"),
        ("/api/v1/path?from=russia&to=russia", "FROM and TO are the same actor, \"russia\""),
        ("/api/v1/path?from=russia&to=iran&k=x", "k=x is not a valid number"),
        ("/api/v1/path?from=russia&to=iran&at=2024-13", ""),
        ("/api/v1/neighbors?id=russia&kinds=partnershp", "did you mean"),
        ("/api/v1/rank?metric=fame", "metric=fame is not a measure"),
        ("/api/v1/rank?metric=degree&samples=3", "--samples applies to --metric betweenness only"),
        ("/api/v1/actors?kind=contry", "unknown actor kind \"contry\""),
    ];
    for (uri, message) in cases {
        let (status, json) = get(&state, uri).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{uri}: {json}");
        assert!(json["error"]["message"].as_str().unwrap().contains(message), "{uri}: {json}");
    }
    let (status, json) = get(&state, "/api/v1/nothing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(json["error"]["code"], "not_found");
    // Read-only: nothing but GET.
    let post = Request::post("/api/v1/status").body(Body::from("x")).unwrap();
    assert_eq!(router(state.clone()).oneshot(post).await.unwrap().status(), StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_query_past_its_budget_is_stopped_and_others_go_on() {
    // A dense graph: every path of up to 9 hops between two actors is far too many to list.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("gen");
    let made = diplograph_in(dir.path())
        .args(["gen", "--actors", "60", "--relations", "1500", "--files", "1", "--seed", "1", "-o"])
        .arg(&data)
        .output()
        .unwrap();
    assert!(made.status.success());
    let state = state(&data, Duration::from_millis(300)).await;
    let (_, actors) = get(&state, "/api/v1/actors").await;
    let id = |i: usize| actors["actors"][i]["id"].as_str().unwrap().to_owned();
    let heavy = format!("/api/v1/path?from={}&to={}&all=1&max_hops=9&limit=100000000", id(0), id(1));
    let started = Instant::now();
    let slow = tokio::spawn({
        let state = state.clone();
        async move { get(&state, &heavy).await }
    });
    // Meanwhile, a light query is answered at once.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let (status, _) = get(&state, &format!("/api/v1/neighbors?id={}", id(2))).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!slow.is_finished(), "the heavy query should still be running");
    let (status, json) = slow.await.unwrap();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{json}");
    assert_eq!(json["error"]["code"], "over_budget");
    assert!(json["error"]["message"].as_str().unwrap().contains("budget of 0.3 s"));
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_diff_past_its_budget_is_stopped_and_a_normal_one_completes() {
    // Two generated datasets, committed one after the other.
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("gen");
    let git = |args: &[&str]| git(dir.path(), args);
    git(&["init", "-q"]);
    for seed in ["1", "2"] {
        let _ = std::fs::remove_dir_all(&data);
        let made = diplograph_in(dir.path())
            .args(["gen", "--actors", "1500", "--relations", "12000", "--files", "12", "--seed", seed, "-o"])
            .arg(&data)
            .output()
            .unwrap();
        assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
        git(&["add", "-A", "."]);
        git(&["commit", "-qm", seed]);
    }
    let uri = "/api/v1/diff?from=HEAD~1&to=HEAD";
    // Within its budget, the diff completes.
    let patient = state(&data, Duration::from_secs(60)).await;
    let started = Instant::now();
    let (status, json) = get(&patient, uri).await;
    let whole = started.elapsed();
    assert_eq!(status, StatusCode::OK, "{json}");
    assert!(!json["relations"].as_array().unwrap().is_empty());
    assert_eq!(patient.queries_running(), 0);
    // Past a budget of a millisecond, the answer comes at once and the work itself stops soon
    // after: it does not read, load and compare both revisions.
    let hurried = state(&data, Duration::from_millis(1)).await;
    let started = Instant::now();
    let (status, json) = get(&hurried, uri).await;
    assert_stopped(status, &json);
    while hurried.queries_running() > 0 {
        assert!(
            started.elapsed() < whole / 2,
            "the stopped diff still runs after {:?} (a whole one takes {whole:?})",
            started.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // A budget that runs out while a revision loads stops the load too, between files or
    // within a file's relations: the answer is the same, and the work ends (bounded loosely:
    // this measures nothing).
    let mid_load = state(&data, (whole / 3).max(Duration::from_millis(5))).await;
    let started = Instant::now();
    let (status, json) = get(&mid_load, uri).await;
    assert_stopped(status, &json);
    while mid_load.queries_running() > 0 {
        assert!(started.elapsed() < Duration::from_secs(60), "the stopped diff still runs");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The server goes on answering from its own data.
    let (status, _) = get(&mid_load, "/api/v1/status").await;
    assert_eq!(status, StatusCode::OK);
}

/// Saves `text` to `file` the way editors do: written beside it, then renamed over it, so that the
/// server never reads it half-written (a file truncated to nothing is valid data, with a
/// warning, and would be served for a moment).
/// The answer to a diff stopped at its budget: service unavailable, `over_budget`, saying so.
fn assert_stopped(status: StatusCode, json: &Value) {
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{json}");
    assert_eq!(json["error"]["code"], "over_budget");
    assert!(json["error"]["message"].as_str().unwrap().contains("was stopped"), "{json}");
}

fn save(file: &Path, text: &str) {
    let beside = file.with_extension("ron.saving");
    std::fs::write(&beside, text).unwrap();
    std::fs::rename(&beside, file).unwrap();
}

/// A copy of the shipped data in `dir`, and a server on it through a cache that is empty yet,
/// as `diplograph serve` runs.
async fn served_copy(dir: &Path) -> (std::path::PathBuf, Arc<State>) {
    let data = dir.join("data");
    copy_dir(&data_dir(), &data);
    let cache =
        diplograph_loader::Cache { dir: dir.join("cache"), version: "test".into(), texts: true, warnings: true };
    let config = Config { debounce: Duration::from_millis(50), cache: Some(cache), ..Config::new(data.clone()) };
    (data, State::load(config).await.unwrap())
}

/// The confidences of Russia's relations served now.
async fn russia_confidences(state: &Arc<State>) -> Vec<Value> {
    let (_, json) = get(state, "/api/v1/actors/russia").await;
    json["relations"].as_array().unwrap().iter().map(|r| r["confidence"].clone()).collect()
}

/// Polls the status until `done` holds (at most 20 s).
async fn wait_for(state: &Arc<State>, done: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let (_, status) = get(state, "/api/v1/status").await;
        if done(&status) {
            return status;
        }
        assert!(start.elapsed() < Duration::from_secs(20), "gave up waiting; status {status}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_reloads_and_broken_data_keeps_the_last_good_graph_served() {
    let dir = tempfile::tempdir().unwrap();
    // Through a cache, as `diplograph serve` loads: a save reads again only the file it changed.
    let (data, state) = served_copy(dir.path()).await;
    let _watcher = diplograph_serve::watch(state.clone()).unwrap();
    let (_, status) = get(&state, "/api/v1/status").await;
    assert_eq!(status["load"], 1);
    assert_eq!(status["problems"], Value::Null);
    assert_eq!(status["reused_files"], 0);
    let with_relations = std::fs::read_dir(data.join("relations")).unwrap().count();
    let file = data.join("relations/russia-iran.ron");
    let good = std::fs::read_to_string(&file).unwrap();

    // Broken: the last good graph is still served, and the errors are shown as `check` shows them.
    save(&file, &good.replacen("object: \"iran\"", "object: \"iram\"", 1));
    let status = wait_for(&state, |s| s["problems"] != Value::Null).await;
    assert_eq!(status["load"], 1);
    let rendered = status["problems"]["rendered"].as_str().unwrap();
    assert!(rendered.contains("unknown actor \"iram\""), "{rendered}");
    assert!(rendered.contains("relations/russia-iran.ron:"), "{rendered}");
    assert!(rendered.contains("did you mean \"iran\"?"), "{rendered}");
    let check = diplograph_in(&root()).arg("--data").arg(&data).args(["check", "--no-cache"]).output().unwrap();
    let check_text = String::from_utf8_lossy(&check.stderr);
    assert!(check_text.starts_with(rendered), "the page's errors are check's:\n{rendered}\n---\n{check_text}");
    let (status, json) = get(&state, "/api/v1/between?a=russia&b=iran").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!json["relations"].as_array().unwrap().is_empty());

    // Fixed, with a change: the new data is served.
    save(&file, &good.replacen("confidence: 0.95", "confidence: 0.5", 1));
    let status = wait_for(&state, |s| s["problems"] == Value::Null).await;
    assert_eq!(status["load"], 3, "{status}");
    // The relations of every other file came from their per-file snapshots.
    assert_eq!(status["reused_files"], with_relations - 1, "{status}");
    assert!(russia_confidences(&state).await.contains(&serde_json::json!(0.5)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_save_after_start_reads_only_the_saved_file_even_before_the_watching_began() {
    let dir = tempfile::tempdir().unwrap();
    let (data, state) = served_copy(dir.path()).await;
    // The first load, with no cache yet, wrote the snapshot and every file's part: a load in
    // advance (what the watcher does before the first save) reads the snapshot and serves
    // nothing new; one cancelled does not load.
    assert_eq!(state.warm_up(&Cancel::new()), Some(CacheStatus::Hit));
    let cancelled = Cancel::new();
    cancelled.cancel();
    assert_eq!(state.warm_up(&cancelled), None);
    assert_eq!(state.current().loads, 1);
    // Saved after the first load read the files but before the watcher was there to see it
    // (as during a long first load): no file event will come for it.
    let with_relations = std::fs::read_dir(data.join("relations")).unwrap().count();
    let file = data.join("relations/russia-iran.ron");
    let good = std::fs::read_to_string(&file).unwrap();
    save(&file, &good.replacen("confidence: 0.95", "confidence: 0.5", 1));
    let _watcher = diplograph_serve::watch(state.clone()).unwrap();
    let status = wait_for(&state, |s| s["load"] == 2).await;
    assert_eq!(status["problems"], Value::Null, "{status}");
    // The relations of every other file came from the parts the first load wrote.
    assert_eq!(status["reused_files"], with_relations - 1, "{status}");
    assert!(russia_confidences(&state).await.contains(&serde_json::json!(0.5)));
}
