//! The Tantivy index of corpus sections: schema, building, freshness and atomic swap.
//!
//! Layout of an index folder (default `output/index`):
//!
//! ```text
//! CURRENT            name of the live generation (replaced atomically)
//! gen-<id>/          tantivy files + `vocab.tsv`, `synonyms.toml` and the table as parsed
//!                    (`synonyms.tsv`), `fingerprint`, `corpus-folder` (the corpus it was
//!                    built from, the only one it answers for while that has a mistake in
//!                    it), and `checksums` (of the files beside Tantivy's, which carry their own)
//! index.lock         held by whoever rebuilds (see [`crate::search::lockfile`])
//! ```
//!
//! A rebuild writes a new generation beside the live one and then swaps `CURRENT`, so a crash
//! at any point leaves the previous index usable. [`open`] compares the stored fingerprint
//! with the corpus and rebuilds when they differ, so nobody searches a stale index. Rebuilds
//! are serialized by the lock; readers take no lock and open generations read-only
//! ([`crate::search::generation_dir`]).
//!
//! This is the only file that names schema fields.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use tantivy::collector::{DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, TermQuery};
use tantivy::schema::Value;
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::corpus::{self, Corpus, LANGUAGES};
use crate::output;
use crate::search::analysis::{self, RAW};
use crate::search::generation_dir::GenerationDir;
use crate::search::lockfile::DirLock;
use crate::search::synonyms::{self, Synonyms};
use crate::search::vocab::Vocab;

/// Bump when the schema or analysis changes: old indexes are then rebuilt.
const SCHEMA_VERSION: &str = "8";

/// Handles to every schema field.
#[derive(Clone, Debug)]
pub struct Fields {
    /// Section id (`doc#slug`), exact.
    pub id: Field,
    /// Document id, exact.
    pub doc: Field,
    /// Document title, stored for display.
    pub title: Field,
    /// Section heading, stored for display.
    pub heading: Field,
    /// Full plain text of the section, stored for display and snippets.
    pub text: Field,
    /// Where the section's own text ends in `text` (before its subsections), a byte offset.
    pub own_end: Field,
    /// Topic tags, exact and stored.
    pub topics: Field,
    /// Topic tags as facets (`/detox`) for per-query counts.
    pub topic_facet: Field,
    /// Document language code.
    pub language: Field,
    /// Position in corpus order.
    pub ord: Field,
    /// Per language: (title, heading, body) analyzed with that language's stemmer.
    pub stemmed: BTreeMap<&'static str, [Field; 3]>,
    /// Heading and body, unstemmed, for exact word and phrase fallback.
    pub raw: Field,
}

/// Builds the schema and its field handles.
pub fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let analyzed = |name: &str, positions: bool| {
        let option =
            if positions { IndexRecordOption::WithFreqsAndPositions } else { IndexRecordOption::WithFreqs };
        TextOptions::default()
            .set_indexing_options(TextFieldIndexing::default().set_tokenizer(name).set_index_option(option))
    };
    let id = b.add_text_field("id", STRING | STORED);
    let doc = b.add_text_field("doc", STRING | STORED);
    let title = b.add_text_field("title", STORED);
    let heading = b.add_text_field("heading", STORED);
    let text = b.add_text_field("text", STORED);
    let own_end = b.add_u64_field("own_end", STORED);
    let topics = b.add_text_field("topics", STRING | STORED);
    let topic_facet = b.add_facet_field("topic_facet", FacetOptions::default());
    let language = b.add_text_field("language", STRING | STORED);
    let ord = b.add_u64_field("ord", INDEXED | STORED | FAST);
    let mut stemmed = BTreeMap::new();
    for &lang in LANGUAGES {
        let name = analysis::stem_analyzer_name(lang);
        let fields = [
            b.add_text_field(&format!("title_{lang}"), analyzed(name, false)),
            b.add_text_field(&format!("heading_{lang}"), analyzed(name, true)),
            b.add_text_field(&format!("body_{lang}"), analyzed(name, true)),
        ];
        stemmed.insert(lang, fields);
    }
    let raw = b.add_text_field("raw", analyzed(RAW, true));
    let fields =
        Fields { id, doc, title, heading, text, own_end, topics, topic_facet, language, ord, stemmed, raw };
    (b.build(), fields)
}

