//! Answering a query: whatever a person typed → ranked sections with highlighted snippets.
//!
//! [`Engine::search`] runs these stages, each tolerant of any input (no query syntax can fail):
//! 1. [`parse_query`] splits the text into words and quoted phrases (an unbalanced quote is just
//!    a quote), dropping control characters and capping length.
//! 2. Expand: each word → itself, typo corrections from the index vocabulary when it is not in
//!    it ([`crate::search::vocab`]), completions when it is the unfinished last word, and
//!    lay → clinical synonyms.
//! 3. Weigh: the expansions become stems in every corpus language, each part of the query
//!    weighted by how rare its words are.
//! 4. Clauses: boosted BM25 term queries over heading, title and body; quoted phrases become
//!    phrase queries; topic filters are required clauses.
//! 5. Execute, then re-rank the best BM25 candidates by query coverage (of the section and
//!    of its heading) and proximity
//!    ([`crate::search::ranking`] holds every number). Analyzed sections are kept in a
//!    [`SectionCache`].
//! 6. Highlight: each hit gets a snippet with every matched word marked, whatever kind of
//!    expansion matched it. A query that finds nothing offers [`Related`] sections.

use anyhow::Result;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, TantivyDocument, Term};

use crate::corpus::LANGUAGES;
use crate::corpus::readability;
use crate::search::analysis::{self, RAW, STOP_WORDS, Token, is_stop};
use crate::search::contacts::{
    asks_for_contacts, emergency_spellings, has_phone_number, is_contact_word, only_asks, phrase_begun,
    phrase_word_begun,
};
use crate::search::index::{SearchIndex, SectionRecord};
use crate::search::ranking::Ranking;
use crate::search::snippet::{self, Snippet};
use crate::search::vocab::{self, typo_budget};

/// Longest query text considered, in characters; the rest is ignored.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Fillers that stand for the person a query is about, never taken for the start of a longer
/// word while typed ("her" is no "heroin" being typed, "you" no "yourself"). The offline
/// copy's search data carries them to search.mjs (`person`).
pub const PERSON_FILLERS: &[&str] =
    &["her", "him", "his", "hers", "she", "they", "them", "you", "your", "our"];

/// Most distinct words of a query that are searched.
pub const MAX_WORDS: usize = 32;
/// Most words of a query, repeats and fillers counted, that the synonym table's phrases are
/// read from: more than [`MAX_WORDS`], so that a long question's last searched words keep
/// their meaning ("… really sick and shaky" had been told that no section mentions "shaky").
pub const MAX_SEQUENCE: usize = 4 * MAX_WORDS;

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
    /// Reading grade of the text (Flesch–Kincaid for English, Crawford for Spanish).
    pub grade: Option<f64>,
    /// The distinct words of the text (heading included) the query matched, lowercased and
    /// folded: what the section's page marks when opened from the results.
    pub words: Vec<String>,
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
#[derive(Clone, Debug, Default, Serialize)]
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
    /// Words of the query that no section has in any form and that no synonym, correction or
    /// completion explains ("naloxone" in "naloxone kratom"): the hits are for the other
    /// words, and a reader must be told so.
    pub unmatched: Vec<String>,
    /// Nothing matched, but the last word is still being typed and starts a longer word the
    /// search knows (a filler such as "should", a word of the synonym table, a corpus word), or
    /// the words so far begin an emergency's phrase ("took too "): the empty result is not final. A page that searches as its user types waits for the next
    /// letter instead of saying that no section matches "sho".
    pub typing: bool,
    /// A word of the query misspells a word of a crisis ("suicde", "overdoes") and, read as
    /// that word, the query asks for the contacts: they come first, a number to dial at their
    /// head, as for the word spelt right.
    pub calls: bool,
    /// The query asks for the contacts (a crisis, spelt right or not, a number to call, a place
    /// to go, a way to reach help): an answer shows them above its sections, as the CLI and
    /// the page do.
    pub contacts: bool,
}

impl SearchResult {
    /// The words no section has, each between `open` and `close`, as a reader is told them:
    /// "“siento” or “mal”", never "“siento mal”", a phrase nobody typed. (Not said at all where
    /// the contacts answer the query: "No section mentions “kill myself”" is no first line for
    /// a person in crisis; the callers that show the contacts know.)
    pub fn unmatched_words(&self, open: &str, close: &str) -> String {
        let quoted: Vec<String> = self.unmatched.iter().map(|w| format!("{open}{w}{close}")).collect();
        match quoted.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => quoted.concat(),
        }
    }
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
    /// The same words as typed, repeats kept: the synonym table's phrases are read from these
    /// ("how much is too much" holds "too much").
    pub sequence: Vec<String>,
    /// Quoted phrases as raw words.
    pub phrases: Vec<Vec<String>>,
    /// Whether the last word may still be being typed (no space or quote after it).
    pub last_is_prefix: bool,
}

/// Splits a query. Never fails: any text gives a (possibly empty) parsed query.
pub fn parse_query(text: &str) -> ParsedQuery {
    let text = &analysis::normal_form(text);
    let mut clean: String =
        text.chars().take(MAX_QUERY_CHARS).map(|c| if c.is_control() { ' ' } else { c }).collect();
    // A query cut at its limit loses the word the cut fell in, not a piece of it kept as a word.
    if text.chars().nth(MAX_QUERY_CHARS).is_some() {
        clean.truncate(clean.rfind(char::is_whitespace).unwrap_or(0));
        clean.push(' ');
    }
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
                if parsed.sequence.len() < MAX_SEQUENCE {
                    parsed.sequence.push(w.clone());
                }
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

/// A word of the synonym table a typed word stands for ([`Engine::lay_fix`]).
#[derive(Clone, Debug)]
enum LayFix {
    /// The word it misspells ("rehb" → "rehab").
    Typo(String),
    /// The word it starts, being typed ("hus" → "husband").
    Completion(String),
}

impl LayFix {
    fn word(&self) -> &str {
        match self {
            LayFix::Typo(w) | LayFix::Completion(w) => w,
        }
    }
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

    /// The English stemming analyzer, which the synonym table's keys are matched with.
    fn english(&mut self) -> &mut TextAnalyzer {
        let en = self.stem.iter_mut().find(|(l, _)| *l == "en");
        &mut en.expect("LANGUAGES holds English").1
    }
}

/// The stop words, for engines that rank elsewhere (the offline page's `search.mjs`).
pub fn stop_words() -> &'static [&'static str] {
    STOP_WORDS
}

