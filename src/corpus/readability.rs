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

/// Counts of a text: (sentences, words, syllables), with `syllables` counting a word's
/// syllables. Each line (a list item, a heading) ends a sentence even without a full stop.
fn counts_with(text: &str, syllables: fn(&str) -> usize) -> (usize, usize, usize) {
    let (mut sentences, mut words, mut syl) = (0, 0, 0);
    for line in text.lines() {
        let mut in_sentence = false;
        for token in line.split_whitespace() {
            if token.chars().any(char::is_alphabetic) {
                words += 1;
                syl += syllables(token);
                in_sentence = true;
            }
            if token.ends_with(['.', '!', '?']) && in_sentence {
                sentences += 1;
                in_sentence = false;
            }
        }
        if in_sentence {
            sentences += 1;
        }
    }
    (sentences, words, syl)
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
    let spanish = language == "es";
    let (s, w, y) = counts_with(text, if spanish { syllables_es } else { syllables });
    if w == 0 || s == 0 {
        return None;
    }
    let words = w;
    let (s, w, y) = (s as f64, w as f64, y as f64);
    let g = if spanish {
        -0.205 * (100.0 * s / w) + 0.049 * (100.0 * y / w) - 3.407
    } else {
        0.39 * (w / s) + 11.8 * (y / w) - 15.59
    };
    // Very short, plain text scores below zero ("Call now."): no text reads below grade 0.
    Some(((g.max(0.0) * 10.0).round() / 10.0, words))
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
