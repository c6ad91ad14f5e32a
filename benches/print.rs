//! Print benchmark: `cargo bench --bench print`.
//!
//! Prints a table of: the detox handout built in process, the CLI as a whole process next to
//! `outreach --version` as the floor, 200 handouts with one worker vs two, and file size per
//! page of the shipped outputs. Medians of repeated runs; the machine is noisy, so compare
//! rows of the same run rather than across runs. Whole processes take turns (one run of each
//! per round) and their ratios are medians of per-round ratios, so load that comes and goes
//! hits every row alike; the batches alternate one worker and two, and report the CPU time
//! they spent, which load does not inflate the way it does wall time. Where valgrind is
//! installed, each whole process is also run once under callgrind for its instruction count,
//! which does not vary with load at all (`OUTREACH_BENCH_NO_VALGRIND=1` skips it).
//!
//! The peer is Typst compiling a comparable one-page handout (the same sections' text, the
//! same fonts, Letter, 13 pt) as a whole process. Set `TYPST=/path/to/typst`, or let the set-up
//! build it once into `$OUTREACH_BENCH_DIR/typst` (or a temporary folder) with
//! `cargo install typst-cli --locked` (several minutes; never in CI). `OUTREACH_BENCH_NO_TYPST=1`
//! skips the peer. `OUTREACH_BENCH_BASE=/path/to/outreach` adds the whole-process rows of
//! another build (say, of the previous commit) to the same rounds, for a before/after.

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

/// CPU time this process has used so far (user + system, all threads), from
/// `/proc/self/stat` in clock ticks of 10 ms; `None` where there is no such file.
fn cpu_time() -> Option<Duration> {
    stat_ticks(11)
}

/// CPU time used so far by the child processes this one has waited for (user + system).
fn children_cpu_time() -> Option<Duration> {
    stat_ticks(13)
}

/// The sum of two adjacent clock-tick fields of `/proc/self/stat`, `at` counted from the field
/// after the command name (which is in parentheses and may hold spaces): 11 is utime and
/// stime, 13 cutime and cstime.
fn stat_ticks(at: usize) -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split(' ').collect();
    let ticks: u64 = fields.get(at)?.parse::<u64>().ok()? + fields.get(at + 1)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

/// The stages a command logs at -vv (`close time.busy=…` lines of its spans), each with the
/// median of its time over `runs` runs, each after the stage it is part of and indented under
/// it.
fn cold_stages(cmd: impl Fn() -> Command, runs: usize) -> Vec<(String, Duration)> {
    let mut stages: Vec<(String, Vec<Duration>)> = Vec::new();
    for _ in 0..runs {
        let Ok(output) = cmd().output() else { return Vec::new() };
        for line in String::from_utf8_lossy(&output.stderr).lines() {
            // "2026-…Z DEBUG build the handout:lay out: outreach::print::layout: close time.busy=1.2ms time.idle=541ns"
            let Some((head, busy)) = line.split_once(" close time.busy=") else { continue };
            let Some(span) = head.split_once(" DEBUG ").and_then(|(_, s)| s.split(": ").next()) else {
                continue;
            };
            let Some(t) = busy.split_whitespace().next().and_then(parse_duration) else { continue };
            let name = span.replace(':', " › ");
            match stages.iter_mut().find(|(n, _)| *n == name) {
                Some((_, times)) => times.push(t),
                None => stages.push((name, vec![t])),
            }
        }
    }
    // Each stage after the one it is part of (spans close inner first), indented under it.
    let position = |path: &str| stages.iter().position(|(n, _)| n == path).unwrap_or(usize::MAX);
    let key = |path: &str| -> Vec<usize> {
        let parts: Vec<&str> = path.split(" › ").collect();
        (1..=parts.len()).map(|n| position(&parts[..n].join(" › "))).collect()
    };
    let mut keyed: Vec<(Vec<usize>, String, Duration)> =
        stages.iter().map(|(name, times)| (key(name), name.clone(), median(times.clone()))).collect();
    keyed.sort();
    keyed
        .into_iter()
        .map(|(key, name, t)| {
            let leaf = name.rsplit(" › ").next().unwrap_or(&name).to_string();
            (format!("{}{leaf}", "  ".repeat(key.len() - 1)), t)
        })
        .collect()
}

