//! The corpus: markdown documents with TOML front matter, split into sections.
//!
//! A document is `corpus/NAME.md`:
//!
//! ```text
//! +++
//! id = "kratom-addiction"          # unique across the corpus
//! title = "Kratom addiction"
//! language = "en"                  # en | es
//! source = "…"                     # who wrote it; printed on every handout page
//! reviewed = "unknown"             # or YYYY-MM-DD
//! [sections]                       # topic tags: section slug -> topics
//! detox = ["detox", "treatment"]
//! [topics]                         # display titles: handout headings and PDF titles
//! detox = "Detox and withdrawal"
//! [[resources]]                    # optional default contact block; each needs a
//! name = "…"                       # `url` (https://…) and/or a `phone`
//! url = "https://…"
//! +++
//! ## Detox
//! …
//! ```
//!
//! A section is a heading and everything up to the next heading of the same or higher level;
//! its id is `doc-id#heading-slug`. Loading validates everything and reports the first problem
//! as `path:line: message`; nothing is written when the corpus is broken.

use anyhow::{Context, Result, anyhow, bail};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

pub mod markdown;
pub mod readability;

use crate::source::{Lines, SourceError};

use markdown::Block;

/// Languages the analyzers and hyphenation support.
pub const LANGUAGES: &[&str] = &["en", "es"];

/// A contact or resource printed in a handout's contact block.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// Name of the service.
    pub name: String,
    /// One line on what it offers.
    #[serde(default)]
    pub description: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Web address.
    #[serde(default)]
    pub url: Option<String>,
    /// The number to call in an emergency (`911`): first among the contacts of a search that
    /// tells of one, however the file orders them.
    #[serde(default)]
    pub emergency: bool,
    /// Language of the document a handout took it from, when the handout is in another
    /// (the corpus's English helpline in a Spanish handout): its entry is marked so.
    #[serde(skip)]
    pub language: Option<String>,
}

impl Resource {
    /// The `tel:` address of its phone number, where that can be dialled as written
    /// ([`markdown::tel_address`]).
    pub fn tel(&self) -> Option<String> {
        self.phone.as_deref().and_then(markdown::tel_address)
    }

    /// Whether `other` is the same service, perhaps listed by another document in another
    /// language: the same name, the same number to dial, or the same web address.
    pub fn same_service(&self, other: &Resource) -> bool {
        let same = |a: Option<String>, b: Option<String>| a.is_some() && a == b;
        self.name == other.name || same(self.tel(), other.tel()) || same(self.url.clone(), other.url.clone())
    }

    /// Collapses every kind of whitespace in the printed fields into plain single spaces.
    pub fn normalize_space(&mut self) {
        self.name = markdown::normalize_space(&self.name);
        for v in [&mut self.description, &mut self.phone, &mut self.url].into_iter().flatten() {
            *v = markdown::normalize_space(v);
        }
    }

    /// What would make this resource print wrong, or no one able to reach it, each mistake
    /// once: the field at fault (`None`: the resource as a whole) and what to do. The one rule
    /// set for the corpus's resources and a clinic file's.
    pub fn problems(&self) -> Vec<(Option<&'static str>, String)> {
        let mut out = Vec::new();
        if self.name.trim().is_empty() {
            out.push((Some("name"), "must not be empty".into()));
        }
        // An empty field would print a bare dash, "Phone:" or a QR code of nothing.
        for (field, value) in [("description", &self.description), ("phone", &self.phone), ("url", &self.url)]
        {
            if value.as_deref().is_some_and(|v| v.trim().is_empty()) {
                out.push((Some(field), "is empty: fill it in, or leave the line out".into()));
            }
        }
        if self.phone.is_none() && self.url.is_none() {
            out.push((
                None,
                "has no way to reach it: add `url = \"https://…\"` and/or `phone = \"…\"`".into(),
            ));
        }
        fn filled(v: &Option<String>) -> Option<&str> {
            v.as_deref().filter(|v| !v.trim().is_empty())
        }
        if let Some(problem) = filled(&self.phone).and_then(phone_problem) {
            out.push((Some("phone"), problem));
        }
        if let Some(problem) = filled(&self.url).and_then(web_address_problem) {
            out.push((Some("url"), problem));
        }
        out
    }

    /// The first of [`Resource::problems`].
    pub fn problem(&self) -> Option<(Option<&'static str>, String)> {
        self.problems().into_iter().next()
    }
}

/// Why `phone` cannot be printed as a number to call, if it cannot: no number in it ("ask at
/// the desk"), a letter typed for a digit ("555-O1OO": the letter O for a zero), which
/// prints as written and leaves the number without its tap-to-dial link, a label before it
/// ("Tel: 505 555 0142"), or small letters among its digits ("505-555-014two", which would
/// dial the keys of "two"). A spelled-out number ("1-800-662-HELP", "555-CALL-NOW") is a
/// number, and an extension may follow it ("555-0100 ext. 12", "555-0100x12").
pub fn phone_problem(phone: &str) -> Option<String> {
    if !markdown::has_number_to_dial(phone) {
        return Some(format!("`{phone}` has no number to dial: write the number"));
    }
    let like_digit = |c: char| matches!(c, 'O' | 'o' | 'I' | 'l');
    let groups = || phone.split(|c: char| !c.is_alphanumeric()).filter(|g| !g.is_empty());
    let digits = |g: &str| g.chars().any(|c| c.is_ascii_digit());
    if let Some(group) = groups().find(|g| {
        digits(g) && g.chars().any(like_digit) && g.chars().all(|c| c.is_ascii_digit() || like_digit(c))
    }) && let Some(letter) = group.chars().find(|&c| like_digit(c))
    {
        let digit = if matches!(letter, 'O' | 'o') { '0' } else { '1' };
        return Some(format!(
            "`{phone}` has the letter `{letter}` among its digits (`{group}`): did you mean `{digit}`?"
        ));
    }
    // A label before the number ("Tel: 505 555 0142"): the handout prints its own, "Phone:",
    // and a word first leaves the number without its tap-to-dial link.
    let first = phone.split_whitespace().next().unwrap_or_default();
    if first.chars().any(char::is_alphabetic) && !digits(first) {
        return Some(format!(
            "`{phone}` starts with `{first}`: write only the number (the handout prints \"Phone:\" before it; a note such as \"front desk\" may follow the number)"
        ));
    }
    // Small letters run into a group of digits ("014two"): no number in words (those are in
    // capitals, "1-800-GET-HELP"), and its letters would dial as keypad digits.
    let extension = |g: &str| {
        g.split_once('x').is_some_and(|(a, b)| {
            !b.is_empty()
                && (a.is_empty() || !a.chars().any(char::is_alphabetic))
                && b.chars().all(|c| c.is_ascii_digit())
        })
    };
    let group = groups().find(|g| digits(g) && g.chars().any(char::is_lowercase) && !extension(g))?;
    Some(format!(
        "`{phone}` has letters among the digits of `{group}`: write the number in digits (a number in words is written in capitals, as in 1-800-GET-HELP)"
    ))
}