impl Hit {
    /// A stored section as an unranked hit (score 0), its snippet the opening of its text.
    pub fn from_record(record: SectionRecord, score: f32) -> Hit {
        let parts = Snippet { parts: vec![(record.text.chars().take(200).collect(), false)] };
        Hit {
            grade: readability::grade_in(&record.text, &record.language),
            id: record.id,
            doc: record.doc,
            title: record.title,
            heading: record.heading,
            topics: record.topics,
            score,
            snippet: parts.to_html(),
            text: record.text,
            words: Vec::new(),
            snippet_parts: parts,
        }
    }
}

/// Every stored section as an unranked hit, in corpus order: what lists of sections show.
pub fn every_section(index: &SearchIndex) -> Result<Vec<Hit>> {
    Ok(index.all_sections()?.into_iter().map(|r| Hit::from_record(r, 0.0)).collect())
}

/// The search engine: an open index and what searching it keeps warm between queries.
pub struct Engine {
    /// The stored sections and their statistics.
    pub index: SearchIndex,
    /// Sections already analyzed for the re-rank and snippets.
    cache: SectionCache,
    /// The tuning numbers.
    ranking: Ranking,
}

/// Stage 1's output: what each part of the query was expanded to.
struct Expanded {
    /// The words that carry the query (stop words dropped, unless there is nothing else); the
    /// position of each is its group.
    words: Vec<String>,
    /// Every term to search for, weighted, with its group.
    weighted: Vec<Weighted>,
    /// The expansions to show ("showing withdrawal for withdrawl").
    expansions: Vec<Expansion>,
    /// Typed word → its best correction.
    corrected: HashMap<String, String>,
    /// How many groups there are (words, plus synonyms that cover no content word).
    groups: usize,
    /// Multi-word synonym targets, as raw words: they count as pairs for proximity.
    synonym_phrases: Vec<Vec<String>>,
    /// Words that match nothing, however read ([`SearchResult::unmatched`]).
    unmatched: Vec<String>,
}

