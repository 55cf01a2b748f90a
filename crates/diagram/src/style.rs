//! The visual grammar: each channel of a drawing means one thing. The colour of a line is its
//! relation kind (a colour-blind-safe palette; kinds sharing a colour differ by their end
//! marks), the line's pattern is the relation's status, a bar at the end marks a denial, the
//! width is the confidence; node shape and fill are the actor kind. Docs: docs/diagrams.md.

use std::collections::BTreeMap;

use diplograph_core::{ActorKind, Polarity, Relation, RelationKind, RelationKindId, Status, Vocabulary};

/// The Okabe-Ito palette (Okabe and Ito, 2008), distinct for readers with any common form of
/// colour blindness, without its yellow (too faint for a line on white); with a neutral grey.
pub const PALETTE: [(&str, &str); 8] = [
    ("bluish green", "#009e73"),
    ("blue", "#0072b2"),
    ("sky blue", "#56b4e9"),
    ("orange", "#e69f00"),
    ("vermillion", "#d55e00"),
    ("reddish purple", "#cc79a7"),
    ("black", "#000000"),
    ("grey", "#999999"),
];

/// The line colour of relation kinds that declare none, by polarity.
fn polarity_color(p: Polarity) -> &'static str {
    match p {
        Polarity::Cooperative => "#009e73",
        Polarity::Hostile => "#d55e00",
        Polarity::Neutral => "#999999",
    }
}

/// The least contrast of text on white: WCAG 2's level AA for normal text.
pub const MIN_CONTRAST: f64 = 4.5;
/// The colour of text that stands for no kind (counts, legend text, captions).
pub const TEXT: &str = "#333333";
/// The colour of legend samples that stand for a pattern or a mark, not a kind.
pub const SAMPLE: &str = "#333333";
/// The border width of actors on a highlighted path.
pub const HIGHLIGHT_WIDTH: &str = "3";
/// How much of its colour a relation off the highlighted path keeps (hex alpha).
pub const FADED: &str = "55";
/// The fill of an actor whose kind declares no colour.
const DEFAULT_FILL: &str = "#ffffff";
/// The font of every text.
pub const FONT: &str = "Helvetica,Arial,sans-serif";

fn channels(color: &str) -> Option<[f64; 3]> {
    let hex = color.strip_prefix('#').filter(|h| h.len() >= 6)?;
    let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok().map(|b| f64::from(b) / 255.0);
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG 2 relative luminance of `#rrggbb` (0 black, 1 white); black for anything else.
fn luminance(color: &str) -> f64 {
    let lin = |c: f64| if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) };
    channels(color).map_or(0.0, |[r, g, b]| 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b))
}

/// WCAG 2 contrast ratio of two colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The colour a kind's label text is written in: its line colour, darkened just enough to be
/// read on white ([`MIN_CONTRAST`]).
pub fn label_color(line: &str) -> String {
    let Some(rgb) = channels(line) else { return TEXT.to_owned() };
    (0..=20)
        .map(|step| {
            let keep = 1.0 - f64::from(step) * 0.05;
            let [r, g, b] = rgb.map(|c| (c * keep * 255.0).round() as u8);
            format!("#{r:02x}{g:02x}{b:02x}")
        })
        .find(|c| contrast(c, "#ffffff") >= MIN_CONTRAST)
        .unwrap_or_else(|| "#000000".to_owned())
}

/// The pattern of a line: the relation's status, and nothing else.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum Line {
    /// Active, or no status given.
    Solid,
    /// Ended or suspended.
    Dashed,
    /// Offered, proposed or rejected: not (yet) in force.
    Dotted,
}

impl Line {
    /// Every pattern, in legend order.
    pub const ALL: [Line; 3] = [Line::Solid, Line::Dashed, Line::Dotted];

    /// The pattern of a status.
    pub fn of(status: Option<Status>) -> Self {
        match status {
            Some(Status::Ended | Status::Suspended) => Line::Dashed,
            Some(Status::Offered | Status::Proposed | Status::Rejected) => Line::Dotted,
            Some(Status::Active) | None => Line::Solid,
        }
    }

    /// Graphviz's `style` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Line::Solid => "solid",
            Line::Dashed => "dashed",
            Line::Dotted => "dotted",
        }
    }

    /// Its legend text.
    pub fn legend(self) -> &'static str {
        match self {
            Line::Solid => "active, or no status given",
            Line::Dashed => "ended or suspended",
            Line::Dotted => "offered, proposed or rejected",
        }
    }
}

