//! Reading level: the Flesch–Kincaid grade of English text. Health-literacy guidance targets
//! grades 6–8 for patient material; `build` and `handout` warn above grade 8.

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

/// Counts of a text: (sentences, words, syllables). Each line (a list item, a heading) ends a
/// sentence even without a full stop.
pub fn counts(text: &str) -> (usize, usize, usize) {
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
    let (s, w, y) = counts(text);
    if w == 0 || s == 0 {
        return None;
    }
    let g = 0.39 * (w as f64 / s as f64) + 11.8 * (y as f64 / w as f64) - 15.59;
    Some((g * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
