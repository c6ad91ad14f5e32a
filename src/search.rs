//! Search: whatever a person typed → ranked sections with highlighted snippets.
//!
//! Steps, each tolerant of any input (no query syntax can fail):
//! 1. [`parse_query`] splits the text into words and quoted phrases (an unbalanced quote is just
//!    a quote), dropping control characters and capping length.
//! 2. Each word is expanded: its stems in every corpus language (exact, full weight); typo
//!    corrections from the index vocabulary when the word is not in it (5–8 letters: 1 edit,
//!    9+: 2, a transposition is one edit), weighted down by distance; as-you-type prefixes for
//!    the last word; and lay → clinical synonyms at a lower weight.
//! 3. The expansions become boosted BM25 term queries over heading, title and body (headings
//!    weigh most, except for words in most sections); quoted phrases become phrase queries;
//!    `--topic` filters are required clauses.
//! 4. The best BM25 candidates are re-ranked by how much of the query they cover (each part
//!    weighted by how rare its words are) and by whether adjacent query words stand together
//!    in them. Sections analyzed for this are kept in a [`SectionCache`].
//! 5. Hits get a snippet from the stored text with every matched word marked, whatever kind of
//!    expansion matched it. A query that finds nothing offers [`Related`] sections.

use anyhow::Result;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::analysis::{self, RAW};
use crate::corpus::LANGUAGES;
use crate::index::SearchIndex;
use crate::snippet::{self, Snippet};

/// Longest query text considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most distinct words of a query that are searched.
pub const MAX_WORDS: usize = 32;

const HEADING_BOOST: f32 = 2.5;
const TITLE_BOOST: f32 = 1.2;
const BODY_BOOST: f32 = 1.0;
const SYNONYM_WEIGHT: f32 = 0.7;
const PREFIX_WEIGHT: f32 = 0.6;
const PHRASE_BOOST: f32 = 3.0;
/// Weight of a pair of adjacent query words (a multi-word synonym's pair weighs less).
const PAIR_BOOST: f32 = 1.0;
/// How much a candidate gains when every query pair stands together in it.
const PAIR_GAIN: f32 = 2.0;
/// Words allowed between such a pair ("take time" matches "take some time").
const PAIR_SLOP: u32 = 2;
/// Share of sections above which a word counts as common.
const COMMON_SHARE: f32 = 0.4;
/// Weight left to a common word.
const COMMON_DAMPING: f32 = 0.5;
/// How many BM25 candidates are re-ranked by query coverage.
const RERANK_DEPTH: usize = 30;

/// Words too common to rank or highlight by, unless a query has nothing else.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "how", "i",
    "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "so", "that", "the", "their",
    "then", "there", "this", "to", "was", "what", "when", "where", "which", "who", "why", "will", "with",
    "you", "your", "not", "no", "de", "la", "el", "en", "y", "los", "las", "un", "una", "que", "se", "del",
    "por", "con", "para", "es",
];

/// What the caller wants.
#[derive(Clone, Debug)]
pub struct SearchOptions {
    /// Most hits returned.
    pub limit: usize,
    /// Only sections tagged with one of these topics (none: all).
    pub topics: Vec<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions { limit: 10, topics: Vec::new() }
    }
}

/// One ranked section.
#[derive(Clone, Debug, Serialize)]
pub struct Hit {
    /// Section id (`doc#slug`).
    pub id: String,
    /// Document id.
    pub doc: String,
    /// Document title.
    pub title: String,
    /// Section heading.
    pub heading: String,
    /// Topic tags.
    pub topics: Vec<String>,
    /// BM25-based score (higher is better).
    pub score: f32,
    /// A passage with matched words wrapped in `<mark>…</mark>` (the rest HTML-escaped).
    pub snippet: String,
    /// The section's full plain text.
    pub text: String,
    /// Flesch–Kincaid grade of the text (English only).
    pub grade: Option<f64>,
    /// The snippet as plain pieces, marked or not (for terminals).
    #[serde(skip)]
    pub snippet_parts: Snippet,
}

