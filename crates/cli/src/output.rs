//! Where output goes: buffered stdout, atomic files, and quiet exits on a closed pipe.

use std::io::{self, Write};

use diplograph_loader::excerpt::escaped_char;
use diplograph_loader::{Diagnostic, SourceFile};

/// Writes `shown` diagnostics to stderr, then `error: {summary}`: how a command reports the
/// problems that stop it. A closed stderr silences them; the exit status still tells.
pub fn report_errors<'d>(
    shown: impl IntoIterator<Item = &'d Diagnostic>,
    files: &[SourceFile],
    color: bool,
    summary: &str,
) {
    let mut err = io::BufWriter::new(io::stderr().lock());
    let _ = diplograph_loader::render_to(&mut err, shown, files, color);
    let _ = writeln!(err, "error: {summary}");
    let _ = err.flush();
}

/// A locked, buffered stdout for text: control characters in what is written are escaped
/// (see [`Escaping`]).
pub fn stdout() -> Escaping<io::BufWriter<io::StdoutLock<'static>>> {
    Escaping(raw_stdout())
}

/// A locked, buffered stdout that passes every byte: for files written to `-o -`.
fn raw_stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// A writer that escapes the control characters of the text written through it (C0 but tab
/// and line feed, DEL, C1, bidirectional overrides), as `\u{1b}`, so that data holding an
/// escape sequence never reaches a terminal raw. Text output goes through it; so does JSON,
/// which holds none of them raw (see [`write_json`]).
pub struct Escaping<W: Write>(pub W);

impl<W: Write> Write for Escaping<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        let text = String::from_utf8_lossy(buf);
        let mut last = 0;
        for (i, c) in text.char_indices() {
            if let Some(escaped) = escaped_char(c) {
                self.0.write_all(&text.as_bytes()[last..i])?;
                self.0.write_all(escaped.as_bytes())?;
                last = i + c.len_utf8();
            }
        }
        self.0.write_all(&text.as_bytes()[last..])
    }

    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

/// Whether an error, anywhere in its chain, is a closed pipe (`diplograph list | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

/// Writes a JSON object (a struct), pretty-printed, with a final newline; `"version"` (the
/// version of the JSON shapes) comes first. A failed write keeps its kind (a closed pipe stays
/// [`io::ErrorKind::BrokenPipe`], so that it exits quietly).
///
/// Control characters that JSON allows raw (DEL, C1, bidirectional overrides) are written as
/// `\uXXXX` escapes, so that no JSON output holds a control character raw.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    use serde::Serialize as _;
    let versioned = diplograph_export::json::Versioned::new(value);
    let mut json = serde_json::Serializer::with_formatter(&mut *out, SafeJson(serde_json::ser::PrettyFormatter::new()));
    versioned.serialize(&mut json).map_err(io::Error::from)?;
    writeln!(out)
}

/// serde_json's pretty printer, escaping in strings what [`escaped_char`] escapes in text.
struct SafeJson<'a>(serde_json::ser::PrettyFormatter<'a>);

impl serde_json::ser::Formatter for SafeJson<'_> {
    fn write_string_fragment<W: ?Sized + Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        let mut last = 0;
        for (i, c) in fragment.char_indices() {
            if escaped_char(c).is_some() {
                writer.write_all(&fragment.as_bytes()[last..i])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                last = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[last..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Whether an output path is `-`, which means standard output.
pub fn is_stdout(path: &std::path::Path) -> bool {
    path.as_os_str() == "-"
}

/// Writes `bytes` to `-o FILE` atomically when one is given, else to stdout.
pub fn emit(output: Option<&std::path::Path>, bytes: &[u8]) -> anyhow::Result<()> {
    emit_with(output, |out| out.write_all(bytes))
}

/// Like [`emit`], for output written piece by piece by `write` (through a buffer): a large
/// output is never whole in memory. `-o -` means standard output.
pub fn emit_with(
    output: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> anyhow::Result<()> {
    match output.filter(|p| !is_stdout(p)) {
        Some(path) => {
            use anyhow::Context;
            let mut file = temp_beside(path)?;
            let written = {
                let mut out = io::BufWriter::new(file.as_file_mut());
                write(&mut out).and_then(|()| out.flush())
            };
            written
                .and_then(|()| file.as_file().sync_all())
                .with_context(|| format!("cannot write {}", path.display()))?;
            persist(file, path)
        }
        None => {
            let mut out = raw_stdout();
            write(&mut out)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same directory, renamed over
/// `path` only once complete, so readers never see a half-written file.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    emit_with(Some(path), |out| out.write_all(bytes))
}

/// A temporary file in the directory of `path`, removed unless [`persist`]ed.
pub fn temp_beside(path: &std::path::Path) -> anyhow::Result<tempfile::NamedTempFile> {
    use anyhow::Context;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => std::path::Path::new("."),
    };
    if !dir.is_dir() {
        let why = if dir.exists() { "is not a directory" } else { "does not exist" };
        return Err(crate::app::UsageError(format!(
            "cannot write {}: the directory {} {why}; create it first or write elsewhere",
            path.display(),
            dir.display()
        ))
        .into());
    }
    let mut builder = tempfile::Builder::new();
    builder.prefix(".diplograph-");
    // Like any new file (and unlike a private temporary one): 0666 less the umask.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    // The error of tempfile names the temporary file, which the user never asked for: only
    // its reason is kept.
    builder
        .tempfile_in(dir)
        .map_err(|e| io::Error::from(e.kind()))
        .with_context(|| format!("cannot write {}: cannot create a file in {}", path.display(), dir.display()))
}

/// Renames a complete temporary file over `path`.
pub fn persist(file: tempfile::NamedTempFile, path: &std::path::Path) -> anyhow::Result<()> {
    file.persist(path).map_err(|e| anyhow::Error::new(e.error).context(format!("cannot write {}", path.display())))?;
    Ok(())
}
