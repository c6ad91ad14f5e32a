//! Search benchmark: outreach against SQLite FTS5 on the judged queries, indexing and query
//! latency on a generated large corpus, and whole-process `outreach search` latency.
//!
//! ```sh
//! cargo bench --bench search              # full run: 100,000 generated sections
//! cargo bench --bench search -- --quick   # 20,000 sections, fewer rounds
//! OUTREACH_BENCH_SECTIONS=50000 cargo bench --bench search
//! ```
//!
//! It prints tables and asserts nothing (timings are not tests). Every number is taken in this
//! one run, next to a peer measured the same way (FTS5 beside outreach, `outreach --version`
//! beside `outreach search`), because the machine is shared and noisy: compare within a table,
//! not across runs.
//!
//! Parts:
//! 1. Quality and warm in-process latency on the shipped corpus: outreach (typo tolerance,
//!    prefixes, synonyms, snippets) and SQLite FTS5 (`porter unicode61`, bm25 with the heading
//!    weighted 2.5× the body, like outreach's heading boost, and `snippet()`), both judged by
//!    `outreach::search::eval::score`.
//! 2. Scale: a corpus of N sections recombined from the real one (real headings plus a number,
//!    paragraphs of shuffled real sentences), written as corpus markdown with the real documents
//!    and `synonyms.toml` beside it. Index time, size on disk and judged-query latency, for
//!    outreach and FTS5, and the cost of the vocabulary look-ups search makes.
//! 3. Whole process: `outreach search` with the index built, against `outreach --version`.

use anyhow::{Context, Result, bail};
use rusqlite::Connection;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use outreach::corpus::markdown::Block;
use outreach::corpus::{Corpus, Section};
use outreach::search::eval::{self, Judged};
use outreach::search::index;
use outreach::search::vocab::typo_budget;
use outreach::search::{Engine, SearchOptions};

/// Sections of the generated corpus in a full run.
const FULL_SECTIONS: usize = 100_000;
/// Sections of the generated corpus with `--quick`.
const QUICK_SECTIONS: usize = 20_000;
/// Sections per generated document.
const SECTIONS_PER_DOC: usize = 10;
/// Heading weight of the FTS5 bm25 ranking (outreach's heading boost is 2.5 too).
const FTS_HEADING_WEIGHT: f64 = 2.5;
/// Hits asked of each engine, as `eval` does.
const LIMIT: usize = 10;

/// What to run, from the command line and environment.
struct Config {
    sections: usize,
    /// Timed passes over the judged queries (after one warm-up pass).
    rounds: usize,
    /// Runs of each command in the process-latency table.
    cli_runs: usize,
}

impl Config {
    fn from_env() -> Result<Config> {
        // `cargo bench` passes `--bench`; anything else unknown is a mistake worth reporting.
        let mut quick = false;
        for arg in std::env::args().skip(1) {
            match arg.as_str() {
                "--quick" => quick = true,
                "--bench" => {}
                other => bail!("unknown argument `{other}`; use --quick or OUTREACH_BENCH_SECTIONS=N"),
            }
        }
        quick |= std::env::var_os("OUTREACH_BENCH_QUICK").is_some_and(|v| !v.is_empty());
        let sections = match std::env::var("OUTREACH_BENCH_SECTIONS") {
            Ok(v) => {
                v.trim().parse().with_context(|| format!("OUTREACH_BENCH_SECTIONS=`{v}` is not a number"))?
            }
            Err(_) if quick => QUICK_SECTIONS,
            Err(_) => FULL_SECTIONS,
        };
        Ok(Config { sections, rounds: if quick { 3 } else { 10 }, cli_runs: if quick { 30 } else { 40 } })
    }
}

