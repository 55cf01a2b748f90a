//! The built-in SVG layout (layout-rs), used when Graphviz is not installed: plainer than
//! Graphviz (no clusters, legend or title; boxes and ellipses only) but always available.

use layout::backends::svg::SVGWriter;
use layout::core::base::Orientation;
use layout::core::color::Color;
use layout::core::style::{LineStyleKind, StyleAttr};
use layout::std_shapes::render::get_shape_size;
use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
use layout::topo::layout::VisualGraph;

use crate::picture::{PNode, Picture, RankDir};
use crate::style::Line;

const FONT_SIZE: usize = 14;

fn shape(n: &PNode) -> ShapeKind {
    let label = n.label.clone();
    match n.look.shape.as_str() {
        "ellipse" | "oval" | "egg" | "circle" | "point" | "Mcircle" => ShapeKind::Circle(label),
        "doublecircle" => ShapeKind::DoubleCircle(label),
        _ => ShapeKind::Box(label),
    }
}

/// Lays out and draws `picture` as SVG; `None` if the layout gave up.
pub fn svg(picture: &Picture) -> Option<String> {
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
        for e in &picture.edges {
            let end = if e.look.directed { LineEndKind::Arrow } else { LineEndKind::None };
            let line = match e.look.line {
                Line::Solid | Line::Bold => LineStyleKind::Normal,
                Line::Dashed => LineStyleKind::Dashed,
                Line::Dotted => LineStyleKind::Dotted,
            };
            let width = if e.highlight || e.look.line == Line::Bold { 3 } else { 1 };
            let look = StyleAttr::new(Color::fast(&e.look.color), width, None, 0, FONT_SIZE);
            let arrow = Arrow::new(LineEndKind::None, end, line, &e.label, &look, &None, &None);
            vg.add_edge(arrow, handles[e.from], handles[e.to]);
        }
        let mut writer = SVGWriter::new();
        vg.do_it(false, false, false, &mut writer);
        writer.finalize()
    };
    // The layout library asserts on inputs it cannot handle; keep its panics from reaching the
    // user as a crash and report a plain failure instead.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = std::panic::catch_unwind(draw).ok();
    std::panic::set_hook(hook);
    result
}
