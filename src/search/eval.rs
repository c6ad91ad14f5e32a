//! Search quality evaluation against a judged query set.
//!
//! The judged set is TOML:
//!
//! ```toml
//! [[query]]
//! q = "withdrawl symptoms"          # as a person typed it
//! kind = "typo"                     # plain | typo | prefix | lay | phrase (free text)
//! relevant = ["doc#withdrawal"]     # sections that answer it
//! partial = ["doc#detox"]           # optional: sections that help (graded 1 for nDCG)
//! ```
//!
//! Metrics, overall and per kind: MRR@10 and success@1 over `relevant`, nDCG@10 with grades
//! 2 (relevant) and 1 (partial), the zero-result rate, the share a page answers with "No
//! sections match" (no hits, and no word still being typed), and warm per-query latency (p50,
//! p99) with typo tolerance, synonyms and snippets all on.
//!
//! [`as_typed`] turns a set into what a page searching as its user types is asked on the way
//! to each query: every start of it that ends inside a word, three letters or more into it.

use anyhow::{Result, bail};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use crate::search::Engine;
use crate::search::query::SearchOptions;

/// One judged query.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Judged {
    /// The query text.
    pub q: String,
    /// Kind of query, for the per-kind breakdown.
    pub kind: String,
    /// Sections that answer it.
    pub relevant: Vec<String>,
    /// Sections that help.
    #[serde(default)]
    pub partial: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    query: Vec<Judged>,
}

/// Loads a judged set; errors name the file and line.
pub fn load(path: &Path) -> Result<Vec<Judged>> {
    let file: File = crate::toml_file::load(path, "judged query set")?;
    if file.query.is_empty() {
        bail!("{}: no [[query]] entries", path.display());
    }
    Ok(file.query)
}

/// Checks that every section a judged query names is one of `ids`: a mistyped id would only
/// score as a miss. The error names the query's line and the closest ids that exist.
pub fn check_ids(path: &Path, judged: &[Judged], ids: &[String]) -> Result<()> {
    let known: std::collections::HashSet<&str> = ids.iter().map(String::as_str).collect();
    for (k, j) in judged.iter().enumerate() {
        if let Some(id) = j.relevant.iter().chain(&j.partial).find(|id| !known.contains(id.as_str())) {
            let text = crate::source::read_text(path, crate::source::MAX_CONFIG).unwrap_or_default();
            let line = crate::toml_file::table_lines(&text, "query").get(k).copied().unwrap_or(1);
            let why = crate::corpus::unknown_section(id, ids.iter().map(String::as_str));
            return Err(crate::source::SourceError::new(path, line, format!("query `{}`: {why}", j.q)).into());
        }
    }
    Ok(())
}

/// Metrics over a set of queries.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Metrics {
    /// Number of queries.
    pub queries: usize,
    /// Mean reciprocal rank of the first relevant hit in the top 10.
    pub mrr10: f64,
    /// Share of queries whose first hit is relevant.
    pub success1: f64,
    /// Normalized discounted cumulative gain at 10.
    pub ndcg10: f64,
    /// Share of queries with no hits at all.
    pub zero_results: f64,
    /// Share of queries a page answers with "No sections match": no hits, and the last word is
    /// not one still being typed ([`crate::search::query::SearchResult::typing`]).
    pub said_none: f64,
    /// Median latency in milliseconds.
    pub p50_ms: f64,
    /// 99th-percentile latency in milliseconds.
    pub p99_ms: f64,
}

/// The outcome of one query.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    /// The query.
    pub q: String,
    /// Its kind.
    pub kind: String,
    /// 1-based rank of the first relevant hit, if in the top 10.
    pub rank: Option<usize>,
    /// The top hit's id.
    pub top: Option<String>,
    /// Latency in milliseconds.
    pub ms: f64,
    ndcg: f64,
    hits: usize,
    typing: bool,
}

/// A full evaluation report.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// All queries together.
    pub overall: Metrics,
    /// Per query kind.
    pub by_kind: BTreeMap<String, Metrics>,
    /// Each query's outcome.
    pub queries: Vec<Outcome>,
}

/// What a page that searches as its user types is asked on the way to each query of `judged`:
/// every start of it that ends inside a word, at least three letters into the word ("wit",
/// "with", …, "withdrawl sym", …), judged as the whole query is, of kind `typed`; each start
/// once, in order.
pub fn as_typed(judged: &[Judged]) -> Vec<Judged> {
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for j in judged {
        let mut word_start = None;
        for (i, c) in j.q.char_indices().chain(std::iter::once((j.q.len(), ' '))) {
            if c.is_whitespace() {
                word_start = None;
                continue;
            }
            let start = *word_start.get_or_insert(i);
            if j.q[start..i].chars().count() >= 3 && seen.insert(j.q[..i].to_string()) {
                out.push(Judged { q: j.q[..i].to_string(), kind: "typed".into(), ..j.clone() });
            }
        }
    }
    out
}

