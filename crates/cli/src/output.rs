//! Where output goes: buffered stdout, atomic files, and quiet exits on a closed pipe.

use std::io::{self, Write};

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

/// A locked, buffered stdout.
pub fn stdout() -> io::BufWriter<io::StdoutLock<'static>> {
    io::BufWriter::new(io::stdout().lock())
}

/// Whether an error, anywhere in its chain, is a closed pipe (`diplograph list | head`).
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| e.downcast_ref::<io::Error>().is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe))
}

/// Writes a JSON object (a struct), pretty-printed, with a final newline; `"version"` (the
/// version of the JSON shapes) comes first.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    let versioned = diplograph_export::json::Versioned::new(value);
    serde_json::to_writer_pretty(&mut *out, &versioned).map_err(io::Error::other)?;
    writeln!(out)
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
            let mut out = stdout();
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
    let mut builder = tempfile::Builder::new();
    builder.prefix(".diplograph-");
    // Like any new file (and unlike a private temporary one): 0666 less the umask.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    builder.tempfile_in(dir).with_context(|| format!("cannot create a file in {}", dir.display()))
}

/// Renames a complete temporary file over `path`.
pub fn persist(file: tempfile::NamedTempFile, path: &std::path::Path) -> anyhow::Result<()> {
    file.persist(path).map_err(|e| anyhow::Error::new(e.error).context(format!("cannot write {}", path.display())))?;
    Ok(())
}
