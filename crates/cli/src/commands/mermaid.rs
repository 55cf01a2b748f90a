//! `diplograph mermaid`: the relationship diagram as a Mermaid flowchart.

use std::io::Write;

use anyhow::Result;

use crate::app::Outcome;
use crate::cli::{Global, MermaidArgs};
use crate::commands::dot::picture;
use crate::diagram::mermaid::to_mermaid;
use crate::output::{stdout, write_atomically};

pub fn run(global: &Global, args: MermaidArgs) -> Result<Outcome> {
    let picture = match picture(global, &args.diagram)? {
        Ok(p) => p,
        Err(outcome) => return Ok(outcome),
    };
    let text = to_mermaid(&picture);
    match &args.output {
        Some(path) => write_atomically(path, text.as_bytes())?,
        None => {
            let mut out = stdout();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(Outcome::Success)
}