/// A rewrite applied to the query, shown to the user ("showing tremors for shaking").
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Expansion {
    /// `synonym`, `typo` or `prefix`.
    pub kind: &'static str,
    /// What was typed.
    pub from: String,
    /// What was searched for it.
    pub to: Vec<String>,
}

/// The answer to a query.
#[derive(Clone, Debug, Serialize)]
pub struct SearchResult {
    /// The query as typed.
    pub query: String,
    /// How many sections matched in all.
    pub total: usize,
    /// The best `limit` of them.
    pub hits: Vec<Hit>,
    /// A corrected query when words were not found ("did you mean"), else null.
    pub suggestion: Option<String>,
    /// Synonyms, typo corrections and prefix completions that were applied.
    pub expanded: Vec<Expansion>,
    /// Topic → number of matching sections.
    pub facets: BTreeMap<String, u64>,
    /// When nothing matched: sections found by looser spelling or without the topic filter,
    /// so a search never ends at a dead end.
    pub related: Vec<Related>,
}

/// A section offered when a query found nothing.
#[derive(Clone, Debug, Serialize)]
pub struct Related {
    /// Section id.
    pub id: String,
    /// Document title.
    pub title: String,
    /// Section heading.
    pub heading: String,
    /// Why it is offered.
    pub reason: String,
}

/// A query split into searchable parts.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedQuery {
    /// Words outside quotes, analyzed (`raw`), deduplicated, in order.
    pub words: Vec<String>,
    /// Quoted phrases as raw words.
    pub phrases: Vec<Vec<String>>,
    /// Whether the last word may still be being typed (no space or quote after it).
    pub last_is_prefix: bool,
}

/// Splits a query. Never fails: any text gives a (possibly empty) parsed query.
pub fn parse_query(text: &str) -> ParsedQuery {
    let clean: String =
        text.chars().take(MAX_QUERY_CHARS).map(|c| if c.is_control() { ' ' } else { c }).collect();
    let mut raw = analysis::analyzer(RAW);
    let mut parsed = ParsedQuery::default();
    let parts: Vec<&str> = clean.split('"').collect();
    let closed = parts.len() % 2 == 1; // an odd count of parts means every quote is paired
    for (i, part) in parts.iter().enumerate() {
        let quoted = i % 2 == 1 && (closed || i + 1 < parts.len());
        let words = analysis::terms(&mut raw, part);
        if quoted && words.len() > 1 {
            parsed.phrases.push(words.into_iter().take(MAX_WORDS).collect());
        } else {
            for w in words {
                if parsed.words.len() < MAX_WORDS && !parsed.words.contains(&w) {
                    parsed.words.push(w);
                }
            }
        }
    }
    let tail = clean.trim_end_matches(|c: char| !c.is_alphanumeric() && c != '"');
    parsed.last_is_prefix = !parsed.words.is_empty()
        && tail.len() == clean.len()
        && !clean.ends_with('"')
        && parts.last().is_some_and(|p| analysis::terms(&mut raw, p).last() == parsed.words.last());
    parsed
}

/// A term to search with its weight, and where it came from.
#[derive(Clone, Debug)]
struct Weighted {
    word: String,
    weight: f32,
    /// Which part of the query it stands for (a typed word, or a synonym's words).
    group: usize,
}

