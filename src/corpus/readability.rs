//! Reading level: the Flesch–Kincaid grade of English text, and Crawford's grade of Spanish
//! text (a formula made for Spanish: the English one counts Spanish's longer words as
//! hardness). Health-literacy guidance targets grades 6–8 for patient material; `build` and
//! `handout` warn above grade 8.

/// Grade above which a warning is printed.
pub const TARGET_GRADE: f64 = 8.0;

/// Syllables in an English word, by counting vowel groups (a standard heuristic: a silent
/// final `e` does not count, every word has at least one).
pub fn syllables(word: &str) -> usize {
    let w: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    if w.is_empty() {
        return 0;
    }
    let vowel = |c: char| "aeiouy".contains(c);
    let mut count = 0;
    let mut prev = false;
    for &c in &w {
        let v = vowel(c);
        if v && !prev {
            count += 1;
        }
        prev = v;
    }
    let n = w.len();
    if n > 2 && w[n - 1] == 'e' && w[n - 2] != 'l' && !vowel(w[n - 2]) && count > 1 {
        count -= 1;
    }
    count.max(1)
}

/// Syllables in a Spanish word: its vowel nuclei. Two strong vowels (a, e, o) side by side are
/// two syllables (hiatus: "le-er"); a weak one (i, u, ü, or y ending a word) beside another
/// vowel shares its syllable (diphthong: "cuí-da", "hoy") unless it carries the accent
/// ("dí-a"). Every word has at least one.
pub fn syllables_es(word: &str) -> usize {
    let w: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).flat_map(char::to_lowercase).collect();
    let strong = |c: char| "aeoáéó".contains(c);
    let vowel = |i: usize| {
        let c = w[i];
        "aeiouáéíóúü".contains(c) || (c == 'y' && i + 1 == w.len() && i > 0)
    };
    let accented_weak = |c: char| "íú".contains(c);
    let mut count = 0;
    for i in 0..w.len() {
        if !vowel(i) {
            continue;
        }
        let joins = i > 0
            && vowel(i - 1)
            && !(strong(w[i]) && strong(w[i - 1]))
            && !accented_weak(w[i])
            && !accented_weak(w[i - 1]);
        if !joins {
            count += 1;
        }
    }
    count.max(usize::from(!w.is_empty()))
}

/// The sentences of `text`, each as its tokens (runs of non-space): a token ending in `.`, `!`
/// or `?` after a word ends one, and so does each line's end (a list item, a heading). Tokens
/// with no letter (a list number, a dash) count as no word; a line without a word is no
/// sentence.
fn sentence_tokens(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines().flat_map(|line| {
        let mut sentences = Vec::new();
        let (mut tokens, mut in_sentence) = (Vec::new(), false);
        for token in line.split_whitespace() {
            tokens.push(token);
            in_sentence |= is_word(token);
            if token.ends_with(['.', '!', '?']) && in_sentence {
                sentences.push(std::mem::take(&mut tokens));
                in_sentence = false;
            }
        }
        if in_sentence {
            sentences.push(tokens);
        }
        sentences
    })
}

fn is_word(token: &str) -> bool {
    token.chars().any(char::is_alphabetic)
}

/// The syllable counter for `language`.
fn syllable_counter(language: &str) -> fn(&str) -> usize {
    if language == "es" { syllables_es } else { syllables }
}

/// Counts of a text: (sentences, words, syllables), with `syllables` counting a word's
/// syllables.
fn counts_with(text: &str, syllables: fn(&str) -> usize) -> (usize, usize, usize) {
    let (mut sentences, mut words, mut syl) = (0, 0, 0);
    for sentence in sentence_tokens(text) {
        sentences += 1;
        for token in sentence.into_iter().filter(|t| is_word(t)) {
            words += 1;
            syl += syllables(token);
        }
    }
    (sentences, words, syl)
}

/// The grade formula for `language`, from sentences, words and syllables.
fn formula(language: &str, s: f64, w: f64, y: f64) -> f64 {
    if language == "es" {
        -0.205 * (100.0 * s / w) + 0.049 * (100.0 * y / w) - 3.407
    } else {
        0.39 * (w / s) + 11.8 * (y / w) - 15.59
    }
}

/// One sentence of a text: what an editor shortens first.
#[derive(Clone, Debug, PartialEq)]
pub struct Sentence {
    /// Its words, as written, one space apart.
    pub text: String,
    /// How many words it has.
    pub words: usize,
}

/// The sentence of `text` with the most words (the first of equals), sentences counted as
/// [`grade_in`] counts them; `None` for text without words.
pub fn longest_sentence(text: &str) -> Option<Sentence> {
    let mut longest: Option<Sentence> = None;
    for tokens in sentence_tokens(text) {
        let words = tokens.iter().filter(|t| is_word(t)).count();
        if longest.as_ref().is_none_or(|l| words > l.words) {
            // Without what leads it and is no word: a list item's "-" or "2.".
            let start = tokens.iter().position(|t| is_word(t)).unwrap_or(0);
            longest = Some(Sentence { text: tokens[start..].join(" "), words });
        }
    }
    longest
}

