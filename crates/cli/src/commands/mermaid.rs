//! `diplograph mermaid`: the relationship diagram as a Mermaid flowchart.

use anyhow::Result;

use crate::app::Outcome;
use crate::cli::{Global, MermaidArgs};
use crate::commands::dot::picture;
use crate::output::emit;
use diplograph_diagram::mermaid::to_mermaid;

pub fn run(global: &Global, args: MermaidArgs) -> Result<Outcome> {
    let picture = match picture(global, &args.diagram)? {
        Ok(p) => p,
        Err(outcome) => return Ok(outcome),
    };
    let text = to_mermaid(&picture);
    emit(args.output.as_deref(), text.as_bytes())?;
    Ok(Outcome::Success)
}
