//! `diplograph mermaid`: the relationship diagram as a Mermaid flowchart.

use anyhow::Result;

use crate::app::Outcome;
use crate::commands::dot::with_picture;
use crate::config::{Diagram, Global};
use crate::output::emit;
use diplograph_diagram::mermaid::to_mermaid;

pub fn run(global: &Global, diagram: &Diagram, output: Option<&std::path::Path>) -> Result<Outcome> {
    with_picture(global, diagram, |picture| emit(output, to_mermaid(picture).as_bytes()))
}