/// Why `url` cannot be printed as a web address with its QR code, if it cannot.
pub fn web_address_problem(url: &str) -> Option<String> {
    if let Some(fault) = markdown::web_address_fault(url) {
        return Some(fault);
    }
    // Printed without the QR code a phone would scan, and without a word, it was.
    (url.len() > QR_MAX_BYTES).then(|| {
        // Counted as the code stores it: in bytes, an accented letter two or more.
        format!(
            "is {} bytes long (UTF-8), more than a QR code holds ({QR_MAX_BYTES} bytes): give a shorter address",
            url.len()
        )
    })
}

/// Front matter of a corpus document.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Document id, unique across the corpus; the part before `#` in section ids.
    pub id: String,
    /// Document title.
    pub title: String,
    /// Language code: `en` or `es`.
    pub language: String,
    /// Where the text comes from, printed on handouts.
    pub source: String,
    /// Date of the last medical review (`YYYY-MM-DD`) or `unknown`.
    pub reviewed: String,
    /// Topic tags per section slug.
    #[serde(default)]
    pub sections: BTreeMap<String, Vec<String>>,
    /// Display titles of topics (`detox = "Detox and withdrawal"`): a topic's handout is
    /// headed and titled with it.
    #[serde(default)]
    pub topics: BTreeMap<String, String>,
    /// Default resources for handouts built from this document.
    #[serde(default)]
    pub resources: Vec<Resource>,
}

/// One section of a document.
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    /// Stable id: `doc-id#heading-slug`.
    pub id: String,
    /// Id of the document.
    pub doc: String,
    /// Title of the document.
    pub title: String,
    /// The heading's text.
    pub heading: String,
    /// Heading level (1–6).
    pub level: u8,
    /// Topic tags.
    pub topics: Vec<String>,
    /// Document language.
    pub language: String,
    /// The section's content after its heading, subsections (with their headings) included.
    pub blocks: Vec<Block>,
    /// How many of `blocks` come before the first subsection heading.
    pub own_blocks: usize,
    /// Position in corpus order.
    pub ord: usize,
    /// Ids of the sections nested inside this one.
    pub children: Vec<String>,
    /// 1-based line of the heading in its file.
    #[serde(skip)]
    pub line: usize,
}

impl Section {
    /// Full plain text: the heading, then each block, separated by blank lines.
    pub fn plain_text(&self) -> String {
        std::iter::once(self.heading.clone())
            .chain(self.blocks.iter().map(Block::plain_text))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    /// Plain text of the section's own blocks, without its subsections.
    pub fn own_text(&self) -> String {
        self.blocks[..self.own_blocks].iter().map(Block::plain_text).collect::<Vec<_>>().join("\n\n")
    }

    /// The lead-ins of the section's own text that promise a list that is not there: each
    /// paragraph ending with ":" that no list follows, with its line ("The following can help
    /// you …:" in *Relapse*, whose list the source lost).
    pub fn lead_ins_without_list(&self) -> Vec<(usize, String)> {
        let own = &self.blocks[..self.own_blocks];
        own.iter()
            .enumerate()
            .filter_map(|(i, block)| match block {
                Block::Paragraph { spans, line }
                    if markdown::spans_text(spans).trim_end().ends_with(':')
                        && !matches!(own.get(i + 1), Some(Block::List { .. })) =>
                {
                    Some((*line, markdown::spans_text(spans)))
                }
                _ => None,
            })
            .collect()
    }
}

/// A parsed corpus document.
#[derive(Clone, Debug)]
pub struct Document {
    /// Front matter.
    pub meta: Meta,
    /// Sections in reading order.
    pub sections: Vec<Section>,
    /// File it came from.
    pub path: PathBuf,
    /// Line of the `id` key in the file.
    pub id_line: usize,
    /// The file's bytes, as read: what a printout drawn from it is made of, so that its
    /// edition changes with this document and with no other ([`documents_fingerprint`]).
    pub bytes: Vec<u8>,
}

/// All documents of a corpus, in file-name order.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// The documents.
    pub documents: Vec<Document>,
    /// The folder they were read from.
    pub dir: PathBuf,
    /// [`fingerprint`] of the folder when it was read: names the corpus version.
    pub fingerprint: String,
}

/// Whether a file name in the corpus folder names a corpus file: `*.md` or `synonyms.toml`.
/// Hidden files (`.name`) never do: editors and operating systems leave them beside the
/// documents (an Emacs lock `.#name.md`, macOS `._name.md`, a Vim swap file).
fn is_corpus_file(name: &str) -> bool {
    !name.starts_with('.') && (is_markdown(Path::new(name)) || name == "synonyms.toml")
}

