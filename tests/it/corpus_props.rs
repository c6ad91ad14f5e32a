//! Property test of the print path on an edited corpus: the shipped article with random edits
//! (markup, long words, odd characters, passages cut or repeated) either fails to load with an
//! error naming its file and line, or prints each of its topics in standard and large print,
//! justified or not, with no panic. An editor's slip must never crash a clinic's print run.

use proptest::prelude::*;
use std::path::Path;

use outreach::corpus::Corpus;
use outreach::print::handout::{self, PrintProfile, Selection, Settings};

/// Text an editor might type or paste: markup the corpus accepts and some it refuses, words
/// longer than a line, characters the font lacks, invisible and combining characters.
const SNIPPETS: &[&str] = &[
    "\n\n- a\n  - b\n",
    "\n\n- a\n  - b\n    - c\n",
    "\n\n1. x\n2. y\n\n- z\n",
    "\n\n### Sub\n\ntext\n",
    "\n\n#### A heading that runs on and on over more than one line of any page it is set on\n\n",
    "[x](https://example.org/a/very/long/path/that/does/not/fit/on/one/line/of/a/column)",
    "[empty]()",
    "**bold *nested* bold**",
    "\u{200b}",
    "\u{feff}",
    "\u{1F600}",
    "\u{202e}",
    "\u{301}\u{301}",
    "\u{ad}",
    "\u{2028}",
    "\u{a0}\u{a0}",
    "\u{640}",
    "<https://example.org>",
    "The following can help:\n",
    " — ",
    "9:00 to 17:00",
    "1-800-662-4357",
    "supercalifragilisticexpialidociousandthensomemoreletterswithnobreak",
    "https://example.org/averyveryveryveryveryveryveryveryveryverylongaddresswithnoslash",
    "\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    "\n\n```\ncode\n```\n",
    "\n\n<div>html</div>\n",
    "ñ¿¡ Ω≈ç√∫",
    "*",
    "_",
    "\t",
];

/// One edit of the article's body: insert a snippet, cut a passage, repeat a passage, or
/// insert one character, at a position given as a fraction of the body.
#[derive(Clone, Debug)]
enum Edit {
    Insert(prop::sample::Index, usize),
    Cut(prop::sample::Index, usize),
    Repeat(prop::sample::Index, usize),
    Char(prop::sample::Index, char),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), 0..SNIPPETS.len()).prop_map(|(at, s)| Edit::Insert(at, s)),
        2 => (any::<prop::sample::Index>(), 1usize..300).prop_map(|(at, n)| Edit::Cut(at, n)),
        2 => (any::<prop::sample::Index>(), 1usize..600).prop_map(|(at, n)| Edit::Repeat(at, n)),
        1 => (any::<prop::sample::Index>(), any::<char>()).prop_map(|(at, c)| Edit::Char(at, c)),
    ]
}

fn apply(body: &str, edits: &[Edit]) -> String {
    let mut chars: Vec<char> = body.chars().collect();
    for e in edits {
        let at = |i: &prop::sample::Index| i.index(chars.len() + 1);
        match e {
            Edit::Insert(i, s) => {
                let p = at(i);
                chars.splice(p..p, SNIPPETS[*s].chars());
            }
            Edit::Cut(i, n) => {
                let p = at(i);
                chars.drain(p..(p + n).min(chars.len()));
            }
            Edit::Repeat(i, n) => {
                let p = at(i);
                let piece: Vec<char> = chars[p..(p + n).min(chars.len())].to_vec();
                chars.splice(p..p, piece);
            }
            Edit::Char(i, c) => {
                let p = at(i);
                chars.insert(p, *c);
            }
        }
    }
    chars.into_iter().collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn an_edited_article_prints_or_is_refused_at_its_line(edits in prop::collection::vec(edit(), 1..6)) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let source = std::fs::read_to_string(root.join("corpus/kratom-addiction.md")).unwrap();
        // The front matter (ids, topics, resources) is kept: edits go to the medical text.
        let body_at = source[3..].find("\n+++").unwrap() + 3 + 4;
        let edited = format!("{}{}", &source[..body_at], apply(&source[body_at..], &edits));
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("kratom-addiction.md"), &edited).unwrap();
        std::fs::copy(root.join("corpus/synonyms.toml"), dir.path().join("synonyms.toml")).unwrap();
        let corpus = match Corpus::load(dir.path()) {
            Ok(corpus) => corpus,
            Err(e) => {
                let message = format!("{e:#}");
                let at_line = message
                    .split("kratom-addiction.md:")
                    .nth(1)
                    .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
                prop_assert!(at_line, "an error names no file and line: {}", message);
                return Ok(());
            }
        };
        for topic in ["detox", "signs", "treatment"] {
            let topics = vec![topic.to_string()];
            let sel = Selection { topics: topics.clone(), ..Selection::default() };
            // A topic whose sections were cut away is an error, as for any unknown topic.
            let Ok(handout::Chosen { sections, .. }) = handout::select(&corpus, None, &sel) else { continue };
            for (print, justify) in [(PrintProfile::Standard, false), (PrintProfile::Large, true)] {
                let settings = Settings { print, justify, ..Settings::default() };
                if let Ok(h) = handout::build(&corpus, &sections, &topics, &settings) {
                    prop_assert!(h.bytes.starts_with(b"%PDF-"));
                    prop_assert!(!h.page_ends.is_empty());
                }
            }
        }
    }
}
