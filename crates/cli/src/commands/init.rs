//! `diplograph init [DIR]`: a new dataset that checks clean at once, with commented examples.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::app::{Outcome, UsageError};

/// The files of a new dataset: path inside it, text.
const FILES: &[(&str, &str)] = &[
    ("sources.ron", include_str!("../../templates/sources.ron")),
    ("vocabulary.ron", include_str!("../../templates/vocabulary.ron")),
    ("actors/actors.ron", include_str!("../../templates/actors.ron")),
    ("relations/relations.ron", include_str!("../../templates/relations.ron")),
];

pub fn run(dir: &Path) -> Result<Outcome> {
    if dir.exists() {
        let occupied = fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?.next().is_some();
        if occupied {
            return Err(UsageError(format!(
                "{} is not empty; `init` never writes over anything: give a new or empty directory",
                dir.display()
            ))
            .into());
        }
    }
    for (name, text) in FILES {
        write_new(&dir.join(name), text)?;
    }
    let mut err = std::io::stderr().lock();
    writeln!(err, "created a dataset in {}:", dir.display())?;
    for (name, _) in FILES {
        writeln!(err, "  {name}")?;
    }
    let check = if dir == Path::new("data") {
        "diplograph check".to_owned()
    } else {
        format!("diplograph --data {} check", dir.display())
    };
    writeln!(err, "next: `{check}`, then add sources, actors and relations (see docs/tutorial.md)")?;
    Ok(Outcome::Success)
}

/// Writes a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
