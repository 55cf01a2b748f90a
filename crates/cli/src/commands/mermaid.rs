//! `diplograph mermaid`: the relationship diagram as a Mermaid flowchart.

use anyhow::Result;

use crate::app::Outcome;
use crate::commands::dot::picture;
use crate::config::{Diagram, Global};
use crate::output::emit;
use diplograph_diagram::mermaid::to_mermaid;

pub fn run(global: &Global, diagram: &Diagram, output: Option<&std::path::Path>) -> Result<Outcome> {
    let picture = match picture(global, diagram)? {
        Ok(p) => p,
        Err(outcome) => return Ok(outcome),
    };
    let text = to_mermaid(&picture);
    emit(output, text.as_bytes())?;
    Ok(Outcome::Success)
}
