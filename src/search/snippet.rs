//! Snippets: the best short passage of a section with every matched word marked.
//!
//! Tantivy's own snippet generator only knows the terms of plain term queries (it returns
//! nothing for fuzzy ones), so highlighting works from the expanded terms instead: a word of
//! the text is marked when its stem or its unstemmed form is one that was searched for.

use serde::Serialize;
use std::collections::HashSet;

use crate::html::escape_html;
use crate::search::analysis::Token;

/// Words in a snippet window.
const WINDOW: usize = 30;

/// A passage as pieces of text, each marked (matched) or not.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Snippet {
    /// `(text, matched)` pieces in order.
    pub parts: Vec<(String, bool)>,
}

impl Snippet {
    /// HTML: text escaped, matches in `<mark>`.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        for (text, marked) in &self.parts {
            if *marked {
                out.push_str("<mark>");
            }
            out.push_str(&escape_html(text));
            if *marked {
                out.push_str("</mark>");
            }
        }
        out
    }

    /// Plain text, with matches wrapped in `start`/`end` (ANSI codes, or nothing).
    pub fn render(&self, start: &str, end: &str) -> String {
        self.parts.iter().map(|(t, m)| if *m { format!("{start}{t}{end}") } else { t.clone() }).collect()
    }
}

/// Where a section's text starts after its `heading` (which the text begins with, and which a
/// result shows above its snippet): past the heading and the line breaks after it. 0 when the
/// text does not start with the heading or holds nothing else.
pub fn body_start(text: &str, heading: &str) -> usize {
    if heading.is_empty() || !text.starts_with(heading) {
        return 0;
    }
    let from = heading.len() + text[heading.len()..].chars().take_while(|&c| c == '\n').count();
    if from < text.len() { from } else { 0 }
}

/// What the snippet of a section looks for.
pub struct Wanted<'a> {
    /// The stems searched for, in the section's language.
    pub stems: &'a HashSet<&'a str>,
    /// Of those, the stems of words found in most sections ("kratom" in a corpus about
    /// kratom): a passage that shows the other words says more about why the section matched.
    pub common: &'a HashSet<&'a str>,
    /// The unstemmed words searched for.
    pub raw: &'a HashSet<String>,
}

impl Wanted<'_> {
    /// Whether a word of the text, as the unstemmed and the stemming analyzer saw it, is one
    /// searched for.
    fn matches(&self, raw: &Token, stem: &Token, is_stop: &dyn Fn(&str) -> bool) -> bool {
        !is_stop(&raw.term) && (self.raw.contains(&raw.term) || self.stems.contains(stem.term.as_str()))
    }
}

/// The distinct words of a text that are searched for, lowercased and folded as the index
/// holds them, in the order they first occur: what a page opened from the results marks.
pub fn matched_words(
    raw_tokens: &[Token],
    stem_tokens: &[Token],
    wanted: &Wanted,
    is_stop: &dyn Fn(&str) -> bool,
) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for (r, s) in raw_tokens.iter().zip(stem_tokens) {
        if wanted.matches(r, s, is_stop) && !words.contains(&r.term) {
            words.push(r.term.clone());
        }
    }
    words
}

/// Builds the snippet of `text` for the `wanted` words, given the text's tokens under the
/// unstemmed analyzer and the language's stemming analyzer. The passage is taken from
/// `text[passage]`: from [`body_start`], so it does not repeat the heading, to the end of the
/// section's own text, so a parent does not show what its subsection shows (the whole text
/// when that range holds no word).
pub fn make(
    text: &str,
    passage: std::ops::Range<usize>,
    raw_tokens: &[Token],
    stem_tokens: &[Token],
    wanted: &Wanted,
    is_stop: &dyn Fn(&str) -> bool,
) -> Snippet {
    let common = wanted.common;
    let body = passage.start;
    // Both analyzers split text identically (same tokenizer), so the lists line up.
    let within = |end: usize| -> Vec<(std::ops::Range<usize>, Option<String>)> {
        raw_tokens
            .iter()
            .zip(stem_tokens.iter())
            .filter(|(r, _)| r.range.start >= body && r.range.end <= end)
            .map(|(r, s)| (r.range.clone(), wanted.matches(r, s, is_stop).then(|| s.term.clone())))
            .collect()
    };
    let mut passage_end = passage.end.min(text.len());
    let mut matched = within(passage_end);
    if matched.is_empty() {
        passage_end = text.len();
        matched = within(passage_end);
    }
    if matched.is_empty() {
        return Snippet { parts: vec![(text[body..].chars().take(200).collect(), false)] };
    }
    // Best window: most distinct matched terms that are not common, then most distinct terms,
    // then most matches, earliest first.
    let mut best = (0usize, (0usize, 0usize, 0usize));
    for start in 0..matched.len() {
        if start > 0 && matched[start - 1].1.is_none() && matched[start].1.is_none() && best.1.1 > 0 {
            continue;
        }
        let end = (start + WINDOW).min(matched.len());
        let window = &matched[start..end];
        let distinct: HashSet<&String> = window.iter().filter_map(|(_, m)| m.as_ref()).collect();
        let telling = distinct.iter().filter(|t| !common.contains(t.as_str())).count();
        let count = window.iter().filter(|(_, m)| m.is_some()).count();
        if (telling, distinct.len(), count) > best.1 {
            best = (start, (telling, distinct.len(), count));
        }
        if end == matched.len() {
            break;
        }
    }
    // Show the best window's matches with a little context before the first one.
    let window_end = (best.0 + WINDOW).min(matched.len());
    let first = (best.0..window_end).find(|&i| matched[i].1.is_some());
    let last = (best.0..window_end).rev().find(|&i| matched[i].1.is_some());
    let start_tok = first.map_or(0, |f| f.saturating_sub(6));
    let end_tok = (start_tok + WINDOW).max(last.map_or(0, |l| l + 3)).min(matched.len());
    let from = if start_tok == 0 { body } else { matched[start_tok].0.start };
    let to = if end_tok == matched.len() { passage_end } else { matched[end_tok - 1].0.end };
    let mut parts = Vec::new();
    if from > body {
        parts.push(("…".to_string(), false));
    }
    let mut pos = from;
    for (range, m) in &matched[start_tok..end_tok] {
        if m.is_some() {
            if range.start > pos {
                parts.push((flatten(&text[pos..range.start]), false));
            }
            parts.push((text[range.clone()].to_string(), true));
            pos = range.end;
        }
    }
    if to > pos {
        parts.push((flatten(&text[pos..to]), false));
    }
    if to < text.len() {
        parts.push(("…".to_string(), false));
    }
    Snippet { parts }
}

