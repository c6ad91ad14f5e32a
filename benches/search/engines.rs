//! The search engines compared: outreach in process, and SQLite FTS5 built from the same sections.

use super::*;

/// The folder the benchmark writes to: a temporary one, or `OUTREACH_BENCH_DIR` (kept, so
/// the generated corpus and indexes can be profiled with the CLI afterwards).
pub(crate) enum Work {
    Temp(tempfile::TempDir),
    Kept(PathBuf),
}

impl Work {
    pub(crate) fn new() -> Result<Work> {
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

    pub(crate) fn path(&self) -> &Path {
        match self {
            Work::Temp(t) => t.path(),
            Work::Kept(p) => p,
        }
    }
}

/// SQLite FTS5 with one row per section.
pub(crate) struct Fts5 {
    pub(crate) conn: Connection,
}

impl Fts5 {
    /// Builds the table in memory, or in the database file `path`.
    pub(crate) fn build(corpus: &Corpus, path: Option<&Path>) -> Result<Fts5> {
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
    pub(crate) fn search(&self, text: &str) -> Ranked {
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
pub(crate) fn fts5_query(text: &str) -> Option<String> {
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
pub(crate) struct Ranked {
    pub(crate) ids: Vec<String>,
    pub(crate) total: usize,
    pub(crate) failed: bool,
}

pub(crate) fn outreach_search(idx: &Engine, q: &str) -> Result<Ranked> {
    let result = idx.search(q, &SearchOptions { limit: LIMIT, topics: vec![] })?;
    Ok(Ranked { ids: result.hits.into_iter().map(|h| h.id).collect(), total: result.total, failed: false })
}
