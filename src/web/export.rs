//! The offline copy of the search page: everything a phone needs to search, read and share
//! handouts with no connection, as a list of files.
//!
//! [`build`] makes the files for one of two homes:
//! - [`Mode::Static`] (`outreach export DIR`): a static site for any web host, with a page per
//!   section and per topic rendered here (readable without JavaScript), under a base path;
//! - [`Mode::Server`] (`outreach serve`): the same app beside the server's own pages, so a
//!   browser on localhost installs it the same way.
//!
//! Both carry the search engine (`search.mjs`) with its data (`search-data.json`, the Rust
//! side's decisions: stems, vocabulary, synonyms, field statistics, section text), the standard
//! handouts and course packs as PDFs, a web app manifest with PNG icons, and a service worker
//! that keeps one whole edition cached and swaps to a new one only once it is complete.
//! [`write`](fn@write) puts a static site on disk atomically.

use anyhow::{Context, Result, bail};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::assets::ASSETS;
use super::blocks;
use super::page::{self, Pdf, Shell};
use crate::corpus::{Corpus, LANGUAGES, slugify};
use crate::html::escape_html;
use crate::print::catalog::STANDARD_TOPICS;
use crate::print::handout::{self, Selection, Settings};
use crate::print::pack::{self, PackSpec};
use crate::search::index::SearchIndex;
use crate::search::{Engine, Hit};

/// The engine (see its header) and the vendored stemmers put in front of it, as build.rs
/// minified them: each stemmer with its licence notice whole, as `const porter2 = …` and
/// `const spanishStem = …`.
const ENGINE: &str = include_str!(concat!(env!("OUT_DIR"), "/search.mjs"));
const PORTER2: &str = include_str!(concat!(env!("OUT_DIR"), "/porter2.js"));
const SPANISH: &str = include_str!(concat!(env!("OUT_DIR"), "/spanish.js"));
const SERVICE_WORKER: &str = include_str!(concat!(env!("OUT_DIR"), "/sw.js"));

/// Largest offline copy `export` writes without `--allow-large`: a phone keeps all of it.
pub const MAX_BYTES: usize = 25 * 1024 * 1024;

/// Where the copy will live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// A static site (`outreach export`).
    Static,
    /// Beside the server's own pages (`outreach serve`).
    Server,
}

/// What goes into a copy.
#[derive(Clone, Debug)]
pub struct Options {
    /// URL path the copy is served under, with slashes at both ends (`/`, `/outreach/`).
    pub base: String,
    /// Folder of course pack specs (`packs/`); absent: no packs.
    pub packs: PathBuf,
    /// Creation time stamped into the PDFs.
    pub created: i64,
}

/// Which part of the copy a file belongs to (for the size report).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Part {
    /// Page shell, script, styles, icons, manifest, service worker.
    App,
    /// The engine and its data.
    Search,
    /// Section and topic pages.
    Pages,
    /// Handout and pack PDFs.
    Handouts,
}

impl Part {
    fn label(self) -> &'static str {
        match self {
            Part::App => "app (page, script, styles, icons, manifest, service worker)",
            Part::Search => "search (engine and data)",
            Part::Pages => "section and topic pages",
            Part::Handouts => "handouts and packs (PDF)",
        }
    }
}

/// One file of the copy.
#[derive(Clone, Debug)]
pub struct File {
    /// Path under the base, without a leading slash (`s/kratom-addiction/detox.html`).
    pub path: String,
    /// `Content-Type`.
    pub mime: &'static str,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// What it is part of.
    pub part: Part,
}

/// An offline copy.
#[derive(Clone, Debug)]
pub struct Copy {
    /// Every file.
    pub files: Vec<File>,
    /// The corpus edition (first 8 hex digits of its fingerprint, as on handouts).
    pub edition: String,
    /// Latest review date of the documents, or `unknown`.
    pub reviewed: String,
    /// The ready-made PDFs.
    pub pdfs: Vec<Pdf>,
    /// Per corpus section: id and the bytes it adds (its page and its text in the data).
    pub section_sizes: Vec<(String, usize)>,
    /// "Where to get help", from the corpus's resources.
    pub help: page::Help,
}

impl Copy {
    /// Total bytes.
    pub fn total(&self) -> usize {
        self.files.iter().map(|f| f.bytes.len()).sum()
    }

    /// Bytes per part, in part order.
    pub fn by_part(&self) -> BTreeMap<Part, usize> {
        let mut out = BTreeMap::new();
        for f in &self.files {
            *out.entry(f.part).or_insert(0) += f.bytes.len();
        }
        out
    }

    /// A file by its path under the base.
    pub fn get(&self, path: &str) -> Option<&File> {
        self.files.iter().find(|f| f.path == path)
    }

    /// The size report `export` prints: total, per part, per corpus section.
    pub fn report(&self) -> String {
        let human = crate::output::human_size;
        let mut out = format!(
            "offline copy, edition {}: {} in {} files\n",
            self.edition,
            human(self.total()),
            self.files.len()
        );
        for (part, n) in self.by_part() {
            out.push_str(&format!("  {:>10}  {}\n", human(n), part.label()));
        }
        out.push_str("per corpus section (its page and its text in the search data):\n");
        for (id, n) in &self.section_sizes {
            out.push_str(&format!("  {:>10}  {id}\n", human(*n)));
        }
        out
    }
}

