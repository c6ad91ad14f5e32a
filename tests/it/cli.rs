//! End-to-end tests of the `outreach` binary on fixture corpora in temp folders.

use crate::common::{Project, body_text, letters, page_sizes, pdf_pages};

const SHIPPED_SECTIONS: &[&str] = &[
    "kratom-addiction#what-is-kratom",
    "kratom-addiction#effects-and-side-effects",
    "kratom-addiction#dependence-vs-addiction",
    "kratom-addiction#what-causes-addiction",
    "kratom-addiction#signs-of-addiction",
    "kratom-addiction#signs-of-addiction-in-a-loved-one",
    "kratom-addiction#helping-a-loved-one",
    "kratom-addiction#getting-help",
    "kratom-addiction#detox",
    "kratom-addiction#withdrawal",
    "kratom-addiction#treatment",
    "kratom-addiction#therapy",
    "kratom-addiction#medication",
    "kratom-addiction#outlook",
    "kratom-addiction#relapse",
];

fn first_id(result: &serde_json::Value) -> String {
    result["hits"][0]["id"].as_str().unwrap_or("<no hits>").to_string()
}

#[test]
fn search_ranks_the_right_section_first_for_plain_queries() {
    let p = Project::shipped();
    for (query, expected) in [
        ("detox steps", "kratom-addiction#detox"),
        ("withdrawal symptoms", "kratom-addiction#withdrawal"),
        ("signs of addiction", "kratom-addiction#signs-of-addiction"),
        ("what is kratom", "kratom-addiction#what-is-kratom"),
        ("side effects", "kratom-addiction#effects-and-side-effects"),
        ("dependence", "kratom-addiction#dependence-vs-addiction"),
        ("relapse prevention", "kratom-addiction#relapse"),
        ("lofexidine", "kratom-addiction#medication"),
        ("intervention", "kratom-addiction#helping-a-loved-one"),
        ("treatment center locator", "kratom-addiction#getting-help"),
    ] {
        assert_eq!(first_id(&p.search(query, &[])), expected, "query {query:?}");
    }
}

#[test]
fn search_json_has_every_field_and_full_text() {
    let p = Project::shipped();
    let r = p.search("tremors", &["--limit", "2"]);
    assert_eq!(r["query"], "tremors");
    assert!(r["total"].as_u64().unwrap() >= 1);
    let hit = &r["hits"][0];
    for key in ["id", "doc", "title", "heading", "topics", "score", "snippet", "text"] {
        assert!(!hit[key].is_null(), "missing {key} in {hit}");
    }
    assert_eq!(hit["id"], "kratom-addiction#withdrawal");
    assert!(hit["snippet"].as_str().unwrap().contains("<mark>tremors</mark>"));
    assert!(hit["text"].as_str().unwrap().contains("Kratom detox may involve gradually reducing"));
    assert!(r["hits"].as_array().unwrap().len() <= 2);
}

#[test]
fn typos_find_the_section_and_suggest_a_correction() {
    let p = Project::shipped();
    let r = p.search("withdrawl symptoms", &[]);
    assert_eq!(first_id(&r), "kratom-addiction#withdrawal");
    assert_eq!(r["suggestion"], "withdrawal symptoms");
    assert!(r["hits"][0]["snippet"].as_str().unwrap().contains("<mark>withdrawal</mark>"));
}

#[test]
fn any_query_text_is_answered_without_error() {
    let p = Project::shipped();
    let long = "detox ".repeat(2000);
    let words: String = (0..1000).map(|i| format!("word{i} ")).collect();
    for q in [
        "",
        " ",
        "\"unbalanced",
        "AND OR NOT",
        "a\u{7}b\u{1b}[31m",
        "😀 kratom 🙂",
        "((([[[",
        "*?~^:",
        &long,
        &words,
    ] {
        let out = p.run(&["search", q, "--json"]);
        assert!(out.status.success(), "query {q:?}: {}", String::from_utf8_lossy(&out.stderr));
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert!(v["hits"].is_array());
    }
    assert_eq!(first_id(&p.search(&long, &[])), "kratom-addiction#detox");
}

#[test]
fn piped_output_has_no_colour_codes() {
    let p = Project::shipped();
    let out = p.ok(&["search", "detox"]);
    assert!(!out.contains('\x1b'));
    assert!(out.contains("Kratom addiction › Detox"), "{out}");
}

/// Runs `cmd` with its standard output closed before it writes, as `| head` leaves it.
fn with_stdout_closed(mut cmd: std::process::Command) -> std::process::Output {
    let mut child =
        cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    // Regression: `search --json | head` reported "Broken pipe" from inside serde_json.
    let p = Project::shipped();
    p.ok(&["index"]);
    for args in [&["search", "kratom", "-n", "20", "--json"][..], &["search", "kratom", "-n", "20"][..]] {
        let out = with_stdout_closed(p.command(args));
        assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stderr.is_empty(), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    }
}

#[test]
fn a_reader_gone_or_a_full_disk_on_standard_output_is_never_a_panic() {
    // `build | head -1`, `check | head`, `index > /dev/full` had panicked in `println!`
    // (exit 101, a backtrace hint).
    let p = Project::shipped();
    p.add_packs();
    let pdf = p.path().join("x.pdf");
    let commands: [&[&str]; 5] = [
        &["index"],
        &["check"],
        &["build", "--out", "out"],
        &["handout", "detox", "-o", pdf.to_str().unwrap()],
        &["pack", "packs/volunteer-briefing.toml", "--out", "out"],
    ];
    for args in commands {
        let out = with_stdout_closed(p.command(args));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.code() != Some(101) && !err.contains("panicked"), "{args:?} | head: {err}");
        if std::path::Path::new("/dev/full").exists() {
            let full = std::fs::File::create("/dev/full").unwrap();
            let out = p.command(args).stdout(full).output().unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?} > /dev/full: {err}");
            assert!(err.contains("error: cannot write to standard output: No space left"), "{args:?}: {err}");
        }
    }
}

#[test]
fn topic_filter_and_unknown_topic() {
    let p = Project::shipped();
    let r = p.search("withdrawal", &["--topic", "signs"]);
    for hit in r["hits"].as_array().unwrap() {
        assert!(hit["topics"].as_array().unwrap().iter().any(|t| t == "signs"), "{hit}");
    }
    let err = p.err(&["search", "x", "--topic", "nope"]);
    assert!(
        err.contains("unknown topic `nope`") && err.contains("detox") && err.contains("treatment"),
        "{err}"
    );
    let err = p.err(&["handout", "nope"]);
    assert!(err.contains("unknown topic `nope`") && err.contains("signs"), "{err}");
    // Nothing typed: said so, not "no sections match ``" (`--json` answers it like any query).
    let out = p.ok(&["search", " "]);
    assert!(out.contains("nothing to search for") && out.contains("outreach topics"), "{out}");
    // A topic as a person types it names the same topic.
    assert_eq!(p.search("withdrawal", &["--topic", "Signs"]), r);
    assert_eq!(
        p.search("help", &["--topic", "Getting Help"]),
        p.search("help", &["--topic", "getting-help"])
    );
}

