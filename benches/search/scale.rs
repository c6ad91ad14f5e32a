//! Scale: index time, size and query latency of both engines on the generated corpus.

use super::*;

pub(crate) struct Scale {
    pub(crate) sections: usize,
    pub(crate) corpus_bytes: u64,
    pub(crate) vocab: usize,
    /// Seconds of `Corpus::load` alone.
    pub(crate) load_s: f64,
    /// Seconds of `index::open(force)`: fingerprint, load and build.
    pub(crate) outreach_s: f64,
    pub(crate) outreach_bytes: u64,
    /// Seconds of `Corpus::load` plus the FTS5 build.
    pub(crate) fts_s: f64,
    pub(crate) fts_bytes: u64,
    pub(crate) side: SideBySide,
    pub(crate) lookups: String,
}

pub(crate) fn scale(
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
    pub(crate) fn table(&self) -> String {
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
pub(crate) fn lookup_costs(idx: &Engine, judged: &[Judged]) -> String {
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
pub(crate) fn open_costs(setups: &[(&str, &PathBuf, &PathBuf)]) -> Result<String> {
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
pub(crate) const CLI_QUERIES: &[&str] = &["withdrawal symptoms", "withdrawl symptoms", "dope sick", "treatm"];

/// Median, p90 and min of `runs` interleaved runs of `outreach --version` and of
/// `outreach search` on each (label, corpus, index).
pub(crate) fn cli_latency(exe: &Path, setups: &[(&str, &PathBuf, &PathBuf)], runs: usize) -> Result<String> {
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
