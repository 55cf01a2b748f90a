//! `diplograph-bench`: times diplograph's load and queries on a dataset, beside the raw RON floor.
//!
//! ```text
//! diplograph-bench raw DIR [RUNS]    parse DIR's files with ron into plain structs, on all cores
//! diplograph-bench load DIR [RUNS]   diplograph's cold load: parse, validate, build the graph
//! diplograph-bench ratio DIR [RUNS]  both, alternated run by run, and the ratio of the medians
//! diplograph-bench queries DIR RUNS FROM TO [FROM TO ...]
//!                                    queries in memory after one load: shortest path, k = 5
//!                                    paths, neighbours at depth 2, sampled betweenness, balance
//! diplograph-bench serve DIR [SECONDS]
//!                                    the server under load: requests per second and latencies
//!                                    of path and neighbors with 1, 8 and 64 clients; a reload
//! ```
//!
//! Each prints the median and every run in seconds. Run it from a release build
//! (`cargo run --release -p diplograph-bench -- ...`); set `RAYON_NUM_THREADS` to pin the cores.

use std::fs;

mod serve_load;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use diplograph_core::Filter;
use diplograph_core::query::{View, balance};
use diplograph_loader::{LoadOptions, discover, load};
use diplograph_syntax::raw::{GraphRaw, ron_options};
use rayon::prelude::*;

/// The allocator of the `diplograph` binary, so that both measurements use the same one.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// What was parsed: the records of every file, kept in memory as a loader would keep them.
pub struct Parsed(Vec<GraphRaw>);

impl Parsed {
    /// The number of relations.
    pub fn relations(&self) -> usize {
        self.0.iter().map(|g| g.relations.len()).sum()
    }
}

/// The floor of a cold load: reads and parses every file whole into the format's serde shapes
/// (no validation, no positions, no graph), on the rayon pool, keeping the records (each text is dropped once
/// parsed).
pub fn parse_all(paths: &[PathBuf]) -> Result<Parsed, String> {
    let options = ron_options();
    let graphs: Result<Vec<GraphRaw>, String> = paths
        .par_iter()
        .map(|p| {
            let text = fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))?;
            options.from_str::<GraphRaw>(&text).map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect();
    Ok(Parsed(graphs?))
}

fn median(mut runs: Vec<f64>) -> f64 {
    runs.sort_by(f64::total_cmp);
    runs[runs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> Result<T, String>) -> Result<(f64, Vec<f64>, T), String> {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let value = f()?;
        times.push(start.elapsed().as_secs_f64());
        // Dropped outside the timing, as a command that exits does not free its memory.
        if let Some(old) = last.replace(value) {
            std::mem::forget(old);
        }
    }
    Ok((median(times.clone()), times, last.expect("at least one run")))
}

fn report(name: &str, (median, runs): (f64, &[f64]), what: &str) {
    let all: Vec<String> = runs.iter().map(|t| format!("{t:.3}")).collect();
    println!("{name}: median {median:.3} s  runs [{}]  {what}", all.join(", "));
}

