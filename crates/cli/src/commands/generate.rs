//! `diplograph gen`: write a synthetic dataset, the same bytes for the same arguments.

use std::fs;

use anyhow::{Context, Result};
use diplograph_loader::{LoadOptions, load_texts};

use crate::app::{Outcome, UsageError};
use crate::cli::GenArgs;
use crate::progress::Progress;
use diplograph_gen::{SynthSpec, generate};

pub fn run(args: GenArgs) -> Result<Outcome> {
    if args.actors < 2 {
        return Err(UsageError("--actors must be at least 2: a relation links two different actors".into()).into());
    }
    if args.files == 0 {
        return Err(UsageError("--files must be at least 1".into()).into());
    }
    let dir = &args.output;
    if dir.exists() {
        let mut entries = fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
        if entries.next().is_some() {
            return Err(UsageError(format!(
                "{} is not empty; give a new or empty directory, so generated files never mix with other data",
                dir.display()
            ))
            .into());
        }
    }
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let loaded = load_texts(&[], &LoadOptions::default());
    let graph = loaded.graph.context("the built-in vocabulary is invalid")?;
    let spec = SynthSpec { actors: args.actors, relations: args.relations, files: args.files, seed: args.seed };
    let progress = Progress::bar(args.files as u64, "writing files");
    let written = generate(graph.vocabulary(), &spec, |name, text| {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        progress.inc(1);
        Ok(())
    })
    .with_context(|| format!("cannot write the dataset to {}", dir.display()))?;
    progress.finish();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    eprintln!(
        "wrote {} and {} in {} to {}",
        plural(args.actors, "actor"),
        plural(written, "relation"),
        plural(args.files, "file"),
        dir.display()
    );
    Ok(Outcome::Success)
}
