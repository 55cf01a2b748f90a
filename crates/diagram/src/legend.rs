//! The legend: only what the picture draws and does not say itself. Actor kinds (shape and
//! fill), colours of relation kinds (one row per colour, or per kind with `--legend full`),
//! line patterns, widths, the denial mark, the path and what sizes actors.

use std::collections::{BTreeMap, BTreeSet};

use diplograph_core::{Graph, RelationKindId};

use crate::picture::{LegendMode, Marks, Picture};
use crate::select::Selection;
use crate::style::{DENIAL_MARK, EdgeLook, KindLook, Line, NodeLook, TEXT, Width};

/// An actor kind in the legend.
#[derive(Clone, Debug, PartialEq)]
pub struct KindEntry {
    /// The kind's label.
    pub label: String,
    /// Its shape and fill.
    pub look: NodeLook,
}

/// A line in the legend: a sample drawn as a real edge, then what it means.
#[derive(Clone, Debug, PartialEq)]
pub struct LineEntry {
    /// What the line means (may hold line breaks).
    pub label: String,
    /// The colour of that text.
    pub text: String,
    /// How the sample is drawn.
    pub look: EdgeLook,
}

/// What the legend lists, in vocabulary order.
#[derive(Clone, Debug, PartialEq)]
pub struct Legend {
    /// Actor kinds present.
    pub kinds: Vec<KindEntry>,
    /// Kinds or colours of kinds, then patterns, widths, the denial mark and the path, when
    /// present.
    pub lines: Vec<LineEntry>,
    /// A note under the samples (what sizes the actors).
    pub note: Option<String>,
}

/// The widest line of legend text, in characters; longer lists of kinds wrap.
const WRAP: usize = 44;

fn wrap(words: &[String]) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for (i, w) in words.iter().enumerate() {
        let piece = if i + 1 < words.len() { format!("{w},") } else { w.clone() };
        let last = lines.last_mut().expect("one line at least");
        if last.is_empty() {
            last.push_str(&piece);
        } else if last.chars().count() + 1 + piece.chars().count() <= WRAP {
            last.push(' ');
            last.push_str(&piece);
        } else {
            lines.push(piece);
        }
    }
    lines.join("\n")
}

impl Legend {
    /// The legend of `picture`, drawn from `selection` of `graph`.
    pub fn of(
        graph: &Graph,
        selection: &Selection,
        picture: &Picture<'_>,
        looks: &BTreeMap<RelationKindId, KindLook>,
    ) -> Self {
        let vocabulary = graph.vocabulary();
        let actor_kinds: BTreeSet<_> = selection.actors.iter().map(|&a| graph.actor(a).kind).collect();
        let kinds = vocabulary
            .actor_kinds()
            .filter(|(id, _)| actor_kinds.contains(id))
            .map(|(_, k)| KindEntry { label: k.label.to_string(), look: NodeLook::of(k) })
            .collect();
        let drawn: BTreeSet<_> = selection.relations.iter().map(|&rk| graph.relation(rk).kind).collect();
        let mut lines = Vec::new();
        if picture.frame.legend == LegendMode::Full {
            for (id, k) in vocabulary.relation_kinds().filter(|(id, _)| drawn.contains(id)) {
                let look = &looks[&id];
                lines.push(LineEntry {
                    label: k.label.to_string(),
                    text: look.text.clone(),
                    look: EdgeLook::of_kind(look),
                });
            }
        } else {
            // One row per colour, in order of its first kind, naming the kinds drawn in it.
            let mut colours: Vec<(&KindLook, Vec<String>)> = Vec::new();
            for (id, k) in vocabulary.relation_kinds().filter(|(id, _)| drawn.contains(id)) {
                let look = &looks[&id];
                match colours.iter_mut().find(|(l, _)| l.color == look.color) {
                    Some((_, names)) => names.push(k.label.to_string()),
                    None => colours.push((look, vec![k.label.to_string()])),
                }
            }
            for (look, names) in colours {
                let sample = EdgeLook { directed: false, mark: "none".into(), ..EdgeLook::of_kind(look) };
                lines.push(LineEntry { label: wrap(&names), text: look.text.clone(), look: sample });
            }
        }
        let marks: Vec<Marks> = picture.edges.marks().collect();
        let patterns: BTreeSet<Line> = marks.iter().map(|m| m.line).collect();
        if patterns.len() > 1 || !patterns.contains(&Line::Solid) || picture.frame.legend == LegendMode::Full {
            for line in Line::ALL.into_iter().filter(|l| patterns.contains(l)) {
                lines.push(sample(line.legend(), EdgeLook::sample(line, Width::Medium, "none")));
            }
        }
        let widths: BTreeSet<Width> = marks.iter().map(|m| m.width).collect();
        if widths.len() > 1 {
            for width in Width::ALL.into_iter().filter(|w| widths.contains(w)) {
                lines.push(sample(width.legend(), EdgeLook::sample(Line::Solid, width, "none")));
            }
        }
        if marks.iter().any(|m| m.negated) {
            let look = EdgeLook::sample(Line::Solid, Width::Medium, DENIAL_MARK);
            lines.push(sample("NOT: denied by the source", look));
        }
        if marks.iter().any(|m| m.highlight) {
            lines.push(sample("the path (the rest faded)", EdgeLook::sample(Line::Solid, Width::Medium, "normal")));
        }
        let note = picture.frame.size_by.map(|s| format!("actor size: {}", s.as_str()));
        Legend { kinds, lines, note }
    }
}

fn sample(label: &str, look: EdgeLook) -> LineEntry {
    LineEntry { label: label.to_owned(), text: TEXT.to_owned(), look }
}
