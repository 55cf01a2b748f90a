//! The legend: one entry per actor kind, relation kind and line style actually in the picture.

use std::collections::BTreeSet;

use diplograph_core::Graph;

use crate::picture::Picture;
use crate::select::Selection;
use crate::style::{EdgeLook, Line, NodeLook, SAMPLE, StatusMark};

/// An actor kind in the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct KindEntry {
    /// The kind's label.
    pub label: String,
    /// Its shape and fill.
    pub look: NodeLook,
}

/// A line in the legend: a relation kind, a status, a denial or the path.
#[derive(Clone, Debug, PartialEq)]
pub struct LineEntry {
    /// What the line means.
    pub label: String,
    /// How it is drawn.
    pub look: EdgeLook,
    /// Drawn thick, like a path.
    pub highlight: bool,
}

/// What the legend lists, in vocabulary order.
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    /// Actor kinds present.
    pub kinds: Vec<KindEntry>,
    /// Relation kinds, then status lines, denials and the path, when present.
    pub lines: Vec<LineEntry>,
}

impl Legend {
    /// The legend of `picture`, drawn from `selection` of `graph`.
    pub fn of(graph: &Graph, selection: &Selection, picture: &Picture) -> Self {
        let vocabulary = graph.vocabulary();
        let actor_kinds: BTreeSet<_> = selection.actors.iter().map(|&a| graph.actor(a).kind).collect();
        let kinds = vocabulary
            .actor_kinds()
            .filter(|(id, _)| actor_kinds.contains(id))
            .map(|(_, k)| KindEntry { label: k.label.to_string(), look: NodeLook::of(k) })
            .collect();

        let mut relation_kinds = BTreeSet::new();
        let (mut ended, mut offered, mut negated) = (false, false, false);
        for &rk in &selection.relations {
            let r = graph.relation(rk);
            if r.negated {
                negated = true;
                continue;
            }
            relation_kinds.insert(r.kind);
            match StatusMark::of(r.status) {
                Some(StatusMark::Ended) => ended = true,
                Some(StatusMark::Offered) => offered = true,
                None => {}
            }
        }
        let mut lines: Vec<LineEntry> = vocabulary
            .relation_kinds()
            .filter(|(id, _)| relation_kinds.contains(id))
            .map(|(_, k)| LineEntry { label: k.label.to_string(), look: EdgeLook::of_kind(k), highlight: false })
            .collect();
        let sample = |line: Line| EdgeLook { color: SAMPLE.into(), line, directed: false, negated: false };
        for (present, mark) in [(ended, StatusMark::Ended), (offered, StatusMark::Offered)] {
            if present {
                lines.push(LineEntry { label: mark.legend().into(), look: sample(mark.line()), highlight: false });
            }
        }
        if negated {
            let look = EdgeLook { negated: true, directed: true, ..sample(Line::Dashed) };
            lines.push(LineEntry { label: "NOT: denied by the source".into(), look, highlight: false });
        }
        if picture.edges.iter().any(|e| e.highlight) {
            lines.push(LineEntry { label: "path".into(), look: sample(Line::Solid), highlight: true });
        }
        Legend { kinds, lines }
    }
}
