//! `diplograph diff OLD NEW` / `--git A..B`: compare two datasets by meaning.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};
use diplograph_core::{ActorKey, Change, FieldChange, Graph, GraphDiff, Relation, diff};
use diplograph_loader::{LoadOptions, Loaded, load};

use crate::app::{Outcome, UsageError, data_path, usage};
use crate::config::{Diff, DiffOutput, DiffSides, Format, Global};
use crate::output::{report_errors, stdout, write_json};
use crate::text::plural;
use diplograph_answer::diff::git_dataset;
use diplograph_diagram::dot::to_dot;
use diplograph_diagram::legend::{KindEntry, Legend, LineEntry};
use diplograph_diagram::picture::{Edges, Frame, LabelLine, PEdge, PNode, Picture, edge_label};
use diplograph_diagram::style::{EdgeLook, Line, NodeLook, TEXT, Width, label_color};

pub fn run(global: &Global, args: Diff) -> Result<Outcome> {
    let (old, new, old_label, new_label) = match args.sides {
        DiffSides::Git(a, b) => {
            let data = data_path(global)?;
            let old = git_dataset(&data, &a).map_err(usage)?;
            let new = match &b {
                Some(b) => git_dataset(&data, b).map_err(usage)?,
                None => load_dir(&data)?,
            };
            let new_label = b.unwrap_or_else(|| data.display().to_string());
            (old, new, a, new_label)
        }
        DiffSides::Paths(old, new) => {
            (load_dir(&old)?, load_dir(&new)?, old.display().to_string(), new.display().to_string())
        }
    };
    let mut graphs = Vec::new();
    for (loaded, label) in [(old, &old_label), (new, &new_label)] {
        match loaded.graph {
            Some(g) => graphs.push(g),
            None => {
                let summary = format!("{label} has {}; fix them to compare", plural(loaded.error_count(), "error"));
                report_errors(
                    loaded.diagnostics.iter().filter(|d| d.is_error()),
                    &loaded.files,
                    global.color,
                    &summary,
                );
                return Ok(Outcome::Failure);
            }
        }
    }
    let (old, new) = (&graphs[0], &graphs[1]);
    let d = diff(old, new);
    let differ = args.exit_code && !d.is_empty();
    let mut out = stdout();
    match args.output {
        DiffOutput::Quiet => {}
        DiffOutput::Dot => {
            let title = format!("Changes from {old_label} to {new_label}");
            out.write_all(to_dot(&picture(old, new, &d, title)).as_bytes())?;
        }
        DiffOutput::Report(Format::Json) => write_json(&mut out, &diplograph_answer::diff::json(old, new, &d))?,
        DiffOutput::Report(Format::Text) => out.write_all(text(old, new, &d).as_bytes())?,
    }
    out.flush()?;
    Ok(if differ { Outcome::Failure } else { Outcome::Success })
}

fn load_dir(path: &Path) -> Result<Loaded> {
    if !path.exists() {
        return Err(UsageError(format!("the data path {} does not exist", path.display())).into());
    }
    load(path, &LoadOptions::default()).with_context(|| format!("cannot load the data at {}", path.display()))
}

fn actor_id(g: &Graph, k: Option<ActorKey>) -> &str {
    k.map_or("", |k| &g.actor(k).id)
}

fn relation_label(g: &Graph, r: &Relation) -> String {
    let kind = g.vocabulary().relation_kind(r.kind);
    let arrow = if kind.directed { "->" } else { "-" };
    let id = r.id.as_ref().map(|i| format!(" ({i})")).unwrap_or_default();
    format!("{} -[{}]{arrow} {}{id}", g.actor(r.subject).id, kind.id, g.actor(r.object).id)
}

fn field_lines(fields: &[FieldChange]) -> Vec<String> {
    fields
        .iter()
        .map(|f| match (&f.old, &f.new) {
            (None, Some(n)) if f.item => format!("      {}: + {n}", f.field),
            (Some(o), None) if f.item => format!("      {}: - {o}", f.field),
            (o, n) => format!(
                "      {}: {} -> {}",
                f.field,
                o.as_deref().unwrap_or("(none)"),
                n.as_deref().unwrap_or("(none)")
            ),
        })
        .collect()
}

fn count(changes: impl Iterator<Item = Change>) -> [usize; 4] {
    let mut c = [0; 4];
    for ch in changes {
        match ch {
            Change::Added => c[0] += 1,
            Change::Removed => c[1] += 1,
            Change::Renamed => c[2] += 1,
            Change::Changed => c[3] += 1,
            Change::Unchanged => {}
        }
    }
    c
}

