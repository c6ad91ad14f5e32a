//! The index's word list: every unstemmed word of the corpus with the number of sections it
//! occurs in, sorted. Typo corrections, prefix completions and "did you mean" search it.
//!
//! Stored as `vocab.tsv` (`word\tcount` lines) beside the index and kept in memory as that one
//! text plus offsets, so opening a large index does not allocate a string per word.
//!
//! Typo tolerance follows one rule ([`typo_budget`]): words of 5–7 letters may have one edit,
//! longer ones two, a transposition counting as one edit. A word of four letters may only have
//! left out a letter or swapped two ([`Vocab::corrections`]).

/// A sorted word list with document frequencies.
#[derive(Clone, Debug, Default)]
pub struct Vocab {
    text: String,
    /// Per word: byte range of the word in `text`, and its count.
    entries: Vec<(u32, u32, u32)>,
}

impl Vocab {
    /// Parses `word\tcount` lines (already sorted by word); malformed lines are skipped.
    pub fn parse(text: String) -> Vocab {
        let mut entries = Vec::with_capacity(text.len() / 10);
        let mut start = 0usize;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches('\n');
            if let Some(tab) = body.find('\t')
                && let Ok(n) = body[tab + 1..].parse::<u32>()
            {
                entries.push((start as u32, (start + tab) as u32, n));
            }
            start += line.len();
        }
        Vocab { text, entries }
    }

    /// The `word\tcount` text of `words` (sorted by word).
    pub fn render<'a>(words: impl Iterator<Item = (&'a String, &'a u32)>) -> String {
        words.map(|(w, n)| format!("{w}\t{n}\n")).collect()
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn word(&self, i: usize) -> &str {
        let (s, e, _) = self.entries[i];
        &self.text[s as usize..e as usize]
    }

    /// Every word with its count, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        (0..self.entries.len()).map(|i| (self.word(i), self.entries[i].2))
    }

    /// The count of `word`, if it is in the list.
    pub fn get(&self, word: &str) -> Option<u32> {
        let mut lo = 0;
        let mut hi = self.entries.len();
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.word(mid).cmp(word) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(self.entries[mid].2),
            }
        }
        None
    }

    /// Words starting with `prefix`, with their counts, in order.
    pub fn with_prefix<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = (&'a str, u32)> + 'a {
        let mut lo = 0;
        let mut hi = self.entries.len();
        while lo < hi {
            let mid = (lo + hi) / 2;
            if self.word(mid) < prefix {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (lo..self.entries.len())
            .map(|i| (self.word(i), self.entries[i].2))
            .take_while(move |(w, _)| w.starts_with(prefix))
    }

    /// Whether `word` (raw form) occurs in the corpus.
    pub fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    /// Number of sections containing `word` (raw form); 0 when it is not in the list.
    pub fn doc_freq(&self, word: &str) -> u32 {
        self.get(word).unwrap_or(0)
    }

    /// Words within the typo budget of `word`, closest and most frequent first.
    ///
    /// A word of [`SHORT_WORD`] letters is too short to correct for a changed or an added
    /// letter: either makes another word of it ("poop", "poor"; "cant", "can"). A letter left
    /// out ("detx" for "detox") or two letters swapped ("hlep") keep every typed letter in
    /// order, so those are corrected.
    pub fn corrections(&self, word: &str) -> Vec<(String, usize)> {
        corrections_among(word, self.iter())
    }

    /// Words within `budget` edits of `word`, closest and most frequent first (at most four).
    pub fn corrections_within(&self, word: &str, budget: usize) -> Vec<(String, usize)> {
        closest(word, budget, self.iter(), |_| true)
    }

    /// Words that start with a misspelling of `prefix`, for an unfinished last word that no
    /// word starts with and that is no typo of a whole word ("treatmn" → "treatment", "medeci"
    /// → "medication", "medicine"): those whose start is within the typo budget of it, at the
    /// fewest edits only, most frequent first (at most six).
    pub fn fuzzy_completions(&self, prefix: &str) -> Vec<(String, usize)> {
        let typed: Vec<char> = prefix.chars().collect();
        let budget = typo_budget(typed.len());
        if budget == 0 {
            return Vec::new();
        }
        let found = self
            .iter()
            .filter_map(|(w, n)| prefix_distance(&typed, w, budget).filter(|&d| d > 0).map(|d| (d, n, w)))
            .collect();
        nearest(found, 6)
    }

    /// Words that start with `prefix` (other than `prefix` itself), most frequent first (at
    /// most six).
    pub fn completions(&self, prefix: &str) -> Vec<String> {
        let mut found: Vec<(&str, u32)> = self.with_prefix(prefix).filter(|(w, _)| *w != prefix).collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        found.into_iter().take(6).map(|(w, _)| w.to_string()).collect()
    }
}

/// The fewest edits (optimal string alignment, as [`Vocab::corrections`] counts them) that turn
/// `typed` into a start of `word`, when within `budget`: a start at least as long as `typed`
/// less the budget ("treatmn" is one edit from "treatme", the start of "treatment").
fn prefix_distance(typed: &[char], word: &str, budget: usize) -> Option<usize> {
    let w: Vec<char> = word.chars().take(typed.len() + budget).collect();
    let (n, m) = (typed.len(), w.len());
    let shortest = n.saturating_sub(budget);
    if m < shortest {
        return None;
    }
    // d[i][j]: the edits between typed[..i] and w[..j].
    let mut d = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    d[0] = (0..=m).collect();
    for i in 1..=n {
        for j in 1..=m {
            let cost = usize::from(typed[i - 1] != w[j - 1]);
            let mut best = (d[i - 1][j] + 1).min(d[i][j - 1] + 1).min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && typed[i - 1] == w[j - 2] && typed[i - 2] == w[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    (shortest..=m).map(|j| d[n][j]).min().filter(|&e| e <= budget)
}

/// The `candidates` (word, count) within the typo budget of `word`, by the rule of
/// [`Vocab::corrections`]: closest first, then most frequent, then in the candidates' order
/// (at most four).
pub fn corrections_among<'a>(
    word: &str,
    candidates: impl Iterator<Item = (&'a str, u32)>,
) -> Vec<(String, usize)> {
    let chars = word.chars().count();
    if chars == SHORT_WORD {
        return closest(word, 1, candidates, |w| left_out_or_swapped(word, w));
    }
    closest(word, typo_budget(chars), candidates, |_| true)
}

/// The `candidates` within `budget` edits of `word` that `keep` accepts, those at the fewest
/// edits only, most frequent first (at most four).
fn closest<'a>(
    word: &str,
    budget: usize,
    candidates: impl Iterator<Item = (&'a str, u32)>,
    keep: impl Fn(&str) -> bool,
) -> Vec<(String, usize)> {
    if budget == 0 {
        return Vec::new();
    }
    let mut letters = LetterCounts::new(word);
    let found = candidates
        .filter(|(w, _)| w.len().abs_diff(word.len()) <= budget)
        // A cheap bound first: on a large vocabulary most words are ruled out by their
        // letters alone, and the exact distance is only computed for the few that remain.
        .filter(|(w, _)| letters.gap(w) <= 2 * budget)
        .filter_map(|(w, n)| {
            let d = strsim::osa_distance(word, w);
            (d > 0 && d <= budget && keep(w)).then_some((d, n, w))
        })
        .collect();
    nearest(found, 4)
}

/// Of `found` (edits, count, word), those at the fewest edits only, most frequent first, then
/// in order (at most `most`): "medicaton" is "medication", not also "meditation" two edits
/// away.
fn nearest(mut found: Vec<(usize, u32, &str)>, most: usize) -> Vec<(String, usize)> {
    found.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let fewest = found.first().map(|f| f.0);
    found
        .into_iter()
        .take_while(|f| Some(f.0) == fewest)
        .take(most)
        .map(|(d, _, w)| (w.to_string(), d))
        .collect()
}

/// The length of a word corrected only for a letter left out or two swapped
/// ([`Vocab::corrections`]); shorter words are never corrected.
pub const SHORT_WORD: usize = 4;

/// Whether `typed` is `word` with one letter left out, or with two neighbouring letters
/// swapped.
fn left_out_or_swapped(typed: &str, word: &str) -> bool {
    let (t, w): (Vec<char>, Vec<char>) = (typed.chars().collect(), word.chars().collect());
    if w.len() == t.len() + 1 {
        return (0..w.len()).any(|i| w[..i] == t[..i] && w[i + 1..] == t[i..]);
    }
    w.len() == t.len()
        && (0..t.len().saturating_sub(1)).any(|i| {
            t[i] != t[i + 1]
                && t[i] == w[i + 1]
                && t[i + 1] == w[i]
                && t[..i] == w[..i]
                && t[i + 2..] == w[i + 2..]
        })
}

/// Largest number of edits tolerated in a word of this many characters.
pub fn typo_budget(chars: usize) -> usize {
    match chars {
        0..=4 => 0,
        5..=7 => 1,
        _ => 2,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups() {
        let v = Vocab::parse("detox\t2\ntreat\t1\ntreatment\t5\ntreatments\t1\nbad line\n".to_string());
        assert_eq!(v.len(), 4);
        assert_eq!(v.get("treatment"), Some(5));
        assert_eq!(v.get("treatm"), None);
        let p: Vec<_> = v.with_prefix("treatm").collect();
        assert_eq!(p, [("treatment", 5), ("treatments", 1)]);
        assert_eq!(v.iter().next(), Some(("detox", 2)));
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
    fn a_four_letter_word_is_corrected_only_for_a_letter_left_out_or_two_swapped() {
        let vocab = Vocab::parse("can\t3\ndetox\t2\nhelp\t5\npoor\t1\nsign\t2\n".into());
        let fixes = |w: &str| vocab.corrections(w).into_iter().map(|(f, _)| f).collect::<Vec<_>>();
        assert_eq!(fixes("detx"), ["detox"], "a letter left out");
        assert_eq!(fixes("hlep"), ["help"], "two letters swapped");
        assert!(fixes("poop").is_empty(), "a changed letter makes another word");
        assert!(fixes("cant").is_empty(), "an added letter: `cant` is not `can` misspelt");
        assert!(fixes("det").is_empty(), "three letters are never corrected");
        assert_eq!(
            vocab.corrections_within("poop", 1),
            [("poor".to_string(), 1)],
            "a looser search still may"
        );
    }

    #[test]
    fn a_misspelt_start_completes_to_the_words_it_starts() {
        let v = Vocab::parse("relapse\t3\nrelated\t2\ntreatment\t9\ntreatments\t4\ntremors\t2\n".into());
        let words = |typed: &str| v.fuzzy_completions(typed).into_iter().map(|(w, _)| w).collect::<Vec<_>>();
        // A letter left out, two swapped, one changed: one edit from a start.
        assert_eq!(words("treatmn"), ["treatment", "treatments"]);
        assert_eq!(words("relpa"), ["relapse", "related"]);
        assert_eq!(words("trwatm"), ["treatment", "treatments"]);
        // Within the budget only (four letters: none; five to seven: one edit).
        assert!(words("trea").is_empty());
        assert!(words("trxxtm").is_empty());
        let typed: Vec<char> = "relpa".chars().collect();
        assert_eq!(prefix_distance(&typed, "relapse", 1), Some(1));
        assert_eq!(prefix_distance(&typed, "relpa", 1), Some(0));
        assert_eq!(prefix_distance(&typed, "rel", 1), None);
    }

    #[test]
    fn left_out_or_swapped_means_exactly_that() {
        assert!(left_out_or_swapped("detx", "detox"));
        assert!(left_out_or_swapped("etox", "detox"));
        assert!(left_out_or_swapped("deto", "detox"));
        assert!(left_out_or_swapped("edtox", "detox"));
        assert!(left_out_or_swapped("detxo", "detox"));
        assert!(!left_out_or_swapped("detox", "detox"));
        assert!(!left_out_or_swapped("dxtox", "detox"));
        assert!(!left_out_or_swapped("dtex", "detox"));
        assert!(!left_out_or_swapped("detoxx", "detox"));
        assert!(!left_out_or_swapped("ñino", "niño"), "swapped apart");
        assert!(left_out_or_swapped("nño", "niño"));
    }

    #[test]
    fn typo_budget_follows_word_length() {
        assert_eq!(typo_budget(4), 0);
        assert_eq!(typo_budget(5), 1);
        assert_eq!(typo_budget(7), 1);
        // Eight letters take two edits: "wihdrawl" (two letters left out) is "withdrawal".
        assert_eq!(typo_budget(8), 2);
    }
}
