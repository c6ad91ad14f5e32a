//! Positions in source files, the one error type for everything read from the corpus
//! (documents, front matter, synonyms) and from config files (`file:line: message`), and the
//! "did you mean …?" those errors offer for a name typed wrong.

use std::path::PathBuf;

/// Of `names`, the one fewest edits from `typed` (Damerau–Levenshtein: two letters swapped
/// are one edit), when it is at most `most(name)` edits away; the first of equals. Every "did
/// you mean" of the project asks this: a topic, a config key, a clinic file's name.
pub fn closest<'a>(
    typed: &str,
    names: impl IntoIterator<Item = &'a str>,
    most: impl Fn(&str) -> usize,
) -> Option<&'a str> {
    names
        .into_iter()
        .map(|name| (strsim::damerau_levenshtein(typed, name), name))
        .filter(|(d, name)| *d <= most(name))
        .min_by_key(|(d, _)| *d)
        .map(|(_, name)| name)
}

/// Where each line of a text starts, so that a byte offset becomes a line number in
/// O(log lines): counting newlines from the start for every position made parsing a large
/// file quadratic.
#[derive(Clone, Debug)]
pub struct Lines {
    starts: Vec<usize>,
    /// The file line of the text's first line.
    first: usize,
}

impl Lines {
    /// Indexes `text`, whose first line is line `first` of its file (1 for a whole file).
    pub fn new(text: &str, first: usize) -> Lines {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Lines { starts, first }
    }

    /// The 1-based file line of byte `offset` of the text (offsets past the end are on the
    /// last line).
    pub fn line_of(&self, offset: usize) -> usize {
        self.first + self.starts.partition_point(|&s| s <= offset) - 1
    }
}

/// The line and column (both from 1, the column in characters) at which text continues after
/// `before`, the whole text that precedes a position in its file.
pub fn position(before: &str) -> (usize, usize) {
    let line = 1 + before.matches('\n').count();
    let column = 1 + before.rsplit('\n').next().map_or(0, |l| l.chars().count());
    (line, column)
}

/// The error for `bytes`, read from `file`, that are not UTF-8 from byte `valid_up_to` on: at
/// the line and column where they stop being text.
pub fn not_utf8(file: impl Into<PathBuf>, bytes: &[u8], valid_up_to: usize) -> SourceError {
    let before = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    let (line, column) = position(before);
    SourceError::new(
        file,
        line,
        format!(
            "the file is not UTF-8 text (another encoding?) from column {column} of this line; save it as UTF-8"
        ),
    )
}

/// What kind of file `bytes` are, by their first bytes, when they are a picture or a document
/// rather than text: "a PNG image", "a JPEG image", "a GIF image", "a WebP image", "a PDF
/// document". For an error that says what was named instead of a text file or a PNG logo.
pub fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    let kinds: [(&[u8], &str); 5] = [
        (b"\x89PNG\r\n\x1a\n", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"%PDF-", "a PDF document"),
        (b"RIFF", "a WebP image"),
    ];
    kinds.iter().find(|(magic, _)| bytes.starts_with(magic)).map(|(_, kind)| *kind)
}

/// Something wrong at a line of a file the program reads.
#[derive(Debug, thiserror::Error)]
#[error("{}:{line}: {message}", file.display())]
pub struct SourceError {
    /// The file, as the user named it.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What is wrong and what to do, lowercase.
    pub message: String,
}

impl SourceError {
    /// An error at `line` of `file`.
    pub fn new(file: impl Into<PathBuf>, line: usize, message: impl Into<String>) -> SourceError {
        SourceError { file: file.into(), line, message: message.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_closest_name_is_offered_only_within_the_edits_allowed() {
        let names = ["detox", "signs", "treatment"];
        // Two letters swapped are one edit, as a thumb on a phone swaps them.
        assert_eq!(closest("deotx", names, |_| 1), Some("detox"));
        assert_eq!(closest("tretment", names, |_| 2), Some("treatment"));
        assert_eq!(closest("relapse", names, |_| 2), None);
        // The bound may depend on the name: none for a short one here.
        assert_eq!(closest("sigms", names, |n| usize::from(n.len() > 5)), None);
        // Of names as close, the first given.
        assert_eq!(closest("ab", ["aa", "bb"], |_| 1), Some("aa"));
    }

    #[test]
    fn offsets_become_lines() {
        let lines = Lines::new("ab\ncd\n\nef", 10);
        assert_eq!(lines.line_of(0), 10);
        assert_eq!(lines.line_of(2), 10, "the newline belongs to its line");
        assert_eq!(lines.line_of(3), 11);
        assert_eq!(lines.line_of(6), 12);
        assert_eq!(lines.line_of(7), 13);
        assert_eq!(lines.line_of(999), 13);
        assert_eq!(Lines::new("", 1).line_of(0), 1);
    }

    #[test]
    fn positions_count_characters_from_the_line_start() {
        assert_eq!(position(""), (1, 1));
        assert_eq!(position("ab\ncé"), (2, 3));
        let e = not_utf8("c.toml", b"a\nb\xe9", 3);
        assert_eq!(
            e.to_string(),
            "c.toml:2: the file is not UTF-8 text (another encoding?) from column 2 of this line; save it as UTF-8"
        );
    }

    #[test]
    fn errors_read_file_line_message() {
        let e = SourceError::new("corpus/a.md", 3, "empty heading");
        assert_eq!(e.to_string(), "corpus/a.md:3: empty heading");
    }
}