fn summary(what: &str, c: [usize; 4], renames: bool) -> Option<String> {
    let mut parts = Vec::new();
    for (n, word) in c.iter().zip(["added", "removed", "renamed", "changed"]) {
        if *n > 0 && (renames || word != "renamed") {
            parts.push(format!("{n} {word}"));
        }
    }
    (!parts.is_empty()).then(|| format!("{what}: {}", parts.join(", ")))
}

fn text(old: &Graph, new: &Graph, d: &GraphDiff) -> String {
    let mut lines = Vec::new();
    let mark = |c: Change| match c {
        Change::Added => "+",
        Change::Removed => "-",
        _ => "~",
    };
    let actors: Vec<_> = d.actors.iter().filter(|a| a.change != Change::Unchanged).collect();
    if !actors.is_empty() {
        lines.push("Actors:".to_owned());
        for a in actors {
            let described = |g: &Graph, k: ActorKey| {
                let x = g.actor(k);
                format!("{} ({}, \"{}\")", x.id, g.vocabulary().actor_kind(x.kind).id, x.name)
            };
            let head = match (a.change, a.new, a.old) {
                (Change::Added, Some(k), _) => described(new, k),
                (Change::Removed, _, Some(k)) => described(old, k),
                (Change::Renamed, _, _) => format!("{} -> {} (renamed)", actor_id(old, a.old), actor_id(new, a.new)),
                _ => actor_id(new, a.new).to_owned(),
            };
            lines.push(format!("  {} {head}", mark(a.change)));
            lines.extend(field_lines(&a.fields));
        }
    }
    let relations: Vec<_> = d.relations.iter().filter(|r| r.change != Change::Unchanged).collect();
    if !relations.is_empty() {
        lines.push("Relations:".to_owned());
        for r in relations {
            let label = match (r.new, r.old) {
                (Some(n), _) => relation_label(new, new.relation(n)),
                (None, Some(o)) => relation_label(old, old.relation(o)),
                _ => String::new(),
            };
            lines.push(format!("  {} {label}", mark(r.change)));
            lines.extend(field_lines(&r.fields));
        }
    }
    let sources: Vec<_> = d.sources.iter().filter(|s| s.change != Change::Unchanged).collect();
    if !sources.is_empty() {
        lines.push("Sources:".to_owned());
        for s in sources {
            let id = match (s.new, s.old) {
                (Some(n), _) => new.source(n).id.to_string(),
                (None, Some(o)) => old.source(o).id.to_string(),
                _ => String::new(),
            };
            lines.push(format!("  {} {id}", mark(s.change)));
            lines.extend(field_lines(&s.fields));
        }
    }
    let parts: Vec<String> = [
        summary("actors", count(d.actors.iter().map(|a| a.change)), true),
        summary("relations", count(d.relations.iter().map(|r| r.change)), false),
        summary("sources", count(d.sources.iter().map(|s| s.change)), false),
    ]
    .into_iter()
    .flatten()
    .collect();
    if parts.is_empty() {
        lines.push("no differences".to_owned());
    } else {
        if lines.len() > 1 {
            lines.push(String::new());
        }
        lines.push(parts.join("; "));
    }
    let mut s = lines.join("\n");
    s.push('\n');
    s
}

const ADDED: (&str, &str) = ("#2e7d32", "#e8f5e9");
const REMOVED: (&str, &str) = ("#c62828", "#ffebee");
const CHANGED: (&str, &str) = ("#ef6c00", "#fff3e0");
const SAME: (&str, &str) = ("#9e9e9e", "#ffffff");

/// (line colour, fill colour) of a change.
fn colors(c: Change) -> (&'static str, &'static str) {
    match c {
        Change::Added => ADDED,
        Change::Removed => REMOVED,
        Change::Renamed | Change::Changed => CHANGED,
        Change::Unchanged => SAME,
    }
}

fn change_text(fields: &[FieldChange]) -> String {
    field_lines(fields).iter().map(|l| l.trim()).collect::<Vec<_>>().join("\n")
}

