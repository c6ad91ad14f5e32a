//! Positions in source files, the one error type for everything read from the corpus
//! (documents, front matter, synonyms) and from config files (`file:line: message`), the
//! "did you mean …?" those errors offer for a name typed wrong, and the one way a user's file
//! is read ([`read_file`]).

use std::io::Read;
use std::path::{Path, PathBuf};

/// Most bytes a corpus document may have (the parse benchmark reads 50 MB in seconds).
pub const MAX_DOCUMENT: u64 = 256 << 20;
/// Most bytes a config file (synonyms, clinic, pack, judged queries) may have.
pub const MAX_CONFIG: u64 = 16 << 20;
/// Most bytes a logo file may have: a print logo is kilobytes.
pub const MAX_PICTURE: u64 = 32 << 20;

/// The bytes of the file at `path`, which must be a regular file (a link to one is followed)
/// of at most `limit` bytes. Anything else named where a file is read is an error before it is
/// opened: a named pipe would block the read for good, a device such as `/dev/zero` never
/// ends, a folder has no bytes. A file that outgrows `limit` while it is read stops there.
pub fn read_file(path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Error, ErrorKind};
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(Error::new(
            ErrorKind::InvalidInput,
            format!("it is {}, not a regular file", not_a_file(&meta)),
        ));
    }
    let too_big = || Error::new(ErrorKind::InvalidData, format!("it is larger than {} MB", limit >> 20));
    if meta.len() > limit {
        return Err(too_big());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)?.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(too_big());
    }
    Ok(bytes)
}

/// The text of the file at `path` when it is a regular UTF-8 file of at most `limit` bytes:
/// for reading again, to find a line, a file that was read and checked once already.
pub fn read_text(path: &Path, limit: u64) -> Option<String> {
    read_file(path, limit).ok().and_then(|bytes| String::from_utf8(bytes).ok())
}

/// `U+001B, escape`: a control character's code point, with its name where it has a common one.
pub fn control_name(c: char) -> String {
    let name = match c {
        '\0' => ", null",
        '\u{8}' => ", backspace",
        '\u{b}' => ", vertical tab",
        '\u{c}' => ", form feed",
        '\u{1b}' => ", escape",
        '\u{7f}' => ", delete",
        _ => "",
    };
    format!("U+{:04X}{name}", c as u32)
}

/// Byte offset of the first control character other than tab, line feed and carriage return
/// (C0, DEL and C1): characters no font draws, which the text would lose without a word.
pub fn stray_control(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    // A first pass without an early exit, which the compiler vectorizes, finds whether any
    // byte could be one (0xC2 also starts "¿", "¡" and the no-break space): most files have
    // none.
    let suspect = |x: u8| (x < 0x20 && !matches!(x, b'\t' | b'\n' | b'\r')) || x == 0x7f || x == 0xc2;
    if !b.iter().fold(false, |any, &x| any | suspect(x)) {
        return None;
    }
    // C1 controls, U+0080–U+009F, are 0xC2 0x80–0x9F in UTF-8.
    b.iter().enumerate().position(|(i, &x)| {
        suspect(x) && (x != 0xc2 || b.get(i + 1).is_some_and(|y| (0x80..=0x9f).contains(y)))
    })
}

/// What a path that is not a regular file is, in words.
fn not_a_file(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
        if t.is_socket() {
            return "a socket";
        }
    }
    if meta.is_dir() { "a folder" } else { "a special file" }
}

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
    fn a_file_is_read_up_to_its_limit_and_only_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.toml");
        std::fs::write(&path, b"twelve bytes").unwrap();
        assert_eq!(read_file(&path, 12).unwrap(), b"twelve bytes");
        let big = read_file(&path, 11).unwrap_err();
        assert!(big.to_string().contains("larger than"), "{big}");
        let folder = read_file(dir.path(), 100).unwrap_err();
        assert_eq!(folder.to_string(), "it is a folder, not a regular file");
        assert_eq!(read_file(&dir.path().join("none"), 1).unwrap_err().kind(), std::io::ErrorKind::NotFound);
        #[cfg(unix)]
        assert_eq!(
            read_file(Path::new("/dev/zero"), 100).unwrap_err().to_string(),
            "it is a device, not a regular file"
        );
    }

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