/// A duration as tracing prints it: "541ns", "497µs", "1.21ms", "1.2s".
fn parse_duration(text: &str) -> Option<Duration> {
    let split = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let (number, unit) = text.split_at(split);
    let n: f64 = number.parse().ok()?;
    let seconds = match unit {
        "ns" => n * 1e-9,
        "µs" => n * 1e-6,
        "ms" => n * 1e-3,
        "s" => n,
        _ => return None,
    };
    Some(Duration::from_secs_f64(seconds))
}

/// Instructions `cmd` executes, all threads, counted by callgrind; `None` when valgrind is
/// not installed or `OUTREACH_BENCH_NO_VALGRIND` is set.
fn instructions(cmd: &Command) -> Option<u64> {
    if std::env::var_os("OUTREACH_BENCH_NO_VALGRIND").is_some() {
        return None;
    }
    let mut counted = Command::new("valgrind");
    counted.args(["--tool=callgrind", "--callgrind-out-file=/dev/null"]).arg(cmd.get_program());
    counted.args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        counted.current_dir(dir);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => counted.env(k, v),
            None => counted.env_remove(k),
        };
    }
    let out = counted.output().ok().filter(|o| o.status.success())?;
    // "==PID== Collected : N" on stderr.
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .find_map(|l| l.split_once("Collected :").and_then(|(_, n)| n.trim().parse().ok()))
}

