//! `diplograph export`: the graph, or the part the filters select, for other tools.

use std::path::Path;

use anyhow::{Context, Result};
use diplograph_core::Filter;
use diplograph_export::{Format as ExportFormat, RdfSyntax, Scope, Subgraph};

use crate::app::{Outcome, UsageError, actor_key, load_valid};
use crate::config::{Export, Global};
use crate::output::{emit_with, write_atomically};
use crate::progress::Progress;

pub fn run(global: &Global, args: Export) -> Result<Outcome> {
    let (loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let filter = Filter::resolve(&args.filter, &graph).map_err(|e| UsageError(e.to_string()))?;
    let focus = args.focus.iter().map(|id| actor_key(&graph, id)).collect::<Result<Vec<_>>>()?;
    let scope = Scope { filter, focus, depth: args.depth, negated: args.negated };
    let sub = Subgraph::select(&graph, &scope);
    let progress = Progress::spinner_if(graph.relation_count() > 200_000, "exporting");
    let output = args.output.as_deref();
    let g = &graph;
    let written = match args.format {
        ExportFormat::Csv => {
            let tables = diplograph_export::tables(g, &sub)?;
            write_dir(output, &tables.files())
        }
        ExportFormat::Neo4j => {
            let files = diplograph_export::neo4j(g, &sub)?;
            write_dir(output, &files.files())
        }
        format => emit_with(output, |out| {
            let result = match format {
                ExportFormat::Json => diplograph_export::node_link(g, &sub, out),
                ExportFormat::Graphml => diplograph_export::graphml(g, &sub, out),
                ExportFormat::Gexf => diplograph_export::gexf(g, &sub, out),
                ExportFormat::Cytoscape => diplograph_export::cytoscape(g, &sub, out),
                ExportFormat::Markdown => diplograph_export::markdown(g, &sub, out),
                ExportFormat::Turtle => diplograph_export::rdf(g, &sub, args.base.as_deref(), RdfSyntax::Turtle, out),
                ExportFormat::Ntriples => {
                    diplograph_export::rdf(g, &sub, args.base.as_deref(), RdfSyntax::NTriples, out)
                }
                ExportFormat::Ftm => diplograph_export::followthemoney(g, &sub, out),
                ExportFormat::Csv | ExportFormat::Neo4j => unreachable!("written as directories above"),
            };
            result.map_err(|e| match e {
                diplograph_export::Error::Io(io) => io,
                // A write that failed (a closed pipe) keeps its kind.
                diplograph_export::Error::Json(json) if json.is_io() => json.into(),
                other => std::io::Error::other(other),
            })
        }),
    };
    progress.finish();
    written?;
    crate::app::release((loaded, graph));
    Ok(Outcome::Success)
}

/// Writes the files of a directory format into `-o DIR` (created if missing), each atomically;
/// the configuration made sure `-o DIR` is given.
fn write_dir(output: Option<&Path>, files: &[(&str, &[u8])]) -> Result<()> {
    let dir = output.context("a directory format needs -o DIR")?;
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create the directory {}", dir.display()))?;
    for (name, bytes) in files {
        write_atomically(&dir.join(name), bytes)?;
    }
    Ok(())
}