/// The words of `text` long enough to weigh on its grade (four syllables or more in English,
/// five in Spanish, whose words run longer), longest first, each once (lower case, without
/// the punctuation around them), at most `max`.
pub fn long_words(text: &str, language: &str, max: usize) -> Vec<String> {
    let syllables = syllable_counter(language);
    let least = if language == "es" { 5 } else { 4 };
    let mut found: Vec<(usize, String)> = Vec::new();
    for token in text.split_whitespace().filter(|t| is_word(t)) {
        let word = token.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
        if syllables(&word) >= least && !found.iter().any(|(_, w)| *w == word) {
            found.push((word.chars().count(), word));
        }
    }
    // A stable sort keeps words of one length in the order they come.
    found.sort_by_key(|(letters, _)| std::cmp::Reverse(*letters));
    found.into_iter().take(max).map(|(_, w)| w).collect()
}

/// Flesch–Kincaid grade level, or `None` for text without words.
pub fn grade(text: &str) -> Option<f64> {
    grade_in(text, "en")
}

/// The reading grade of `text` in `language`: Crawford's formula for Spanish (`es`), from
/// sentences and syllables per hundred words; Flesch–Kincaid for anything else. `None` for
/// text without words.
pub fn grade_in(text: &str, language: &str) -> Option<f64> {
    grade_and_words(text, language).map(|(grade, _)| grade)
}

/// [`grade_in`] with the number of words it was drawn from, for averaging grades by words.
pub fn grade_and_words(text: &str, language: &str) -> Option<(f64, usize)> {
    let (s, w, y) = counts_with(text, syllable_counter(language));
    if w == 0 || s == 0 {
        return None;
    }
    let g = formula(language, s as f64, w as f64, y as f64);
    // Very short, plain text scores below zero ("Call now."): no text reads below grade 0.
    Some(((g.max(0.0) * 10.0).round() / 10.0, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_text_reads_below_grade_zero() {
        assert_eq!(grade("Call now. Go. Ask."), Some(0.0));
    }

    #[test]
    fn syllable_heuristic() {
        assert_eq!(syllables("detox"), 2);
        assert_eq!(syllables("the"), 1);
        assert_eq!(syllables("make"), 1);
        assert_eq!(syllables("table"), 2);
        assert_eq!(syllables("hallucinations"), 5);
    }

    #[test]
    fn simple_text_reads_easier_than_clinical_text() {
        let easy = grade("The cat sat on the mat. It was warm.").unwrap();
        let hard =
            grade("Detoxification involves pharmacological stabilization of physiological dependence.")
                .unwrap();
        assert!(easy < 3.0 && hard > 12.0, "{easy} {hard}");
        assert_eq!(grade(""), None);
    }

    #[test]
    fn the_longest_sentence_is_found_as_the_grade_counts_sentences() {
        let text = "Call us. Withdrawal can last a week or more, and it is easier with help.\n\
                    - a list item with no full stop is a sentence of its own too";
        let longest = longest_sentence(text).unwrap();
        assert_eq!(longest.words, 14);
        assert_eq!(longest.text, "a list item with no full stop is a sentence of its own too");
        let first = longest_sentence("One two three. Four five six.").unwrap();
        assert_eq!(first.text, "One two three.", "the first of equals");
        assert_eq!(longest_sentence("- 1. —"), None);
    }

    #[test]
    fn long_words_are_listed_once_longest_first() {
        let text = "Detoxification helps. Medication and medication, (hallucinations), a cat.";
        assert_eq!(long_words(text, "en", 5), ["detoxification", "hallucinations", "medication"]);
        assert_eq!(long_words(text, "en", 1), ["detoxification"]);
        // Spanish words run longer: four syllables are not yet long.
        assert_eq!(
            long_words("La medicina ayuda. La desintoxicación también.", "es", 5),
            ["desintoxicación"]
        );
    }

    #[test]
    fn spanish_syllables_know_hiatus_and_diphthongs() {
        for (word, n) in [
            ("desintoxicación", 6),
            ("leer", 2),
            ("día", 2),
            ("cuidado", 3),
            ("hoy", 1),
            ("ayuda", 3),
            ("abstinencia", 4),
            ("síntomas", 3),
        ] {
            assert_eq!(syllables_es(word), n, "{word}");
        }
    }

    #[test]
    fn spanish_text_is_graded_as_spanish() {
        let text = "La desintoxicación es un proceso que ayuda a dejar de tomar una droga de forma segura. \
                    Hable con su médico sobre los síntomas de abstinencia.";
        let (english, spanish) = (grade_in(text, "en").unwrap(), grade_in(text, "es").unwrap());
        // Spanish words are longer: the English formula takes that for hardness.
        assert!(spanish < english - 2.0 && spanish > 0.0, "es {spanish}, en {english}");
        let hard = "La estabilización farmacológica de la dependencia fisiológica requiere supervisión \
                    médica especializada e individualizada durante el tratamiento hospitalario prolongado.";
        assert!(grade_in(hard, "es").unwrap() > spanish + 2.0);
    }
}