/// Refuses a copy over [`MAX_BYTES`] unless `allow_large` (every phone would keep all of it).
pub fn check_size(total: usize, allow_large: bool) -> Result<()> {
    if total > MAX_BYTES && !allow_large {
        bail!(
            "the offline copy is {}, over the {} a phone should have to keep; nothing was written. \
             Split the corpus, or pass --allow-large to write it anyway",
            crate::output::human_size(total),
            crate::output::human_size(MAX_BYTES)
        );
    }
    Ok(())
}

/// The URL (under the base) of a section's page in a static copy: `s/DOC/SLUG.html`.
pub fn static_section_path(id: &str) -> String {
    let (doc, slug) = id.split_once('#').unwrap_or((id, "index"));
    format!("s/{}/{}.html", path_part(doc), path_part(slug))
}

/// A file-name-safe form of an id part (ids are slugs already; anything else is slugified).
fn path_part(s: &str) -> String {
    if !s.is_empty()
        && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
    {
        s.to_string()
    } else {
        let slug = slugify(s);
        if slug.is_empty() { format!("x{}", &blake3::hash(s.as_bytes()).to_hex()[..8]) } else { slug }
    }
}

/// Checks and normalizes a base path: `/`, `/outreach/` (slashes added where missing).
pub fn normalize_base(base: &str) -> Result<String> {
    let trimmed = base.trim().trim_matches('/');
    if trimmed.split('/').any(|p| p == "." || p == "..")
        || !trimmed.chars().all(|c| c.is_ascii_alphanumeric() || "-_./~".contains(c))
    {
        bail!("--base must be a URL path like /outreach/ (letters, digits, - _ . ~ and /), not `{base}`");
    }
    Ok(if trimmed.is_empty() { "/".to_string() } else { format!("/{trimmed}/") })
}

