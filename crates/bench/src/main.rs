//! `diplograph-bench`: times diplograph's load and queries on a dataset, beside the raw RON floor.
//!
//! ```text
//! diplograph-bench raw DIR [RUNS]    parse DIR's files with ron into plain structs, on all cores
//! diplograph-bench load DIR [RUNS]   diplograph's cold load: parse, validate, build the graph
//! diplograph-bench ratio DIR [RUNS]  both, alternated run by run, and the ratio of the medians
//! ```
//!
//! Each prints the median and every run in seconds. Run it from a release build
//! (`cargo run --release -p diplograph-bench -- ...`); set `RAYON_NUM_THREADS` to pin the cores.

mod raw;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use diplograph_loader::{LoadOptions, discover, load};

/// The allocator of the `diplograph` binary, so that both measurements use the same one.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    let usage = "usage: diplograph-bench raw|load|ratio DIR [RUNS]";
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
            let (m, all, relations) = time(runs, || raw::parse_all(&paths))?;
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
                let (m, _, parsed) = time(1, || raw::parse_all(&paths))?;
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
        _ => return Err(usage.into()),
    }
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