/// An open, fresh index.
pub struct SearchIndex {
    /// The tantivy index.
    pub index: Index,
    /// One reader for the index's life; take a `searcher()` per query.
    pub reader: IndexReader,
    /// Field handles.
    pub fields: Fields,
    /// Folder of the live generation.
    pub dir: PathBuf,
    /// Unstemmed words of the corpus with their document frequencies, sorted by word.
    pub vocab: Vocab,
    /// The corpus's lay → clinical synonym table, as of the build.
    pub synonyms: Synonyms,
}

/// A section as the index stores it: what every reader of the index (search, `show`, the
/// web pages) starts from.
#[derive(Clone, Debug, Default)]
pub struct SectionRecord {
    /// Section id (`doc#slug`).
    pub id: String,
    /// Document id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Section heading.
    pub heading: String,
    /// Topic tags.
    pub topics: Vec<String>,
    /// The section's full plain text.
    pub text: String,
    /// Where its own text ends in `text`, before its subsections (a byte offset).
    pub own_end: usize,
    /// Document language code.
    pub language: String,
    /// Position in corpus order.
    pub ord: u64,
}

/// What [`open`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Freshness {
    /// The stored index matched the corpus.
    Fresh,
    /// The index was (re)built.
    Rebuilt,
    /// The corpus changed but the index could not be rebuilt (a read-only folder); it is the
    /// index of the last build. A warning said why.
    Stale,
}

fn expected_fingerprint(corpus_dir: &Path) -> Result<String> {
    Ok(index_fingerprint(&corpus::fingerprint(corpus_dir)?))
}

/// The fingerprint an index of a corpus with this fingerprint is stored under: the schema
/// version too, so a new schema rebuilds.
fn index_fingerprint(corpus: &str) -> String {
    format!("v{SCHEMA_VERSION}-{corpus}")
}

/// File of the BLAKE3 hashes of the files outreach writes beside Tantivy's in a generation
/// (Tantivy's carry their own checksums): damage to the vocabulary or the synonym table
/// would otherwise only show as worse answers.
const CHECKSUMS: &str = "checksums";

/// The synonym table as the build parsed it ([`Synonyms::to_tsv`]), read back at open
/// without TOML or text analysis.
const SYNONYMS_TSV: &str = "synonyms.tsv";

/// The `checksums` line of file `name` with contents `bytes` (`None`: not written).
fn checksum_line(name: &str, bytes: Option<&[u8]>) -> String {
    let hash = bytes.map_or_else(|| "absent".to_string(), |b| blake3::hash(b).to_hex().to_string());
    format!("{name} {hash}\n")
}

/// An index generation whose files do not match their checksums.
#[derive(Debug)]
pub struct Damaged {
    /// The generation's folder.
    pub dir: PathBuf,
    /// The damaged files' names.
    pub files: Vec<String>,
}

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let index = self.dir.parent().unwrap_or(&self.dir);
        write!(
            f,
            "the index in `{}` is damaged ({} failed its checksum)",
            index.display(),
            self.files.join(", ")
        )
    }
}

impl std::error::Error for Damaged {}

/// Opens a generation for [`open_if_fresh`]: `None` when it cannot be, saying so (with `say`)
/// when it is damaged (the caller rebuilds it).
fn open_generation_or_rebuild(dir: &Path, say: bool) -> Option<SearchIndex> {
    match open_generation(dir) {
        Ok(index) => Some(index),
        Err(e) => {
            if let Some(d) = e.downcast_ref::<Damaged>()
                && say
            {
                tracing::warn!("{d}: rebuilding it from the corpus");
            }
            None
        }
    }
}

/// Folder of a generation holding a copy of the corpus files it was built from.
const KEPT_CORPUS: &str = "corpus";

/// The corpus as the index's last build read it, and that index: what `serve` answers from
/// while a document in the corpus folder has a mistake. `None` when there is no build, or its
/// build kept no copy of the corpus (an index written before copies were kept).
pub fn last_build(index_dir: &Path) -> Result<Option<(Corpus, SearchIndex)>> {
    let Some(dir) = live_generation(index_dir) else { return Ok(None) };
    let kept = dir.join(KEPT_CORPUS);
    if !kept.is_dir() {
        return Ok(None);
    }
    let corpus = Corpus::load(&kept)?;
    let stored = fs::read_to_string(dir.join("fingerprint"))
        .with_context(|| format!("cannot read the index's fingerprint in `{}`", dir.display()))?;
    if index_fingerprint(&corpus.fingerprint) != stored.trim() {
        anyhow::bail!(
            "the copy of the corpus kept in `{}` is not the one its index was built from",
            kept.display()
        );
    }
    Ok(Some((corpus, open_generation(&dir)?)))
}