/// Snippets are one line: newlines between blocks become spaces.
/// List items (`- item` lines of the plain text) read as `• item`.
fn flatten(text: &str) -> String {
    text.replace("\n\n- ", " • ").replace("\n- ", " • ").replace("\n\n", " ").replace('\n', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_stems_and_raw_words() {
        use crate::search::analysis::{RAW, analyzer, tokens};
        let stems: HashSet<&str> = ["withdraw"].into();
        let raw: HashSet<String> = ["tremors".to_string()].into();
        let text = "Withdrawal symptoms: tremors and sweating.";
        let (r, st) = (tokens(&mut analyzer(RAW), text), tokens(&mut analyzer("stem_en"), text));
        let wanted = Wanted { stems: &stems, common: &HashSet::new(), raw: &raw };
        let s = make(text, 0..text.len(), &r, &st, &wanted, &|w| w == "and");
        assert_eq!(s.render("[", "]"), "[Withdrawal] symptoms: [tremors] and sweating.");
        assert_eq!(s.to_html(), "<mark>Withdrawal</mark> symptoms: <mark>tremors</mark> and sweating.");
    }

    #[test]
    fn matched_words_are_distinct_folded_and_in_order_heading_included() {
        use crate::search::analysis::{RAW, analyzer, tokens};
        let stems: HashSet<&str> = ["withdraw", "symptom"].into();
        let raw: HashSet<String> = ["and".to_string()].into();
        let text = "Withdrawal\n\nSymptoms of withdrawal and Withdrawing: a symptom.";
        let (r, st) = (tokens(&mut analyzer(RAW), text), tokens(&mut analyzer("stem_en"), text));
        let wanted = Wanted { stems: &stems, common: &HashSet::new(), raw: &raw };
        // Stop words are never marked, even when typed.
        let words = matched_words(&r, &st, &wanted, &|w| w == "and");
        assert_eq!(words, ["withdrawal", "symptoms", "withdrawing", "symptom"]);
    }

    #[test]
    fn the_heading_is_not_repeated() {
        use crate::search::analysis::{RAW, analyzer, tokens};
        let stems: HashSet<&str> = ["withdraw"].into();
        let text = "Withdrawal\n\nThere is little research about withdrawal.";
        let (r, st) = (tokens(&mut analyzer(RAW), text), tokens(&mut analyzer("stem_en"), text));
        let body = body_start(text, "Withdrawal");
        assert_eq!(&text[body..], "There is little research about withdrawal.");
        let wanted = Wanted { stems: &stems, common: &HashSet::new(), raw: &HashSet::new() };
        let s = make(text, body..text.len(), &r, &st, &wanted, &|_| false);
        assert_eq!(s.render("[", "]"), "There is little research about [withdrawal].");
        // A text that is only its heading, or does not start with it, is taken whole.
        assert_eq!(body_start("Withdrawal", "Withdrawal"), 0);
        assert_eq!(body_start("Other\n\ntext", "Withdrawal"), 0);
    }

    #[test]
    fn a_passage_with_a_telling_word_beats_one_with_a_common_word_twice() {
        use crate::search::analysis::{RAW, analyzer, tokens};
        // Over 30 words apart: no passage shows both.
        let filler = "one two three four five six seven eight nine ten ".repeat(4);
        let text = format!("Kratom has effects, and kratom has more. {filler}Side effects: constipation.");
        let (r, st) = (tokens(&mut analyzer(RAW), &text), tokens(&mut analyzer("stem_en"), &text));
        let stems: HashSet<&str> = ["kratom", "constip"].into();
        let no_raw = HashSet::new();
        let common: HashSet<&str> = ["kratom"].into();
        let wanted = Wanted { stems: &stems, common: &common, raw: &no_raw };
        assert!(
            make(&text, 0..text.len(), &r, &st, &wanted, &|_| false)
                .to_html()
                .contains("<mark>constipation</mark>")
        );
        // Without the common word known as such, the passage with more matches wins.
        let wanted = Wanted { stems: &stems, common: &HashSet::new(), raw: &no_raw };
        assert!(
            !make(&text, 0..text.len(), &r, &st, &wanted, &|_| false)
                .to_html()
                .contains("<mark>constipation</mark>")
        );
    }

    #[test]
    fn list_items_read_as_bullets() {
        assert_eq!(
            flatten("symptoms:\n\n- anxiety\n- cravings\n\nOther"),
            "symptoms: • anxiety • cravings Other"
        );
    }
}