/// Per-query analyzers, one per language plus the raw one.
struct Analyzers {
    raw: TextAnalyzer,
    stem: Vec<(&'static str, TextAnalyzer)>,
}

impl Analyzers {
    fn new() -> Self {
        Analyzers {
            raw: analysis::analyzer(RAW),
            stem: LANGUAGES
                .iter()
                .map(|&l| (l, analysis::analyzer(analysis::stem_analyzer_name(l))))
                .collect(),
        }
    }
}

/// Largest number of edits tolerated in a word of this many characters.
pub fn typo_budget(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

fn is_stop(word: &str) -> bool {
    STOP_WORDS.contains(&word)
}

/// The letters of one word, counted, to bound its edit distance to other words cheaply.
///
/// An insertion or a deletion changes the letter counts by 1 in all, a substitution by at most
/// 2 and a transposition not at all, so `gap` (the sum of count differences) is at most twice
/// the optimal-string-alignment distance: a word whose gap exceeds `2 × budget` cannot be
/// within the budget. Letters share 128 buckets (the low 7 bits of the code point); merging
/// buckets can only shrink the gap, so the bound still holds for any text.
struct LetterCounts {
    counts: [i32; 128],
    len: usize,
}

impl LetterCounts {
    fn bucket(c: char) -> usize {
        (c as u32 & 127) as usize
    }

    fn new(word: &str) -> Self {
        let mut counts = [0; 128];
        let mut len = 0;
        for c in word.chars() {
            counts[Self::bucket(c)] += 1;
            len += 1;
        }
        LetterCounts { counts, len }
    }

    /// Sum over letters of |count in this word − count in `other`|.
    fn gap(&mut self, other: &str) -> usize {
        let mut gap = self.len;
        for c in other.chars() {
            let n = &mut self.counts[Self::bucket(c)];
            if *n > 0 {
                gap -= 1;
            } else {
                gap += 1;
            }
            *n -= 1;
        }
        for c in other.chars() {
            self.counts[Self::bucket(c)] += 1;
        }
        gap
    }
}

impl SearchIndex {
    /// Whether `word` (raw form) occurs in the corpus.
    pub fn in_vocab(&self, word: &str) -> bool {
        self.vocab.get(word).is_some()
    }

    /// Number of sections containing `word` (raw form).
    pub fn doc_freq(&self, word: &str) -> u32 {
        self.vocab.get(word).unwrap_or(0)
    }

    /// Vocabulary words within the typo budget of `word`, closest and most frequent first.
    pub fn corrections(&self, word: &str) -> Vec<(String, usize)> {
        self.corrections_within(word, typo_budget(word.chars().count()))
    }

    /// Vocabulary words within `budget` edits of `word`, closest and most frequent first.
    fn corrections_within(&self, word: &str, budget: usize) -> Vec<(String, usize)> {
        if budget == 0 {
            return Vec::new();
        }
        let mut letters = LetterCounts::new(word);
        let mut found: Vec<(usize, u32, &str)> = self
            .vocab
            .iter()
            .filter(|(w, _)| w.len().abs_diff(word.len()) <= budget)
            // A cheap bound first: on a large vocabulary most words are ruled out by their
            // letters alone, and the exact distance is only computed for the few that remain.
            .filter(|(w, _)| letters.gap(w) <= 2 * budget)
            .filter_map(|(w, n)| {
                let d = strsim::osa_distance(word, w);
                (d > 0 && d <= budget).then_some((d, n, w))
            })
            .collect();
        found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        found.into_iter().take(4).map(|(d, _, w)| (w.to_string(), d)).collect()
    }

    /// Vocabulary words that start with `prefix`, most frequent first.
    pub fn completions(&self, prefix: &str) -> Vec<String> {
        let mut found: Vec<(&str, u32)> =
            self.vocab.with_prefix(prefix).filter(|(w, _)| *w != prefix).collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        found.into_iter().take(6).map(|(w, _)| w.to_string()).collect()
    }

    /// Runs a query. Never fails on the query text; errors are I/O on the index only.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResult> {
        let mut result = self.search_once(query, options)?;
        if result.total > 0 {
            return Ok(result);
        }
        // A dead end: offer what a looser search finds.
        let related = |r: SearchResult, reason: &str| -> Vec<Related> {
            r.hits
                .into_iter()
                .take(3)
                .map(|h| Related { id: h.id, title: h.title, heading: h.heading, reason: reason.to_string() })
                .collect()
        };
        if !options.topics.is_empty() {
            let wider = SearchOptions { topics: Vec::new(), ..options.clone() };
            result.related = related(self.search_once(query, &wider)?, "outside the chosen topics");
        }
        if result.related.is_empty() {
            let parsed = parse_query(query);
            let looser: Vec<String> = parsed
                .words
                .iter()
                .filter(|w| w.chars().count() >= 4 && !self.in_vocab(w))
                .filter_map(|w| {
                    self.corrections_within(w, typo_budget(w.chars().count()) + 1)
                        .into_iter()
                        .next()
                        .map(|c| c.0)
                })
                .collect();
            if !looser.is_empty() {
                let wider = SearchOptions { topics: Vec::new(), ..options.clone() };
                let found = self.search_once(&looser.join(" "), &wider)?;
                result.related = related(found, &format!("for {}", looser.join(" ")));
            }
        }
        Ok(result)
    }

    fn search_once(&self, query: &str, options: &SearchOptions) -> Result<SearchResult> {
        let parsed = parse_query(query);
        let mut an = Analyzers::new();
        let mut weighted: Vec<Weighted> = Vec::new();
        let mut expanded: Vec<Expansion> = Vec::new();
        let mut corrected: HashMap<String, String> = HashMap::new();

        let content: Vec<&String> = parsed.words.iter().filter(|w| !is_stop(w)).collect();
        let words: Vec<&String> = if content.is_empty() { parsed.words.iter().collect() } else { content };
        let applied = self.synonyms.apply(&parsed.words);
        let group_of = |w: &String| words.iter().position(|x| *x == w).unwrap_or(words.len());
        let mut groups = words.len();
        for a in &applied {
            expanded.push(Expansion { kind: "synonym", from: a.from.clone(), to: a.to.clone() });
            // A synonym stands for the first content word it covers (or a group of its own).
            let group = parsed.words[a.start..a.start + a.len]
                .iter()
                .map(group_of)
                .find(|&g| g < words.len())
                .unwrap_or_else(|| {
                    groups += 1;
                    groups - 1
                });
            for to in &a.to {
                for w in analysis::terms(&mut an.raw, to) {
                    weighted.push(Weighted { word: w, weight: SYNONYM_WEIGHT, group });
                }
            }
        }
        let covered: HashSet<&str> = applied
            .iter()
            .flat_map(|a| parsed.words[a.start..a.start + a.len].iter().map(String::as_str))
            .collect();
        let last = parsed.words.last();
        for (group, &w) in words.iter().enumerate() {
            let known = self.in_vocab(w);
            // A word a synonym explains weighs less itself: "high" means intoxicated, not tall.
            let own = if covered.contains(w.as_str()) && !known { 0.0 } else { 1.0 };
            if own > 0.0 {
                weighted.push(Weighted { word: w.clone(), weight: own, group });
            }
            let is_last = parsed.last_is_prefix && Some(w) == last;
            // A last word that completes to corpus words is being typed, not misspelled.
            let completions =
                if is_last && w.chars().count() >= 3 { self.completions(w) } else { Vec::new() };
            if !known && !covered.contains(w.as_str()) && completions.is_empty() {
                let fixes = self.corrections(w);
                if let Some((best, _)) = fixes.first() {
                    corrected.insert(w.clone(), best.clone());
                    expanded.push(Expansion {
                        kind: "typo",
                        from: w.clone(),
                        to: fixes.iter().map(|(f, _)| f.clone()).collect(),
                    });
                }
                for (fix, d) in fixes {
                    weighted.push(Weighted { word: fix, weight: 0.6 / d as f32, group });
                }
            }
            if !completions.is_empty() {
                let weight = if known { PREFIX_WEIGHT * 0.5 } else { PREFIX_WEIGHT };
                if !known {
                    expanded.push(Expansion { kind: "prefix", from: w.clone(), to: completions.clone() });
                }
                for c in completions {
                    weighted.push(Weighted { word: c, weight, group });
                }
            }
        }

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // Stems per language, with the best weight each reached (a word typed and reached by a
        // synonym counts once, at its higher weight).
        let mut stems: BTreeMap<(&'static str, String), f32> = BTreeMap::new();
        let mut highlight_raw: HashSet<String> = HashSet::new();
        let sections = self.reader.searcher().num_docs().max(1) as f32;
        // Per query group, the terms (raw words and stems) that show a section covers it.
        let mut group_terms: Vec<HashSet<String>> = vec![HashSet::new(); groups];
        let mut common_stems: HashSet<(&'static str, String)> = HashSet::new();
        let mut group_info: Vec<f32> = vec![0.0; groups];
        for wt in &weighted {
            if wt.weight <= 0.0 {
                continue;
            }
            highlight_raw.insert(wt.word.clone());
            // A word in most sections ("kratom" in a corpus about kratom) says little about
            // which section is meant; it must not outweigh the words that do.
            let share = self.doc_freq(&wt.word) as f32 / sections;
            if let Some(info) = group_info.get_mut(wt.group) {
                *info = info.max((1.0 - share).max(0.05));
            }
            let common = share > COMMON_SHARE;
            let damping = if common { COMMON_DAMPING } else { 1.0 };
            if let Some(g) = group_terms.get_mut(wt.group) {
                g.insert(wt.word.clone());
            }
            for (lang, analyzer) in &mut an.stem {
                for stem in analysis::terms(analyzer, &wt.word) {
                    if let Some(g) = group_terms.get_mut(wt.group) {
                        g.insert(stem.clone());
                    }
                    if common {
                        common_stems.insert((*lang, stem.clone()));
                    }
                    let e = stems.entry((*lang, stem)).or_insert(0.0);
                    *e = e.max(wt.weight * damping);
                }
            }
        }
        let f = &self.fields;
        for ((lang, stem), weight) in &stems {
            let [title, heading, body] = f.stemmed[lang];
            // A corpus-wide word is rare among headings ("What is kratom?" in a corpus about
            // kratom), so its heading match would score as if it named the section: no boost.
            let heading_boost =
                if common_stems.contains(&(*lang, stem.clone())) { BODY_BOOST } else { HEADING_BOOST };
            for (field, boost) in [(heading, heading_boost), (title, TITLE_BOOST), (body, BODY_BOOST)] {
                let q = TermQuery::new(Term::from_field_text(field, stem), IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost * weight))));
            }
        }
        // Adjacent query words that also stand together in the text ("treatment center",
        // "stop using") mark the passage that was meant; so do multi-word synonyms.
        let mut pairs: Vec<(Vec<String>, f32)> = Vec::new();
        let fixed = |w: &String| corrected.get(w).cloned().unwrap_or_else(|| w.clone());
        for pair in words.windows(2) {
            pairs.push((vec![fixed(pair[0]), fixed(pair[1])], PAIR_BOOST));
        }
        for a in &applied {
            for to in &a.to {
                let ws = analysis::terms(&mut an.raw, to);
                if ws.len() > 1 {
                    pairs.push((ws, PAIR_BOOST * SYNONYM_WEIGHT));
                }
            }
        }
        // Proximity is scored in the re-rank below from the candidates' own tokens: as phrase
        // queries over the whole index, pairs of common words cost more than everything else.
        let mut pair_stems: Vec<(&'static str, Vec<String>, f32)> = Vec::new();
        for (ws, weight) in &pairs {
            for (lang, analyzer) in &mut an.stem {
                let terms: Vec<String> = ws.iter().flat_map(|w| analysis::terms(analyzer, w)).collect();
                if terms.len() >= 2 {
                    pair_stems.push((*lang, terms, *weight));
                }
            }
        }
        for phrase in &parsed.phrases {
            for (lang, analyzer) in &mut an.stem {
                let terms: Vec<String> = phrase.iter().flat_map(|w| analysis::terms(analyzer, w)).collect();
                let [_, heading, body] = f.stemmed[lang];
                for field in [heading, body] {
                    let ts: Vec<Term> = terms.iter().map(|t| Term::from_field_text(field, t)).collect();
                    if ts.len() > 1 {
                        clauses.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(PhraseQuery::new(ts)), PHRASE_BOOST)),
                        ));
                    }
                }
                // The phrase's words also count alone, weakly, so a near miss is no dead end.
                for t in &terms {
                    let q = TermQuery::new(Term::from_field_text(body, t), IndexRecordOption::WithFreqs);
                    clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), 0.3))));
                }
            }
            highlight_raw.extend(phrase.iter().filter(|w| !is_stop(w)).cloned());
        }

        let suggestion = if corrected.is_empty() {
            None
        } else {
            Some(
                parsed
                    .words
                    .iter()
                    .map(|w| corrected.get(w).unwrap_or(w).as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            )
        };

        let mut result = SearchResult {
            query: query.to_string(),
            total: 0,
            hits: Vec::new(),
            suggestion,
            expanded,
            facets: BTreeMap::new(),
            related: Vec::new(),
        };
        if clauses.is_empty() {
            return Ok(result);
        }
        let mut query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
        if !options.topics.is_empty() {
            let topic_q: Vec<(Occur, Box<dyn Query>)> = options
                .topics
                .iter()
                .map(|t| {
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        Term::from_field_text(f.topics, t),
                        IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            query = Box::new(BooleanQuery::new(vec![
                (Occur::Must, query),
                (Occur::Must, Box::new(BooleanQuery::new(topic_q))),
            ]));
        }

        let searcher = self.reader.searcher();
        let mut facets = FacetCollector::for_field("topic_facet");
        facets.add_facet("/");
        let limit = options.limit.max(1);
        // BM25 picks candidates; they are then re-ranked by how much of the query they cover.
        let candidates = (limit * 3).max(RERANK_DEPTH);
        let (top, total, facet_counts) =
            searcher.search(&query, &(TopDocs::with_limit(candidates).order_by_score(), Count, facets))?;
        result.total = total;
        for (facet, count) in facet_counts.get("/") {
            let name = facet.to_path().last().map(|s| s.to_string()).unwrap_or_default();
            result.facets.insert(name, count);
        }
        // Coverage counts each part of the query by how much it says: a word in most sections
        // ("kratom") counts for little, a rare one for nearly a whole part.
        let total_info: f32 = group_terms
            .iter()
            .zip(&group_info)
            .filter(|(g, _)| !g.is_empty())
            .map(|(_, i)| i)
            .sum::<f32>()
            .max(1e-6);
        let mut ranked = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let section = self.analyzed(&searcher, addr, &mut an)?;
            let covered: f32 = group_terms
                .iter()
                .zip(&group_info)
                .filter(|(g, _)| !g.is_empty() && g.iter().any(|t| section.present.contains(t.as_str())))
                .map(|(_, i)| i)
                .sum();
            let coverage = covered / total_info;
            let proximity = proximity(&section.stem, pair_stems.iter().filter(|p| p.0 == section.language));
            ranked
                .push((score * (0.25 + 0.75 * coverage * coverage) * (1.0 + PAIR_GAIN * proximity), section));
        }
        // Equal scores keep corpus order, so results are stable run to run.
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.ord.cmp(&b.1.ord)));
        ranked.truncate(limit);
        for (score, section) in ranked {
            let stem_set: HashSet<&str> = stems
                .keys()
                .filter(|(l, s)| *l == section.language.as_str() && !is_stop(s))
                .map(|(_, s)| s.as_str())
                .collect();
            let mut hit = section.hit.clone();
            hit.score = score;
            hit.snippet_parts =
                snippet::make(&hit.text, &section.raw, &section.stem, &stem_set, &highlight_raw, &is_stop);
            hit.snippet = hit.snippet_parts.to_html();
            result.hits.push(hit);
        }
        Ok(result)
    }
}

