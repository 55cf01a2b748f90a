//! `diplograph render -o FILE`: the relationship diagram drawn to SVG, PNG or PDF by Graphviz,
//! or to SVG by the built-in layout when Graphviz is not installed.

use std::io::Write;
use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result};

use crate::app::{Outcome, UsageError};
use crate::commands::dot::with_picture;
use crate::config::{Global, Render};
use crate::output::{persist, temp_beside};
use diplograph_diagram::dot::to_dot;
use diplograph_diagram::layout;
use diplograph_diagram::picture::Picture;
use diplograph_diagram::render::{Failure, Format, graphviz};

pub fn run(global: &Global, args: Render) -> Result<Outcome> {
    with_picture(global, &args.diagram, |picture| draw(picture, &args.output, args.format, args.timeout))
}

/// Draws a picture to `path` in `format`, atomically: with Graphviz, or for SVG with the
/// built-in layout when Graphviz is not installed. `watch` draws through this too.
pub fn draw(picture: &Picture<'_>, path: &Path, format: Format, timeout: Duration) -> Result<()> {
    let dot = if format == Format::Png && picture.frame.size.is_some() {
        // A picture fitted to a page is printed: 300 dots per inch.
        let mut print = picture.clone();
        print.frame.dpi = Some(300);
        to_dot(&print)
    } else {
        to_dot(picture)
    };
    let mut file = temp_beside(path)?;
    match graphviz(&dot, picture.frame.engine, format, file.as_file(), timeout) {
        Ok(warnings) => {
            for line in warnings.lines().filter(|l| !l.trim().is_empty()) {
                eprintln!("warning: Graphviz: {line}");
            }
        }
        Err(Failure::NotInstalled) if format == Format::Svg => {
            let svg = layout::svg(picture).ok_or_else(|| {
                anyhow::anyhow!(
                    "Graphviz is not installed and the built-in layout could not draw this diagram; install Graphviz (the `graphviz` package)"
                )
            })?;
            file.write_all(svg.as_bytes()).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!(
                "notice: Graphviz is not installed, so {} was drawn by the simpler built-in layout; install Graphviz (the `graphviz` package: apt-get install graphviz, brew install graphviz) for a better picture",
                path.display()
            );
        }
        Err(Failure::NotInstalled) => {
            return Err(UsageError(format!(
                "writing {} needs Graphviz, which is not installed (no `dot` on the PATH): install the `graphviz` package (apt-get install graphviz, brew install graphviz), or write SVG, which diplograph can draw without it",
                format.as_str().to_uppercase()
            ))
            .into());
        }
        Err(failure) => return Err(UsageError(failure.to_string()).into()),
    }
    file.as_file().sync_all().with_context(|| format!("cannot write {}", path.display()))?;
    persist(file, path)
}