fn main() -> Result<()> {
    let config = Config::from_env()?;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus_dir = root.join("corpus");
    let judged = eval::load(&root.join("tests/queries.toml"))?;
    let work = Work::new()?;
    println!(
        "outreach search benchmark: {} judged queries, {} timed rounds, {} cores, load average {}\n",
        judged.len(),
        config.rounds,
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        load_average()
    );

    // 1. Shipped corpus: quality and latency side by side.
    let corpus = Corpus::load(&corpus_dir)?;
    let idx = Engine::new(index::open(&corpus_dir, &work.path().join("index"), true)?.0);
    let fts = Fts5::build(&corpus, None)?;
    let sections = corpus.sections().count();
    let side = compare(&idx, &fts, &judged, config.rounds)?;
    println!("## Quality: shipped corpus ({sections} sections), top {LIMIT}\n");
    print!("{}", side.quality_table());
    println!("\n## Latency: shipped corpus, warm, in process, per query\n");
    print!("{}", side.latency_table());
    println!();
    drop(idx);

    // 2. Scale.
    let gen_dir = work.path().join("large-corpus");
    let written = generate(&corpus, &corpus_dir, &gen_dir, config.sections)?;
    let scale =
        scale(&gen_dir, &work.path().join("large-index"), &work.path().join("large.fts5"), &judged, &config)?;
    println!(
        "## Scale: {} sections in {} files ({} generated + the shipped corpus)\n",
        scale.sections, written.files, written.sections
    );
    print!("{}", scale.table());
    println!("\n## Latency at scale: judged queries, warm, in process, per query\n");
    print!("{}", scale.side.latency_table());
    println!("\nslowest judged queries at scale (median of the timed rounds):\n");
    print!("{}", scale.side.slowest_table(8));
    println!("\n## Where outreach's query time goes at scale (vocabulary look-ups per call)\n");
    print!("{}", scale.lookups);
    println!();

    // 3. Whole process.
    println!(
        "## Whole process: `outreach search`, index built, {} runs each, interleaved\n",
        config.cli_runs
    );
    let exe = Path::new(env!("CARGO_BIN_EXE_outreach"));
    let cli = cli_latency(
        exe,
        &[
            ("shipped", &corpus_dir, &work.path().join("index")),
            ("large", &gen_dir, &work.path().join("large-index")),
        ],
        config.cli_runs,
    )?;
    print!("{cli}");
    println!("\nwhat each `outreach search` pays before searching (in process, median of 9 runs):\n");
    print!(
        "{}",
        open_costs(&[
            ("shipped", &corpus_dir, &work.path().join("index")),
            ("large", &gen_dir, &work.path().join("large-index")),
        ])?
    );
    println!("\nload average at the end: {}", load_average());
    Ok(())
}

/// The 1, 5 and 15 minute load averages, to tell a quiet run from a busy one (2 cores: above 2,
/// something else wanted the processors too).
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

// ---------------------------------------------------------------------------------------------
// Engines

/// The folder the benchmark writes to: a temporary one, or `OUTREACH_BENCH_DIR` (kept, so
/// the generated corpus and indexes can be profiled with the CLI afterwards).
enum Work {
    Temp(tempfile::TempDir),
    Kept(PathBuf),
}