/// A section as the re-rank and snippets need it: stored fields and the text's analysis.
pub struct Analyzed {
    hit: Hit,
    language: String,
    ord: u64,
    raw: Vec<crate::analysis::Token>,
    stem: Vec<crate::analysis::Token>,
    /// Every raw and stemmed term of the text.
    present: HashSet<String>,
}

/// Sections analyzed by earlier queries, shared by later ones. Valid for one index
/// generation (doc addresses are stable while the reader is not reloaded).
#[derive(Default)]
pub struct SectionCache {
    map: std::sync::Mutex<HashMap<DocAddress, std::sync::Arc<Analyzed>>>,
}

/// Most sections kept analyzed (a few KB each).
const CACHE_SECTIONS: usize = 4096;

impl SearchIndex {
    /// The section at `addr`, analyzed: from the cache, or computed and cached.
    fn analyzed(
        &self,
        searcher: &tantivy::Searcher,
        addr: DocAddress,
        an: &mut Analyzers,
    ) -> Result<std::sync::Arc<Analyzed>> {
        if let Some(hit) = self.cache.map.lock().ok().and_then(|m| m.get(&addr).cloned()) {
            return Ok(hit);
        }
        let doc: TantivyDocument = searcher.doc(addr)?;
        let f = &self.fields;
        let hit = self.hit_from(&doc, 0.0);
        let language = doc.get_first(f.language).and_then(|v| v.as_str()).unwrap_or("en").to_string();
        let ord = doc.get_first(f.ord).and_then(|v| v.as_u64()).unwrap_or(u64::MAX);
        let raw = analysis::tokens(&mut an.raw, &hit.text);
        let stem = match an.stem.iter_mut().find(|(l, _)| *l == language) {
            Some((_, stemmer)) => analysis::tokens(stemmer, &hit.text),
            None => raw.clone(),
        };
        let present = raw.iter().chain(stem.iter()).map(|t| t.term.clone()).collect();
        let analyzed = std::sync::Arc::new(Analyzed { hit, language, ord, raw, stem, present });
        if let Ok(mut map) = self.cache.map.lock()
            && map.len() < CACHE_SECTIONS
        {
            map.insert(addr, analyzed.clone());
        }
        Ok(analyzed)
    }
}

