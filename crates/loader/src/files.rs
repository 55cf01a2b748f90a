//! The text of the files a dataset was read from, with positions as users count them.

use std::path::PathBuf;

/// One data file's text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path on disk (empty for the built-in vocabulary).
    pub path: PathBuf,
    /// Name shown in messages: the data path as given, joined with the file's relative path.
    pub name: String,
    /// The text, without a leading byte-order mark; invalid UTF-8 replaced by U+FFFD.
    pub text: String,
    /// Whether the file began with a UTF-8 byte-order mark.
    pub had_bom: bool,
}

impl SourceFile {
    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, offset)
    }

    /// The byte offset of a 1-based line and column (in characters); clamped to the text.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        offset(&self.text, line, column)
    }
}

/// The 1-based line and column (in characters) of byte `offset` of `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.bytes().filter(|&b| b == b'\n').count() + 1, before[line_start..].chars().count() + 1)
}

/// The byte offset of a 1-based line and column (in characters) in `text`; clamped to the text.
pub fn offset(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let rest = &text[start..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    start + rest[..line_len].char_indices().nth(column.saturating_sub(1)).map_or(line_len, |(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip() {
        let text = "ab\nçd€\n\nx";
        for (i, _) in text.char_indices() {
            let (l, c) = line_col(text, i);
            assert_eq!(offset(text, l, c), i, "offset {i} at {l}:{c}");
        }
        assert_eq!(line_col(text, 5), (2, 2));
        assert_eq!(offset(text, 99, 1), text.len());
    }
}