#[test]
fn show_and_topics() {
    let p = Project::shipped();
    let v: serde_json::Value =
        serde_json::from_str(&p.ok(&["show", "kratom-addiction#detox", "--json"])).unwrap();
    assert_eq!(v["heading"], "Detox");
    assert!(v["text"].as_str().unwrap().contains("Stabilization refers to the transition"));
    let err = p.err(&["show", "kratom-addiction#nope"]);
    assert!(
        err.contains("unknown section") && err.contains("closest of the 15 sections:\n  kratom-addiction#"),
        "{err}"
    );
    // A slip of a letter is told of the section it misses alone.
    let err = p.err(&["show", "kratom-addiction#detx"]);
    assert!(err.contains("sections:\n  kratom-addiction#detox\n("), "{err}");
    // The part after `#`, or the heading, names a section as `handout -s` takes it.
    for short in ["detox", "Getting help"] {
        let v: serde_json::Value = serde_json::from_str(&p.ok(&["show", short, "--json"])).unwrap();
        assert_eq!(v["id"], format!("kratom-addiction#{}", short.to_lowercase().replace(' ', "-")));
    }
    assert!(p.err(&["show", "nope"]).contains("unknown section"));
    // One result is one section.
    assert!(p.ok(&["search", "pretreatment"]).contains("1 of 1 section\n"));
    let topics: serde_json::Value = serde_json::from_str(&p.ok(&["topics", "--json"])).unwrap();
    let names: Vec<&str> = topics.as_array().unwrap().iter().map(|t| t["topic"].as_str().unwrap()).collect();
    for needed in ["detox", "signs", "treatment"] {
        assert!(names.contains(&needed), "{names:?}");
    }
    let text = p.ok(&["topics"]);
    assert!(text.contains("detox") && text.contains("sections"));
}

#[test]
fn every_section_is_searchable_and_showable() {
    let p = Project::shipped();
    for id in SHIPPED_SECTIONS {
        let shown: serde_json::Value = serde_json::from_str(&p.ok(&["show", id, "--json"])).unwrap();
        assert_eq!(shown["id"], *id);
        let heading = shown["heading"].as_str().unwrap();
        assert!(shown["text"].as_str().unwrap().starts_with(heading), "{id}: {shown}");
        // Searching a section's heading finds that section among the first three.
        let found = p.search(heading, &["--limit", "3"]);
        let ids: Vec<&str> =
            found["hits"].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap()).collect();
        assert!(ids.contains(id), "searching {heading:?} for {id}: {ids:?}");
    }
}

#[test]
fn build_writes_three_handouts_that_round_trip_their_text() {
    let p = Project::shipped();
    let out = p.ok(&["build"]);
    for topic in ["detox", "signs", "treatment"] {
        let path = p.path().join(format!("output/handouts/{topic}.pdf"));
        assert!(out.contains(&format!("output/handouts/{topic}.pdf")), "{out}");
        let bytes = std::fs::read(&path).expect("handout written");
        assert!(bytes.starts_with(b"%PDF-"));
        let text = letters(&body_text(&bytes));
        // Every word of every section of the topic, in order.
        let topics: serde_json::Value = serde_json::from_str(&p.ok(&["topics", "--json"])).unwrap();
        let ids: Vec<String> = topics
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["topic"] == topic)
            .map(|t| t["ids"].as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_string()).collect())
            .unwrap();
        let mut pos = 0;
        for id in &ids {
            let v: serde_json::Value = serde_json::from_str(&p.ok(&["show", id, "--json"])).unwrap();
            let want = letters(v["text"].as_str().unwrap());
            // Nested sections are printed inside their parent, so search from the parent's start.
            match text[pos..].find(&want).or_else(|| text.find(&want)) {
                Some(at) => pos = pos.max(at),
                None => panic!("{topic}.pdf is missing text of {id}"),
            }
        }
        assert!(pdf_pages(&bytes).iter().all(|p| p.contains("General information, not medical advice")));
    }
}

#[test]
fn a_warning_many_documents_share_is_said_once_with_how_many_more() {
    // The treatment handout and the staff course both print Relapse, whose lead-in has no list:
    // a build of 216 packs had said so 108 times, and the warnings that differed were lost.
    let p = Project::shipped();
    p.add_packs();
    let out = p.run(&["build"]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    let said: Vec<&str> = err.lines().filter(|l| l.contains("`The following can help you reduce")).collect();
    assert_eq!(said.len(), 1, "{err}");
    assert!(said[0].ends_with("(and in 1 more document of this run)"), "{err}");
    // What is a document's own is still said for each (its reading grade).
    assert!(err.matches("reading grade").count() >= 3, "{err}");
}

#[test]
fn handout_paper_sizes_and_every_page_numbered() {
    let p = Project::shipped();
    p.ok(&["handout", "treatment", "-o", "letter.pdf"]);
    // In any case, as pack specs take it.
    p.ok(&["handout", "treatment", "--paper", "A4", "-o", "a4.pdf"]);
    let letter = std::fs::read(p.path().join("letter.pdf")).unwrap();
    let a4 = std::fs::read(p.path().join("a4.pdf")).unwrap();
    for (w, h) in page_sizes(&letter) {
        assert!((w - 612.0).abs() < 0.5 && (h - 792.0).abs() < 0.5);
    }
    for (w, h) in page_sizes(&a4) {
        assert!((w - 595.3).abs() < 0.5 && (h - 841.9).abs() < 0.5);
    }
    let pages = pdf_pages(&letter);
    assert!(pages.len() >= 2);
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&format!("Page {} of {}", i + 1, pages.len())), "page {i}: {page}");
        // The source heads the first page's footer; the disclaimer is on every page.
        assert_eq!(page.contains("Source:"), i == 0, "page {i}: {page}");
        assert!(page.contains("General information, not medical advice"), "page {i}: {page}");
    }
}

#[test]
fn handout_by_section_and_query_without_duplicates() {
    let p = Project::shipped();
    p.ok(&[
        "handout",
        "--section",
        "kratom-addiction#treatment",
        "--section",
        "kratom-addiction#therapy",
        "-o",
        "t.pdf",
    ]);
    let text = pdf_pages(&std::fs::read(p.path().join("t.pdf")).unwrap()).join(" ");
    assert_eq!(text.matches("Therapy is conducted by a psychiatrist").count(), 1, "{text}");
    // Sections and topics come from the corpus: the index is neither built nor opened.
    p.ok(&["handout", "detox", "-o", "d.pdf"]);
    assert!(!p.index().exists(), "a handout without a query built the index");
    p.ok(&["handout", "--query", "tremors", "-o", "q.pdf"]);
    assert!(p.index().join("CURRENT").exists(), "a handout by query searched no index");
    let text = pdf_pages(&std::fs::read(p.path().join("q.pdf")).unwrap()).join(" ");
    assert!(text.contains("tremors"));
    let err = p.err(&["handout"]);
    assert!(err.contains("nothing selected"), "{err}");
    // A blank title would head the page with nothing and name no loose page: refused, and no
    // file is written.
    let err = p.err(&["handout", "detox", "--title", " \t ", "-o", "blank.pdf"]);
    assert!(err.contains("`--title` is empty"), "{err}");
    assert!(!p.path().join("blank.pdf").exists());
    // A blank query is said to be empty, not "no section matches ``"; a crisis that no
    // section answers gets the numbers to call, emergency first, in the error itself.
    for blank in ["", "   "] {
        let err = p.err(&["handout", "-q", blank, "-o", "b.pdf"]);
        assert!(err.contains("`--query` is empty"), "{err}");
    }
    let err = p.err(&["handout", "-q", "suicide", "-o", "s.pdf"]);
    assert!(
        err.contains("it asks for someone to call now: Emergency services 911; SAMHSA’s National Helpline 1-800-662-4357"),
        "{err}"
    );
    // A handout made from words of an emergency heads its contacts with the emergency
    // number, as the search lists it; one on a topic leaves it out. An overdose handout had
    // printed no 911 at all.
    let contacts = |args: &[&str]| {
        p.ok(&[args, &["-o", "c.pdf"]].concat());
        let text = pdf_pages(&std::fs::read(p.path().join("c.pdf")).unwrap()).join(" ");
        let at = text.find("Where to get help").expect("a contact block");
        text[at..].to_string()
    };
    let overdose = contacts(&["handout", "-q", "overdose will not wake up"]);
    let (emergency, helpline) = (overdose.find("Emergency services"), overdose.find("National Helpline"));
    assert!(emergency.is_some() && emergency < helpline, "{overdose}");
    for calm in [&["handout", "-q", "withdrawal symptoms"][..], &["handout", "detox"]] {
        let block = contacts(calm);
        assert!(!block.contains("911") && block.contains("National Helpline"), "{block}");
    }
    // So does a pack with a module on such words.
    let spec = p.write_pack(
        "od.toml",
        "title = \"Overdose response\"\n[[module]]\ntitle = \"When someone will not wake\"\nquery = \"overdose will not wake up\"\n",
    );
    p.ok(&["pack", &spec, "--out", "od"]);
    let text = pdf_pages(&std::fs::read(p.path().join("od/packs/od.pdf")).unwrap()).join(" ");
    let block = &text[text.rfind("Where to get help").expect("a contact block")..];
    let (emergency, helpline) = (block.find("Emergency services"), block.find("National Helpline"));
    assert!(emergency.is_some() && emergency < helpline, "{block}");
    // A topic named twice is titled and named once.
    p.ok(&["handout", "detox", "Detox"]);
    let title = pdf_pages(&std::fs::read(p.path().join("output/handouts/detox.pdf")).unwrap())[0].clone();
    assert_eq!(title.matches("Detox and withdrawal").count(), 1, "{title}");
}