/// Share (by weight) of the query's word pairs that stand in order, at most `PAIR_SLOP` words
/// apart, in the tokens of a text.
fn proximity<'a>(
    tokens: &[crate::analysis::Token],
    pairs: impl Iterator<Item = &'a (&'static str, Vec<String>, f32)>,
) -> f32 {
    let (mut found, mut total) = (0.0, 0.0);
    for (_, terms, weight) in pairs {
        total += weight;
        let near = tokens.iter().enumerate().any(|(i, t)| {
            t.term == terms[0]
                && terms[1..].iter().enumerate().all(|(k, want)| {
                    let from = i + k + 1;
                    tokens
                        .get(from..(from + 1 + PAIR_SLOP as usize).min(tokens.len()))
                        .is_some_and(|w| w.iter().any(|t| &t.term == want))
                })
        });
        if near {
            found += weight;
        }
    }
    if total > 0.0 { found / total } else { 0.0 }
}

impl SearchIndex {
    fn hit_from(&self, doc: &TantivyDocument, score: f32) -> Hit {
        let f = &self.fields;
        let text_of = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_string();
        let text = text_of(f.text);
        let parts = Snippet { parts: vec![(text.chars().take(200).collect(), false)] };
        Hit {
            id: text_of(f.id),
            doc: text_of(f.doc),
            title: text_of(f.title),
            heading: text_of(f.heading),
            topics: doc.get_all(f.topics).filter_map(|v| v.as_str().map(str::to_string)).collect(),
            score,
            snippet: parts.to_html(),
            grade: (text_of(f.language) == "en").then(|| crate::readability::grade(&text)).flatten(),
            text,
            snippet_parts: parts,
        }
    }