/// Scores the ranked ids of one query.
pub fn score(judged: &Judged, ranked: &[String]) -> (Option<usize>, f64) {
    let top10 = &ranked[..ranked.len().min(10)];
    let rank = top10.iter().position(|id| judged.relevant.contains(id)).map(|i| i + 1);
    let grade = |id: &String| {
        if judged.relevant.contains(id) {
            2.0
        } else if judged.partial.contains(id) {
            1.0
        } else {
            0.0
        }
    };
    let dcg: f64 = top10.iter().enumerate().map(|(i, id)| gain(grade(id), i)).sum();
    let mut ideal: Vec<f64> =
        judged.relevant.iter().map(|_| 2.0).chain(judged.partial.iter().map(|_| 1.0)).collect();
    ideal.truncate(10);
    let idcg: f64 = ideal.iter().enumerate().map(|(i, g)| gain(*g, i)).sum();
    (rank, if idcg > 0.0 { dcg / idcg } else { 0.0 })
}

fn gain(grade: f64, index: usize) -> f64 {
    (2f64.powf(grade) - 1.0) / ((index + 2) as f64).log2()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn metrics(outcomes: &[&Outcome]) -> Metrics {
    let n = outcomes.len().max(1) as f64;
    let mut ms: Vec<f64> = outcomes.iter().map(|o| o.ms).collect();
    ms.sort_by(f64::total_cmp);
    Metrics {
        queries: outcomes.len(),
        mrr10: outcomes.iter().map(|o| o.rank.map_or(0.0, |r| 1.0 / r as f64)).sum::<f64>() / n,
        success1: outcomes.iter().filter(|o| o.rank == Some(1)).count() as f64 / n,
        ndcg10: outcomes.iter().map(|o| o.ndcg).sum::<f64>() / n,
        zero_results: outcomes.iter().filter(|o| o.hits == 0).count() as f64 / n,
        said_none: outcomes.iter().filter(|o| o.hits == 0 && !o.typing).count() as f64 / n,
        p50_ms: percentile(&ms, 0.5),
        p99_ms: percentile(&ms, 0.99),
    }
}

/// Runs every judged query (once to warm up, then timed) and reports the metrics.
pub fn run(index: &Engine, judged: &[Judged]) -> Result<Report> {
    let options = SearchOptions { limit: 10, topics: Vec::new() };
    for j in judged {
        index.search(&j.q, &options)?;
    }
    let mut outcomes = Vec::with_capacity(judged.len());
    for j in judged {
        let start = Instant::now();
        let result = index.search(&j.q, &options)?;
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let ranked: Vec<String> = result.hits.iter().map(|h| h.id.clone()).collect();
        let (rank, ndcg) = score(j, &ranked);
        outcomes.push(Outcome {
            q: j.q.clone(),
            kind: j.kind.clone(),
            rank,
            top: ranked.first().cloned(),
            ms,
            ndcg,
            hits: result.total,
            typing: result.typing,
        });
    }
    let overall = metrics(&outcomes.iter().collect::<Vec<_>>());
    let mut kinds: BTreeMap<String, Vec<&Outcome>> = BTreeMap::new();
    for o in &outcomes {
        kinds.entry(o.kind.clone()).or_default().push(o);
    }
    let by_kind = kinds.into_iter().map(|(k, v)| (k, metrics(&v))).collect();
    Ok(Report { overall, by_kind, queries: outcomes })
}

impl Report {
    /// The metrics as a text table.
    pub fn table(&self) -> String {
        let mut out = format!(
            "{:<10} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>8} {:>8}\n",
            "kind", "queries", "MRR@10", "succ@1", "nDCG@10", "zero", "none", "p50 ms", "p99 ms"
        );
        let row = |name: &str, m: &Metrics| {
            format!(
                "{:<10} {:>7} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>7.3} {:>8.3} {:>8.3}\n",
                name,
                m.queries,
                m.mrr10,
                m.success1,
                m.ndcg10,
                m.zero_results,
                m.said_none,
                m.p50_ms,
                m.p99_ms
            )
        };
        for (k, m) in &self.by_kind {
            out.push_str(&row(k, m));
        }
        out.push_str(&row("overall", &self.overall));
        out
    }

    /// Queries whose first hit was not relevant, for tuning.
    pub fn misses(&self) -> Vec<&Outcome> {
        self.queries.iter().filter(|o| o.rank != Some(1)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_and_second_place_scores() {
        let j = Judged { q: "x".into(), kind: "plain".into(), relevant: vec!["a".into()], partial: vec![] };
        assert_eq!(score(&j, &["a".into(), "b".into()]), (Some(1), 1.0));
        let (rank, ndcg) = score(&j, &["b".into(), "a".into()]);
        assert_eq!(rank, Some(2));
        assert!((ndcg - 1.0 / 3f64.log2()).abs() < 1e-9);
        assert_eq!(score(&j, &[]).0, None);
    }

    #[test]
    fn as_typed_asks_every_start_inside_a_word_three_letters_in() {
        let j = |q: &str| Judged {
            q: q.into(),
            kind: "typo".into(),
            relevant: vec!["a".into()],
            partial: vec![],
        };
        let typed = as_typed(&[j("my sön hides"), j("my sön")]);
        let qs: Vec<&str> = typed.iter().map(|t| t.q.as_str()).collect();
        assert_eq!(qs, ["my sön hid", "my sön hide"]);
        assert!(typed.iter().all(|t| t.kind == "typed" && t.relevant == ["a"]));
    }
}
