//! `diplograph-bench serve DIR [SECONDS]`: the server under load. It loads DIR into
//! `diplograph-serve` (in this process, on a port of its own), then for `path` and `neighbors`
//! and for 1, 8 and 64 concurrent clients sends requests for SECONDS seconds (each client one
//! request at a time on a kept-alive connection, over seeded pairs of actors) and prints the
//! requests per second, the median and 99th-percentile latencies and the errors. It also times
//! a reload of the data (the time from a save to the new data served is this plus the
//! debounce).

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use diplograph_serve::{Config, State};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

/// Runs the benchmark.
pub fn run(dir: &std::path::Path, seconds: f64) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(bench(dir, Duration::from_secs_f64(seconds)))
}

async fn bench(dir: &std::path::Path, span: Duration) -> Result<(), String> {
    // No rate limit worth the name: the figures are the server's, not the limiter's.
    let config = Config { rate: 1_000_000_000, ..Config::new(dir.to_owned()) };
    let started = Instant::now();
    let state = State::load(config).await.map_err(|e| e.to_string())?;
    println!("first load: {:.2} s", started.elapsed().as_secs_f64());
    let reload = {
        let state = state.clone();
        let started = Instant::now();
        tokio::task::spawn_blocking(move || state.reload())
            .await
            .map_err(|e| e.to_string())?
            .map_err(|e| e.to_string())?;
        started.elapsed().as_secs_f64()
    };
    println!("reload (all files read, checked, built and swapped in): {reload:.2} s");
    let ids = actor_ids(&state);
    if ids.len() < 2 {
        return Err("the data needs at least two actors".into());
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    tokio::spawn(diplograph_serve::serve_state(state, listener, std::future::pending()));
    let mut pairs = Vec::new();
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    for _ in 0..1000 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let a = (seed >> 33) as usize % ids.len();
        let b = (seed >> 13) as usize % ids.len();
        if a != b {
            pairs.push((ids[a].clone(), ids[b].clone()));
        }
    }
    let pairs = Arc::new(pairs);
    println!("| query | clients | requests/s | p50 | p99 | errors |");
    println!("|---|---:|---:|---:|---:|---:|");
    for (name, uri) in [
        ("path", (|a: &str, b: &str| format!("/api/v1/path?from={a}&to={b}")) as fn(&str, &str) -> String),
        ("neighbors", |a: &str, _: &str| format!("/api/v1/neighbors?id={a}")),
    ] {
        for clients in [1usize, 8, 64] {
            let (done, mut latencies, errors) = load(addr, &pairs, uri, clients, span).await;
            latencies.sort_unstable();
            let at = |q: f64| latencies.get(((latencies.len() as f64 - 1.0) * q) as usize).copied().unwrap_or_default();
            println!(
                "| {name} | {clients} | {:.0} | {:.2} ms | {:.2} ms | {errors} |",
                done as f64 / span.as_secs_f64(),
                at(0.5).as_secs_f64() * 1e3,
                at(0.99).as_secs_f64() * 1e3,
            );
        }
    }
    Ok(())
}

fn actor_ids(state: &State) -> Vec<String> {
    let current = state.current();
    let Some(d) = current.good else { return Vec::new() };
    d.graph().actors().map(|(_, a)| a.id.to_string()).collect()
}

/// `clients` clients sending requests for `span`: the requests answered, their latencies, and
/// the failures (an error status or no answer).
async fn load(
    addr: std::net::SocketAddr,
    pairs: &Arc<Vec<(String, String)>>,
    uri: fn(&str, &str) -> String,
    clients: usize,
    span: Duration,
) -> (usize, Vec<Duration>, usize) {
    let client: Client<_, Empty<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    let end = Instant::now() + span;
    let tasks: Vec<_> = (0..clients)
        .map(|c| {
            let client = client.clone();
            let pairs = pairs.clone();
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                let mut i = c * 7919;
                while Instant::now() < end {
                    let (a, b) = &pairs[i % pairs.len()];
                    i += 1;
                    let url = format!("http://{addr}{}", uri(a, b));
                    let start = Instant::now();
                    let ok = match client.get(url.parse().expect("a URL")).await {
                        Ok(response) => {
                            let status = response.status();
                            let body = response.into_body().collect().await;
                            // 200, or 200-like: a path query may find no path (still an answer).
                            status.is_success() && body.is_ok()
                        }
                        Err(_) => false,
                    };
                    latencies.push(start.elapsed());
                    if !ok {
                        errors += 1;
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut all, mut errors) = (Vec::new(), 0);
    for t in tasks {
        if let Ok((l, e)) = t.await {
            all.extend(l);
            errors += e;
        }
    }
    (all.len(), all, errors)
}
