//! Property test of the query path: any text in, a result out — no panic, no error, bounded
//! time — on the shipped corpus, in process.

use proptest::prelude::*;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use outreach::search::{Engine, SearchOptions};

fn index() -> &'static Engine {
    static INDEX: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
            let (idx, _) =
                outreach::search::index::open(&corpus, &dir.path().join("index"), true).expect("index");
            (dir, Engine::new(idx))
        })
        .1
}

fn check(q: &str) {
    let start = Instant::now();
    let r =
        index().search(q, &SearchOptions { limit: 10, topics: vec![] }).expect("search never fails on text");
    // Generous: a pathological expansion would take seconds, a normal query well under 10 ms.
    assert!(start.elapsed() < Duration::from_secs(2), "{q:?} took {:?}", start.elapsed());
    assert!(r.hits.len() <= 10);
    for h in &r.hits {
        assert!(h.score.is_finite());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn any_unicode_text(q in any::<String>()) {
        check(&q);
    }

    #[test]
    fn query_syntax_soup(q in r#"[a-z"()*:^~+\-\\ ANDORT]{0,80}"#) {
        check(&q);
    }

    #[test]
    fn corpus_words_with_typos(words in proptest::collection::vec("(withdrawal|treatment|detox|signs|kratom|therapy)[a-z]{0,2}", 1..12)) {
        check(&words.join(" "));
    }
}

#[test]
fn ten_thousand_characters_and_a_thousand_words() {
    check(&"withdrawal ".repeat(1000));
    check(&"é".repeat(10_000));
    check(&(0..1000).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" "));
}
