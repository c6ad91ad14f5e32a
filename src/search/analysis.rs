//! Text analysis shared by indexing, querying and highlighting: one place decides how text
//! becomes terms, so a highlighted word is exactly a word that matched.
//!
//! * `raw`: words lowercased and folded to ASCII (`qué` → `que`), unstemmed. Used for the
//!   vocabulary that typo tolerance, prefixes and "did you mean" search.
//! * `stem_en`, `stem_es`: `raw` followed by the language's Snowball stemmer.
//!
//! The stop words ([`STOP_WORDS`]) are here too: words no query is ranked by, and no synonym
//! key may be alone.

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

/// Words too common to rank or highlight by, unless a query has nothing else. "get" is one:
/// its meaning is in the words after it ("get help", "get clean"), and it stems like the
/// heading "Getting help", which it would pull to the top of any question. "find" is another
/// ("where can I find a rehab near me" asks for the rehab, not for a section saying "find").
#[rustfmt::skip] // a word list, filled line by line
pub const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "find", "for",
    "from", "get", "gets", "getting", "got", "how", "i", "if", "in", "into", "is", "it", "its",
    "me", "my", "of", "on", "or", "so", "that", "the", "their", "then", "there", "this", "to",
    "was", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your", "not",
    "no", "de", "la", "el", "en", "y", "los", "las", "un", "una", "que", "se", "del", "por", "con",
    "para", "es",
    // The rest of a Spanish question's function words, with and without accents ("me siento
    // mal sin kratom": "sin" had been completed to "sino"). Not "son" ("they are"): in
    // English it is a person asked about.
    "mi", "mis", "tu", "tus", "su", "sus", "te", "le", "les", "lo", "al", "o", "yo", "él",
    "ella", "ellos", "ellas", "como", "cómo", "qué", "cual", "cuál", "cuando", "cuándo", "donde",
    "dónde", "porque", "pero", "sin", "sobre", "entre", "hasta", "desde", "muy", "mas", "más",
    "ya", "si", "sí", "este", "esta", "esto", "ese", "esa", "eso", "hay", "fue", "ser", "estar",
    "está", "están", "estoy", "tengo", "tiene", "algo", "alguien", "nada", "todo",
    // Who is asked about, and the fillers of a spoken question ("he needs more and more to
    // feel anything"): a part of the query no section answers would cost every section that
    // answers the rest.
    "he", "she", "him", "her", "his", "hers", "they", "them", "we", "us", "our", "am", "were",
    "been", "being", "has", "have", "had", "did", "would", "could", "should", "might", "must",
    "just", "really", "actually", "even", "still", "anything", "something", "everything", "ever",
    "very", "also", "too", "about", "know", "knows", "vs",
    // Words of everyday talk no section answers, which a note had named as if the search
    // misread them ("my husband can't sleep off kratom", "is it ok to take"); "usa" is
    // Spanish for "uses" ("mi hijo usa kratom"), or the country; "usar", "puede", "puedo" and
    // "hago" ("use", "can", "I do") had been named as words no section mentions. A phrase of
    // the synonym table still reads them ("coming off", "no puede dejar").
    "off", "ok", "okay", "usa", "usar", "puede", "puedo", "hago",
    // What an apostrophe leaves of a contraction ("can't" is "can" and "t"): no part of a
    // query, or "can't poop" would rank every section with "don't" in it.
    "s", "t", "d", "ll", "m", "re", "ve",
    // The same contractions typed without the apostrophe, as on a phone: "whats" would stem
    // to "what" and match every heading that asks "What …?".
    "whats", "hows", "wheres", "whos", "whys", "thats", "theres", "im", "ive", "youre", "hes",
    "shes", "theyre", "dont", "doesnt", "didnt", "cant", "wont", "isnt", "arent", "wasnt",
    // And what the apostrophe leaves before the "t" ("won't" is "won" and "t": "No section
    // mentions won"), and the fillers of "i dont want to be here anymore" and "i think im
    // addicted" (which found "Think carefully" in *Helping a loved one*; "i want to die" found
    // "wanting" in *Signs of addiction*), and of a report of what someone said ("he said he
    // wants to end it" had listed *Treatment* under the contacts).
    "won", "don", "doesn", "didn", "isn", "aren", "wasn", "here", "anymore", "think", "thinks", "want", "wants",
    "said", "says",
    // Words that join a question's parts ("kratom while pregnant", "treatment without
    // insurance", "i wanna quit"), which had found sections by themselves. Not "like": a
    // phrase of the synonym table has it ("feel like using").
    "while", "without", "wanna", "gonna",
];

/// Whether `word` (analyzed) is one of [`STOP_WORDS`].
pub fn is_stop(word: &str) -> bool {
    STOP_WORDS.contains(&word)
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