impl Work {
    fn new() -> Result<Work> {
        match std::env::var_os("OUTREACH_BENCH_DIR") {
            Some(dir) if !dir.is_empty() => {
                let dir = PathBuf::from(dir);
                if dir.exists() {
                    fs::remove_dir_all(&dir).with_context(|| format!("cannot empty `{}`", dir.display()))?;
                }
                fs::create_dir_all(&dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
                Ok(Work::Kept(dir))
            }
            _ => Ok(Work::Temp(
                tempfile::Builder::new()
                    .prefix("outreach-bench-")
                    .tempdir()
                    .context("cannot create a temp folder")?,
            )),
        }
    }

    fn path(&self) -> &Path {
        match self {
            Work::Temp(t) => t.path(),
            Work::Kept(p) => p,
        }
    }
}

/// SQLite FTS5 with one row per section.
struct Fts5 {
    conn: Connection,
}

impl Fts5 {
    /// Builds the table in memory, or in the database file `path`.
    fn build(corpus: &Corpus, path: Option<&Path>) -> Result<Fts5> {
        let conn = match path {
            Some(p) => Connection::open(p).with_context(|| format!("cannot open `{}`", p.display()))?,
            None => Connection::open_in_memory()?,
        };
        conn.execute_batch(
            "CREATE VIRTUAL TABLE sections USING fts5(id UNINDEXED, heading, body, tokenize='porter unicode61');",
        )
        .context("cannot create the FTS5 table (is FTS5 compiled in?)")?;
        let tx = conn.unchecked_transaction()?;
        {
            let mut insert = tx.prepare("INSERT INTO sections (id, heading, body) VALUES (?1, ?2, ?3)")?;
            for s in corpus.sections() {
                insert.execute((&s.id, &s.heading, s.plain_text()))?;
            }
        }
        tx.commit()?;
        // One segment, as a built-once index would ship.
        conn.execute("INSERT INTO sections(sections) VALUES ('optimize')", [])?;
        Ok(Fts5 { conn })
    }

    /// The best [`LIMIT`] section ids for what a person typed, with a snippet each (as outreach
    /// makes one). A query FTS5 rejects counts as no results, never as a failure.
    fn search(&self, text: &str) -> Ranked {
        let Some(query) = fts5_query(text) else { return Ranked::default() };
        let run = || -> rusqlite::Result<Vec<String>> {
            let mut stmt = self.conn.prepare_cached(&format!(
                "SELECT id, snippet(sections, 2, '<mark>', '</mark>', '…', 24) FROM sections \
                 WHERE sections MATCH ?1 ORDER BY bm25(sections, 0.0, {FTS_HEADING_WEIGHT}, 1.0) LIMIT {LIMIT}"
            ))?;
            let rows = stmt.query_map([&query], |r| {
                let _snippet: String = r.get(1)?;
                r.get::<_, String>(0)
            })?;
            rows.collect()
        };
        match run() {
            Ok(ids) => Ranked { total: ids.len(), ids, failed: false },
            Err(_) => Ranked { failed: true, ..Ranked::default() },
        }
    }
}

/// Turns typed text into an FTS5 query that cannot be a syntax error: every run of letters and
/// digits becomes a quoted string, and they are ORed. `None` when there are no words at all.
fn fts5_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .take(outreach::search::query::MAX_WORDS)
        .map(|w| format!("\"{}\"", w.replace('"', "\"\"")))
        .collect();
    (!words.is_empty()).then(|| words.join(" OR "))
}

/// One engine's answer: ranked ids and how many matched (at most [`LIMIT`] for FTS5, which is
/// only asked for the top; zero is what matters).
#[derive(Default)]
struct Ranked {
    ids: Vec<String>,
    total: usize,
    failed: bool,
}

fn outreach_search(idx: &Engine, q: &str) -> Result<Ranked> {
    let result = idx.search(q, &SearchOptions { limit: LIMIT, topics: vec![] })?;
    Ok(Ranked { ids: result.hits.into_iter().map(|h| h.id).collect(), total: result.total, failed: false })
}

// ---------------------------------------------------------------------------------------------
// Side-by-side runs

/// One engine's outcomes over the judged set.
#[derive(Default)]
struct EngineRun {
    /// Per judged query: (rank of first relevant hit, nDCG@10, no results).
    scored: Vec<(Option<usize>, f64, bool)>,
    /// Every timed call, in milliseconds.
    ms: Vec<f64>,
    /// Per query kind, its timed calls.
    ms_by_kind: BTreeMap<String, Vec<f64>>,
    /// Per judged query (in file order), its timed calls.
    ms_by_query: Vec<Vec<f64>>,
    /// Queries the engine rejected.
    failed: usize,
}

struct SideBySide {
    kinds: Vec<String>,
    queries: Vec<String>,
    outreach: EngineRun,
    fts: EngineRun,
}

