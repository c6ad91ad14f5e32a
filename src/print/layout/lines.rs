//! Where a line is broken: styled text → lines of positioned runs no wider than the measure.
//!
//! Ragged-right text is broken optimal-fit (via `textwrap`) over real glyph widths with
//! kerning; justified text by a whole-paragraph search of its own that knows how far word
//! spaces may open and close ([`MAX_STRETCH`], [`MAX_SHRINK`]) and letters be tracked
//! ([`MAX_TRACK`]). Words break at TeX
//! hyphenation patterns (`hypher`) and after a compound's own hyphen; words wider than the
//! measure break inside it rather than run off the page.

use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::{Penalties, wrap_optimal_fit};

use super::{Ink, Run};
use crate::corpus::markdown::Span;
use crate::print::fonts::{FontStyle, fonts};

/// One unbreakable piece of a line: a word, or part of a hyphenated word.
#[derive(Clone, Debug)]
pub(super) struct Atom {
    /// Styled pieces (a word can change style mid-way, e.g. a bold word and its comma).
    pieces: Vec<(String, FontStyle, Option<String>)>,
    width: f64,
    space: f64,
    /// Hyphen width when a line may end here inside a word (0 at word ends).
    hyphen: f64,
    /// A piece of a name (a capitalized word inside a sentence): breaking it costs more.
    name: bool,
}

impl Atom {
    /// How many characters the atom sets (its hyphen aside).
    fn letters(&self) -> usize {
        self.pieces.iter().map(|(text, ..)| text.chars().count()).sum()
    }
}

impl Fragment for Atom {
    fn width(&self) -> f64 {
        self.width
    }
    fn whitespace_width(&self) -> f64 {
        self.space
    }
    fn penalty_width(&self) -> f64 {
        self.hyphen
    }
}

/// Words shorter than this many letters are never hyphenated in ragged-right text, where a
/// hyphen only evens the rag.
pub(super) const HYPHENATE_RAGGED: usize = 8;
/// In justified text, where a hyphen saves a line from opening its spaces too wide.
pub(super) const HYPHENATE_JUSTIFIED: usize = 6;

/// Splits styled spans into atoms at spaces, hyphenating words of `min_letters` or more.
pub(super) fn atoms(
    spans: &[Span],
    size: f32,
    base: FontStyle,
    language: &str,
    min_letters: usize,
) -> Vec<Atom> {
    let f = fonts();
    let mut out: Vec<Atom> = Vec::new();
    let mut current: Vec<(String, FontStyle, Option<String>)> = Vec::new();
    let flush = |current: &mut Vec<(String, FontStyle, Option<String>)>, out: &mut Vec<Atom>| {
        if current.is_empty() {
            return;
        }
        let pieces = std::mem::take(current);
        let last_style = pieces.last().map(|p| p.1).unwrap_or(base);
        let space = f.width(last_style, " ", size) as f64;
        if pieces.len() == 1 {
            let (text, style, link) = &pieces[0];
            // Break points: after a compound's own hyphen ("self-|destructive"), or else between
            // syllables, where the line gets a hyphen added. A compound is not hyphenated
            // inside its parts, as TeX does not: "anti-anxi-/ety" reads as two hyphens.
            let mut parts: Vec<(String, bool)> = Vec::new();
            let compounds = compound_parts(text);
            // A capital inside a sentence begins a name ("European Addiction Research", "Mental
            // Health Services Administration"), which a typesetter breaks only where the line
            // would otherwise be left short; a capitalized word that opens a sentence is a word.
            let name = text.chars().find(|c| c.is_alphabetic()).is_some_and(char::is_uppercase)
                && !out.last().is_none_or(ends_sentence);
            let whole_parts = compounds.len() > 1;
            for compound in compounds {
                let syllables =
                    if whole_parts { vec![compound] } else { hyphenate(&compound, language, min_letters) };
                let n = syllables.len();
                parts.extend(syllables.into_iter().enumerate().map(|(i, p)| (p, i + 1 < n)));
            }
            if parts.len() > 1 {
                // Each piece's width includes its kerning with the next piece, as the whole
                // word is set; a line ending at a piece sets the added hyphen instead, kerned
                // with the piece's last letter.
                let kern = |a: char, b: char| f.kern(*style, a, b, size) as f64;
                let n = parts.len();
                let firsts: Vec<Option<char>> = parts.iter().map(|(p, _)| p.chars().next()).collect();
                for (i, (p, adds_hyphen)) in parts.into_iter().enumerate() {
                    let last = i + 1 == n;
                    let end = p.chars().next_back();
                    let on = match (end, firsts.get(i + 1).copied().flatten()) {
                        (Some(a), Some(b)) => kern(a, b),
                        _ => 0.0,
                    };
                    let hyphen = match end {
                        Some(a) if adds_hyphen => f.width(*style, "-", size) as f64 + kern(a, '-') - on,
                        _ => 0.0,
                    };
                    out.push(Atom {
                        width: f.width(*style, &p, size) as f64 + on,
                        pieces: vec![(p, *style, link.clone())],
                        space: if last { space } else { 0.0 },
                        hyphen,
                        name,
                    });
                }
                return;
            }
        }
        let width = pieces.iter().map(|(t, s, _)| f.width(*s, t, size) as f64).sum();
        out.push(Atom { pieces, width, space, hyphen: 0.0, name: false });
    };
    for span in spans {
        let style = FontStyle::from_flags(
            span.style.bold || base == FontStyle::Bold,
            span.style.italic || base == FontStyle::Italic,
        );
        let glued = unbreakable_spaces(&span.text);
        let mut rest: &str = &glued;
        while !rest.is_empty() {
            if let Some(stripped) = rest.strip_prefix(' ') {
                flush(&mut current, &mut out);
                rest = stripped;
                continue;
            }
            let end = rest.find(' ').unwrap_or(rest.len());
            let word = &rest[..end];
            match current.last_mut() {
                Some(last) if last.1 == style && last.2 == span.style.link => last.0.push_str(word),
                _ => current.push((word.to_string(), style, span.style.link.clone())),
            }
            rest = &rest[end..];
        }
    }
    flush(&mut current, &mut out);
    out
}

/// A compound word cut after each of its own hyphens that has three letters or more on both
/// sides ("self-destructive" → "self-", "destructive"); any other word whole.
pub(super) fn compound_parts(word: &str) -> Vec<String> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    // An address is no compound ("stbartholomew-fitzwilliam-behavioralhealth.example.org"):
    // it breaks where [`split_wide`] cuts it, only when it is wider than the line.
    let dot_inside =
        chars.windows(3).any(|w| w[1].1 == '.' && w[0].1.is_alphanumeric() && w[2].1.is_alphanumeric());
    if dot_inside || word.contains(['/', '@']) {
        return vec![word.to_string()];
    }
    let letters = |range: &[(usize, char)]| range.iter().all(|(_, c)| c.is_alphabetic());
    let mut parts = Vec::new();
    let mut last = 0;
    for (k, &(at, c)) in chars.iter().enumerate() {
        if c == '-'
            && k >= 3
            && k + 4 <= chars.len()
            && letters(&chars[k - 3..k])
            && letters(&chars[k + 1..k + 4])
        {
            parts.push(word[last..at + 1].to_string());
            last = at + 1;
        }
    }
    parts.push(word[last..].to_string());
    parts
}

/// Whether `atom` ends a sentence (or the lead-in of a list): the word after it may be
/// capitalized without being a name.
fn ends_sentence(atom: &Atom) -> bool {
    atom.pieces.last().is_some_and(|(text, ..)| {
        text.trim_end_matches(['"', '\u{201d}', '\u{2019}', '\'', ')']).ends_with(['.', '!', '?', ':'])
    })
}

/// The language code (ISO 639-2 "no linguistic content") that sets text without hyphenating
/// its words.
pub(super) const WHOLE_WORDS: &str = "zxx";

