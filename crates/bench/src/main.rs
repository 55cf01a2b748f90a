//! `diplograph-bench`: times diplograph's load and queries on a dataset, beside the raw RON floor.
//!
//! ```text
//! diplograph-bench raw DIR [RUNS]    parse DIR's files with ron into plain structs, on all cores
//! diplograph-bench load DIR [RUNS]   diplograph's cold load: parse, validate, build the graph
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
    let usage = "usage: diplograph-bench raw|load DIR [RUNS]";
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
        "outline" => {
            use rayon::prelude::*;
            let texts: Vec<String> = paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
            let (m, all, n) = time(runs, || {
                Ok(texts.par_iter().map(|t| diplograph_loader::outline::outline(t).sections.iter().map(|s| s.entries.len()).sum::<usize>()).sum::<usize>())
            })?;
            report("outline", (m, &all), &format!("{n} entries"));
        }
        "entries" => {
            use rayon::prelude::*;
            let texts: Vec<(String, Vec<std::ops::Range<usize>>)> = paths.par_iter().map(|p| {
                let t = std::fs::read_to_string(p).unwrap();
                let o = diplograph_loader::outline::outline(&t);
                let r = o.sections.iter().filter(|s| s.section == diplograph_loader::outline::Section::Relations).flat_map(|s| s.entries.clone()).collect();
                (t, r)
            }).collect();
            let (m, all, n) = time(runs, || Ok(raw::per_entry(&texts)))?;
            report("per-entry relations", (m, &all), &format!("{n} entries"));
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