/// Runs `cmd` to the end; it must succeed.
fn run(cmd: &mut Command) {
    let out = cmd.output().expect("start a process");
    assert!(out.status.success(), "{:?}: {}", cmd.get_program(), String::from_utf8_lossy(&out.stderr));
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
            .expect("select")
            .sections;
    let built = handout::build(&corpus, &sections, &topics, &settings).expect("build");

    println!(
        "outreach print benchmark ({} cores)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!("{:<52} {:>12}", "measure", "median");
    let whole = time(200, || handout::build(&corpus, &sections, &topics, &settings).expect("build"));
    let pages_of = |n: &str| format!("{n} page{}", if n == "1" { "" } else { "s" });
    println!(
        "{:<52} {:>12}",
        format!("detox handout in process ({})", pages_of(&built.pages.to_string())),
        ms(whole)
    );
    // Where a one-section handout's time goes, stage by stage in process: what the process
    // must do besides starting, against the floor measured below.
    let one = Selection { sections: vec!["kratom-addiction#detox".into()], ..Default::default() };
    let one_sections = handout::select(&corpus, None, &one).expect("select one section").sections;
    let one_built = handout::build(&corpus, &one_sections, &[], &settings).expect("build one section");
    let one_path = tmp.path().join("stage.pdf");
    let stages = [
        ("  one section: load the corpus", time(100, || Corpus::load(&corpus_dir).expect("corpus"))),
        (
            "  one section: lay out and write the PDF in memory",
            time(100, || handout::build(&corpus, &one_sections, &[], &settings).expect("build")),
        ),
        (
            "  one section: write the file (flush, rename)",
            time(100, || outreach::output::write_atomic(&one_path, &one_built.bytes).expect("write")),
        ),
    ];
    for (name, t) in stages {
        println!("{name:<52} {:>12}", ms(t));
    }

    // The CLI as a whole process, next to the cheapest possible run of the same binary and the
    // peer. The processes take turns, one run of each per round, so a change in the machine's
    // load hits every row alike; ratios are medians of the per-round ratios.
    let bin = root.join("target/release/outreach");
    if bin.exists() {
        let out = tmp.path().join("cli.pdf");
        let out = out.to_str().unwrap_or("cli.pdf").to_string();
        let outreach = |bin: &Path, args: &[&str]| {
            let mut cmd = Command::new(bin);
            cmd.args(args).current_dir(root).env("OUTREACH_INDEX", &index_dir);
            cmd
        };
        let mut rows: Vec<(String, Command)> = vec![
            ("process floor: outreach --version".into(), outreach(&bin, &["--version"])),
            (
                "outreach handout -s …#detox (one section, process)".into(),
                outreach(&bin, &["handout", "-s", "kratom-addiction#detox", "-o", &out]),
            ),
            (
                "outreach handout detox (whole process)".into(),
                outreach(&bin, &["handout", "detox", "-o", &out]),
            ),
            (
                "outreach search \"withdrawl symptoms\" (whole process)".into(),
                outreach(&bin, &["search", "withdrawl symptoms"]),
            ),
        ];
        // `OUTREACH_BENCH_BASE=/path/to/an/older/outreach`: the same rows for that binary, in
        // the same rounds, for a before/after comparison that load cannot skew.
        let base = std::env::var_os("OUTREACH_BENCH_BASE").map(PathBuf::from);
        if let Some(base) = &base {
            rows.push(("  base: process floor".into(), outreach(base, &["--version"])));
            rows.push((
                "  base: one section".into(),
                outreach(base, &["handout", "-s", "kratom-addiction#detox", "-o", &out]),
            ));
            rows.push(("  base: handout detox".into(), outreach(base, &["handout", "detox", "-o", &out])));
        }
        let typst_pdf = tmp.path().join("typst.pdf");
        let mut peer = None;
        if let Some(typst) = typst(tmp.path()) {
            let typ = tmp.path().join("detox.typ");
            std::fs::write(&typ, typst_source(&built.title, &sections)).expect("write detox.typ");
            let mut cmd = Command::new(&typst);
            cmd.arg("compile")
                .arg("--font-path")
                .arg(root.join("fonts"))
                .arg("--ignore-system-fonts")
                .arg(&typ)
                .arg(&typst_pdf);
            run(&mut cmd);
            let pages = Command::new("pdfinfo").arg(&typst_pdf).output().ok().and_then(|o| {
                String::from_utf8_lossy(&o.stdout)
                    .lines()
                    .find_map(|l| l.strip_prefix("Pages:").map(|p| p.trim().to_string()))
            });
            peer = Some(rows.len());
            rows.push((
                format!("typst compile, same text ({})", pages_of(pages.as_deref().unwrap_or("?"))),
                cmd,
            ));
        }
        let rounds = 30;
        let mut times: Vec<Vec<Duration>> = vec![Vec::new(); rows.len()];
        // CPU time of each row's processes, summed (clock ticks are 10 ms, so only the sum of
        // many runs means anything): what the work costs, without the waits (the disk syncing
        // the written file, other processes on the cores).
        let mut cpu: Vec<Option<Duration>> = vec![Some(Duration::ZERO); rows.len()];
        for round in 0..=rounds {
            for (i, (_, cmd)) in rows.iter_mut().enumerate() {
                let (t, c) = (Instant::now(), children_cpu_time());
                run(cmd);
                // Round 0 warms the page cache and is not counted.
                if round > 0 {
                    times[i].push(t.elapsed());
                    let spent = c.zip(children_cpu_time()).map(|(a, b)| b.saturating_sub(a));
                    cpu[i] = cpu[i].zip(spent).map(|(a, b)| a + b);
                }
            }
        }
        let ratio = |a: usize, b: usize| {
            let mut r: Vec<f64> =
                times[a].iter().zip(&times[b]).map(|(x, y)| x.as_secs_f64() / y.as_secs_f64()).collect();
            r.sort_by(f64::total_cmp);
            r[r.len() / 2]
        };
        println!("{:<52} {:>12} {:>12}", "(whole processes, taking turns)", "", "CPU per run");
        for (i, (name, _)) in rows.iter().enumerate() {
            let per_run = cpu[i].map_or("?".to_string(), |c| ms(c / rounds as u32));
            println!("{:<52} {:>12} {:>12}", name, ms(median(times[i].clone())), per_run);
        }
        // Instructions, counted by valgrind (where installed; `OUTREACH_BENCH_NO_VALGRIND=1`
        // skips them): the same every run however loaded the machine is, so they show a change
        // in the work itself when the timings above are lost in noise. Threads are summed.
        let counted: Vec<Option<u64>> = rows.iter().map(|(_, cmd)| instructions(cmd)).collect();
        if counted.iter().any(Option::is_some) {
            println!("{:<52} {:>12}", "(instructions, valgrind --tool=callgrind)", "");
            for ((name, _), n) in rows.iter().zip(&counted) {
                let shown = n.map_or("?".to_string(), |n| format!("{:.1} M", n as f64 / 1e6));
                println!("{:<52} {:>12}", name, shown);
            }
        }
        println!("{:<52} {:>11.2}×", "  one section vs process floor", ratio(1, 0));
        if base.is_some() {
            println!("{:<52} {:>11.2}×", "  base: one section vs its process floor", ratio(5, 4));
            println!("{:<52} {:>11.2}×", "  handout detox vs base", ratio(2, 6));
        }
        if let Some(peer) = peer {
            println!("{:<52} {:>11.2}×", "  outreach handout detox vs typst", ratio(2, peer));
            if base.is_some() {
                println!("{:<52} {:>11.2}×", "  base: handout detox vs typst", ratio(6, peer));
            }
        }
        // Where a one-section handout's time goes in a cold process: each stage's own timing
        // at -vv (`close time.busy=…`), medians over the runs. What the stages leave of the
        // whole is starting the process, parsing the command line and exiting.
        println!("{:<52} {:>12}", "(one section, its stages in a cold process, -vv)", "");
        let verbose = || {
            let mut cmd = outreach(&bin, &["-vv", "handout", "-s", "kratom-addiction#detox", "-o", &out]);
            cmd.env("NO_COLOR", "1");
            cmd
        };
        for (stage, t) in cold_stages(verbose, 30) {
            println!("{:<52} {:>12}", format!("  {stage}"), ms(t));
        }
    } else {
        println!("(build with `cargo build --release` to time the CLI as a process)");
    }

    // 200 handouts, one worker vs two.
    let jobs: Vec<Vec<String>> =
        (0..200).map(|i| vec![["detox", "signs", "treatment"][i % 3].to_string()]).collect();
    // Generation alone shows the CPU scaling; with files, as `build` writes them: each atomically,
    // the batch flushed to disk once before the renames (crash safety).
    let batch = |threads: usize, write: bool| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("pool");
        let out = tmp.path().join(format!("batch{threads}"));
        let (start, cpu) = (Instant::now(), cpu_time());
        // As `build` writes: each file under a temporary name as soon as it is built, then the
        // batch flushed to disk once and renamed into place.
        let staged: Vec<_> = pool.install(|| {
            jobs.par_iter()
                .enumerate()
                .map(|(i, topics)| {
                    let sel = Selection { topics: topics.clone(), ..Default::default() };
                    let sections = handout::select(&corpus, Some(&idx), &sel).expect("select").sections;
                    let b = handout::build(&corpus, &sections, topics, &settings).expect("build");
                    write.then(|| outreach::output::stage(&out.join(format!("{i}.pdf")), &b.bytes))
                })
                .collect()
        });
        for written in outreach::output::commit(staged.into_iter().flatten().collect()) {
            written.expect("write");
        }
        (start.elapsed(), cpu.zip(cpu_time()).map(|(a, b)| b.saturating_sub(a)))
    };
    for write in [false, true] {
        batch(2, write);
        // Alternating, so that load changes hit both alike.
        let (mut one, mut two) = (Vec::new(), Vec::new());
        for _ in 0..5 {
            one.push(batch(1, write));
            two.push(batch(2, write));
        }
        let wall = |v: &[(Duration, Option<Duration>)]| median(v.iter().map(|r| r.0).collect());
        let cpu = |v: &[(Duration, Option<Duration>)]| v.iter().map(|r| r.1).sum::<Option<Duration>>();
        let what = if write { "built and written" } else { "built in memory" };
        println!("{:<52} {:>12}", format!("200 handouts {what}, --jobs 1"), ms(wall(&one)));
        println!("{:<52} {:>12}", format!("200 handouts {what}, --jobs 2"), ms(wall(&two)));
        println!(
            "{:<52} {:>11.2}×",
            "  speed-up, 2 jobs vs 1",
            wall(&one).as_secs_f64() / wall(&two).as_secs_f64()
        );
        if let (Some(c1), Some(c2)) = (cpu(&one), cpu(&two)) {
            // What two workers spend beyond one (sharing, contention): on two idle cores the
            // speed-up is at most 2 divided by this.
            println!("{:<52} {:>11.2}×", "  CPU time, 2 jobs vs 1", c2.as_secs_f64() / c1.as_secs_f64());
        }
    }

    println!("\n{:<40} {:>6} {:>10} {:>12}", "file", "pages", "size", "per page");
    let mut files: Vec<(String, usize, usize)> = Vec::new();
    for topic in ["detox", "signs", "treatment"] {
        let t = vec![topic.to_string()];
        let s = handout::select(&corpus, Some(&idx), &Selection { topics: t.clone(), ..Default::default() })
            .expect("select")
            .sections;
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
