//! Text analysis shared by indexing, querying and highlighting: one place decides how text
//! becomes terms, so a highlighted word is exactly a word that matched.
//!
//! * `raw`: words lowercased and folded to ASCII (`qué` → `que`), unstemmed. Used for the
//!   vocabulary that typo tolerance, prefixes and "did you mean" search.
//! * `stem_en`, `stem_es`: `raw` followed by the language's Snowball stemmer.

use std::ops::Range;
use tantivy::Index;
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, TextAnalyzer,
    TokenStream,
};

/// Name of the unstemmed analyzer.
pub const RAW: &str = "words";

/// Name of the stemming analyzer for a corpus language code.
pub fn stem_analyzer_name(language: &str) -> &'static str {
    match language {
        "es" => "stem_es",
        _ => "stem_en",
    }
}

fn builder() -> tantivy::tokenizer::TextAnalyzerBuilder<impl tantivy::tokenizer::Tokenizer> {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
}

/// Builds the analyzer registered under `name`.
pub fn analyzer(name: &str) -> TextAnalyzer {
    match name {
        "stem_en" => builder().filter(Stemmer::new(Language::English)).build(),
        "stem_es" => builder().filter(Stemmer::new(Language::Spanish)).build(),
        _ => builder().build(),
    }
}

/// Registers every analyzer with an index; needed on each open, tantivy does not persist them.
pub fn register(index: &Index) {
    for name in [RAW, "stem_en", "stem_es"] {
        index.tokenizers().register(name, analyzer(name));
    }
}

/// A token with its byte range in the analyzed text.
#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    /// The term (lowercased, folded, maybe stemmed).
    pub term: String,
    /// Where it stands in the input.
    pub range: Range<usize>,
}

/// Runs `analyzer` over `text`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<Token> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push(Token { term: t.text.clone(), range: t.offset_from..t.offset_to });
    }
    out
}

/// The terms of `text` under `analyzer`.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    tokens(analyzer, text).into_iter().map(|t| t.term).collect()
}

/// `text` as the index reads words: in Unicode's compatibility composed form (an accent typed
/// as a mark of its own joins its letter, "ＫＲＡＴＯＭ" is "KRATOM"), without the invisible
/// characters that split a word (a soft hyphen, zero-width spaces and joiners). `search.mjs`
/// does the same with `normalize('NFKC')`.
pub fn normal_form(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfkc().filter(|c| !INVISIBLE.contains(c)).collect()
}

/// Characters that print nothing and would split a word in two.
const INVISIBLE: [char; 6] = ['\u{ad}', '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_and_folds() {
        assert_eq!(terms(&mut analyzer("stem_en"), "Addictions, Treatments"), ["addict", "treatment"]);
        assert_eq!(terms(&mut analyzer(RAW), "Qué TRATAMIENTO"), ["que", "tratamiento"]);
        assert_eq!(terms(&mut analyzer("stem_es"), "tratamientos"), ["tratamient"]);
    }
}