/// Stage 2's output: the stems to query and what the re-rank and highlighting need.
struct Terms {
    /// Stems per language, with the best weight each reached (a word typed and reached by a
    /// synonym counts once, at its higher weight).
    stems: BTreeMap<(&'static str, String), f32>,
    /// Stems of words found in most sections.
    common: HashSet<(&'static str, String)>,
    /// Per query group, the terms that show a section covers it.
    group_terms: Vec<GroupTerms>,
    /// Per query group, how much it says about which section is meant.
    group_info: Vec<f32>,
    /// Raw words to mark in snippets.
    highlight: HashSet<String>,
}

/// The terms of one part of the query: its raw words, and their stems per language. A stem
/// counts only in a section of its language: the Spanish stem of "thee" is "the", which an
/// English section holds as a word, and "thee" is not in it.
#[derive(Clone, Default)]
struct GroupTerms {
    words: HashSet<String>,
    stems: HashSet<(&'static str, String)>,
}

impl GroupTerms {
    fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// Whether `terms` (a section's, or its heading's, raw words and stems) show this part,
    /// for a section in `language`.
    fn found_in(&self, terms: &HashSet<String>, language: &str) -> bool {
        self.words.iter().any(|w| terms.contains(w))
            || self.stems.iter().any(|(l, s)| *l == language && terms.contains(s))
    }
}

/// A pair of query words that should stand together, per language, as stems, with its weight.
type Pair = (&'static str, Vec<String>, f32);

impl Engine {
    /// Searches `index` with the tuned ranking.
    pub fn new(index: SearchIndex) -> Engine {
        Engine { index, cache: SectionCache::default(), ranking: Ranking::DEFAULT }
    }

    /// Runs a query. Never fails on the query text; errors are I/O on the index only. A query
    /// that finds nothing gets [`Related`] sections from a looser search.
    pub fn search(&self, query: &str, options: &SearchOptions) -> Result<SearchResult> {
        // A misspelt word of a crisis ("suicde", "overdoes") asks for the contacts as the word
        // itself does.
        let parsed = parse_query(query);
        let mut spelled: Vec<String> =
            parsed.sequence.iter().map(|w| self.emergency_fix(w).unwrap_or_else(|| w.clone())).collect();
        // So does the word of an emergency phrase being typed ("he wont wak").
        if let (Some(word), Some(last)) = (phrase_word_begun(&spelled), spelled.last_mut()) {
            *last = word.to_string();
        }
        let calls = spelled != parsed.sequence && asks_for_contacts(&spelled.join(" "));
        // A query whose every word tells of an emergency ("he passed out", "suicide") is
        // answered by the contacts alone (a quoted phrase is searched as asked).
        if parsed.phrases.is_empty() && only_asks(&spelled, is_stop) {
            return Ok(SearchResult {
                query: query.to_string(),
                calls,
                contacts: true,
                ..SearchResult::default()
            });
        }
        let mut result = self.search_once(query, options)?;
        result.calls = calls;
        result.contacts = calls || asks_for_contacts(query);
        if result.total > 0 {
            return Ok(result);
        }
        result.typing = self.being_typed(query);
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
        // A query for someone to call is answered by the contacts, shown first; sections found
        // by bending its words ("number" into "member") would only be noise.
        if result.related.is_empty() && !result.contacts {
            let vocab = &self.index.vocab;
            let looser: Vec<String> = parsed
                .words
                .iter()
                .filter(|w| w.chars().count() >= 4 && !vocab.contains(w) && !self.as_typed(w))
                // With its first letter, typed wrong far less often: "weed" is no "need",
                // "housing" no "using".
                .filter_map(|w| {
                    vocab
                        .corrections_within(w, typo_budget(w.chars().count()) + 1)
                        .into_iter()
                        .find(|c| c.0.chars().next() == w.chars().next())
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

    /// The key of several words the query's last words start, while its last word is being
    /// typed ([`crate::search::synonyms::Synonyms::phrase_started`]), where it cannot mislead:
    /// no entry covers those words yet, the last word is no corpus word typed whole, and
    /// either a lay word typed before it anchors the phrase (one no section has, and no
    /// filler), or the phrase's start is that one word, which is then no filler or start of
    /// one, no word of a crisis, and no corpus word in any form or start of one.
    fn phrase_being_typed<'s>(
        &'s self,
        parsed: &ParsedQuery,
        spelled: &[String],
        applied: &[crate::search::synonyms::Applied],
        an: &mut Analyzers,
    ) -> Option<(usize, &'s [String])> {
        let last = parsed.sequence.last().filter(|_| parsed.last_is_prefix)?;
        let n = parsed.sequence.len();
        let (k, key) = self.index.synonyms.phrase_started(spelled, last)?;
        if applied.iter().any(|a| a.start + a.len > n - k) {
            return None;
        }
        let vocab = &self.index.vocab;
        // A corpus word typed whole is what it says ("what is kratom" is no start of "is
        // kratom addictive"); a letter or two are a start ("dope s").
        if vocab.contains(last) && last.chars().count() >= 3 {
            return None;
        }
        let read = if k == 1 {
            // Its start alone: a lay word being typed that no search term explains, and no
            // filler on its way ("aft" is "after", not "after detox").
            !(STOP_WORDS.iter().any(|s| s.starts_with(last.as_str()))
                || self.as_typed(last)
                || !vocab.completions(last).is_empty()
                || self.stem_in_corpus(last, an))
        } else {
            // Anchored by a lay word typed before it, one that no section has and no filler
            // ("throwing u", "dope s"; not "does kra" for "does kratom cause").
            key[..k - 1].iter().any(|w| !is_stop(w) && !vocab.contains(w))
        };
        read.then_some((k, key))
    }

    /// Whether `word` is taken as typed, never as a typo or the start of a longer word: a word
    /// that asks for a contact ([`is_contact_word`]), one the synonym table lists as
    /// `[uncovered]`, or a misspelt word of a crisis (`emergency_fix`).
    fn as_typed(&self, word: &str) -> bool {
        is_contact_word(word) || self.index.synonyms.is_uncovered(word) || self.emergency_fix(word).is_some()
    }

    /// The word of an emergency that `word` misspells ("suicde" → "suicide", "overdoes" →
    /// "overdose"; [`emergency_spellings`]), by the typo budget and with its first letter
    /// (typed wrong far less often: "filled" is no "killed"), for a word of six letters or
    /// more that no section has, that is no word of the synonym table, no filler and no
    /// contact word. Such a word is taken as asking for the contacts, never as a typo of a
    /// corpus word ("side").
    fn emergency_fix(&self, word: &str) -> Option<String> {
        let (vocab, synonyms) = (&self.index.vocab, &self.index.synonyms);
        if word.chars().count() < 6
            || is_stop(word)
            || vocab.contains(word)
            || synonyms.has_word(word)
            || synonyms.is_uncovered(word)
            || is_contact_word(word)
        {
            return None;
        }
        let first = word.chars().next();
        let candidates = emergency_spellings().iter().filter(|w| w.chars().next() == first);
        crate::search::vocab::corrections_among(word, candidates.map(|&w| (w, 0)))
            .into_iter()
            .next()
            .map(|(fix, _)| fix)
    }

    /// Whether the query's last word is unfinished (no space after it) and starts a longer word
    /// of the corpus, of the fillers or of the synonym table ([`SearchResult::typing`]).
    fn being_typed(&self, query: &str) -> bool {
        let parsed = parse_query(query);
        // The first words of an emergency's phrase ("took too "): the rest is to come.
        if phrase_begun(&parsed.sequence) {
            return true;
        }
        // A word that asks for a contact ("who can i call") is taken as typed: the contacts
        // answer. So is a word the corpus has nothing on ("meth"): it is no start of "methadone".
        let Some(last) = parsed.words.last().filter(|w| parsed.last_is_prefix && !self.as_typed(w)) else {
            return false;
        };
        let longer = |w: &str| w.len() > last.len() && w.starts_with(last.as_str());
        self.index.vocab.with_prefix(last).any(|(w, _)| longer(w))
            || STOP_WORDS.iter().any(|w| longer(w))
            || self.index.synonyms.words_starting(last).next().is_some()
    }

    /// One query, in stages: expand, weigh, build clauses, execute, re-rank, highlight.
    fn search_once(&self, query: &str, options: &SearchOptions) -> Result<SearchResult> {
        let parsed = parse_query(query);
        let mut an = Analyzers::new();
        let expanded = self.expand(&parsed, &mut an);
        let mut terms = self.weigh(&expanded, &mut an);
        let mut clauses = self.term_clauses(&terms);
        clauses.extend(self.phrase_clauses(&parsed, &mut an, &mut terms.highlight));
        let pairs = self.pairs(&expanded, &mut an);
        let mut result = SearchResult {
            query: query.to_string(),
            total: 0,
            hits: Vec::new(),
            suggestion: suggestion(&parsed, &expanded.corrected),
            expanded: expanded.expansions,
            facets: BTreeMap::new(),
            related: Vec::new(),
            unmatched: expanded.unmatched,
            typing: false,
            calls: false,
            contacts: false,
        };
        if clauses.is_empty() {
            return Ok(result);
        }
        let query = self.with_topics(Box::new(BooleanQuery::new(clauses)), &options.topics);
        let searcher = self.index.reader.searcher();
        let limit = options.limit.max(1);
        let candidates = self.execute(&searcher, &query, limit, &mut result)?;
        let asked = Asked { terms: &terms, pairs: &pairs, words: &parsed.sequence };
        let ranked = self.rerank(&searcher, candidates, &asked, &mut an, limit)?;
        result.hits = ranked.into_iter().map(|(score, section)| highlight(&section, score, &terms)).collect();
        Ok(result)
    }

    /// Stage 1: each word → itself, its typo corrections (when it is not a corpus word), its
    /// completions (when it is the unfinished last word) and the synonyms of lay phrases.
    fn expand(&self, parsed: &ParsedQuery, an: &mut Analyzers) -> Expanded {
        let r = &self.ranking;
        let vocab = &self.index.vocab;
        // A phone number is answered by the contacts: its digit groups ("1", "800") would
        // only find the numbers of numbered lists.
        let phone = has_phone_number(&parsed.sequence.join(" "));
        let dialled = |w: &String| phone && w.chars().all(|c| c.is_ascii_digit());
        // A filler being typed that starts longer words ("kratom with", on the way to
        // "withdrawal") is an unfinished word: dropped as a filler, the results would jump
        // back to the rest of the query at every such letter.
        let last = parsed.words.last();
        // Not a word for the person asked about: "how can i help her" had been read as "her…"
        // on the way to "heroin", and answered with *What is kratom?*.
        let typing_filler = last.filter(|w| {
            parsed.last_is_prefix
                && is_stop(w)
                && !PERSON_FILLERS.contains(&w.as_str())
                && w.chars().count() >= 3
                && !vocab.completions(w).is_empty()
        });
        let unfinished = |w: &String| Some(w) == typing_filler;
        let content: Vec<&String> =
            parsed.words.iter().filter(|w| (!is_stop(w) || unfinished(w)) && !dialled(w)).collect();
        // A query of fillers only ("what is it") is searched as typed, but not a lone letter
        // ("a", or the "s" of "it's"): every section has one, and none would show it marked.
        let words: Vec<String> = if content.is_empty() {
            parsed.words.iter().filter(|w| !dialled(w) && w.chars().count() > 1).cloned().collect()
        } else {
            content.into_iter().cloned().collect()
        };
        let mut weighted: Vec<Weighted> = Vec::new();
        let mut expansions: Vec<Expansion> = Vec::new();
        let mut corrected: HashMap<String, String> = HashMap::new();
        let mut synonym_phrases: Vec<Vec<String>> = Vec::new();
        let mut unmatched: Vec<String> = Vec::new();
        // A misspelt lay word ("rehb", "dopesik") is corrected among the words of the synonym
        // table, where that makes one of its phrases apply.
        let mut spelled = parsed.sequence.clone();
        let mut lay_fixes: Vec<(usize, LayFix)> = Vec::new();
        // Each word's corrections among corpus words, computed once (a scan of the vocabulary).
        let mut fixes_of: HashMap<String, Vec<(String, usize)>> = HashMap::new();
        for (i, w) in parsed.sequence.iter().enumerate() {
            if let Some(fix) = self.lay_fix(w, parsed.last_is_prefix && Some(w) == last, an, &mut fixes_of) {
                spelled[i] = fix.word().to_string();
                lay_fixes.push((i, fix));
            }
        }
        let mut applied = self.index.synonyms.apply(&spelled, |w| vocab.contains(w), an.english());
        // A phrase typed twice ("sick, so sick") counts once.
        let mut seen = HashSet::new();
        applied.retain(|a| seen.insert(a.from.clone()));
        // A phrase of the table being typed ("throwing u" on the way to "throwing up") reads
        // as the whole phrase, where nothing else explains its last words.
        if let Some((k, key)) = self.phrase_being_typed(parsed, &spelled, &applied, an) {
            let n = parsed.sequence.len();
            let mut whole: Vec<String> = spelled[..n - k].to_vec();
            whole.extend(key.iter().cloned());
            let mut read = self.index.synonyms.apply(&whole, |w| vocab.contains(w), an.english());
            if read.iter().any(|a| a.start == n - k && a.len == key.len()) {
                // What it covers of the query is what was typed.
                for a in &mut read {
                    a.len = a.len.min(n - a.start);
                }
                let mut seen = HashSet::new();
                read.retain(|a| seen.insert(a.from.clone()));
                applied = read;
                // Said as the phrase, not also as the word its last word starts.
                lay_fixes.retain(|(i, _)| *i < n - k);
                expansions.push(Expansion {
                    kind: "prefix",
                    from: parsed.sequence[n - k..].join(" "),
                    to: vec![key.join(" ")],
                });
            }
        }
        for (i, fix) in lay_fixes {
            let typed = &parsed.sequence[i];
            if !corrected.contains_key(typed)
                && applied.iter().any(|a| (a.start..a.start + a.len).contains(&i))
            {
                // A word being typed is completed, not corrected: "Showing results for" names
                // only what was misspelt.
                match fix {
                    LayFix::Typo(fix) => {
                        corrected.insert(typed.clone(), fix.clone());
                        expansions.push(Expansion { kind: "typo", from: typed.clone(), to: vec![fix] });
                    }
                    LayFix::Completion(word) => {
                        expansions.push(Expansion { kind: "prefix", from: typed.clone(), to: vec![word] });
                    }
                }
            }
        }
        let group_of = |w: &String| words.iter().position(|x| x == w).unwrap_or(words.len());
        let mut groups = words.len();
        for a in &applied {
            expansions.push(Expansion { kind: "synonym", from: a.from.clone(), to: a.to.clone() });
            // A synonym stands for the first content word it covers (or a group of its own).
            let group = parsed.sequence[a.start..a.start + a.len]
                .iter()
                .map(group_of)
                .find(|&g| g < words.len())
                .unwrap_or_else(|| {
                    groups += 1;
                    groups - 1
                });
            for to in &a.to {
                let to_words = analysis::terms(&mut an.raw, to);
                let weight = if a.person { r.synonym_weight * r.person_weight } else { r.synonym_weight };
                for w in &to_words {
                    weighted.push(Weighted { word: w.clone(), weight, group });
                }
                if to_words.len() > 1 {
                    synonym_phrases.push(to_words);
                }
            }
        }
        let words_of = |a: &crate::search::synonyms::Applied| {
            parsed.sequence[a.start..a.start + a.len].iter().map(String::as_str)
        };
        let covered: HashSet<&str> = applied.iter().flat_map(words_of).collect();
        // Words of a lay phrase of several words ("feel like", "after detox").
        let in_phrase: HashSet<&str> = applied.iter().filter(|a| a.len > 1).flat_map(words_of).collect();
        for (group, w) in words.iter().enumerate() {
            // A corpus word, or another form of one ("therapies" where the corpus says
            // "therapy"): not a typo, whatever the vocabulary of exact words says.
            // A filler being typed counts by its completions only.
            let typing_filler = unfinished(w);
            let known = !typing_filler && (vocab.contains(w) || self.stem_in_corpus(w, an));
            // A word a synonym explains weighs less itself: "high" means intoxicated, not tall;
            // "like" in "feel like" is not "drugs like morphine".
            let own = if typing_filler || (covered.contains(w.as_str()) && !known) {
                0.0
            } else if in_phrase.contains(w.as_str()) {
                r.phrase_key_word_weight
            } else {
                1.0
            };
            if own > 0.0 {
                weighted.push(Weighted { word: w.clone(), weight: own, group });
            }
            let is_last = parsed.last_is_prefix && Some(w) == last;
            // A word of a crisis or a call ("dying", "die") means what it says: it is neither
            // a typo ("lying") nor the start of a longer word ("dietary"). So does a real word
            // the corpus has nothing on ("homeless" is no "hopeless", "meth" no "methadone").
            let asked = self.as_typed(w);
            // A last word that completes to corpus words is being typed, not misspelled.
            let completions =
                if is_last && !asked && w.chars().count() >= 3 { vocab.completions(w) } else { Vec::new() };
            // So is one that starts a word of the synonym table ("hus" on the way to "husband",
            // "sinto" to "síntomas"): neither corrected ("into") nor named as found nowhere.
            let typing_lay =
                is_last && w.chars().count() >= 3 && self.index.synonyms.words_starting(w).next().is_some();
            if asked && !known && !covered.contains(w.as_str()) {
                if !unmatched.contains(w) {
                    unmatched.push(w.clone());
                }
            } else if !is_stop(w)
                && !known
                && !covered.contains(w.as_str())
                && completions.is_empty()
                && !typing_lay
            {
                // (A query of fillers only, "i dont know what to do", is searched as typed:
                // "know" is no misspelt "known".)
                let mut fixes = fixes_of.remove(w).unwrap_or_else(|| vocab.corrections(w));
                // A word being typed that no word starts with may be a misspelt start
                // ("treatmn", "relpa"): the words that start with what it misspells.
                if fixes.is_empty() && is_last {
                    fixes = vocab.fuzzy_completions(w);
                }
                if let Some((best, _)) = fixes.first() {
                    corrected.insert(w.clone(), best.clone());
                    expansions.push(Expansion {
                        kind: "typo",
                        from: w.clone(),
                        to: fixes.iter().map(|(f, _)| f.clone()).collect(),
                    });
                } else if !unmatched.contains(w) {
                    unmatched.push(w.clone());
                }
                for (fix, d) in fixes {
                    weighted.push(Weighted { word: fix, weight: r.typo_weight / d as f32, group });
                }
            }
            if !completions.is_empty() {
                // A word of the synonym table typed whole ("subs", "mat") is, like a corpus
                // word, most likely finished: its completions ("substance", "matter") count
                // for less and are not said.
                let whole = known || covered.contains(w.as_str());
                let weight = if whole { r.prefix_weight * r.known_prefix_factor } else { r.prefix_weight };
                // (Not said for a filler being typed: "for" in "what is kratom used for" is
                // most likely finished.)
                if !whole && !typing_filler {
                    expansions.push(Expansion { kind: "prefix", from: w.clone(), to: completions.clone() });
                }
                for c in completions {
                    weighted.push(Weighted { word: c, weight, group });
                }
            }
        }
        Expanded { words, weighted, expansions, corrected, groups, synonym_phrases, unmatched }
    }

    /// The word of the synonym table that `word` stands for, for a word that is neither a word
    /// of the corpus (nor another form of one, nor a misspelling of one) nor of the table: the
    /// one it misspells, or, for `typing` (the unfinished last word), the shortest one it
    /// starts ("hus" on the way to "husband"), so that a lay phrase answers while it is typed.
    /// A word being typed that completes to a corpus word is left alone. `fixes_of` keeps the
    /// corrections among corpus words it looks up, for the caller.
    fn lay_fix(
        &self,
        word: &str,
        typing: bool,
        an: &mut Analyzers,
        fixes_of: &mut HashMap<String, Vec<(String, usize)>>,
    ) -> Option<LayFix> {
        let (vocab, synonyms) = (&self.index.vocab, &self.index.synonyms);
        let typing = typing && word.chars().count() >= 3;
        if is_stop(word)
            || self.as_typed(word)
            || vocab.contains(word)
            || synonyms.has_word(word)
            || (typing && !vocab.completions(word).is_empty())
        {
            return None;
        }
        if typing {
            // Shortest first, then in the table's (alphabetical) order.
            if let Some(whole) = synonyms.words_starting(word).min_by_key(|s| s.chars().count()) {
                return Some(LayFix::Completion(whole.to_string()));
            }
        }
        // Another form of a word of the table ("pill", "needs") is found by its stem, as typed.
        if analysis::terms(an.english(), word).iter().any(|stem| synonyms.has_stem(stem)) {
            return None;
        }
        // A misspelt corpus word that is also a word of the table ("adictive") means what the
        // table says.
        let fixes = fixes_of.entry(word.to_string()).or_insert_with(|| vocab.corrections(word));
        if let Some((best, _)) = fixes.first() {
            return synonyms.has_word(best).then(|| LayFix::Typo(best.clone()));
        }
        if self.stem_in_corpus(word, an) {
            return None;
        }
        vocab::corrections_among(word, synonyms.words().map(|w| (w, 0)))
            .into_iter()
            .next()
            .map(|(fix, _)| LayFix::Typo(fix))
    }

    /// The words of `text` that no section has, in any form: for the synonym table's lint,
    /// whose meanings must be words of the corpus.
    pub fn words_not_in_corpus(&self, text: &str) -> Vec<String> {
        let mut an = Analyzers::new();
        let words = analysis::terms(&mut an.raw, text);
        words
            .into_iter()
            .filter(|w| !is_stop(w) && !self.index.vocab.contains(w) && !self.stem_in_corpus(w, &mut an))
            .collect()
    }

    /// Whether a stem of `word`, in any corpus language, is a term of the index: the word is
    /// an inflection of a corpus word even when the word itself never occurs.
    fn stem_in_corpus(&self, word: &str, an: &mut Analyzers) -> bool {
        let searcher = self.index.reader.searcher();
        an.stem.iter_mut().any(|(lang, analyzer)| {
            let Some(fields) = self.index.fields.stemmed.get(lang) else { return false };
            analysis::terms(analyzer, word).iter().any(|stem| {
                fields
                    .iter()
                    .any(|&f| searcher.doc_freq(&Term::from_field_text(f, stem)).is_ok_and(|n| n > 0))
            })
        })
    }

    /// Stage 2: weighted words → stems per language, damped when common; and per group, the
    /// terms that cover it and how much it says.
    fn weigh(&self, expanded: &Expanded, an: &mut Analyzers) -> Terms {
        let r = &self.ranking;
        let sections = self.index.reader.searcher().num_docs().max(1) as f32;
        let mut terms = Terms {
            stems: BTreeMap::new(),
            common: HashSet::new(),
            group_terms: vec![GroupTerms::default(); expanded.groups],
            group_info: vec![0.0; expanded.groups],
            highlight: HashSet::new(),
        };
        for wt in &expanded.weighted {
            if wt.weight <= 0.0 {
                continue;
            }
            terms.highlight.insert(wt.word.clone());
            // A word in most sections ("kratom" in a corpus about kratom) says little about
            // which section is meant; it must not outweigh the words that do.
            let share = self.index.vocab.doc_freq(&wt.word) as f32 / sections;
            if let Some(info) = terms.group_info.get_mut(wt.group) {
                *info = info.max(r.information(share));
            }
            let common = r.is_common(share);
            let damping = if common { r.common_damping } else { 1.0 };
            if let Some(g) = terms.group_terms.get_mut(wt.group) {
                g.words.insert(wt.word.clone());
            }
            for (lang, analyzer) in &mut an.stem {
                for stem in analysis::terms(analyzer, &wt.word) {
                    if let Some(g) = terms.group_terms.get_mut(wt.group) {
                        g.stems.insert((*lang, stem.clone()));
                    }
                    if common {
                        terms.common.insert((*lang, stem.clone()));
                    }
                    let e = terms.stems.entry((*lang, stem)).or_insert(0.0);
                    *e = e.max(wt.weight * damping);
                }
            }
        }
        terms
    }

    /// Stage 3a: one boosted term query per stem and field.
    fn term_clauses(&self, terms: &Terms) -> Vec<(Occur, Box<dyn Query>)> {
        let r = &self.ranking;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for ((lang, stem), weight) in &terms.stems {
            let [title, heading, body] = self.index.fields.stemmed[lang];
            // A corpus-wide word is rare among headings ("What is kratom?" in a corpus about
            // kratom), so its heading match would score as if it named the section: no boost.
            let heading_boost =
                if terms.common.contains(&(*lang, stem.clone())) { r.body_boost } else { r.heading_boost };
            for (field, boost) in [(heading, heading_boost), (title, r.title_boost), (body, r.body_boost)] {
                let q = TermQuery::new(Term::from_field_text(field, stem), IndexRecordOption::WithFreqs);
                clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost * weight))));
            }
        }
        clauses
    }

    /// Stage 3b: quoted phrases as phrase queries, and their words alone, weakly.
    fn phrase_clauses(
        &self,
        parsed: &ParsedQuery,
        an: &mut Analyzers,
        highlight: &mut HashSet<String>,
    ) -> Vec<(Occur, Box<dyn Query>)> {
        let r = &self.ranking;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for phrase in &parsed.phrases {
            for (lang, analyzer) in &mut an.stem {
                let terms: Vec<String> = phrase.iter().flat_map(|w| analysis::terms(analyzer, w)).collect();
                let [_, heading, body] = self.index.fields.stemmed[lang];
                for field in [heading, body] {
                    let ts: Vec<Term> = terms.iter().map(|t| Term::from_field_text(field, t)).collect();
                    if ts.len() > 1 {
                        clauses.push((
                            Occur::Should,
                            Box::new(BoostQuery::new(Box::new(PhraseQuery::new(ts)), r.phrase_boost)),
                        ));
                    }
                }
                for t in &terms {
                    let q = TermQuery::new(Term::from_field_text(body, t), IndexRecordOption::WithFreqs);
                    clauses
                        .push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), r.phrase_word_weight))));
                }
            }
            highlight.extend(phrase.iter().filter(|w| !is_stop(w)).cloned());
        }
        clauses
    }

    /// Stage 3c: adjacent query words (corrected) and multi-word synonyms, as stem pairs per
    /// language. They mark the passage that was meant ("treatment center", "stop using") and
    /// are scored in the re-rank from the candidates' own tokens: as phrase queries over the
    /// whole index, pairs of common words cost more than everything else.
    fn pairs(&self, expanded: &Expanded, an: &mut Analyzers) -> Vec<Pair> {
        let r = &self.ranking;
        let fixed = |w: &String| expanded.corrected.get(w).cloned().unwrap_or_else(|| w.clone());
        let mut pairs: Vec<(Vec<String>, f32)> =
            expanded.words.windows(2).map(|p| (vec![fixed(&p[0]), fixed(&p[1])], r.pair_weight)).collect();
        for ws in &expanded.synonym_phrases {
            pairs.push((ws.clone(), r.pair_weight * r.synonym_weight));
        }
        let mut out: Vec<Pair> = Vec::new();
        for (ws, weight) in &pairs {
            for (lang, analyzer) in &mut an.stem {
                let terms: Vec<String> = ws.iter().flat_map(|w| analysis::terms(analyzer, w)).collect();
                if terms.len() >= 2 {
                    out.push((*lang, terms, *weight));
                }
            }
        }
        out
    }

    /// Stage 3d: topic filters are required clauses.
    fn with_topics(&self, query: Box<dyn Query>, topics: &[String]) -> Box<dyn Query> {
        if topics.is_empty() {
            return query;
        }
        let topic_q: Vec<(Occur, Box<dyn Query>)> = topics
            .iter()
            .map(|t| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(self.index.fields.topics, t),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, query),
            (Occur::Must, Box::new(BooleanQuery::new(topic_q))),
        ]))
    }

    /// Stage 4: BM25 picks the candidates; the total and the topic facets are recorded.
    fn execute(
        &self,
        searcher: &tantivy::Searcher,
        query: &dyn Query,
        limit: usize,
        result: &mut SearchResult,
    ) -> Result<Vec<(f32, DocAddress)>> {
        let mut facets = FacetCollector::for_field("topic_facet");
        facets.add_facet("/");
        let candidates = self.ranking.candidates(limit);
        let (top, total, facet_counts) =
            searcher.search(query, &(TopDocs::with_limit(candidates).order_by_score(), Count, facets))?;
        result.total = total;
        for (facet, count) in facet_counts.get("/") {
            let name = facet.to_path().last().map(|s| s.to_string()).unwrap_or_default();
            result.facets.insert(name, count);
        }
        Ok(top)
    }

    /// Stage 5: candidates re-ranked by coverage and proximity ([`Ranking::rerank`]); equal
    /// scores keep corpus order, so results are stable run to run.
    fn rerank(
        &self,
        searcher: &tantivy::Searcher,
        candidates: Vec<(f32, DocAddress)>,
        asked: &Asked,
        an: &mut Analyzers,
        limit: usize,
    ) -> Result<Vec<(f32, std::sync::Arc<Analyzed>)>> {
        let Asked { terms, pairs, words } = asked;
        // Coverage counts each part of the query by how much it says: a word in most sections
        // ("kratom") counts for little, a rare one for nearly a whole part. It is counted over
        // the whole section and over its heading alone.
        let parts = || terms.group_terms.iter().zip(&terms.group_info).filter(|(g, _)| !g.is_empty());
        let total_info: f32 = parts().map(|(_, i)| i).sum::<f32>().max(1e-6);
        let mut ranked = Vec::with_capacity(candidates.len());
        for (score, addr) in candidates {
            let section = self.analyzed(searcher, addr, an)?;
            let covered: f32 = parts()
                .filter(|(g, _)| g.found_in(&section.present, &section.language))
                .map(|(_, i)| i)
                .sum();
            let coverage = covered / total_info;
            let (named, in_heading) = parts()
                .filter(|(g, _)| g.found_in(&section.heading, &section.language))
                .fold((0, 0.0f32), |(n, sum), (_, i)| (n + 1, sum + i));
            // One part in the heading is the heading boost's to reward; two or more name the
            // question (`Ranking::heading_gain`), as does a query that says the heading's
            // words in its order ("what is kratom addiction" asks "What is kratom?").
            let heading_coverage = if self.ranking.says_heading(words, &section.heading_words) {
                1.0
            } else if named >= 2 {
                in_heading / total_info
            } else {
                0.0
            };
            let own_pairs = pairs.iter().filter(|p| p.0 == section.language).map(|p| (p.1.as_slice(), p.2));
            let proximity = self.ranking.proximity(&section.stem, own_pairs);
            ranked.push((self.ranking.rerank(score, coverage, heading_coverage, proximity), section));
        }
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.ord.cmp(&b.1.ord)));
        ranked.truncate(limit);
        Ok(ranked)
    }

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
        let record = self.index.record(&doc);
        let (language, ord) = (record.language.clone(), record.ord);
        let own_end = record.own_end.min(record.text.len());
        let hit = Hit::from_record(record, 0.0);
        let raw = analysis::tokens(&mut an.raw, &hit.text);
        let stem = match an.stem.iter_mut().find(|(l, _)| *l == language) {
            Some((_, stemmer)) => analysis::tokens(stemmer, &hit.text),
            None => raw.clone(),
        };
        let present = raw.iter().chain(stem.iter()).map(|t| t.term.clone()).collect();
        // The text starts with the heading: its terms are the tokens that end within it.
        let heading_end = if hit.text.starts_with(hit.heading.as_str()) { hit.heading.len() } else { 0 };
        let heading = raw
            .iter()
            .chain(stem.iter())
            .filter(|t| t.range.end <= heading_end)
            .map(|t| t.term.clone())
            .collect();
        let heading_words =
            raw.iter().filter(|t| t.range.end <= heading_end).map(|t| t.term.clone()).collect();
        let analyzed = std::sync::Arc::new(Analyzed {
            hit,
            language,
            ord,
            own_end,
            raw,
            stem,
            present,
            heading,
            heading_words,
        });
        if let Ok(mut map) = self.cache.map.lock()
            && map.len() < CACHE_SECTIONS
        {
            map.insert(addr, analyzed.clone());
        }
        Ok(analyzed)
    }
}

