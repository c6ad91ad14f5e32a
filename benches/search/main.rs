//! Search benchmark: outreach against SQLite FTS5 on the judged queries, indexing and query
//! latency on a generated large corpus, and whole-process `outreach search` latency.
//!
//! ```sh
//! cargo bench --features bench-fts5 --bench search              # full run: 100,000 generated sections
//! cargo bench --features bench-fts5 --bench search -- --quick   # 20,000 sections, fewer rounds
//! OUTREACH_BENCH_SECTIONS=50000 cargo bench --features bench-fts5 --bench search
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

mod engines;
mod generate;
mod scale;
mod side_by_side;

use engines::*;
use generate::*;
use scale::*;
use side_by_side::*;

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
