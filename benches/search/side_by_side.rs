//! Side-by-side runs: both engines over the judged queries, and the quality and latency tables.

use super::*;

/// One engine's outcomes over the judged set.
#[derive(Default)]
pub(crate) struct EngineRun {
    /// Per judged query: (rank of first relevant hit, nDCG@10, no results).
    pub(crate) scored: Vec<(Option<usize>, f64, bool)>,
    /// Every timed call, in milliseconds.
    pub(crate) ms: Vec<f64>,
    /// Per query kind, its timed calls.
    pub(crate) ms_by_kind: BTreeMap<String, Vec<f64>>,
    /// Per judged query (in file order), its timed calls.
    pub(crate) ms_by_query: Vec<Vec<f64>>,
    /// Queries the engine rejected.
    pub(crate) failed: usize,
}

pub(crate) struct SideBySide {
    pub(crate) kinds: Vec<String>,
    pub(crate) queries: Vec<String>,
    pub(crate) outreach: EngineRun,
    pub(crate) fts: EngineRun,
}

/// Runs every judged query on both engines: once untimed (warm-up, and the answers that are
/// scored), then `rounds` timed passes per engine.
pub(crate) fn compare(idx: &Engine, fts: &Fts5, judged: &[Judged], rounds: usize) -> Result<SideBySide> {
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
    pub(crate) fn record(&mut self, query: usize, kind: &str, elapsed: Duration) {
        let ms = elapsed.as_secs_f64() * 1000.0;
        self.ms_by_query[query].push(ms);
        self.ms.push(ms);
        self.ms_by_kind.entry(kind.to_string()).or_default().push(ms);
    }
}

/// (MRR@10, success@1, nDCG@10, zero-result rate) over the queries whose kind passes `keep`.
pub(crate) fn quality(run: &EngineRun, kinds: &[String], keep: impl Fn(&str) -> bool) -> (usize, [f64; 4]) {
    let rows: Vec<_> = run.scored.iter().zip(kinds).filter(|(_, k)| keep(k)).map(|(s, _)| s).collect();
    let n = rows.len().max(1) as f64;
    let mrr = rows.iter().map(|(r, _, _)| r.map_or(0.0, |r| 1.0 / r as f64)).sum::<f64>() / n;
    let s1 = rows.iter().filter(|(r, _, _)| *r == Some(1)).count() as f64 / n;
    let ndcg = rows.iter().map(|(_, g, _)| g).sum::<f64>() / n;
    let zero = rows.iter().filter(|(_, _, z)| *z).count() as f64 / n;
    (rows.len(), [mrr, s1, ndcg, zero])
}

/// The `p`th percentile (nearest rank) of `values`.
pub(crate) fn percentile(values: &[f64], p: f64) -> f64 {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    v[(((v.len() - 1) as f64) * p).round() as usize]
}

impl SideBySide {
    pub(crate) fn quality_table(&self) -> String {
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
    pub(crate) fn slowest_table(&self, n: usize) -> String {
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

    pub(crate) fn latency_table(&self) -> String {
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
