//! `diplograph dot`: the relationship diagram as Graphviz DOT; also what `render` and `mermaid`
//! share: loading the data and deciding the picture from the diagram options.

use anyhow::Result;
use diplograph_core::{Filter, Graph};

use crate::app::{Outcome, UsageError, actor_key, load_valid};
use crate::cli::{DiagramArgs, DotArgs, Global};
use crate::output::emit_with;
use diplograph_diagram::dot::write_dot;
use diplograph_diagram::picture::{Frame, Picture};
use diplograph_diagram::select::{Empty, Scope, select};

pub fn run(global: &Global, args: DotArgs) -> Result<Outcome> {
    let picture = match picture(global, &args.diagram)? {
        Ok(p) => p,
        Err(outcome) => return Ok(outcome),
    };
    emit_with(args.output.as_deref(), |out| write_dot(&picture, out))?;
    Ok(Outcome::Success)
}

/// Loads the data and decides the picture; `Err(outcome)` when there is nothing to draw (the
/// reason is already printed).
pub fn picture(global: &Global, args: &DiagramArgs) -> Result<std::result::Result<Picture, Outcome>> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(Err(outcome)),
    };
    decide(&graph, args)
}

/// Decides the picture of `graph` for the diagram options.
pub fn decide(graph: &Graph, args: &DiagramArgs) -> Result<std::result::Result<Picture, Outcome>> {
    let mut spec = args.filter.to_spec();
    spec.include_negated = args.show_negated;
    let filter = Filter::resolve(&spec, graph).map_err(|e| UsageError(e.to_string()))?;
    let scope = match (&args.focus, &args.path) {
        (Some(id), _) => Scope::Focus { center: actor_key(graph, id)?, depth: args.depth },
        (None, Some(ends)) => Scope::Path {
            from: actor_key(graph, &ends[0])?,
            to: actor_key(graph, &ends[1])?,
            depth: args.depth,
            only: args.only_path,
        },
        (None, None) => Scope::Whole,
    };
    let selection = match select(graph, &filter, &scope) {
        Ok(s) => s,
        Err(Empty::NoPath) => {
            let ends = args.path.as_deref().unwrap_or_default();
            eprintln!(
                "no path between \"{}\" and \"{}\" through relations that pass the filters (negated relations never connect actors)",
                ends[0], ends[1]
            );
            return Ok(Err(Outcome::Failure));
        }
    };
    if selection.actors.is_empty() {
        eprintln!("nothing to draw: no relation passes the filters");
        return Ok(Err(Outcome::Failure));
    }
    if selection.actors.len() > args.max_nodes {
        return Err(UsageError(format!(
            "the diagram would have {} actors, more than --max-nodes {}: Graphviz cannot lay that out legibly; draw part of it with --focus ID --depth N (or --kinds, --at), or raise --max-nodes",
            selection.actors.len(),
            args.max_nodes
        ))
        .into());
    }
    let frame = Frame {
        title: args.title.clone(),
        rankdir: args.rankdir.into(),
        engine: args.layout.into(),
        cluster: args.cluster,
        legend: !args.no_legend,
    };
    Ok(Ok(Picture::new(graph, &selection, frame)))
}