fn live_generation(index_dir: &Path) -> Option<PathBuf> {
    let name = fs::read_to_string(index_dir.join("CURRENT")).ok()?;
    let dir = index_dir.join(name.trim());
    dir.is_dir().then_some(dir)
}

/// File holding the folder (canonical path) of the corpus a generation was built from.
const CORPUS_FOLDER: &str = "corpus-folder";

/// The live generation, to answer for `corpus_dir` while it cannot be indexed: only when it
/// was built from that folder (or from one it cannot tell, built before the folder was
/// recorded). Another corpus's index answering `--corpus mine` would pass its sections off as
/// that corpus's.
fn last_build_of(index_dir: &Path, corpus_dir: &Path) -> Option<PathBuf> {
    let dir = live_generation(index_dir)?;
    let recorded = fs::read_to_string(dir.join(CORPUS_FOLDER)).ok();
    match (recorded, fs::canonicalize(corpus_dir)) {
        (Some(built_from), Ok(ours)) if built_from.trim_end_matches('\n') != ours.to_string_lossy() => None,
        _ => Some(dir),
    }
}

/// File holding the corpus file stats a generation was checked against.
const STATS: &str = "stats.tsv";
/// Files changed this close to the moment their stats were taken are hashed again: a change
/// within the file system's timestamp granularity would not show in the stats.
const RACY_NS: u128 = 2_000_000_000;
/// Prefix of the folder a rebuild writes before it becomes a generation.
const STAGING_PREFIX: &str = ".building-";

fn now_ns() -> u128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos())
}

/// Whether `stats` (taken now) equal the ones recorded in `dir`, with every file older than
/// the recording by a safe margin.
///
/// The schema version is recorded with the stats: a binary with another schema does not take
/// an index as fresh because the corpus files did not change (it checks the fingerprint, which
/// holds the version, and rebuilds).
fn stats_unchanged(dir: &Path, stats: &str) -> bool {
    let Ok(recorded) = fs::read_to_string(dir.join(STATS)) else { return false };
    let Some((first, files)) = recorded.split_once('\n') else { return false };
    let Some((taken, schema)) = first.strip_prefix("taken\t").and_then(|t| t.split_once("\tschema\t")) else {
        return false;
    };
    let Ok(taken) = taken.parse::<u128>() else { return false };
    schema == SCHEMA_VERSION && files == stats && corpus::stats_times(stats).all(|t| t + RACY_NS < taken)
}

fn record_stats(dir: &Path, stats: &str, taken: u128) -> Result<()> {
    output::write_atomic(
        &dir.join(STATS),
        format!("taken\t{taken}\tschema\t{SCHEMA_VERSION}\n{stats}").as_bytes(),
    )
}

/// The live generation if it is fresh for the corpus, opened. `None` when it is missing,
/// stale, or could not be opened (a concurrent rebuild may just have removed it, or it is
/// damaged: said when `say`).
fn open_if_fresh(
    corpus_dir: &Path,
    index_dir: &Path,
    stats: &str,
    taken: u128,
    say: bool,
) -> Result<Option<SearchIndex>> {
    let Some(dir) = live_generation(index_dir) else { return Ok(None) };
    if stats_unchanged(&dir, stats) {
        return Ok(open_generation_or_rebuild(&dir, say));
    }
    // A file that cannot be read makes the index not fresh: building says what is wrong (and
    // the last build answers meanwhile).
    let Ok(expected) = expected_fingerprint(corpus_dir) else { return Ok(None) };
    if fs::read_to_string(dir.join("fingerprint")).ok().as_deref() != Some(expected.as_str()) {
        return Ok(None);
    }
    let Some(index) = open_generation_or_rebuild(&dir, say) else { return Ok(None) };
    // Same bytes, new stats (a file was touched or copied): remember them, if the index is
    // writable and nobody is rebuilding it right now. Otherwise it just hashes again next time.
    if let Some(_lock) = DirLock::try_acquire(index_dir) {
        record_stats(&dir, stats, taken).ok();
    }
    Ok(Some(index))
}