/// "Did you mean": the query with each corrected word replaced, when any was.
fn suggestion(parsed: &ParsedQuery, corrected: &HashMap<String, String>) -> Option<String> {
    if corrected.is_empty() {
        return None;
    }
    Some(parsed.words.iter().map(|w| corrected.get(w).unwrap_or(w).as_str()).collect::<Vec<_>>().join(" "))
}

/// Stage 6: the hit, with every matched word marked in its snippet.
fn highlight(section: &Analyzed, score: f32, terms: &Terms) -> Hit {
    let stem_set: HashSet<&str> = terms
        .stems
        .keys()
        .filter(|(l, s)| *l == section.language.as_str() && !is_stop(s))
        .map(|(_, s)| s.as_str())
        .collect();
    let common: HashSet<&str> = terms
        .common
        .iter()
        .filter(|(l, _)| *l == section.language.as_str())
        .map(|(_, s)| s.as_str())
        .collect();
    let mut hit = section.hit.clone();
    hit.score = score;
    let body = snippet::body_start(&hit.text, &hit.heading);
    let wanted = snippet::Wanted { stems: &stem_set, common: &common, raw: &terms.highlight };
    let passage = body..section.own_end.max(body);
    hit.snippet_parts = snippet::make(&hit.text, passage, &section.raw, &section.stem, &wanted, &is_stop);
    hit.snippet = hit.snippet_parts.to_html();
    hit.words = snippet::matched_words(&section.raw, &section.stem, &wanted, &is_stop);
    hit
}