/// Builds an offline copy of the corpus.
pub fn build(engine: &Engine, corpus: &Corpus, options: &Options, mode: Mode) -> Result<Copy> {
    let idx = &engine.index;
    let base = normalize_base(&options.base)?;
    let edition = corpus.fingerprint.chars().take(8).collect::<String>();
    let reviewed = corpus
        .documents
        .iter()
        .map(|d| d.meta.reviewed.clone())
        .filter(|r| r != "unknown")
        .max()
        .unwrap_or_else(|| "unknown".to_string());
    let mut files: Vec<File> = Vec::new();
    let mut add = |path: String, mime: &'static str, bytes: Vec<u8>, part: Part| {
        files.push(File { path, mime, bytes, part });
    };

    // Every stored section, read once for the data, the pages and the worker's list.
    let hits = crate::search::query::every_section(idx)?;

    // The search engine and its data.
    let data = search_data(idx, &hits, corpus, &edition, &reviewed)?;
    let data_bytes = serde_json::to_vec(&data)?;
    add("search-data.json".into(), "application/json", data_bytes, Part::Search);
    let spanish = corpus.documents.iter().any(|d| d.meta.language == "es");
    let engine_js = engine_source(spanish).into_bytes();
    add("search.mjs".into(), "text/javascript; charset=utf-8", engine_js, Part::Search);

    // Ready-made PDFs.
    let pdfs = build_pdfs(engine, corpus, options, mode)?;
    let mut pdf_list = Vec::new();
    for (title, name, built) in pdfs {
        let path = format!("handouts/{name}");
        pdf_list.push(Pdf { title, path: path.clone(), pages: built.pages, size: built.bytes.len() });
        add(path, "application/pdf", built.bytes, Part::Handouts);
    }

    // Icons and manifest.
    for (name, size, maskable) in
        [("icon-192.png", 192, false), ("icon-512.png", 512, false), ("icon-maskable-512.png", 512, true)]
    {
        add(format!("icons/{name}"), "image/png", super::icons::png(size, maskable)?, Part::App);
    }
    add("manifest.webmanifest".into(), "application/manifest+json", manifest(&base)?, Part::App);

    let help = page::Help::new(&corpus.resources());
    let static_help = page::Help::for_static_copy(&corpus.resources());
    let shell = Shell {
        home: base.clone(),
        assets: format!("{base}assets/"),
        mode: if mode == Mode::Static { "static" } else { "server" },
        edition: edition.clone(),
        help: if mode == Mode::Static { static_help } else { help.in_order.clone() },
    };
    let mut section_sizes: Vec<(String, usize)> = Vec::new();
    if mode == Mode::Static {
        for a in [&ASSETS.css, &ASSETS.js, &ASSETS.icon] {
            add(format!("assets/{}", a.name), a.mime, a.body.to_vec(), Part::App);
        }
        let topics = idx.topics()?;
        add(
            "index.html".into(),
            "text/html; charset=utf-8",
            page::render_in(
                &shell,
                "Outreach: health information",
                "",
                "home",
                &home_html(&base, &topics, &pdf_list),
            )
            .into_bytes(),
            Part::App,
        );
        // What a static host (GitHub Pages, Netlify, an object store's website setting) serves
        // for an address the copy lacks, online; offline, the service worker answers instead.
        add(
            "404.html".into(),
            "text/html; charset=utf-8",
            format!(
                "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><meta name=\"viewport\" \
                 content=\"width=device-width, initial-scale=1\"><title>Not in this copy – Outreach</title>\
                 <link rel=\"stylesheet\" href=\"{base}assets/{}\"><main><h1>That page is not in this \
                 copy</h1><p><a href=\"{base}\">Go to the start page</a>: search and browse every topic \
                 there.</p></main></html>\n",
                ASSETS.css.name
            )
            .into_bytes(),
            Part::App,
        );
        for hit in &hits {
            let Some(section) = corpus.section(&hit.id) else { continue };
            let main = section_html(&base, hit, &blocks::blocks_html(section));
            let html = page::render_in(&shell, &format!("{} – Outreach", hit.heading), "", "section", &main);
            section_sizes.push((hit.id.clone(), html.len() + hit.text.len()));
            add(static_section_path(&hit.id), "text/html; charset=utf-8", html.into_bytes(), Part::Pages);
        }
        for (topic, ids) in &topics {
            let main = topic_html(&base, topic, ids, &hits);
            let html = page::render_in(
                &shell,
                &format!("{} – Outreach", topic.replace('-', " ")),
                "",
                "results",
                &main,
            );
            add(
                format!("t/{}.html", path_part(topic)),
                "text/html; charset=utf-8",
                html.into_bytes(),
                Part::Pages,
            );
        }
    } else {
        for hit in &hits {
            section_sizes.push((hit.id.clone(), hit.text.len()));
        }
    }

    // The service worker last: it lists every file (and the server's own pages) to keep.
    let mut keep: Vec<String> =
        files.iter().map(|f| f.path.clone()).filter(|p| p != "index.html" && p != "404.html").collect();
    if mode == Mode::Server {
        keep.push(String::new()); // the server's home page, at the base URL
        for a in [&ASSETS.css, &ASSETS.js, &ASSETS.icon] {
            keep.push(format!("assets/{}", a.name));
        }
        for hit in &hits {
            let enc: String = form_urlencoded::byte_serialize(hit.id.as_bytes()).collect();
            keep.push(format!("s/{enc}"));
        }
    } else {
        // The home page by its file name: a host that serves no folder's index.html at the
        // base URL still serves it (the worker answers the base URL with it).
        keep.push("index.html".into());
    }
    keep.sort();
    // Each file with the first 32 bits of its SHA-256, which a browser can check (Web Crypto):
    // the worker keeps a file only if it is this edition's, so an upload not finished never
    // mixes two editions on a phone (a stale file passes for another with odds of one in four
    // billion). The server's own pages are made on request: unchecked.
    let sha =
        |bytes: &[u8]| -> String { Sha256::digest(bytes)[..4].iter().map(|b| format!("{b:02x}")).collect() };
    // Grouped by folder, each folder's name once (`sw.js` makes the paths again).
    let mut kept: BTreeMap<&str, BTreeMap<&str, Option<String>>> = BTreeMap::new();
    for k in &keep {
        let (dir, name) = k.rfind('/').map_or(("", k.as_str()), |i| k.split_at(i + 1));
        kept.entry(dir).or_default().insert(name, files.iter().find(|f| &f.path == k).map(|f| sha(&f.bytes)));
    }
    // The cache is named by everything it holds, so a new app version also rolls out whole.
    let mut h = blake3::Hasher::new();
    for f in &files {
        h.update(f.path.as_bytes());
        h.update(&f.bytes);
    }
    h.update(ASSETS.js.name.as_bytes());
    h.update(ASSETS.css.name.as_bytes());
    let version = format!("{edition}-{}", &h.finalize().to_hex()[..8]);
    let sw = SERVICE_WORKER
        .replace("__EDITION__", &serde_json::to_string(&edition)?)
        .replace("__VERSION__", &serde_json::to_string(&version)?)
        .replace("__BASE__", &serde_json::to_string(&base)?)
        .replace("__FILES__", &serde_json::to_string(&kept)?);
    files.push(File {
        path: "sw.js".into(),
        mime: "text/javascript; charset=utf-8",
        bytes: sw.into_bytes(),
        part: Part::App,
    });

    Ok(Copy { files, edition, reviewed, pdfs: pdf_list, section_sizes, help })
}

/// `search.mjs`: the vendored stemmers wrapped as functions, then the engine. The Spanish
/// stemmer comes only with a corpus that holds a Spanish document (`spanish`).
pub fn engine_source(spanish: bool) -> String {
    // The English stemmer is for words the corpus lacks (its own words' stems come with the
    // data); the Spanish one is Snowball's, as Tantivy's.
    let mut out = format!("{PORTER2}\n");
    if spanish {
        out.push_str(&format!("{SPANISH}\n"));
    }
    out.push_str(ENGINE);
    out
}