/// Opens the index for `corpus_dir` in `index_dir`, rebuilding it first if it is missing or
/// stale (or when `force` is set). Freshness is decided by a hash of the corpus files' bytes;
/// while their names, sizes, inodes and change times are what they were at the last check,
/// the hash is not recomputed (a large corpus would pay for it on every command).
///
/// Safe for several processes at once: rebuilds happen under the index folder's lock, and a
/// process that waited for the lock first checks whether the rebuild it waited for already
/// made the index fresh. When the folder cannot be locked (read-only media), a stale index is
/// searched as it is, with a warning saying why.
pub fn open(corpus_dir: &Path, index_dir: &Path, force: bool) -> Result<(SearchIndex, Freshness)> {
    open_with(corpus_dir, index_dir, force, None)
}

/// [`open`] for a caller that has already loaded the corpus (to print from it): a rebuild
/// indexes `loaded` instead of parsing the files again.
pub fn open_with(
    corpus_dir: &Path,
    index_dir: &Path,
    force: bool,
    loaded: Option<&Corpus>,
) -> Result<(SearchIndex, Freshness)> {
    // The index's generations and lock would land among the documents the editors keep.
    if let (Ok(index), Ok(corpus)) = (fs::canonicalize(index_dir), fs::canonicalize(corpus_dir))
        && index == corpus
    {
        anyhow::bail!(
            "the index folder `{}` is the corpus folder: give the index a folder of its own (`--index output/index`)",
            index_dir.display()
        );
    }
    let taken = now_ns();
    let stats = corpus::file_stats(corpus_dir)?;
    if !force && let Some(index) = open_if_fresh(corpus_dir, index_dir, &stats, taken, true)? {
        return Ok((index, Freshness::Fresh));
    }
    let lock = match DirLock::acquire(index_dir) {
        Ok(lock) => lock,
        Err(e) => {
            let live = last_build_of(index_dir, corpus_dir).filter(|_| !force);
            let Some(dir) = live else {
                return Err(e.context(format!("cannot build the index in `{}`", index_dir.display())));
            };
            let index = open_generation(&dir)?;
            tracing::warn!(
                "the index in `{}` is out of date with the corpus and could not be refreshed ({e:#}); \
                 searching it as of its last build",
                index_dir.display()
            );
            return Ok((index, Freshness::Stale));
        }
    };
    // Whoever held the lock before us may have rebuilt for this very corpus (damage was
    // reported already).
    if !force && let Some(index) = open_if_fresh(corpus_dir, index_dir, &stats, taken, false)? {
        return Ok((index, Freshness::Fresh));
    }
    // A corpus file that cannot be read (a folder or a pipe named `*.md`, a broken link) is a
    // mistake like any other: the last build answers.
    let built: Result<PathBuf> = expected_fingerprint(corpus_dir).and_then(|expected| match loaded {
        // The caller's copy is only trusted when it is of the same bytes.
        Some(c) if index_fingerprint(&c.fingerprint) == expected => {
            build_locked(c, index_dir, &expected, &lock)
        }
        _ => Corpus::load(corpus_dir).and_then(|c| build_locked(&c, index_dir, &expected, &lock)),
    });
    let dir = match built {
        Ok(dir) => dir,
        // A document saved with a mistake, or a full disk, must not take search away from an
        // outreach worker: the last build answers, and the warning names what to fix. (The
        // commands that print from the corpus load it themselves, and stop at the mistake.)
        Err(e) => {
            let Some(dir) = last_build_of(index_dir, corpus_dir).filter(|_| !force) else { return Err(e) };
            let index = open_generation(&dir)?;
            tracing::warn!("{e:#}\nsearching the index as of its last build until that is fixed");
            return Ok((index, Freshness::Stale));
        }
    };
    record_stats(&dir, &stats, taken).ok();
    Ok((open_generation(&dir)?, Freshness::Rebuilt))
}

