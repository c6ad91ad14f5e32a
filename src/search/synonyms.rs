//! Lay ↔ clinical vocabulary: `corpus/synonyms.toml` maps what people type ("dope sick",
//! "shaking") to words the corpus uses ("withdrawal", "tremors").
//!
//! ```toml
//! [synonyms]
//! "throwing up" = ["nausea"]
//! rehab = ["treatment center", "treatment"]
//!
//! # Who a question is about: weighs less than what is asked (`Ranking::person_weight`).
//! [people]
//! son = ["loved one", "family"]
//!
//! # Real words the corpus has nothing on that look like words it has: searched as typed.
//! [uncovered]
//! words = ["meth", "homeless"]
//! ```

use anyhow::Result;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::search::analysis::{self, RAW};
use crate::source::{Lines, SourceError};
use tantivy::tokenizer::TextAnalyzer;

/// File name of the synonym table inside the corpus folder.
pub const FILE: &str = "synonyms.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    synonyms: BTreeMap<String, toml::Spanned<Vec<String>>>,
    #[serde(default)]
    people: BTreeMap<String, toml::Spanned<Vec<String>>>,
    #[serde(default)]
    uncovered: Option<UncoveredTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UncoveredTable {
    words: Vec<toml::Spanned<String>>,
}

/// What a key means, and whether it says who is asked about (the `[people]` table).
#[derive(Clone, Debug, PartialEq)]
pub struct Meaning {
    /// The key as written.
    pub key: String,
    /// Words or phrases of the corpus.
    pub to: Vec<String>,
    /// A person the question is about ("my son"), not what is asked.
    pub person: bool,
}

/// The apostrophes a key may hold: typewriter, typographic and modifier letter.
pub const APOSTROPHES: [char; 3] = ['\'', '\u{2019}', '\u{2bc}'];

/// A parsed synonym table, keyed by the analyzed (lowercased, folded) words of each entry.
#[derive(Clone, Debug, Default)]
pub struct Synonyms {
    entries: BTreeMap<Vec<String>, Meaning>,
    /// The keys with an apostrophe, analyzed without it ("cant poop"); a key of the table
    /// itself comes first.
    bare: BTreeMap<Vec<String>, Meaning>,
    /// The keys by their English stems, for other forms of a key's words ("sickness" for
    /// "sick", "used again" for "using again"). A key that is its own stem wins a shared
    /// stem; otherwise the first key in order does.
    stemmed: BTreeMap<Vec<String>, Meaning>,
    /// Every word of the keys (with and without apostrophes), sorted.
    words: BTreeSet<String>,
    /// Each key as written → the line of its entry.
    lines: BTreeMap<String, usize>,
    /// The `[uncovered]` words, analyzed → the line each is listed on.
    uncovered: BTreeMap<String, usize>,
    longest: usize,
}

/// A synonym that applies to part of a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Applied {
    /// The words of the query it replaces, as typed (analyzed).
    pub from: String,
    /// What they mean in the corpus's words.
    pub to: Vec<String>,
    /// Index of the first query word it covers.
    pub start: usize,
    /// How many query words it covers.
    pub len: usize,
    /// From the `[people]` table: who is asked about.
    pub person: bool,
}