fn run(args: &[String]) -> Result<(), String> {
    let usage =
        "usage: diplograph-bench raw|load|ratio DIR [RUNS] | queries DIR RUNS FROM TO ... | serve DIR [SECONDS]";
    if let [c, d, rest @ ..] = args
        && c == "serve"
    {
        let seconds = match rest.first() {
            Some(s) => s.parse().map_err(|_| usage.to_owned())?,
            None => 3.0,
        };
        return serve_load::run(Path::new(d), seconds);
    }
    let (command, dir) = match args {
        [c, d, ..] => (c.as_str(), PathBuf::from(d)),
        _ => return Err(usage.into()),
    };
    let runs: usize = match args.get(2) {
        Some(r) => r.parse().map_err(|_| usage.to_owned())?,
        None => 3,
    };
    let paths = discover(Path::new(&dir)).map_err(|e| e.to_string())?;
    let bytes: u64 = paths.iter().filter_map(|p| p.metadata().ok()).map(|m| m.len()).sum();
    let threads = rayon::current_num_threads();
    println!("{} files, {:.1} MB, {threads} threads", paths.len(), bytes as f64 / 1e6);
    match command {
        "raw" => {
            let (m, all, relations) = time(runs, || parse_all(&paths))?;
            report("raw ron parse", (m, &all), &format!("{} relations", relations.relations()));
        }
        "load" => {
            let (m, all, loaded) = time(runs, || load(&dir, &LoadOptions::default()).map_err(|e| e.to_string()))?;
            let graph = loaded.graph.as_ref().ok_or("the data has errors")?;
            report(
                "load + validate + build",
                (m, &all),
                &format!("{} actors, {} relations", graph.actor_count(), graph.relation_count()),
            );
        }
        "ratio" => {
            // Alternated runs, so that both see the same machine load.
            let (mut raw_times, mut load_times) = (Vec::new(), Vec::new());
            for _ in 0..runs.max(1) {
                let (m, _, parsed) = time(1, || parse_all(&paths))?;
                std::mem::forget(parsed);
                raw_times.push(m);
                let (m, _, loaded) = time(1, || load(&dir, &LoadOptions::default()).map_err(|e| e.to_string()))?;
                if loaded.graph.is_none() {
                    return Err("the data has errors".into());
                }
                std::mem::forget(loaded);
                load_times.push(m);
            }
            let (raw_median, load_median) = (median(raw_times.clone()), median(load_times.clone()));
            report("raw ron parse", (raw_median, &raw_times), "");
            report("load + validate + build", (load_median, &load_times), "");
            println!("ratio load / raw: {:.2}", load_median / raw_median);
        }
        "queries" => {
            let pairs: Vec<(String, String)> = args[3..]
                .chunks(2)
                .filter_map(|c| match c {
                    [a, b] => Some((a.clone(), b.clone())),
                    _ => None,
                })
                .collect();
            if pairs.is_empty() {
                return Err("queries needs pairs of actor ids after RUNS".into());
            }
            queries(&dir, &pairs, runs)?;
        }
        _ => return Err(usage.into()),
    }
    Ok(())
}

/// Median milliseconds of `f` over `runs` runs.
fn millis(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// Times the queries in memory, after one load, on the given pairs of actors; prints one line
/// `name: median ms` per query (medians over the pairs of the per-pair medians).
fn queries(dir: &Path, pairs: &[(String, String)], runs: usize) -> Result<(), String> {
    let loaded = load(dir, &LoadOptions::default()).map_err(|e| e.to_string())?;
    let graph = loaded.graph.as_ref().ok_or("the data has errors")?;
    let keys: Vec<_> = pairs
        .iter()
        .map(|(a, b)| Some((graph.actor_key(a)?, graph.actor_key(b)?)))
        .collect::<Option<Vec<_>>>()
        .ok_or("unknown actor id")?;
    let filter = Filter::default();
    let view_ms = millis(runs, || {
        std::hint::black_box(View::new(graph, &filter));
    });
    let view = View::new(graph, &filter);
    let per_pair = |f: &dyn Fn(diplograph_core::ActorKey, diplograph_core::ActorKey)| -> f64 {
        let mut all: Vec<f64> = keys.iter().map(|&(a, b)| millis(runs, || f(a, b))).collect();
        all.sort_by(f64::total_cmp);
        all[all.len() / 2]
    };
    println!("view: {view_ms:.3} ms");
    println!(
        "shortest_path: {:.5} ms",
        per_pair(&|a, b| {
            std::hint::black_box(view.shortest_path(a, b, false));
        })
    );
    println!(
        "k5_paths: {:.5} ms",
        per_pair(&|a, b| {
            std::hint::black_box(view.k_shortest_paths(a, b, 5, false));
        })
    );
    println!(
        "neighbors_depth2: {:.5} ms",
        per_pair(&|a, _| {
            std::hint::black_box(view.neighborhood(a, 2));
        })
    );
    println!(
        "betweenness_256: {:.1} ms",
        millis(1, || {
            std::hint::black_box(view.betweenness(Some(256), 1));
        })
    );
    println!(
        "balance: {:.1} ms",
        millis(1, || {
            std::hint::black_box(balance(graph, &filter, diplograph_core::query::SignPolicy::Net));
        })
    );
    std::mem::forget(view);
    std::mem::forget(loaded);
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