/// Runs every judged query on both engines: once untimed (warm-up, and the answers that are
/// scored), then `rounds` timed passes per engine.
fn compare(idx: &Engine, fts: &Fts5, judged: &[Judged], rounds: usize) -> Result<SideBySide> {
    let mut side = SideBySide {
        kinds: judged.iter().map(|j| j.kind.clone()).collect(),
        queries: judged.iter().map(|j| j.q.clone()).collect(),
        outreach: EngineRun { ms_by_query: vec![Vec::new(); judged.len()], ..EngineRun::default() },
        fts: EngineRun { ms_by_query: vec![Vec::new(); judged.len()], ..EngineRun::default() },
    };
    for j in judged {
        let o = outreach_search(idx, &j.q)?;
        let (rank, ndcg) = eval::score(j, &o.ids);
        side.outreach.scored.push((rank, ndcg, o.total == 0));
        let f = fts.search(&j.q);
        let (rank, ndcg) = eval::score(j, &f.ids);
        side.fts.scored.push((rank, ndcg, f.total == 0));
        side.fts.failed += usize::from(f.failed);
    }
    // Each pass runs one engine over the whole set, so neither evicts the other's caches
    // between queries; passes alternate which engine goes first, so drift in machine load
    // falls on both.
    let time_outreach = |run: &mut EngineRun| -> Result<()> {
        for (i, j) in judged.iter().enumerate() {
            let start = Instant::now();
            std::hint::black_box(outreach_search(idx, &j.q)?);
            run.record(i, &j.kind, start.elapsed());
        }
        Ok(())
    };
    let time_fts = |run: &mut EngineRun| {
        for (i, j) in judged.iter().enumerate() {
            let start = Instant::now();
            std::hint::black_box(fts.search(&j.q));
            run.record(i, &j.kind, start.elapsed());
        }
    };
    for round in 0..rounds {
        if round % 2 == 0 {
            time_outreach(&mut side.outreach)?;
            time_fts(&mut side.fts);
        } else {
            time_fts(&mut side.fts);
            time_outreach(&mut side.outreach)?;
        }
    }
    Ok(side)
}

impl EngineRun {
    fn record(&mut self, query: usize, kind: &str, elapsed: Duration) {
        let ms = elapsed.as_secs_f64() * 1000.0;
        self.ms_by_query[query].push(ms);
        self.ms.push(ms);
        self.ms_by_kind.entry(kind.to_string()).or_default().push(ms);
    }
}

/// (MRR@10, success@1, nDCG@10, zero-result rate) over the queries whose kind passes `keep`.
fn quality(run: &EngineRun, kinds: &[String], keep: impl Fn(&str) -> bool) -> (usize, [f64; 4]) {
    let rows: Vec<_> = run.scored.iter().zip(kinds).filter(|(_, k)| keep(k)).map(|(s, _)| s).collect();
    let n = rows.len().max(1) as f64;
    let mrr = rows.iter().map(|(r, _, _)| r.map_or(0.0, |r| 1.0 / r as f64)).sum::<f64>() / n;
    let s1 = rows.iter().filter(|(r, _, _)| *r == Some(1)).count() as f64 / n;
    let ndcg = rows.iter().map(|(_, g, _)| g).sum::<f64>() / n;
    let zero = rows.iter().filter(|(_, _, z)| *z).count() as f64 / n;
    (rows.len(), [mrr, s1, ndcg, zero])
}

/// The `p`th percentile (nearest rank) of `values`.
fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    v[(((v.len() - 1) as f64) * p).round() as usize]
}