/// The union of both graphs as a diagram: every actor and stated relation of either, coloured by
/// what happened to it, drawn by the same DOT writer as `dot` and `render`.
fn picture(old: &Graph, new: &Graph, d: &GraphDiff, title: String) -> Picture<'static> {
    let mut nodes = Vec::new();
    // Node positions: by new key, and by old key for actors that are only in the old graph.
    let mut at_new = vec![usize::MAX; new.actor_count()];
    let mut at_old = vec![usize::MAX; old.actor_count()];
    for a in &d.actors {
        let (g, k, id) = match (a.new, a.old) {
            (Some(n), _) => (new, n, new.actor(n).id.to_string()),
            (None, Some(o)) => (old, o, format!("removed:{}", old.actor(o).id)),
            _ => continue,
        };
        let x = g.actor(k);
        let kind = g.vocabulary().actor_kind(x.kind);
        let label = match (a.change, a.old) {
            (Change::Renamed, Some(o)) => format!("{}\n({} \u{2192} {})", x.name, old.actor(o).id, x.id),
            _ => x.name.to_string(),
        };
        let mut tooltip = format!("{} ({}), {}: {}", x.name, x.id, kind.label, a.change.as_str());
        if !a.fields.is_empty() {
            tooltip.push('\n');
            tooltip.push_str(&change_text(&a.fields));
        }
        if let Some(n) = a.new {
            at_new[n.index()] = nodes.len();
        }
        if let Some(o) = a.old {
            at_old[o.index()] = nodes.len();
        }
        let shape = NodeLook::of(kind).shape;
        nodes.push(PNode {
            id,
            label,
            tooltip,
            kind: kind.label.to_string(),
            look: NodeLook { shape, fill: colors(a.change).1.to_owned() },
            highlight: a.change != Change::Unchanged,
            cluster: None,
            size: None,
        });
    }
    let mut edges = Vec::new();
    for r in &d.relations {
        let (g, rel, from, to) = match (r.new, r.old) {
            (Some(n), _) => {
                let x = new.relation(n);
                (new, x, at_new[x.subject.index()], at_new[x.object.index()])
            }
            (None, Some(o)) => {
                let x = old.relation(o);
                (old, x, at_old[x.subject.index()], at_old[x.object.index()])
            }
            _ => continue,
        };
        if from == usize::MAX || to == usize::MAX {
            continue;
        }
        let kind = g.vocabulary().relation_kind(rel.kind);
        let mut tooltip = format!("{}: {}", relation_label(g, rel), r.change.as_str());
        if !r.fields.is_empty() {
            tooltip.push('\n');
            tooltip.push_str(&change_text(&r.fields));
        }
        let color = colors(r.change).0;
        let mut label = edge_label(g, rel).split('\n').map(str::to_owned).collect::<Vec<_>>().into_iter();
        edges.push(PEdge {
            from,
            to,
            lines: vec![LabelLine {
                text: label.next().unwrap_or_default(),
                detail: Some(label.collect::<Vec<_>>().join(", ")).filter(|d| !d.is_empty()),
                color: label_color(color),
            }],
            tooltip,
            look: change_look(r.change, kind.directed, rel.negated),
            highlight: r.change != Change::Unchanged,
            ids: vec![rel.id.as_deref().map_or_else(|| format!("relation-{}", edges.len() + 1), str::to_owned)],
        });
    }
    let entries = [
        (Change::Added, "added"),
        (Change::Removed, "removed"),
        (Change::Changed, "changed or renamed"),
        (Change::Unchanged, "unchanged"),
    ];
    let legend = Legend {
        kinds: entries
            .iter()
            .map(|(c, word)| KindEntry {
                label: format!("actor {word}"),
                look: NodeLook { shape: "box".into(), fill: colors(*c).1.to_owned() },
            })
            .collect(),
        lines: entries
            .iter()
            .map(|(c, word)| LineEntry {
                label: format!("relation {word}"),
                text: TEXT.to_owned(),
                look: change_look(*c, true, false),
            })
            .collect(),
        note: None,
    };
    let frame = Frame { title: Some(title), ..Frame::default() };
    Picture { frame, nodes, edges: Edges::Given(edges), clusters: Vec::new(), legend: Some(legend), caption: None }
}

/// A relation's line in the union: coloured by its change, dashed when removed, wide when
/// changed in any way.
fn change_look(change: Change, directed: bool, negated: bool) -> EdgeLook {
    let line = if change == Change::Removed { Line::Dashed } else { Line::Solid };
    let width = if change == Change::Unchanged { Width::Medium } else { Width::High };
    let mark = if negated {
        "tee"
    } else if directed {
        "normal"
    } else {
        "none"
    };
    EdgeLook {
        colors: vec![colors(change).0.to_owned()],
        line,
        width,
        directed,
        mark: mark.to_owned(),
        negated,
        faded: false,
    }
}