impl Synonyms {
    /// Parses the table; `path` names the file in errors.
    pub fn parse(path: &Path, text: &str) -> Result<Synonyms> {
        let file: File = crate::toml_file::parse(path, text, "synonym table")?;
        let mut raw = analysis::analyzer(RAW);
        let mut stem = analysis::analyzer(STEM);
        let mut syn = Synonyms::default();
        let mut by_stem = Vec::new();
        let lines = Lines::new(text, 1);
        if let Some((key, values)) = file.people.iter().find(|(key, _)| file.synonyms.contains_key(*key)) {
            let line = lines.line_of(values.span().start);
            return Err(
                SourceError::new(path, line, format!("`{key}` is in both [synonyms] and [people]")).into()
            );
        }
        // Both tables, in the order of their keys (ties between keys go by it).
        let mut all: Vec<(String, toml::Spanned<Vec<String>>, bool)> = file
            .synonyms
            .into_iter()
            .map(|(k, v)| (k, v, false))
            .chain(file.people.into_iter().map(|(k, v)| (k, v, true)))
            .collect();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, values, person) in all {
            let words = analysis::terms(&mut raw, &key);
            let line = lines.line_of(values.span().start);
            let values = values.into_inner();
            let meaning = Meaning { key: key.clone(), to: values.clone(), person };
            // The offline copy writes the table as `key,key|meaning;key|meaning` (export.rs).
            if let Some(c) =
                std::iter::once(&key).chain(&values).find_map(|s| s.chars().find(|c| SEPARATORS.contains(c)))
            {
                return Err(SourceError::new(
                    path,
                    line,
                    format!("synonym `{key}`: `{c}` cannot be part of a key or a meaning (`,`, `|` and `;` separate entries)"),
                )
                .into());
            }
            if words.is_empty() || values.iter().all(|v| v.trim().is_empty()) {
                return Err(SourceError::new(
                    path,
                    line,
                    format!("synonym `{key}` needs a word and at least one meaning"),
                )
                .into());
            }
            // Keys read alike ("Dope Sick", full-width "ｄｏｐｅ ｓｉｃｋ" and "dope sick") are one
            // key: a second would silently replace the first's meaning.
            if let Some(first) = syn.entries.get(&words) {
                let at = syn.lines.get(&first.key).copied().unwrap_or(1);
                let table = |person: bool| if person { "[people]" } else { "[synonyms]" };
                return Err(SourceError::new(
                    path,
                    line,
                    format!(
                        "`{key}` in {} reads as `{}` in {} (line {at}): keep one",
                        table(person),
                        first.key,
                        table(first.person)
                    ),
                )
                .into());
            }
            // A stop word alone would apply to nearly every query ("the" → tremors).
            if let [word] = words.as_slice()
                && analysis::is_stop(word)
            {
                return Err(SourceError::new(
                    path,
                    line,
                    format!(
                        "synonym `{key}`: `{word}` is a word too common to search by (a stop word), so it would apply to nearly every query; use a phrase"
                    ),
                )
                .into());
            }
            // People leave the apostrophe out on a phone: "cant poop" means "can't poop". The
            // key without it applies too, unless the table has that key itself.
            if key.contains(APOSTROPHES) {
                let bare = analysis::terms(&mut raw, &key.replace(APOSTROPHES, ""));
                if !bare.is_empty() && bare != words {
                    syn.bare.entry(bare).or_insert_with(|| meaning.clone());
                }
            }
            let stems = stems(&mut stem, &words);
            by_stem.push((stems != words, stems, meaning.clone()));
            syn.lines.insert(key, line);
            syn.entries.insert(words, meaning);
        }
        // A key that is its own stem ("sick") owns it; among the others, the first in order.
        by_stem.sort_by_key(|(derived, ..)| *derived);
        for (_, stems, meaning) in by_stem {
            syn.stemmed.entry(stems).or_insert(meaning);
        }
        let mut syn = syn.with_key_words();
        for word in file.uncovered.map(|t| t.words).unwrap_or_default() {
            let line = lines.line_of(word.span().start);
            let fail = |why: String| Err(SourceError::new(path, line, why).into());
            let typed = word.into_inner();
            let terms = analysis::terms(&mut raw, &typed);
            let [analyzed] = terms.as_slice() else {
                return fail(format!("[uncovered] `{typed}`: list one word at a time"));
            };
            let analyzed = analyzed.clone();
            if let Some((_, m)) = syn.entries().find(|(words, _)| words.contains(&analyzed)) {
                let at = syn.line_of(&m.key).unwrap_or(1);
                return fail(format!(
                    "[uncovered] `{typed}` is a word of the synonym `{}` (line {at}): the table covers it; keep one",
                    m.key
                ));
            }
            if let Some(first) = syn.uncovered.get(&analyzed) {
                return fail(format!("[uncovered] `{typed}` is listed twice (first on line {first})"));
            }
            syn.uncovered.insert(analyzed, line);
        }
        Ok(syn)
    }

    /// The table with what its keys give, derived once: every word of the keys (with and
    /// without their apostrophes) and the most words a key has.
    fn with_key_words(mut self) -> Synonyms {
        let keys = || self.entries.keys().chain(self.bare.keys());
        self.longest = keys().map(Vec::len).max().unwrap_or(0);
        self.words = keys().flatten().cloned().collect();
        self
    }

    /// The table as an index generation keeps it (`synonyms.tsv`), to be read back by
    /// [`Synonyms::from_tsv`] without TOML or text analysis: a `search` process had spent
    /// half its instructions parsing the table. A line per entry (`E`), per key without its
    /// apostrophes (`B`) and per key by its stems (`S`), each `KIND\twords\tkey\tperson\t
    /// meaning|meaning`, then `L\tkey\tline` per key and `U\tword\tline` per `[uncovered]`
    /// word. `None` when a key or meaning holds a
    /// tab or a line break (the table is then parsed from TOML).
    pub fn to_tsv(&self) -> Option<String> {
        let clean = |s: &str| !s.contains(['\t', '\n', '\r']);
        let mut out = String::new();
        for (kind, map) in [("E", &self.entries), ("B", &self.bare), ("S", &self.stemmed)] {
            for (words, m) in map {
                if !clean(&m.key) || !m.to.iter().all(|t| clean(t)) {
                    return None;
                }
                out.push_str(&format!(
                    "{kind}\t{}\t{}\t{}\t{}\n",
                    words.join(" "),
                    m.key,
                    u8::from(m.person),
                    m.to.join("|")
                ));
            }
        }
        for (key, line) in &self.lines {
            out.push_str(&format!("L\t{key}\t{line}\n"));
        }
        for (word, line) in &self.uncovered {
            out.push_str(&format!("U\t{word}\t{line}\n"));
        }
        Some(out)
    }

    /// Reads back what [`Synonyms::to_tsv`] wrote.
    pub fn from_tsv(text: &str) -> Result<Synonyms> {
        let mut syn = Synonyms::default();
        for (n, line) in text.lines().enumerate() {
            let bad = || anyhow::anyhow!("line {} of the kept synonym table is not as written", n + 1);
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                ["L", key, at] => {
                    syn.lines.insert(key.to_string(), at.parse().map_err(|_| bad())?);
                }
                ["U", word, at] => {
                    syn.uncovered.insert(word.to_string(), at.parse().map_err(|_| bad())?);
                }
                [kind, words, key, person, to] => {
                    let words: Vec<String> = words.split(' ').map(str::to_string).collect();
                    let meaning = Meaning {
                        key: key.to_string(),
                        to: to.split('|').map(str::to_string).collect(),
                        person: *person == "1",
                    };
                    let map = match *kind {
                        "E" => &mut syn.entries,
                        "B" => &mut syn.bare,
                        "S" => &mut syn.stemmed,
                        _ => return Err(bad()),
                    };
                    map.insert(words, meaning);
                }
                _ => return Err(bad()),
            }
        }
        Ok(syn.with_key_words())
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Every word of the keys, as analyzed, with and without their apostrophes, in order: what
    /// a misspelt lay word may be corrected to.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.iter().map(String::as_str)
    }

    /// The words of the keys that start with `prefix` and are longer than it, in order: what a
    /// word being typed may be on its way to ("hus" → "husband").
    pub fn words_starting<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        use std::ops::Bound;
        self.words
            .range::<str, _>((Bound::Excluded(prefix), Bound::Unbounded))
            .take_while(move |w| w.starts_with(prefix))
            .map(String::as_str)
    }

    /// Whether `word` is a word of some key.
    pub fn has_word(&self, word: &str) -> bool {
        self.words.contains(word)
    }

    /// Whether `stem` (English) is the stem of a word of some key: a word with it is another
    /// form of that word ("pill" of "pills"), which [`Synonyms::apply`] finds as it is.
    pub fn has_stem(&self, stem: &str) -> bool {
        self.stemmed.keys().flatten().any(|s| s.as_str() == stem)
    }

    /// Whether `word` (analyzed) is listed in `[uncovered]`: a real word the corpus has nothing
    /// on, searched as typed, never corrected ("homeless" is no "hopeless") or completed
    /// ("meth" is no start of "methadone").
    pub fn is_uncovered(&self, word: &str) -> bool {
        self.uncovered.contains_key(word)
    }

    /// The `[uncovered]` words, analyzed, in order, with the line each is listed on.
    pub fn uncovered(&self) -> impl Iterator<Item = (&str, usize)> {
        self.uncovered.iter().map(|(w, &line)| (w.as_str(), line))
    }

    /// The line of the entry of `key` (as written) in the table's file.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.lines.get(key).copied()
    }

    /// Every entry: its analyzed words, and what it means.
    pub fn entries(&self) -> impl Iterator<Item = (&[String], &Meaning)> {
        self.entries.iter().map(|(words, meaning)| (words.as_slice(), meaning))
    }

    /// A key of several words that the end of `words` starts, for a query whose last word is
    /// still being typed (`last`, as typed): the key's first words typed before it, and its
    /// next word starting with `last`, typed in part or, but for the key's last word, whole
    /// ("throw" or "throwing" for "throwing up", "dope s" for "dope sick"). Returns how many of the query's last words
    /// the key covers, and the key's words: the most words covered, then the shortest key,
    /// then the first in order. A key's start of one word needs three letters of it.
    pub fn phrase_started<'a>(&'a self, words: &[String], last: &str) -> Option<(usize, &'a [String])> {
        let n = words.len();
        let mut best: Option<(usize, &[String])> = None;
        for key in self.entries.keys().filter(|k| k.len() > 1) {
            for k in 1..=key.len().min(n) {
                // (Its last word typed whole is the whole key, which applies as it is.)
                let starts = key[k - 1].starts_with(last)
                    && (k < key.len() || key[k - 1] != last)
                    && (k > 1 || last.chars().count() >= 3);
                if !starts || words[n - k..n - 1] != key[..k - 1] {
                    continue;
                }
                if best.is_none_or(|(bk, b)| k > bk || (k == bk && key.len() < b.len())) {
                    best = Some((k, key.as_slice()));
                }
            }
        }
        best
    }

    /// Finds the entries that apply to a query's words, longest match first, without overlap.
    /// A span matches a key as typed, then without the key's apostrophes, then by its words'
    /// stems (another form of the key's words) when one of them is no corpus word (`known`):
    /// "addictive", a corpus word, needs no help from the key "addicted". `stem_en` is the
    /// caller's English stemming analyzer (the table is written in English).
    pub fn apply(
        &self,
        words: &[String],
        known: impl Fn(&str) -> bool,
        stem_en: &mut TextAnalyzer,
    ) -> Vec<Applied> {
        let stemmed = stems(stem_en, words);
        let mut out = Vec::new();
        let mut i = 0;
        while i < words.len() {
            let mut matched = false;
            for len in (1..=self.longest.min(words.len() - i)).rev() {
                let span = &words[i..i + len];
                let found = self.entries.get(span).or_else(|| self.bare.get(span));
                // Found by another form of its words, it is shown as typed ("sickness").
                let found = found.map(|m| (m.key.clone(), m)).or_else(|| {
                    let hit = if span.iter().all(|w| known(w)) {
                        None
                    } else {
                        self.stemmed.get(&stemmed[i..i + len])
                    };
                    hit.map(|m| (span.join(" "), m))
                });
                if let Some((from, m)) = found {
                    out.push(Applied { from, to: m.to.clone(), start: i, len, person: m.person });
                    i += len;
                    matched = true;
                    break;
                }
            }
            if !matched {
                i += 1;
            }
        }
        out
    }
}