fn open_generation(dir: &Path) -> Result<SearchIndex> {
    let mut index = GenerationDir::open(dir)
        .map_err(anyhow::Error::from)
        .and_then(|d| Ok(Index::open(d)?))
        .with_context(|| format!("cannot open the index in `{}`", dir.display()))?;
    // A large corpus is indexed into several segments; search them on all cores. Results are
    // the same either way: BM25 statistics are index-wide and segment results merge in order.
    if index.searchable_segment_ids()?.len() > 1 {
        index.set_default_multithread_executor()?;
    }
    analysis::register(&index);
    let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    let vocab_path = dir.join("vocab.tsv");
    let vocab_bytes =
        fs::read(&vocab_path).with_context(|| format!("cannot read `{}`", vocab_path.display()))?;
    let read_kept = |name: &str| match fs::read(dir.join(name)) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(anyhow::anyhow!("cannot read `{}`: {e}", dir.join(name).display())),
    };
    let synonyms_path = dir.join(synonyms::FILE);
    let synonyms_bytes = read_kept(synonyms::FILE)?;
    let table_bytes = read_kept(SYNONYMS_TSV)?;
    let expected = fs::read_to_string(dir.join(CHECKSUMS)).unwrap_or_default();
    let files = [
        ("vocab.tsv", Some(vocab_bytes.as_slice())),
        (synonyms::FILE, synonyms_bytes.as_deref()),
        (SYNONYMS_TSV, table_bytes.as_deref()),
    ];
    let damaged: Vec<String> = files
        .iter()
        .filter(|(name, bytes)| !expected.lines().any(|l| format!("{l}\n") == checksum_line(name, *bytes)))
        .map(|(name, _)| name.to_string())
        .collect();
    if !damaged.is_empty() {
        return Err(Damaged { dir: dir.to_path_buf(), files: damaged }.into());
    }
    let utf8 = |bytes: Vec<u8>, path: &Path| {
        String::from_utf8(bytes).with_context(|| format!("`{}` is not UTF-8", path.display()))
    };
    let vocab_text = utf8(vocab_bytes, &vocab_path)?;
    let vocab = Vocab::parse(vocab_text);
    // The table as the build read it, when it could be kept so; else parsed again.
    let synonyms = match (table_bytes, synonyms_bytes) {
        (Some(table), _) => Synonyms::from_tsv(&utf8(table, &dir.join(SYNONYMS_TSV))?)?,
        (None, Some(toml)) => Synonyms::parse(&synonyms_path, &utf8(toml, &synonyms_path)?)?,
        (None, None) => Synonyms::default(),
    };
    let (_, fields) = schema();
    Ok(SearchIndex { index, reader, fields, dir: dir.to_path_buf(), vocab, synonyms })
}

/// Builds a new generation for `corpus` and makes it live, waiting for the index folder's
/// lock first. Returns its folder.
pub fn build(corpus: &Corpus, index_dir: &Path, fingerprint: &str) -> Result<PathBuf> {
    let lock = DirLock::acquire(index_dir)?;
    build_locked(corpus, index_dir, fingerprint, &lock)
}