/// The width of a line: how sure the source is (the relation's `confidence`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug, Hash)]
pub enum Width {
    /// Confidence below 0.7.
    Low,
    /// Confidence from 0.7 to below 0.9, or none given.
    Medium,
    /// Confidence 0.9 or more.
    High,
}

impl Width {
    /// Every width, in legend order.
    pub const ALL: [Width; 3] = [Width::High, Width::Medium, Width::Low];

    /// The width of a confidence.
    pub fn of(confidence: Option<f64>) -> Self {
        match confidence {
            Some(c) if c >= 0.9 => Width::High,
            Some(c) if c < 0.7 => Width::Low,
            _ => Width::Medium,
        }
    }

    /// Graphviz's `penwidth`.
    pub fn pen(self) -> &'static str {
        match self {
            Width::Low => "0.6",
            Width::Medium => "1.3",
            Width::High => "2.4",
        }
    }

    /// Its legend text.
    pub fn legend(self) -> &'static str {
        match self {
            Width::Low => "confidence below 0.7",
            Width::Medium => "confidence 0.7 to 0.9, or none given",
            Width::High => "confidence 0.9 or more",
        }
    }
}

/// End marks that tell apart the kinds of one colour: directed kinds take one at the head,
/// symmetric kinds none or the same one at both ends. `tee` is kept for denials.
const DIRECTED_MARKS: [&str; 10] =
    ["normal", "vee", "diamond", "box", "dot", "odiamond", "obox", "odot", "curve", "icurve"];
const SYMMETRIC_MARKS: [&str; 9] = ["none", "dot", "diamond", "box", "odot", "odiamond", "obox", "curve", "icurve"];
/// The mark of a denial.
pub const DENIAL_MARK: &str = "tee";

/// How a relation kind is drawn, whatever the relation's status, width or denial.
#[derive(Clone, PartialEq, Eq, Debug, Hash)]
pub struct KindLook {
    /// Line colour, `#rrggbb`.
    pub color: String,
    /// Label colour: the line colour darkened to [`MIN_CONTRAST`] on white.
    pub text: String,
    /// Whether subject and object play different roles (an arrow).
    pub directed: bool,
    /// The end mark: at the head of a directed kind, at both ends of a symmetric one.
    pub mark: String,
}

/// The look of every relation kind of a vocabulary: kinds of one colour get distinct end marks
/// in vocabulary order, so no two kinds are drawn alike.
pub fn kind_looks(vocabulary: &Vocabulary) -> BTreeMap<RelationKindId, KindLook> {
    let mut used: BTreeMap<(String, bool), usize> = BTreeMap::new();
    vocabulary
        .relation_kinds()
        .map(|(id, kind)| {
            let color = kind_color(kind).to_ascii_lowercase();
            let n = used.entry((color.clone(), kind.directed)).or_insert(0);
            let marks: &[&str] = if kind.directed { &DIRECTED_MARKS } else { &SYMMETRIC_MARKS };
            // Past the single marks, two in a row (Graphviz draws `dotvee` as a dot, then a vee).
            let mark = match marks.get(*n) {
                Some(m) => (*m).to_owned(),
                None => format!("{}{}", marks[1 + (*n / marks.len()) % (marks.len() - 1)], marks[*n % marks.len()]),
            };
            *n += 1;
            (id, KindLook { text: label_color(&color), color, directed: kind.directed, mark })
        })
        .collect()
}

fn kind_color(kind: &RelationKind) -> &str {
    kind.color.as_deref().unwrap_or(polarity_color(kind.polarity))
}

/// How an edge is drawn.
#[derive(Clone, PartialEq, Eq, Debug, Hash)]
pub struct EdgeLook {
    /// Line colours, one per kind it stands for (Graphviz draws them side by side).
    pub colors: Vec<String>,
    /// Pattern: the status.
    pub line: Line,
    /// Width: the confidence.
    pub width: Width,
    /// Whether it has a head.
    pub directed: bool,
    /// The end mark (see [`KindLook::mark`]); [`DENIAL_MARK`] for a denial.
    pub mark: String,
    /// Whether it is a denial.
    pub negated: bool,
    /// Drawn faded: a picture with a highlighted path, and this edge is not on it.
    pub faded: bool,
}

