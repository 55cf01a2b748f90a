//! The full texts of sources, for the passages around quotes: only `DIR/ID.txt` in the
//! directory given with `--sources`, only regular files, only up to a size.

use std::io::Read;
use std::path::Path;

/// The largest source text read.
const MAX_TEXT: u64 = 16 * 1024 * 1024;

/// The text of source `id` in `dir`, when there is one.
pub(crate) fn text(dir: Option<&Path>, id: &str) -> Option<String> {
    let dir = dir?;
    // Source ids are slugs; anything else never names a file here.
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return None;
    }
    let path = dir.join(format!("{id}.txt"));
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() || meta.len() > MAX_TEXT {
        return None;
    }
    let mut text = String::new();
    std::fs::File::open(&path).ok()?.take(MAX_TEXT).read_to_string(&mut text).ok()?;
    Some(text)
}