/// [`build`] for a caller that holds the index folder's lock.
fn build_locked(corpus: &Corpus, index_dir: &Path, fingerprint: &str, _lock: &DirLock) -> Result<PathBuf> {
    let synonyms_path = corpus.dir.join(synonyms::FILE);
    let synonyms_text = match crate::source::read_file(&synonyms_path, crate::source::MAX_CONFIG) {
        Ok(bytes) => {
            let text = crate::toml_file::text_of(&synonyms_path, bytes)?;
            Some((Synonyms::parse(&synonyms_path, &text)?, text))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => return Err(e).with_context(|| format!("cannot read `{}`", synonyms_path.display())),
    };
    fs::create_dir_all(index_dir)
        .with_context(|| format!("cannot create the index folder `{}`", index_dir.display()))?;
    let staging = tempfile::Builder::new()
        .prefix(STAGING_PREFIX)
        .tempdir_in(index_dir)
        .with_context(|| format!("cannot create a folder in `{}`", index_dir.display()))?;
    let (schema, f) = schema();
    // Every write below can fail for want of space or permission: name the folder.
    let writing = || format!("cannot write the new index in `{}`", staging.path().display());
    let index = Index::create_in_dir(staging.path(), schema).with_context(writing)?;
    analysis::register(&index);
    let mut writer: IndexWriter = index.writer(64 * 1024 * 1024).with_context(writing)?;
    let mut raw = analysis::analyzer(RAW);
    let mut vocab: BTreeMap<String, u32> = BTreeMap::new();
    for s in corpus.sections() {
        let own = s.own_text();
        let [title_f, heading_f, body_f] = f.stemmed[s.language.as_str()];
        let mut d = TantivyDocument::default();
        d.add_text(f.id, &s.id);
        d.add_text(f.doc, &s.doc);
        d.add_text(f.title, &s.title);
        d.add_text(f.heading, &s.heading);
        let text = s.plain_text();
        // The own text follows the heading and a blank line; with none, the whole text counts.
        let own_end = if own.is_empty() { text.len() } else { s.heading.len() + 2 + own.len() };
        d.add_text(f.text, &text);
        d.add_u64(f.own_end, own_end as u64);
        d.add_text(f.language, &s.language);
        d.add_u64(f.ord, s.ord as u64);
        for t in &s.topics {
            d.add_text(f.topics, t);
            d.add_facet(f.topic_facet, Facet::from_path([t.as_str()]));
        }
        d.add_text(title_f, &s.title);
        d.add_text(heading_f, &s.heading);
        d.add_text(body_f, &own);
        d.add_text(f.raw, &s.heading);
        d.add_text(f.raw, &own);
        let mut words: Vec<String> = analysis::terms(&mut raw, &format!("{} {} {own}", s.title, s.heading));
        words.sort_unstable();
        words.dedup();
        for w in words {
            *vocab.entry(w).or_default() += 1;
        }
        writer.add_document(d).with_context(writing)?;
    }
    writer.commit().with_context(writing)?;
    writer.wait_merging_threads().with_context(writing)?;
    let vocab_text = Vocab::render(vocab.iter());
    let table = synonyms_text.as_ref().and_then(|(parsed, _)| parsed.to_tsv());
    let checksums = checksum_line("vocab.tsv", Some(vocab_text.as_bytes()))
        + &checksum_line(synonyms::FILE, synonyms_text.as_ref().map(|(_, text)| text.as_bytes()))
        + &checksum_line(SYNONYMS_TSV, table.as_deref().map(str::as_bytes));
    fs::write(staging.path().join("vocab.tsv"), vocab_text).with_context(writing)?;
    if let Some((_, text)) = synonyms_text {
        fs::write(staging.path().join(synonyms::FILE), text).with_context(writing)?;
    }
    if let Some(table) = table {
        fs::write(staging.path().join(SYNONYMS_TSV), table).with_context(writing)?;
    }
    fs::write(staging.path().join(CHECKSUMS), checksums).with_context(writing)?;
    // The corpus the index was built from, for `serve` to answer from while the folder has a
    // mistake in it. A file changed since it was read: the next build keeps the copy.
    if !corpus.keep_files(&staging.path().join(KEPT_CORPUS)).with_context(writing)? {
        tracing::debug!("the corpus changed while it was indexed: no copy kept with this index");
    }
    fs::write(staging.path().join("fingerprint"), fingerprint).with_context(writing)?;
    if let Ok(folder) = fs::canonicalize(&corpus.dir) {
        fs::write(staging.path().join(CORPUS_FOLDER), folder.to_string_lossy().as_bytes())
            .with_context(writing)?;
    }

    let name = format!("gen-{}", &fingerprint.rsplit('-').next().unwrap_or("x"));
    let name = format!("{name}-{}", std::process::id());
    let target = index_dir.join(&name);
    if target.exists() {
        fs::remove_dir_all(&target).ok();
    }
    readable_by_all(staging.path());
    let staged = staging.keep();
    fs::rename(&staged, &target)
        .with_context(|| format!("cannot move the new index to `{}`", target.display()))?;
    let previous = live_generation(index_dir);
    let current = index_dir.join("CURRENT");
    let swapped = if current.is_dir() {
        Err(anyhow::anyhow!(
            "`{}` is a folder, not the file naming the live index; remove it and run again",
            current.display()
        ))
    } else {
        output::write_atomic(&current, name.as_bytes())
    };
    if let Err(e) = swapped {
        // The new generation is never used: it is not left behind.
        fs::remove_dir_all(&target).ok();
        return Err(e);
    }
    remove_old(index_dir, &[Some(&target), previous.as_ref()]);
    tracing::info!(sections = corpus.sections().count(), dir = %target.display(), "index built");
    Ok(target)
}

/// Makes a new index generation readable by every user, as the rest of the output is: its
/// temporary folder and the files Tantivy writes through temporary files are private (0700,
/// 0600), which would lock out another account searching the same copy. Best effort.
fn readable_by_all(dir: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                let _ = fs::set_permissions(entry.path(), fs::Permissions::from_mode(0o644));
            }
        }
    }
}

