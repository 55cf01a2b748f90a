//! The built-in SVG layout (layout-rs), used when Graphviz is not installed: plainer than
//! Graphviz (no clusters; boxes and ellipses only) but always available. layout-rs places the
//! actors and routes the edges; the edges, their labels (level, at the middle of each edge)
//! and the legend under the drawing are drawn here, in the picture's own looks.

use std::collections::BTreeSet;
use std::fmt::Write;

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::format::{ClipHandle, RenderBackend};
use layout::core::geometry::Point;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::legend::Legend;
use crate::picture::{PEdge, PNode, Picture, RankDir};
use crate::style::{EdgeLook, FONT, Line, TEXT};

const FONT_SIZE: usize = 14;
/// The size layout-rs reserves edge labels at, which tells them from actor names.
const EDGE_FONT_SIZE: usize = 11;
/// The start of the properties that tell which edge layout-rs is drawing.
const EDGE_TAG: &str = "data-edge=";
const LABEL_SIZE: f64 = 11.0;

fn shape(n: &PNode) -> ShapeKind {
    let label = n.label.clone();
    match n.look.shape.as_str() {
        "ellipse" | "oval" | "egg" | "circle" | "point" | "Mcircle" => ShapeKind::Circle(label),
        "doublecircle" => ShapeKind::DoubleCircle(label),
        _ => ShapeKind::Box(label),
    }
}

/// layout-rs's drawing calls, passed on to its SVG writer except for edges, which are kept
/// (by the index their label text carries) and drawn afterwards.
struct Canvas {
    svg: SVGWriter,
    paths: Vec<(usize, Vec<(Point, Point)>)>,
    /// The texts layout-rs was given for edge labels, which it would draw off their edges.
    labels: BTreeSet<String>,
}

impl RenderBackend for Canvas {
    fn draw_rect(&mut self, xy: Point, size: Point, look: &StyleAttr, p: Option<String>, clip: Option<ClipHandle>) {
        self.svg.draw_rect(xy, size, look, p, clip);
    }
    fn draw_line(&mut self, start: Point, stop: Point, look: &StyleAttr, p: Option<String>) {
        self.svg.draw_line(start, stop, look, p);
    }
    fn draw_circle(&mut self, xy: Point, size: Point, look: &StyleAttr, p: Option<String>) {
        self.svg.draw_circle(xy, size, look, p);
    }
    fn draw_text(&mut self, xy: Point, text: &str, look: &StyleAttr) {
        // Edge labels are drawn on their edges afterwards.
        if look.font_size != EDGE_FONT_SIZE && !self.labels.contains(text) {
            self.svg.draw_text(xy, text, look);
        }
    }
    fn draw_arrow(
        &mut self,
        path: &[(Point, Point)],
        _: bool,
        _: (bool, bool),
        _: &StyleAttr,
        p: Option<String>,
        _: &str,
    ) {
        if let Some(i) = p.and_then(|p| p.strip_prefix(EDGE_TAG)?.parse::<usize>().ok()) {
            self.paths.push((i, path.to_vec()));
        }
    }
    fn create_clip(&mut self, xy: Point, size: Point, rounded_px: usize) -> ClipHandle {
        self.svg.create_clip(xy, size, rounded_px)
    }
}

/// The longest line of an edge's label: layout-rs keeps room for a one-line label.
fn longest_line(e: &PEdge) -> String {
    e.label().split('\n').max_by_key(|l| l.chars().count()).unwrap_or_default().to_owned()
}

/// Text for SVG: `&`, `<`, `>` and quotes escaped, line breaks kept.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The SVG path of layout-rs's control points (as its own writer builds it).
fn path_data(path: &[(Point, Point)]) -> String {
    let mut d = String::new();
    if path.len() < 2 {
        return d;
    }
    let _ = write!(
        d,
        "M {:.1} {:.1} C {:.1} {:.1}, {:.1} {:.1}, {:.1} {:.1}",
        path[0].0.x, path[0].0.y, path[0].1.x, path[0].1.y, path[1].0.x, path[1].0.y, path[1].1.x, path[1].1.y
    );
    for p in &path[2..] {
        let _ = write!(d, " S {:.1} {:.1}, {:.1} {:.1}", p.0.x, p.0.y, p.1.x, p.1.y);
    }
    d
}

