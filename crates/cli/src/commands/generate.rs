//! `diplograph gen`: write a synthetic dataset, the same bytes for the same arguments.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use diplograph_loader::{LoadOptions, load_texts};

use crate::app::{Outcome, UsageError};
use crate::progress::Progress;
use crate::text::plural;
use diplograph_gen::{SynthSpec, generate};

pub fn run(spec: &SynthSpec, dir: &Path) -> Result<Outcome> {
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
    let progress = Progress::bar(spec.files as u64, "writing files");
    let written = generate(graph.vocabulary(), spec, |name, text| {
        let path = dir.join(name);
        fs::write(&path, text).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        progress.inc(1);
        Ok(())
    })
    .with_context(|| format!("cannot write the dataset to {}", dir.display()))?;
    progress.finish();
    eprintln!(
        "wrote {} and {} in {} to {}",
        plural(spec.actors, "actor"),
        plural(written, "relation"),
        plural(spec.files, "file"),
        dir.display()
    );
    Ok(Outcome::Success)
}
