//! Large-file benchmark: `cargo bench --bench parse`.
//!
//! Prints a table of how long one big corpus file takes to parse (`Corpus::load`) and to index
//! from scratch (`index::open` with a forced rebuild, which parses again): files of 1, 2, 4 and
//! 50 MB of ordinary sections, and one document of 20,000 headings (medians of three runs,
//! one for 50 MB). Growth must be linear:
//! the 4 MB file within 5× the time of the 1 MB one, and 50 MB indexed in under 30 s.

use std::fmt::Write as _;
use std::time::Instant;

use outreach::corpus::Corpus;

const FRONT: &str = "+++\nid = \"big\"\ntitle = \"A big document\"\nlanguage = \"en\"\nsource = \"benchmark\"\nreviewed = \"unknown\"\n+++\n";

/// A document of about `bytes` bytes: sections of paragraphs, lists, links and emphasis.
fn sized_document(bytes: usize) -> String {
    let mut doc = String::from(FRONT);
    let mut n = 0;
    while doc.len() < bytes {
        n += 1;
        let _ = write!(
            doc,
            "## Section {n}\n\nWithdrawal from opioids can cause *muscle aches*, **sweating** and trouble \
             sleeping. Call the [helpline](https://example.org/help) any time; section {n} says more.\n\
             <!-- reviewer note {n} -->\n\n- Drink water often\n- Rest when you can\n- Ask a \
             pharmacist about medicines\n\nSymptoms usually peak after two or three days and then \
             ease over a week or two. Relapse risk is highest in the first months.\n\n"
        );
    }
    doc
}

/// A document of `count` headings: chapters of twenty nested subsections each.
fn many_headings(count: usize) -> String {
    let mut doc = String::from(FRONT);
    for n in 0..count {
        if n % 20 == 0 {
            let _ = write!(doc, "## Chapter {n}\n\nAbout chapter {n}.\n\n");
        } else {
            let _ = write!(doc, "### Point {n}\n\nShort text for point {n}.\n\n");
        }
    }
    doc
}

fn run(label: &str, doc: &str) -> (f64, f64, usize) {
    let tmp = tempfile::tempdir().expect("temp dir");
    let corpus_dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus_dir).expect("corpus dir");
    std::fs::write(corpus_dir.join("big.md"), doc).expect("write document");
    let t = Instant::now();
    let corpus = Corpus::load(&corpus_dir).unwrap_or_else(|e| panic!("{label}: {e:#}"));
    let parse = t.elapsed().as_secs_f64();
    let sections = corpus.sections().count();
    drop(corpus);
    let t = Instant::now();
    outreach::search::index::open(&corpus_dir, &tmp.path().join("index"), true)
        .unwrap_or_else(|e| panic!("{label}: {e:#}"));
    (parse, t.elapsed().as_secs_f64(), sections)
}

fn main() {
    let mb = 1024 * 1024;
    let cases: Vec<(String, String)> = vec![
        ("1 MB file".into(), sized_document(mb)),
        ("2 MB file".into(), sized_document(2 * mb)),
        ("4 MB file".into(), sized_document(4 * mb)),
        ("20,000 headings".into(), many_headings(20_000)),
        ("50 MB file".into(), sized_document(50 * mb)),
    ];
    println!(
        "outreach parse benchmark ({} cores)\n",
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    println!(
        "{:<18} {:>9} {:>9} {:>10} {:>11} {:>10}",
        "document", "size", "sections", "parse", "index", "index MB/s"
    );
    let mut index_times = Vec::new();
    let mut parse_times = Vec::new();
    for (label, doc) in &cases {
        // Medians of three runs (one for 50 MB): the machine is shared and noisy.
        let runs = if doc.len() > 10 * mb { 1 } else { 3 };
        let mut results: Vec<(f64, f64, usize)> = (0..runs).map(|_| run(label, doc)).collect();
        results.sort_by(|a, b| a.1.total_cmp(&b.1));
        let (_, index, sections) = results[runs / 2];
        let mut parses: Vec<f64> = results.iter().map(|r| r.0).collect();
        parses.sort_by(f64::total_cmp);
        let parse = parses[runs / 2];
        let size = doc.len() as f64 / mb as f64;
        println!(
            "{label:<18} {:>6.1} MB {sections:>9} {:>8.2} s {:>9.2} s {:>10.1}",
            size,
            parse,
            index,
            size / index
        );
        index_times.push(index);
        parse_times.push(parse);
    }
    println!("\n4 MB / 1 MB parse time: {:.2}×", parse_times[2] / parse_times[0]);
    println!(
        "4 MB / 1 MB index time: {:.2}× (linear is 4×; the floor is ≤ 5×)",
        index_times[2] / index_times[0]
    );
    println!("50 MB indexed in {:.1} s (floor: under 30 s)", index_times[4]);
}