/// The data `search.mjs` ranks with (see its header for what each field is for).
pub fn search_data(
    idx: &SearchIndex,
    hits: &[Hit],
    corpus: &Corpus,
    edition: &str,
    reviewed: &str,
) -> Result<serde_json::Value> {
    use tantivy::schema::Value;
    let searcher = idx.reader.searcher();
    let f = &idx.fields;
    // Field lengths as Tantivy stores them (BM25 length normalization uses these).
    let mut norms: BTreeMap<String, [u32; 4]> = BTreeMap::new();
    let mut totals: BTreeMap<String, u64> = BTreeMap::new();
    let mut num_docs = 0u64;
    for (ord, seg) in searcher.segment_readers().iter().enumerate() {
        num_docs += u64::from(seg.max_doc());
        for &lang in LANGUAGES {
            for (name, field) in ["title", "heading", "body"].iter().zip(f.stemmed[lang]) {
                *totals.entry(format!("{lang}:{name}")).or_default() +=
                    seg.inverted_index(field)?.total_num_tokens();
            }
        }
        *totals.entry("topics".into()).or_default() += seg.inverted_index(f.topics)?.total_num_tokens();
        for doc_id in 0..seg.max_doc() {
            let doc: tantivy::TantivyDocument = searcher.doc(tantivy::DocAddress::new(ord as u32, doc_id))?;
            let id = doc.get_first(f.id).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let lang = doc.get_first(f.language).and_then(|v| v.as_str()).unwrap_or("en");
            let lang = LANGUAGES.iter().find(|l| **l == lang).copied().unwrap_or("en");
            let [t, h, b] = f.stemmed[lang];
            let mut n = [0u32; 4];
            for (i, field) in [t, h, b, f.topics].into_iter().enumerate() {
                n[i] = seg.get_fieldnorms_reader(field)?.fieldnorm(doc_id);
            }
            norms.insert(id, n);
        }
    }
    let docs = num_docs.max(1) as f64;
    let mut field_avg = serde_json::Map::new();
    for &lang in LANGUAGES {
        let mut m = serde_json::Map::new();
        for name in ["title", "heading", "body"] {
            let total = totals.get(&format!("{lang}:{name}")).copied().unwrap_or(0);
            m.insert(name.into(), json!((total as f64 / docs) as f32));
        }
        field_avg.insert(lang.into(), m.into());
    }
    field_avg
        .insert("topics".into(), json!((totals.get("topics").copied().unwrap_or(0) as f64 / docs) as f32));

    let mut sections = Vec::new();
    for hit in hits {
        let section =
            corpus.section(&hit.id).with_context(|| format!("section `{}` is not in the corpus", hit.id))?;
        let own = section.own_text();
        let start = if own.is_empty() { 0 } else { hit.heading.encode_utf16().count() + 2 };
        let end = start + own.encode_utf16().count();
        let n = norms.get(&hit.id).copied().unwrap_or_default();
        // An array, not an object: keys repeated per section were a tenth of the file. What
        // the script derives is left out: the document (the id before `#`) and its title (in
        // `documents`), the language when `en`, the page when `s/DOC/SLUG.html`.
        if hit.doc != hit.id.split('#').next().unwrap_or_default() {
            bail!("section `{}` does not start with its document's id `{}`", hit.id, hit.doc);
        }
        let page = static_section_path(&hit.id);
        let usual_page = match hit.id.split_once('#') {
            Some((doc, slug)) => format!("s/{doc}/{slug}.html"),
            None => format!("s/{}/index.html", hit.id),
        };
        // The text begins with the heading, which the row already holds: when the section's own
        // text follows it, the text goes without it and `own` as the end of the own text alone
        // (the script puts the heading back, and the own text starts right after it).
        let prefix = format!("{}\n\n", hit.heading);
        let (text, own) = match hit.text.strip_prefix(&prefix) {
            Some(rest) if start > 0 => (json!(rest), json!(end)),
            _ => (json!(hit.text), json!([start, end])),
        };
        let mut row =
            vec![json!(hit.id), json!(hit.heading), json!(hit.topics), text, own, json!(hit.grade), json!(n)];
        if page != usual_page {
            row.extend([json!(section.language), json!(page)]);
        } else if section.language != "en" {
            row.push(json!(section.language));
        }
        sections.push(serde_json::Value::Array(row));
    }

    // Words: the vocabulary, then synonyms' words the corpus lacks (document frequency 0).
    let mut words: Vec<String> = Vec::new();
    let mut df: Vec<u32> = Vec::new();
    for (w, n) in idx.vocab.iter() {
        words.push(w.to_string());
        df.push(n);
    }
    let mut raw = crate::search::analysis::analyzer(crate::search::analysis::RAW);
    // Lay phrase → meanings; the script analyzes each phrase itself (the same tokenizer). One
    // string per table (`synonyms`, `people`), `key,key|meaning|meaning;key|meaning`: the keys
    // that share their meanings (the family words all mean "loved one") are written once with
    // them, in the order of their first key. Half the size of a JSON object of arrays
    // (synonyms.rs keeps `,`, `|` and `;` out of the table).
    let table = |people: bool| {
        let mut shared: Vec<(&[String], Vec<&str>)> = Vec::new();
        let mut entries: Vec<_> = idx.synonyms.entries().filter(|(_, m)| m.person == people).collect();
        entries.sort_by(|a, b| a.1.key.cmp(&b.1.key));
        for (_, m) in entries {
            match shared.iter_mut().find(|(meanings, _)| *meanings == m.to.as_slice()) {
                Some((_, keys)) => keys.push(&m.key),
                None => shared.push((&m.to, vec![&m.key])),
            }
        }
        shared
            .iter()
            .map(|(to, keys)| {
                std::iter::once(keys.join(",")).chain(to.iter().cloned()).collect::<Vec<_>>().join("|")
            })
            .collect::<Vec<_>>()
            .join(";")
    };
    let (synonyms, people) = (table(false), table(true));
    let mut extra: Vec<String> = Vec::new();
    for (_, m) in idx.synonyms.entries() {
        for t in &m.to {
            for w in crate::search::analysis::terms(&mut raw, t) {
                if idx.vocab.get(&w).is_none() && !extra.contains(&w) {
                    extra.push(w);
                }
            }
        }
    }
    extra.sort();
    for w in extra {
        words.push(w);
        df.push(0);
    }
    // Words are space-separated (a word never holds a space), each with `:N` when its
    // document frequency N is not 1 (a word never holds a colon either). Stems, per language, are edits of
    // each word in the same order, space-separated: "" (unchanged) or `N` characters cut and a
    // new ending ("3e": drop three, add "e").
    let mut stems = serde_json::Map::new();
    for &lang in LANGUAGES {
        let mut analyzer =
            crate::search::analysis::analyzer(crate::search::analysis::stem_analyzer_name(lang));
        let codes: Vec<String> = words
            .iter()
            .map(|w| {
                let stem = crate::search::analysis::terms(&mut analyzer, w)
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| w.clone());
                stem_code(w, &stem)
            })
            .collect();
        stems.insert(lang.into(), json!(codes.join(" ")));
    }
    let docs_meta: Vec<serde_json::Value> = corpus
        .documents
        .iter()
        .map(|d| json!({ "id": d.meta.id, "title": d.meta.title, "reviewed": d.meta.reviewed, "source": d.meta.source }))
        .collect();
    Ok(json!({
        "edition": edition,
        "reviewed": reviewed,
        "languages": LANGUAGES,
        "constants": shortest_f32(serde_json::to_value(crate::search::ranking::Ranking::DEFAULT)?),
        "stop": crate::search::query::stop_words().join(" "),
        "person": crate::search::query::PERSON_FILLERS.join(" "),
        // The contact words in three parts, each word once (contacts.rs): those that ask for
        // someone to call now, for a place to go, and for a way to reach help.
        "contact": {
            "call": crate::search::contacts::emergency_words().join(" "),
            "place": crate::search::contacts::PLACE_WORDS,
            "reach": crate::search::contacts::SECTIONS_TOO,
        },
        // The script rounds them to `f32` again (`bm25`): ranks match the index's to the bit.
        "field_avg": shortest_f32(field_avg.into()),
        "documents": docs_meta,
        "sections": sections,
        "words": words
            .iter()
            .zip(&df)
            .map(|(w, n)| if *n == 1 { w.clone() } else { format!("{w}:{n}") })
            .collect::<Vec<_>>()
            .join(" "),
        "stems": stems,
        "synonyms": synonyms,
        "people": people,
        // Real words the corpus has nothing on, searched as typed (synonyms.rs `is_uncovered`).
        "uncovered": idx.synonyms.uncovered().map(|(w, _)| w).collect::<Vec<_>>().join(" "),
    }))
}