impl SideBySide {
    fn quality_table(&self) -> String {
        let mut out = format!(
            "{:<9} {:<12} {:>7} {:>7} {:>7} {:>8} {:>6}\n",
            "kind", "engine", "queries", "MRR@10", "succ@1", "nDCG@10", "zero"
        );
        let mut kinds: Vec<&str> = self.kinds.iter().map(String::as_str).collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds.push("overall");
        for kind in kinds {
            for (name, run) in [("outreach", &self.outreach), ("sqlite-fts5", &self.fts)] {
                let (n, [mrr, s1, ndcg, zero]) =
                    quality(run, &self.kinds, |k| kind == "overall" || k == kind);
                let _ =
                    writeln!(out, "{kind:<9} {name:<12} {n:>7} {mrr:>7.3} {s1:>7.3} {ndcg:>8.3} {zero:>6.3}");
            }
        }
        let _ = writeln!(
            out,
            "(FTS5 queries rejected as syntax errors, counted as no results: {})",
            self.fts.failed
        );
        out
    }

    /// outreach's slowest judged queries by median, with FTS5's median beside.
    fn slowest_table(&self, n: usize) -> String {
        let mut rows: Vec<(f64, f64, usize)> = (0..self.queries.len())
            .map(|i| {
                (percentile(&self.outreach.ms_by_query[i], 0.5), percentile(&self.fts.ms_by_query[i], 0.5), i)
            })
            .collect();
        rows.sort_by(|a, b| b.0.total_cmp(&a.0));
        let mut out = format!("{:<40} {:<7} {:>12} {:>10}\n", "query", "kind", "outreach ms", "fts5 ms");
        for (o, f, i) in rows.into_iter().take(n) {
            let q: String = format!("{:?}", self.queries[i]).chars().take(40).collect();
            let _ = writeln!(out, "{q:<40} {:<7} {o:>12.3} {f:>10.3}", self.kinds[i]);
        }
        out
    }

    fn latency_table(&self) -> String {
        let mut out = format!(
            "{:<9} {:<12} {:>7} {:>8} {:>8} {:>8}\n",
            "kind", "engine", "calls", "p50 ms", "p99 ms", "max ms"
        );
        let mut rows: Vec<(&str, &[f64], &[f64])> = self
            .outreach
            .ms_by_kind
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_slice(), self.fts.ms_by_kind[k].as_slice()))
            .collect();
        rows.push(("overall", &self.outreach.ms, &self.fts.ms));
        for (kind, o, f) in rows {
            for (name, ms) in [("outreach", o), ("sqlite-fts5", f)] {
                let max = ms.iter().copied().fold(0.0, f64::max);
                let _ = writeln!(
                    out,
                    "{kind:<9} {name:<12} {:>7} {:>8.3} {:>8.3} {max:>8.3}",
                    ms.len(),
                    percentile(ms, 0.5),
                    percentile(ms, 0.99)
                );
            }
        }
        let ratio = |p| percentile(&self.outreach.ms, p) / percentile(&self.fts.ms, p).max(1e-9);
        let _ = writeln!(out, "outreach / fts5: p50 {:.2}×, p99 {:.2}×", ratio(0.5), ratio(0.99));
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Generated corpus

struct Written {
    files: usize,
    sections: usize,
}

/// The real corpus cut into pieces to recombine.
struct Pieces<'a> {
    /// Per real section: its heading and its sentences.
    sections: Vec<(&'a str, Vec<String>)>,
    /// Every list item of the corpus.
    items: Vec<String>,
    /// Every sentence of the corpus.
    all: Vec<String>,
}

fn pieces(corpus: &Corpus) -> Pieces<'_> {
    let mut p = Pieces { sections: Vec::new(), items: Vec::new(), all: Vec::new() };
    for s in corpus.sections() {
        let sentences = own_sentences(s, &mut p.items);
        p.all.extend(sentences.iter().cloned());
        if !sentences.is_empty() {
            p.sections.push((&s.heading, sentences));
        }
    }
    p
}

/// Sentences of a section's own paragraphs; its list items go to `items`.
fn own_sentences(s: &Section, items: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for b in &s.blocks[..s.own_blocks] {
        match b {
            Block::Paragraph { .. } => out.extend(split_sentences(&b.plain_text())),
            Block::List { items: list, .. } => items
                .extend(list.iter().map(|i| outreach::corpus::markdown::spans_text(i).trim().to_string())),
            Block::Heading { .. } => {}
        }
    }
    out
}

