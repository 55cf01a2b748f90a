//! Running Graphviz: the DOT text piped into `dot -K<engine> -T<format>`, written straight into
//! the output's temporary file, with a time limit and Graphviz's own messages kept.

use std::fs::File;
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::picture::Engine;

/// The program run; every layout engine is a plugin of it.
pub const DOT: &str = "dot";

/// A picture file format.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Format {
    /// Scalable vector graphics.
    Svg,
    /// Bitmap.
    Png,
    /// Portable document.
    Pdf,
    /// Graphviz's plain text layout: the size and place of everything.
    Plain,
}

impl Format {
    /// The format named by a file's extension, in any letter case.
    pub fn from_path(path: &Path) -> Option<Self> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }

    /// Graphviz's `-T` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Pdf => "pdf",
            Format::Plain => "plain",
        }
    }
}

/// Why Graphviz produced no picture.
#[derive(Debug)]
pub enum Failure {
    /// `dot` is not on the PATH.
    NotInstalled,
    /// It could not be started, or its output could not be written.
    Io(io::Error),
    /// It ran longer than the time limit and was stopped.
    TimedOut(Duration),
    /// It exited with an error; its own message.
    Failed {
        /// The exit status, as printed.
        status: String,
        /// What it wrote to stderr.
        stderr: String,
    },
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::NotInstalled => write!(f, "Graphviz is not installed (no `{DOT}` on the PATH)"),
            Failure::Io(e) => write!(f, "cannot run Graphviz (`{DOT}`): {e}"),
            Failure::TimedOut(limit) => write!(
                f,
                "Graphviz did not finish within {} s and was stopped; draw less (--focus ID --depth N, --kinds), try --layout sfdp, or raise --timeout",
                limit.as_secs_f64()
            ),
            Failure::Failed { status, stderr } => {
                write!(f, "Graphviz failed ({status})")?;
                let text = stderr.trim_end();
                if !text.is_empty() {
                    write!(f, ":\n{text}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Failure {}

/// Runs Graphviz on `dot_text`, writing the picture into `out`; returns its warnings (stderr).
pub fn graphviz(
    dot_text: &str,
    engine: Engine,
    format: Format,
    out: &File,
    timeout: Duration,
) -> Result<String, Failure> {
    let stdout = out.try_clone().map_err(Failure::Io)?;
    let mut child = match Command::new(DOT)
        .arg(format!("-K{}", engine.as_str()))
        .arg(format!("-T{}", format.as_str()))
        .stdin(Stdio::piped())
        .stdout(Stdio::from(stdout))
        .stderr(Stdio::piped())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Failure::NotInstalled),
        Err(e) => return Err(Failure::Io(e)),
    };
    // Feed stdin and drain stderr on their own threads, so neither pipe can fill up and block.
    let mut stdin = child.stdin.take();
    let input = dot_text.to_owned();
    let writer = std::thread::spawn(move || {
        if let Some(pipe) = stdin.as_mut() {
            // A Graphviz that exits early closes the pipe; its stderr says why.
            let _ = pipe.write_all(input.as_bytes());
        }
    });
    let mut stderr_pipe = child.stderr.take();
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        if let Some(pipe) = stderr_pipe.as_mut() {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            text = String::from_utf8_lossy(&bytes).into_owned();
        }
        text
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Ok(status),
            Ok(None) if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(Failure::TimedOut(timeout));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                break Err(Failure::Io(e));
            }
        }
    };
    // After a time-out the threads are left behind: a process started by the stopped one may
    // still hold the pipes open.
    let status = status?;
    let _ = writer.join();
    let stderr = reader.join().unwrap_or_default();
    if status.success() {
        Ok(stderr)
    } else {
        let status = match status.code() {
            Some(code) => format!("exit status {code}"),
            None => "killed by a signal".to_owned(),
        };
        Err(Failure::Failed { status, stderr })
    }
}

/// The size of the laid-out drawing, in inches (the first line of Graphviz's plain output).
pub fn layout_size(dot_text: &str, engine: Engine, timeout: Duration) -> Result<(f64, f64), Failure> {
    let mut out = tempfile::tempfile().map_err(Failure::Io)?;
    graphviz(dot_text, engine, Format::Plain, &out, timeout)?;
    let mut text = String::new();
    io::Seek::rewind(&mut out).and_then(|()| out.read_to_string(&mut text)).map_err(Failure::Io)?;
    plain_size(&text).ok_or_else(|| Failure::Failed {
        status: "unreadable layout".to_owned(),
        stderr: text.lines().next().unwrap_or_default().to_owned(),
    })
}

/// Width and height from `graph SCALE WIDTH HEIGHT`, the first line of plain output.
pub fn plain_size(plain: &str) -> Option<(f64, f64)> {
    let mut words = plain.lines().next()?.split_whitespace();
    if words.next()? != "graph" {
        return None;
    }
    let scale: f64 = words.next()?.parse().ok()?;
    let w: f64 = words.next()?.parse().ok()?;
    let h: f64 = words.next()?.parse().ok()?;
    Some((w * scale, h * scale))
}
