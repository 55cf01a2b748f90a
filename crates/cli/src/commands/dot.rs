//! `diplograph dot`: the relationship diagram as Graphviz DOT; also what `render` and `mermaid`
//! share: loading the data and deciding the picture from the diagram options.

use std::time::Duration;

use anyhow::Result;
use diplograph_core::query::View;
use diplograph_core::{ActorKey, Filter, Graph};

use crate::app::{Outcome, UsageError, actor_key, load_valid};
use crate::config::{Diagram, Global};
use crate::output::emit_with;
use diplograph_diagram::dot::{LABEL_SIZE, to_dot, write_dot};
use diplograph_diagram::page::{MIN_PRINT_PT, Page, fit};
use diplograph_diagram::picture::{Picture, RankDir, SizeBy};
use diplograph_diagram::render::{Failure, layout_size};
use diplograph_diagram::select::{Empty, Scope, select};

pub fn run(global: &Global, diagram: &Diagram, output: Option<&std::path::Path>) -> Result<Outcome> {
    with_picture(global, diagram, |picture| emit_with(output, |out| write_dot(picture, out)))
}

/// Loads the data, decides the picture and hands it to `draw`; the outcome without calling
/// `draw` when there is nothing to draw (the reason is already printed).
pub fn with_picture(global: &Global, args: &Diagram, draw: impl FnOnce(&Picture<'_>) -> Result<()>) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    match decide(&graph, args)? {
        Ok(picture) => {
            draw(&picture)?;
            Ok(Outcome::Success)
        }
        Err(outcome) => Ok(outcome),
    }
}

/// Decides the picture of `graph` for the diagram options.
pub fn decide<'g>(graph: &'g Graph, args: &Diagram) -> Result<std::result::Result<Picture<'g>, Outcome>> {
    let filter = Filter::resolve(&args.filter, graph).map_err(|e| UsageError(e.to_string()))?;
    let centers = args.focus.iter().map(|id| actor_key(graph, id)).collect::<Result<Vec<_>>>()?;
    let scope = match (centers.is_empty(), &args.path) {
        (false, _) => Scope::Focus { centers: centers.clone(), depth: args.depth },
        (true, Some(ends)) => Scope::Path {
            from: actor_key(graph, &ends[0])?,
            to: actor_key(graph, &ends[1])?,
            depth: args.depth,
            only: args.only_path,
        },
        (true, None) => Scope::Whole { isolated: args.show_isolated },
    };
    let selection = match select(graph, &filter, &scope) {
        Ok(s) => s,
        Err(Empty::NoPath) => {
            let ends = args.path.as_ref().map_or(["", ""], |[a, b]| [a.as_str(), b.as_str()]);
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
            "the diagram would have {} actors, more than --max-nodes {}: Graphviz cannot lay that out legibly; draw part of it with {} (or --kinds, --at), or raise --max-nodes",
            selection.actors.len(),
            args.max_nodes,
            focus_hint(graph, &filter, &selection.actors, args.max_nodes, &[])
        ))
        .into());
    }
    let frame = args.frame.clone();
    let scores = frame.size_by.map(|by| {
        let view = View::new(graph, &filter);
        match by {
            SizeBy::Degree => view.degree(),
            // Exact up to a few thousand actors, then estimated from a fixed sample.
            SizeBy::Betweenness => view.betweenness((graph.actor_count() > 4000).then_some(256), 1),
        }
    });
    let mut picture = Picture::new(graph, &selection, frame, scores.as_deref());
    if let Some(page) = args.page {
        // Only what draws fewer actors than this picture, and never the focus asked for.
        let asked = if args.depth <= 1 { centers.as_slice() } else { &[] };
        let smaller = selection.actors.len().saturating_sub(1).min(args.max_nodes);
        let rankdir = picture.frame.rankdir;
        fit_page(&mut picture, page, |w, h| {
            let mut hints = Vec::new();
            if w > h && rankdir == RankDir::Lr {
                hints.push("--rankdir TB (the picture is wider than tall)".to_owned());
            }
            if !centers.is_empty() && args.depth > 1 {
                hints.push(format!("--depth {}", args.depth - 1));
            }
            hints.extend(focus_hints(graph, &filter, &selection.actors, smaller, asked));
            if hints.is_empty() {
                hints.push("--kinds or --at, to draw fewer relations".to_owned());
            }
            hints.join(", or ")
        })?;
    }
    Ok(Ok(picture))
}

/// Lays the picture out with Graphviz and sets its size to fit `page`, or fails saying at what
/// size its labels would print and what to draw instead.
fn fit_page(picture: &mut Picture<'_>, page: Page, hint: impl FnOnce(f64, f64) -> String) -> Result<()> {
    let text = to_dot(picture);
    let (w, h) = layout_size(&text, picture.frame.engine, MEASURE_TIMEOUT).map_err(|e| match e {
        Failure::NotInstalled => {
            UsageError(format!("--page needs Graphviz to measure the picture, and it is not installed ({e})"))
        }
        e => UsageError(e.to_string()),
    })?;
    let f = fit(page, w, h, LABEL_SIZE);
    if !f.readable() {
        return Err(UsageError(format!(
            "the picture is {:.1} × {:.1} cm: fitted to {page} its labels would print at {:.1} pt, under {MIN_PRINT_PT} pt; draw less, e.g. {}",
            w * 2.54,
            h * 2.54,
            f.smallest_pt,
            hint(w, h)
        ))
        .into());
    }
    picture.frame.size = Some(f.size);
    Ok(())
}

/// How long measuring a picture for `--page` may take.
const MEASURE_TIMEOUT: Duration = Duration::from_secs(60);

/// `--focus ID --depth 1` for the (up to three) most connected of `actors` whose neighbourhood
/// has at most `limit` actors, each with the number of actors it would draw: what to propose
/// when a picture is too large. `ID --depth 1` is `--focus ID --depth 1` when nothing fits.
pub fn focus_hint(graph: &Graph, filter: &Filter, actors: &[ActorKey], limit: usize, skip: &[ActorKey]) -> String {
    let hints = focus_hints(graph, filter, actors, limit, skip);
    if hints.is_empty() { "--focus ID --depth 1".to_owned() } else { hints.join(", or ") }
}

/// The hints of [`focus_hint`], leaving out the actors of `skip` (a focus already drawn).
fn focus_hints(graph: &Graph, filter: &Filter, actors: &[ActorKey], limit: usize, skip: &[ActorKey]) -> Vec<String> {
    let view = View::new(graph, filter);
    let degree = view.degree();
    let mut ranked: Vec<ActorKey> = actors.iter().copied().filter(|a| !skip.contains(a)).collect();
    ranked.sort_by(|a, b| degree[b.index()].total_cmp(&degree[a.index()]).then(a.cmp(b)));
    ranked
        .iter()
        .map(|&a| (a, view.neighborhood(a, 1).iter().map(Vec::len).sum::<usize>()))
        .filter(|&(_, n)| n <= limit)
        .take(3)
        .map(|(a, n)| format!("--focus {} --depth 1 ({n} actors)", graph.actor(a).id))
        .collect()
}