/// Whether a file is a markdown document: `*.md`, in any case (`Notes.MD` was skipped
/// without a word).
fn is_markdown(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// Files that make up a corpus, in a stable order: `*.md` plus `synonyms.toml` if present,
/// hidden files excepted.
pub fn corpus_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries =
        fs::read_dir(dir).with_context(|| format!("cannot read the corpus folder `{}`", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.with_context(|| format!("cannot list `{}`", dir.display()))?.path();
        // A name that is not UTF-8 is judged by its readable form: `Sa\xf1a.md` (Latin-1 from an
        // old archive) was skipped without a word.
        let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
        if is_corpus_file(&name) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Name, size, inode, modification and status-change times (ns since the epoch) of every
/// corpus file, one `name\tsize\tinode\tmtime\tctime` line each: a cheap stand-in for
/// [`fingerprint`] while nothing changed. As in git, the inode and change time catch an edit
/// that kept the size and had its modification time set back (an editor that saves by
/// replacing the file, `touch -r`, a restore from backup).
pub fn file_stats(dir: &Path) -> Result<String> {
    let mut out = String::new();
    let mut entries: Vec<(String, fs::DirEntry)> = fs::read_dir(dir)
        .with_context(|| format!("cannot read the corpus folder `{}`", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e))
        .filter(|(name, _)| is_corpus_file(name))
        .collect();
    // The same order as `corpus_files` (sorted paths in one folder sort by name).
    entries.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for (name, entry) in entries {
        // `DirEntry::metadata` stats relative to the open folder.
        let meta = entry.metadata().with_context(|| format!("cannot read `{}`", entry.path().display()))?;
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        #[cfg(unix)]
        let (inode, ctime) = {
            use std::os::unix::fs::MetadataExt;
            (meta.ino(), (meta.ctime() as i128 * 1_000_000_000 + meta.ctime_nsec() as i128).max(0) as u128)
        };
        #[cfg(not(unix))]
        let (inode, ctime) = (0u64, mtime);
        out.push_str(&format!("{name}\t{}\t{inode}\t{mtime}\t{ctime}\n", meta.len()));
    }
    Ok(out)
}

/// The modification and change times in [`file_stats`] output (ns since the epoch).
pub fn stats_times(stats: &str) -> impl Iterator<Item = u128> + '_ {
    stats.lines().flat_map(|l| {
        let fields: Vec<&str> = l.split('\t').collect();
        // A line that does not parse gives time "now" in the future: never counted as old.
        let time = |i: usize| fields.get(i).and_then(|t| t.parse::<u128>().ok()).unwrap_or(u128::MAX / 2);
        [time(3), time(4)]
    })
}

/// A short hash of every corpus file's name and bytes; changes whenever the corpus does.
pub fn fingerprint(dir: &Path) -> Result<String> {
    Ok(hash_files(as_slices(&read_corpus_files(dir)?)))
}

/// Files as [`read_corpus_files`] reads them, for [`hash_files`].
fn as_slices(files: &[(PathBuf, Vec<u8>)]) -> impl Iterator<Item = (&Path, &[u8])> {
    files.iter().map(|(p, b)| (p.as_path(), b.as_slice()))
}

/// Every corpus file of `dir` with its bytes, in [`corpus_files`] order.
fn read_corpus_files(dir: &Path) -> Result<Vec<(PathBuf, Vec<u8>)>> {
    corpus_files(dir)?
        .into_iter()
        .map(|path| {
            let bytes = crate::source::read_file(&path, crate::source::MAX_DOCUMENT)
                .with_context(|| format!("cannot read `{}`", path.display()))?;
            Ok((path, bytes))
        })
        .collect()
}

/// The [`fingerprint`] of `docs` alone, given in the corpus's order: a printout's documents.
pub fn documents_fingerprint(docs: &[&Document]) -> String {
    hash_files(docs.iter().map(|d| (d.path.as_path(), d.bytes.as_slice())))
}

/// The fingerprint of files already read, in [`corpus_files`] order.
fn hash_files<'a>(files: impl IntoIterator<Item = (&'a Path, &'a [u8])>) -> String {
    let mut hasher = blake3::Hasher::new();
    for (path, bytes) in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        hasher.update(name.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.finalize().to_hex()[..16].to_string()
}

/// Below this much markdown, the corpus is parsed on the calling thread (about 5 ms of work).
const PARALLEL_PARSE_BYTES: usize = 256 * 1024;

impl Corpus {
    /// Loads and validates every `*.md` file of `dir`, parsing files in parallel when there
    /// is enough to parse.
    #[tracing::instrument(level = "debug", name = "load the corpus", skip_all)]
    pub fn load(dir: &Path) -> Result<Corpus> {
        // Each file is read once, both to parse and to fingerprint the corpus version.
        let files = read_corpus_files(dir)?;
        let markdown: Vec<&(PathBuf, Vec<u8>)> = files.iter().filter(|(p, _)| is_markdown(p)).collect();
        if markdown.is_empty() {
            bail!("no documents in `{}`: add markdown files (*.md) with front matter", dir.display());
        }
        // Parsing runs on the worker pool only when there is enough of it to pay for starting
        // the pool: a handout from a small corpus would spend longer spawning threads.
        let parse = |(path, bytes): &&(PathBuf, Vec<u8>)| parse_document(path, bytes);
        let size: usize = markdown.iter().map(|(_, bytes)| bytes.len()).sum();
        let documents = if markdown.len() > 1 && size > PARALLEL_PARSE_BYTES {
            markdown.par_iter().map(parse).collect::<Result<Vec<_>>>()?
        } else {
            markdown.iter().map(parse).collect::<Result<Vec<_>>>()?
        };
        let mut seen: HashMap<&str, &Path> = HashMap::new();
        for doc in &documents {
            if let Some(first) = seen.insert(&doc.meta.id, &doc.path) {
                return Err(SourceError::new(
                    &doc.path,
                    doc.id_line,
                    format!("duplicate document id `{}` (also used by `{}`)", doc.meta.id, first.display()),
                )
                .into());
            }
        }
        let mut corpus =
            Corpus { documents, dir: dir.to_path_buf(), fingerprint: hash_files(as_slices(&files)) };
        let mut ord = 0;
        for doc in &mut corpus.documents {
            for s in &mut doc.sections {
                s.ord = ord;
                ord += 1;
            }
        }
        Ok(corpus)
    }

    /// Copies the files this corpus was read from into the folder `to` (created), when they
    /// are still the bytes it was read from; `false`, copying nothing, when one changed since.
    /// A copy kept this way can be loaded again when the folder has a mistake in it.
    pub fn keep_files(&self, to: &Path) -> Result<bool> {
        let files = read_corpus_files(&self.dir)?;
        if hash_files(as_slices(&files)) != self.fingerprint {
            return Ok(false);
        }
        fs::create_dir_all(to).with_context(|| format!("cannot create `{}`", to.display()))?;
        for (path, bytes) in &files {
            let name = path.file_name().unwrap_or_default();
            let copy = to.join(name);
            fs::write(&copy, bytes).with_context(|| format!("cannot write `{}`", copy.display()))?;
        }
        Ok(true)
    }

    /// The documents' resources (where to get help), each service once, in corpus order: what
    /// the search page and a search that finds nothing offer. A service two documents list
    /// under two names (the helpline in English and in Spanish) is one service, as on paper
    /// ([`Resource::same_service`]): its number is not offered twice.
    pub fn resources(&self) -> Vec<&Resource> {
        let mut out: Vec<&Resource> = Vec::new();
        for r in self.documents.iter().flat_map(|d| &d.meta.resources) {
            if !out.iter().any(|seen| seen.same_service(r)) {
                out.push(r);
            }
        }
        out
    }

    /// Every section in corpus order.
    pub fn sections(&self) -> impl Iterator<Item = &Section> {
        self.documents.iter().flat_map(|d| d.sections.iter())
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections().find(|s| s.id == id)
    }

    /// The document with this id.
    pub fn document(&self, id: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.meta.id == id)
    }

    /// Topic → ids of its sections, in corpus order.
    pub fn topics(&self) -> BTreeMap<String, Vec<String>> {
        let mut topics: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for s in self.sections() {
            for t in &s.topics {
                topics.entry(t.clone()).or_default().push(s.id.clone());
            }
        }
        topics
    }

    /// The section with this id, or an error naming the closest ids that exist. The part after
    /// `#` alone ("detox", or its heading, "Detox") names a section where one document has it.
    pub fn require_section(&self, id: &str) -> Result<&Section> {
        if let Some(section) = self.section(id) {
            return Ok(section);
        }
        if let Some(section) =
            id_named_by(id, self.sections().map(|s| s.id.as_str())).and_then(|i| self.section(i))
        {
            return Ok(section);
        }
        Err(unknown_section(id, self.sections().map(|s| s.id.as_str())))
    }

    /// The display title of a topic (from the first document that gives one).
    pub fn topic_title(&self, topic: &str) -> Option<&str> {
        self.documents.iter().find_map(|d| d.meta.topics.get(topic)).map(String::as_str)
    }

    /// Ids of a topic's sections, or an error listing the topics that exist.
    pub fn require_topic(&self, topic: &str) -> Result<Vec<String>> {
        let topics = self.topics();
        check_topics(std::slice::from_ref(&topic.to_string()), &topics)?;
        Ok(topics.get(topic).cloned().unwrap_or_default())
    }
}

/// A topic no section is tagged with. The message names it, the one meant when it is a
/// slip of a topic that exists ("detx"), and the topics that exist.
#[derive(Debug, thiserror::Error)]
#[error("unknown topic `{topic}`{}; topics are: {}", self.meant().map(|m| format!(" (did you mean `{m}`?)")).unwrap_or_default(), known.join(", "))]
pub struct UnknownTopic {
    /// The topic asked for.
    pub topic: String,
    /// The topics that exist, sorted.
    pub known: Vec<String>,
}

impl UnknownTopic {
    /// The existing topic within two edits of the one asked for (one for a short one), if any.
    fn meant(&self) -> Option<&str> {
        let most = if self.topic.chars().count() <= 4 { 1 } else { 2 };
        crate::source::closest(&self.topic, self.known.iter().map(String::as_str), |_| most)
    }
}

/// Checks that every topic in `asked` is a key of `known` (topic → anything): the one check
/// behind the command line, handouts and the web API.
pub fn check_topics<V>(asked: &[String], known: &BTreeMap<String, V>) -> Result<(), UnknownTopic> {
    match asked.iter().find(|t| !known.contains_key(*t)) {
        Some(t) => Err(UnknownTopic { topic: t.clone(), known: known.keys().cloned().collect() }),
        None => Ok(()),
    }
}

/// Of `ids` (`document#section`), the one that `id` without a `#` names by the part after
/// it ("detox", or the heading, "Getting help", slugified), where one document alone has such
/// a section: the short form `handout -s`, pack specs and `show` take.
pub fn id_named_by<'a>(id: &str, ids: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if id.contains('#') {
        return None;
    }
    let slug = slugify(id);
    let mut named = ids.into_iter().filter(|i| i.rsplit_once('#').is_some_and(|(_, own)| own == slug));
    match (named.next(), named.next()) {
        (Some(full), None) => Some(full),
        _ => None,
    }
}

