//! Plain-text descriptions shared by every output: the dates of a relation and its one-line
//! summary, as the terminal and the diagrams' tooltips show them.

use crate::{Graph, PartialDate, Relation};

/// `since 2025`, `2022 to 2023`, `until 2024`, or nothing.
pub fn dates(since: Option<PartialDate>, until: Option<PartialDate>) -> Option<String> {
    match (since, until) {
        (None, None) => None,
        (Some(s), None) => Some(format!("since {s}")),
        (None, Some(u)) => Some(format!("until {u}")),
        (Some(s), Some(u)) if s == u => Some(s.to_string()),
        (Some(s), Some(u)) => Some(format!("{s} to {u}")),
    }
}

/// The bracketed part of a relation line: `NOT strategic partnership, since 2025, active`.
pub fn relation_tag(graph: &Graph, r: &Relation) -> String {
    let kind = graph.vocabulary().relation_kind(r.kind);
    let mut parts = vec![if r.negated { format!("NOT {}", kind.label) } else { kind.label.to_string() }];
    parts.extend(dates(r.since, r.until));
    parts.extend(r.status.map(|s| s.to_string()));
    parts.join(", ")
}

/// One line for a relation, read in its stated direction:
/// `Russia -[strategic partnership, since 2025-01-17]- Iran` (symmetric kinds have no arrowhead).
pub fn relation_line(graph: &Graph, r: &Relation) -> String {
    let kind = graph.vocabulary().relation_kind(r.kind);
    let arrow = if kind.directed { "->" } else { "-" };
    format!("{} -[{}]{arrow} {}", graph.actor(r.subject).name, relation_tag(graph, r), graph.actor(r.object).name)
}
