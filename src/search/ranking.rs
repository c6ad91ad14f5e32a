//! Ranking: every number that decides which section comes first, and the re-rank that uses
//! them.
//!
//! Tantivy's BM25 scores boosted term queries ([`crate::search::query`] builds them with the
//! weights below) and picks candidates; [`Ranking::rerank`] then reorders the candidates by how
//! much of the query each covers, how much its heading covers, and whether adjacent query words
//! stand together in it.
//!
//! The numbers were tuned on `tests/queries.toml` and the lay sets `tests/queries-lay.toml`,
//! `tests/queries-lay2.toml` and `tests/queries-lay3.toml` (`outreach eval FILE`). The fresh sets (`tests/queries-fresh*.toml`,
//! see docs/search-quality.md) check that they generalise: the newest one is unseen, the
//! others were spent once their misses led to a change. Change one number, run them all.

use crate::search::analysis::Token;

/// The tuning numbers of ranking, in one place.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Ranking {
    /// Boost of a match in a section heading: a heading names what its section is about.
    pub heading_boost: f32,
    /// Boost of a match in the document title: every section of a document shares it, so it
    /// only breaks ties between documents.
    pub title_boost: f32,
    /// Boost of a match in the body: the reference the others are measured against.
    pub body_boost: f32,
    /// Weight of a lay word's clinical synonym: likely, not certainly, what was meant.
    pub synonym_weight: f32,
    /// Factor on `synonym_weight` for a word of the `[people]` table ("my son" → loved one):
    /// who a question is about weighs less than what it asks ("my brother slipped up after
    /// rehab" asks about relapse, not about helping a loved one).
    pub person_weight: f32,
    /// Weight of a corpus word inside a lay phrase of several words that the table explains
    /// ("like" in "feel like", "detox" in "after detox"): the phrase's meaning speaks for it,
    /// and the word alone would pull towards sections about something else.
    pub phrase_key_word_weight: f32,
    /// Weight of the completions of an unfinished last word ("withdr" → "withdrawal").
    pub prefix_weight: f32,
    /// Factor on `prefix_weight` when the last word is itself a corpus word ("use" may be
    /// finished): its completions count for less than the word.
    pub known_prefix_factor: f32,
    /// Weight of a typo correction at edit distance 1; at distance `d` it is this over `d`. A
    /// word one edit from a corpus word, and not one itself, is surer of its meaning than a lay
    /// word is of its synonym, so this is above `synonym_weight` ("kratom detx" finds Detox
    /// first, as "kratom detox" does).
    pub typo_weight: f32,
    /// Boost of a quoted phrase found as a phrase: the person said exactly what they meant.
    pub phrase_boost: f32,
    /// Weight of a quoted phrase's words found alone, so a near miss is no dead end.
    pub phrase_word_weight: f32,
    /// Weight of a pair of adjacent query words in the proximity score (a multi-word
    /// synonym's pair weighs `synonym_weight` times this).
    pub pair_weight: f32,
    /// How much a candidate gains when every query pair stands together in it: ×(1 + gain).
    pub pair_gain: f32,
    /// Words allowed between such a pair ("take time" matches "take some time").
    pub pair_slop: usize,
    /// Share of sections above which a word counts as common ("kratom" in a corpus about
    /// kratom): it gets no heading boost and is damped.
    pub common_share: f32,
    /// Weight left to a common word.
    pub common_damping: f32,
    /// Least information a part of the query carries in coverage, even a word found in every
    /// section.
    pub min_information: f32,
    /// How much a candidate gains when its heading names two or more parts of the query:
    /// ×(1 + gain × the heading's coverage). "Signs of addiction in a loved one" names two
    /// parts of "how do I know if my son is using" and gains; "Helping a loved one" names one,
    /// which the heading boost already rewards, and does not.
    pub heading_gain: f32,
    /// Share of its BM25 score a candidate covering nothing of the query keeps.
    pub coverage_floor: f32,
    /// Fewest BM25 candidates re-ranked, however few hits are asked for.
    pub rerank_depth: usize,
    /// Candidates re-ranked per hit asked for, when that is more than `rerank_depth`.
    pub rerank_per_hit: usize,
}

impl Ranking {
    /// The tuned numbers.
    pub const DEFAULT: Ranking = Ranking {
        heading_boost: 2.5,
        title_boost: 1.2,
        body_boost: 1.0,
        synonym_weight: 0.85,
        person_weight: 0.3,
        phrase_key_word_weight: 0.5,
        prefix_weight: 0.6,
        known_prefix_factor: 0.5,
        typo_weight: 0.9,
        phrase_boost: 3.0,
        phrase_word_weight: 0.3,
        pair_weight: 1.0,
        pair_gain: 2.0,
        pair_slop: 2,
        common_share: 0.4,
        common_damping: 0.5,
        min_information: 0.05,
        heading_gain: 0.5,
        coverage_floor: 0.25,
        rerank_depth: 30,
        rerank_per_hit: 3,
    };

    /// How many BM25 candidates to re-rank for `limit` hits.
    pub fn candidates(&self, limit: usize) -> usize {
        (limit * self.rerank_per_hit).max(self.rerank_depth)
    }

    /// Information a word found in `share` of the sections carries for coverage.
    pub fn information(&self, share: f32) -> f32 {
        (1.0 - share).max(self.min_information)
    }

