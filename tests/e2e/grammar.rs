//! The diagrams as a reader sees them: the visual grammar over the shipped vocabulary, and the
//! geometry of Graphviz's own layout of the seed pictures (legend share, cluster titles, stray
//! actors, the fit to an A4 page), and the pictures of docs/diagrams.md against their commands.

use std::collections::BTreeSet;
use std::fs;
use std::process::Command;

use diplograph_diagram::dot::LABEL_SIZE;
use diplograph_diagram::page::{Page, fit};
use diplograph_diagram::render::plain_size;
use diplograph_diagram::style::{MIN_CONTRAST, PALETTE, TEXT, contrast, kind_looks};
use diplograph_loader::{DEFAULT_VOCABULARY, LoadOptions, load_texts};
use serde_json::Value;

use crate::util::{diplograph, root};

fn dot_command(args: &[&str]) -> String {
    let out = diplograph().arg("dot").args(args).output().unwrap();
    assert!(out.status.success(), "dot {args:?}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// Graphviz's layout of `dot_text` in `format`; `None` (with a notice) without Graphviz.
fn layout(dot_text: &str, format: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.dot");
    fs::write(&input, dot_text).unwrap();
    match Command::new("dot").arg(format!("-T{format}")).arg(&input).output() {
        Ok(out) => {
            assert!(out.status.success() && out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
            Some(String::from_utf8(out.stdout).unwrap())
        }
        Err(_) => {
            eprintln!("notice: Graphviz (dot) is not installed; skipping the layout checks");
            None
        }
    }
}

#[test]
fn each_channel_means_one_thing_over_the_vocabulary() {
    // The built-in vocabulary, which a dataset without one of its own uses.
    let vocabulary = load_texts(&[], &LoadOptions::default()).vocabulary.unwrap();
    assert!(vocabulary.relation_kinds().count() >= 20 && DEFAULT_VOCABULARY.contains("Okabe-Ito"));
    let looks = kind_looks(&vocabulary);
    let palette: BTreeSet<&str> = PALETTE.iter().map(|(_, c)| *c).collect();
    let mut drawn = BTreeSet::new();
    for (id, kind) in vocabulary.relation_kinds() {
        let look = &looks[&id];
        assert!(palette.contains(look.color.as_str()), "{}: {} is not in the palette", kind.id, look.color);
        assert!(
            drawn.insert((look.color.clone(), look.directed, look.mark.clone())),
            "{} is drawn like another kind: {look:?}",
            kind.id
        );
        assert!(contrast(&look.text, "#ffffff") >= MIN_CONTRAST, "{}: label {} too faint", kind.id, look.text);
        assert_ne!(look.mark, "tee", "the bar is the denial's mark");
        // A colour stands for one family: its kinds share a polarity.
        for (other_id, other) in vocabulary.relation_kinds() {
            if looks[&other_id].color == look.color {
                assert_eq!(other.polarity, kind.polarity, "{} and {} share a colour", kind.id, other.id);
            }
        }
    }
    assert!(contrast(TEXT, "#ffffff") >= MIN_CONTRAST);
    // Every text colour a drawing uses reads on white.
    let full = dot_command(&["--show-negated", "--legend", "full", "--cluster"]);
    let mut colours = 0;
    for piece in full.split("<font color=\"").skip(1) {
        let colour = &piece[..7];
        assert!(contrast(colour, "#ffffff") >= MIN_CONTRAST, "text in {colour}");
        colours += 1;
    }
    assert!(colours > 30, "only {colours} coloured texts found");
}

/// Points of Graphviz's JSON (72 per inch, y up).
#[derive(Debug, Clone, Copy)]
struct Rect {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rect {
    fn area(&self) -> f64 {
        (self.x1 - self.x0) * (self.y1 - self.y0)
    }
    fn overlaps(&self, o: &Rect) -> bool {
        self.x0 < o.x1 && o.x0 < self.x1 && self.y0 < o.y1 && o.y0 < self.y1
    }
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_str().unwrap_or_default().split(',').filter_map(|n| n.trim().parse().ok()).collect()
}

/// The box of a label centred at `lp` of `lwidth` × `lheight` inches.
fn label_box(o: &Value) -> Option<Rect> {
    let p = numbers(o.get("lp")?);
    let w: f64 = o.get("lwidth")?.as_str()?.parse().ok()?;
    let h: f64 = o.get("lheight")?.as_str()?.parse().ok()?;
    Some(Rect { x0: p[0] - w * 36.0, y0: p[1] - h * 36.0, x1: p[0] + w * 36.0, y1: p[1] + h * 36.0 })
}

/// The boxes of every text Graphviz draws for an object (`_ldraw_`, `_hldraw_`, `_tldraw_`).
fn text_boxes(o: &Value) -> Vec<Rect> {
    let mut boxes = Vec::new();
    for key in ["_ldraw_", "_hldraw_", "_tldraw_"] {
        let mut size = 14.0;
        for op in o.get(key).and_then(Value::as_array).into_iter().flatten() {
            match op["op"].as_str() {
                Some("F") => size = op["size"].as_f64().unwrap_or(size),
                Some("T") => {
                    let (x, y) = (op["pt"][0].as_f64().unwrap(), op["pt"][1].as_f64().unwrap());
                    let w = op["width"].as_f64().unwrap();
                    let x0 = match op["align"].as_str() {
                        Some("l") => x,
                        Some("r") => x - w,
                        _ => x - w / 2.0,
                    };
                    boxes.push(Rect { x0, y0: y - size * 0.25, x1: x0 + w, y1: y + size * 0.8 });
                }
                _ => {}
            }
        }
    }
    boxes
}

/// Checks Graphviz's layout of one seed picture; returns the legend's share of the picture.
fn check_geometry(args: &[&str]) -> Option<f64> {
    let text = dot_command(args);
    let json: Value = serde_json::from_str(&layout(&text, "json")?).unwrap();
    let bb = numbers(&json["bb"]);
    let picture = Rect { x0: bb[0], y0: bb[1], x1: bb[2], y1: bb[3] };
    // The legend, title and caption are the graph's label, under the drawing.
    let share = label_box(&json).map_or(0.0, |r| r.area() / picture.area());
    let clusters: Vec<Rect> = json["objects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["name"].as_str().is_some_and(|n| n.starts_with("cluster_")))
        .filter_map(label_box)
        .collect();
    let mut texts: Vec<(String, Rect)> = Vec::new();
    let nodes = json["objects"].as_array().unwrap().iter().filter(|o| o.get("nodes").is_none());
    for o in nodes.chain(json["edges"].as_array().into_iter().flatten()) {
        let name = o["name"].as_str().map_or_else(|| format!("edge {}", o["_gvid"]), str::to_owned);
        texts.extend(text_boxes(o).into_iter().map(|r| (name.clone(), r)));
    }
    for title in &clusters {
        for (name, r) in &texts {
            assert!(!title.overlaps(r), "{args:?}: a text of {name} {r:?} is on a box title {title:?}");
        }
    }
    // Every actor drawn is linked to another by an edge drawn.
    let linked: BTreeSet<i64> = json["edges"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|e| [e["tail"].as_i64().unwrap(), e["head"].as_i64().unwrap()])
        .collect();
    for o in json["objects"].as_array().unwrap().iter().filter(|o| o.get("nodes").is_none()) {
        assert!(linked.contains(&o["_gvid"].as_i64().unwrap()), "{args:?}: {} stands alone", o["name"]);
    }
    Some(share)
}

#[test]
fn the_layouts_keep_the_legend_small_titles_clear_and_no_actor_alone() {
    for args in [
        &["--title", "Russia between Iran, Israel and the United States"][..],
        &["--cluster"],
        &["--cluster", "--focus", "russia", "--exclude-kinds", "participates_in,part_of,involvement_in"],
        &["--focus", "iran", "--show-negated"],
        &["--path", "lavrov", "hamas"],
        &["--at", "2024"],
    ] {
        let Some(share) = check_geometry(args) else { return };
        assert!(share <= 0.15, "{args:?}: the legend and caption take {:.0}% of the picture", share * 100.0);
    }
    // Asked for, an actor with nothing drawn stands alone: the check above would see it.
    let text = dot_command(&["--show-isolated"]);
    assert!(text.contains("\"palestine\"["), "Palestine has no relation but a denied one");
    assert!(!dot_command(&[]).contains("\"palestine\"["));
}

#[test]
fn a4_fit_follows_from_the_layout_size() {
    let focus = dot_command(&["--path", "lavrov", "hamas", "--only-path"]);
    let Some(plain) = layout(&focus, "plain") else { return };
    let (w, h) = plain_size(&plain).unwrap();
    let expected = fit(Page::A4, w, h, LABEL_SIZE);
    assert!(expected.readable(), "{expected:?}");
    let fitted = dot_command(&["--path", "lavrov", "hamas", "--only-path", "--page", "a4"]);
    let size = format!("size=\"{:.2},{:.2}\"", expected.size.0, expected.size.1);
    assert!(fitted.contains(&size), "{size} not in the fitted DOT");
    // Graphviz honours it: the fitted drawing is within the page's printable area.
    let Some(json) = layout(&fitted, "json") else { return };
    let bb = numbers(&serde_json::from_str::<Value>(&json).unwrap()["bb"]);
    let (pw, ph) = expected.size;
    assert!(bb[2] / 72.0 <= pw + 0.01 && bb[3] / 72.0 <= ph + 0.01 || expected.scale == 1.0);

    // The whole graph cannot be read at A4: the message gives the size it would print at.
    let whole = layout(&dot_command(&[]), "plain").unwrap();
    let (w, h) = plain_size(&whole).unwrap();
    let at = fit(Page::A4, w, h, LABEL_SIZE);
    assert!(!at.readable());
    let out = diplograph().args(["render", "--page", "a4", "-o", "x.pdf"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(&format!("would print at {:.1} pt", at.smallest_pt)), "{stderr}");
    assert!(stderr.contains("--focus russia --depth 1"), "{stderr}");
}

/// The actors a DOT text draws (its node statements).
fn drawn_actors(dot_text: &str) -> BTreeSet<String> {
    dot_text
        .lines()
        .filter_map(|l| l.strip_prefix("  \"").and_then(|rest| rest.split_once("\"[")).map(|(id, _)| id.to_owned()))
        .collect()
}

#[test]
fn page_advice_proposes_only_smaller_pictures_never_the_one_asked_for() {
    let mut advised = 0;
    for (focus, depth) in [("israel", "1"), ("russia", "1"), ("iran", "2")] {
        let asked = ["--focus", focus, "--depth", depth];
        let drawn = drawn_actors(&dot_command(&asked)).len();
        let out = diplograph().args(["dot", "--page", "a4"]).args(asked).output().unwrap();
        if out.status.success() {
            continue; // it fits on this Graphviz
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !stderr.contains("draw less") {
            continue; // no Graphviz to measure with
        }
        let advice = stderr.split("draw less, e.g. ").nth(1).expect("advice");
        advised += 1;
        for hint in advice.trim().split(", or ") {
            let Some(rest) = hint.strip_prefix("--focus ") else { continue };
            let (id, rest) = rest.split_once(' ').unwrap();
            assert!(!(id == focus && depth == "1"), "{focus}: proposes itself: {advice}");
            let count: usize = rest.split('(').nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
            let proposed = drawn_actors(&dot_command(&["--focus", id, "--depth", "1"])).len();
            assert_eq!(proposed, count, "{hint}");
            assert!(proposed < drawn, "{focus}: {hint} is not smaller than the {drawn} actors asked for");
        }
        if depth != "1" {
            assert!(advice.contains(&format!("--depth {}", depth.parse::<usize>().unwrap() - 1)), "{advice}");
        }
    }
    // The seed's Israel picture does not fit A4 on the Graphviz versions seen so far.
    if Command::new("dot").arg("-V").output().is_ok() {
        assert!(advised > 0, "no picture needed advice: the test checked nothing");
    }
}

#[test]
fn several_foci_draw_the_union_of_their_neighbourhoods() {
    let one = |id: &str| drawn_actors(&dot_command(&["--focus", id, "--depth", "1"]));
    let union: BTreeSet<String> = one("north_korea").union(&one("hamas")).cloned().collect();
    let listed = drawn_actors(&dot_command(&["--focus", "north_korea,hamas", "--depth", "1"]));
    let repeated = drawn_actors(&dot_command(&["--focus", "north_korea", "--focus", "hamas", "--depth", "1"]));
    assert!(union.len() > one("hamas").len(), "{union:?}");
    assert_eq!(listed, union);
    assert_eq!(repeated, union);
    let out = diplograph().args(["dot", "--focus", "hamas,nowhere"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nowhere"));
}

/// The Graphviz version installed, as its SVG comments name it.
fn graphviz_version() -> Option<String> {
    let out = Command::new("dot").arg("-V").output().ok()?;
    let text = String::from_utf8_lossy(&out.stderr).into_owned();
    Some(text.split("version ").nth(1)?.split_whitespace().next()?.to_owned())
}

#[test]
fn every_picture_in_the_docs_is_what_its_command_draws() {
    let doc = fs::read_to_string(root().join("docs/diagrams.md")).unwrap();
    let mut checked = 0;
    for block in doc.split("```sh\n").skip(1) {
        let block = &block[..block.find("```").unwrap()];
        let command = block.replace("\\\n", " ");
        for line in command.lines().filter(|l| l.starts_with("diplograph render -o docs/img/")) {
            let args: Vec<&str> = split_args(line);
            let picture = args[3];
            let name = picture.trim_start_matches("docs/");
            assert!(doc.contains(&format!("]({name})")), "{picture} is drawn but not shown");
            let Some(version) = graphviz_version() else { return };
            let shipped = fs::read_to_string(root().join(picture)).unwrap();
            if !shipped.contains(&format!("graphviz version {version} ")) {
                eprintln!("notice: {picture} was drawn by another Graphviz than {version}; not compared");
                continue;
            }
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("p.svg");
            let mut cmd = diplograph();
            cmd.args(&args[1..3]).arg(&out).args(&args[4..]);
            let status = cmd.output().unwrap();
            assert!(status.status.success(), "{line}: {}", String::from_utf8_lossy(&status.stderr));
            assert!(fs::read_to_string(&out).unwrap() == shipped, "{picture} is not what `{line}` draws");
            checked += 1;
        }
    }
    // Every picture the page shows has its command.
    for image in doc.split("](img/").skip(1) {
        let name = &image[..image.find(')').unwrap()];
        assert!(doc.contains(&format!("-o docs/img/{name}")), "img/{name} has no command beside it");
    }
    if graphviz_version().is_some() {
        assert!(checked >= 8, "only {checked} pictures checked");
    }
}

/// Splits a documented command line at spaces, keeping "quoted words" whole.
fn split_args(line: &str) -> Vec<&str> {
    let mut args = Vec::new();
    let mut rest = line.trim();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"').unwrap();
            args.push(&quoted[..end]);
            rest = quoted[end + 1..].trim_start();
        } else {
            let end = rest.find(' ').unwrap_or(rest.len());
            args.push(&rest[..end]);
            rest = rest[end..].trim_start();
        }
    }
    args
}