/// Splits at `. `, `? ` and `! `, keeping the punctuation.
fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i] == b' ' && matches!(bytes[i - 1], b'.' | b'?' | b'!') {
            out.push(text[start..i].trim().to_string());
            start = i + 1;
        }
    }
    out.push(text[start..].trim().to_string());
    // A sentence that opens like markdown syntax would change the structure; leave it out.
    out.retain(|s| s.len() > 20 && !s.starts_with(['#', '-', '*', '+', '>', '|', '<']));
    out
}

/// Writes `sections` generated sections (plus the shipped documents and synonyms) to `dir`.
fn generate(corpus: &Corpus, corpus_dir: &Path, dir: &Path, sections: usize) -> Result<Written> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut files = 0;
    for entry in fs::read_dir(corpus_dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md" || e == "toml") {
            let name = path.file_name().context("corpus file without a name")?;
            fs::copy(&path, dir.join(name)).with_context(|| format!("cannot copy `{}`", path.display()))?;
            files += usize::from(path.extension().is_some_and(|e| e == "md"));
        }
    }
    let p = pieces(corpus);
    if p.sections.is_empty() {
        bail!("the shipped corpus has no paragraphs to recombine");
    }
    let mut rng = fastrand::Rng::with_seed(2024);
    let mut n = 0;
    let mut doc_no = 0;
    while n < sections {
        doc_no += 1;
        let title = &corpus.documents[doc_no % corpus.documents.len()].meta.title;
        let mut text = format!(
            "+++\nid = \"gen-{doc_no:06}\"\ntitle = \"{title} {doc_no}\"\nlanguage = \"en\"\n\
             source = \"Generated for benchmarks from the shipped corpus\"\nreviewed = \"unknown\"\n+++\n"
        );
        for _ in 0..SECTIONS_PER_DOC.min(sections - n) {
            n += 1;
            let (heading, own) = &p.sections[rng.usize(..p.sections.len())];
            let _ = write!(text, "\n## {heading} {n}\n");
            for _ in 0..rng.usize(1..=3) {
                // Mostly the heading's own sentences, some from anywhere, as related text mixes.
                let sentences: Vec<&str> = (0..rng.usize(2..=5))
                    .map(|_| {
                        let from = if rng.u8(..10) < 7 { own } else { &p.all };
                        from[rng.usize(..from.len())].as_str()
                    })
                    .collect();
                let _ = write!(text, "\n{}\n", sentences.join(" "));
            }
            if !p.items.is_empty() && rng.u8(..4) == 0 {
                text.push('\n');
                for _ in 0..rng.usize(2..=5) {
                    let _ = writeln!(text, "- {}", p.items[rng.usize(..p.items.len())]);
                }
            }
        }
        let path = dir.join(format!("gen-{doc_no:06}.md"));
        fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
        files += 1;
    }
    Ok(Written { files, sections: n })
}

/// Total size of the files under `path`.
fn disk_size(path: &Path) -> Result<u64> {
    let meta = fs::metadata(path).with_context(|| format!("cannot stat `{}`", path.display()))?;
    if !meta.is_dir() {
        return Ok(meta.len());
    }
    let mut total = 0;
    for entry in fs::read_dir(path)? {
        total += disk_size(&entry?.path())?;
    }
    Ok(total)
}

// ---------------------------------------------------------------------------------------------
// Scale

struct Scale {
    sections: usize,
    corpus_bytes: u64,
    vocab: usize,
    /// Seconds of `Corpus::load` alone.
    load_s: f64,
    /// Seconds of `index::open(force)`: fingerprint, load and build.
    outreach_s: f64,
    outreach_bytes: u64,
    /// Seconds of `Corpus::load` plus the FTS5 build.
    fts_s: f64,
    fts_bytes: u64,
    side: SideBySide,
    lookups: String,
}