/// A section as the re-rank and snippets need it: stored fields and the text's analysis.
pub struct Analyzed {
    hit: Hit,
    language: String,
    ord: u64,
    /// Where the section's own text ends in its text: a snippet is taken from it, as the
    /// section was ranked on it (a parent's subsections are their own hits).
    own_end: usize,
    raw: Vec<Token>,
    stem: Vec<Token>,
    /// Every raw and stemmed term of the text.
    present: HashSet<String>,
    /// Every raw and stemmed term of the section heading.
    heading: HashSet<String>,
    /// The heading's words as written, in order, stop words and all ("what", "is", "kratom").
    heading_words: Vec<String>,
}

/// What the re-rank weighs each candidate against: the query's terms and word pairs, and its
/// words as typed, in order.
struct Asked<'a> {
    terms: &'a Terms,
    pairs: &'a [Pair],
    words: &'a [String],
}

/// Sections analyzed by earlier queries, shared by later ones. Valid for one index
/// generation (doc addresses are stable while the reader is not reloaded).
#[derive(Default)]
pub struct SectionCache {
    map: std::sync::Mutex<HashMap<DocAddress, std::sync::Arc<Analyzed>>>,
}

/// Most sections kept analyzed (a few KB each).
const CACHE_SECTIONS: usize = 4096;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_cut_at_its_limit_drops_the_word_cut_in_two() {
        // 1000 characters end inside "kratom": no word `kr` is searched for, none is a prefix.
        let text = format!("{}detox kratom", "x ".repeat(496));
        assert!(text.chars().count() > MAX_QUERY_CHARS);
        let p = parse_query(&text);
        assert!(
            p.words.iter().any(|w| w == "detox") && !p.words.iter().any(|w| w.starts_with("kr")),
            "{:?}",
            p.words
        );
        assert!(!p.last_is_prefix);
    }

    #[test]
    fn a_word_typed_in_another_unicode_form_is_the_same_word() {
        let words = |q: &str| parse_query(q).words;
        assert_eq!(words("de\u{301}tox"), words("détox"));
        assert_eq!(words("ＫＲＡＴＯＭ"), ["kratom"]);
        assert_eq!(words("with\u{ad}drawal sym\u{200b}ptoms"), ["withdrawal", "symptoms"]);
    }

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
        // Repeats go once into the words, and as typed into the sequence the phrases are read from.
        let p = parse_query("how much is too much");
        assert_eq!(p.words, ["how", "much", "is", "too"]);
        assert_eq!(p.sequence, ["how", "much", "is", "too", "much"]);
        assert!(parse_query("\u{0}\u{7}😀").words.is_empty());
        assert!(parse_query(&"x".repeat(10_000)).words.len() <= 1);
    }
}
