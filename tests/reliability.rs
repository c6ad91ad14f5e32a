//! Reliability under real use: several commands at once after corpus edits, crash leftovers,
//! hidden side files in the corpus folder, a read-only index.

mod common;

use common::Project;
use std::process::{Command, Stdio};

/// Appends a distinct paragraph to the shipped document, so the next command must rebuild.
fn edit(p: &Project, round: usize) {
    let path = p.corpus().join("kratom-addiction.md");
    let mut text = std::fs::read_to_string(&path).expect("read corpus file");
    text.push_str(&format!("\nReliability edit {}.\n", marker(round)));
    std::fs::write(&path, text).expect("write corpus file");
}

/// A word that appears in the corpus only after edit `round`.
fn marker(round: usize) -> String {
    format!("zqmark{round}x")
}

/// `processes` commands at once after each of `rounds` edits (two searches, a `build` and an
/// `index` in every four); returns the failures as (round, args, stderr).
fn edit_then_run(p: &Project, processes: usize, rounds: usize) -> Vec<(usize, String, String)> {
    let mut failures = Vec::new();
    for round in 0..rounds {
        edit(p, round);
        let query = marker(round);
        let children: Vec<_> = (0..processes)
            .map(|i| {
                let args: Vec<&str> = match i % 4 {
                    2 => vec!["build"],
                    3 => vec!["index"],
                    _ => vec!["search", &query, "--json"],
                };
                let child = Command::new(env!("CARGO_BIN_EXE_outreach"))
                    .current_dir(p.path())
                    .args(&args)
                    .env_remove("OUTREACH_CORPUS")
                    .env_remove("OUTREACH_INDEX")
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("spawn outreach");
                (args.join(" "), child)
            })
            .collect();
        for (args, child) in children {
            let out = child.wait_with_output().expect("wait for outreach");
            // A search must find the word the edit just added: no stale index either.
            let saw_edit =
                !args.starts_with("search") || String::from_utf8_lossy(&out.stdout).contains(&marker(round));
            if !out.status.success() || !saw_edit {
                failures.push((round, args, String::from_utf8_lossy(&out.stderr).into_owned()));
            }
        }
    }
    failures
}

/// Names in the index folder that are neither the lock, `CURRENT` nor a generation, and how
/// many generations there are.
fn index_litter(p: &Project) -> (Vec<String>, usize) {
    let mut litter = Vec::new();
    let mut generations = 0;
    for e in std::fs::read_dir(p.index()).expect("index folder") {
        let name = e.expect("entry").file_name().to_string_lossy().into_owned();
        match name.as_str() {
            "CURRENT" | "index.lock" => {}
            n if n.starts_with("gen-") => {
                generations += 1;
                for f in std::fs::read_dir(p.index().join(n)).expect("generation") {
                    let f = f.expect("entry").file_name().to_string_lossy().into_owned();
                    if f.starts_with(".outreach-") {
                        litter.push(format!("{n}/{f}"));
                    }
                }
            }
            _ => litter.push(name),
        }
    }
    (litter, generations)
}

fn concurrent_rounds(processes: usize, rounds: usize) {
    let p = Project::shipped();
    p.ok(&["index"]);
    let failures = edit_then_run(&p, processes, rounds);
    assert!(
        failures.is_empty(),
        "{} of {} commands failed: {failures:#?}",
        failures.len(),
        processes * rounds
    );
    let (litter, generations) = index_litter(&p);
    assert!(litter.is_empty(), "left in the index folder: {litter:?}");
    assert!(generations <= 2, "{generations} generations kept (the live one and the previous)");
}

#[test]
fn concurrent_commands_after_edits_all_succeed() {
    concurrent_rounds(4, 6);
}

/// The full load of the issue: 8 processes x 20 rounds (`cargo test --release --test
/// reliability -- --ignored`).
#[test]
#[ignore]
fn concurrent_commands_after_edits_full_load() {
    concurrent_rounds(8, 20);
}
