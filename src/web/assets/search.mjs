// The offline search engine: the same answers as `outreach search`, computed in the browser (or
// in node) from `search-data.json`, which `outreach export` writes beside this file.
//
// The Rust side hands over its decisions: each corpus word's stem (per language), the
// vocabulary with document frequencies (typos, prefixes, "did you mean"), the synonym table, the
// stop words, the ranking constants and the index's field lengths as Tantivy stores them. This
// script only tokenizes, ranks (BM25 per field, as Tantivy scores it, then the re-rank by query
// and heading coverage and word proximity of src/search/query.rs) and highlights. Keep it in
// step with src/search/query.rs, ranking.rs and snippet.rs: tests/it/offline.rs compares the
// two on the judged queries.
//
// From a shell: node search.mjs [--topic T]... [--limit N] QUERY...   (prints the JSON object
// of `outreach search --json`).

const K1 = 1.2;
const B = 0.75;
const WORD = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]+/gu;
const FOLD = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const utf8 = new TextEncoder();

/// Whether `q` holds a phone number: seven digits or more in one run of digits and the marks
/// numbers are written with (contacts.rs `has_phone_number`).
export function hasPhoneNumber(q) {
  let run = 0, most = 0;
  for (const c of q) {
    if (c >= '0' && c <= '9') most = Math.max(most, ++run);
    else if (!' -.()+/'.includes(c)) run = 0;
  }
  return most >= 7;
}

/// Whether the words `want` (an entry of the contact words) stand in `words` at `i`, each
/// (contacts.rs `found`),
/// singular or plural, accents typed or not (contacts.rs `says`).
const standsAt = (words, want, i) => want.every((c, k) => { const w = fold(words[i + k] ?? ''); return w === c || w === `${c}s`; });

/// Lowercased, accent-folded form of a word (Tantivy's LowerCaser + AsciiFoldingFilter).
function fold(w) {
  const lower = w.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(lower)) return lower;
  return lower.normalize('NFD').replace(/\p{M}/gu, '').replace(/[ßæœøłđðþı]/g, (c) => FOLD[c]);
}

/// Raw tokens of `text` with their UTF-16 ranges (Tantivy's SimpleTokenizer, RemoveLong(40)).
function rawTokens(text) {
  const out = [];
  for (const m of text.matchAll(WORD)) {
    if (utf8.encode(m[0]).length >= 40) continue;
    out.push({ term: fold(m[0]), start: m.index, end: m.index + m[0].length });
  }
  return out;
}
const rawTerms = (text) => rawTokens(text).map((t) => t.term);

/// The optimal-string-alignment table of `s` against `t` (arrays of characters): d[i][j] is the
/// edits between s[..i] and t[..j], a swap of two neighbours counting as one (strsim's
/// `osa_distance`).
function osaTable(s, t) {
  const n = s.length, m = t.length;
  const d = [];
  for (let i = 0; i <= n; i++) { d.push(new Array(m + 1).fill(0)); d[i][0] = i; }
  for (let j = 0; j <= m; j++) d[0][j] = j;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d;
}

function osa(a, b) {
  const s = Array.from(a), t = Array.from(b);
  return osaTable(s, t)[s.length][t.length];
}

/// The fewest edits that turn `typed` (its characters) into a start of `word` at least as long
/// as `typed` less the budget, when within `budget`; else null (vocab.rs `prefix_distance`).
function prefixDistance(typed, word, budget) {
  const w = Array.from(word).slice(0, typed.length + budget);
  const n = typed.length, shortest = Math.max(n - budget, 0);
  if (w.length < shortest) return null;
  const best = Math.min(...osaTable(typed, w)[n].slice(shortest));
  return best <= budget ? best : null;
}

export function typoBudget(chars) {
  return chars <= 4 ? 0 : chars <= 7 ? 1 : 2;
}