/// The point halfway along the edge: where it passes through its label's place (layout-rs
/// routes a labelled edge through an invisible node), else the middle of its ends.
fn middle(path: &[(Point, Point)]) -> Point {
    let mid = |a: Point, b: Point| Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0);
    match path.len() {
        0 => Point::zero(),
        1 | 2 => mid(path[0].0, path[path.len() - 1].1),
        n => mid(path[n / 2].0, path[n / 2].1),
    }
}

fn dash(line: Line) -> &'static str {
    match line {
        Line::Solid => "",
        Line::Dashed => r#" stroke-dasharray="7,4""#,
        Line::Dotted => r#" stroke-dasharray="1.5,3" stroke-linecap="round""#,
    }
}

/// A stroke of `look` along `d`, with arrowheads (denials: a bar) as markers.
fn stroke(out: &mut String, d: &str, look: &EdgeLook) {
    let color = look.colors.first().map_or(TEXT, String::as_str);
    let opacity = if look.faded { r#" stroke-opacity="0.35""# } else { "" };
    let head = match (look.negated, look.directed) {
        (true, _) => r#" marker-end="url(#dg-bar)""#,
        (false, true) => r#" marker-end="url(#dg-head)""#,
        (false, false) => "",
    };
    let _ = write!(
        out,
        r#"<path d="{d}" fill="none" stroke="{color}" stroke-width="{}"{}{opacity}{head}/>"#,
        look.width.pen(),
        dash(look.line)
    );
}

/// Text lines centred on a point, with a white halo so that lines under them do not hide them.
fn text_block(out: &mut String, at: Point, lines: &[(String, String)], anchor: &str) {
    let top = at.y - (lines.len() as f64 - 1.0) * LABEL_SIZE * 0.6;
    for (k, (text, color)) in lines.iter().enumerate() {
        let _ = write!(
            out,
            r##"<text x="{:.1}" y="{:.1}" text-anchor="{anchor}" dominant-baseline="middle" font-family="{FONT}" font-size="{LABEL_SIZE}" fill="{color}" stroke="#ffffff" stroke-width="3" paint-order="stroke">{}</text>"##,
            at.x,
            top + k as f64 * LABEL_SIZE * 1.2,
            xml(text)
        );
    }
}

fn edge_svg(out: &mut String, e: &PEdge, path: &[(Point, Point)]) {
    let ids = e.ids.join(" ");
    let _ = write!(out, r#"<g class="relation {}"><title>{}</title>"#, xml(&ids), xml(&e.tooltip));
    stroke(out, &path_data(path), &e.look);
    let lines: Vec<(String, String)> = e
        .label()
        .split('\n')
        .zip(e.lines.iter().flat_map(|l| {
            std::iter::repeat_n(l.color.clone(), 1 + usize::from(l.detail.is_some() && e.ids.len() == 1))
        }))
        .map(|(t, c)| (t.to_owned(), c))
        .collect();
    text_block(out, middle(path), &lines, "middle");
    out.push_str("</g>");
}

/// The legend as rows under the drawing, from `top`: actor kinds as filled boxes, lines as
/// sample strokes; returns its height.
fn legend_svg(out: &mut String, legend: &Legend, top: f64) -> f64 {
    let row = LABEL_SIZE * 1.6;
    let mut y = top + row / 2.0;
    for k in &legend.kinds {
        let _ = write!(
            out,
            r##"<rect x="10" y="{:.1}" width="36" height="{:.1}" rx="3" fill="{}" stroke="#555555"/>"##,
            y - row * 0.35,
            row * 0.7,
            k.look.fill
        );
        text_block(out, Point::new(56.0, y), &[(k.label.clone(), TEXT.to_owned())], "start");
        y += row;
    }
    for l in &legend.lines {
        stroke(out, &format!("M 10 {y:.1} L 46 {y:.1}"), &l.look);
        let lines: Vec<(String, String)> = l.label.split('\n').map(|t| (t.to_owned(), l.text.clone())).collect();
        let at = Point::new(56.0, y + (lines.len() as f64 - 1.0) * LABEL_SIZE * 0.6);
        text_block(out, at, &lines, "start");
        y += row * lines.len() as f64;
    }
    if let Some(note) = &legend.note {
        text_block(out, Point::new(10.0, y), &[(note.clone(), TEXT.to_owned())], "start");
        y += row;
    }
    y - top
}

/// Lays out and draws `picture` as SVG; `None` if the layout gave up.
pub fn svg(picture: &Picture<'_>) -> Option<String> {
    let dir = match picture.frame.rankdir {
        RankDir::Lr | RankDir::Rl => Orientation::LeftToRight,
        RankDir::Tb | RankDir::Bt => Orientation::TopToBottom,
    };
    let draw = || {
        let mut vg = VisualGraph::new(dir);
        let handles: Vec<_> = picture
            .nodes
            .iter()
            .map(|n| {
                let shape = shape(n);
                let width = if n.highlight { 3 } else { 1 };
                let look = StyleAttr::new(Color::fast("black"), width, Some(Color::fast(&n.look.fill)), 0, FONT_SIZE);
                let size = get_shape_size(dir.flip(), &shape, FONT_SIZE, false);
                vg.add_node(Element::create(shape, look, dir.flip(), size))
            })
            .collect();
        for (i, e) in picture.edges.iter().enumerate() {
            // The label's longest line gives the edge the room its label needs.
            let longest = longest_line(&e);
            let look = StyleAttr::new(Color::fast("black"), 1, None, 0, EDGE_FONT_SIZE);
            let tag = Some(format!("{EDGE_TAG}{i}"));
            let arrow =
                Arrow::new(LineEndKind::None, LineEndKind::None, LineStyleKind::Normal, &longest, &look, &None, &None);
            vg.add_edge(Arrow { properties: tag, ..arrow }, handles[e.from], handles[e.to]);
        }
        let labels = picture.edges.iter().map(|e| longest_line(&e)).collect();
        let mut canvas = Canvas { svg: SVGWriter::new(), paths: Vec::new(), labels };
        vg.do_it(false, false, false, &mut canvas);
        canvas
    };
    // The layout library asserts on inputs it cannot handle; keep its panics from reaching the
    // user as a crash and report a plain failure instead.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(draw).ok();
    std::panic::set_hook(hook);
    result.map(|canvas| compose(picture, canvas))
}

/// The final SVG: layout-rs's drawing (actors), the edges and labels over it, the legend and
/// caption under it.
fn compose(picture: &Picture<'_>, canvas: Canvas) -> String {
    let inner = canvas.svg.finalize();
    let body = inner.find("<svg").map_or(inner.as_str(), |i| &inner[i..]);
    let number = |key: &str| -> f64 {
        body.find(&format!("{key}=\""))
            .and_then(|i| body[i + key.len() + 2..].split('"').next()?.parse().ok())
            .unwrap_or(0.0)
    };
    let (mut width, height) = (number("width"), number("height"));
    let mut over = String::new();
    for (i, path) in &canvas.paths {
        if let Some(e) = picture.edges.get(*i) {
            edge_svg(&mut over, &e, path);
        }
    }
    let mut under = String::new();
    let mut extra = 0.0;
    if let Some(legend) = &picture.legend {
        extra += legend_svg(&mut under, legend, height + 10.0) + 10.0;
        width = width.max(360.0);
    }
    let captions: Vec<(String, String)> =
        picture.frame.title.iter().chain(picture.caption.iter()).map(|t| (t.clone(), TEXT.to_owned())).collect();
    if !captions.is_empty() {
        text_block(&mut under, Point::new(10.0, height + extra + LABEL_SIZE), &captions, "start");
        extra += LABEL_SIZE * 1.3 * captions.len() as f64 + 10.0;
    }
    let total = height + extra;
    format!(
        r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="{width:.0}" height="{total:.0}" viewBox="0 0 {width:.0} {total:.0}" xmlns="http://www.w3.org/2000/svg">
<defs><marker id="dg-head" markerWidth="8" markerHeight="6" refX="8" refY="3" orient="auto"><polygon points="0 0, 8 3, 0 6" fill="context-stroke"/></marker><marker id="dg-bar" markerWidth="3" markerHeight="10" refX="2" refY="5" orient="auto"><rect x="0" y="0" width="3" height="10" fill="context-stroke"/></marker></defs>
<rect width="100%" height="100%" fill="#ffffff"/>
{body}
{over}
{under}
</svg>
"##
    )
}
