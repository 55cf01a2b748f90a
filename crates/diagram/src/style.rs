//! How things look: node shape and fill from the actor kind, edge colour from the relation kind
//! or its polarity, line from the relation's status, and the marks for denials and paths.

use diplograph_core::{ActorKind, LineStyle, Polarity, Relation, RelationKind, Status};

/// The edge colour of cooperative relation kinds that declare none.
pub const COOPERATIVE: &str = "#2e7d32";
/// The edge colour of hostile relation kinds that declare none.
pub const HOSTILE: &str = "#c62828";
/// The edge colour of neutral relation kinds that declare none.
pub const NEUTRAL: &str = "#616161";
/// The colour of negated relations (denied by the source), whatever their kind.
pub const NEGATED: &str = "#9e9e9e";
/// The colour of legend samples that stand for a line style, not a kind.
pub const SAMPLE: &str = "#424242";
/// The line width of highlighted nodes and edges (a path).
pub const HIGHLIGHT_WIDTH: &str = "3";
/// The fill of an actor whose kind declares no colour.
pub const DEFAULT_FILL: &str = "#ffffff";
/// The font of every text.
pub const FONT: &str = "Helvetica,Arial,sans-serif";

/// A polarity's default colour.
pub fn polarity_color(p: Polarity) -> &'static str {
    match p {
        Polarity::Cooperative => COOPERATIVE,
        Polarity::Hostile => HOSTILE,
        Polarity::Neutral => NEUTRAL,
    }
}

/// The line of an edge.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum Line {
    /// Plain.
    Solid,
    /// Dashes: ended or suspended relations, denials, kinds drawn dashed.
    Dashed,
    /// Dots: offers and proposals, kinds drawn dotted.
    Dotted,
    /// Thick.
    Bold,
}

impl Line {
    /// Graphviz's `style` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Line::Solid => "solid",
            Line::Dashed => "dashed",
            Line::Dotted => "dotted",
            Line::Bold => "bold",
        }
    }

    fn from_kind(style: LineStyle) -> Self {
        match style {
            LineStyle::Solid => Line::Solid,
            LineStyle::Dashed => Line::Dashed,
            LineStyle::Dotted => Line::Dotted,
            LineStyle::Bold => Line::Bold,
        }
    }
}

/// What a relation's status does to its line, if anything.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum StatusMark {
    /// Ended or suspended: dashed.
    Ended,
    /// Offered, proposed or rejected: dotted.
    Offered,
}

impl StatusMark {
    /// The mark of a status.
    pub fn of(status: Option<Status>) -> Option<Self> {
        match status? {
            Status::Ended | Status::Suspended => Some(StatusMark::Ended),
            Status::Offered | Status::Proposed | Status::Rejected => Some(StatusMark::Offered),
            Status::Active => None,
        }
    }

    /// The line it draws.
    pub fn line(self) -> Line {
        match self {
            StatusMark::Ended => Line::Dashed,
            StatusMark::Offered => Line::Dotted,
        }
    }

    /// Its legend text.
    pub fn legend(self) -> &'static str {
        match self {
            StatusMark::Ended => "ended or suspended",
            StatusMark::Offered => "offered, proposed or rejected",
        }
    }
}

/// How an edge is drawn.
#[derive(Clone, PartialEq, Eq, Debug, Hash)]
pub struct EdgeLook {
    /// `#rrggbb`.
    pub color: String,
    /// Line.
    pub line: Line,
    /// Whether it has an arrowhead.
    pub directed: bool,
    /// Whether it is a denial, drawn grey and dashed with a bar for a head.
    pub negated: bool,
}

impl EdgeLook {
    /// The look of a relation of `kind`.
    pub fn of(kind: &RelationKind, r: &Relation) -> Self {
        if r.negated {
            return EdgeLook { color: NEGATED.into(), line: Line::Dashed, directed: kind.directed, negated: true };
        }
        let color = kind.color.as_deref().unwrap_or(polarity_color(kind.polarity)).to_owned();
        let line = StatusMark::of(r.status).map_or(Line::from_kind(kind.style), StatusMark::line);
        EdgeLook { color, line, directed: kind.directed, negated: false }
    }

    /// The look of a relation kind in the legend (its own line, no status).
    pub fn of_kind(kind: &RelationKind) -> Self {
        let color = kind.color.as_deref().unwrap_or(polarity_color(kind.polarity)).to_owned();
        EdgeLook { color, line: Line::from_kind(kind.style), directed: kind.directed, negated: false }
    }
}

/// How a node is drawn.
#[derive(Clone, PartialEq, Eq, Debug, Hash)]
pub struct NodeLook {
    /// A Graphviz shape name (validated by the vocabulary).
    pub shape: String,
    /// `#rrggbb`.
    pub fill: String,
}

impl NodeLook {
    /// The look of an actor of `kind`.
    pub fn of(kind: &ActorKind) -> Self {
        let fill = if kind.color.is_empty() { DEFAULT_FILL } else { &kind.color };
        let shape = if kind.shape.is_empty() { "box" } else { &kind.shape };
        NodeLook { shape: shape.to_owned(), fill: fill.to_owned() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_marks_choose_the_line() {
        assert_eq!(StatusMark::of(Some(Status::Ended)).map(StatusMark::line), Some(Line::Dashed));
        assert_eq!(StatusMark::of(Some(Status::Suspended)).map(StatusMark::line), Some(Line::Dashed));
        assert_eq!(StatusMark::of(Some(Status::Offered)).map(StatusMark::line), Some(Line::Dotted));
        assert_eq!(StatusMark::of(Some(Status::Proposed)).map(StatusMark::line), Some(Line::Dotted));
        assert_eq!(StatusMark::of(Some(Status::Active)), None);
        assert_eq!(StatusMark::of(None), None);
    }
}
