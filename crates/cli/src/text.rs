//! Plain-text rendering shared by commands: relation lines, dates, evidence.

use diplograph_core::{Graph, Relation};

pub use diplograph_core::text::{dates, relation_line, relation_tag};

/// The detail lines under a relation: qualifiers, quotes, note; each starts with `indent`.
pub fn relation_details(graph: &Graph, r: &Relation, indent: &str, quotes: bool) -> Vec<String> {
    let mut lines = Vec::new();
    let mut quals = Vec::new();
    if let Some(s) = r.strength {
        quals.push(format!("strength: {s}"));
    }
    if let Some(c) = r.confidence {
        quals.push(format!("confidence: {c}"));
    }
    if !r.about.is_empty() {
        quals.push(format!("about: {}", r.about.iter().map(|a| &*graph.actor(*a).name).collect::<Vec<_>>().join(", ")));
    }
    if let Some(p) = r.place {
        quals.push(format!("in: {}", graph.actor(p).name));
    }
    if let Some(id) = &r.id {
        quals.push(format!("id: {id}"));
    }
    if !quals.is_empty() {
        lines.push(format!("{indent}{}", quals.join(" · ")));
    }
    if quotes {
        for e in &r.evidence {
            lines.push(format!("{indent}\u{201C}{}\u{201D} ({})", e.text, graph.source(e.source).id));
        }
    }
    if let Some(n) = &r.note {
        if matches!(r.origin, diplograph_core::Origin::Stated(_)) {
            lines.push(format!("{indent}note: {n}"));
        }
    }
    lines
}

/// One line for a step of a path, read in the path's direction: `Russia -[mediates for, since
/// 2023-10, offered]-> Hamas`, or `Hamas <-[...]- Russia` when the step goes against a directed
/// relation; symmetric kinds have no arrowhead.
pub fn hop_line(graph: &Graph, hop: &diplograph_core::query::Hop) -> String {
    let r = graph.relation(hop.relation);
    let kind = graph.vocabulary().relation_kind(r.kind);
    let (left, right) = match (kind.directed, hop.forward(graph)) {
        (false, _) => ("-", "-"),
        (true, true) => ("-", "->"),
        (true, false) => ("<-", "-"),
    };
    format!("{} {left}[{}]{right} {}", graph.actor(hop.from).name, relation_tag(graph, r), graph.actor(hop.to).name)
}

/// The quotes of a relation, one a line, each starting with `indent`.
pub fn quotes(graph: &Graph, r: &Relation, indent: &str) -> Vec<String> {
    r.evidence.iter().map(|e| format!("{indent}\u{201C}{}\u{201D} ({})", e.text, graph.source(e.source).id)).collect()
}

pub use diplograph_core::text::plural;