/// `s` without apostrophes, as people type on a phone ("cant" for "can't"; synonyms.rs).
const withoutApostrophes = (s) => s.replace(/['\u2019\u02bc]/g, '');

const SHORT_WORD = 4;
/// The words of `list` (`bytes`: their UTF-8 lengths, `df`: their counts) within `budget`
/// edits of `word` that `keep` accepts, closest, then most frequent, then in order (vocab.rs).
function closest(word, budget, list, bytes, df, keep) {
  const len = utf8.encode(word).length, found = [];
  if (budget) list.forEach((w, i) => {
    const d = Math.abs(bytes[i] - len) > budget ? 0 : osa(word, w);
    if (d > 0 && d <= budget && (!keep || keep(w))) found.push([d, df.get(w) || 0, w]);
  });
  return nearest(found, 4);
}
/// Of `found` ([edits, count, word]), those at the fewest edits only, most frequent first, then
/// in order, at most `most`, as [word, edits] (vocab.rs `nearest`).
function nearest(found, most) {
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  return found.filter((f) => f[0] === found[0][0]).slice(0, most).map(([d, , w]) => [w, d]);
}
/// vocab.rs `corrections_among`. A four-letter word's candidates are one edit away, so a longer
/// one has the letter left out, and one of as many letters with the same letters has two
/// swapped (`left_out_or_swapped`).
function correctionsAmong(word, list, bytes, df) {
  const n = chars(word), sorted = (w) => [...w].sort().join('');
  return closest(word, n === SHORT_WORD ? 1 : typoBudget(n), list, bytes, df,
    n === SHORT_WORD && ((w) => chars(w) > n || sorted(w) === sorted(word)));
}

const escapeHtml = (s) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const chars = (s) => Array.from(s).length;
const flatten = (s) => s.replaceAll('\n\n- ', ' • ').replaceAll('\n- ', ' • ').replaceAll('\n\n', ' ').replaceAll('\n', ' ');
const f32 = Math.fround;

/// A section of the data (an array, see `search_data` in src/web/export.rs) as an object: the
/// document id is the id's part before `#`, its title comes from `documents`; language and
/// page are sent only when they are not `en` and `s/DOC/SLUG.html`.
function unpack([id, heading, topics, text, own, grade, n, lang, page], titles) {
  const cut = id.indexOf('#');
  const doc = cut < 0 ? id : id.slice(0, cut);
  // `own` as one number: the text was sent without its heading, and the own text starts
  // right after it.
  if (typeof own === 'number') {
    text = `${heading}\n\n${text}`;
    own = [heading.length + 2, own];
  }
  return {
    id, doc, title: titles.get(doc) ?? doc, heading, topics, text, own, grade,
    norms: { title: n[0], heading: n[1], body: n[2], topics: n[3] },
    lang: lang || 'en',
    page: page || `s/${doc}/${cut < 0 ? 'index' : id.slice(cut + 1)}.html`,
  };
}

/// An engine over one edition's data.
export class Engine {
  constructor(data) {
    this.data = data;
    // Sent in shortest decimal form; the Rust side computes with these as f32.
    this.c = Object.fromEntries(Object.entries(data.constants).map(([k, v]) => [k, f32(v)]));
    this.stop = new Set(data.stop.split(' '));
    this.person = data.person.split(' ');
    // The contact words in three parts (contacts.rs): those that tell of an emergency
    // (`emergency_words`), ask for a place to go (`PLACE_WORDS`) and for a way to reach help
    // (`SECTIONS_TOO`).
    const list = (s) => (s || '').split(/\s+/).filter(Boolean);
    const contact = data.contact || {};
    this.emergency = list(contact.call);
    this.place = list(contact.place);
    this.sectionsToo = list(contact.reach);
    this.contactEntries = [...this.emergency, ...this.place, ...this.sectionsToo];
    // What a misspelt word of a crisis is corrected to (contacts.rs `emergency_spellings`).
    this.emergencySpellings = this.emergency.filter((w) => !w.includes('_') && chars(w) >= 6).sort();
    // One-word entries of the contact words (contacts.rs `is_contact_word`).
    this.contact = new Set(this.contactEntries.filter((e) => !e.includes('_')));
    // Real words the corpus has nothing on (synonyms.rs `is_uncovered`).
    this.uncovered = new Set((data.uncovered || '').split(' ').filter(Boolean));
    this.languages = data.languages;
    // Vocabulary: word → document frequency (0: a synonym's word that the corpus lacks).
    this.df = new Map();
    // `word` or `word:N`: document frequency 1 unless N is given.
    const words = [];
    this.sorted = [];
    for (const entry of data.words ? data.words.split(' ') : []) {
      const [w, n] = entry.split(':');
      const df = n === undefined ? 1 : Number(n);
      words.push(w);
      this.df.set(w, df);
      if (df > 0) this.sorted.push(w);
    }
    this.sortedBytes = this.sorted.map((w) => utf8.encode(w).length);
    this.stemMap = {};
    for (const lang of this.languages) {
      const m = new Map();
      (data.stems[lang] || '').split(' ').forEach((code, i) => {
        if (!code) return;
        const w = words[i];
        const [, cut, ending] = /^(\d+):?(.*)$/s.exec(code);
        m.set(w, w.slice(0, w.length - Number(cut)) + ending);
      });
      this.stemMap[lang] = m;
    }
    this.synonyms = new Map();
    this.longest = 0;
    // A key with an apostrophe applies without it too ("cant poop"), after the table's own
    // keys (synonyms.rs).
    const bare = new Map();
    // `key,key|meaning|meaning;key|meaning` per table (export.rs `search_data`): the lay
    // synonyms, and the people a question may be about (weighed by `person_weight`), as one
    // list in the order of the keys, as synonyms.rs reads them.
    const parse = (text, person) => (text ? text.split(';') : []).flatMap((e) => {
      const [keys, ...to] = e.split('|');
      return keys.split(',').map((key) => ({ key, to, person }));
    });
    const table = [...parse(data.synonyms, false), ...parse(data.people, true)]
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    for (const entry of table) {
      const { key } = entry;
      const words = rawTerms(key);
      this.synonyms.set(words.join(' '), { ...entry, n: words.length });
      this.longest = Math.max(this.longest, words.length);
      const bareKey = withoutApostrophes(key);
      const b = bareKey !== key ? rawTerms(bareKey) : [];
      if (b.length && b.join(' ') !== words.join(' ')) {
        const k = b.join(' ');
        if (!bare.has(k) || key < bare.get(k).key) bare.set(k, { ...entry, n: b.length });
        this.longest = Math.max(this.longest, b.length);
      }
    }
    for (const [k, e] of bare) if (!this.synonyms.has(k)) this.synonyms.set(k, e);
    // The table's own keys of several words, in the order of their words (synonyms.rs
    // `phrase_started`).
    const byWords = (a, b) => {
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
      return a.length - b.length;
    };
    this.phraseKeys = [...new Map(table.map((e) => [rawTerms(e.key).join(' '), rawTerms(e.key)])).values()]
      .filter((w) => w.length > 1).sort(byWords);
    // The keys by their English stems (synonyms.rs `STEM`), for other forms of their words
    // ("sickness" for "sick"): a key that is its own stem wins a shared stem, then the first
    // key in order.
    this.synStemmed = new Map();
    const byStem = table.map((entry) => {
      const words = rawTerms(entry.key);
      const stems = words.map((w) => this.stem('en', w));
      return { derived: stems.join(' ') !== words.join(' '), k: stems.join(' '), e: { ...entry, n: words.length } };
    });
    byStem.sort((a, b) => a.derived - b.derived);
    for (const { k, e } of byStem) if (!this.synStemmed.has(k)) this.synStemmed.set(k, e);
    // Stems of the keys' words: another form of one is found by its stem (synonyms.rs `has_stem`).
    this.synStems = new Set([...this.synStemmed.keys()].flatMap((k) => k.split(' ')));
    // Every word of the keys, sorted as synonyms.rs sorts them (UTF-16 order is code point
    // order but past U+FFFF).
    this.synWords = [...new Set([...this.synonyms.keys()].flatMap((k) => k.split(' ')))].sort();
    this.synBytes = this.synWords.map((w) => utf8.encode(w).length);
    this.N = data.sections.length;
    this.fieldAvg = data.field_avg;
    const titles = new Map(data.documents.map((d) => [d.id, d.title]));
    this.sections = data.sections.map((row, ord) => this.prepare(unpack(row, titles), ord));
    // Document frequency of each stem per field, per language.
    this.fieldDf = {};
    for (const s of this.sections) {
      for (const f of ['title', 'heading', 'body']) {
        const key = `${s.lang}:${f}`;
        const dfs = (this.fieldDf[key] ||= new Map());
        for (const t of s.tf[f].keys()) dfs.set(t, (dfs.get(t) || 0) + 1);
      }
    }
    this.topicDf = new Map();
    for (const s of this.sections) for (const t of s.topics) this.topicDf.set(t, (this.topicDf.get(t) || 0) + 1);
  }

  stem(lang, word) {
    const m = this.stemMap[lang];
    if (m && m.has(word)) return m.get(word);
    if (this.df.has(word)) return word;
    if (lang === 'en' && typeof porter2 === 'function') return porter2(word);
    // Present only in a copy of a corpus with Spanish documents (export.rs `engine_source`).
    // eslint-disable-next-line no-undef
    if (lang === 'es' && typeof spanishStem === 'function') return spanishStem(word);
    return word;
  }

  prepare(s, ord) {
    const lang = s.lang;
    const count = (text) => {
      const tf = new Map();
      const positions = [];
      for (const t of rawTerms(text)) {
        const st = this.stem(lang, t);
        tf.set(st, (tf.get(st) || 0) + 1);
        positions.push(st);
      }
      return { tf, positions };
    };
    const own = s.text.slice(s.own[0], s.own[1]);
    const title = count(s.title), heading = count(s.heading), body = count(own);
    const raw = rawTokens(s.text);
    const stem = raw.map((t) => this.stem(lang, t.term));
    const present = new Set([...raw.map((t) => t.term), ...stem]);
    const headingRaw = rawTerms(s.heading);
    const headingTerms = new Set([...headingRaw, ...headingRaw.map((t) => this.stem(lang, t))]);
    return {
      ...s, ord, raw, stem, present, headingTerms, headingWords: headingRaw,
      tf: { title: title.tf, heading: heading.tf, body: body.tf },
      pos: { heading: heading.positions, body: body.positions },
    };
  }

  inVocab(w) { return (this.df.get(w) || 0) > 0; }
  /// Whether the word's stem, in any corpus language, is a term of some section.
  stemInCorpus(w) {
    return this.languages.some((lang) => {
      const st = this.stem(lang, w);
      return ['title', 'heading', 'body'].some((f) => this.fieldDf[`${lang}:${f}`]?.has(st));
    });
  }
  docFreq(w) { return this.df.get(w) || 0; }

  correctionsWithin(word, budget) { return closest(word, budget, this.sorted, this.sortedBytes, this.df); }
  corrections(word) { return correctionsAmong(word, this.sorted, this.sortedBytes, this.df); }

  /// Whether a query asks how to reach someone: a word or phrase of the contact words, each
  /// word singular or plural (contacts.rs `asks_for_contacts`).
  asksForContacts(q) {
    const ws = String(q).normalize('NFKC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (hasPhoneNumber(String(q).normalize('NFKC')) || ws.join(' ') === 'help') return true;
    return this.contactEntries.some((e) => ws.some((_, i) => standsAt(ws, e.split('_'), i)));
  }

  /// Whether every word of `words` (a query's, in order) is part of a contact word or phrase
  /// that tells of an emergency, a digit group of a phone number or a filler, and one at least
  /// is not a filler (contacts.rs `only_asks`).
  onlyAsks(words) {
    const covered = words.map(() => false);
    for (const want of this.emergency.map((e) => e.split('_'))) {
      for (let i = 0; i + want.length <= words.length; i++) {
        if (standsAt(words, want, i)) want.forEach((_, k) => { covered[i + k] = true; });
      }
    }
    const phone = hasPhoneNumber(words.join(' '));
    const asked = (w, i) => covered[i] || (phone && /^[0-9]+$/.test(w));
    return words.every((w, i) => asked(w, i) || this.stop.has(w)) && words.some(asked);
  }

  /// The word of an emergency phrase that the last of `words` begins, the words before it
  /// being the phrase's (contacts.rs `phrase_word_begun`), or null.
  phraseWordBegun(words) {
    const last = fold(words[words.length - 1] ?? '');
    if (!last || chars(last) < 2 || this.emergency.some((e) => words.some((_, i) => standsAt(words, e.split('_'), i)))) return null;
    // Alone, a word begun says less: five letters at least.
    for (const want of this.emergency.map((e) => e.split('_'))) {
      for (let j = chars(last) < 5 ? 1 : 0; j < want.length && j < words.length; j++) {
        if (want[j].length > last.length && want[j].startsWith(last) && standsAt(words, want.slice(0, j), words.length - 1 - j)) return want[j];
      }
    }
    return null;
  }
  /// Whether `w` alone asks how to reach someone, singular or plural (contacts.rs).
  isContactWord(w) { w = fold(w); return this.contact.has(w) || (w.endsWith('s') && this.contact.has(w.slice(0, -1))); }
  /// Whether `w` is taken as typed, never as a typo or a start: a contact word or an
  /// uncovered one (query.rs `as_typed`).
  asTyped(w) { return this.isContactWord(w) || this.uncovered.has(w) || this.emergencyFix(w) !== null; }
  /// The word of an emergency that `w` misspells, with its first letter (query.rs
  /// `emergency_fix`), or null.
  emergencyFix(w) {
    if (chars(w) < 6 || this.stop.has(w) || this.inVocab(w) || this.synWords.includes(w) || this.uncovered.has(w) || this.isContactWord(w)) return null;
    const list = this.emergencySpellings.filter((e) => e[0] === w[0]);
    const fix = correctionsAmong(w, list, list.map((e) => utf8.encode(e).length), new Map())[0];
    return fix ? fix[0] : null;
  }

  /// The word of the synonym table `w` misspells (query.rs `lay_fix`).
  // The word of the synonym table `w` stands for, as { word, typo }: the one it misspells, or
  // for the unfinished last word, the shortest one it starts (query.rs `lay_fix`).
  layFix(w, typing) {
    typing = typing && chars(w) >= 3;
    if (this.stop.has(w) || this.asTyped(w) || this.inVocab(w) || this.synWords.includes(w)
      || (typing && this.completions(w).length)) return null;
    if (typing) {
      let whole = null;
      for (const s of this.synWords) {
        if (s.length > w.length && s.startsWith(w) && (whole === null || chars(s) < chars(whole))) whole = s;
      }
      if (whole !== null) return { word: whole, typo: false };
    }
    // Another form of a word of the table is found by its stem, as typed.
    if (this.synStems.has(this.stem('en', w))) return null;
    // A misspelt corpus word that is also a word of the table means what the table says.
    const fixes = this.corrections(w);
    if (fixes.length) return this.synWords.includes(fixes[0][0]) ? { word: fixes[0][0], typo: true } : null;
    if (this.stemInCorpus(w)) return null;
    const fix = correctionsAmong(w, this.synWords, this.synBytes, new Map())[0]?.[0];
    return fix === undefined ? null : { word: fix, typo: true };
  }

  // Words whose start is within the typo budget of `prefix`, at the fewest edits only, most
  // frequent first (vocab.rs `fuzzy_completions`).
  fuzzyCompletions(prefix) {
    const typed = Array.from(prefix), budget = typoBudget(typed.length), found = [];
    if (!budget) return [];
    for (const w of this.sorted) {
      const d = prefixDistance(typed, w, budget);
      if (d !== null && d > 0) found.push([d, this.df.get(w) || 0, w]);
    }
    return nearest(found, 6);
  }

  completions(prefix) {
    let lo = 0, hi = this.sorted.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (this.sorted[mid] < prefix) lo = mid + 1; else hi = mid; }
    const found = [];
    for (let i = lo; i < this.sorted.length && this.sorted[i].startsWith(prefix); i++) {
      if (this.sorted[i] !== prefix) found.push([this.sorted[i], this.df.get(this.sorted[i])]);
    }
    found.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return found.slice(0, 6).map(([w]) => w);
  }

  applySynonyms(words) {
    const out = [];
    const stems = words.map((w) => this.stem('en', w));
    let i = 0;
    while (i < words.length) {
      let matched = false;
      for (let len = Math.min(this.longest, words.length - i); len >= 1; len--) {
        const span = words.slice(i, i + len);
        // Another form of a key's words, unless every word is a corpus word (synonyms.rs).
        let e = this.synonyms.get(span.join(' '));
        let from = e && e.key;
        if (!e && !span.every((w) => this.inVocab(w))) {
          // Found by another form of its words: shown as typed (synonyms.rs).
          e = this.synStemmed.get(stems.slice(i, i + len).join(' '));
          from = span.join(' ');
        }
        if (e && e.n === len) {
          out.push({ from, to: e.to, start: i, len, person: e.person });
          i += len;
          matched = true;
          break;
        }
      }
      if (!matched) i += 1;
    }
    return out;
  }

  /// BM25 of one term (or phrase, with its idf sum) in a field, as Tantivy scores it.
  bm25(idf, tf, norm, avg) {
    const weight = f32(idf * (1 + K1));
    // `avg` comes from the data file in the fewest digits that read back as its f32.
    const cache = f32(K1 * (1 - B + B * norm / f32(avg)));
    return f32(weight * tf / (tf + cache));
  }
  idf(n) { return f32(Math.log(1 + (this.N - n + 0.5) / (n + 0.5))); }

  /// Runs a query: `{limit, topics}`. Never fails on the query text.
  search(query, options = {}) {
    const opts = { limit: options.limit || 10, topics: options.topics || [] };
    if (!String(query).trim() && opts.topics.length) return this.browse(opts.topics, opts.limit);
    // A query that only asks for someone to call is answered by the contacts alone (query.rs
    // `search`).
    // A misspelt word of a crisis asks for the contacts as the word itself does.
    const parsed = parseQuery(query);
    const spelled = parsed.sequence.map((w) => this.emergencyFix(w) ?? w);
    // So does the word of an emergency phrase being typed ("he wont wak").
    const begun = this.phraseWordBegun(spelled);
    if (begun) spelled[spelled.length - 1] = begun;
    const calls = spelled.join(' ') !== parsed.sequence.join(' ') && this.asksForContacts(spelled.join(' '));
    if (!parsed.phrases.length && this.onlyAsks(spelled)) {
      return { query: String(query), total: 0, hits: [], suggestion: null, expanded: [], facets: {}, related: [], unmatched: [], typing: false, calls, contacts: true };
    }
    const result = this.searchOnce(query, opts);
    result.calls = calls;
    result.contacts = calls || this.asksForContacts(query);
    if (result.total > 0) return result;
    result.typing = this.beingTyped(query);
    const related = (r, reason) => r.hits.slice(0, 3).map((h) => ({ id: h.id, title: h.title, heading: h.heading, reason }));
    if (opts.topics.length) result.related = related(this.searchOnce(query, { ...opts, topics: [] }), 'outside the chosen topics');
    // A query for someone to call is answered by the contacts (query.rs `search`).
    if (!result.related.length && !result.contacts) {
      const looser = parseQuery(query).words
        .filter((w) => chars(w) >= 4 && !this.inVocab(w) && !this.asTyped(w))
        .map((w) => this.correctionsWithin(w, typoBudget(chars(w)) + 1).find((c) => c[0][0] === w[0]))
        .filter(Boolean).map((c) => c[0]);
      if (looser.length) {
        const found = this.searchOnce(looser.join(' '), { ...opts, topics: [] });
        result.related = related(found, `for ${looser.join(' ')}`);
      }
    }
    return result;
  }

  /// The key of several words whose start ends the query, its last word typed in part or
  /// whole: [how many of the query's words it covers, its words] (synonyms.rs `phrase_started`).
  phraseStarted(words, last) {
    const n = words.length;
    let best = null;
    for (const key of this.phraseKeys) {
      for (let k = 1; k <= Math.min(key.length, n); k++) {
        const starts = key[k - 1].startsWith(last) && (k < key.length || key[k - 1] !== last) && (k > 1 || chars(last) >= 3);
        if (!starts || words.slice(n - k, n - 1).join(' ') !== key.slice(0, k - 1).join(' ')) continue;
        if (!best || k > best[0] || (k === best[0] && key.length < best[1].length)) best = [k, key];
      }
    }
    return best;
  }

  /// That key, where it reads as the phrase being typed (query.rs `phrase_being_typed`).
  phraseBeingTyped(parsed, spelled, applied) {
    const last = parsed.lastIsPrefix ? parsed.sequence.at(-1) : undefined;
    const found = last === undefined ? null : this.phraseStarted(spelled, last);
    if (!found) return null;
    const [k, key] = found, n = parsed.sequence.length;
    if (applied.some((a) => a.start + a.len > n - k) || (this.inVocab(last) && chars(last) >= 3)) return null;
    const read = k === 1
      ? !([...this.stop].some((w) => w.startsWith(last)) || this.asTyped(last) || this.completions(last).length || this.stemInCorpus(last))
      : key.slice(0, k - 1).some((w) => !this.stop.has(w) && !this.inVocab(w));
    return read ? found : null;
  }

  /// Whether the last word is unfinished and starts a longer word of the corpus, of the fillers
  /// or of the synonym table (query.rs `being_typed`).
  beingTyped(query) {
    const parsed = parseQuery(query), last = parsed.words.at(-1), seq = parsed.sequence;
    // The first words of an emergency's phrase ("took too "; contacts.rs `phrase_begun`).
    if (this.emergency.some((e) => { const want = e.split('_'); for (let k = 1; k < want.length && k <= seq.length; k++) if (standsAt(seq, want.slice(0, k), seq.length - k)) return true; return false; })) return true;
    if (!parsed.lastIsPrefix || last === undefined || this.asTyped(last)) return false;
    const longer = (w) => w.length > last.length && w.startsWith(last);
    return this.completions(last).length > 0 || [...this.stop].some(longer) || this.synWords.some(longer);
  }

  /// An empty query with topics: those topics' sections in corpus order (as the server's API).
  browse(topics, limit) {
    const matching = this.sections.filter((s) => s.topics.some((t) => topics.includes(t)));
    const facets = {};
    for (const s of matching) for (const t of s.topics) facets[t] = (facets[t] || 0) + 1;
    const opening = (s) => {
      const i = s.text.indexOf('\n\n');
      const flat = (i < 0 ? s.text : s.text.slice(i + 2)).replaceAll('\n\n', ' ').replaceAll('\n', ' ');
      let cut = Array.from(flat).slice(0, 180).join('');
      if (cut.length < flat.length) {
        const space = cut.lastIndexOf(' ');
        if (space >= 0) cut = cut.slice(0, space);
        cut += '…';
      }
      return cut;
    };
    return {
      query: '', total: matching.length,
      hits: matching.slice(0, limit).map((s) => this.hit(s, 0, escapeHtml(opening(s)))),
      suggestion: null, expanded: [], facets: sortKeys(facets), related: [], unmatched: [], typing: false, calls: false, contacts: false,
    };
  }

  hit(s, score, snippet, words = []) {
    return { id: s.id, doc: s.doc, title: s.title, heading: s.heading, topics: s.topics, score, snippet, text: s.text, grade: s.grade, words };
  }

  searchOnce(query, opts) {
    const c = this.c;
    const parsed = parseQuery(query);
    const isStop = (w) => this.stop.has(w);
    const weighted = [];
    const expanded = [];
    const corrected = new Map();
    // Words no section has in any form and nothing explains (query.rs `unmatched`).
    const unmatched = [];
    // A phone number is answered by the contacts (query.rs `expand`).
    const phone = hasPhoneNumber(parsed.sequence.join(' '));
    const dialled = (w) => phone && /^[0-9]+$/.test(w);
    // A filler being typed that starts longer words is an unfinished word (query.rs `expand`).
    const lastWord = parsed.words[parsed.words.length - 1];
    // Not a word for the person asked about (query.rs `PERSON_FILLERS`).
    const typingFillerWord = lastWord !== undefined && parsed.lastIsPrefix && isStop(lastWord)
      && !this.person.includes(lastWord)
      && chars(lastWord) >= 3 && this.completions(lastWord).length > 0 ? lastWord : null;
    const unfinished = (w) => w === typingFillerWord;
    const content = parsed.words.filter((w) => (!isStop(w) || unfinished(w)) && !dialled(w));
    const words = content.length ? content : parsed.words.filter((w) => !dialled(w) && chars(w) > 1);
    // A misspelt lay word is corrected among the synonym table's words where a phrase then
    // applies (query.rs `expand`).
    const last = parsed.words[parsed.words.length - 1];
    const spelled = parsed.sequence.slice();
    let layFixes = [];
    parsed.sequence.forEach((w, i) => {
      const fix = this.layFix(w, parsed.lastIsPrefix && w === last);
      if (fix) { spelled[i] = fix.word; layFixes.push([i, fix]); }
    });
    // A phrase typed twice ("sick, so sick") counts once.
    let applied = this.applySynonyms(spelled).filter((a, k, all) => all.findIndex((b) => b.from === a.from) === k);
    // A phrase of the table being typed reads as the whole phrase (query.rs `expand`).
    const phrase = this.phraseBeingTyped(parsed, spelled, applied);
    if (phrase) {
      const [k, key] = phrase, n = parsed.sequence.length;
      const read = this.applySynonyms([...spelled.slice(0, n - k), ...key]);
      if (read.some((a) => a.start === n - k && a.len === key.length)) {
        for (const a of read) a.len = Math.min(a.len, n - a.start);
        applied = read.filter((a, j, all) => all.findIndex((b) => b.from === a.from) === j);
        layFixes = layFixes.filter(([i]) => i < n - k);
        expanded.push({ kind: 'prefix', from: parsed.sequence.slice(n - k).join(' '), to: [key.join(' ')] });
      }
    }
    for (const [i, fix] of layFixes) {
      const typed = parsed.sequence[i];
      if (!corrected.has(typed) && applied.some((a) => i >= a.start && i < a.start + a.len)) {
        // A word being typed is completed, not corrected.
        if (fix.typo) corrected.set(typed, fix.word);
        expanded.push({ kind: fix.typo ? 'typo' : 'prefix', from: typed, to: [fix.word] });
      }
    }
    const groupOf = (w) => { const i = words.indexOf(w); return i < 0 ? words.length : i; };
    let groups = words.length;
    for (const a of applied) {
      expanded.push({ kind: 'synonym', from: a.from, to: a.to });
      let group = parsed.sequence.slice(a.start, a.start + a.len).map(groupOf).find((g) => g < words.length);
      if (group === undefined) { groups += 1; group = groups - 1; }
      const weight = a.person ? f32(c.synonym_weight * c.person_weight) : c.synonym_weight;
      for (const to of a.to) for (const w of rawTerms(to)) weighted.push({ word: w, weight, group });
    }
    const wordsOf = (a) => parsed.sequence.slice(a.start, a.start + a.len);
    const covered = new Set(applied.flatMap(wordsOf));
    // Words of a lay phrase of several words ("feel like"): the phrase speaks for them.
    const inPhrase = new Set(applied.filter((a) => a.len > 1).flatMap(wordsOf));
    words.forEach((w, group) => {
      // A corpus word, or another form of one ("therapies" where the corpus says "therapy").
      // A filler being typed counts by its completions only.
      const typingFiller = unfinished(w);
      const known = !typingFiller && (this.inVocab(w) || this.stemInCorpus(w));
      const own = typingFiller || (covered.has(w) && !known) ? 0 : inPhrase.has(w) ? c.phrase_key_word_weight : 1;
      if (own > 0) weighted.push({ word: w, weight: own, group });
      const isLast = parsed.lastIsPrefix && w === last;
      // A word of a crisis or a call means what it says (query.rs `expand`).
      const asked = this.asTyped(w);
      const completions = isLast && !asked && chars(w) >= 3 ? this.completions(w) : [];
      // One that starts a word of the synonym table is being typed too (query.rs `expand`).
      const typingLay = isLast && chars(w) >= 3 && this.synWords.some((x) => x.length > w.length && x.startsWith(w));
      if (asked && !known && !covered.has(w)) {
        if (!unmatched.includes(w)) unmatched.push(w);
      } else if (!isStop(w) && !known && !covered.has(w) && !completions.length && !typingLay) {
        // A word being typed that no word starts with may be a misspelt start (query.rs).
        let fixes = this.corrections(w);
        if (!fixes.length && isLast) fixes = this.fuzzyCompletions(w);
        if (fixes.length) {
          corrected.set(w, fixes[0][0]);
          expanded.push({ kind: 'typo', from: w, to: fixes.map((f) => f[0]) });
        } else if (!unmatched.includes(w)) unmatched.push(w);
        for (const [fix, d] of fixes) weighted.push({ word: fix, weight: f32(c.typo_weight / d), group });
      }
      if (completions.length) {
        // A word of the table typed whole ("subs") is finished, as a corpus word is.
        const whole = known || covered.has(w);
        const weight = whole ? f32(c.prefix_weight * c.known_prefix_factor) : c.prefix_weight;
        if (!whole && !typingFiller) expanded.push({ kind: 'prefix', from: w, to: completions });
        for (const x of completions) weighted.push({ word: x, weight, group });
      }
    });

    const stems = new Map(); // "lang\tstem" → weight
    const highlightRaw = new Set();
    const sections = Math.max(this.N, 1);
    // Per part of the query: its words, and their stems per language ("lang\tstem"); a stem
    // counts only in a section of its language (query.rs `GroupTerms`).
    const groupTerms = Array.from({ length: groups }, () => ({ words: new Set(), stems: new Set() }));
    const found = (g, terms, lang) => [...g.words].some((t) => terms.has(t))
      || [...g.stems].some((k) => k.startsWith(`${lang}\t`) && terms.has(k.slice(lang.length + 1)));
    const groupInfo = new Array(groups).fill(0);
    const commonStems = new Set();
    for (const wt of weighted) {
      if (wt.weight <= 0) continue;
      highlightRaw.add(wt.word);
      const share = f32(this.docFreq(wt.word) / sections);
      if (wt.group < groups) groupInfo[wt.group] = Math.max(groupInfo[wt.group], Math.max(f32(1 - share), c.min_information));
      const common = share > c.common_share;
      const damping = common ? c.common_damping : 1;
      if (wt.group < groups) groupTerms[wt.group].words.add(wt.word);
      for (const lang of this.languages) {
        const stem = this.stem(lang, wt.word);
        if (wt.group < groups) groupTerms[wt.group].stems.add(`${lang}\t${stem}`);
        const key = `${lang}\t${stem}`;
        if (common) commonStems.add(key);
        stems.set(key, Math.max(stems.get(key) || 0, f32(wt.weight * damping)));
      }
    }
    // Term clauses: [lang, field, stem, boost].
    const clauses = [];
    for (const [key, weight] of stems) {
      const [lang, stem] = key.split('\t');
      const headingBoost = commonStems.has(key) ? c.body_boost : c.heading_boost;
      clauses.push([lang, 'heading', stem, f32(headingBoost * weight)]);
      clauses.push([lang, 'title', stem, f32(c.title_boost * weight)]);
      clauses.push([lang, 'body', stem, f32(c.body_boost * weight)]);
    }
    const pairs = [];
    const fixed = (w) => corrected.get(w) || w;
    for (let i = 0; i + 1 < words.length; i++) pairs.push([[fixed(words[i]), fixed(words[i + 1])], c.pair_weight]);
    for (const a of applied) {
      for (const to of a.to) {
        const ws = rawTerms(to);
        if (ws.length > 1) pairs.push([ws, f32(c.pair_weight * c.synonym_weight)]);
      }
    }
    const pairStems = [];
    for (const [ws, weight] of pairs) {
      for (const lang of this.languages) {
        const terms = ws.map((w) => this.stem(lang, w));
        if (terms.length >= 2) pairStems.push([lang, terms, weight]);
      }
    }
    const phraseClauses = []; // [lang, field, terms, boost]
    for (const phrase of parsed.phrases) {
      for (const lang of this.languages) {
        const terms = phrase.map((w) => this.stem(lang, w));
        if (terms.length > 1) for (const field of ['heading', 'body']) phraseClauses.push([lang, field, terms, c.phrase_boost]);
        for (const t of terms) clauses.push([lang, 'body', t, c.phrase_word_weight]);
      }
      for (const w of phrase) if (!isStop(w)) highlightRaw.add(w);
    }
    const suggestion = corrected.size ? parsed.words.map((w) => corrected.get(w) || w).join(' ') : null;
    const result = { query, total: 0, hits: [], suggestion, expanded, facets: {}, related: [], unmatched, typing: false };
    if (!clauses.length && !phraseClauses.length) return result;

    // BM25 over every section.
    const scored = [];
    const facets = {};
    const topicAvg = this.fieldAvg.topics;
    for (const s of this.sections) {
      let score = 0;
      let matched = false;
      for (const [lang, field, stem, boost] of clauses) {
        if (lang !== s.lang) continue;
        const tf = s.tf[field].get(stem);
        if (!tf) continue;
        const n = this.fieldDf[`${lang}:${field}`].get(stem) || 0;
        score = f32(score + f32(boost * this.bm25(this.idf(n), tf, s.norms[field], this.fieldAvg[lang][field])));
        matched = true;
      }
      for (const [lang, field, terms, boost] of phraseClauses) {
        if (lang !== s.lang) continue;
        const pos = s.pos[field];
        let count = 0;
        for (let i = 0; i + terms.length <= pos.length; i++) if (terms.every((t, k) => pos[i + k] === t)) count++;
        if (!count) continue;
        const dfs = this.fieldDf[`${lang}:${field}`];
        const idf = terms.reduce((sum, t) => f32(sum + this.idf(dfs.get(t) || 0)), 0);
        score = f32(score + f32(boost * this.bm25(idf, count, s.norms[field], this.fieldAvg[lang][field])));
        matched = true;
      }
      if (!matched) continue;
      if (opts.topics.length) {
        const mine = s.topics.filter((t) => opts.topics.includes(t));
        if (!mine.length) continue;
        for (const t of mine) score = f32(score + this.bm25(this.idf(this.topicDf.get(t)), 1, s.norms.topics, topicAvg));
      }
      for (const t of s.topics) facets[t] = (facets[t] || 0) + 1;
      scored.push([score, s]);
    }
    result.total = scored.length;
    result.facets = sortKeys(facets);
    const limit = Math.max(opts.limit, 1);
    const candidates = Math.max(limit * c.rerank_per_hit, c.rerank_depth);
    scored.sort((a, b) => b[0] - a[0] || a[1].ord - b[1].ord);
    const top = scored.slice(0, candidates);
    let totalInfo = 0;
    groupTerms.forEach((g, i) => { if (g.words.size) totalInfo = f32(totalInfo + groupInfo[i]); });
    totalInfo = Math.max(totalInfo, 1e-6);
    const ranked = top.map(([score, s]) => {
      let cov = 0;
      groupTerms.forEach((g, i) => { if (g.words.size && found(g, s.present, s.lang)) cov = f32(cov + groupInfo[i]); });
      const coverage = f32(cov / totalInfo);
      // Heading coverage counts when the heading names two or more parts of the query.
      let inHeading = 0, named = 0;
      groupTerms.forEach((g, i) => {
        if (g.words.size && found(g, s.headingTerms, s.lang)) { inHeading = f32(inHeading + groupInfo[i]); named++; }
      });
      // Or when the query says the whole heading.
      const headingCoverage = saysHeading(parsed.sequence, s.headingWords, c.pair_slop)
        ? 1 : named >= 2 ? f32(inHeading / totalInfo) : 0;
      const prox = proximity(s.stem, pairStems.filter((p) => p[0] === s.lang), c.pair_slop);
      const base = f32(f32(score * f32(c.coverage_floor + f32(f32(1 - c.coverage_floor) * coverage * coverage))) * f32(1 + c.pair_gain * prox));
      return [f32(base * f32(1 + c.heading_gain * headingCoverage)), s];
    });
    ranked.sort((a, b) => b[0] - a[0] || a[1].ord - b[1].ord);
    for (const [score, s] of ranked.slice(0, limit)) {
      const stemSet = new Set(), common = new Set();
      for (const key of stems.keys()) {
        const [lang, st] = key.split('\t');
        if (lang === s.lang && !isStop(st)) stemSet.add(st);
      }
      for (const key of commonStems) if (key.startsWith(`${s.lang}\t`)) common.add(key.slice(s.lang.length + 1));
      const wanted = (r, i) => !isStop(r.term) && (highlightRaw.has(r.term) || stemSet.has(s.stem[i]));
      // The words the section's page marks when opened from the results (snippet.rs).
      const words = [...new Set(s.raw.filter(wanted).map((r) => r.term))];
      result.hits.push(this.hit(s, score, snippet(s, wanted, common), words));
    }
    return result;
  }
}

function sortKeys(o) {
  const out = {};
  for (const k of Object.keys(o).sort()) out[k] = o[k];
  return out;
}

/// Share (by weight) of the query's word pairs that stand in order, at most `slop` words apart.
/// ranking.rs `says_heading`.
function saysHeading(query, heading, slop) {
  return heading.length > 1 && query.some((w, start) => {
    let at = start;
    return w === heading[0] && heading.slice(1).every((want) => {
      const k = query.slice(at + 1, at + 2 + slop).indexOf(want);
      at += k + 1;
      return k >= 0;
    });
  });
}

function proximity(tokens, pairs, slop) {
  let found = 0, total = 0;
  for (const [, terms, weight] of pairs) {
    total = f32(total + weight);
    let near = false;
    for (let i = 0; i < tokens.length && !near; i++) {
      if (tokens[i] !== terms[0]) continue;
      near = terms.slice(1).every((want, k) => {
        const from = i + k + 1;
        if (from > tokens.length) return false;
        return tokens.slice(from, Math.min(from + 1 + slop, tokens.length)).includes(want);
      });
    }
    if (near) found = f32(found + weight);
  }
  return total > 0 ? f32(found / total) : 0;
}

/// The best passage of a section with every matched word marked, as escaped HTML.
function snippet(s, wanted, common) {
  const WINDOW = 30;
  const text = s.text;
  // The passage starts after the heading, which the result shows above it (snippet.rs).
  let body = 0;
  if (s.heading && text.startsWith(s.heading)) {
    body = s.heading.length;
    while (text[body] === '\n') body++;
    if (body >= text.length) body = 0;
  }
  // To the end of the section's own text, as it was ranked on it (a parent's subsections are
  // their own hits); the whole text when that holds no word.
  const within = (end) => {
    const m = [];
    s.raw.forEach((r, i) => { if (r.start >= body && r.end <= end) m.push([r.start, r.end, wanted(r, i) ? s.stem[i] : null]); });
    return m;
  };
  let passageEnd = s.own[1] > s.own[0] ? Math.min(s.own[1], text.length) : text.length;
  let matched = within(passageEnd);
  if (!matched.length) matched = within(passageEnd = text.length);
  if (!matched.length) return escapeHtml(Array.from(text.slice(body)).slice(0, 200).join(''));
  // Most distinct terms that are not common, then most distinct terms, then most matches.
  let best = [0, 0, 0];
  for (let start = 0; start < matched.length; start++) {
    if (start > 0 && matched[start - 1][2] === null && matched[start][2] === null && best[2] > 0) continue;
    const end = Math.min(start + WINDOW, matched.length);
    const window = matched.slice(start, end);
    const distinct = new Set(window.filter((m) => m[2] !== null).map((m) => m[2]));
    const telling = [...distinct].filter((t) => !common.has(t)).length;
    const count = window.filter((m) => m[2] !== null).length;
    // A window holds at most 30 matches: one number orders (telling, distinct, count).
    const score = (telling * 100 + distinct.size) * 100 + count;
    if (score > best[1]) best = [start, score, distinct.size];
    if (end === matched.length) break;
  }
  const windowEnd = Math.min(best[0] + WINDOW, matched.length);
  let first = -1, last = -1;
  for (let i = best[0]; i < windowEnd; i++) if (matched[i][2] !== null) { if (first < 0) first = i; last = i; }
  const startTok = first < 0 ? 0 : Math.max(first - 6, 0);
  const endTok = Math.min(Math.max(startTok + WINDOW, last < 0 ? 0 : last + 3), matched.length);
  const from = startTok === 0 ? body : matched[startTok][0];
  const to = endTok === matched.length ? passageEnd : matched[endTok - 1][1];
  let out = from > body ? '…' : '';
  let pos = from;
  for (const [a, b, m] of matched.slice(startTok, endTok)) {
    if (m === null) continue;
    if (a > pos) out += escapeHtml(flatten(text.slice(pos, a)));
    out += `<mark>${escapeHtml(text.slice(a, b))}</mark>`;
    pos = b;
  }
  if (to > pos) out += escapeHtml(flatten(text.slice(pos, to)));
  if (to < text.length) out += '…';
  return out;
}

/// Splits a query into words and quoted phrases. Never fails.
export function parseQuery(text) {
  // Unicode's compatibility composed form, without the invisible characters that split a word
  // (analysis.rs `normal_form`).
  const chars = Array.from(String(text).normalize('NFKC').replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, ''));
  // eslint-disable-next-line no-control-regex
  let clean = chars.slice(0, 1000).join('').replace(/\p{Cc}/gu, ' ');
  // A query cut at its limit loses the word the cut fell in, not a piece of it kept as a word.
  if (chars.length > 1000) {
    const end = clean.search(/\s\S*$/);
    clean = `${end >= 0 ? clean.slice(0, end) : ''} `;
  }
  const parsed = { words: [], sequence: [], phrases: [], lastIsPrefix: false };
  const parts = clean.split('"');
  const closed = parts.length % 2 === 1;
  parts.forEach((part, i) => {
    const quoted = i % 2 === 1 && (closed || i + 1 < parts.length);
    const words = rawTerms(part);
    if (quoted && words.length > 1) parsed.phrases.push(words.slice(0, 32));
    else for (const w of words) {
      // `sequence` keeps repeats, for the synonym table's phrases ("how much is too much"),
      // over more words than are searched (query.rs `MAX_SEQUENCE`).
      if (parsed.sequence.length < 128) parsed.sequence.push(w);
      if (parsed.words.length < 32 && !parsed.words.includes(w)) parsed.words.push(w);
    }
  });
  const tail = clean.replace(/[^\p{Alphabetic}\p{Nd}\p{Nl}\p{No}"]+$/u, '');
  const lastPart = rawTerms(parts[parts.length - 1]);
  parsed.lastIsPrefix = parsed.words.length > 0 && tail.length === clean.length && !clean.endsWith('"')
    && lastPart.length > 0 && lastPart[lastPart.length - 1] === parsed.words[parsed.words.length - 1];
  return parsed;
}

/// Loads the data beside this module (or from `url`) and returns an engine.
export async function open(url) {
  const where = url || new URL('./search-data.json', import.meta.url);
  if (typeof window === 'undefined' && typeof process !== 'undefined' && String(where).startsWith('file:')) {
    const fs = await import('node:fs');
    return new Engine(JSON.parse(fs.readFileSync(new URL(where), 'utf8')));
  }
  const r = await fetch(where);
  if (!r.ok) throw new Error(`cannot load the search data (${r.status})`);
  return new Engine(await r.json());
}

const USAGE = 'usage: node search.mjs [--topic T]... [--limit N] QUERY...\n'
  + 'Searches this offline copy as `outreach search --json` does and prints the JSON answer.\n';

async function cli(args) {
  const topics = [];
  let limit = 5; // as `outreach search`
  const words = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--help' || args[i] === '-h') return null;
    if (args[i] === '--') {
      words.push(...args.slice(i + 1));
      break;
    }
    if (args[i] === '--topic' || args[i] === '-t') topics.push(args[++i]);
    else if (args[i] === '--limit' || args[i] === '-n') limit = Number(args[++i]);
    else words.push(args[i]);
  }
  if (!words.join('').trim() && !topics.length) throw new Error(`nothing to search for\n${USAGE}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new Error('--limit must be a whole number from 1 to 1000');
  const engine = await open();
  const known = new Set(engine.sections.flatMap((s) => s.topics));
  for (const t of topics) {
    if (!known.has(t)) throw new Error(`unknown topic \`${t}\`; topics are: ${[...known].sort().join(', ')}`);
  }
  return engine.search(words.join(' '), { limit, topics });
}

if (typeof process !== 'undefined' && process.argv && process.argv[1]
  && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1]).href) {
  try {
    const answer = await cli(process.argv.slice(2));
    process.stdout.write(answer === null ? USAGE : `${JSON.stringify(answer, null, 2)}\n`);
  } catch (e) {
    process.stderr.write(`error: ${e.message}\n`);
    process.exitCode = 1;
  }
}