#[test]
fn a_handout_written_to_standard_output_is_the_pdf_alone() {
    // `-o /dev/stdout | lpr` got "wrote /dev/stdout (1 page, …)" after the PDF's `%%EOF`.
    let p = Project::shipped();
    let out = p.run(&["handout", "detox", "-o", "/dev/stdout"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.starts_with(b"%PDF-"));
    assert!(
        out.stdout.ends_with(b"%%EOF\n"),
        "{:?}",
        String::from_utf8_lossy(&out.stdout[out.stdout.len() - 80..])
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote /dev/stdout (1 page"));
}

#[test]
fn a_huge_jobs_count_builds_with_as_many_workers_as_make_sense() {
    // `-j 20000` aborted the process: twenty thousand threads asked for two packs.
    let p = Project::shipped();
    p.add_packs();
    p.ok(&["pack", "packs/volunteer-briefing.toml", "packs/clinic-staff-course.toml", "-j", "1000000"]);
    assert!(p.path().join("output/packs/volunteer-briefing.pdf").exists());
    assert!(p.path().join("output/packs/clinic-staff-course.pdf").exists());
}

#[test]
fn handouts_are_byte_identical_across_runs_and_jobs() {
    let p = Project::shipped();
    let env = [("SOURCE_DATE_EPOCH", "1700000000")];
    assert!(p.run_env(&["build", "--jobs", "1", "--out", "one"], &env).status.success());
    assert!(p.run_env(&["build", "--jobs", "2", "--out", "two"], &env).status.success());
    for topic in ["detox", "signs", "treatment"] {
        let a = std::fs::read(p.path().join(format!("one/handouts/{topic}.pdf"))).unwrap();
        let b = std::fs::read(p.path().join(format!("two/handouts/{topic}.pdf"))).unwrap();
        assert!(a == b, "{topic}.pdf differs between runs");
    }
}

#[test]
fn index_follows_corpus_changes() {
    let p = Project::shipped();
    assert_eq!(p.search("zebrafish", &[])["total"], 0);
    let path = p.corpus().join("kratom-addiction.md");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replace("Read on to find out more.", "Read on to find out more about zebrafish."),
    )
    .unwrap();
    assert_eq!(first_id(&p.search("zebrafish", &[])), "kratom-addiction#what-is-kratom");
    let out = p.ok(&["index"]);
    assert!(out.contains("15 sections"), "{out}");
}

#[test]
fn touched_files_are_rehashed_and_same_size_edits_are_noticed() {
    let p = Project::shipped();
    let path = p.corpus().join("kratom-addiction.md");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let set_mtime = |t| std::fs::File::options().write(true).open(&path).unwrap().set_modified(t).unwrap();
    set_mtime(hour_ago);
    p.ok(&["search", "kratom"]);
    let current = std::fs::read_to_string(p.index().join("CURRENT")).unwrap();
    // Touched, same bytes: the hash matches, nothing is rebuilt.
    set_mtime(std::time::SystemTime::now());
    p.ok(&["search", "kratom"]);
    assert_eq!(std::fs::read_to_string(p.index().join("CURRENT")).unwrap(), current);
    // Same size, different bytes, new time: rebuilt.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("tropical", "tropicax", 1)).unwrap();
    assert_eq!(first_id(&p.search("tropicax", &[])), "kratom-addiction#what-is-kratom");
}

#[test]
fn an_index_of_another_schema_is_rebuilt_though_the_corpus_did_not_change() {
    let p = Project::shipped();
    p.ok(&["search", "kratom"]);
    // Past the window in which fresh stats are not trusted; the next search records them.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    p.ok(&["search", "kratom"]);
    let current = std::fs::read_to_string(p.index().join("CURRENT")).unwrap();
    p.ok(&["search", "kratom"]);
    assert_eq!(std::fs::read_to_string(p.index().join("CURRENT")).unwrap(), current, "fresh");
    // The files an older schema's binary left: its version in the stats and the fingerprint.
    let generation = p.index().join(current.trim());
    let stats = std::fs::read_to_string(generation.join("stats.tsv")).unwrap();
    let (first, files) = stats.split_once('\n').unwrap();
    let taken = first.split("\tschema\t").next().unwrap();
    std::fs::write(generation.join("stats.tsv"), format!("{taken}\tschema\t0\n{files}")).unwrap();
    let fingerprint = std::fs::read_to_string(generation.join("fingerprint")).unwrap();
    let (_, corpus) = fingerprint.split_once('-').unwrap();
    std::fs::write(generation.join("fingerprint"), format!("v0-{corpus}")).unwrap();
    p.ok(&["search", "kratom"]);
    assert_ne!(std::fs::read_to_string(p.index().join("CURRENT")).unwrap(), current, "rebuilt");
}

const GOOD: &str = "+++\nid = \"doc\"\ntitle = \"T\"\nlanguage = \"en\"\nsource = \"S\"\nreviewed = \"unknown\"\n+++\n\n## One\n\nText one.\n\n## Two\n\nText two.\n";

fn assert_bad(file: &str, bytes: &[u8], expected: &[&str]) {
    let p = Project::empty();
    p.write("ok.md", GOOD.replace("\"doc\"", "\"other\""));
    p.write(file, bytes);
    let err = p.err(&["search", "text"]);
    for e in expected {
        assert!(err.contains(e), "expected {e:?} in:\n{err}");
    }
    assert!(!p.index().join("CURRENT").exists(), "an index was written for a broken corpus");
}

#[test]
fn bad_corpus_input_names_file_and_line_and_writes_nothing() {
    assert_bad(
        "bad.md",
        GOOD.replace("title = \"T\"", "title = T").as_bytes(),
        &["bad.md:3:", "front matter"],
    );
    assert_bad(
        "bad.md",
        GOOD.replace("reviewed = \"unknown\"", "reviewd = \"unknown\"").as_bytes(),
        &["bad.md:6:", "reviewd"],
    );
    let mut bytes = GOOD.as_bytes().to_vec();
    bytes.splice(GOOD.find("Text two").unwrap()..GOOD.find("Text two").unwrap(), [0xc3, 0x28]);
    assert_bad("bad.md", &bytes, &["bad.md:15:", "UTF-8"]);
    assert_bad(
        "bad.md",
        GOOD.replace("## Two", "## One").as_bytes(),
        &["bad.md:13:", "duplicate section id `doc#one`"],
    );
    assert_bad("bad.md", GOOD.replace("\"doc\"", "\"other\"").as_bytes(), &["duplicate document id `other`"]);
    assert_bad("bad.md", GOOD.split("## One").next().unwrap().as_bytes(), &["bad.md:", "no sections"]);
    assert_bad("bad.md", b"## Heading\n\nno front matter\n", &["bad.md:1:", "front matter"]);
    assert_bad(
        "bad.md",
        GOOD.replace("language = \"en\"", "language = \"xx\"").as_bytes(),
        &["bad.md:4:", "xx", "en, es"],
    );
    assert_bad(
        "bad.md",
        GOOD.replace("+++\n\n## One", "[sections]\nthree = [\"x\"]\n+++\n\n## One").as_bytes(),
        &["bad.md:8:", "three", "one, two"],
    );
}

#[test]
fn a_broken_corpus_keeps_the_previous_index_usable() {
    let p = Project::empty();
    p.write("a.md", GOOD);
    p.ok(&["search", "text"]);
    let current = std::fs::read_to_string(p.index().join("CURRENT")).unwrap();
    p.write("a.md", GOOD.replace("title = \"T\"", "title = "));
    // Search goes on, from the last build, and says what to fix; printing stops at it.
    let out = p.run(&["search", "text"]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("corpus/a.md:3:"));
    p.err(&["handout", "--section", "doc#one", "-o", "x.pdf"]);
    assert_eq!(std::fs::read_to_string(p.index().join("CURRENT")).unwrap(), current);
    assert!(p.index().join(current.trim()).join("fingerprint").exists());
}

#[test]
fn missing_glyph_is_an_error_at_build_time() {
    let p = Project::empty();
    p.write("a.md", GOOD.replace("Text two.", "Text two 😀."));
    let err = p.err(&["handout", "--section", "doc#two", "-o", "x.pdf"]);
    let line = GOOD.lines().position(|l| l.contains("Text two.")).unwrap() + 1;
    let at = format!("corpus/a.md:{line}: the character `😀` (U+1F600) in section `doc#two`");
    assert!(err.contains(&at), "{err}");
    assert!(!p.path().join("x.pdf").exists());
    // `check` finds it before anyone prints.
    let found = String::from_utf8_lossy(&p.run(&["check"]).stdout).to_string();
    assert!(found.contains(&format!("corpus/a.md:{line}: the character `😀` (U+1F600)")), "{found}");
    // In the front matter (the title, printed on every handout of the document) too.
    p.write("a.md", GOOD.replace(r#"title = "T""#, r#"title = "T 😀""#));
    let err = p.err(&["handout", "--section", "doc#one", "-o", "x.pdf"]);
    assert!(err.contains("corpus/a.md:3: the character `😀` (U+1F600) in `T 😀`"), "{err}");
    let found = String::from_utf8_lossy(&p.run(&["check"]).stdout).to_string();
    assert!(found.contains("corpus/a.md:3: the character `😀` (U+1F600) in `T 😀`"), "{found}");
}

#[test]
fn spanish_documents_use_spanish_stemming_and_keep_accents() {
    let p = Project::fixture("mixed");
    assert_eq!(first_id(&p.search("tratamiento", &[])), "fixture-es#tratamientos");
    assert_eq!(first_id(&p.search("sintoma abstinencia", &[])), "fixture-es#que-es-la-abstinencia");
    // A Spanish question's function words are fillers, not words no section has.
    let r = p.search("tengo ansiedad y temblores sin dormir", &[]);
    assert_eq!(r["unmatched"], serde_json::json!(["dormir"]), "{r}");
    p.ok(&["handout", "--section", "fixture-es#tratamientos", "-o", "es.pdf"]);
    let text = pdf_pages(&std::fs::read(p.path().join("es.pdf")).unwrap()).join(" ");
    assert!(letters(&text).contains("niñoseñalcorazón"), "{text}");
    assert!(text.contains("¿Qué es la abstinencia?") || text.contains("Tratamientos"), "{text}");
}

#[test]
fn help_has_examples() {
    let p = Project::empty();
    for cmd in ["search", "show", "topics", "handout", "build", "eval", "index", "serve"] {
        let out = p.ok(&[cmd, "--help"]);
        assert!(out.contains("Example: outreach"), "{cmd} --help lacks an example");
    }
}

#[test]
fn check_reports_lint_findings_with_file_and_line_and_build_points_to_it() {
    let p = Project::shipped();
    p.add_packs();
    let out = p.run(&["check"]);
    assert!(!out.status.success());
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    // What `check` prints after each change below.
    let check = || String::from_utf8_lossy(&p.run(&["check"]).stdout).into_owned();
    let corpus = std::fs::read_to_string(p.corpus().join("kratom-addiction.md")).unwrap();
    let lead_in =
        1 + corpus.lines().position(|l| l.starts_with("The following can help you reduce")).unwrap();
    assert!(
        text.contains(&format!("corpus/kratom-addiction.md:{lead_in}: lead-in `The following can help you")),
        "{text}"
    );
    assert!(text.contains("section `Medication` reads at grade"), "{text}");
    // The editor is pointed at what to shorten: the longest sentence, where it is, and long words.
    let locator = 1 + corpus.lines().position(|l| l.starts_with("You can also search for a nearby")).unwrap();
    assert!(
        text.contains(&format!(
            "section `Getting help` reads at grade 10.6, above 8: shorter sentences and words would help; its longest sentence, 31 words in the paragraph at line {locator}: “You can also search for a nearby treatment …”; long words: recommendation, administration,"
        )),
        "{text}"
    );
    assert!(!text.contains("packs/"), "the shipped packs print no section twice: {text}");
    let count = text.lines().count() - 1;
    assert!(text.ends_with(&format!("{count} findings\n")), "{text}");
    // What `check` says with one more pack spec in `packs/`.
    let with_pack = |name: &str, spec: &str| {
        std::fs::write(p.path().join("packs").join(name), spec).unwrap();
        check()
    };
    // A pack printing a section twice is reported at the module's line.
    let text = with_pack(
        "twice.toml",
        "title = \"T\"\n\n[[module]]\ntitle = \"A\"\ntopics = [\"signs\"]\n\n[[module]]\ntitle = \"B\"\ntopics = [\"helping-others\"]\n",
    );
    assert!(
        text.contains("packs/twice.toml:7: module 2 `B` prints `kratom-addiction#signs-of-addiction-in-a-loved-one`, which module 1 `A` already prints"),
        "{text}"
    );
    // `build` says it too, as `pack` does, where a trainer building every pack looks: it had
    // only counted it among the findings.
    let out = p.run(&["build"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning: packs/twice.toml:7: module 2 `B` prints"), "{err}");
    // Its cover counts that section once: three sections, not four.
    p.ok(&["pack", "packs/twice.toml"]);
    let cover = &pdf_pages(&std::fs::read(p.path().join("output/packs/twice.pdf")).unwrap())[0];
    assert!(cover.contains("2 modules") && cover.contains("3 sections"), "{cover}");
    // Other findings of one spec, each at its line (each spec is taken out after).
    let mut findings: Vec<(&str, String, String)> = vec![
        // A section printed as a part of another says which (Medication is inside Treatment).
        (
            "inside.toml",
            "title = \"T\"\n\n[[module]]\ntitle = \"Meds\"\nsections = [\"kratom-addiction#medication\"]\n\n[[module]]\ntitle = \"Care\"\nsections = [\"kratom-addiction#treatment\"]\n".into(),
            "packs/inside.toml:7: module 2 `Care` prints `kratom-addiction#medication` (inside `kratom-addiction#treatment`), which module 1 `Meds` already prints".into(),
        ),
        // A section named with the one that holds it prints once, inside it and in its order:
        // a trainer who listed Medication first saw it after Therapy, with no word said.
        (
            "held.toml",
            "title = \"T\"\n\n[[module]]\ntitle = \"Care\"\nsections = [\"medication\", \"treatment\"]\n".into(),
            "packs/held.toml:5: module 1 `Care` names `kratom-addiction#medication`, which is part of `kratom-addiction#treatment`: it prints once, inside that section and in its order".into(),
        ),
        // A query whose words name sections it does not take: Therapy alone was printed under
        // "Treatment and relapse", with no word said.
        (
            "asked.toml",
            "title = \"T\"\n\n[[module]]\ntitle = \"Treatment and relapse\"\nquery = \"treatment relapse therapy\"\n".into(),
            "packs/asked.toml:5: module 1 `Treatment and relapse`: `query = \"treatment relapse therapy\"` names Treatment (`kratom-addiction#treatment`), Relapse (`kratom-addiction#relapse`) but does not take them".into(),
        ),
        // Two modules of one title: the contents would list the same title twice.
        (
            "twins.toml",
            "title = \"T\"\n\n[[module]]\ntitle = \"Signs\"\ntopics = [\"signs\"]\n\n[[module]]\ntitle = \"Detox\"\ntopics = [\"detox\"]\n\n[[module]]\ntitle = \"signs \"\nsections = [\"kratom-addiction#relapse\"]\n".into(),
            "packs/twins.toml:11: module 3 is titled `signs`, as module 1 is: the contents and the bookmarks would list it twice".into(),
        ),
    ];
    // And one titled as the pack's contact chapter, in either language.
    for title in ["Where to get help", "dónde pedir ayuda"] {
        findings.push((
            "help.toml",
            format!("title = \"T\"\n\n[[module]]\ntitle = \"{title}\"\nsections = [\"kratom-addiction#getting-help\"]\n"),
            format!("packs/help.toml:3: module 1 is titled `{title}`, as the pack's contact chapter is"),
        ));
    }
    for (name, spec, expected) in findings {
        let text = with_pack(name, &spec);
        assert!(text.contains(&expected), "`{expected}` not in:\n{text}");
        std::fs::remove_file(p.path().join("packs").join(name)).unwrap();
    }
    // A module titled with the heading of its first section is reported too (this spec stays
    // in `packs/`: `build` below counts its finding).
    let text = with_pack(
        "same.toml",
        "title = \"T\"\n\n[[module]]\ntitle = \"Getting help\"\nsections = [\"kratom-addiction#getting-help\"]\n",
    );
    assert!(
        text.contains(
            "packs/same.toml:3: module 1 is titled `Getting help`, the heading of its first section"
        ),
        "{text}"
    );
    // A synonym's meaning that no section has finds nothing: reported at the entry's line.
    let table = std::fs::read_to_string(p.corpus().join("synonyms.toml")).unwrap();
    let table =
        table.replacen("[synonyms]\n", "[synonyms]\n\"bupe\" = [\"buprenorphine\", \"medication\"]\n", 1);
    let line = 1 + table.lines().position(|l| l.starts_with("\"bupe\"")).unwrap();
    // And an [uncovered] word that a section has: it would never complete or be corrected.
    let table = table.replacen("words = [\"meth\",", "words = [\"lofexidine\", \"meth\",", 1);
    let uncovered = 1 + table.lines().position(|l| l.starts_with("words = [\"lofexidine\"")).unwrap();
    p.write("synonyms.toml", &table);
    let text = check();
    assert!(
        text.contains(&format!(
            "corpus/synonyms.toml:{uncovered}: [uncovered] lists `lofexidine`, but a section has it now: remove it"
        )),
        "{text}"
    );
    assert!(!text.contains("lists `meth`"), "{text}");
    assert!(
        text.contains(&format!(
            "corpus/synonyms.toml:{line}: synonym `bupe` means `buprenorphine`, but no section has `buprenorphine`"
        )),
        "{text}"
    );
    assert!(!text.contains("means `medication`"), "a meaning the corpus has is fine: {text}");
    // A topic titled with the heading of its first section: the page would say it twice.
    let doc = std::fs::read_to_string(p.corpus().join("kratom-addiction.md")).unwrap();
    let doc = doc.replace("signs = \"Warning signs of addiction\"", "signs = \"Signs of addiction\"");
    let line = 1 + doc.lines().position(|l| l == "signs = \"Signs of addiction\"").unwrap();
    p.write("kratom-addiction.md", &doc);
    let text = check();
    assert!(
        text.contains(&format!(
            "corpus/kratom-addiction.md:{line}: topic `signs` is titled `Signs of addiction`"
        )),
        "{text}"
    );
    // A topic tag misspelt: the section leaves its topic's handout, and `check` says so.
    let doc = doc.replace("detox = [\"detox\", \"treatment\"]", "detox = [\"detx\", \"treatment\"]");
    let line = 1 + doc.lines().position(|l| l.starts_with("detox = [\"detx\"")).unwrap();
    p.write("kratom-addiction.md", &doc);
    let text = check();
    assert!(
        text.contains(&format!(
            "corpus/kratom-addiction.md:{line}: topic `detx` (1 section) is spelt like `detox` (1 section): if it is a slip, section `Detox` is missing from the `detox` handout; did you mean `detox`?"
        )),
        "{text}"
    );
    assert!(!text.contains("topic `detox` (1 section) is spelt like"), "{text}");
    let built = p.ok(&["build"]);
    assert!(
        built.contains(&format!("check: {} findings", count + 6)) && built.contains("outreach check"),
        "{built}"
    );
}

#[test]
fn very_verbose_says_how_long_each_stage_took_in_plain_text() {
    // `-vv` logs each stage's time as it ends (the print benchmark reads these lines); piped,
    // the log carries no colour codes.
    let p = Project::shipped();
    let out =
        p.run_env(&["-vv", "handout", "-s", "kratom-addiction#detox", "-o", "v.pdf"], &[("NO_COLOR", "")]);
    assert!(out.status.success());
    let log = String::from_utf8_lossy(&out.stderr);
    for stage in ["load the corpus", "lay out", "write the PDF", "deflate", "flush and rename"] {
        assert!(
            log.lines().any(|l| l.contains(stage) && l.contains("close time.busy=")),
            "no timing for {stage}: {log}"
        );
    }
    assert!(!log.contains('\u{1b}'), "colour codes in a piped log: {log}");
    // Without -vv, none of it.
    let quiet = p.run(&["handout", "-s", "kratom-addiction#detox", "-o", "q.pdf"]);
    assert!(!String::from_utf8_lossy(&quiet.stderr).contains("time.busy"));
}

#[test]
fn the_packs_folder_holds_specs_and_clinic_files_and_a_broken_spec_is_reported_once() {
    let p = Project::shipped();
    p.add_packs();
    // A clinic file kept beside the specs is not a spec.
    std::fs::copy(p.path().join("packs/clinics/example.toml"), p.path().join("packs/my-clinic.toml"))
        .unwrap();
    std::fs::copy(p.path().join("packs/clinics/example-logo.png"), p.path().join("packs/example-logo.png"))
        .unwrap();
    let out = p.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success() && !stderr.contains("error"), "{stderr}");
    assert!(!p.path().join("output/packs/my-clinic.pdf").exists());
    // Nor by `pack` given the folder's files, as a shell glob gives them: it is passed over
    // with a note; named alone, it is explained.
    let out = p.run(&["pack", "packs/my-clinic.toml", "packs/volunteer-briefing.toml"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: `packs/my-clinic.toml` is a clinic file, not a pack spec: a spec in `packs/` names it with `clinic = \"my-clinic.toml\"`"),
        "{stderr}"
    );
    let err = p.err(&["pack", "packs/my-clinic.toml"]);
    assert!(err.contains("`packs/my-clinic.toml` is a clinic file, not a pack spec"), "{err}");
    // One in a folder of its own is named by its path from the specs (it had been given as
    // `clinic = "example.toml"`, which a spec in `packs/` cannot find).
    let err = p.err(&["pack", "packs/clinics/example.toml"]);
    assert!(err.contains("a spec in `packs/` names it with `clinic = \"clinics/example.toml\"`"), "{err}");
    // A broken spec: one error from the build, one finding from the check, the rest built.
    std::fs::write(p.path().join("packs/broken.toml"), "title = \"No modules\"\n").unwrap();
    let out = p.run(&["build"]);
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!out.status.success());
    // Named once among the errors, and once more in the last line's count of failures.
    let (told, last) = stderr.trim_end().rsplit_once('\n').unwrap_or_default();
    assert_eq!(told.matches("packs/broken.toml").count(), 1, "{stderr}");
    assert!(last.starts_with("error: 1 of 6 documents failed (packs/broken.toml)"), "{stderr}");
    assert!(
        stdout.contains("wrote output/packs/volunteer-briefing.pdf") && stdout.contains("check: "),
        "{stdout}"
    );
    let found = String::from_utf8_lossy(&p.run(&["check"]).stdout).to_string();
    assert!(found.contains("packs/broken.toml:1: bad pack spec: missing field `module`"), "{found}");
    // A folder named on purpose must exist.
    let err = p.err(&["build", "--packs", "pack"]);
    assert!(err.contains("--packs `pack`: no such folder"), "{err}");
    let err = p.err(&["check", "--packs", "packs/volunteer-briefing.toml"]);
    assert!(err.contains("is a file, not a folder of pack specs; `outreach pack"), "{err}");
}

#[test]
fn check_reports_what_would_stop_a_pack_at_its_line() {
    let p = Project::shipped();
    p.add_packs();
    let write = |name: &str, text: &str| std::fs::write(p.path().join("packs").join(name), text).unwrap();
    write("a.toml", "title = \"A\"\n[[module]]\ntitle = \"m\"\ntopics = [\"nosuch\"]\n");
    write(
        "b.toml",
        "title = \"B\"\nclinic = \"nosuch.toml\"\n[[module]]\ntitle = \"m\"\ntopics = [\"detox\"]\n",
    );
    write(
        "c.toml",
        "title = \"C\"\n[[module]]\ntitle = \"m\"\ntopics = [\"detox\"]\n\n[[module]]\ntitle = \"n\"\n",
    );
    write("d.toml", "title = \" \"\n[[module]]\ntitle = \"m\"\ntopics = [\"detox\"]\n");
    // Printed text the font cannot draw: `build` met it on a page and named no line.
    write(
        "e.toml",
        "title = \"E\"\naudience = \"Staff\"\n\n[[module]]\ntitle = \"Kratom \u{1F48A} basics\"\ntopics = [\"detox\"]\n",
    );
    write("f.toml", "title = \"F\"\nmodule = []\n");
    // Titles left out: a module's had stopped the check of the spec there, so the unknown
    // section after it was told only once the title was written.
    write(
        "g.toml",
        "audience = \"Staff\"\n[[module]]\ntopics = [\"detox\"]\n\n[[module]]\ntitle = \"n\"\nsections = [\"nosuch\"]\n",
    );
    // A title misspelt or of the wrong type is told as that, and not again as missing.
    write(
        "h.toml",
        "title = \"H\"\n[[module]]\ntitel = \"Relapse\"\ntopics = [\"relapse\"]\n[[module]]\ntitle = 5\ntopics = [\"detox\"]\n",
    );
    // A section or topic named twice in one module (it prints once) had gone unsaid.
    write(
        "i.toml",
        "title = \"I\"\n[[module]]\ntitle = \"Steps\"\nsections = [\"kratom-addiction#detox\", \"detox\", \"detox\"]\n[[module]]\ntitle = \"R\"\ntopics = [\"relapse\", \"Relapse\"]\n",
    );
    let found = String::from_utf8_lossy(&p.run(&["check"]).stdout).to_string();
    for twice in [
        "packs/i.toml:4: module 1 `Steps` names `kratom-addiction#detox` more than once in `sections`",
        "packs/i.toml:7: module 2 `R` names `relapse` more than once in `topics`",
    ] {
        assert_eq!(found.matches(twice).count(), 1, "{found}");
    }
    let h: Vec<&str> = found.lines().filter(|l| l.starts_with("packs/h.toml")).collect();
    assert_eq!(h.len(), 2, "{found}");
    assert!(h[0].starts_with("packs/h.toml:3: bad pack spec: unknown field `titel`"), "{found}");
    assert!(h[1].starts_with("packs/h.toml:6: bad pack spec: invalid type"), "{found}");
    for expected in [
        "packs/f.toml:2: a pack needs at least one [[module]]",
        "packs/g.toml:1: the pack has no `title`: add one at the top",
        "packs/g.toml:2: module 1 has no `title`: add one",
        "packs/g.toml:7: module 2 `n`: unknown section `nosuch`",
        // At the `topics` line, as `pack` and `build` say it.
        "packs/a.toml:4: module 1 `m`: unknown topic `nosuch`",
        "packs/b.toml:2: cannot read the clinic file",
        "packs/c.toml:6: module 2 `n` selects nothing: give it `topics`, `sections` or a `query`",
        "packs/d.toml:1: `title` must not be empty",
        "packs/e.toml:4: module 1: `title` has the character `\u{1F48A}` (U+1F48A), which the handout font cannot print",
    ] {
        assert!(found.contains(expected), "`{expected}` not in:\n{found}");
    }
    // `build` fails on each of them, and says the same.
    let err = String::from_utf8_lossy(&p.run(&["build"]).stderr).to_string();
    assert!(err.contains("packs/c.toml:6: module 2 `n` selects nothing"), "{err}");
    assert!(err.contains("packs/a.toml:4: module 1 `m`: unknown topic `nosuch`"), "{err}");
    // A missing clinic file too: `build` named the spec but not its line.
    std::fs::remove_file(p.path().join("packs/c.toml")).unwrap();
    let err = String::from_utf8_lossy(&p.run(&["build"]).stderr).to_string();
    assert!(err.contains("packs/b.toml:2: cannot read the clinic file"), "{err}");
}

#[test]
fn every_unknown_section_and_topic_of_a_spec_is_told_at_once() {
    // A spec with three mistakes over two modules had been refused for its first only: a
    // trainer met them one run at a time. A clinic file that is not there is told with them.
    let p = Project::shipped();
    p.add_packs();
    p.write_pack(
        "x.toml",
        "title = \"X\"\nclinic = \"clinics/nope.toml\"\n[[module]]\ntitle = \"A\"\nsections = [\"kratom-addiction#detx\", \"withdrawal\", \"kratom-addiction#relaps\"]\n[[module]]\ntitle = \"B\"\nsections = [\"detox\"]\ntopics = [\"detoxx\"]\n",
    );
    let expected = [
        "packs/x.toml:2: cannot read the clinic file",
        "packs/x.toml:5: module 1 `A`: unknown section `kratom-addiction#detx`",
        "packs/x.toml:5: module 1 `A`: unknown section `kratom-addiction#relaps`",
        "packs/x.toml:9: module 2 `B`: unknown topic `detoxx` (did you mean `detox`?)",
    ];
    let err = p.err(&["pack", "packs/x.toml"]);
    let found = String::from_utf8_lossy(&p.run(&["check"]).stdout).to_string();
    for e in expected {
        assert!(err.contains(e), "pack: `{e}` not in:\n{err}");
        assert!(found.contains(e), "check: `{e}` not in:\n{found}");
    }
    assert!(!p.path().join("output/packs/x.pdf").exists(), "no pack is written");
    // A value the spec's reader refuses is told with them: it had been told alone, the rest
    // of the spec unread.
    let spec = std::fs::read_to_string(p.path().join("packs/x.toml")).unwrap();
    p.write_pack("x.toml", &spec.replacen("title = \"X\"\n", "title = \"X\"\npaper = \"legal\"\n", 1));
    let err = p.err(&["pack", "packs/x.toml"]);
    let found = String::from_utf8_lossy(&p.run(&["check"]).stdout).to_string();
    for e in [
        "packs/x.toml:2: bad pack spec: unknown variant `legal`",
        "packs/x.toml:3: cannot read the clinic file",
        "packs/x.toml:6: module 1 `A`: unknown section `kratom-addiction#detx`",
        "packs/x.toml:10: module 2 `B`: unknown topic `detoxx` (did you mean `detox`?)",
    ] {
        assert!(err.contains(e), "pack: `{e}` not in:\n{err}");
        assert!(found.contains(e), "check: `{e}` not in:\n{found}");
    }
}

#[test]
fn a_spec_with_four_kinds_of_mistake_is_told_of_all_in_one_run_in_the_files_order() {
    // A refused value, a clinic file not found, an unknown section and a module that selects
    // nothing: a trainer had met them in four runs, one each.
    let p = Project::shipped();
    p.add_packs();
    p.write_pack(
        "four.toml",
        "title = \"Four mistakes\"\npaper = \"legal\"\nclinic = \"clinics/nope.toml\"\n\n[[module]]\ntitle = \"Basics\"\nsections = [\"withdrawl\"]\n\n[[module]]\ntitle = \"Empty\"\nsections = []\n",
    );
    let err = p.err(&["pack", "packs/four.toml"]);
    let told: Vec<&str> = err.lines().filter(|l| l.contains("packs/four.toml:")).collect();
    let expected = [
        "packs/four.toml:2: bad pack spec: unknown variant `legal`",
        "packs/four.toml:3: cannot read the clinic file",
        "packs/four.toml:7: module 1 `Basics`: unknown section `withdrawl`",
        "packs/four.toml:9: module 2 `Empty` selects nothing",
    ];
    assert_eq!(told.len(), expected.len(), "{err}");
    for (line, e) in told.iter().zip(expected) {
        assert!(line.contains(e), "`{e}` is not where it belongs in:\n{err}");
    }
    let found = String::from_utf8_lossy(&p.run(&["check"]).stdout).to_string();
    for e in expected {
        assert!(found.contains(e), "check: `{e}` not in:\n{found}");
    }
}

#[test]
fn check_loads_the_clinic_files_kept_with_the_packs() {
    let p = Project::shipped();
    p.add_packs();
    // A clinic file no spec names yet, with two keys misspelt: both found before a build
    // needs it, in one run.
    std::fs::write(
        p.path().join("packs/clinics/typo.toml"),
        "name = \"A\"\nwebiste = \"https://a.org\"\nphon = \"555-0100\"\n",
    )
    .unwrap();
    // One beside the specs with its `name` misspelt is still a clinic file, not a bad spec.
    std::fs::write(p.path().join("packs/mine.toml"), "nmae = \"B\"\nphone = \"555-0100\"\n").unwrap();
    // One with two mistakes: each is a finding at its line.
    std::fs::write(
        p.path().join("packs/clinics/two.toml"),
        "name = \"A\"\nwebsite = \"riverside\"\nphone = \"Tel: 505 555 0142\"\n",
    )
    .unwrap();
    let text = String::from_utf8_lossy(&p.run(&["check"]).stdout).into_owned();
    assert!(text.contains("packs/clinics/typo.toml:2: bad clinic file: unknown field `webiste`"), "{text}");
    assert!(text.contains("packs/clinics/typo.toml:3: bad clinic file: unknown field `phon`"), "{text}");
    assert!(text.contains("packs/mine.toml:1: bad clinic file: unknown field `nmae`"), "{text}");
    assert!(text.contains("packs/clinics/two.toml:2: `website` must be a web address"), "{text}");
    assert!(text.contains("\npacks/clinics/two.toml:3: `phone` `Tel: 505 555 0142` starts with"), "{text}");
    assert!(!text.contains("bad pack spec"), "{text}");
    // A clinic file two specs name: its mistakes are told once, at its lines, and each spec
    // points to them (they had been told, and counted, once a spec and once more).
    for spec in ["a", "b"] {
        p.write_pack(
            &format!("{spec}.toml"),
            "title = \"T\"\nclinic = \"clinics/two.toml\"\n[[module]]\ntitle = \"m\"\ntopics = [\"detox\"]\n",
        );
    }
    let text = String::from_utf8_lossy(&p.run(&["check"]).stdout).into_owned();
    assert_eq!(text.matches("`website` must be a web address").count(), 1, "{text}");
    for spec in ["a", "b"] {
        let points = format!("packs/{spec}.toml:2: its clinic file `packs/clinics/two.toml` has 2 mistakes");
        assert!(text.contains(&points), "{text}");
    }
    for spec in ["a", "b"] {
        std::fs::remove_file(p.path().join(format!("packs/{spec}.toml"))).unwrap();
    }
    std::fs::remove_file(p.path().join("packs/clinics/two.toml")).unwrap();
    // `build` counts them and still writes every pack.
    let built = p.ok(&["build"]);
    assert!(built.contains("check: 14 findings"), "{built}");
    // From another packs folder, the command it points to reads that folder too.
    std::fs::rename(p.path().join("packs"), p.path().join("my packs")).unwrap();
    let built = p.ok(&["build", "--packs", "my packs"]);
    assert!(
        built.contains("check: 14 findings in the corpus and packs; run `outreach check --packs 'my packs'`"),
        "{built}"
    );
    let listed = String::from_utf8_lossy(&p.run(&["check", "--packs", "my packs"]).stdout).into_owned();
    assert!(listed.contains("my packs/clinics/typo.toml:2: bad clinic file"), "{listed}");
}

#[test]
fn a_file_named_as_the_output_folder_is_said_once() {
    let p = Project::shipped();
    std::fs::write(p.path().join("notes.txt"), "notes").unwrap();
    let err = p.err(&["build", "--out", "notes.txt"]);
    assert_eq!(err.matches("is a file, not a folder").count(), 1, "{err}");
    assert_eq!(std::fs::read_to_string(p.path().join("notes.txt")).unwrap(), "notes");
    let err = p.err(&["handout", "detox", "-o", "notes.txt/d.pdf"]);
    assert!(err.contains("`notes.txt` is a file, not a folder"), "{err}");
}

#[test]
fn spanish_slugs_are_typed_without_accents_and_may_be_written_with_them() {
    let p = Project::empty();
    let doc = |sections: &str| {
        format!(
            "+++\nid = \"es\"\ntitle = \"T\"\nlanguage = \"es\"\nsource = \"S\"\nreviewed = \"unknown\"\n\n[sections]\n{sections}\n+++\n\n## ¿Qué es?\n\nTexto uno.\n\n## Señales de adicción\n\nTexto dos.\n"
        )
    };
    // The slug as the heading reads, accents and all, names the heading.
    p.write("es.md", doc("\"señales-de-adicción\" = [\"senales\"]"));
    let topics = p.ok(&["topics"]);
    assert!(topics.contains("senales") && topics.contains("1 section"), "{topics}");
    p.ok(&["show", "es#senales-de-adiccion"]);
    p.ok(&["show", "es#que-es"]);
    // A topic tag with accents is refused, naming the one to write.
    p.write("es.md", doc("\"señales-de-adicción\" = [\"señales\"]"));
    let err = p.err(&["handout", "-s", "es#que-es", "-o", "x.pdf"]);
    assert!(
        err.contains(
            "es.md:9: topic `señales` must be lowercase words joined by `-`, without accents: `senales`"
        ),
        "{err}"
    );
}

#[test]
fn a_control_character_in_what_is_echoed_is_shown_as_its_code() {
    // A query or an id carrying a terminal's escape sequence (which could set the window's
    // title or colour what follows) is echoed with the character as its code.
    let p = Project::shipped();
    let out = p.ok(&["search", "zz\u{1b}]0;pwned\u{7}"]);
    assert!(out.contains("no sections match `zz\\u{1b}]0;pwned\\u{7}`"), "{out}");
    assert!(!out.contains('\u{1b}'), "{out:?}");
    let err = p.err(&["show", "a\u{1b}[31m\u{202e}b"]);
    assert!(err.contains("unknown section `a\\u{1b}[31m\\u{202e}b`"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{202e}'), "{err:?}");
}

#[test]
fn the_index_may_not_be_the_corpus_folder() {
    let p = Project::shipped();
    let err = p.err(&["search", "detox", "--index", "corpus"]);
    assert!(err.contains("the index folder `corpus` is the corpus folder"), "{err}");
    let kept: Vec<String> = std::fs::read_dir(p.corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(kept.iter().all(|n| n.ends_with(".md") || n.ends_with(".toml")), "{kept:?}");
}

#[test]
fn handouts_written_without_an_output_named_never_replace_each_other() {
    // `-s …#relapse`, `-s …#detox` and `-q "dope sick"` had all gone to handout.pdf, and
    // `handout detox -s …#relapse` had replaced the standard detox.pdf; a clinic's detox
    // handout, then a justified one without the clinic, had both gone to detox.pdf.
    let p = Project::shipped();
    p.add_packs();
    p.ok(&["index"]);
    let clinic = "packs/clinics/example.toml";
    let runs: [(&[&str], &str); 9] = [
        (&["handout", "detox"], "detox.pdf"),
        (&["handout", "-s", "kratom-addiction#relapse"], "kratom-addiction-relapse.pdf"),
        (&["handout", "-s", "kratom-addiction#detox"], "kratom-addiction-detox.pdf"),
        (&["handout", "-q", "dope sick"], "search-dope-sick.pdf"),
        (&["handout", "detox", "-s", "kratom-addiction#relapse"], "detox-kratom-addiction-relapse.pdf"),
        (&["handout", "Getting help", "--large-print", "--paper", "a4"], "getting-help-large-print-a4.pdf"),
        (&["handout", "detox", "--clinic", clinic], "detox-example.pdf"),
        (&["handout", "detox", "--justify"], "detox-justified.pdf"),
        (&["handout", "detox", "--title", "Detox: what to expect"], "detox-detox-what-to-expect.pdf"),
    ];
    for (args, name) in runs {
        let out = p.ok(args);
        assert!(out.contains(&format!("wrote output/handouts/{name} ")), "{args:?}: {out}");
    }
    let files = std::fs::read_dir(p.path().join("output/handouts")).unwrap().count();
    assert_eq!(files, runs.len());
    // A section named by the part after `#` alone (or its heading) is that section, named by
    // its id: not the detox topic's detox.pdf.
    for typed in ["detox", "Detox"] {
        let out = p.ok(&["handout", "-s", typed]);
        assert!(out.contains("wrote output/handouts/kratom-addiction-detox.pdf "), "{out}");
    }
    let err = p.err(&["handout", "-s", "side-effects"]);
    assert!(
        err.contains("closest of the 15 sections:\n  kratom-addiction#effects-and-side-effects\n"),
        "{err}"
    );
    // `-o -` is standard output, as other tools take it.
    let out = p.run(&["handout", "detox", "-o", "-"]);
    assert!(
        out.status.success() && out.stdout.starts_with(b"%PDF-"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!p.path().join("-").exists());
}

#[test]
fn a_clinic_file_not_found_is_named_with_the_clinic_files_there_are() {
    // `--clinic example.toml` had said only "No such file or directory"; a spec's
    // `clinic =` already offered the files there are.
    let p = Project::shipped();
    p.add_packs();
    for typed in ["example.toml", "packs/clinics/exmple.toml"] {
        let err = p.err(&["handout", "detox", "--clinic", typed, "-o", "x.pdf"]);
        assert!(
            err.contains(&format!("cannot read the clinic file `{typed}`"))
                && err.contains("did you mean `packs/clinics/example.toml`?"),
            "{err}"
        );
    }
}

#[test]
fn a_title_the_font_cannot_print_is_said_of_the_option() {
    // It had been said of the output file: "z.pdf: the character `😀` … in `Hi 😀`".
    let p = Project::shipped();
    let err = p.err(&["handout", "detox", "--title", "Hi 😀", "-o", "z.pdf"]);
    assert!(
        err.contains("`--title` has the character `😀` (U+1F600), which the handout font cannot print"),
        "{err}"
    );
    assert!(!p.path().join("z.pdf").exists());
}

#[test]
fn a_cover_too_long_for_its_page_leaves_out_the_clinic_details_the_contact_block_prints() {
    // A long title and a long clinic in large print on A4: the clinic's hours had printed
    // alone on page 2, the contents pushed to page 3, with no word said.
    let p = Project::shipped();
    std::fs::create_dir_all(p.path().join("packs")).unwrap();
    std::fs::write(
        p.path().join("packs/long.toml"),
        "name = \"Saint Bartholomew's Regional Community Health and Addiction Recovery Outpatient Clinic of Greater Springfield County\"\nshort_name = \"Saint Bartholomew's\"\nphone = \"555-0100 or 555-0111 (after hours)\"\naddress = \"Suite 400, Riverside Medical Arts Building, 1234 North Riverfront Boulevard, Springfield Heights, Springfield County\"\nhours = \"Monday to Friday, 8:00 to 20:00; Saturday 9:00 to 13:00; closed Sundays and public holidays\"\nwebsite = \"https://www.saint-bartholomews-regional-community-health.example.org/addiction-recovery-services\"\n",
    )
    .unwrap();
    let spec = p.write_pack(
        "coaches.toml",
        "title = \"Kratom withdrawal and treatment: a large-print pack for peer recovery coaches working in the community, with the questions they are asked most\"\naudience = \"Peer recovery coaches\"\nclinic = \"long.toml\"\nprofile = \"large\"\npaper = \"a4\"\n\n[[module]]\ntitle = \"Withdrawal\"\ntopics = [\"detox\"]\n",
    );
    let out = p.run(&["pack", &spec, "--out", "out"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("the cover leaves out the clinic's hours"), "{err}");
    let pages: Vec<String> = pdf_pages(&std::fs::read(p.path().join("out/packs/coaches.pdf")).unwrap())
        .into_iter()
        .map(|page| page.replace('\u{a0}', " "))
        .collect();
    assert!(pages[1].contains("Contents"), "page 2:\n{}", pages[1]);
    assert!(
        pages[0].contains("Peer recovery coaches") && !pages[0].contains("Monday to Friday"),
        "{}",
        pages[0]
    );
    // The contact block still prints them.
    assert!(pages.last().unwrap().contains("Monday to Friday"), "{}", pages.last().unwrap());
    // One that still runs over, its clinic's details gone, is said to.
    let long_title = "Kratom withdrawal and treatment, what to say and what to do: ".repeat(9);
    let spec = p.write_pack(
        "huge.toml",
        &format!("title = \"{long_title}\"\naudience = \"Peer recovery coaches\"\nclinic = \"long.toml\"\nprofile = \"large\"\npaper = \"a4\"\n\n[[module]]\ntitle = \"Withdrawal\"\ntopics = [\"detox\"]\n"),
    );
    let out = p.run(&["pack", &spec, "--out", "out"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the cover runs onto a second page even without the clinic's hours and the clinic's address, phone and website"),
        "{err}"
    );
    // A cover that fits keeps them all.
    p.add_packs();
    let out = p.run(&["pack", "packs/clinic-staff-course.toml", "--out", "out"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("the cover leaves out"));
    let cover = &pdf_pages(&std::fs::read(p.path().join("out/packs/clinic-staff-course.pdf")).unwrap())[0];
    assert!(cover.contains("Hours:"), "{cover}");
}