fn scale(
    corpus_dir: &Path,
    index_dir: &Path,
    fts_path: &Path,
    judged: &[Judged],
    config: &Config,
) -> Result<Scale> {
    let start = Instant::now();
    let corpus = Corpus::load(corpus_dir)?;
    let load_s = start.elapsed().as_secs_f64();
    let sections = corpus.sections().count();
    drop(corpus);

    let start = Instant::now();
    let idx = Engine::new(index::open(corpus_dir, index_dir, true)?.0);
    let outreach_s = start.elapsed().as_secs_f64();

    let start = Instant::now();
    let corpus = Corpus::load(corpus_dir)?;
    let fts = Fts5::build(&corpus, Some(fts_path))?;
    let fts_s = start.elapsed().as_secs_f64();
    drop(corpus);

    let corpus_bytes =
        outreach::corpus::corpus_files(corpus_dir)?.iter().map(|p| disk_size(p)).sum::<Result<u64>>()?;
    let side = compare(&idx, &fts, judged, config.rounds)?;
    let lookups = lookup_costs(&idx, judged);
    Ok(Scale {
        sections,
        corpus_bytes,
        vocab: idx.index.vocab.len(),
        load_s,
        outreach_s,
        outreach_bytes: disk_size(&idx.index.dir)?,
        fts_s,
        fts_bytes: disk_size(fts_path)?,
        side,
        lookups,
    })
}

impl Scale {
    fn table(&self) -> String {
        let mb = |b: u64| b as f64 / (1024.0 * 1024.0);
        let mut out = format!(
            "{:<12} {:>9} {:>10} {:>9} {:>10} {:>9} {:>8}\n",
            "engine", "sections", "corpus MB", "index s", "(load s)", "index MB", "index/corpus"
        );
        for (name, secs, bytes) in
            [("outreach", self.outreach_s, self.outreach_bytes), ("sqlite-fts5", self.fts_s, self.fts_bytes)]
        {
            let _ = writeln!(
                out,
                "{name:<12} {:>9} {:>10.1} {secs:>9.1} {:>10.1} {:>9.1} {:>7.2}×",
                self.sections,
                mb(self.corpus_bytes),
                self.load_s,
                mb(bytes),
                bytes as f64 / self.corpus_bytes as f64
            );
        }
        let _ = writeln!(
            out,
            "index s: outreach = index::open(force) (fingerprint + Corpus::load + build); \
             fts5 = Corpus::load + inserts + optimize. vocabulary: {} words",
            self.vocab
        );
        out
    }
}

