//! Print benchmark: `cargo bench --bench print`.
//!
//! Prints a table of: one 2-page handout built in process (layout and PDF writing broken
//! out), the CLI as a whole process next to `outreach --version` as the floor, 200 handouts
//! with one worker vs two, and file size per page of the shipped outputs. Medians of repeated
//! runs; the machine is noisy, so compare rows of the same run rather than across runs.
//!
//! The peer is Typst compiling a comparable one-page handout (the same sections' text, the
//! same fonts, Letter, 13 pt) as a whole process. Set `TYPST=/path/to/typst`, or let the set-up
//! build it once into `$OUTREACH_BENCH_DIR/typst` (or a temporary folder) with
//! `cargo install typst-cli --locked` (several minutes; never in CI). `OUTREACH_BENCH_NO_TYPST=1`
//! skips the peer.

use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use outreach::corpus::markdown::{Block, spans_text};
use outreach::corpus::{Corpus, Section};
use outreach::print::handout::{self, Selection, Settings};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    f();
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

/// Typst markup for `text`, every character Typst gives a meaning escaped.
fn typst_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\#$*_@<>[]`~=/-+\"".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A Typst document with the same text as a handout of `sections`: title, the sections'
/// headings, paragraphs and lists, in Atkinson Hyperlegible 13 pt on Letter.
fn typst_source(title: &str, sections: &[&Section]) -> String {
    let mut out = String::from(
        "#set page(paper: \"us-letter\", margin: 0.75in, footer: context [#text(size: 9pt)[General \
         information, not medical advice. #h(1fr) Page #counter(page).display() of \
         #counter(page).final().first()]])\n#set text(font: \"Atkinson Hyperlegible\", size: 13pt, \
         lang: \"en\")\n#set par(leading: 0.55em)\n#show heading: set text(fill: rgb(5, 74, 92))\n",
    );
    out.push_str(&format!("= {}\n\n", typst_escape(title)));
    for s in sections {
        out.push_str(&format!("== {}\n\n", typst_escape(&s.heading)));
        for block in &s.blocks {
            match block {
                Block::Heading { text, .. } => out.push_str(&format!("=== {}\n\n", typst_escape(text))),
                Block::Paragraph { spans, .. } => {
                    out.push_str(&format!("{}\n\n", typst_escape(&spans_text(spans))))
                }
                Block::List { start, items, .. } => {
                    for item in items {
                        let marker = if start.is_some() { "+" } else { "-" };
                        out.push_str(&format!("{marker} {}\n", typst_escape(&spans_text(item))));
                    }
                    out.push('\n');
                }
            }
        }
    }
    out
}