    /// Whether a word found in `share` of the sections is common.
    pub fn is_common(&self, share: f32) -> bool {
        share > self.common_share
    }

    /// The re-ranked score of a candidate: its BM25 score scaled by the square of its query
    /// coverage (0–1, so a section that answers half the question falls well behind one that
    /// answers all of it), raised by its heading's coverage (0–1) and by its proximity (0–1).
    pub fn rerank(&self, bm25: f32, coverage: f32, heading_coverage: f32, proximity: f32) -> f32 {
        bm25 * (self.coverage_floor + (1.0 - self.coverage_floor) * coverage * coverage)
            * (1.0 + self.pair_gain * proximity)
            * (1.0 + self.heading_gain * heading_coverage)
    }

    /// Whether `query` (its words as typed, in order) says all of a heading of two words or
    /// more, in the heading's order, each word at most `pair_slop` words after the one before:
    /// "what is kratom addiction" says "What is kratom?", "what causes kratom addiction" says
    /// "What causes addiction?". Stop words count: they are what makes a heading a question.
    pub fn says_heading(&self, query: &[String], heading: &[String]) -> bool {
        if heading.len() < 2 {
            return false;
        }
        (0..query.len()).any(|start| {
            let mut at = start;
            query[start] == heading[0]
                && heading[1..].iter().all(|want| {
                    let window = at + 1..(at + 2 + self.pair_slop).min(query.len());
                    match query.get(window.clone()).and_then(|w| w.iter().position(|q| q == want)) {
                        Some(k) => {
                            at = window.start + k;
                            true
                        }
                        None => false,
                    }
                })
        })
    }

    /// Share (by weight) of the query's word pairs that stand in order, at most `pair_slop`
    /// words apart, in `tokens`. Each pair is its terms and its weight.
    pub fn proximity<'a>(&self, tokens: &[Token], pairs: impl Iterator<Item = (&'a [String], f32)>) -> f32 {
        let (mut found, mut total) = (0.0, 0.0);
        for (terms, weight) in pairs {
            total += weight;
            let near = tokens.iter().enumerate().any(|(i, t)| {
                t.term == terms[0]
                    && terms[1..].iter().enumerate().all(|(k, want)| {
                        let from = i + k + 1;
                        tokens
                            .get(from..(from + 1 + self.pair_slop).min(tokens.len()))
                            .is_some_and(|w| w.iter().any(|t| &t.term == want))
                    })
            });
            if near {
                found += weight;
            }
        }
        if total > 0.0 { found / total } else { 0.0 }
    }
}

impl Default for Ranking {
    fn default() -> Self {
        Ranking::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(words: &[&str]) -> Vec<Token> {
        words
            .iter()
            .enumerate()
            .map(|(i, w)| Token { term: w.to_string(), range: i * 10..i * 10 + w.len() })
            .collect()
    }

    #[test]
    fn proximity_counts_pairs_within_the_slop() {
        let r = Ranking::DEFAULT;
        let text = tokens(&["take", "some", "time", "to", "rest"]);
        let near = vec!["take".to_string(), "time".to_string()];
        let far = vec!["take".to_string(), "rest".to_string()];
        assert_eq!(r.proximity(&text, [(near.as_slice(), 1.0)].into_iter()), 1.0);
        assert_eq!(r.proximity(&text, [(far.as_slice(), 1.0)].into_iter()), 0.0);
        assert_eq!(r.proximity(&text, [(near.as_slice(), 1.0), (far.as_slice(), 3.0)].into_iter()), 0.25);
        assert_eq!(r.proximity(&text, std::iter::empty()), 0.0);
    }

    #[test]
    fn a_query_says_a_heading_with_its_words_in_order_and_near() {
        let r = Ranking::DEFAULT;
        let words = |s: &str| s.split(' ').map(String::from).collect::<Vec<_>>();
        let says = |q: &str, h: &str| r.says_heading(&words(q), &words(h));
        assert!(says("what is kratom addiction", "what is kratom"));
        assert!(says("so what causes kratom addiction", "what causes addiction"));
        assert!(says("signs of addiction", "signs of addiction"));
        // Too far apart, out of order, a word missing, or a one-word heading.
        assert!(!says("what is the treatment for kratom", "what is kratom"));
        assert!(!says("kratom is what", "what is kratom"));
        assert!(!says("what is addiction", "what is kratom"));
        assert!(!says("kratom detox", "detox"));
        assert!(!says("", "what is kratom"));
    }

    #[test]
    fn rerank_prefers_coverage_then_heading_and_proximity() {
        let r = Ranking::DEFAULT;
        assert!(r.rerank(10.0, 1.0, 0.0, 0.0) > r.rerank(10.0, 0.5, 0.0, 0.0));
        assert!(r.rerank(10.0, 1.0, 0.0, 1.0) > r.rerank(10.0, 1.0, 0.0, 0.0));
        assert!(r.rerank(10.0, 1.0, 1.0, 0.0) > r.rerank(10.0, 1.0, 0.5, 0.0));
        // Whole coverage in the body outweighs half of it in the heading.
        assert!(r.rerank(10.0, 1.0, 0.0, 0.0) > r.rerank(10.0, 0.5, 0.5, 0.0));
        assert_eq!(r.rerank(10.0, 0.0, 0.0, 0.0), 10.0 * r.coverage_floor);
        assert_eq!(r.candidates(5), r.rerank_depth);
        assert_eq!(r.candidates(50), 150);
    }
}