/// `value` with every fractional number in the shortest decimal that reads back as the same
/// `f32` (`0.4`, not `0.4000000059604645`); the script rounds them to `f32` again.
fn shortest_f32(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(m) => Value::Object(m.into_iter().map(|(k, v)| (k, shortest_f32(v))).collect()),
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap_or_default() as f32;
            x.to_string().parse::<f64>().map_or(Value::Number(n), |short| json!(short))
        }
        other => other,
    }
}

/// `word` → `stem` as an edit: "" when equal, else characters (UTF-16 units) cut + new ending.
fn stem_code(word: &str, stem: &str) -> String {
    if word == stem {
        return String::new();
    }
    let w: Vec<u16> = word.encode_utf16().collect();
    let s: Vec<u16> = stem.encode_utf16().collect();
    let common = w.iter().zip(&s).take_while(|(a, b)| a == b).count();
    let ending = String::from_utf16_lossy(&s[common..]);
    // A colon only where the ending starts with a digit, which would read as part of the count.
    let colon = if ending.starts_with(|c: char| c.is_ascii_digit()) { ":" } else { "" };
    format!("{}{colon}{ending}", w.len() - common)
}

/// The standard handouts and the packs of `options.packs`, with descriptive file names.
///
/// One that cannot be built (a character the font lacks, say) stops an export, which must be
/// whole; the server leaves it out with a warning and still serves search and sections.
fn build_pdfs(
    engine: &Engine,
    corpus: &Corpus,
    options: &Options,
    mode: Mode,
) -> Result<Vec<(String, String, handout::Handout)>> {
    fn settle<T>(mode: Mode, what: String, built: Result<T>) -> Result<Option<T>> {
        match built {
            Ok(b) => Ok(Some(b)),
            Err(e) if mode == Mode::Server => {
                tracing::warn!("the ready-made {what} is left out of the offline copy: {e:#}");
                Ok(None)
            }
            Err(e) => Err(e.context(format!("cannot build the {what}"))),
        }
    }
    let settings = Settings { created: options.created, ..Settings::default() };
    let known = engine.index.topics()?;
    let mut out = Vec::new();
    for topic in STANDARD_TOPICS.iter().filter(|t| known.contains_key(**t)) {
        let topics = vec![topic.to_string()];
        let selection = Selection { topics: topics.clone(), ..Selection::default() };
        let sections = handout::select(corpus, Some(engine), &selection)?.sections;
        let Some(built) =
            settle(mode, format!("{topic} handout"), handout::build(corpus, &sections, &topics, &settings))?
        else {
            continue;
        };
        // The file says what it is: the document(s) it prints from and the topic
        // (`kratom-addiction-detox.pdf`); the shown title is the handout's own.
        let docs: Vec<&str> =
            handout::documents_of(corpus, &sections).iter().map(|d| d.meta.id.as_str()).collect();
        let name = format!("{}.pdf", slugify(&format!("{} {topic}", docs.join(" "))));
        out.push((built.title.clone(), name, built));
    }
    for spec_path in crate::print::catalog::pack_specs(&options.packs)? {
        // A spec that does not load is left out of a server's copy too.
        let built = PackSpec::load(&spec_path).and_then(|spec| {
            Ok((pack::build(corpus, engine, &spec, &spec_path, options.created)?, spec.title))
        });
        let Some((built, title)) = settle(mode, format!("pack {}", spec_path.display()), built)? else {
            continue;
        };
        let stem = spec_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        out.push((title, format!("{}.pdf", slugify(&stem)), built));
    }
    let mut seen = std::collections::HashSet::new();
    for (_, name, _) in &out {
        if !seen.insert(name.clone()) {
            bail!("two ready-made PDFs would both be named `{name}`; rename a pack spec");
        }
    }
    Ok(out)
}