/// Reading stored sections back: every reader of the index goes through these, so the
/// stored fields are named in this file only.
impl SearchIndex {
    /// The stored fields of `doc`.
    pub fn record(&self, doc: &TantivyDocument) -> SectionRecord {
        let f = &self.fields;
        let text_of = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        SectionRecord {
            id: text_of(f.id),
            doc: text_of(f.doc),
            title: text_of(f.title),
            heading: text_of(f.heading),
            topics: doc.get_all(f.topics).filter_map(|v| v.as_str().map(str::to_string)).collect(),
            own_end: doc.get_first(f.own_end).and_then(|v| v.as_u64()).map_or(usize::MAX, |n| n as usize),
            text: text_of(f.text),
            language: doc.get_first(f.language).and_then(|v| v.as_str()).unwrap_or("en").to_string(),
            ord: doc.get_first(f.ord).and_then(|v| v.as_u64()).unwrap_or(u64::MAX),
        }
    }

    /// Every section, in corpus order.
    pub fn all_sections(&self) -> Result<Vec<SectionRecord>> {
        let searcher = self.reader.searcher();
        let addrs = searcher.search(&AllQuery, &DocSetCollector)?;
        let mut records: Vec<SectionRecord> = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            records.push(self.record(&doc));
        }
        records.sort_by_key(|r| r.ord);
        Ok(records)
    }

    /// Topic → ids of its sections in corpus order.
    pub fn topics(&self) -> Result<BTreeMap<String, Vec<String>>> {
        let mut topics: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (id, section_topics) in self.ids_and_topics()? {
            for t in section_topics {
                topics.entry(t).or_default().push(id.clone());
            }
        }
        Ok(topics)
    }

    /// Every section's id, in corpus order.
    pub fn ids(&self) -> Result<Vec<String>> {
        Ok(self.ids_and_topics()?.into_iter().map(|(id, _)| id).collect())
    }

    /// Every section's id and topics, in corpus order: only those stored fields are read, not
    /// the text.
    fn ids_and_topics(&self) -> Result<Vec<(String, Vec<String>)>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let addrs = searcher.search(&AllQuery, &DocSetCollector)?;
        let mut out: Vec<(u64, String, Vec<String>)> = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let ord = doc.get_first(f.ord).and_then(|v| v.as_u64()).unwrap_or(u64::MAX);
            let id = doc.get_first(f.id).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let topics = doc.get_all(f.topics).filter_map(|v| v.as_str().map(str::to_string)).collect();
            out.push((ord, id, topics));
        }
        out.sort_by_key(|(ord, _, _)| *ord);
        Ok(out.into_iter().map(|(_, id, topics)| (id, topics)).collect())
    }

    /// One section by id, or an error naming the closest ids that exist.
    pub fn section(&self, id: &str) -> Result<SectionRecord> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(Term::from_field_text(self.fields.id, id), IndexRecordOption::Basic);
        if let Some((_, addr)) =
            searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?.into_iter().next()
        {
            let doc: TantivyDocument = searcher.doc(addr)?;
            return Ok(self.record(&doc));
        }
        let ids: Vec<String> = self.ids_and_topics()?.into_iter().map(|(id, _)| id).collect();
        // The part after `#` alone ("detox", or its heading, "Detox"), as `handout -s` takes it.
        if let Some(full) = crate::corpus::id_named_by(id, ids.iter().map(String::as_str)) {
            return self.section(full);
        }
        Err(crate::corpus::unknown_section(id, ids.iter().map(String::as_str)))
    }
}

/// Removes what no process can still need, under the index folder's lock: generations other
/// than `keep`, rebuild folders of killed processes (`.building-*`: a rebuild holds the lock
/// throughout, so any such folder seen under the lock is a leftover) and abandoned temporary
/// files. The previous generation is kept: a process that read `CURRENT` just before the swap
/// may be opening it; one older than that which vanishes mid-open makes the opener retry
/// under the lock. Processes that already opened a removed generation keep reading it (its
/// files stay readable while open).
fn remove_old(index_dir: &Path, keep: &[Option<&PathBuf>]) {
    let Ok(entries) = fs::read_dir(index_dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let n = e.file_name().to_string_lossy().into_owned();
        let kept = keep.iter().flatten().any(|k| **k == p);
        if n.starts_with(STAGING_PREFIX) || (n.starts_with("gen-") && !kept) {
            fs::remove_dir_all(&p).ok();
        } else if kept {
            output::remove_stale_temps(&p);
        }
    }
    output::remove_stale_temps(index_dir);
}