    /// Every section as a hit (score 0), in corpus order.
    pub fn all_sections(&self) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let addrs = searcher.search(&tantivy::query::AllQuery, &tantivy::collector::DocSetCollector)?;
        let mut docs: Vec<(u64, Hit)> = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let ord = doc.get_first(self.fields.ord).and_then(|v| v.as_u64()).unwrap_or(u64::MAX);
            docs.push((ord, self.hit_from(&doc, 0.0)));
        }
        docs.sort_by_key(|(ord, _)| *ord);
        Ok(docs.into_iter().map(|(_, h)| h).collect())
    }

    /// Topic → ids of its sections in corpus order.
    pub fn topics(&self) -> Result<BTreeMap<String, Vec<String>>> {
        let mut topics: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (id, section_topics) in self.ids_and_topics()? {
            for t in section_topics {
                topics.entry(t).or_default().push(id.clone());
            }
        }
        Ok(topics)
    }

    /// Every section's id and topics, in corpus order: only those stored fields are read, not
    /// the text a [`Hit`] carries (and grades).
    fn ids_and_topics(&self) -> Result<Vec<(String, Vec<String>)>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let addrs = searcher.search(&tantivy::query::AllQuery, &tantivy::collector::DocSetCollector)?;
        let mut out: Vec<(u64, String, Vec<String>)> = Vec::with_capacity(addrs.len());
        for addr in addrs {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let ord = doc.get_first(f.ord).and_then(|v| v.as_u64()).unwrap_or(u64::MAX);
            let id = doc.get_first(f.id).and_then(|v| v.as_str()).unwrap_or_default().to_string();
            let topics = doc.get_all(f.topics).filter_map(|v| v.as_str().map(str::to_string)).collect();
            out.push((ord, id, topics));
        }
        out.sort_by_key(|(ord, _, _)| *ord);
        Ok(out.into_iter().map(|(_, id, topics)| (id, topics)).collect())
    }

    /// One section by id, or an error naming the closest ids that exist.
    pub fn section(&self, id: &str) -> Result<Hit> {
        let searcher = self.reader.searcher();
        let q = TermQuery::new(Term::from_field_text(self.fields.id, id), IndexRecordOption::Basic);
        if let Some((_, addr)) =
            searcher.search(&q, &TopDocs::with_limit(1).order_by_score())?.into_iter().next()
        {
            let doc: TantivyDocument = searcher.doc(addr)?;
            return Ok(self.hit_from(&doc, 0.0));
        }
        let ids: Vec<String> = self.ids_and_topics()?.into_iter().map(|(id, _)| id).collect();
        Err(crate::corpus::unknown_section(id, ids.iter().map(String::as_str)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_any_text() {
        let p = parse_query("\"mood swings\" detox treatm");
        assert_eq!(p.phrases, [vec!["mood".to_string(), "swings".to_string()]]);
        assert_eq!(p.words, ["detox", "treatm"]);
        assert!(p.last_is_prefix);
        let p = parse_query("\"unbalanced quote ");
        assert_eq!(p.words, ["unbalanced", "quote"]);
        assert!(!p.last_is_prefix);
        assert_eq!(parse_query("AND OR NOT").words, ["and", "or", "not"]);
        assert!(parse_query("\u{0}\u{7}😀").words.is_empty());
        assert!(parse_query(&"x".repeat(10_000)).words.len() <= 1);
    }

    #[test]
    fn letter_gap_never_exceeds_twice_the_edit_distance() {
        // The prefilter of `corrections` may only drop words that are out of budget anyway.
        let words = [
            "withdrawal",
            "withdrawl",
            "witdhrawal",
            "tremors",
            "tremros",
            "addiction",
            "addicton",
            "kratom",
            "12345",
            "tratamiento",
            "qué",
            "naïve",
            "übermäßig",
            "😀x",
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "cab",
        ];
        for a in words {
            let mut letters = LetterCounts::new(a);
            for b in words {
                let gap = letters.gap(b);
                assert!(gap <= 2 * strsim::osa_distance(a, b), "{a} / {b}: gap {gap}");
                assert_eq!(gap, LetterCounts::new(a).gap(b), "counts restored after {b}");
            }
        }
    }

    #[test]
    fn typo_budget_follows_word_length() {
        assert_eq!(typo_budget(4), 0);
        assert_eq!(typo_budget(5), 1);
        assert_eq!(typo_budget(8), 1);
        assert_eq!(typo_budget(9), 2);
    }
}