/// The Typst binary: `$TYPST`, or built once into the bench folder. `None` when skipped or
/// when it cannot be had (the peer's rows then say so).
fn typst(work: &Path) -> Option<PathBuf> {
    if std::env::var_os("OUTREACH_BENCH_NO_TYPST").is_some() {
        return None;
    }
    if let Some(path) = std::env::var_os("TYPST") {
        return Some(PathBuf::from(path));
    }
    let root = std::env::var_os("OUTREACH_BENCH_DIR")
        .map_or_else(|| work.join("typst"), |d| PathBuf::from(d).join("typst"));
    let bin = root.join("bin/typst");
    if !bin.exists() {
        eprintln!("building Typst into {} (several minutes, once)…", root.display());
        let ok = Command::new("cargo")
            .args(["install", "typst-cli", "--locked", "--root"])
            .arg(&root)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("could not build Typst: the peer rows are skipped");
            return None;
        }
    }
    Some(bin)
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus_dir = root.join("corpus");
    let tmp = tempfile::tempdir().expect("temp dir");
    let index_dir = tmp.path().join("index");
    let idx = outreach::search::Engine::new(
        outreach::search::index::open(&corpus_dir, &index_dir, true).expect("index").0,
    );
    let corpus = Corpus::load(&corpus_dir).expect("corpus");
    let settings = Settings { created: 1_700_000_000, ..Settings::default() };
    let topics = vec!["detox".to_string()];
    let sections =
        handout::select(&corpus, Some(&idx), &Selection { topics: topics.clone(), ..Default::default() })
            .expect("select");
    let built = handout::build(&corpus, &sections, &topics, &settings).expect("build");

    println!(
        "outreach print benchmark ({} cores)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("{:<52} {:>12}", "measure", "median");
    let whole = time(200, || handout::build(&corpus, &sections, &topics, &settings).expect("build"));
    println!("{:<52} {:>12}", format!("detox handout in process ({} pages)", built.pages), ms(whole));

    // The CLI as a whole process, next to the cheapest possible run of the same binary.
    let bin = root.join("target/release/outreach");
    if bin.exists() {
        let out = tmp.path().join("cli.pdf");
        let run = |args: &[&str]| {
            let status = Command::new(&bin)
                .args(args)
                .current_dir(root)
                .env("OUTREACH_INDEX", &index_dir)
                .output()
                .expect("run outreach");
            assert!(status.status.success(), "{}", String::from_utf8_lossy(&status.stderr));
        };
        let floor = time(30, || run(&["--version"]));
        let cli = time(30, || run(&["handout", "detox", "-o", out.to_str().unwrap_or("cli.pdf")]));
        let search = time(30, || run(&["search", "withdrawl symptoms"]));
        println!("{:<52} {:>12}", "process floor: outreach --version", ms(floor));
        println!("{:<52} {:>12}", "outreach handout detox (whole process)", ms(cli));
        println!("{:<52} {:>12}", "outreach search \"withdrawl symptoms\" (whole process)", ms(search));
        let one = time(30, || {
            run(&["handout", "-s", "kratom-addiction#detox", "-o", out.to_str().unwrap_or("cli.pdf")])
        });
        println!("{:<52} {:>12}", "outreach handout -s …#detox (one section, process)", ms(one));
        println!(
            "{:<52} {:>11.2}×",
            "  one section vs process floor",
            one.as_secs_f64() / floor.as_secs_f64()
        );
        if let Some(typst) = typst(tmp.path()) {
            let typ = tmp.path().join("detox.typ");
            std::fs::write(&typ, typst_source(&built.title, &sections)).expect("write detox.typ");
            let pdf = tmp.path().join("typst.pdf");
            let compile = || {
                let status = Command::new(&typst)
                    .arg("compile")
                    .arg("--font-path")
                    .arg(root.join("fonts"))
                    .arg("--ignore-system-fonts")
                    .arg(&typ)
                    .arg(&pdf)
                    .output()
                    .expect("run typst");
                assert!(status.status.success(), "typst: {}", String::from_utf8_lossy(&status.stderr));
            };
            let peer = time(30, compile);
            let pages = Command::new("pdfinfo").arg(&pdf).output().ok().and_then(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .find_map(|l| l.strip_prefix("Pages:").map(|p| p.trim().to_string()))
            });
            println!(
                "{:<52} {:>12}",
                format!("typst compile, same text ({} pages)", pages.as_deref().unwrap_or("?")),
                ms(peer)
            );
            println!(
                "{:<52} {:>11.2}×",
                "  outreach handout detox vs typst",
                cli.as_secs_f64() / peer.as_secs_f64()
            );
        }
    } else {
        println!("(build with `cargo build --release` to time the CLI as a process)");
    }

    // 200 handouts, one worker vs two.
    let jobs: Vec<Vec<String>> =
        (0..200).map(|i| vec![["detox", "signs", "treatment"][i % 3].to_string()]).collect();
    // Generation alone shows the CPU scaling; with files, each write is synced to disk before
    // its rename (crash safety), which the disk, not the cores, paces.
    let batch = |threads: usize, write: bool| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        let out = tmp.path().join(format!("batch{threads}"));
        let start = Instant::now();
        pool.install(|| {
            jobs.par_iter().enumerate().for_each(|(i, topics)| {
                let sel = Selection { topics: topics.clone(), ..Default::default() };
                let sections = handout::select(&corpus, Some(&idx), &sel).expect("select");
                let b = handout::build(&corpus, &sections, topics, &settings).expect("build");
                if write {
                    outreach::output::write_atomic(&out.join(format!("{i}.pdf")), &b.bytes).expect("write");
                }
            })
        });
        start.elapsed()
    };
    for write in [false, true] {
        batch(2, write);
        let one = median((0..5).map(|_| batch(1, write)).collect());
        let two = median((0..5).map(|_| batch(2, write)).collect());
        let what = if write { "built and written" } else { "built in memory" };
        println!("{:<52} {:>12}", format!("200 handouts {what}, --jobs 1"), ms(one));
        println!("{:<52} {:>12}", format!("200 handouts {what}, --jobs 2"), ms(two));
        println!("{:<52} {:>11.2}×", "  speed-up, 2 jobs vs 1", one.as_secs_f64() / two.as_secs_f64());
    }

    println!("\n{:<40} {:>6} {:>10} {:>12}", "file", "pages", "size", "per page");
    let mut files: Vec<(String, usize, usize)> = Vec::new();
    for topic in ["detox", "signs", "treatment"] {
        let t = vec![topic.to_string()];
        let s = handout::select(&corpus, Some(&idx), &Selection { topics: t.clone(), ..Default::default() })
            .expect("select");
        let b = handout::build(&corpus, &s, &t, &settings).expect("build");
        files.push((format!("handouts/{topic}.pdf"), b.pages, b.bytes.len()));
    }
    for spec in ["volunteer-briefing", "clinic-staff-course"] {
        let path: PathBuf = root.join("packs").join(format!("{spec}.toml"));
        let parsed = outreach::print::pack::PackSpec::load(&path).expect("spec");
        let b = outreach::print::pack::build(&corpus, &idx, &parsed, &path, 1_700_000_000).expect("pack");
        files.push((format!("packs/{spec}.pdf"), b.pages, b.bytes.len()));
    }
    for (name, pages, size) in files {
        println!(
            "{:<40} {:>6} {:>7.1} KB {:>9.1} KB",
            name,
            pages,
            size as f64 / 1024.0,
            size as f64 / 1024.0 / pages as f64
        );
    }
}
