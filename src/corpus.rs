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

use crate::markdown::{self, Block};

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

/// Files that make up a corpus, in a stable order: `*.md` plus `synonyms.toml` if present.
pub fn corpus_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries =
        fs::read_dir(dir).with_context(|| format!("cannot read the corpus folder `{}`", dir.display()))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.with_context(|| format!("cannot list `{}`", dir.display()))?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.extension().is_some_and(|e| e == "md") || name == "synonyms.toml" {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Name, size and modification time (ns since the epoch) of every corpus file, one
/// `name\tsize\tmtime` line each: a cheap stand-in for [`fingerprint`] while nothing changed.
pub fn file_stats(dir: &Path) -> Result<String> {
    let mut out = String::new();
    let mut entries: Vec<(String, fs::DirEntry)> = fs::read_dir(dir)
        .with_context(|| format!("cannot read the corpus folder `{}`", dir.display()))?
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), e))
        .filter(|(name, _)| name.ends_with(".md") || name == "synonyms.toml")
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
        out.push_str(&format!("{name}\t{}\t{mtime}\n", meta.len()));
    }
    Ok(out)
}

/// A short hash of every corpus file's name and bytes; changes whenever the corpus does.
pub fn fingerprint(dir: &Path) -> Result<String> {
    let files = corpus_files(dir)?
        .into_iter()
        .map(|path| {
            let bytes = fs::read(&path).with_context(|| format!("cannot read `{}`", path.display()))?;
            Ok((path, bytes))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(hash_files(&files))
}

/// The fingerprint of files already read, in [`corpus_files`] order.
fn hash_files(files: &[(PathBuf, Vec<u8>)]) -> String {
    let mut hasher = blake3::Hasher::new();
    for (path, bytes) in files {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        hasher.update(name.as_bytes());
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    }
    hasher.finalize().to_hex()[..16].to_string()
}

impl Corpus {
    /// Loads and validates every `*.md` file of `dir`, parsing files in parallel.
    pub fn load(dir: &Path) -> Result<Corpus> {
        // Each file is read once, both to parse and to fingerprint the corpus version.
        let files = corpus_files(dir)?
            .par_iter()
            .map(|path| {
                let bytes = fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
                Ok((path.clone(), bytes))
            })
            .collect::<Result<Vec<_>>>()?;
        let markdown: Vec<&(PathBuf, Vec<u8>)> =
            files.iter().filter(|(p, _)| p.extension().is_some_and(|e| e == "md")).collect();
        if markdown.is_empty() {
            bail!("no documents in `{}`: add markdown files (*.md) with front matter", dir.display());
        }
        let documents = markdown
            .par_iter()
            .map(|(path, bytes)| parse_document(path, bytes))
            .collect::<Result<Vec<_>>>()?;
        let mut seen: HashMap<&str, &Path> = HashMap::new();
        for doc in &documents {
            if let Some(first) = seen.insert(&doc.meta.id, &doc.path) {
                bail!(
                    "{}:2: duplicate document id `{}` (also used by `{}`)",
                    doc.path.display(),
                    doc.meta.id,
                    first.display()
                );
            }
        }
        let mut corpus = Corpus { documents, dir: dir.to_path_buf(), fingerprint: hash_files(&files) };
        let mut ord = 0;
        for doc in &mut corpus.documents {
            for s in &mut doc.sections {
                s.ord = ord;
                ord += 1;
            }
        }
        Ok(corpus)
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

    /// The section with this id, or an error listing some that exist.
    pub fn require_section(&self, id: &str) -> Result<&Section> {
        self.section(id).ok_or_else(|| {
            let ids: Vec<&str> = self.sections().map(|s| s.id.as_str()).collect();
            anyhow!("unknown section `{id}`; sections are:\n  {}", ids.join("\n  "))
        })
    }

    /// The display title of a topic (from the first document that gives one).
    pub fn topic_title(&self, topic: &str) -> Option<&str> {
        self.documents.iter().find_map(|d| d.meta.topics.get(topic)).map(String::as_str)
    }

    /// Ids of a topic's sections, or an error listing the topics that exist.
    pub fn require_topic(&self, topic: &str) -> Result<Vec<String>> {
        let topics = self.topics();
        topics.get(topic).cloned().ok_or_else(|| {
            let names: Vec<&str> = topics.keys().map(String::as_str).collect();
            anyhow!("unknown topic `{topic}`; topics are: {}", names.join(", "))
        })
    }
}

/// Turns heading text into a URL-friendly slug: lowercase letters and digits joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
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

/// 1-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    1 + text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count()
}

/// Parses one document file. `path` is only used in error messages.
pub fn parse_document(path: &Path, bytes: &[u8]) -> Result<Document> {
    let p = path.display();
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = 1 + bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
        anyhow!("{p}:{line}: the file is not valid UTF-8 (byte {}); save it as UTF-8", e.valid_up_to())
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")) else {
        bail!("{p}:1: missing front matter: the file must start with a `+++` line");
    };
    let Some(end) = rest.find("\n+++").filter(|&i| {
        let after = &rest[i + 4..];
        after.is_empty() || after.starts_with('\n') || after.starts_with("\r\n")
    }) else {
        bail!("{p}:1: front matter is not closed: add a `+++` line after it");
    };
    let front = &rest[..end + 1];
    let meta: Meta = crate::toml_file::parse_at(path, front, 2, "front matter")?;
    let front_line = |key: &str| {
        front
            .lines()
            .position(|l| l.trim_start().trim_start_matches('"').starts_with(key))
            .map(|i| i + 2)
            .unwrap_or(1)
    };
    if meta.id.is_empty() || meta.id.contains(['#', '/', ' ']) {
        bail!("{p}:{}: id `{}` must be non-empty, without spaces, `/` or `#`", front_line("id"), meta.id);
    }
    if !LANGUAGES.contains(&meta.language.as_str()) {
        bail!(
            "{p}:{}: unsupported language `{}`; supported: {}",
            front_line("language"),
            meta.language,
            LANGUAGES.join(", ")
        );
    }
    if meta.reviewed != "unknown" && !is_date(&meta.reviewed) {
        bail!(
            "{p}:{}: reviewed must be YYYY-MM-DD or \"unknown\", not `{}`",
            front_line("reviewed"),
            meta.reviewed
        );
    }

    let body_start = 1 + line_at(text, 4 + end + 4);
    let body = rest[end + 4..].trim_start_matches(['\r']).strip_prefix('\n').unwrap_or(&rest[end + 4..]);
    let blocks = markdown::parse(body, body_start).map_err(|e| anyhow!("{p}:{}: {}", e.line, e.message))?;
    let sections = split_sections(&meta, blocks).map_err(|(line, msg)| anyhow!("{p}:{line}: {msg}"))?;
    if sections.is_empty() {
        bail!("{p}:{body_start}: the document has no sections: start its text with a `## Heading`");
    }
    for (slug, topics) in &meta.sections {
        if !sections.iter().any(|s| s.id.split_once('#').is_some_and(|(_, s)| s == slug)) {
            let slugs: Vec<&str> =
                sections.iter().filter_map(|s| s.id.split_once('#')).map(|(_, s)| s).collect();
            bail!(
                "{p}:{}: [sections] names `{slug}`, which is not a heading of this document; headings are: {}",
                front_line(slug),
                slugs.join(", ")
            );
        }
        if let Some(bad) = topics.iter().find(|t| slugify(t) != **t) {
            bail!("{p}:{}: topic `{bad}` must be lowercase words joined by `-`", front_line(slug));
        }
    }
    // Line of `key` inside the `[topics]` table.
    let topic_line = |key: &str| {
        let lines: Vec<&str> = front.lines().collect();
        let table = lines.iter().position(|l| l.trim() == "[topics]").unwrap_or(0);
        lines[table..]
            .iter()
            .position(|l| l.trim_start().trim_start_matches('"').starts_with(key))
            .map(|i| table + i + 2)
            .unwrap_or(table + 2)
    };
    for (topic, title) in &meta.topics {
        if !meta.sections.values().any(|ts| ts.contains(topic)) {
            bail!(
                "{p}:{}: [topics] names `{topic}`, which no section of this document is tagged with",
                topic_line(topic)
            );
        }
        if title.trim().is_empty() {
            bail!("{p}:{}: the title of topic `{topic}` must not be empty", topic_line(topic));
        }
    }
    check_resources(path, front, &meta.resources)?;
    Ok(Document { meta, sections, path: path.to_path_buf() })
}

/// Every resource needs a way to reach it: a web address (http/https) and/or a phone number.
/// Errors point at the resource's `[[resources]]` line.
fn check_resources(path: &Path, front: &str, resources: &[Resource]) -> Result<()> {
    let p = path.display();
    let headers: Vec<usize> =
        front.lines().enumerate().filter(|(_, l)| l.trim() == "[[resources]]").map(|(i, _)| i + 2).collect();
    for (i, r) in resources.iter().enumerate() {
        let line = headers.get(i).copied().unwrap_or(1);
        if r.name.trim().is_empty() {
            bail!("{p}:{line}: a resource needs a `name`");
        }
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
        if blank(&r.url) && blank(&r.phone) {
            bail!(
                "{p}:{line}: resource `{}` has no way to reach it: add `url = \"https://…\"` and/or `phone = \"…\"`",
                r.name
            );
        }
        if let Some(url) = &r.url
            && (!(url.starts_with("https://") || url.starts_with("http://"))
                || url.contains(char::is_whitespace))
        {
            bail!(
                "{p}:{line}: resource `{}`: `url` must be a web address starting with https:// or http://, not `{url}`",
                r.name
            );
        }
    }
    Ok(())
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Splits a body into nested sections. Errors are `(line, message)`.
fn split_sections(meta: &Meta, blocks: Vec<Block>) -> Result<Vec<Section>, (usize, String)> {
    if let Some(first) = blocks.first()
        && !matches!(first, Block::Heading { .. })
    {
        return Err((
            1,
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
    for &start in &heads {
        let Block::Heading { level, text, line } = &blocks[start] else { continue };
        let end = heads
            .iter()
            .find(|&&i| i > start && matches!(&blocks[i], Block::Heading { level: l, .. } if l <= level))
            .copied()
            .unwrap_or(blocks.len());
        let own_end = heads.iter().find(|&&i| i > start).copied().unwrap_or(blocks.len()).min(end);
        let slug = slugify(text);
        if slug.is_empty() {
            return Err((*line, format!("heading `{text}` has no letters or digits to make an id from")));
        }
        if let Some(first) = lines.insert(slug.clone(), *line) {
            return Err((
                *line,
                format!(
                    "duplicate section id `{}#{slug}` (heading on line {first} has the same text)",
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
        let children = heads
            .iter()
            .filter(|&&i| i > start && i < end)
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
    fn errors_name_the_line() {
        let bad = DOC.replace("## C", "## A");
        let err = parse_document(Path::new("d.md"), bad.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with("d.md:18: duplicate section id"), "{err}");
        let bad = DOC.replace("reviewed = \"unknown\"", "reviewd = 1");
        let err = parse_document(Path::new("d.md"), bad.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with("d.md:6: bad front matter"), "{err}");
        let mut bytes = DOC.as_bytes().to_vec();
        bytes.insert(DOC.find("text c").unwrap(), 0xff);
        let err = parse_document(Path::new("d.md"), &bytes).unwrap_err().to_string();
        assert!(err.starts_with("d.md:20: the file is not valid UTF-8"), "{err}");
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
        let bad = ok.replace("x = \"The X", "y = \"The X");
        let err = parse_document(Path::new("d.md"), bad.as_bytes()).unwrap_err().to_string();
        assert!(err.starts_with("d.md:10: [topics] names `y`"), "{err}");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Dependence vs. addiction"), "dependence-vs-addiction");
        assert_eq!(slugify("¿Qué es el kratom?"), "qué-es-el-kratom");
    }
}