fn manifest(base: &str) -> Result<Vec<u8>> {
    let icon = |name: &str, size: u32, purpose: &str| json!({ "src": format!("{base}icons/{name}"), "sizes": format!("{size}x{size}"), "type": "image/png", "purpose": purpose });
    Ok(serde_json::to_vec(&json!({
        "name": "Outreach: addiction health information",
        "short_name": "Outreach",
        "description": "Search addiction-health information and share handouts, offline.",
        "start_url": base,
        "scope": base,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b6e4f",
        "icons": [
            icon("icon-192.png", 192, "any"),
            icon("icon-512.png", 512, "any"),
            icon("icon-maskable-512.png", 512, "maskable"),
        ],
    }))?)
}

/// Topic chips linking to the static topic pages.
fn static_chips(base: &str, topics: &BTreeMap<String, Vec<String>>, current: Option<&str>) -> String {
    let mut out = String::from("<nav class=\"chips\" aria-label=\"Topics\">");
    for (t, ids) in topics {
        let href = format!("{base}t/{}.html", path_part(t));
        out.push_str(&page::chip(&t.replace('-', " "), ids.len(), &href, current == Some(t.as_str())));
    }
    out.push_str("</nav>");
    out
}

fn home_html(base: &str, topics: &BTreeMap<String, Vec<String>>, pdfs: &[Pdf]) -> String {
    page::home_view("", &static_chips(base, topics, None), &page::handouts_html(base, pdfs))
}

fn section_html(base: &str, hit: &crate::search::Hit, body: &str) -> String {
    let back = format!("<a class=\"back\" href=\"{}\">← Home</a>", escape_html(base));
    page::section_view(hit, body, &back, &|t| format!("{base}t/{}.html", path_part(t)))
}

fn topic_html(base: &str, topic: &str, ids: &[String], hits: &[crate::search::Hit]) -> String {
    let mut out = format!(
        "<a class=\"back\" href=\"{}\">← Home</a><h1 class=\"view-title\">Topic: {}</h1><p class=\"count\">{} section{}</p><ul class=\"related\">",
        escape_html(base),
        escape_html(&page::topic_label(topic)),
        ids.len(),
        if ids.len() == 1 { "" } else { "s" }
    );
    for id in ids {
        let Some(h) = hits.iter().find(|h| &h.id == id) else { continue };
        out.push_str(&format!(
            "<li><a href=\"{}{}\"><span class=\"crumb\">{}</span> {}</a></li>",
            escape_html(base),
            static_section_path(&h.id),
            escape_html(&h.title),
            escape_html(&h.heading),
        ));
    }
    out.push_str("</ul>");
    out
}