impl EdgeLook {
    /// The look of relations of the kinds `looks` (one or more), with the relation `r`'s
    /// status and denial, and the highest confidence among them.
    pub fn of(looks: &[&KindLook], r: &Relation, width: Width) -> Self {
        let mut colors: Vec<String> = Vec::new();
        for l in looks {
            if !colors.contains(&l.color) {
                colors.push(l.color.clone());
            }
        }
        let directed = looks.iter().all(|l| l.directed);
        let mark = match looks {
            _ if r.negated => DENIAL_MARK.to_owned(),
            [one] => one.mark.clone(),
            _ if directed => "normal".to_owned(),
            _ => "none".to_owned(),
        };
        EdgeLook { colors, line: Line::of(r.status), width, directed, mark, negated: r.negated, faded: false }
    }

    /// The look of a relation kind alone, for the legend.
    pub fn of_kind(look: &KindLook) -> Self {
        EdgeLook {
            colors: vec![look.color.clone()],
            line: Line::Solid,
            width: Width::Medium,
            directed: look.directed,
            mark: look.mark.clone(),
            negated: false,
            faded: false,
        }
    }

    /// A grey sample of a pattern, a width or a mark, for the legend.
    pub fn sample(line: Line, width: Width, mark: &str) -> Self {
        EdgeLook {
            colors: vec![SAMPLE.to_owned()],
            line,
            width,
            directed: true,
            mark: mark.to_owned(),
            negated: mark == DENIAL_MARK,
            faded: false,
        }
    }

    /// Graphviz's `color`: the colours side by side, faded off the path.
    pub fn color_list(&self) -> String {
        let alpha = if self.faded { FADED } else { "" };
        self.colors.iter().map(|c| format!("{c}{alpha}")).collect::<Vec<_>>().join(":")
    }
}

/// The shape of an actor whose kind names none.
const DEFAULT_SHAPE: &str = "ellipse";

/// How a node is drawn.
#[derive(Clone, PartialEq, Eq, Debug, Hash)]
pub struct NodeLook {
    /// A Graphviz shape name (the loader checks the data names one).
    pub shape: String,
    /// `#rrggbb`.
    pub fill: String,
}

impl NodeLook {
    /// The look of an actor of `kind`.
    pub fn of(kind: &ActorKind) -> Self {
        let fill = if kind.color.is_empty() { DEFAULT_FILL } else { &kind.color };
        let shape = if kind.shape.is_empty() { DEFAULT_SHAPE } else { &kind.shape };
        NodeLook { shape: shape.to_owned(), fill: fill.to_owned() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_chooses_the_pattern_and_nothing_else_does() {
        assert_eq!(Line::of(Some(Status::Ended)), Line::Dashed);
        assert_eq!(Line::of(Some(Status::Suspended)), Line::Dashed);
        assert_eq!(Line::of(Some(Status::Offered)), Line::Dotted);
        assert_eq!(Line::of(Some(Status::Proposed)), Line::Dotted);
        assert_eq!(Line::of(Some(Status::Rejected)), Line::Dotted);
        assert_eq!(Line::of(Some(Status::Active)), Line::Solid);
        assert_eq!(Line::of(None), Line::Solid);
    }

    #[test]
    fn contrast_is_the_wcag_ratio() {
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        assert!((contrast("#777777", "#ffffff") - 4.48).abs() < 0.01);
        assert!((contrast("#ffffff", "#ffffff") - 1.0).abs() < 1e-9);
    }

    #[test]
    fn label_colours_are_readable_and_stay_near_their_line() {
        for (_, c) in PALETTE {
            let text = label_color(c);
            assert!(contrast(&text, "#ffffff") >= MIN_CONTRAST, "{c} -> {text}");
        }
        assert_eq!(label_color("#000000"), "#000000", "a dark colour is kept");
        assert_eq!(label_color("#0072b2"), "#0072b2");
        assert_ne!(label_color("#e69f00"), "#e69f00", "orange is darkened");
    }

    #[test]
    fn widths_follow_confidence() {
        assert_eq!(Width::of(Some(0.95)), Width::High);
        assert_eq!(Width::of(Some(0.9)), Width::High);
        assert_eq!(Width::of(Some(0.8)), Width::Medium);
        assert_eq!(Width::of(None), Width::Medium);
        assert_eq!(Width::of(Some(0.5)), Width::Low);
    }
}
