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

/// The dates of a relation as written: `on 2023-10-07`, `since 7 October attack (2023-10-07)`,
/// `since 2025`, `2022 to 2023`, or nothing.
pub fn relation_dates(graph: &Graph, r: &Relation) -> Option<String> {
    if let Some(on) = r.on {
        return Some(format!("on {on}"));
    }
    if r.since_event.is_none() && r.until_event.is_none() {
        return dates(r.since, r.until);
    }
    if let (Some(e), true) = (r.since_event, r.since_event == r.until_event) {
        let when =
            dates(r.since, r.until).map_or_else(|| "undated".to_owned(), |d| d.trim_start_matches("since ").to_owned());
        return Some(format!("during {} ({when})", graph.actor(e).name));
    }
    let bound = |event: Option<crate::ActorKey>, date: Option<PartialDate>| match (event, date) {
        (Some(e), Some(d)) => Some(format!("{} ({d})", graph.actor(e).name)),
        (Some(e), None) => Some(format!("{} (undated)", graph.actor(e).name)),
        (None, d) => d.map(|d| d.to_string()),
    };
    match (bound(r.since_event, r.since), bound(r.until_event, r.until)) {
        (Some(s), None) => Some(format!("since {s}")),
        (None, Some(u)) => Some(format!("until {u}")),
        (Some(s), Some(u)) => Some(format!("{s} to {u}")),
        (None, None) => None,
    }
}

/// The bracketed part of a relation line: `NOT strategic partnership, since 2025, active`.
pub fn relation_tag(graph: &Graph, r: &Relation) -> String {
    let kind = graph.vocabulary().relation_kind(r.kind);
    let mut parts = vec![if r.negated { format!("NOT {}", kind.label) } else { kind.label.to_string() }];
    parts.extend(relation_dates(graph, r));
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

/// `1 hop`, `2 hops`: a count and its word, with an `s` unless the count is one; the one
/// plural of every message and answer.
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