/// The list of files an export wrote, kept in the folder so the next export knows which files
/// are its own to replace and which are someone else's to keep.
pub const MANIFEST: &str = ".outreach-export";

/// What an existing `dir` holds, for an export about to replace it.
enum Target {
    /// No folder, or an empty one.
    New,
    /// An earlier export: the files it wrote (from its list; for an export without a list,
    /// none: every file it holds is kept unless this export writes it anew).
    Export(BTreeSet<String>),
}

/// Checks that an export may go to `dir`: a new or empty folder, or one holding an earlier
/// export. Anything else is refused before any work is done, so nothing of it can be lost.
pub fn check_target(dir: &Path) -> Result<()> {
    target(dir).map(|_| ())
}

fn target(dir: &Path) -> Result<Target> {
    if !dir.exists() {
        return Ok(Target::New);
    }
    if !dir.is_dir() {
        bail!("`{}` is a file, not a folder; choose a new folder", dir.display());
    }
    let empty = std::fs::read_dir(dir).map(|mut d| d.next().is_none()).unwrap_or(false);
    if empty {
        return Ok(Target::New);
    }
    if let Ok(list) = std::fs::read_to_string(dir.join(MANIFEST)) {
        let ours = list.lines().filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string);
        return Ok(Target::Export(ours.collect()));
    }
    if dir.join("sw.js").is_file() && dir.join("search-data.json").is_file() {
        return Ok(Target::Export(BTreeSet::new()));
    }
    bail!(
        "`{}` exists and is not an earlier export (no sw.js and search-data.json); choose a new folder",
        dir.display()
    )
}