/// Hyphenation points of a word: the parts between them. Only plain words of `min_letters`
/// or more are split, never within 3 letters of either end, never words with digits or
/// capitals inside; a capitalized word only at the justified length
/// ([`HYPHENATE_JUSTIFIED`]).
pub(super) fn hyphenate(word: &str, language: &str, min_letters: usize) -> Vec<String> {
    if language == WHOLE_WORDS {
        return vec![word.to_string()];
    }
    let core_start = word.find(|c: char| c.is_alphabetic()).unwrap_or(word.len());
    let core_end = word
        .rfind(|c: char| c.is_alphabetic())
        .map(|i| i + word[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    if core_end <= core_start {
        return vec![word.to_string()];
    }
    let core = &word[core_start..core_end];
    // A capital may begin the word ("Therapy", "Addiction") where justifying, as TeX allows:
    // a line left short costs the reader more than a hyphen in a name. Not in ragged text,
    // and never an acronym or a word with a capital inside.
    let capital = core.chars().next().is_some_and(char::is_uppercase);
    let plain = core.chars().skip(usize::from(capital)).all(|c| c.is_alphabetic() && c.is_lowercase())
        && (!capital || min_letters <= HYPHENATE_JUSTIFIED);
    if core.chars().count() < min_letters || !plain {
        return vec![word.to_string()];
    }
    // The patterns are lowercase; the offsets found in the lowered word hold in the word.
    let lower =
        if capital { std::borrow::Cow::Owned(core.to_lowercase()) } else { std::borrow::Cow::Borrowed(core) };
    if lower.len() != core.len() {
        return vec![word.to_string()];
    }
    let lang = match language {
        "es" => hypher::Lang::Spanish,
        _ => hypher::Lang::English,
    };
    // Syllables of the core, never within 3 letters of either end: the break offsets. A word
    // met again in a `remembering` scope (another size, another paragraph) is not looked up
    // in the patterns again.
    let syllables = || hypher::hyphenate_bounded(&lower, lang, 3, 3).map(str::len).collect::<Vec<_>>();
    let lengths = SYLLABLES.with(|m| match m.borrow_mut().as_mut() {
        Some(m) => m
            .entry((lower.to_string(), matches!(lang, hypher::Lang::Spanish)))
            .or_insert_with(syllables)
            .clone(),
        None => syllables(),
    });
    let mut at = core_start;
    let breaks: Vec<usize> = lengths
        .into_iter()
        .map(|length| {
            at += length;
            at
        })
        .filter(|&b| b < core_end)
        .collect();
    let mut parts = Vec::new();
    let mut last = 0;
    for b in breaks {
        parts.push(word[last..b].to_string());
        last = b;
    }
    parts.push(word[last..].to_string());
    parts
}

/// Cuts every atom wider than the measure (a long web address, an unbreakable word) into
/// pieces that fit, preferring the cuts the Chicago Manual gives for addresses: after `//`,
/// before a single `/` and before `.`, `-`, `_`, `?`, `#`, `%`, `~`, `&` or `=`, so the mark
/// that heads the next line says the address goes on (a hyphen ending a line would read as
/// one added to break it). No hyphen is added: in an address it would read as part of it.
pub(super) fn split_wide(atoms: Vec<Atom>, width: f32, size: f32) -> Vec<Atom> {
    if atoms.iter().all(|a| a.width + a.hyphen <= width as f64) {
        return atoms;
    }
    let f = fonts();
    let mut out = Vec::with_capacity(atoms.len() + 4);
    for atom in atoms {
        if atom.width + atom.hyphen <= width as f64 {
            out.push(atom);
            continue;
        }
        let chars: Vec<(char, FontStyle, Option<String>)> =
            atom.pieces.iter().flat_map(|(t, s, l)| t.chars().map(move |c| (c, *s, l.clone()))).collect();
        let piece = |from: usize, to: usize, last: bool| {
            let mut pieces: Vec<(String, FontStyle, Option<String>)> = Vec::new();
            for (c, s, l) in &chars[from..to] {
                match pieces.last_mut() {
                    Some(p) if p.1 == *s && p.2 == *l => p.0.push(*c),
                    _ => pieces.push((c.to_string(), *s, l.clone())),
                }
            }
            let w = pieces.iter().map(|(t, s, _)| f.width(*s, t, size) as f64).sum();
            Atom {
                pieces,
                width: w,
                space: if last { atom.space } else { 0.0 },
                hyphen: if last { atom.hyphen } else { 0.0 },
                name: atom.name,
            }
        };
        let mut start = 0;
        let mut line_width = 0.0f64;
        let mut good: Option<usize> = None;
        for (i, (c, s, _)) in chars.iter().enumerate() {
            let w = f.width(*s, &c.to_string(), size) as f64;
            if line_width + w > width as f64 && i > start {
                let cut = good.filter(|&g| g > start).unwrap_or(i);
                out.push(piece(start, cut, false));
                start = cut;
                line_width =
                    chars[start..i].iter().map(|(c, s, _)| f.width(*s, &c.to_string(), size) as f64).sum();
                good = None;
            }
            line_width += w;
            match c {
                '/' if i > 0 && chars[i - 1].0 == '/' => good = Some(i + 1),
                '/' if chars.get(i + 1).map(|n| n.0) == Some('/') => {}
                '/' | '.' | '-' | '_' | '?' | '#' | '%' | '~' | '&' | '=' => good = Some(i),
                _ => {}
            }
        }
        out.push(piece(start, chars.len(), true));
    }
    out
}

/// Most a justified word space may open, in ems.
pub(super) const MAX_STRETCH: f64 = 0.15;
/// Most a justified line may add between two letters, in ems, once its word spaces are open
/// to [`MAX_STRETCH`]: 2 %, as a typesetter's justification settings allow, so that a line
/// with few spaces reaches the measure rather than stop short of it.
pub(super) const MAX_TRACK: f64 = 0.02;
/// How near the measure (in ems) tracking must bring a line that cannot reach it for the
/// letters to be tracked at all.
const TRACK_NEAR: f64 = 0.25;
/// Most a justified word space may close, in ems: a fifth of the face's space (0.25 em), as
/// TeX lets a space shrink by a third of its width. A line that would otherwise stay ragged
/// can often take one more word instead.
pub(super) const MAX_SHRINK: f64 = 0.05;

/// Everything a paragraph's lines depend on.
#[derive(PartialEq)]
struct Setting {
    spans: Vec<Span>,
    size: f32,
    base: FontStyle,
    width: f32,
    justify: bool,
    language: String,
    ink: Ink,
}

/// Lines broken so far in a [`remembering`] scope, by a hash of their [`Setting`].
type Remembered = rustc_hash::FxHashMap<u64, Vec<(Setting, Vec<Vec<Run>>)>>;

/// Syllable lengths of the words hyphenated in a [`remembering`] scope, by word and whether
/// the patterns are Spanish.
type Syllables = rustc_hash::FxHashMap<(String, bool), Vec<usize>>;

thread_local! {
    static REMEMBERED: RefCell<Option<Remembered>> = const { RefCell::new(None) };
    static SYLLABLES: RefCell<Option<Syllables>> = const { RefCell::new(None) };
}

/// Runs `f` remembering the lines [`break_lines`] makes: a layout tries up to four settings of
/// the same text (tighter spacing, two columns), and text at the same width breaks the same
/// whatever the spacing, so each paragraph is broken once per width. Forgotten after `f`.
pub(super) fn remembering<T>(f: impl FnOnce() -> T) -> T {
    let outer = REMEMBERED.with(|r| {
        let mut r = r.borrow_mut();
        let outer = r.is_some();
        r.get_or_insert_with(Remembered::default);
        outer
    });
    if !outer {
        SYLLABLES.with(|m| *m.borrow_mut() = Some(Default::default()));
    }
    let out = f();
    if !outer {
        REMEMBERED.with(|r| *r.borrow_mut() = None);
        SYLLABLES.with(|m| *m.borrow_mut() = None);
    }
    out
}

/// Lines of a title or heading, balanced: as many as at `width`, but the narrowest measure
/// that keeps that many, so the lines come out about as long as each other ("Kratom: one-hour
/// / volunteer briefing", not "Kratom: one-hour volunteer / briefing"). A narrower measure
/// that ends more lines on a hyphen than `width` does (an added one, or the hyphen of
/// "half-day") is not taken.
pub(super) fn break_balanced(
    spans: &[Span],
    size: f32,
    base: FontStyle,
    width: f32,
    language: &str,
    ink: Ink,
) -> Vec<Vec<Run>> {
    let mut lines = break_lines(spans, size, base, width, false, language, ink);
    if lines.len() < 2 {
        return lines;
    }
    // A title or heading is not hyphenated where its words whole take a line more at most, as
    // typographers set headings ("Señales de alerta de la adic- / ción" was set in large
    // print).
    let mut language = language;
    if lines.iter().flatten().any(|r| r.hyphen) {
        let whole_words = break_lines(spans, size, base, width, false, WHOLE_WORDS, ink);
        if whole_words.len() <= lines.len() + 1 {
            (lines, language) = (whole_words, WHOLE_WORDS);
        }
    }
    // A title naming several things ("Warning signs of addiction · Treatment options") breaks
    // between the names, not inside one, when that takes no more lines.
    if spans.iter().any(|s| s.text.contains(" · ")) {
        let whole: Vec<Span> = spans
            .iter()
            .map(|s| Span {
                text: s
                    .text
                    .split(" · ")
                    .map(|name| name.replace(' ', "\u{a0}"))
                    .collect::<Vec<_>>()
                    .join(" · "),
                ..s.clone()
            })
            .collect();
        let tried = break_lines(&whole, size, base, width, false, language, ink);
        let at_names = |lines: &[Vec<Run>]| {
            let n = lines.len();
            lines[..n - 1].iter().all(|l| l.last().is_some_and(|r| r.text.trim_end().ends_with('·')))
        };
        if tried.len() == lines.len() && at_names(&tried) {
            return balanced(&whole, tried, size, base, width, language, ink, &at_names);
        }
    }
    balanced(spans, lines, size, base, width, language, ink, &|_| true)
}

/// The narrowest measure that sets `spans` in as many lines as `lines` (their setting at
/// `width`), with no more ending on a hyphen, and whose lines `keep` accepts.
#[allow(clippy::too_many_arguments)]
fn balanced(
    spans: &[Span],
    lines: Vec<Vec<Run>>,
    size: f32,
    base: FontStyle,
    width: f32,
    language: &str,
    ink: Ink,
    keep: &dyn Fn(&[Vec<Run>]) -> bool,
) -> Vec<Vec<Run>> {
    let hyphens = |lines: &[Vec<Run>]| {
        lines.iter().filter(|l| l.last().is_some_and(|r| r.hyphen || r.text.ends_with('-'))).count()
    };
    let (count, hyphenated) = (lines.len(), hyphens(&lines));
    // Every line of a balanced setting is at least this long, so the narrowest is above it.
    let (mut narrow, mut wide) = (width / count as f32, width);
    let mut best = lines;
    // Halving the range eight times finds the measure to within half a percent of `width`.
    for _ in 0..8 {
        let mid = (narrow + wide) / 2.0;
        let tried = break_lines(spans, size, base, mid, false, language, ink);
        if tried.len() == count && hyphens(&tried) <= hyphenated && keep(&tried) {
            wide = mid;
            best = tried;
        } else {
            narrow = mid;
        }
    }
    best
}

/// `text` with a no-break space wherever a line must not break: before a dash, a `·`
/// separator or a name's suffix ("King Jr."), none of which may start a line, around numbers
/// and after a title ([`tie_words`]). Borrowed when there is nothing to tie.
fn unbreakable_spaces(text: &str) -> std::borrow::Cow<'_, str> {
    const NEVER_FIRST: [&str; 9] = [" —", " –", " ·", " Jr.", " Sr.", " Jr,", " Sr,", " Jr ", " Sr "];
    if !NEVER_FIRST.iter().any(|s| text.contains(s))
        && !text.contains(|c: char| c.is_ascii_digit())
        && !text.contains(". ")
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let tied = NEVER_FIRST.iter().fold(text.to_string(), |t, s| t.replace(s, &s.replacen(' ', "\u{a0}", 1)));
    std::borrow::Cow::Owned(tie_words(&tied))
}

/// Titles that stay with the name after them ("Dr. Peña", "Dra. Muñoz", "Mrs. Lee").
const TITLES: [&str; 10] = ["Dr.", "Dra.", "Dres.", "Sr.", "Sra.", "Srta.", "Mr.", "Mrs.", "Ms.", "Prof."];

/// `text` with a no-break space after a number that a short word or a unit sign follows ("24
/// hours", "365 days", "9:00 to", the Spanish "30 %"): a reader should not meet the number and
/// its unit on two lines. A range of two numbers with a short word between ("9:00 to 17:00",
/// "de 9 a 17") is kept whole, and a title stays with the name after it ("Dr. Peña"). A number
/// is a word of digits and `: . , - / %`; a short word is letters (and a closing `,` `.` `;`
/// `:` `)`), six of them at most.
fn tie_words(text: &str) -> String {
    let number = |w: &str| {
        w.chars().any(|c| c.is_ascii_digit()) && w.chars().all(|c| c.is_ascii_digit() || ":.,-/%".contains(c))
    };
    let short = |w: &str| {
        let letters = w.trim_end_matches([',', '.', ';', ':', ')']);
        let sign = matches!(letters, "%" | "‰" | "°" | "°C" | "°F");
        sign || !letters.is_empty()
            && letters.chars().count() <= 6
            && letters.chars().all(char::is_alphabetic)
    };
    let title = |w: &str, next: &str| TITLES.contains(&w) && next.starts_with(char::is_uppercase);
    let words: Vec<&str> = text.split(' ').collect();
    let mut out = String::with_capacity(text.len());
    for (i, w) in words.iter().enumerate() {
        out.push_str(w);
        if let Some(next) = words.get(i + 1) {
            // The range's end may close a clause ("8:30 to 19:00; Friday …").
            let range =
                i > 0 && number(words[i - 1]) && short(w) && number(next.trim_end_matches([';', ')']));
            out.push(if (number(w) && short(next)) || range || title(w, next) { '\u{a0}' } else { ' ' });
        }
    }
    out
}

/// Breaks styled text into lines no wider than `width`; returns each line's runs with x
/// relative to the line start.
pub(super) fn break_lines(
    spans: &[Span],
    size: f32,
    base: FontStyle,
    width: f32,
    justify: bool,
    language: &str,
    ink: Ink,
) -> Vec<Vec<Run>> {
    if REMEMBERED.with(|r| r.borrow().is_none()) {
        return break_now(spans, size, base, width, justify, language, ink);
    }
    let mut hasher = rustc_hash::FxHasher::default();
    for span in spans {
        span.text.hash(&mut hasher);
        span.style.hash(&mut hasher);
    }
    (size.to_bits(), base, width.to_bits(), justify, language).hash(&mut hasher);
    let key = hasher.finish();
    let setting =
        Setting { spans: spans.to_vec(), size, base, width, justify, language: language.to_string(), ink };
    let known = REMEMBERED.with(|r| {
        r.borrow()
            .as_ref()
            .and_then(|m| m.get(&key)?.iter().find(|(s, _)| *s == setting).map(|(_, lines)| lines.clone()))
    });
    if let Some(lines) = known {
        return lines;
    }
    let lines = break_now(spans, size, base, width, justify, language, ink);
    REMEMBERED.with(|r| {
        if let Some(m) = r.borrow_mut().as_mut() {
            m.entry(key).or_default().push((setting, lines.clone()));
        }
    });
    lines
}

fn break_now(
    spans: &[Span],
    size: f32,
    base: FontStyle,
    width: f32,
    justify: bool,
    language: &str,
    ink: Ink,
) -> Vec<Vec<Run>> {
    // A line break written into the text (a clinic's opening hours, a day a line) ends a line
    // as a paragraph's end does: each part is broken on its own.
    if spans.iter().any(|s| s.text.contains('\n')) {
        return hard_lines(spans)
            .iter()
            .flat_map(|part| break_now(part, size, base, width, justify, language, ink))
            .collect();
    }
    let min_letters = if justify { HYPHENATE_JUSTIFIED } else { HYPHENATE_RAGGED };
    let atoms = split_wide(atoms(spans, size, base, language, min_letters), width, size);
    if atoms.is_empty() {
        return Vec::new();
    }
    within_measures(&[width], |cut| {
        let measure = width - cut;
        if justify {
            let ends = justified_breaks(&atoms, measure as f64, size as f64);
            let lengths =
                ends.iter().scan(0, |start, &end| Some(end - std::mem::replace(start, end))).collect();
            place(&atoms, lengths, size, measure, justify, ink)
        } else {
            break_ragged(&atoms, size, &[measure], ink)
        }
    })
}

/// The lines `set(cut)` breaks, `cut` points narrower than their measures (`measures[i]` for
/// line `i`, the last going on for the lines after). Breaking adds up the atoms' widths, which
/// carry the kerning between a word's pieces; a set line is measured whole. Where the two still
/// differ (a line ending at a compound's own hyphen loses the kerning its atom counted with the
/// next letter) and a line comes out a fraction of a point past its measure, the text is broken
/// again that much narrower.
fn within_measures(measures: &[f32], set: impl Fn(f32) -> Vec<Vec<Run>>) -> Vec<Vec<Run>> {
    let measure = |i: usize| measures[i.min(measures.len() - 1)];
    let mut cut = 0.0;
    let mut lines = Vec::new();
    for _ in 0..4 {
        lines = set(cut);
        let over = lines
            .iter()
            .enumerate()
            .filter_map(|(i, runs)| runs.last().map(|r| r.x + r.width - measure(i)))
            .fold(0.0, f32::max);
        if over <= 0.001 {
            break;
        }
        // Each retry takes off twice what the last one did, so a line that keeps its words
        // gets inside in a few steps.
        cut = 2.0 * cut + over + 0.01;
    }
    lines
}

/// `spans` cut at each line break (`\n`) written into their text: the spans of each line, in
/// order, the styles kept.
fn hard_lines(spans: &[Span]) -> Vec<Vec<Span>> {
    let mut parts = vec![Vec::new()];
    for span in spans {
        for (i, piece) in span.text.split('\n').enumerate() {
            if i > 0 {
                parts.push(Vec::new());
            }
            if let Some(part) = parts.last_mut().filter(|_| !piece.is_empty()) {
                part.push(Span { text: piece.to_string(), style: span.style.clone() });
            }
        }
    }
    parts
}

/// Ragged-right lines of a field set as on a card, its label first ("Hours: Monday to
/// Friday, …"): every line after the first starts `hang` in, under the text after the label,
/// whether a line break written into the text ("Saturday, …") or the measure ends the line
/// before it. A large-print reader had read a second day set at the margin as another field.
pub(super) fn break_hanging(
    spans: &[Span],
    size: f32,
    base: FontStyle,
    (width, hang): (f32, f32),
    language: &str,
    ink: Ink,
) -> Vec<Vec<Run>> {
    let mut out = Vec::new();
    for (i, part) in hard_lines(spans).iter().enumerate() {
        let atoms = split_wide(atoms(part, size, base, language, HYPHENATE_RAGGED), width - hang, size);
        let measures = [if i == 0 { width } else { width - hang }, width - hang];
        let mut lines =
            within_measures(&measures, |cut| break_ragged(&atoms, size, &measures.map(|m| m - cut), ink));
        for (k, line) in lines.iter_mut().enumerate() {
            if i > 0 || k > 0 {
                line.iter_mut().for_each(|r| r.x += hang);
            }
        }
        out.extend(lines);
    }
    out
}

/// Ragged-right lines of a paragraph that starts beside a figure (`(width, narrow, beside)`):
/// its first `beside` lines `narrow`, the rest `width` wide, so that a word too wide for the narrow lines (a long web
/// address beside a QR code) goes whole to a line below the figure rather than be cut to the
/// narrow measure ("…countyhe / alth.example.gov" had been set). Justified text, and text
/// whose first word alone is wider than the narrow measure, is set narrow throughout.
pub(super) fn break_beside(
    spans: &[Span],
    size: f32,
    base: FontStyle,
    (width, narrow, beside): (f32, f32, usize),
    justify: bool,
    language: &str,
    ink: Ink,
) -> Vec<Vec<Run>> {
    let all_narrow = || break_lines(spans, size, base, narrow, justify, language, ink);
    if beside == 0 || narrow >= width {
        return break_lines(spans, size, base, width, justify, language, ink);
    }
    if justify || spans.iter().any(|s| s.text.contains('\n')) {
        return all_narrow();
    }
    let atoms = split_wide(atoms(spans, size, base, language, HYPHENATE_RAGGED), width, size);
    let mut widths = vec![narrow; beside];
    widths.push(width);
    let lines = break_ragged(&atoms, size, &widths, ink);
    // Set lines are measured whole (kerning across a word's pieces): one a hair past its
    // measure, or a first word wider than the narrow lines, and the text goes narrow.
    let fits = lines
        .iter()
        .enumerate()
        .all(|(i, runs)| runs.last().is_none_or(|r| r.x + r.width <= widths[i.min(beside)] + 0.001));
    if fits { lines } else { all_narrow() }
}

/// Ragged-right lines by optimal fit, avoiding a last line of one word: line `i` is
/// `widths[i]` wide, the last width going on for the lines after.
fn break_ragged(atoms: &[Atom], size: f32, widths: &[f32], ink: Ink) -> Vec<Vec<Run>> {
    // Widths are scaled to about one unit per character so textwrap's penalties (tuned for
    // monospace columns) keep their intended balance.
    let unit = 0.5 * size as f64;
    let scaled: Vec<Atom> = atoms
        .iter()
        .map(|a| Atom { width: a.width / unit, space: a.space / unit, hyphen: a.hyphen / unit, ..a.clone() })
        .collect();
    let mut penalties = Penalties::new();
    penalties.hyphen_penalty = 150;
    // textwrap lets a line run past the measure when that costs less than the gaps it saves;
    // on paper a line past the measure runs into the margin or the next column, so it never
    // does (a word wider than the measure has already been cut by `split_wide`).
    penalties.overflow_penalty = 1 << 40;
    let wrap = |shrink: f32| {
        let widths: Vec<f64> = widths.iter().map(|w| (w * shrink) as f64 / unit).collect();
        wrap_optimal_fit(&scaled, &widths, &penalties).unwrap_or_else(|_| scaled.chunks(1).collect())
    };
    let mut lines = wrap(1.0);
    // Avoid a last line of one word: a narrower measure often brings a second word down
    // without adding a line. Down to three quarters of it: a short paragraph whose first line
    // already ends well short of the measure needs that much ("stop using / the substance").
    let lonely = |lines: &[&[Atom]]| lines.len() >= 2 && lines.last().is_some_and(|l| one_word(l));
    if lonely(&lines) {
        for shrink in [0.97, 0.94, 0.91, 0.88, 0.85, 0.82, 0.79, 0.76] {
            let retry = wrap(shrink);
            if retry.len() == lines.len() && !lonely(&retry) {
                lines = retry;
                break;
            }
        }
    }
    let width = widths.iter().copied().fold(0.0, f32::max);
    place(atoms, lines.iter().map(|l| l.len()).collect(), size, width, false, ink)
}

/// Whether `line` holds one word (or a piece of one): its atoms are syllables of a word that
/// may be hyphenated, so only a space between them parts two words. Words tied by a no-break
/// space ("24 hours", "9:00 to 17:00") are as many words as a reader sees.
fn one_word(line: &[Atom]) -> bool {
    let tied = |a: &Atom| a.pieces.iter().any(|(t, _, _)| t.contains('\u{a0}'));
    line.split_last().is_some_and(|(_, before)| before.iter().all(|a| a.space == 0.0))
        && !line.iter().any(tied)
}

/// How far short of the measure (beyond what its spaces may open) a justified line may be left
/// rather than end a paragraph on a piece of a word; see [`justified_breaks`].
const PIECE_EMS: f64 = 2.5;

/// What a line ending at `atom` pays for its hyphen: [`HYPHEN`]'s 3000 for a word's, far more
/// for a name's (dearer than a tracked line, cheaper than a line left short).
fn hyphen_cost(atom: &Atom) -> f64 {
    match (atom.hyphen > 0.0, atom.name) {
        (false, _) => 0.0,
        (true, false) => HYPHEN,
        (true, true) => HYPHEN + NAME_HYPHEN,
    }
}

/// What a justified line pays for ending on a hyphen.
const HYPHEN: f64 = 3000.0;
/// What it pays more when the line before it ended on one too (TeX's
/// `\doublehyphendemerits`): two hyphens in a row ("Sub- / stance … Admin- / istration") make a
/// ladder at the edge and two words to piece together. Dearer than a line whose spaces open to
/// their cap, cheaper than one whose letters must be tracked.
const DOUBLE_HYPHEN: f64 = 1e4;
/// What it pays more for splitting a name ([`hyphen_cost`]).
const NAME_HYPHEN: f64 = 1e5;

/// Where justified lines end (exclusive atom indices), chosen together as TeX does: each line
/// but the last costs its badness, how far its word spaces must open or close relative to what
/// they may ([`MAX_STRETCH`], [`MAX_SHRINK`]), cubed; a line that needs its letters tracked
/// as well ([`MAX_TRACK`]) costs more than any of those and than a hyphen; a line that would
/// need more stays ragged and costs a great deal, with the square of how short it is (so that
/// two lines a little short beat one far short, as TeX's squared demerits have it); a hyphen
/// costs a little, a last line of one
/// short word a little more, and a hyphen before the last line more again (TeX's
/// `\finalhyphendemerits`). A last line that is only the end of a word hyphenated on the line
/// before ("drawal.") costs as much as a line left up to [`PIECE_EMS`] ems short of the
/// measure: a paragraph ends on a whole word ("withdrawal.") unless that leaves a line a
/// gaping hole. The cheapest sum over the paragraph wins.
fn justified_breaks(atoms: &[Atom], width: f64, size: f64) -> Vec<usize> {
    const RAGGED: f64 = 1e6;
    const LONELY: f64 = 5e4;
    const FINAL_HYPHEN: f64 = 1e5;
    const TRACKED: f64 = 2e4;
    const PIECE: f64 = RAGGED * (1.0 + PIECE_EMS) * (1.0 + PIECE_EMS);
    let n = atoms.len();
    // Each atom's gaps between its own letters, counted once rather than for every line
    // that could hold it.
    let inner: Vec<usize> = atoms.iter().map(|a| a.letters().saturating_sub(1)).collect();
    // best[j]: (cost of the cheapest lines ending at atom j, where the last of them starts).
    let mut best: Vec<(f64, usize)> = vec![(f64::INFINITY, 0); n + 1];
    best[0] = (0.0, 0);
    for i in 0..n {
        if best[i].0.is_infinite() {
            continue;
        }
        let mut natural = 0.0;
        let (mut stretchable, mut shrinkable) = (0.0, 0.0);
        // Gaps between letters, as `letter_gaps` counts them (the hyphen's aside).
        let mut letters = 0;
        for j in i + 1..=n {
            let a = &atoms[j - 1];
            if j > i + 1 {
                let before = &atoms[j - 2];
                natural += before.space;
                if before.space > 0.0 {
                    stretchable += MAX_STRETCH * size;
                    shrinkable += MAX_SHRINK * size;
                } else {
                    letters += 1;
                }
            }
            letters += inner[j - 1];
            natural += a.width;
            let full = natural + a.hyphen;
            // Past the measure, a line of words but the last may close its spaces a little. A
            // lone piece wider than the measure (narrowed on a retry) is set as it is.
            let over = full - width;
            if over > shrinkable + 1e-6 && j > i + 1 {
                break;
            }
            let shrinking = over > 1e-6 && j > i + 1;
            if shrinking && j == n {
                continue;
            }
            let slack = (width - full).max(0.0);
            let cost = if shrinking {
                let badness = 100.0 * (over / shrinkable).powi(3);
                (1.0 + badness).powi(2) + hyphen_cost(a)
            } else if j == n {
                // The last line is ragged by nature, but not one short word alone, nor the end
                // of a word hyphenated on the line before.
                let lonely = one_word(&atoms[i..j]);
                match i > 0 && atoms[i - 1].hyphen > 0.0 {
                    true if lonely => PIECE,
                    true => FINAL_HYPHEN,
                    false if lonely && slack > width / 2.0 => LONELY,
                    false => 0.0,
                }
            } else if slack <= stretchable + 1e-6 {
                let badness = if slack <= 1e-6 { 0.0 } else { 100.0 * (slack / stretchable).powi(3) };
                (1.0 + badness).powi(2) + hyphen_cost(a)
            } else if stretchable > 0.0
                && let trackable = (letters + usize::from(a.hyphen > 0.0)) as f64 * MAX_TRACK * size
                && slack <= stretchable + trackable + 1e-6
            {
                // Spaces open to the cap and the letters take the rest: dearer than any line
                // its spaces fill, or a hyphen, and far cheaper than a line left short.
                let badness = 100.0 * ((slack - stretchable) / trackable).powi(3);
                TRACKED * (1.0 + badness / 100.0) + hyphen_cost(a)
            } else {
                // Ragged: the more so, the worse. A ragged line has little reason to end on a
                // hyphen ("types of ther-" where "therapy." fits): it costs as much as an em
                // more of space left over, and ten times that more than an em short.
                let short = slack - stretchable;
                let hyphen = match a.hyphen > 0.0 {
                    true if short > size => 10.0 * RAGGED,
                    true => RAGGED,
                    false => 0.0,
                };
                RAGGED * (1.0 + short / size).powi(2) + hyphen
            };
            let ladder = j < n && i > 0 && atoms[i - 1].hyphen > 0.0 && a.hyphen > 0.0;
            let cost = if ladder { cost + DOUBLE_HYPHEN } else { cost };
            if best[i].0 + cost < best[j].0 {
                best[j] = (best[i].0 + cost, i);
            }
        }
    }
    let mut ends = Vec::new();
    let mut j = n;
    while j > 0 {
        ends.push(j);
        j = best[j].1;
    }
    ends.reverse();
    ends
}

/// How many gaps between letters a line of `atoms` has, the hyphen ending it included: where
/// tracking adds space (word spaces are not among them).
fn letter_gaps(atoms: &[Atom]) -> usize {
    let within: usize = atoms.iter().map(|a| a.letters().saturating_sub(1)).sum();
    // Syllables of one word, and a compound's parts, are atoms with no space between them.
    let joins = atoms.iter().rev().skip(1).filter(|a| a.space == 0.0).count();
    within + joins + usize::from(atoms.last().is_some_and(|a| a.hyphen > 0.0))
}

/// Positions the atoms of each line (`lengths`: how many atoms each takes, in order): runs with
/// x from the line start, word spaces opened when justifying within the cap.
fn place(
    atoms: &[Atom],
    lengths: Vec<usize>,
    size: f32,
    width: f32,
    justify: bool,
    ink: Ink,
) -> Vec<Vec<Run>> {
    let f = fonts();
    let mut out = Vec::new();
    let mut index = 0;
    let count = lengths.len();
    for (li, length) in lengths.into_iter().enumerate() {
        let line_atoms = &atoms[index..index + length];
        index += length;
        let natural: f64 = line_atoms.iter().map(|a| a.width).sum::<f64>()
            + line_atoms[..line_atoms.len() - 1].iter().map(|a| a.space).sum::<f64>();
        let gaps = line_atoms[..line_atoms.len() - 1].iter().filter(|a| a.space > 0.0).count();
        // Justified word spaces open by at most 0.15 em (about 0.4 em in all) and close by at
        // most 0.05 em; what the spaces cannot fill, the letters take, up to 0.02 em each. A
        // line that would need more stays short rather than show rivers of white, its spaces
        // opened as far as they may so that it ends as near the measure as it can (set at its
        // natural spacing, it read as the end of a paragraph); its letters are tracked only
        // if that brings it within a hair of the measure (a short line spaced out reads worse).
        let (extra, tracking) = if justify && li + 1 < count && gaps > 0 {
            let needed = width as f64 - natural - line_atoms.last().map_or(0.0, |a| a.hyphen);
            let extra = (needed / gaps as f64).clamp(-MAX_SHRINK * size as f64, MAX_STRETCH * size as f64);
            let rest = needed - extra * gaps as f64;
            let letters = letter_gaps(line_atoms) as f64;
            let most = letters * MAX_TRACK * size as f64;
            let tracking = if rest > 1e-6 && rest <= most + TRACK_NEAR * size as f64 {
                rest.min(most) / letters
            } else {
                0.0
            };
            (extra, tracking)
        } else {
            (0.0, 0.0)
        };
        let mut runs: Vec<Run> = Vec::new();
        // The last run's width in font units, while it is set untracked: text joined to it
        // adds to it rather than have the run measured again whole for every word.
        let mut run_units = 0i32;
        let mut x = 0.0f64;
        // Whether a word space separates the next piece from the previous one.
        let mut spaced = false;
        for (ai, atom) in line_atoms.iter().enumerate() {
            let last = ai + 1 == line_atoms.len();
            for (pi, (piece, style, link)) in atom.pieces.iter().enumerate() {
                let hyphen = last && pi + 1 == atom.pieces.len() && atom.hyphen > 0.0;
                let ink = if link.is_some() { Ink::Link } else { ink };
                let joinable = extra == 0.0
                    && tracking == 0.0
                    && runs.last().is_some_and(|r: &Run| r.style == *style && r.link == *link);
                if joinable && let Some(prev) = runs.last_mut() {
                    let start = prev.text.len();
                    let before = prev.text.chars().next_back();
                    if spaced {
                        prev.text.push(' ');
                    }
                    prev.text.push_str(piece);
                    if hyphen {
                        prev.text.push('-');
                    }
                    run_units += f.units_after(prev.style, before, &prev.text[start..]);
                    prev.hyphen = hyphen;
                    prev.width = f.points(run_units, size);
                    x = (prev.x + prev.width) as f64;
                } else {
                    if spaced && let Some(prev) = runs.last_mut() {
                        prev.space_after = true;
                    }
                    let mut text = piece.clone();
                    if hyphen {
                        text.push('-');
                    }
                    // A piece continuing a word in the same face sits where the whole word
                    // would set it: kerned with the letter before.
                    if !spaced
                        && let Some(prev) = runs.last().filter(|r| r.style == *style && !r.hyphen)
                        && let (Some(a), Some(b)) = (prev.text.chars().next_back(), text.chars().next())
                    {
                        x += f.kern(*style, a, b, size) as f64;
                    }
                    // The letter before, in the piece before: as far apart as the others.
                    if pi > 0 {
                        x += tracking;
                    }
                    let letters = text.chars().count().saturating_sub(1);
                    run_units = f.units_after(*style, None, &text);
                    let w = f.points(run_units, size) + (tracking * letters as f64) as f32;
                    runs.push(Run {
                        x: x as f32,
                        text,
                        style: *style,
                        size,
                        width: w,
                        ink,
                        link: link.clone(),
                        hyphen,
                        tracking: tracking as f32,
                        space_after: false,
                    });
                    x += w as f64;
                }
                spaced = false;
            }
            if !last && atom.space > 0.0 {
                x += atom.space + extra;
                spaced = true;
            } else if !last {
                // The next syllable of the word: its first letter is one more gap.
                x += tracking;
            }
        }
        // A line broken at a word space ends with it.
        if li + 1 < count
            && line_atoms.last().is_some_and(|a| a.space > 0.0 && a.hyphen == 0.0)
            && let Some(last) = runs.last_mut()
        {
            last.space_after = true;
        }
        out.push(runs);
    }
    out
}

pub(super) fn plain_spans(text: &str) -> [Span; 1] {
    [Span { text: text.to_string(), style: Default::default() }]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown::Style;

    #[test]
    fn a_piece_wider_than_the_measure_gets_a_line_of_its_own_when_justifying() {
        // On a retry the measure narrows below a piece that fitted it; the piece must still
        // end a line, not pull the whole paragraph onto one.
        let spans = [Span { text: "we talk about responsibilities often".into(), style: Style::default() }];
        let atoms = atoms(&spans, 13.0, FontStyle::Regular, "en", usize::MAX);
        let widest = atoms.iter().map(|a| a.width).fold(0.0, f64::max);
        let at = atoms.iter().position(|a| a.width == widest).unwrap();
        // In the middle of the paragraph, and as its last word.
        for atoms in [&atoms[..], &atoms[..=at]] {
            let ends = justified_breaks(atoms, widest - 1.0, 13.0);
            assert!(ends.contains(&at) && ends.contains(&(at + 1)), "{ends:?}");
            assert_eq!(ends.last(), Some(&atoms.len()));
        }
    }

    #[test]
    fn a_justified_line_that_ends_on_a_hyphen_is_within_an_em_of_the_measure() {
        // A line left ragged has little reason to end on a hyphen: "There are many different
        // types of ther-" was set five ems short where "therapy." fitted. A hyphen costs a
        // ragged line as much as an em more of space left over.
        let text = "There are many different types of therapy. Behavioral therapy refers to all forms of therapy aimed at helping you identify and change self-destructive attitudes and behaviors, particularly those that lead to drug use.";
        let spans = [Span { text: text.into(), style: Style::default() }];
        for width in (220..=320).step_by(4) {
            let w = width as f32;
            let lines = break_lines(&spans, 12.0, FontStyle::Regular, w, true, "en", Ink::Text);
            for line in &lines[..lines.len() - 1] {
                let Some(last) = line.last().filter(|r| r.hyphen) else { continue };
                assert!(last.x + last.width >= w - 12.0, "at {w}: a short line ends on `{}`", last.text);
            }
        }
    }

    #[test]
    fn a_line_break_in_the_text_ends_a_line_and_keeps_its_styles() {
        let bold = Style { bold: true, ..Style::default() };
        let spans = [
            Span { text: "Hours: ".into(), style: bold.clone() },
            Span {
                text: "Mon–Fri 9:00 to 17:00\nSat 9:00 to 13:00\nClosed Sundays".into(),
                style: Style::default(),
            },
        ];
        for justify in [false, true] {
            let lines = break_lines(&spans, 12.0, FontStyle::Regular, 400.0, justify, "en", Ink::Text);
            let texts: Vec<String> =
                lines.iter().map(|l| l.iter().map(|r| r.text.as_str()).collect()).collect();
            assert_eq!(texts.len(), 3, "{texts:?}");
            assert!(texts[0].starts_with("Hours:") && texts[0].ends_with("17:00"), "{texts:?}");
            assert_eq!(lines[0][0].style, FontStyle::Bold);
            assert!(texts[1].starts_with("Sat") && texts[2].starts_with("Closed"), "{texts:?}");
            // Each part starts at the line's start, and none is stretched to the measure.
            assert!(
                lines.iter().all(|l| l[0].x == 0.0 && l.last().unwrap().x + l.last().unwrap().width < 300.0)
            );
        }
    }

    #[test]
    fn a_time_range_is_never_split_nor_counted_as_one_word() {
        // Justified, "9:00 to / 17:00" was set; tied whole, the range was taken for one word
        // alone on the last line and "Friday," was brought down to keep it company.
        let spans = [Span { text: "Hours: Monday to Friday, 9:00 to 17:00".into(), style: Style::default() }];
        let f = fonts();
        let head = f.width(FontStyle::Regular, "Hours: Monday to Friday,", 12.0);
        let whole = f.width(FontStyle::Regular, "Hours: Monday to Friday, 9:00 to 17:00", 12.0);
        for justify in [false, true] {
            let mut w = head + 1.0;
            while w < whole - 1.0 {
                let lines = break_lines(&spans, 12.0, FontStyle::Regular, w, justify, "en", Ink::Text);
                // Runs parted by a gap hold a space; a word's syllables may be runs of their own.
                let texts: Vec<String> = lines
                    .iter()
                    .map(|l| {
                        let mut text = String::new();
                        for (k, r) in l.iter().enumerate() {
                            if k > 0 && r.x - (l[k - 1].x + l[k - 1].width) > 1.0 {
                                text.push(' ');
                            }
                            text.push_str(&r.text);
                        }
                        text.replace('\u{a0}', " ")
                    })
                    .collect();
                assert_eq!(
                    texts,
                    ["Hours: Monday to Friday,", "9:00 to 17:00"],
                    "at {w} pt, justify {justify}"
                );
                w += 3.0;
            }
        }
    }

    #[test]
    fn a_name_suffix_stays_with_the_name() {
        let text = "12345 Martin Luther King Jr. Boulevard, Springfield Heights, Massachusetts";
        let spans = [Span { text: text.into(), style: Style::default() }];
        for width in (100..500).step_by(5) {
            for line in break_lines(&spans, 12.0, FontStyle::Regular, width as f32, false, "en", Ink::Text) {
                let first = line.first().map(|r| r.text.as_str()).unwrap_or_default();
                assert!(!first.starts_with("Jr."), "at {width} pt: a line starts `{first}`");
            }
        }
    }

    #[test]
    fn a_separator_never_starts_a_line() {
        // A handout on three topics is titled with their names: "· Treatment options" opened
        // the title's last line in large print.
        let text = "Detox and withdrawal · Warning signs of addiction · Treatment options";
        let spans = [Span { text: text.into(), style: Style { bold: true, ..Style::default() } }];
        for width in (120..600).step_by(7) {
            for justify in [false, true] {
                let lines =
                    break_lines(&spans, 24.0, FontStyle::Bold, width as f32, justify, "en", Ink::Accent);
                for line in &lines {
                    let first = line.first().map(|r| r.text.as_str()).unwrap_or_default();
                    assert!(!first.starts_with('·'), "at {width} pt: a line starts `{first}`");
                }
            }
        }
    }

    #[test]
    fn a_capital_inside_a_sentence_is_a_name_dearer_to_break() {
        let text = "Treatment options. Common treatments are listed by the Health Services Administration: \
                    Therapy helps.";
        let spans = [Span { text: text.into(), style: Style::default() }];
        let atoms = atoms(&spans, 12.0, FontStyle::Regular, "en", HYPHENATE_JUSTIFIED);
        // The atoms of each word: a word ends at an atom followed by a space.
        let mut words: Vec<(String, Vec<&Atom>)> = vec![(String::new(), Vec::new())];
        for a in &atoms {
            let (word, of) = words.last_mut().expect("a word");
            word.extend(a.pieces.iter().map(|p| p.0.as_str()));
            of.push(a);
            if a.space > 0.0 {
                words.push((String::new(), Vec::new()));
            }
        }
        let named = |w: &str| {
            let (_, of) = words.iter().find(|(word, _)| word.trim_end_matches([':', '.']) == w).expect(w);
            assert!(of.iter().any(|a| a.hyphen > 0.0), "{w} is hyphenated where justifying");
            of.iter().all(|a| a.name)
        };
        // Opening the text, a sentence or what follows a colon: a word. Inside one: a name.
        assert!(!named("Treatment") && !named("Common") && !named("Therapy"));
        assert!(named("Services") && named("Administration"));
        let piece = atoms.iter().find(|a| a.name && a.hyphen > 0.0).expect("a piece of a name");
        let word = atoms.iter().find(|a| !a.name && a.hyphen > 0.0).expect("a piece of a word");
        assert!(hyphen_cost(piece) > 10.0 * hyphen_cost(word));
    }

    #[test]
    fn a_compound_breaks_only_after_its_own_hyphen() {
        // "anti-anxi-/ety" set two hyphens in one word.
        for (word, parts) in [
            ("anti-anxiety", vec!["anti-", "anxiety"]),
            ("anti-inflammatory", vec!["anti-", "inflammatory"]),
            ("self-destructive", vec!["self-", "destructive"]),
        ] {
            let spans = [Span { text: word.into(), style: Style::default() }];
            let atoms = atoms(&spans, 13.0, FontStyle::Regular, "en", HYPHENATE_RAGGED);
            let got: Vec<String> =
                atoms.iter().map(|a| a.pieces.iter().map(|p| p.0.as_str()).collect()).collect();
            assert_eq!(got, parts, "{word}");
            // No piece adds a hyphen: the break is at the word's own.
            assert!(atoms.iter().all(|a| a.hyphen == 0.0), "{word}");
        }
        // A word without a hyphen of its own is still hyphenated.
        let spans = [Span { text: "hallucinations".into(), style: Style::default() }];
        assert!(atoms(&spans, 13.0, FontStyle::Regular, "en", HYPHENATE_RAGGED).len() > 1);
    }

    #[test]
    fn a_title_of_several_names_breaks_between_them() {
        // "Warning signs of addiction · Treatment / options · Detox and withdrawal" split a
        // name where a break between names took no more lines.
        let text = "Warning signs of addiction · Treatment options · Detox and withdrawal";
        let spans = [Span { text: text.into(), style: Style::default() }];
        let texts = |lines: &[Vec<Run>]| -> Vec<String> {
            lines
                .iter()
                .map(|l| l.iter().map(|r| r.text.as_str()).collect::<String>().replace('\u{a0}', " "))
                .collect()
        };
        // The title sizes and widths of standard and large print, Letter and A4.
        for (size, width) in [(24.0, 540.0), (24.0, 523.0), (32.0, 504.0), (32.0, 487.0), (26.0, 416.0)] {
            let plain = break_lines(&spans, size, FontStyle::Bold, width, false, "en", Ink::Accent);
            let lines = texts(&break_balanced(&spans, size, FontStyle::Bold, width, "en", Ink::Accent));
            assert_eq!(lines.len(), plain.len(), "{size} pt at {width}: {lines:?}");
            for line in &lines[..lines.len() - 1] {
                assert!(line.trim_end().ends_with('·'), "{size} pt at {width}: a name split: {lines:?}");
            }
        }
        // A name wider than the line is still set, broken inside.
        let long = [Span {
            text: "Detox · An extraordinarily long name for one topic of a handout".into(),
            style: Style::default(),
        }];
        let lines = break_balanced(&long, 32.0, FontStyle::Bold, 300.0, "en", Ink::Accent);
        assert!(lines.len() >= 2 && texts(&lines).concat().contains("extraordinarily"));
    }

    #[test]
    fn a_justified_line_that_cannot_reach_the_measure_opens_its_spaces_to_the_cap() {
        let text = "Depending on your situation, reducing your risk of relapse may also include taking medications for anxiety or depression, seeing a therapist on a regular basis, or practicing mindfulness techniques, such as meditation.";
        let spans = [Span { text: text.into(), style: Style::default() }];
        let (size, f) = (13.0f32, fonts());
        let space = f.width(FontStyle::Regular, " ", size);
        let mut short_lines = 0;
        for width in (300..480).step_by(4) {
            let lines = break_lines(&spans, size, FontStyle::Regular, width as f32, true, "en", Ink::Text);
            for line in &lines[..lines.len() - 1] {
                let end = line.iter().map(|r| r.x + r.width).fold(0.0, f32::max);
                if end > width as f32 - 0.5 || line.len() < 2 {
                    continue;
                }
                short_lines += 1;
                // Pieces are set one run each here; the gaps that are word spaces (not the
                // joins of a word's syllables) are opened by the cap.
                for pair in line.windows(2) {
                    let gap = pair[1].x - (pair[0].x + pair[0].width);
                    if gap < space / 2.0 {
                        continue;
                    }
                    let opened = gap - space;
                    assert!(
                        (opened - MAX_STRETCH as f32 * size).abs() < 0.3,
                        "width {width}: a gap opened by {opened} pt, not the cap"
                    );
                }
            }
        }
        assert!(short_lines > 0, "no measure left a line short");
    }

    #[test]
    fn a_justified_line_its_spaces_cannot_fill_takes_the_rest_between_its_letters() {
        let text = "The European Monitoring Center for Drugs and Drug Addiction (EMCDDA) suggests that treatment for kratom withdrawal and addiction can also include nonsteroidal anti-inflammatory drugs (NSAIDs), antidepressants, and anti-anxiety drugs.";
        let spans = [Span { text: text.into(), style: Style::default() }];
        let size = 18.0f32;
        let mut tracked = 0;
        for width in (440..500).step_by(3) {
            let width = width as f32;
            let lines = break_lines(&spans, size, FontStyle::Regular, width, true, "en", Ink::Text);
            for (i, line) in lines.iter().enumerate() {
                let end = line.iter().map(|r| r.x + r.width).fold(0.0, f32::max);
                let t = line[0].tracking;
                assert!(line.iter().all(|r| r.tracking == t), "one tracking a line: {line:?}");
                assert!(t <= MAX_TRACK as f32 * size + 1e-4, "width {width}: tracked {t} pt");
                if i + 1 == lines.len() {
                    assert_eq!(t, 0.0, "the last line keeps its letters as they are");
                } else if t > 0.0 {
                    // Tracked only where that brings the line within a hair of the measure.
                    tracked += 1;
                    assert!(
                        end > width - TRACK_NEAR as f32 * size - 0.01 && end < width + 0.01,
                        "width {width}: ends at {end}"
                    );
                }
            }
        }
        assert!(tracked > 10, "{tracked} lines tracked");
    }

    #[test]
    fn justified_paragraphs_of_the_article_reach_the_measure() {
        // The shipped article's paragraphs, justified in the columns of standard print and the
        // measures of large print: few lines end half an em or more short of the measure. With
        // word spaces alone (and no capital hyphenated, ragged lines costing their shortness,
        // not its square) it was 66 of 295 lines at 12 pt and 32 of 228 at 18 pt.
        let paragraphs = crate::print::layout::tests::article_paragraphs();
        assert!(paragraphs.len() > 20, "{} paragraphs", paragraphs.len());
        for (size, widths, most) in
            [(12.0f32, [255.0f32, 261.0, 270.0], 0.12), (18.0, [470.0, 487.0, 504.0], 0.03)]
        {
            let (mut lines_n, mut short) = (0, 0);
            for width in widths {
                for p in &paragraphs {
                    let spans = [Span { text: p.clone(), style: Style::default() }];
                    let lines = break_lines(&spans, size, FontStyle::Regular, width, true, "en", Ink::Text);
                    for line in &lines[..lines.len() - 1] {
                        let end = line.iter().map(|r| r.x + r.width).fold(0.0, f32::max);
                        lines_n += 1;
                        short += usize::from(end < width - size / 2.0);
                    }
                }
            }
            assert!(
                (short as f64) <= most * lines_n as f64,
                "{size} pt: {short} of {lines_n} lines end half an em short"
            );
        }
    }

    #[test]
    fn justified_lines_rarely_end_on_a_hyphen_twice_in_a_row() {
        // The article's paragraphs justified at the measures of standard and large print. Two
        // hyphenated lines in a row ("Sub- / stance Abuse and Mental Health Services Admin- /
        // istration") had been set wherever they cost least line by line: 16 pairs, and once
        // three in a row. In columns this narrow, a pair is sometimes the least bad choice
        // (its lines otherwise open their spaces past the cap or track their letters).
        let paragraphs = crate::print::layout::tests::article_paragraphs();
        let (mut pairs, mut threes, mut lines_n) = (0, 0, 0);
        for (size, widths) in
            [(12.0f32, [250.0f32, 255.0, 261.0, 270.0]), (18.0, [470.0, 487.0, 504.0, 520.0])]
        {
            for width in widths {
                for p in &paragraphs {
                    let spans = [Span { text: p.clone(), style: Style::default() }];
                    let lines = break_lines(&spans, size, FontStyle::Regular, width, true, "en", Ink::Text);
                    let hyphenated: Vec<bool> =
                        lines.iter().map(|l| l.last().is_some_and(|r| r.hyphen)).collect();
                    lines_n += lines.len();
                    pairs += hyphenated.windows(2).filter(|w| w[0] && w[1]).count();
                    threes += hyphenated.windows(3).filter(|w| w.iter().all(|h| *h)).count();
                }
            }
        }
        assert_eq!(threes, 0, "three hyphenated lines in a row among {lines_n} lines");
        assert!(pairs <= 13, "{pairs} pairs of hyphenated lines in a row among {lines_n} lines");
    }

    #[test]
    fn a_number_stays_on_the_line_of_the_short_word_after_it() {
        assert_eq!(tie_words("open 24 hours a day"), "open 24\u{a0}hours a day");
        // A range stays whole; day names are not numbers.
        assert_eq!(
            tie_words("Monday to Friday, 9:00 to 17:00, 365 days."),
            "Monday to Friday, 9:00\u{a0}to\u{a0}17:00, 365\u{a0}days."
        );
        assert_eq!(tie_words("de 9 a 17 h"), "de 9\u{a0}a\u{a0}17\u{a0}h");
        assert_eq!(
            tie_words("Thursday 8:30 to 19:00; Friday 8:30 to 16:00"),
            "Thursday 8:30\u{a0}to\u{a0}19:00; Friday 8:30\u{a0}to\u{a0}16:00"
        );
        // Not before a long word, a number, or a parenthesis.
        assert_eq!(
            tie_words("2010 publication 1-800-662-4357 (1-800-662-HELP)"),
            "2010 publication 1-800-662-4357 (1-800-662-HELP)"
        );
        assert_eq!(tie_words("no numbers here"), "no numbers here");
        // The Spanish per cent sign after its space, and a title before a name.
        assert_eq!(tie_words("El 30 % de los pacientes"), "El 30\u{a0}% de los pacientes");
        assert_eq!(tie_words("la Dra. Muñoz y el Dr. Peña"), "la Dra.\u{a0}Muñoz y el Dr.\u{a0}Peña");
        assert_eq!(tie_words("ask Dr. who"), "ask Dr. who");
    }

    #[test]
    fn a_heading_over_two_lines_is_balanced_not_left_with_one_word() {
        // (The plain setting already avoids one word alone: "… volunteer / briefing".)
        let spans =
            [Span { text: "Kratom: a one-hour briefing for volunteers".into(), style: Style::default() }];
        let (size, width) = (26.0, 416.0);
        let widths = |lines: &[Vec<Run>]| -> Vec<f32> {
            lines.iter().map(|l| l.iter().map(|r| r.x + r.width).fold(0.0, f32::max)).collect()
        };
        let plain = break_lines(&spans, size, FontStyle::Bold, width, false, "en", Ink::Accent);
        let balanced = break_balanced(&spans, size, FontStyle::Bold, width, "en", Ink::Accent);
        assert_eq!(plain.len(), 2);
        assert_eq!(balanced.len(), 2, "as many lines");
        let (w, b) = (widths(&plain), widths(&balanced));
        assert!(w[1] < w[0] * 0.55, "the plain setting leaves a short last line: {w:?}");
        assert!(b[1] > b[0] * 0.7 && b.iter().all(|x| *x <= width), "balanced: {b:?}");
        assert!(balanced.iter().flatten().all(|r| !r.hyphen), "balancing added a hyphen");
        // Nor does it break at the hyphen of a compound where the plain setting did not.
        let compound = [Span {
            text: "Kratom addiction: half-day course for clinic staff".into(),
            style: Style::default(),
        }];
        let lines = break_balanced(&compound, size, FontStyle::Bold, width, "en", Ink::Accent);
        let ends: Vec<String> = lines.iter().filter_map(|l| l.last().map(|r| r.text.clone())).collect();
        assert!(ends.iter().all(|t| !t.ends_with('-')), "{ends:?}");
        // A title is not hyphenated where its words whole take a line more at most: the
        // Spanish title of three topics in large print had ended its first line "adic-".
        let spanish = [Span {
            text:
                "Señales de alerta de la adicción · Opciones de tratamiento · Desintoxicación y abstinencia"
                    .into(),
            style: Style::default(),
        }];
        let mut hyphenating = 0;
        for width in (300..=520).step_by(4).map(|w| w as f32) {
            let plain = break_lines(&spanish, 32.0, FontStyle::Bold, width, false, "es", Ink::Accent);
            let title = break_balanced(&spanish, 32.0, FontStyle::Bold, width, "es", Ink::Accent);
            hyphenating += usize::from(plain.iter().flatten().any(|r| r.hyphen));
            assert!(title.iter().flatten().all(|r| !r.hyphen), "{width}: {title:?}");
            assert!(title.len() <= plain.len() + 1, "{width}");
        }
        assert!(hyphenating > 0, "the plain setting hyphenates at some width");
        // A heading on one line stays as it is.
        let short = [Span { text: "Detox".into(), style: Style::default() }];
        assert_eq!(
            break_balanced(&short, size, FontStyle::Bold, width, "en", Ink::Accent),
            break_lines(&short, size, FontStyle::Bold, width, false, "en", Ink::Accent)
        );
    }
}
