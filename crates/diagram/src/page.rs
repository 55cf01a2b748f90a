//! `--page`: fitting a laid-out picture to a printed page so that its smallest text prints at
//! [`MIN_PRINT_PT`] or more, from the size Graphviz's layout gives it.

use std::fmt;
use std::str::FromStr;

/// The smallest text size a printed picture may have, in points.
pub const MIN_PRINT_PT: f64 = 8.0;
/// The margin kept on each side of the page, in centimetres.
const MARGIN_CM: f64 = 1.5;
const CM_PER_INCH: f64 = 2.54;

/// A page: A4, US Letter, or a width (the picture may then be as tall as it needs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Page {
    /// 21 × 29.7 cm.
    A4,
    /// 8.5 × 11 in.
    Letter,
    /// A column this many centimetres wide.
    Width(f64),
}

impl FromStr for Page {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let lower = text.trim().to_ascii_lowercase();
        match lower.as_str() {
            "a4" => return Ok(Page::A4),
            "letter" => return Ok(Page::Letter),
            _ => {}
        }
        let number = lower.strip_suffix("cm").and_then(|n| n.trim().parse::<f64>().ok());
        match number {
            Some(w) if (2.0..=500.0).contains(&w) => Ok(Page::Width(w)),
            Some(_) => Err(format!("a page width must be between 2cm and 500cm, not {text}")),
            None => Err(format!("unknown page \"{text}\": use a4, letter, or a width such as 16cm")),
        }
    }
}

impl fmt::Display for Page {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Page::A4 => write!(f, "A4"),
            Page::Letter => write!(f, "Letter"),
            Page::Width(w) => write!(f, "a {w} cm column"),
        }
    }
}

impl Page {
    /// The printable area (page less margins), in inches, portrait; a column has no height
    /// limit.
    pub fn printable(self) -> (f64, Option<f64>) {
        let margin = 2.0 * MARGIN_CM / CM_PER_INCH;
        match self {
            Page::A4 => (21.0 / CM_PER_INCH - margin, Some(29.7 / CM_PER_INCH - margin)),
            Page::Letter => (8.5 - margin, Some(11.0 - margin)),
            Page::Width(w) => (w / CM_PER_INCH - margin, None),
        }
    }
}

/// How a drawing fits a page.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Fit {
    /// The drawing's scale (at most 1: a picture is never enlarged).
    pub scale: f64,
    /// Whether the page is turned (landscape) to fit it better.
    pub landscape: bool,
    /// The size of the smallest text once printed, in points.
    pub smallest_pt: f64,
    /// The area the drawing must fit in (Graphviz's `size`), in inches.
    pub size: (f64, f64),
}

impl Fit {
    /// Whether every text prints at [`MIN_PRINT_PT`] or more.
    pub fn readable(&self) -> bool {
        self.smallest_pt + 1e-9 >= MIN_PRINT_PT
    }
}

/// How a drawing of `width` × `height` inches whose smallest text is `smallest_pt` fits `page`:
/// upright or turned, whichever shrinks it less.
pub fn fit(page: Page, width: f64, height: f64, smallest_pt: f64) -> Fit {
    let (pw, ph) = page.printable();
    let scale_in = |w: f64, h: Option<f64>| {
        let by_width = w / width.max(1e-9);
        let by_height = h.map_or(f64::INFINITY, |h| h / height.max(1e-9));
        by_width.min(by_height).min(1.0)
    };
    let upright = scale_in(pw, ph);
    let turned = ph.map(|ph| scale_in(ph, Some(pw)));
    let (scale, landscape) = match turned {
        Some(t) if t > upright + 1e-9 => (t, true),
        _ => (upright, false),
    };
    let size = match (landscape, ph) {
        (true, Some(ph)) => (ph, pw),
        (false, Some(ph)) => (pw, ph),
        (_, None) => (pw, (height * scale).max(0.01)),
    };
    Fit { scale, landscape, smallest_pt: smallest_pt * scale, size }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_parse() {
        assert_eq!("A4".parse::<Page>(), Ok(Page::A4));
        assert_eq!("letter".parse::<Page>(), Ok(Page::Letter));
        assert_eq!("16cm".parse::<Page>(), Ok(Page::Width(16.0)));
        assert_eq!("8.5 cm".parse::<Page>(), Ok(Page::Width(8.5)));
        assert!("16in".parse::<Page>().unwrap_err().contains("a4, letter"));
        assert!("0.5cm".parse::<Page>().unwrap_err().contains("between"));
    }

    #[test]
    fn a_small_drawing_is_not_enlarged_and_a_large_one_shrinks() {
        let small = fit(Page::A4, 3.0, 2.0, 9.0);
        assert_eq!((small.scale, small.smallest_pt, small.landscape), (1.0, 9.0, false));
        // A4 less 1.5 cm margins is 18 cm = 7.087 in wide.
        let wide = fit(Page::A4, 20.0, 5.0, 9.0);
        assert!(wide.landscape, "a wide drawing turns the page");
        assert!((wide.scale - (29.7 - 3.0) / 2.54 / 20.0).abs() < 1e-9);
        assert!(!wide.readable(), "{wide:?}");
        let column = fit(Page::Width(10.0), 14.0, 30.0, 9.0);
        assert!((column.scale - 7.0 / 2.54 / 14.0).abs() < 1e-9 && !column.landscape);
    }
}