/// Most close matches an unknown-section error lists.
const CLOSE_MATCHES: usize = 5;

/// What naming an id's document right adds to the likeness of the part after `#`.
const SAME_DOCUMENT: f64 = 0.05;

/// How much less like the typed id than the closest one (Jaro–Winkler similarity) another id
/// may be and still be listed.
const CLOSE_MARGIN: f64 = 0.1;

/// The error for an unknown section id: the few existing ids closest to it and how many there
/// are (a large corpus has too many to list).
pub fn unknown_section<'a>(id: &str, ids: impl Iterator<Item = &'a str>) -> anyhow::Error {
    let mut scored: Vec<(f64, &str)> = Vec::new();
    let mut count = 0;
    for candidate in ids {
        count += 1;
        let typed = id.rsplit('#').next().unwrap_or(id);
        // Within the right document the part after `#` says it all (and the document named
        // right counts for it): a shared document name makes every id of it look close
        // ("kratom-addiction#detx" to `…#therapy`).
        let same_doc = id.split_once('#').zip(candidate.split_once('#')).is_some_and(|(a, b)| a.0 == b.0);
        let whole = match candidate.split_once('#') {
            Some((_, slug)) if same_doc => strsim::jaro_winkler(typed, slug) + SAME_DOCUMENT,
            _ => strsim::jaro_winkler(id, candidate),
        };
        let score = whole.max(
            // Only the part after `#` typed, or the right part with a wrong document.
            candidate.split_once('#').map_or(0.0, |(_, slug)| {
                // Every word typed is a word of the id: "side-effects" is close to
                // `effects-and-side-effects`, however far apart their letters are.
                let words =
                    |s: &str| s.split('-').filter(|w| !w.is_empty()).map(str::to_string).collect::<Vec<_>>();
                let (typed_words, own) = (words(&slugify(typed)), words(slug));
                let within = !typed_words.is_empty() && typed_words.iter().all(|w| own.contains(w));
                (strsim::jaro_winkler(typed, slug) - 0.01).max(if within { 0.98 } else { 0.0 })
            }),
        );
        scored.push((score, candidate));
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    // Only those about as close as the closest: a slip of one letter ("detx") is told of
    // `detox`, not of therapy and outlook after it.
    let best = scored.first().map_or(0.0, |s| s.0);
    let close: Vec<&str> = scored
        .iter()
        .take(CLOSE_MATCHES)
        .filter(|(score, _)| *score >= best - CLOSE_MARGIN)
        .map(|(_, c)| *c)
        .collect();
    anyhow!(
        "unknown section `{id}`; closest of the {count} sections:\n  {}\n(`outreach topics` lists them by topic)",
        close.join("\n  ")
    )
}

/// Turns heading text into a URL-friendly slug: lowercase letters and digits joined by `-`,
/// accents left off ("¿Qué es el kratom?" → `que-es-el-kratom`), so an id or a topic can be
/// typed on any keyboard, as a phone often leaves accents out.
pub fn slugify(text: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    // Plain ASCII (most headings) has no accents to take off.
    let folded: std::borrow::Cow<str> = if text.is_ascii() {
        text.into()
    } else {
        text.nfd().filter(|c| !is_combining_mark(*c)).collect::<String>().into()
    };
    let mut slug = String::new();
    for c in folded.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// The front-matter values that checks after parsing point at, with their positions.
#[derive(Deserialize, Default)]
struct FrontSpans {
    id: Option<toml::Spanned<toml::Value>>,
    language: Option<toml::Spanned<toml::Value>>,
    reviewed: Option<toml::Spanned<toml::Value>>,
    source: Option<toml::Spanned<toml::Value>>,
    title: Option<toml::Spanned<toml::Value>>,
    #[serde(default)]
    sections: BTreeMap<String, toml::Spanned<toml::Value>>,
    #[serde(default)]
    topics: BTreeMap<String, toml::Spanned<toml::Value>>,
}

/// Parses one document file. `path` is only used in error messages.
pub fn parse_document(path: &Path, bytes: &[u8]) -> Result<Document> {
    let err =
        |line: usize, message: String| -> anyhow::Error { SourceError::new(path, line, message).into() };
    let text = std::str::from_utf8(bytes)
        .map_err(|e| anyhow::Error::from(crate::source::not_utf8(path, bytes, e.valid_up_to())))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Some(at) = crate::source::stray_control(text) {
        let (line, column) = crate::source::position(&text[..at]);
        let c = text[at..].chars().next().unwrap_or('\0');
        return Err(err(
            line,
            format!(
                "column {column}: a control character ({}), which no font draws: remove it (text copied from a terminal or another program can carry them)",
                crate::source::control_name(c)
            ),
        ));
    }
    // Lines end with LF or CRLF; a lone CR (as old Macs saved text) would make the whole file
    // one line to the parser, and every line number wrong.
    if let Some(at) =
        text.match_indices('\r').map(|(i, _)| i).find(|&i| text.as_bytes().get(i + 1) != Some(&b'\n'))
    {
        return Err(err(
            crate::source::position(&text[..at]).0,
            "a line ends with a lone carriage return (CR, as old Macs saved text): save the file with LF or CRLF line endings".into(),
        ));
    }
    // The front matter sits between two `+++` lines (trailing spaces allowed).
    let is_fence = |line: &str| line.trim_end_matches(['\n', '\r', ' ', '\t']) == "+++";
    let first = text.split_inclusive('\n').next().unwrap_or_default();
    if !is_fence(first) {
        if first.trim_end() == "---" {
            return Err(err(
                1,
                "front matter is TOML between `+++` lines, not YAML between `---` lines: change both to `+++` and write each field as TOML (`title = \"…\"`)".into(),
            ));
        }
        return Err(err(1, "missing front matter: the file must start with a `+++` line".into()));
    }
    let mut offset = first.len();
    let mut close = None;
    for line in text[offset..].split_inclusive('\n') {
        if is_fence(line) {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((close_start, close_end)) = close else {
        return Err(err(1, "front matter is not closed: add a `+++` line after it".into()));
    };
    let front = &text[first.len()..close_start];
    let mut meta: Meta = crate::toml_file::parse_at(path, front, 2, "front matter")?;
    // Printed text: every kind of space (thin, em, no-break, tab…) becomes a plain one.
    meta.title = markdown::normalize_space(&meta.title);
    meta.source = markdown::normalize_space(&meta.source);
    meta.reviewed = markdown::normalize_space(&meta.reviewed);
    for title in meta.topics.values_mut() {
        *title = markdown::normalize_space(title);
    }
    for r in &mut meta.resources {
        r.normalize_space();
    }
    // The front matter parsed, so this second reading of it, for positions only, does too.
    let spans: FrontSpans = toml::from_str(front).unwrap_or_default();
    let front_lines = Lines::new(front, 2);
    let line_of =
        |value: Option<&toml::Spanned<toml::Value>>| value.map_or(2, |v| front_lines.line_of(v.span().start));
    if meta.id.is_empty() || meta.id.contains(['#', '/', ' ']) {
        return Err(err(
            line_of(spans.id.as_ref()),
            format!("id `{}` must be non-empty, without spaces, `/` or `#`", meta.id),
        ));
    }
    if !LANGUAGES.contains(&meta.language.as_str()) {
        return Err(err(
            line_of(spans.language.as_ref()),
            format!("unsupported language `{}`; supported: {}", meta.language, LANGUAGES.join(", ")),
        ));
    }
    if meta.reviewed != "unknown" && !is_date(&meta.reviewed) {
        return Err(err(
            line_of(spans.reviewed.as_ref()),
            format!(
                "reviewed must be a real date YYYY-MM-DD from {} to {} or \"unknown\", not `{}`",
                REVIEW_YEARS.start(),
                REVIEW_YEARS.end(),
                meta.reviewed
            ),
        ));
    }
    // Printed on every handout's first page ("Source: …"): empty, it would read "Source: .".
    for (field, value, span) in
        [("title", &meta.title, &spans.title), ("source", &meta.source, &spans.source)]
    {
        if value.trim().is_empty() {
            return Err(err(
                line_of(span.as_ref()),
                format!("`{field}` is empty: handouts print it; fill it in"),
            ));
        }
    }

    // The body starts after the closing `+++` line.
    let body_start = Lines::new(text, 1).line_of(close_start) + 1;
    let body = &text[close_end..];
    let blocks = markdown::parse(body, body_start).map_err(|e| err(e.line, e.message))?;
    // A heading's slug may be written as the heading reads, accents and all
    // ("señales-de-adicción" for `senales-de-adiccion`).
    meta.sections = std::mem::take(&mut meta.sections).into_iter().map(|(k, v)| (slugify(&k), v)).collect();
    let sections = split_sections(&meta, blocks, body_start).map_err(|(line, msg)| err(line, msg))?;
    if sections.is_empty() {
        return Err(err(
            body_start,
            "the document has no sections: start its text with a `## Heading`".into(),
        ));
    }
    for (slug, topics) in &meta.sections {
        // Only an error needs the entry's line (finding it slugs every key again).
        let line = || line_of(spans.sections.iter().find(|(k, _)| slugify(k) == *slug).map(|(_, v)| v));
        if !sections.iter().any(|s| s.id.split_once('#').is_some_and(|(_, s)| s == slug)) {
            let slugs: Vec<&str> =
                sections.iter().filter_map(|s| s.id.split_once('#')).map(|(_, s)| s).collect();
            return Err(err(
                line(),
                format!(
                    "[sections] names `{slug}`, which is not a heading of this document; headings are: {}",
                    slugs.join(", ")
                ),
            ));
        }
        if let Some(bad) = topics.iter().find(|t| slugify(t) != **t) {
            return Err(err(
                line(),
                format!(
                    "topic `{bad}` must be lowercase words joined by `-`, without accents: `{}`",
                    slugify(bad)
                ),
            ));
        }
    }
    for (topic, title) in &meta.topics {
        let line = line_of(spans.topics.get(topic));
        if !meta.sections.values().any(|ts| ts.contains(topic)) {
            return Err(err(
                line,
                format!("[topics] names `{topic}`, which no section of this document is tagged with"),
            ));
        }
        if title.trim().is_empty() {
            return Err(err(line, format!("the title of topic `{topic}` must not be empty")));
        }
    }
    check_resources(path, front, &meta.resources)?;
    let (path, id_line) = (path.to_path_buf(), line_of(spans.id.as_ref()));
    Ok(Document { meta, sections, path, id_line, bytes: bytes.to_vec() })
}

/// The longest web address a resource may give: what a QR code holds at the error correction
/// handouts print with (version 40, level M, bytes). A longer one would print without its code.
pub const QR_MAX_BYTES: usize = 2331;

/// Every resource needs a way to reach it and no empty field ([`Resource::problem`]).
/// Errors point at the resource's `[[resources]]` line.
fn check_resources(path: &Path, front: &str, resources: &[Resource]) -> Result<()> {
    // The front matter starts on the file's second line, after `+++`.
    let headers: Vec<usize> =
        crate::toml_file::table_lines(front, "resources").into_iter().map(|l| l + 1).collect();
    for (i, r) in resources.iter().enumerate() {
        let Some((field, problem)) = r.problem() else { continue };
        let line = headers.get(i).copied().unwrap_or(1);
        let message = match field {
            Some("name") => "a resource needs a `name`".to_string(),
            Some(field) => format!("resource `{}`: `{field}` {problem}", r.name),
            None => format!("resource `{}` {problem}", r.name),
        };
        return Err(SourceError::new(path, line, message).into());
    }
    Ok(())
}

/// Years a review date may have: "0000-01-01" or "9999-12-31" is a placeholder, not a date.
const REVIEW_YEARS: std::ops::RangeInclusive<u32> = 1900..=2100;

/// Whether `s` is a real calendar date written `YYYY-MM-DD` (not `2024-13-45` or `2023-02-29`).
fn is_date(s: &str) -> bool {
    if s.len() != 10 || !crate::toml_file::starts_like_a_date(s) {
        return false;
    }
    let number = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !REVIEW_YEARS.contains(&year) {
        return false;
    }
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

/// Splits a body into nested sections. Errors are `(line, message)`.
fn split_sections(
    meta: &Meta,
    blocks: Vec<Block>,
    body_start: usize,
) -> Result<Vec<Section>, (usize, String)> {
    if let Some(first) = blocks.first()
        && !matches!(first, Block::Heading { .. })
    {
        return Err((
            body_start,
            "text before the first heading belongs to no section: put a heading above it".into(),
        ));
    }
    let mut sections: Vec<Section> = Vec::new();
    let mut lines: HashMap<String, usize> = HashMap::new();
    let heads: Vec<usize> = blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| matches!(b, Block::Heading { .. }))
        .map(|(i, _)| i)
        .collect();
    let level_of = |i: usize| match &blocks[i] {
        Block::Heading { level, .. } => *level,
        _ => 0,
    };
    // Where each section ends: the next heading of the same or a higher level (found for all
    // headings in one backward pass, so a document with many headings stays linear).
    let mut ends = vec![blocks.len(); heads.len()];
    let mut later: Vec<usize> = Vec::new();
    for (k, &start) in heads.iter().enumerate().rev() {
        while later.last().is_some_and(|&i| level_of(i) > level_of(start)) {
            later.pop();
        }
        if let Some(&i) = later.last() {
            ends[k] = i;
        }
        later.push(start);
    }
    for (k, &start) in heads.iter().enumerate() {
        let Block::Heading { level, text, line } = &blocks[start] else { continue };
        let end = ends[k];
        let own_end = heads.get(k + 1).copied().unwrap_or(blocks.len()).min(end);
        let slug = slugify(text);
        if slug.is_empty() {
            return Err((*line, format!("heading `{text}` has no letters or digits to make an id from")));
        }
        if let Some(first) = lines.insert(slug.clone(), *line) {
            return Err((
                *line,
                format!(
                    "duplicate section id `{}#{slug}` (the heading on line {first} makes the same id: ids leave out accents, case and punctuation)",
                    meta.id
                ),
            ));
        }
        if own_end == start + 1 && end == start + 1 {
            return Err((
                *line,
                format!("section `{text}` is empty: add text under the heading or remove it"),
            ));
        }
        let children = heads[k + 1..heads.partition_point(|&i| i < end)]
            .iter()
            .filter_map(|&i| match &blocks[i] {
                Block::Heading { text, .. } => Some(format!("{}#{}", meta.id, slugify(text))),
                _ => None,
            })
            .collect();
        sections.push(Section {
            id: format!("{}#{slug}", meta.id),
            doc: meta.id.clone(),
            title: meta.title.clone(),
            heading: text.clone(),
            level: *level,
            topics: meta.sections.get(&slug).cloned().unwrap_or_default(),
            language: meta.language.clone(),
            blocks: blocks[start + 1..end].to_vec(),
            own_blocks: own_end - start - 1,
            ord: 0,
            children,
            line: *line,
        });
    }
    Ok(sections)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "+++\nid = \"d\"\ntitle = \"T\"\nlanguage = \"en\"\nsource = \"s\"\nreviewed = \"unknown\"\n[sections]\nb = [\"x\"]\n+++\n## A\n\ntext a\n\n### B\n\ntext b\n\n## C\n\ntext c\n";

    #[test]
    fn sections_nest_and_take_tags() {
        let doc = parse_document(Path::new("d.md"), DOC.as_bytes()).unwrap();
        let ids: Vec<_> = doc.sections.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(ids, ["d#a", "d#b", "d#c"]);
        assert_eq!(doc.sections[0].blocks.len(), 3);
        assert_eq!(doc.sections[0].own_blocks, 1);
        assert_eq!(doc.sections[0].children, ["d#b"]);
        assert_eq!(doc.sections[1].topics, ["x"]);
    }

    #[test]
    fn resources_are_listed_once_in_corpus_order() {
        // Each resource is (name, phone).
        let with = |id: &str, services: &[(&str, &str)]| {
            let mut text = DOC.replace("id = \"d\"", &format!("id = \"{id}\""));
            let blocks: String = services
                .iter()
                .map(|(n, phone)| format!("[[resources]]\nname = \"{n}\"\nphone = \"{phone}\"\n"))
                .collect();
            text = text.replacen("+++\n## A", &format!("{blocks}+++\n## A"), 1);
            parse_document(Path::new("d.md"), text.as_bytes()).unwrap()
        };
        let mut corpus = Corpus {
            documents: vec![
                with("one", &[("Line", "555-0101"), ("Site", "555-0102")]),
                with("two", &[("Line", "555-0101"), ("Clinic", "555-0103")]),
            ],
            dir: PathBuf::new(),
            fingerprint: String::new(),
        };
        let names = |c: &Corpus| c.resources().iter().map(|r| r.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&corpus), ["Line", "Site", "Clinic"]);
        // A document in another language names the same line in its words: the same number is
        // the same service, offered once; a number of its own is another service.
        corpus.documents.push(with("tres", &[("Línea", "555-0101"), ("Sitio", "555-0104")]));
        assert_eq!(names(&corpus), ["Line", "Site", "Clinic", "Sitio"]);
    }

    #[test]
    fn the_front_matter_fences_say_what_is_wrong_with_them() {
        let parse = |text: &str| parse_document(Path::new("d.md"), text.as_bytes());
        let err = |text: &str| parse(text).unwrap_err().to_string();
        // Spaces after a fence are not seen in an editor: they are allowed.
        let spaced = DOC.replacen("+++\n", "+++  \n", 1).replace("+++\n## A", "+++\t\n## A");
        assert_eq!(parse(&spaced).unwrap().sections.len(), 3);
        // YAML's fences are named as such.
        let yaml = DOC.replace("+++", "---");
        assert!(
            err(&yaml).starts_with("d.md:1: front matter is TOML between `+++` lines, not YAML"),
            "{}",
            err(&yaml)
        );
        // An empty front matter is missing its fields, not unclosed.
        let e = err("+++\n+++\n## A\n\ntext\n");
        assert!(e.contains("missing field `id`"), "{e}");
        // Lines ended by a lone CR: said, at the first.
        let e = err(&DOC.replace("\n", "\r"));
        assert!(e.starts_with("d.md:1: a line ends with a lone carriage return"), "{e}");
        let e = err(&DOC.replacen("text b\n\n", "text b\r\r", 1));
        assert!(e.starts_with("d.md:16: a line ends with a lone carriage return"), "{e}");
        // The body's lines are numbered as before: its first heading is line 10.
        let e = err(&DOC.replace("## C", "## A"));
        assert!(e.starts_with("d.md:18:"), "{e}");
    }

    #[test]
    fn errors_name_the_line() {
        let err_of = |bytes: &[u8]| parse_document(Path::new("d.md"), bytes).unwrap_err().to_string();
        let bad = DOC.replace("## C", "## A");
        let err = err_of(bad.as_bytes());
        assert!(err.starts_with("d.md:18: duplicate section id"), "{err}");
        // Headings that differ only in accents make one id, and the message says why.
        let bad = DOC.replace("## C", "## Á");
        let err = err_of(bad.as_bytes());
        assert!(err.contains("makes the same id: ids leave out accents"), "{err}");
        // What a handout prints on its first page may not be empty, nor a placeholder date.
        let bad = DOC.replace("source = \"s\"", "source = \" \"");
        let err = err_of(bad.as_bytes());
        assert!(err.starts_with("d.md:5: `source` is empty"), "{err}");
        for date in ["0000-01-01", "9999-12-31"] {
            let bad = DOC.replace("reviewed = \"unknown\"", &format!("reviewed = \"{date}\""));
            let err = err_of(bad.as_bytes());
            assert!(
                err.starts_with("d.md:6: reviewed must be a real date YYYY-MM-DD from 1900 to 2100"),
                "{err}"
            );
        }
        let bad = DOC.replace("reviewed = \"unknown\"", "reviewd = 1");
        let err = err_of(bad.as_bytes());
        assert!(err.starts_with("d.md:6: bad front matter"), "{err}");
        let mut bytes = DOC.as_bytes().to_vec();
        bytes.insert(DOC.find("text c").unwrap(), 0xff);
        let err = err_of(&bytes);
        assert!(err.starts_with("d.md:20: the file is not UTF-8 text"), "{err}");
        // A terminal's colour code would print as a stray "[31m"; a C1 control as nothing.
        for (control, name) in [("\u{1b}[31m", "U+001B, escape"), ("\u{85}", "U+0085")] {
            let bad = DOC.replace("text b", &format!("text {control}b"));
            let err = err_of(bad.as_bytes());
            assert!(err.starts_with(&format!("d.md:16: column 6: a control character ({name})")), "{err}");
        }
        // Tabs and Windows line ends are text.
        assert!(
            parse_document(
                Path::new("d.md"),
                DOC.replace("text b", "text\tb").replace('\n', "\r\n").as_bytes()
            )
            .is_ok()
        );
        let bad = DOC.replace("language = \"en\"", "language = \"fr\"");
        let err = err_of(bad.as_bytes());
        assert!(err.starts_with("d.md:4: unsupported language `fr`"), "{err}");
        let bad = DOC.replace("b = [\"x\"]", "b = [\"Not A Slug\"]");
        let err = err_of(bad.as_bytes());
        assert!(err.starts_with("d.md:8: topic `Not A Slug`"), "{err}");
    }

    #[test]
    fn duplicate_document_id_names_the_line_of_the_id() {
        // Regression: the error always said line 2, wherever `id` stood.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), DOC).unwrap();
        let moved = DOC
            .replace("id = \"d\"\n", "")
            .replace("reviewed = \"unknown\"\n", "reviewed = \"unknown\"\nid = \"d\"\n");
        std::fs::write(dir.path().join("b.md"), moved).unwrap();
        let err = Corpus::load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("b.md:6: duplicate document id `d`"), "{err}");
    }

    #[test]
    fn a_document_named_in_upper_case_is_read() {
        // `Notes.MD` was skipped without a word: its sections were in no search or handout.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("Notes.MD"), DOC).unwrap();
        std::fs::write(dir.path().join("notes.md.bak"), "not a document").unwrap();
        let corpus = Corpus::load(dir.path()).unwrap();
        assert_eq!(corpus.documents.len(), 1);
        assert_eq!(corpus_files(dir.path()).unwrap().len(), 1, "the backup is not a corpus file");
    }

    #[cfg(unix)]
    #[test]
    fn a_document_whose_name_is_not_utf8_is_read() {
        use std::os::unix::ffi::OsStrExt;
        // A Latin-1 name from an old archive: skipped without a word before.
        let dir = tempfile::tempdir().unwrap();
        let name = std::ffi::OsStr::from_bytes(b"Sa\xf1a.md");
        std::fs::write(dir.path().join(name), DOC).unwrap();
        let corpus = Corpus::load(dir.path()).unwrap();
        assert_eq!(corpus.documents.len(), 1);
        assert!(file_stats(dir.path()).unwrap().starts_with("Sa\u{fffd}a.md\t"), "the index sees it too");
    }

    #[test]
    fn a_resource_without_a_way_to_reach_it_is_an_error_at_its_line() {
        let with = |extra: &str| DOC.replace("[sections]", &format!("{extra}\n[sections]"));
        let ok = with("[[resources]]\nname = \"R\"\nphone = \"555\"\n");
        let doc = parse_document(Path::new("d.md"), ok.as_bytes()).unwrap();
        assert_eq!(doc.meta.resources[0].phone.as_deref(), Some("555"));
        let bad = with(
            "[[resources]]\nname = \"R\"\nurl = \"https://r.example\"\n[[resources]]\nname = \"Q\"\ndescription = \"d\"\n",
        );
        let err = parse_document(Path::new("d.md"), bad.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with("d.md:10: resource `Q` has no way to reach it"), "{err}");
        let bad = with("[[resources]]\nname = \"R\"\nurl = \"findtreatment.gov\"\n");
        let err = parse_document(Path::new("d.md"), bad.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with("d.md:7: resource `R`: `url` must be a web address"), "{err}");
        // A phone with no number would print as one nobody can call.
        let bad = with("[[resources]]\nname = \"R\"\nphone = \"call the front desk\"\n");
        let err = parse_document(Path::new("d.md"), bad.as_bytes()).unwrap_err().to_string();
        assert!(
            err.starts_with("d.md:7: resource `R`: `phone` `call the front desk` has no number"),
            "{err}"
        );
        // An address no QR code holds, and a description left empty, would print wrong.
        let long = format!("https://r.example/{}", "a".repeat(QR_MAX_BYTES));
        let bad = with(&format!("[[resources]]\nname = \"R\"\nurl = \"{long}\"\n"));
        let err = parse_document(Path::new("d.md"), bad.as_bytes()).unwrap_err().to_string();
        assert!(
            err.starts_with(
                "d.md:7: resource `R`: `url` is 2349 bytes long (UTF-8), more than a QR code holds"
            ),
            "{err}"
        );
        let bad = with("[[resources]]\nname = \"R\"\nphone = \"555\"\ndescription = \" \"\n");
        let err = parse_document(Path::new("d.md"), bad.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with("d.md:7: resource `R`: `description` is empty"), "{err}");
        let short = with("[[resources]]\nname = \"Crisis line\"\nphone = \"988\"\n");
        assert!(
            parse_document(Path::new("d.md"), short.as_bytes()).is_ok(),
            "a three-digit line is a number"
        );
    }

    #[test]
    fn topic_titles_must_name_a_tagged_topic() {
        let ok = format!(
            "{}[topics]\nx = \"The X topic\"\n+++{}",
            &DOC[..DOC.find("+++\n##").unwrap()],
            &DOC[DOC.find("\n##").unwrap()..]
        );
        let doc = parse_document(Path::new("d.md"), ok.as_bytes()).unwrap();
        assert_eq!(doc.meta.topics["x"], "The X topic");
        // A tab (or any other space) in a title is a plain space on paper: the font has no tab.
        let tabbed = ok.replace("The X topic", "The X\\t\u{2009}topic");
        let doc = parse_document(Path::new("d.md"), tabbed.as_bytes()).unwrap();
        assert_eq!(doc.meta.topics["x"], "The X topic");
        let bad = ok.replace("x = \"The X", "y = \"The X");
        let err = parse_document(Path::new("d.md"), bad.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with("d.md:10: [topics] names `y`"), "{err}");
    }

    #[test]
    fn impossible_review_dates_are_errors_with_the_line() {
        for bad in ["2024-13-45", "2023-02-29", "2024-04-31", "2024-00-10", "2024-01-00"] {
            let doc = DOC.replace("reviewed = \"unknown\"", &format!("reviewed = \"{bad}\""));
            let err = parse_document(Path::new("d.md"), doc.as_bytes()).unwrap_err().to_string();
            assert!(err.starts_with("d.md:6: reviewed must be"), "{bad}: {err}");
        }
        for good in ["2024-02-29", "2000-02-29", "2025-12-31"] {
            let doc = DOC.replace("reviewed = \"unknown\"", &format!("reviewed = \"{good}\""));
            parse_document(Path::new("d.md"), doc.as_bytes()).unwrap();
        }
    }

    #[test]
    fn unknown_section_lists_a_few_close_ids_and_the_count() {
        let ids: Vec<String> = (0..1000).map(|i| format!("doc{i}#part-{i}")).collect();
        let err = unknown_section("doc7#prat-7", ids.iter().map(String::as_str)).to_string();
        assert!(err.contains("of the 1000 sections"), "{err}");
        assert!(err.contains("doc7#part-7"), "{err}");
        assert_eq!(err.lines().count(), 2 + CLOSE_MATCHES, "{err}");
    }

    #[test]
    fn an_unknown_section_is_told_of_the_ids_holding_its_words() {
        let ids = ["a#detox", "a#withdrawal", "a#effects-and-side-effects", "a#what-is-kratom"];
        let err = unknown_section("a#side-effects", ids.into_iter()).to_string();
        let first = err.lines().nth(1).unwrap_or_default().trim();
        assert_eq!(first, "a#effects-and-side-effects", "{err}");
        // A slip of a letter, the document named or not, is told of the id it misses alone:
        // not of every id that shares the document's name.
        for typed in ["a#detx", "detx", "a#withdrawl"] {
            let err = unknown_section(typed, ids.into_iter()).to_string();
            assert_eq!(err.lines().count(), 3, "{err}");
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Dependence vs. addiction"), "dependence-vs-addiction");
        // Accents are left off, so an id is typed on any keyboard.
        assert_eq!(slugify("¿Qué es el kratom?"), "que-es-el-kratom");
        assert_eq!(slugify("Señales de adicción"), "senales-de-adiccion");
    }
}