/// Every file under `dir` (symbolic links as files, not followed), as paths relative to it
/// with `/` between folders.
fn files_under(dir: &Path) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut todo = vec![(dir.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = todo.pop() {
        let entries =
            std::fs::read_dir(&folder).with_context(|| format!("cannot read `{}`", folder.display()))?;
        for entry in entries {
            let entry = entry.with_context(|| format!("cannot read `{}`", folder.display()))?;
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                todo.push((entry.path(), format!("{name}/")));
            } else {
                out.push(name);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Copies `from` to `to` as it is: a symbolic link as a link, a file with its permissions.
fn copy_kept(from: &Path, to: &Path) -> std::io::Result<()> {
    if let Some(d) = to.parent() {
        std::fs::create_dir_all(d)?;
    }
    #[cfg(unix)]
    if std::fs::symlink_metadata(from)?.file_type().is_symlink() {
        return std::os::unix::fs::symlink(std::fs::read_link(from)?, to);
    }
    std::fs::copy(from, to).map(|_| ())
}

/// Writes a static copy to `dir` atomically: built in a temporary folder beside it, then
/// renamed into place. An existing `dir` is replaced only if it holds an earlier export: the
/// files that export wrote (listed in its [`MANIFEST`]) are replaced, and every other file
/// (a host's `CNAME`, a page of the clinic's own) is copied into the new export and kept.
/// Returns the files kept that way, and what could not be cleaned up.
///
/// A failure leaves `dir` as it was and no staging folder behind.
pub fn write(copy: &Copy, dir: &Path) -> Result<Written> {
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("cannot create `{}`", parent.display()))?;
    let written: BTreeSet<&str> = copy.files.iter().map(|f| f.path.as_str()).collect();
    let kept: Vec<String> = match target(dir)? {
        Target::New => Vec::new(),
        Target::Export(ours) => files_under(dir)?
            .into_iter()
            .filter(|f| f != MANIFEST && !ours.contains(f) && !written.contains(f.as_str()))
            .collect(),
    };
    // A kept file in a folder this export writes as a file (or the other way round) cannot be
    // placed; say so rather than lose it.
    for f in &kept {
        let clash =
            written.iter().find(|w| f.starts_with(&format!("{w}/")) || w.starts_with(&format!("{f}/")));
        if let Some(w) = clash {
            bail!(
                "`{}` holds `{f}`, which the export did not write and would lose to its `{w}`; move it first",
                dir.display()
            );
        }
    }
    let staging = tempfile::Builder::new()
        .prefix(".export-")
        .tempdir_in(&parent)
        .with_context(|| format!("cannot create a folder in `{}`", parent.display()))?;
    for f in &copy.files {
        let path = staging.path().join(&f.path);
        if let Some(d) = path.parent() {
            std::fs::create_dir_all(d).with_context(|| format!("cannot create `{}`", d.display()))?;
        }
        std::fs::write(&path, &f.bytes).with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    for f in &kept {
        copy_kept(&dir.join(f), &staging.path().join(f))
            .with_context(|| format!("cannot keep `{}`", dir.join(f).display()))?;
    }
    let mut list = String::from(
        "# The files `outreach export` wrote here. The next export replaces these and keeps any other file.\n",
    );
    for f in &written {
        list.push_str(f);
        list.push('\n');
    }
    let manifest = staging.path().join(MANIFEST);
    std::fs::write(&manifest, list).with_context(|| format!("cannot write `{}`", manifest.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(staging.path(), std::fs::Permissions::from_mode(0o755));
    }
    let old = if dir.exists() {
        let aside = parent.join(format!(".export-old-{}", std::process::id()));
        // (On failure `staging` is dropped here, and its folder with it.)
        if let Err(e) = std::fs::rename(dir, &aside) {
            // A mount point (or a folder another program holds) cannot be moved at all.
            let hint = if e.kind() == std::io::ErrorKind::ResourceBusy {
                "; a mount point cannot be replaced: export into a folder inside it"
            } else {
                ""
            };
            return Err(e).with_context(|| {
                format!(
                    "cannot move the old `{}` aside to replace it; nothing was changed{hint}",
                    dir.display()
                )
            });
        }
        Some(aside)
    } else {
        None
    };
    let staged = staging.keep();
    if let Err(e) = std::fs::rename(&staged, dir) {
        if let Some(aside) = &old {
            let _ = std::fs::rename(aside, dir);
        }
        let _ = std::fs::remove_dir_all(&staged);
        return Err(e).with_context(|| format!("cannot move the export to `{}`", dir.display()));
    }
    // The export is in place; an old copy that cannot be removed is named for its owner.
    let left_behind = old.and_then(|aside| {
        std::fs::remove_dir_all(&aside).err().map(|e| {
            format!(
                "the old copy moved aside to `{}` could not be removed ({e}); remove it by hand",
                aside.display()
            )
        })
    });
    Ok(Written { kept, left_behind })
}

/// What [`write()`] did besides writing the export.
#[derive(Debug)]
pub struct Written {
    /// Files of the earlier export's folder that it did not write, kept (paths under the folder).
    pub kept: Vec<String>,
    /// What could not be cleaned up, said as a warning: the export itself is in place.
    pub left_behind: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_mjs_keeps_the_stemmers_licence_notice_whole_and_no_other_comment_of_it() {
        // The notice's words, line by line, as the vendored file has them after its `//`.
        let notice = |source: &str, first: &str, last: &str| {
            let start = source.find(first).unwrap();
            let lines: Vec<&str> = source[start..source.find(last).unwrap()]
                .lines()
                .map(|l| l.trim_start_matches("//").trim())
                .collect();
            lines.join("\n")
        };
        let porter2 = include_str!("assets/porter2.js");
        let source = engine_source(false);
        let mit = notice(porter2, "//     wink-porter2-stemmer", "DEALINGS IN THE SOFTWARE.");
        assert!(source.contains(&mit), "the MIT notice must stay verbatim");
        assert!(source.contains("Copyright (C) 2017-19  GRAYPE Systems Private Limited"));
        for dropped in ["Vendored:", "## Regex Definitions", "Reference: https://snowballstem.org"] {
            assert!(!source.contains(dropped), "{dropped}");
        }
        assert!(source.contains("const porter2=") && !source.contains("module.exports"));
        assert!(
            !source.contains("const spanishStem"),
            "the Spanish stemmer comes only with Spanish documents"
        );
        // With them, its BSD notice comes whole.
        let source = engine_source(true);
        let bsd =
            notice(include_str!("assets/spanish.js"), "//     Copyright (c) 2026, frostem", "SUCH DAMAGE.");
        assert!(source.contains(&bsd));
        assert!(source.contains("const spanishStem=") && !source.contains("module.exports"));
    }

    #[test]
    fn stem_codes_round_trip() {
        for (w, s) in [("addictions", "addict"), ("happy", "happi"), ("detox", "detox"), ("ies", "i")] {
            let code = stem_code(w, s);
            let cut: usize =
                code.chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().unwrap_or(0);
            let tail: String = code.chars().skip_while(|c| c.is_ascii_digit()).collect();
            let back = if code.is_empty() { w.to_string() } else { format!("{}{tail}", &w[..w.len() - cut]) };
            assert_eq!(back, s, "{w}");
        }
    }

    #[test]
    fn copies_over_25_mb_need_the_override() {
        assert!(check_size(MAX_BYTES, false).is_ok());
        let err = check_size(MAX_BYTES + 1, false).unwrap_err().to_string();
        assert!(err.contains("over the 25.0 MB") && err.contains("--allow-large"), "{err}");
        assert!(check_size(MAX_BYTES + 1, true).is_ok());
    }

    #[test]
    fn bases_are_normalized_or_refused() {
        assert_eq!(normalize_base("").unwrap(), "/");
        assert_eq!(normalize_base("outreach").unwrap(), "/outreach/");
        assert_eq!(normalize_base("/a/b/").unwrap(), "/a/b/");
        assert!(normalize_base("/../x").is_err());
        assert!(normalize_base("/a b").is_err());
        assert!(normalize_base("/<x>").is_err());
    }

    #[test]
    fn section_paths_are_file_names() {
        assert_eq!(static_section_path("kratom-addiction#detox"), "s/kratom-addiction/detox.html");
        assert!(!static_section_path("Qué es#Á b/../c").contains(".."));
    }
}