/// Characters a key or a meaning cannot hold: they separate entries in the offline copy.
const SEPARATORS: [char; 3] = ['|', ';', ','];

/// Analyzer whose stems match other forms of a key's words: the table is written in English.
const STEM: &str = "stem_en";

/// Each of `words` stemmed on its own (a word the stemmer drops stays as it is, so the stems
/// line up with the words).
fn stems(analyzer: &mut TextAnalyzer, words: &[String]) -> Vec<String> {
    words
        .iter()
        .map(|w| analysis::terms(analyzer, w).into_iter().next().unwrap_or_else(|| w.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The table's entries for the words of `q`, none of them a corpus word but what `known`
    /// says.
    fn apply(s: &Synonyms, q: &str, known: impl Fn(&str) -> bool) -> Vec<Applied> {
        let words: Vec<String> = q.split(' ').map(String::from).collect();
        s.apply(&words, known, &mut analysis::analyzer(STEM))
    }

    #[test]
    fn the_table_an_index_keeps_reads_back_as_parsed() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/synonyms.toml");
        let text = std::fs::read_to_string(path).unwrap();
        let parsed = Synonyms::parse(Path::new(path), &text).unwrap();
        let kept = Synonyms::from_tsv(&parsed.to_tsv().unwrap()).unwrap();
        assert_eq!(format!("{kept:?}"), format!("{parsed:?}"));
        assert!(kept.len() > 400 && kept.line_of("dope sick").is_some());
        // A tab in a meaning cannot be kept so: the table is parsed from TOML instead.
        let odd = Synonyms::parse(Path::new("s.toml"), "[synonyms]\nx = [\"a\\tb\"]\n").unwrap();
        assert!(odd.to_tsv().is_none());
        assert!(Synonyms::from_tsv("E\tonly\n").is_err());
    }

    #[test]
    fn an_uncovered_word_is_one_word_that_no_key_has_listed_once() {
        let parse = |text: &str| Synonyms::parse(Path::new("s.toml"), text);
        let ok =
            parse("[synonyms]\nrehab = [\"treatment\"]\n[uncovered]\nwords = [\"Meth\", \"homeless\"]\n")
                .unwrap();
        assert!(ok.is_uncovered("meth") && ok.is_uncovered("homeless") && !ok.is_uncovered("rehab"));
        assert_eq!(ok.uncovered().collect::<Vec<_>>(), [("homeless", 4), ("meth", 4)]);
        let err = |text: &str| parse(text).unwrap_err().to_string();
        assert_eq!(
            err("[synonyms]\n\"dope sick\" = [\"withdrawal\"]\n[uncovered]\nwords = [\n  \"dope\",\n]\n"),
            "s.toml:5: [uncovered] `dope` is a word of the synonym `dope sick` (line 2): the table covers it; keep one"
        );
        assert_eq!(
            err("[uncovered]\nwords = [\"crystal meth\"]\n"),
            "s.toml:2: [uncovered] `crystal meth`: list one word at a time"
        );
        assert_eq!(
            err("[uncovered]\nwords = [\"meth\",\n\"METH\"]\n"),
            "s.toml:3: [uncovered] `METH` is listed twice (first on line 2)"
        );
    }

    #[test]
    fn keys_that_read_alike_or_a_stop_word_alone_are_refused_at_their_line() {
        let err = |text: &str| Synonyms::parse(Path::new("s.toml"), text).unwrap_err().to_string();
        // Full-width letters read as plain ones: the [people] key would replace the meaning.
        let e = err(
            "[synonyms]\n\"dope sick\" = [\"withdrawal\"]\n[people]\n\"ｄｏｐｅ ｓｉｃｋ\" = [\"family\"]\n",
        );
        assert_eq!(
            e,
            "s.toml:4: `ｄｏｐｅ ｓｉｃｋ` in [people] reads as `dope sick` in [synonyms] (line 2): keep one"
        );
        let e = err("[synonyms]\n\"Rehab\" = [\"treatment\"]\n\"rehab\" = [\"treatment center\"]\n");
        assert!(e.starts_with("s.toml:3: `rehab` in [synonyms] reads as `Rehab`"), "{e}");
        let e = err("[synonyms]\n\"the\" = [\"tremors\"]\n");
        assert!(e.starts_with("s.toml:2: synonym `the`: `the` is a word too common"), "{e}");
        // A phrase of common words is specific enough.
        assert!(
            Synonyms::parse(Path::new("s.toml"), "[synonyms]\n\"how do i know\" = [\"signs\"]\n").is_ok()
        );
    }

    #[test]
    fn multi_word_keys_match_first() {
        let s = Synonyms::parse(
            Path::new("s.toml"),
            "[synonyms]\n\"dope sick\" = [\"withdrawal\"]\nsick = [\"illness\"]\n",
        )
        .unwrap();
        let applied = apply(&s, "so dope sick", |_| false);
        assert_eq!(applied.len(), 1);
        assert_eq!(applied[0].to, ["withdrawal"]);
        assert_eq!((applied[0].start, applied[0].len), (1, 2));
    }

    #[test]
    fn a_key_applies_without_its_apostrophe_too() {
        let s = Synonyms::parse(
            Path::new("s.toml"),
            "[synonyms]\n\"can't poop\" = [\"constipation\"]\n\"y’all\" = [\"refuse\"]\nyall = [\"habit\"]\n",
        )
        .unwrap();
        for typed in ["can t poop", "cant poop"] {
            let applied = apply(&s, typed, |_| false);
            assert_eq!(applied.len(), 1, "{typed}");
            assert_eq!(
                (applied[0].from.as_str(), applied[0].to.as_slice()),
                ("can't poop", &["constipation".to_string()][..])
            );
        }
        // A key written without the apostrophe is the table's own, and wins.
        assert_eq!(apply(&s, "yall", |_| false)[0].to, ["habit"]);
        assert_eq!(apply(&s, "y all", |_| false)[0].to, ["refuse"]);
        assert_eq!(s.len(), 3, "the bare forms are not entries of their own");
    }

    #[test]
    fn other_forms_of_a_keys_words_apply_after_the_key_itself() {
        let s = Synonyms::parse(
            Path::new("s.toml"),
            "[synonyms]\nsick = [\"withdrawal\"]\n\"using again\" = [\"relapse\"]\nsickly = [\"illness\"]\n",
        )
        .unwrap();
        let applied = apply(&s, "the sickness", |_| false);
        assert_eq!(applied[0].to, ["withdrawal"]);
        // Shown as typed: "sickness" also finds withdrawal.
        assert_eq!((applied[0].from.as_str(), applied[0].start, applied[0].len), ("sickness", 1, 1));
        assert_eq!(apply(&s, "used again", |_| false)[0].to, ["relapse"]);
        // A key as typed wins over another key's stem.
        assert_eq!(apply(&s, "sickly", |_| false)[0].to, ["illness"]);
        assert!(apply(&s, "sicko", |_| false).is_empty());
        // Words of the corpus are found as they are: no other form of a key applies to them.
        assert!(apply(&s, "sickness", |w| w == "sickness").is_empty());
        assert_eq!(apply(&s, "used again", |w| w == "used")[0].to, ["relapse"]);
    }

    #[test]
    fn people_are_marked_and_may_not_also_be_synonyms() {
        let s = Synonyms::parse(
            Path::new("s.toml"),
            "[synonyms]\nrehab = [\"treatment\"]\n\n[people]\nson = [\"loved one\"]\n",
        )
        .unwrap();
        let applied = apply(&s, "son rehab", |_| false);
        assert_eq!(
            applied.iter().map(|a| (a.from.as_str(), a.person)).collect::<Vec<_>>(),
            [("son", true), ("rehab", false)]
        );
        // Other forms of a person's word are people too.
        assert!(apply(&s, "sons", |_| false)[0].person);
        let err =
            Synonyms::parse(Path::new("s.toml"), "[synonyms]\nson = [\"a\"]\n\n[people]\nson = [\"b\"]\n")
                .unwrap_err()
                .to_string();
        assert!(err.starts_with("s.toml:5: `son` is in both [synonyms] and [people]"), "{err}");
    }

    #[test]
    fn separators_are_refused_with_the_line() {
        let err =
            Synonyms::parse(Path::new("s.toml"), "[synonyms]\nrehab = [\"treatment\"]\n\"a|b\" = [\"c\"]\n")
                .unwrap_err()
                .to_string();
        assert!(err.starts_with("s.toml:3: synonym `a|b`: `|` cannot"), "{err}");
        let err =
            Synonyms::parse(Path::new("s.toml"), "[synonyms]\nab = [\"c; d\"]\n").unwrap_err().to_string();
        assert!(err.starts_with("s.toml:2: synonym `ab`: `;` cannot"), "{err}");
        let err =
            Synonyms::parse(Path::new("s.toml"), "[synonyms]\n\"a,b\" = [\"c\"]\n").unwrap_err().to_string();
        assert!(err.starts_with("s.toml:2: synonym `a,b`: `,` cannot"), "{err}");
    }

    #[test]
    fn bad_table_names_line() {
        let err = Synonyms::parse(Path::new("s.toml"), "[synonyms]\nx = 3\n").unwrap_err();
        assert!(err.to_string().starts_with("s.toml:2:"), "{err}");
    }

    #[test]
    fn empty_synonym_names_its_own_line_quoted_or_not() {
        // Regression: the line was found by searching for the quoted key, so an unquoted key
        // was always reported on line 1.
        let text = "[synonyms]\nrehab = [\"treatment\"]\n\nshakes = [\" \"]\n";
        let err = Synonyms::parse(Path::new("s.toml"), text).unwrap_err().to_string();
        assert!(err.starts_with("s.toml:4: synonym `shakes`"), "{err}");
        let text = "[synonyms]\nrehab = [\"treatment\"]\n\"dope sick\" = []\n";
        let err = Synonyms::parse(Path::new("s.toml"), text).unwrap_err().to_string();
        assert!(err.starts_with("s.toml:3: synonym `dope sick`"), "{err}");
    }
}