/// Times the vocabulary look-ups search makes for the judged queries: `corrections` for each
/// word not in the vocabulary, `completions` for each query's last word.
fn lookup_costs(idx: &Engine, judged: &[Judged]) -> String {
    let mut corrections = Vec::new();
    let mut completions = Vec::new();
    for j in judged {
        let parsed = outreach::search::query::parse_query(&j.q);
        for w in &parsed.words {
            if !idx.index.vocab.contains(w) && typo_budget(w.chars().count()) > 0 {
                let start = Instant::now();
                std::hint::black_box(idx.index.vocab.corrections(w));
                corrections.push(start.elapsed().as_secs_f64() * 1000.0);
            }
        }
        if let Some(w) = parsed.words.last().filter(|w| parsed.last_is_prefix && w.chars().count() >= 3) {
            let start = Instant::now();
            std::hint::black_box(idx.index.vocab.completions(w));
            completions.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    let mut out =
        format!("{:<13} {:>6} {:>8} {:>8} {:>8}\n", "look-up", "calls", "p50 ms", "p99 ms", "max ms");
    for (name, ms) in [("corrections", &corrections), ("completions", &completions)] {
        let max = ms.iter().copied().fold(0.0, f64::max);
        let _ = writeln!(
            out,
            "{name:<13} {:>6} {:>8.3} {:>8.3} {max:>8.3}",
            ms.len(),
            percentile(ms, 0.5),
            percentile(ms, 0.99)
        );
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Whole process

/// Median times of the corpus fingerprint (read and hash every corpus file) and of a whole
/// `index::open` of a fresh index (fingerprint, tantivy open, vocabulary load).
fn open_costs(setups: &[(&str, &PathBuf, &PathBuf)]) -> Result<String> {
    let mut out = format!("{:<8} {:>15} {:>18}\n", "corpus", "fingerprint ms", "index::open ms");
    for (label, corpus, index) in setups {
        let mut fingerprint = Vec::new();
        let mut open = Vec::new();
        for _ in 0..9 {
            let start = Instant::now();
            std::hint::black_box(outreach::corpus::fingerprint(corpus)?);
            fingerprint.push(start.elapsed().as_secs_f64() * 1000.0);
            let start = Instant::now();
            let (idx, fresh) = index::open(corpus, index, false)?;
            open.push(start.elapsed().as_secs_f64() * 1000.0);
            if fresh != index::Freshness::Fresh {
                bail!("the {label} index was rebuilt while timing opens");
            }
            drop(idx);
        }
        let _ = writeln!(
            out,
            "{label:<8} {:>15.2} {:>18.2}",
            percentile(&fingerprint, 0.5),
            percentile(&open, 0.5)
        );
    }
    Ok(out)
}

/// Queries the process-latency runs cycle through: plain, typo, lay and prefix.
const CLI_QUERIES: &[&str] = &["withdrawal symptoms", "withdrawl symptoms", "dope sick", "treatm"];

/// Median, p90 and min of `runs` interleaved runs of `outreach --version` and of
/// `outreach search` on each (label, corpus, index).
fn cli_latency(exe: &Path, setups: &[(&str, &PathBuf, &PathBuf)], runs: usize) -> Result<String> {
    let base = |args: &[&str], corpus: Option<(&PathBuf, &PathBuf)>| {
        let mut c = Command::new(exe);
        if let Some((corpus, index)) = corpus {
            c.arg("--corpus").arg(corpus).arg("--index").arg(index);
        }
        c.args(args).env("NO_COLOR", "1").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::piped());
        c
    };
    let time = |mut c: Command| -> Result<f64> {
        let start = Instant::now();
        let out = c.output().with_context(|| format!("cannot run `{}`", exe.display()))?;
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        if !out.status.success() {
            bail!("`outreach` failed: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(ms)
    };
    let mut labels = vec!["outreach --version (process floor)".to_string()];
    labels.extend(setups.iter().map(|(l, _, _)| format!("outreach search, {l} corpus")));
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); labels.len()];
    // Warm-up: page cache, and the index must already be fresh (no rebuild inside the timing).
    for (_, corpus, index) in setups {
        time(base(&["search", "warm"], Some((corpus, index))))?;
    }
    for i in 0..runs {
        samples[0].push(time(base(&["--version"], None))?);
        for (k, (_, corpus, index)) in setups.iter().enumerate() {
            let q = CLI_QUERIES[i % CLI_QUERIES.len()];
            samples[k + 1].push(time(base(&["search", q], Some((corpus, index))))?);
        }
    }
    let floor = percentile(&samples[0], 0.5);
    let mut out = format!(
        "{:<36} {:>5} {:>10} {:>8} {:>8} {:>11}\n",
        "command", "runs", "median ms", "p90 ms", "min ms", "over floor"
    );
    for (label, ms) in labels.iter().zip(&samples) {
        let min = ms.iter().copied().fold(f64::INFINITY, f64::min);
        let median = percentile(ms, 0.5);
        let _ = writeln!(
            out,
            "{label:<36} {:>5} {median:>10.2} {:>8.2} {min:>8.2} {:>10.2}",
            ms.len(),
            percentile(ms, 0.9),
            median - floor
        );
    }
    let _ = writeln!(out, "queries cycled: {}", CLI_QUERIES.join(" | "));
    Ok(out)
}
