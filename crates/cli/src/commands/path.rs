//! `diplograph path FROM TO`: how two actors are connected.

use std::io::Write;

use anyhow::Result;
use diplograph_answer::path::PathQuery;
use diplograph_core::query::{Path, Sign, THROUGH_BUDGET, View};
use diplograph_core::{ActorKey, Filter, Graph, Polarity, Rejection};

use crate::app::{Outcome, load_valid, undated_among, undated_note, usage};
use crate::config::{Format, Global, Path as PathConfig};
use crate::output::{stdout, write_json};
use crate::text::{hop_line, plural, quotes, relation_line};

pub fn run(global: &Global, args: PathConfig) -> Result<Outcome> {
    let (_loaded, graph) = match load_valid(global)? {
        Ok(v) => v,
        Err(outcome) => return Ok(outcome),
    };
    let query = &args.query;
    let (from, to, filter) = query.resolve(&graph).map_err(usage)?;
    let view = View::new(&graph, &filter);
    let found = query.search(&view, from, to);
    let (paths, truncated, complete) = (&found.paths, found.truncated, found.complete);
    let mut out = stdout();
    if args.format == Format::Json {
        write_json(&mut out, &found.json(&view))?;
    } else {
        for (i, path) in paths.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            write_path(&mut out, &view, path, (paths.len() > 1).then_some(i + 1), args.quiet)?;
        }
    }
    out.flush()?;
    if truncated {
        eprintln!(
            "notice: more than {} paths of at most {} exist; only the first {} (shortest first) are shown; raise --limit to see more",
            query.limit,
            plural(query.max_hops, "hop"),
            query.limit
        );
    }
    if !complete {
        let found = if paths.is_empty() { "no path found so far, but one may exist" } else { "there may be more" };
        eprintln!(
            "notice: the search for paths through {} stopped at its limit, after examining {THROUGH_BUDGET} paths: {found} (exit status 3)",
            query.filter.through.join(", ")
        );
        return Ok(Outcome::Incomplete);
    }
    let shown = paths.iter().flat_map(|p| &p.hops).flat_map(|h| view.relations_between(h.from, h.to));
    if let Some((undated, total)) = undated_among(&graph, &filter, shown) {
        undated_note(undated, total);
    }
    if paths.is_empty() {
        explain_no_path(&graph, &filter, from, to, query)?;
        return Ok(Outcome::Failure);
    }
    crate::app::release(view);
    crate::app::release((_loaded, graph));
    Ok(Outcome::Success)
}

fn write_path(out: &mut impl Write, view: &View<'_>, path: &Path, number: Option<usize>, quiet: bool) -> Result<()> {
    let graph = view.graph();
    let sign = path.sign(view);
    let mut header =
        format!("{} to {}: {}", graph.actor(path.start).name, graph.actor(path.end()).name, plural(path.len(), "hop"));
    if let Some(n) = number {
        header = format!("#{n} {header}");
    }
    if let Some(c) = path.cost {
        header.push_str(&format!(", cost {c:.2}"));
    }
    let meaning = match sign {
        Sign::Unknown => " (a hop is neutral or rejected)",
        Sign::Ambivalent => " (a hop links actors with both cooperative and hostile relations)",
        _ => "",
    };
    writeln!(out, "{header}, sign {}{meaning}", sign.symbol())?;
    for hop in &path.hops {
        let hop_sign = view.hop_sign(hop.from, hop.to);
        let others = view.relations_between(hop.from, hop.to).count() - 1;
        let more = match others {
            0 => String::new(),
            1 => "   (+1 more relation)".to_string(),
            n => format!("   (+{n} more relations)"),
        };
        writeln!(out, "  {} {}{more}", hop_sign.symbol(), hop_line(graph, hop))?;
        if !quiet {
            for line in quotes(graph, graph.relation(hop.relation), "        ") {
                writeln!(out, "{line}")?;
            }
        }
        let shown = graph.sign_polarity(graph.relation(hop.relation));
        if hop_sign != Sign::of(shown) {
            // The relations behind the hop's sign that the relation shown does not carry.
            for k in view.relations_between(hop.from, hop.to) {
                let r = graph.relation(k);
                let polarity = graph.sign_polarity(r);
                if polarity != shown && polarity != Polarity::Neutral {
                    writeln!(out, "      {} also: {}", Sign::of(polarity).symbol(), relation_line(graph, r))?;
                }
            }
        }
    }
    Ok(())
}

/// Says that no path exists and, when the filters hid one, which relations they hid and why.
fn explain_no_path(graph: &Graph, filter: &Filter, from: ActorKey, to: ActorKey, args: &PathQuery) -> Result<()> {
    let (a, b) = (&graph.actor(from).name, &graph.actor(to).name);
    let within = if args.all { format!(" of at most {}", plural(args.max_hops, "hop")) } else { String::new() };
    eprintln!("no path{within} from {a} to {b}");
    if !filter.is_restrictive() {
        return Ok(());
    }
    let open = View::new(graph, &Filter::all());
    let Some(path) = open.shortest_path(from, to, false) else {
        eprintln!("  they are not connected even without filters");
        return Ok(());
    };
    eprintln!("  without filters they are connected in {}:", plural(path.len(), "hop"));
    for hop in &path.hops {
        let r = graph.relation(hop.relation);
        let mut reasons: Vec<String> =
            filter.rejections(graph, r).iter().map(|x: &Rejection| x.describe(graph)).collect();
        let kind = graph.vocabulary().relation_kind(r.kind);
        if filter.directed && kind.directed && !hop.forward(graph) {
            reasons.push("goes against the relation's direction (--directed)".into());
        }
        let why = if reasons.is_empty() { "passes the filters".to_string() } else { reasons.join("; ") };
        eprintln!("    {}: {why}", hop_line(graph, hop));
    }
    if !args.filter.through.is_empty() {
        eprintln!("  the path must also pass through {} (--through)", args.filter.through.join(", "));
    }
    if args.all {
        eprintln!("  (--max-hops {} may also be too small)", args.max_hops);
    }
    Ok(())
}
