//! Diagrams of the graph: what to draw ([`select`], [`picture`]), how it looks ([`style`],
//! [`legend`]), and the writers: DOT ([`dot`]), Mermaid ([`mermaid`]), Graphviz and the built-in
//! SVG layout ([`render`], [`layout`]).

mod cluster;
pub mod dot;
mod escape;
pub mod layout;
pub mod legend;
pub mod mermaid;
pub mod page;
pub mod picture;
pub mod render;
pub mod select;
pub mod style;

#[cfg(test)]
mod tests;
