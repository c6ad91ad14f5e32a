//! The index's word list: every unstemmed word of the corpus with the number of sections it
//! occurs in, sorted. Typo corrections, prefix completions and "did you mean" search it.
//!
//! Stored as `vocab.tsv` (`word\tcount` lines) beside the index and kept in memory as that one
//! text plus offsets, so opening a large index does not allocate a string per word.

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
}
