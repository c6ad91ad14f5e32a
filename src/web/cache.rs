//! A bounded cache of search answers (JSON bytes). The index never changes while the server
//! runs, so an answer stays right for the server's life; and phones searching as they type send
//! the same prefixes ("w", "wi", "wit"…) over and over. Least recently used answers go first
//! once the cache holds [`MAX_BYTES`].

use axum::body::Bytes;
use lru::LruCache;
use std::sync::Mutex;

use super::service::SearchParams;

/// Most bytes of answers kept, counting each entry's real cost (`entry_cost`).
pub const MAX_BYTES: usize = 32 * 1024 * 1024;

/// Memory an entry costs besides its answer and key text: the LRU node (key, value handle and
/// links), its hash-table slot, and the allocator's headers of the key's strings. Without it a
/// flood of unique queries with short answers costs several times [`MAX_BYTES`].
const ENTRY_OVERHEAD: usize = 192;

/// What one cached answer really costs in memory, in bytes.
fn entry_cost(key: &Key, answer: &Bytes) -> usize {
    let (q, topics, _) = key;
    ENTRY_OVERHEAD + answer.len() + q.len() + topics.iter().map(|t| t.len() + 40).sum::<usize>()
}

/// What identifies an answer: query text, topics and limit.
type Key = (String, Vec<String>, usize);

/// Search answers by request, least recently used evicted first.
pub struct AnswerCache {
    inner: Mutex<(LruCache<Key, Bytes>, usize)>,
}

impl Default for AnswerCache {
    fn default() -> Self {
        AnswerCache { inner: Mutex::new((LruCache::unbounded(), 0)) }
    }
}

fn key(p: &SearchParams) -> Key {
    (p.q.clone(), p.topics.clone(), p.limit)
}

impl AnswerCache {
    /// The stored answer to `p`, if any.
    pub fn get(&self, p: &SearchParams) -> Option<Bytes> {
        // A panic elsewhere while holding the lock leaves a usable cache: entries are whole.
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        guard.0.get(&key(p)).cloned()
    }

    /// Stores the answer to `p`, evicting old answers beyond [`MAX_BYTES`].
    pub fn put(&self, p: &SearchParams, answer: Bytes) {
        if answer.len() > MAX_BYTES / 16 {
            return;
        }
        let mut guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let (map, bytes) = &mut *guard;
        let key = key(p);
        *bytes += entry_cost(&key, &answer);
        if let Some((old_key, old)) = map.push(key, answer) {
            *bytes -= entry_cost(&old_key, &old);
        }
        while *bytes > MAX_BYTES {
            match map.pop_lru() {
                Some((old_key, old)) => *bytes -= entry_cost(&old_key, &old),
                None => break,
            }
        }
    }

    /// Number of answers held.
    pub fn len(&self) -> usize {
        self.inner.lock().unwrap_or_else(|e| e.into_inner()).0.len()
    }

    /// Whether no answer is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(q: &str) -> SearchParams {
        SearchParams { q: q.into(), topics: Vec::new(), limit: 10 }
    }

    #[test]
    fn keeps_answers_by_query_topics_and_limit() {
        let c = AnswerCache::default();
        c.put(&params("detox"), Bytes::from_static(b"a"));
        assert_eq!(c.get(&params("detox")).as_deref(), Some(&b"a"[..]));
        assert_eq!(c.get(&params("detox ")), None, "a trailing space changes the answer");
        assert_eq!(c.get(&SearchParams { limit: 5, ..params("detox") }), None);
        assert_eq!(c.get(&SearchParams { topics: vec!["detox".into()], ..params("detox") }), None);
    }

    #[test]
    fn a_flood_of_unique_short_answers_is_bounded_by_real_cost() {
        let c = AnswerCache::default();
        for i in 0..300_000 {
            c.put(&params(&format!("unique query {i}")), Bytes::from_static(b"{\"hits\":[]}"));
        }
        let each = ENTRY_OVERHEAD + "unique query 123456".len();
        assert!(c.len() * each <= MAX_BYTES, "{} entries of about {each} bytes each", c.len());
        assert!(c.len() > 100_000, "still caches plenty: {}", c.len());
    }

    #[test]
    fn evicts_the_least_recently_used_beyond_the_byte_limit() {
        let c = AnswerCache::default();
        // Sixteen fit with their keys and entry overhead; a seventeenth does not.
        let big = Bytes::from(vec![0u8; MAX_BYTES / 16 - 1024]);
        for i in 0..16 {
            c.put(&params(&i.to_string()), big.clone());
        }
        c.get(&params("0"));
        c.put(&params("new"), big.clone());
        assert_eq!(c.len(), 16);
        assert!(c.get(&params("0")).is_some(), "recently used, kept");
        assert!(c.get(&params("1")).is_none(), "least recently used, evicted");
    }
}
