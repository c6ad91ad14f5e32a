//! Page layout: a list of [`Item`]s → pages of positioned lines. Pure: no files, no PDF.
//!
//! * Lines are broken optimal-fit (Knuth–Plass style, via `textwrap`) over real glyph widths
//!   with kerning, with hyphenation from embedded TeX patterns as a last resort; ragged-right
//!   by default, justified on request.
//! * Pagination never cuts a line, keeps at least two lines of a paragraph together at the
//!   bottom and top of a page (no widows or orphans), keeps a heading with what follows, never
//!   splits a list item, and moves a short list or section (a keep group) whole to the next
//!   page rather than break it.
//! * Every page gets the footer lines and "Page X of Y".
//!
//! Coordinates are points from the top-left corner of the page; `y` is a baseline.

use hyphenation::{Hyphenator, Language, Load, Standard};
use serde::Serialize;
use std::ops::Range;
use std::sync::OnceLock;
use textwrap::core::Fragment;
use textwrap::wrap_algorithms::{Penalties, wrap_optimal_fit};

use crate::corpus::markdown::Span;
use crate::print::fonts::{FontStyle, fonts};

/// Paper size and margins, in points.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct PageSpec {
    /// Page width.
    pub width: f32,
    /// Page height.
    pub height: f32,
    /// Margin on every side (office printers need at least 0.25 in).
    pub margin: f32,
}

impl PageSpec {
    /// US Letter, 8.5 × 11 in, 0.75 in margins.
    pub const LETTER: PageSpec = PageSpec { width: 612.0, height: 792.0, margin: 54.0 };
    /// ISO A4, 210 × 297 mm, 0.75 in margins.
    pub const A4: PageSpec = PageSpec { width: 595.28, height: 841.89, margin: 54.0 };

    /// Width available to text.
    pub fn text_width(&self) -> f32 {
        self.width - 2.0 * self.margin
    }
}

/// Type sizes and spacing of a print profile.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Profile {
    /// Body text size.
    pub body: f32,
    /// Line height as a multiple of the size.
    pub leading: f32,
    /// Title size.
    pub title: f32,
    /// Level-2 heading size (sections).
    pub h2: f32,
    /// Level-3+ heading size (subsections).
    pub h3: f32,
    /// Footer and header size (the disclaimer is in the footer: at least 16 pt in large print).
    pub small: f32,
    /// Space between paragraphs, as a multiple of the body size.
    pub paragraph_gap: f32,
    /// Widest text column, in ems of the body size (keeps lines within about 75 characters).
    pub measure: f32,
}

impl Profile {
    /// Standard print: 13 pt body.
    pub const STANDARD: Profile = Profile {
        body: 13.0,
        leading: 1.4,
        title: 26.0,
        h2: 19.0,
        h3: 15.5,
        small: 10.0,
        paragraph_gap: 0.6,
        measure: 32.0,
    };
    /// Large print: 18 pt body, 22+ pt headings, wider spacing.
    pub const LARGE: Profile = Profile {
        body: 18.0,
        leading: 1.5,
        title: 32.0,
        h2: 26.0,
        h3: 22.0,
        small: 16.0,
        paragraph_gap: 0.75,
        measure: 32.0,
    };
}

/// Colours used on the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Ink {
    /// Body text: near-black.
    Text,
    /// Headings and rules: a dark teal with high contrast on white.
    Accent,
    /// Footer and header: dark grey, still above 7:1 contrast.
    Muted,
    /// Link text: dark blue.
    Link,
}

/// A piece of input to lay out.
#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    /// The handout's title block, first thing on page one.
    Title {
        /// Main title.
        text: String,
        /// A line under it.
        subtitle: Option<String>,
    },
    /// A heading; `anchor` names it in the outline (bookmarks, table of contents).
    Heading {
        /// 2 for a section, 3+ for a subsection.
        level: u8,
        /// Heading text.
        text: String,
        /// Outline id, when it should be bookmarked.
        anchor: Option<String>,
    },
    /// A paragraph.
    Paragraph(Vec<Span>),
    /// Start of a list; a list started inside another is nested in its last item.
    ListStart {
        /// Numbered (1., 2., …) rather than bulleted.
        numbered: bool,
    },
    /// End of the innermost open list.
    ListEnd,
    /// One list item with its marker ("•", "2."), inside a `ListStart`/`ListEnd` pair.
    ListItem {
        /// The marker.
        marker: String,
        /// The item's text.
        spans: Vec<Span>,
    },
    /// The language of what follows (`None`: the document's), for hyphenation and for
    /// screen readers (a Spanish section inside an English pack).
    Language(Option<String>),
    /// Start of a group to keep on one page when it is short (a list, a section). Groups may
    /// nest.
    KeepStart,
    /// Start of a group to keep on one page whenever it fits on one (a contact block).
    KeepWholeStart,
    /// End of the innermost open keep group.
    KeepEnd,
    /// Start a new page (unless already at the top of one).
    PageBreak,
    /// A module of a course pack: a large heading that starts a new page when less than a
    /// third of the page is left (or always, on request); its title runs in the header of every
    /// page until the next module.
    Module {
        /// Module title.
        text: String,
        /// Outline id.
        anchor: String,
        /// Always start a new page; otherwise only when little of the page is left.
        new_page: bool,
    },
    /// A table-of-contents line: text indented by level, page number at the right margin.
    TocEntry {
        /// 1 for a module, 2 for a section.
        level: u8,
        /// Entry text.
        text: String,
        /// Page number as printed.
        page: String,
        /// Anchor of the heading it points at: the entry is a link to it.
        anchor: String,
    },
    /// A drawing or picture with its own box, placed at the left margin.
    Figure(Figure),
    /// A figure at the right margin beside the paragraphs that follow, which are narrowed to
    /// make room; what comes after them starts below it (a QR code next to an address).
    SideFigure(Figure),
}

/// Something drawn rather than set as text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub enum Figure {
    /// A QR code of `url`, `size` points square, drawn as vector squares.
    Qr {
        /// What the code encodes.
        url: String,
        /// Modules of the code: `dark[y * width + x]`.
        dark: Vec<bool>,
        /// Modules per side.
        width: usize,
        /// Printed size in points.
        size: f32,
    },
    /// An image registered with the PDF writer under `id`.
    Image {
        /// Index into the document's images.
        id: usize,
        /// Printed width in points.
        width: f32,
        /// Printed height in points.
        height: f32,
    },
}

impl Figure {
    fn size(&self) -> (f32, f32) {
        match self {
            Figure::Qr { size, .. } => (*size, *size),
            Figure::Image { width, height, .. } => (*width, *height),
        }
    }
}

/// A figure on a page.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlacedFigure {
    /// Left edge.
    pub x: f32,
    /// Top edge, from the top of the page.
    pub y: f32,
    /// What to draw.
    pub figure: Figure,
}

/// A run of text in one face at one position.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Run {
    /// Left edge.
    pub x: f32,
    /// The text.
    pub text: String,
    /// The face.
    pub style: FontStyle,
    /// Size in points.
    pub size: f32,
    /// Width in points (kerning included).
    pub width: f32,
    /// Colour.
    pub ink: Ink,
    /// Link target, if the run is a link.
    pub link: Option<String>,
    /// Ends with a hyphen added by hyphenation (not part of the text: copying rejoins the word).
    pub hyphen: bool,
}

/// A line of runs on a baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Line {
    /// Baseline, from the top of the page.
    pub y: f32,
    /// The runs, left to right.
    pub runs: Vec<Run>,
    /// What the line is part of, for the PDF's structure tree (screen readers).
    pub role: Role,
    /// Which block it belongs to: lines of one paragraph share it, across pages too.
    pub block: usize,
    /// The list a list item's line belongs to.
    pub list: Option<ListRef>,
    /// Whether the first run is the item's label (its marker), tagged apart from its body.
    pub label: bool,
    /// Language of the line when it differs from the document's.
    pub lang: Option<String>,
}

/// Which list a list item belongs to, for the structure tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ListRef {
    /// Unique per list in the document: separate lists stay separate.
    pub id: usize,
    /// 0 for a list, 1 for a list nested in an item.
    pub depth: usize,
    /// Numbered rather than bulleted.
    pub numbered: bool,
}

/// The structural role of a line, as a tagged PDF names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Role {
    /// A title or module heading (`H1`).
    Title,
    /// A heading of level 2 or more (`H2`…).
    Heading(u8),
    /// Body text (`P`).
    Paragraph,
    /// An item of a list (`LI`).
    ListItem,
    /// An entry of a table of contents (`TOCI`).
    TocEntry,
    /// Running header, footer, page number: not content (`Artifact`).
    Artifact,
}

/// A horizontal rule.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Rule {
    /// Left end.
    pub x1: f32,
    /// Right end.
    pub x2: f32,
    /// Vertical position, from the top.
    pub y: f32,
}

/// An outline entry: where a heading landed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Anchor {
    /// The heading's anchor id.
    pub id: String,
    /// The heading's text.
    pub text: String,
    /// Heading level.
    pub level: u8,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading, from the top of the page.
    pub y: f32,
}

/// One laid-out page.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Page {
    /// Text lines, in reading order.
    pub lines: Vec<Line>,
    /// Rules.
    pub rules: Vec<Rule>,
    /// Figures.
    pub figures: Vec<PlacedFigure>,
    /// Why the page ended.
    pub end: PageEnd,
}

/// Why a page ended where it did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub enum PageEnd {
    /// The last page.
    #[default]
    Last,
    /// Nothing more fitted.
    Full,
    /// A page break was asked for (a pack's cover and contents, a module on a new page).
    Forced,
    /// What came next had to stay together (a heading with its text, the last two items of a
    /// list, the contact block with what precedes it) and did not fit in the space left.
    Keep,
}

/// The result of layout.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Layout {
    /// The pages.
    pub pages: Vec<Page>,
    /// Headings with anchors, in order.
    pub anchors: Vec<Anchor>,
    /// The page geometry used.
    pub page: PageSpec,
}

/// Everything that shapes the layout.
#[derive(Clone, Debug)]
pub struct Options {
    /// Paper and margins.
    pub page: PageSpec,
    /// Type sizes.
    pub profile: Profile,
    /// Justify paragraphs instead of ragged-right.
    pub justify: bool,
    /// Language of the text, for hyphenation (`en`, `es`).
    pub language: String,
    /// Footer lines, set on every page above "Page X of Y".
    pub footer: Vec<String>,
    /// Short text set at the left of the last footer line (a version stamp).
    pub stamp: Option<String>,
    /// Name set at the left of a running header on every page (the clinic's).
    pub header: Option<String>,
}

fn hyphenator(language: &str) -> Option<&'static Standard> {
    static EN: OnceLock<Option<Standard>> = OnceLock::new();
    static ES: OnceLock<Option<Standard>> = OnceLock::new();
    let (cell, lang) = match language {
        "es" => (&ES, Language::Spanish),
        _ => (&EN, Language::EnglishUS),
    };
    cell.get_or_init(|| Standard::from_embedded(lang).ok()).as_ref()
}

/// One unbreakable piece of a line: a word, or part of a hyphenated word.
#[derive(Clone, Debug)]
struct Atom {
    /// Styled pieces (a word can change style mid-way, e.g. a bold word and its comma).
    pieces: Vec<(String, FontStyle, Option<String>)>,
    width: f64,
    space: f64,
    /// Hyphen width when a line may end here inside a word (0 at word ends).
    hyphen: f64,
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

/// Splits styled spans into atoms at spaces, hyphenating long words.
fn atoms(spans: &[Span], size: f32, base: FontStyle, language: &str) -> Vec<Atom> {
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
            let parts = hyphenate(text, language);
            if parts.len() > 1 {
                let hyphen = f.width(*style, "-", size) as f64;
                let n = parts.len();
                for (i, p) in parts.into_iter().enumerate() {
                    let last = i + 1 == n;
                    out.push(Atom {
                        width: f.width(*style, &p, size) as f64,
                        pieces: vec![(p, *style, link.clone())],
                        space: if last { space } else { 0.0 },
                        hyphen: if last { 0.0 } else { hyphen },
                    });
                }
                return;
            }
        }
        let width = pieces.iter().map(|(t, s, _)| f.width(*s, t, size) as f64).sum();
        out.push(Atom { pieces, width, space, hyphen: 0.0 });
    };
    for span in spans {
        let style = FontStyle::from_flags(
            span.style.bold || base == FontStyle::Bold,
            span.style.italic || base == FontStyle::Italic,
        );
        // A dash never starts a line: the space before it does not break.
        let glued;
        let mut rest = if span.text.contains(" —") || span.text.contains(" –") {
            glued = span.text.replace(" —", "\u{a0}—").replace(" –", "\u{a0}–");
            glued.as_str()
        } else {
            span.text.as_str()
        };
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

/// Hyphenation points of a word: the parts between them. Only plain words of 8+ letters are
/// split, never within 3 letters of either end, never words with digits or capitals inside.
fn hyphenate(word: &str, language: &str) -> Vec<String> {
    let core_start = word.find(|c: char| c.is_alphabetic()).unwrap_or(word.len());
    let core_end = word
        .rfind(|c: char| c.is_alphabetic())
        .map(|i| i + word[i..].chars().next().map_or(1, char::len_utf8))
        .unwrap_or(0);
    if core_end <= core_start {
        return vec![word.to_string()];
    }
    let core = &word[core_start..core_end];
    if core.chars().count() < 8 || !core.chars().all(|c| c.is_alphabetic() && c.is_lowercase()) {
        return vec![word.to_string()];
    }
    let Some(dict) = hyphenator(language) else { return vec![word.to_string()] };
    let breaks: Vec<usize> = dict
        .hyphenate(core)
        .breaks
        .into_iter()
        .filter(|&b| core[..b].chars().count() >= 3 && core[b..].chars().count() >= 3)
        .map(|b| b + core_start)
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
/// pieces that fit, preferring cuts after `/`, `.`, `-`, `?`, `&`, `=` or `_`. No hyphen is
/// added: in an address it would read as part of it.
fn split_wide(atoms: Vec<Atom>, width: f32, size: f32) -> Vec<Atom> {
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
            if matches!(c, '/' | '.' | '-' | '?' | '&' | '=' | '_') {
                good = Some(i + 1);
            }
        }
        out.push(piece(start, chars.len(), true));
    }
    out
}

/// Most a justified word space may open, in ems.
const MAX_STRETCH: f64 = 0.15;

/// Breaks styled text into lines no wider than `width`; returns each line's runs with x
/// relative to the line start.
fn break_lines(
    spans: &[Span],
    size: f32,
    base: FontStyle,
    width: f32,
    justify: bool,
    language: &str,
    ink: Ink,
) -> Vec<Vec<Run>> {
    let atoms = split_wide(atoms(spans, size, base, language), width, size);
    if atoms.is_empty() {
        return Vec::new();
    }
    // Widths are scaled to about one unit per character so textwrap's penalties (tuned for
    // monospace columns) keep their intended balance.
    let unit = 0.5 * size as f64;
    let scaled: Vec<Atom> = atoms
        .iter()
        .map(|a| Atom { width: a.width / unit, space: a.space / unit, hyphen: a.hyphen / unit, ..a.clone() })
        .collect();
    let mut penalties = Penalties::new();
    penalties.hyphen_penalty = 150;
    let wrap = |w: f32| {
        wrap_optimal_fit(&scaled, &[w as f64 / unit], &penalties)
            .unwrap_or_else(|_| scaled.chunks(1).collect())
    };
    let mut lines = wrap(width);
    // Avoid a last line of one word: a slightly narrower measure often brings a second word
    // down without adding a line.
    let lonely = |lines: &[&[Atom]]| lines.len() >= 2 && lines.last().is_some_and(|l| l.len() == 1);
    if lonely(&lines) {
        for shrink in [0.97, 0.94, 0.91, 0.88] {
            let retry = wrap(width * shrink);
            if retry.len() == lines.len() && !lonely(&retry) {
                lines = retry;
                break;
            }
        }
    }
    let f = fonts();
    let mut out = Vec::new();
    let mut index = 0;
    let count = lines.len();
    for (li, line) in lines.into_iter().enumerate() {
        let line_atoms = &atoms[index..index + line.len()];
        index += line.len();
        let natural: f64 = line_atoms.iter().map(|a| a.width).sum::<f64>()
            + line_atoms[..line_atoms.len() - 1].iter().map(|a| a.space).sum::<f64>();
        let gaps = line_atoms[..line_atoms.len() - 1].iter().filter(|a| a.space > 0.0).count();
        // Justified word spaces open by at most 0.15 em (about 0.4 em in all); a line that
        // would need more stays ragged rather than show rivers of white.
        let extra = if justify && li + 1 < count && gaps > 0 {
            let needed = ((width as f64 - natural - line_atoms.last().map_or(0.0, |a| a.hyphen))
                / gaps as f64)
                .max(0.0);
            if needed <= MAX_STRETCH * size as f64 { needed } else { 0.0 }
        } else {
            0.0
        };
        let mut runs: Vec<Run> = Vec::new();
        let mut x = 0.0f64;
        // Whether a word space separates the next piece from the previous one.
        let mut spaced = false;
        for (ai, atom) in line_atoms.iter().enumerate() {
            let last = ai + 1 == line_atoms.len();
            for (pi, (text, style, link)) in atom.pieces.iter().enumerate() {
                let mut text = text.clone();
                let hyphen = last && pi + 1 == atom.pieces.len() && atom.hyphen > 0.0;
                if hyphen {
                    text.push('-');
                }
                let ink = if link.is_some() { Ink::Link } else { ink };
                let joinable =
                    extra == 0.0 && runs.last().is_some_and(|r: &Run| r.style == *style && r.link == *link);
                if joinable && let Some(prev) = runs.last_mut() {
                    if spaced {
                        prev.text.push(' ');
                    }
                    prev.text.push_str(&text);
                    prev.hyphen = hyphen;
                    prev.width = f.width(prev.style, &prev.text, size);
                    x = (prev.x + prev.width) as f64;
                } else {
                    let w = f.width(*style, &text, size);
                    runs.push(Run {
                        x: x as f32,
                        text,
                        style: *style,
                        size,
                        width: w,
                        ink,
                        link: link.clone(),
                        hyphen,
                    });
                    x += w as f64;
                }
                spaced = false;
            }
            if !last && atom.space > 0.0 {
                x += atom.space + extra;
                spaced = true;
            }
        }
        out.push(runs);
    }
    out
}

/// A vertical chunk the paginator places: lines of equal height, or one figure.
#[derive(Debug, Clone)]
struct Chunk {
    kind: Kind,
    gap_before: f32,
    line_height: f32,
    /// Distance from the top of a line box to its baseline.
    ascent: f32,
    lines: Vec<Vec<Run>>,
    /// Extra left offset for the lines (list items are indented).
    indent: f32,
    /// Runs set in the left margin of the first line (list markers).
    marker: Option<Run>,
    anchor: Option<(String, String, u8)>,
    rule_after: bool,
    /// Must share a page with the start of the next chunk (headings, a lead-in "…include:").
    keep_with_next: bool,
    /// Starts a new page unless already at the top of one.
    break_before: bool,
    /// A figure occupying the chunk's single line box.
    figure: Option<Figure>,
    role: Role,
    list: Option<ListRef>,
    /// Language when it differs from the document's.
    lang: Option<String>,
    /// A pack module's heading: wants a third of a page below it.
    module: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Heading,
    Paragraph,
    Whole,
}

impl Chunk {
    fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_height
    }

    fn text(kind: Kind, gap_before: f32, line_height: f32, ascent: f32, lines: Vec<Vec<Run>>) -> Chunk {
        Chunk {
            kind,
            gap_before,
            line_height,
            ascent,
            lines,
            indent: 0.0,
            marker: None,
            anchor: None,
            rule_after: false,
            keep_with_next: false,
            break_before: false,
            figure: None,
            list: None,
            lang: None,
            module: false,
            role: match kind {
                Kind::Heading => Role::Heading(2),
                _ => Role::Paragraph,
            },
        }
    }
}

fn plain_spans(text: &str) -> [Span; 1] {
    [Span { text: text.to_string(), style: Default::default() }]
}

/// Lays out `items` on pages. The text column is at most [`Profile::measure`] ems wide and
/// centred on the page: lines of 45–75 characters read best. When slightly tighter line and
/// paragraph spacing saves a whole sheet, it is used.
pub fn layout(items: &[Item], opts: &Options) -> Layout {
    let laid = layout_measured(items, opts);
    if laid.pages.len() < 2 {
        return laid;
    }
    let mut tight = opts.clone();
    tight.profile.leading = (opts.profile.leading - 0.07).max(1.25);
    tight.profile.paragraph_gap *= 0.75;
    let tighter = layout_measured(items, &tight);
    if tighter.pages.len() < laid.pages.len() { tighter } else { laid }
}

fn layout_measured(items: &[Item], opts: &Options) -> Layout {
    let full = opts.page;
    let column = full.text_width().min(opts.profile.measure * opts.profile.body);
    let inset = ((full.text_width() - column) / 2.0).max(0.0);
    if inset <= 0.0 {
        return layout_column(items, opts);
    }
    // Set the column as if on a narrower page, then move everything right by the inset.
    let mut narrow = opts.clone();
    narrow.page.width = full.width - 2.0 * inset;
    let mut laid = layout_column(items, &narrow);
    for pg in &mut laid.pages {
        for line in &mut pg.lines {
            for run in &mut line.runs {
                run.x += inset;
            }
        }
        for rule in &mut pg.rules {
            rule.x1 += inset;
            rule.x2 += inset;
        }
        for fig in &mut pg.figures {
            fig.x += inset;
        }
    }
    laid.page = full;
    laid
}

fn layout_column(items: &[Item], opts: &Options) -> Layout {
    let p = &opts.profile;
    let page = opts.page;
    let width = page.text_width();
    let f = fonts();
    let lang = opts.language.as_str();
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut groups: Vec<(Range<usize>, Group)> = Vec::new();
    let mut open: Vec<(usize, Group)> = Vec::new();
    let mut break_next = false;
    let mut lists: Vec<ListRef> = Vec::new();
    let mut next_list = 0;
    // A side figure's height still to pass and the room it takes from the measure.
    let mut side: Option<(f32, f32)> = None;
    let ascent =
        |size: f32, lh: f32| (lh - size * (f.ascender() - f.descender())) / 2.0 + size * f.ascender();
    let body_lh = p.body * p.leading;
    let title_lines = |text: &str| {
        break_lines(&plain_spans(text), p.title, FontStyle::Bold, width, false, lang, Ink::Accent)
    };
    // The language of the part being set, when it is not the document's.
    let mut part: Option<String> = None;
    for item in items {
        let before = chunks.len();
        let lang = part.as_deref().unwrap_or(opts.language.as_str());
        match item {
            Item::Language(l) => part = l.clone().filter(|l| *l != opts.language),
            Item::Title { text, subtitle } => {
                let lh = p.title * 1.2;
                let lines = title_lines(text);
                let mut c = Chunk::text(Kind::Whole, 0.0, lh, ascent(p.title, lh), lines);
                c.role = Role::Title;
                c.rule_after = subtitle.is_none();
                chunks.push(c);
                if let Some(sub) = subtitle {
                    let lines = break_lines(
                        &plain_spans(sub),
                        p.body,
                        FontStyle::Italic,
                        width,
                        false,
                        lang,
                        Ink::Muted,
                    );
                    let mut c =
                        Chunk::text(Kind::Whole, p.body * 0.2, body_lh, ascent(p.body, body_lh), lines);
                    c.rule_after = true;
                    chunks.push(c);
                }
            }
            Item::Module { text, anchor, new_page } => {
                let lh = p.title * 1.2;
                let lines = title_lines(text);
                let mut c = Chunk::text(Kind::Heading, p.h2 * 1.4, lh, ascent(p.title, lh), lines);
                c.anchor = Some((anchor.clone(), text.clone(), 1));
                c.role = Role::Title;
                c.break_before = *new_page;
                c.module = true;
                c.rule_after = true;
                c.keep_with_next = true;
                chunks.push(c);
            }
            Item::Heading { level, text, anchor } => {
                let size = if *level <= 2 { p.h2 } else { p.h3 };
                let lh = size * 1.25;
                let lines =
                    break_lines(&plain_spans(text), size, FontStyle::Bold, width, false, lang, Ink::Accent);
                let gap = size * if *level <= 2 { 1.1 } else { 0.8 };
                let mut c = Chunk::text(Kind::Heading, gap, lh, ascent(size, lh), lines);
                c.anchor = anchor.as_ref().map(|a| (a.clone(), text.clone(), *level));
                c.role = Role::Heading((*level).max(2));
                c.keep_with_next = true;
                chunks.push(c);
            }
            Item::Paragraph(spans) => {
                let measure = width - side.map_or(0.0, |s| s.1);
                let lines =
                    break_lines(spans, p.body, FontStyle::Regular, measure, opts.justify, lang, Ink::Text);
                let mut c = Chunk::text(
                    Kind::Paragraph,
                    p.body * p.paragraph_gap,
                    body_lh,
                    ascent(p.body, body_lh),
                    lines,
                );
                // A lead-in to a list ("These include:") stays with the list.
                c.keep_with_next = crate::corpus::markdown::spans_text(spans).trim_end().ends_with(':');
                chunks.push(c);
            }
            Item::ListStart { numbered } => {
                if lists.is_empty() {
                    open.push((chunks.len(), Group::List));
                }
                lists.push(ListRef { id: next_list, depth: lists.len(), numbered: *numbered });
                next_list += 1;
            }
            Item::ListEnd => {
                lists.pop();
                if lists.is_empty()
                    && let Some((start, kind)) = open.pop()
                {
                    groups.push((start..chunks.len(), kind));
                }
            }
            Item::ListItem { marker, spans } => {
                let list = lists.last().copied();
                let depth = list.map_or(0, |l| l.depth);
                let indent = p.body * 1.6 * (depth + 1) as f32;
                let previous = chunks.last().and_then(|c| c.list);
                // Items of one list (and a nested list inside it) sit close; a new list, even
                // right after another, starts a paragraph apart so separate lists read apart.
                let same_list = match (previous, list) {
                    (Some(a), Some(b)) => a.id == b.id || a.depth != b.depth,
                    _ => false,
                };
                let mw = f.width(FontStyle::Bold, marker, p.body);
                let lines =
                    break_lines(spans, p.body, FontStyle::Regular, width - indent, false, lang, Ink::Text);
                let gap = match (same_list, previous) {
                    (true, _) => p.body * 0.25,
                    (false, Some(_)) => p.body * p.paragraph_gap * 1.6,
                    (false, None) => p.body * p.paragraph_gap,
                };
                let mut c = Chunk::text(Kind::Whole, gap, body_lh, ascent(p.body, body_lh), lines);
                c.indent = indent;
                c.role = Role::ListItem;
                c.list = list;
                c.marker = Some(Run {
                    x: -mw - p.body * 0.45,
                    // The trailing space is invisible; it keeps "1." apart from the item's
                    // first word for text extraction and screen readers.
                    text: format!("{marker} "),
                    style: FontStyle::Bold,
                    size: p.body,
                    width: mw,
                    ink: Ink::Accent,
                    link: None,
                    hyphen: false,
                });
                chunks.push(c);
            }
            Item::TocEntry { level, text, page: number, anchor } => {
                let (style, indent) =
                    if *level <= 1 { (FontStyle::Bold, 0.0) } else { (FontStyle::Regular, p.body * 1.6) };
                let nw = f.width(style, number, p.body);
                let gap = if *level <= 1 { p.body * 0.6 } else { p.body * 0.15 };
                let mut lines = break_lines(
                    &plain_spans(text),
                    p.body,
                    style,
                    width - indent - nw - p.body * 2.0,
                    false,
                    lang,
                    Ink::Text,
                );
                if let Some(last) = lines.last_mut() {
                    let space = f.width(style, " ", p.body);
                    last.push(Run {
                        // A leading space (invisible) keeps the number apart from the entry
                        // for text extraction and screen readers.
                        x: width - indent - nw - space,
                        text: format!(" {number}"),
                        style,
                        size: p.body,
                        width: nw + space,
                        ink: Ink::Text,
                        link: None,
                        hyphen: false,
                    });
                }
                // Internal links ("#anchor") to where the heading landed; set in text colour.
                for run in lines.iter_mut().flatten() {
                    run.link = Some(format!("#{anchor}"));
                }
                let mut c = Chunk::text(Kind::Whole, gap, body_lh, ascent(p.body, body_lh), lines);
                c.indent = indent;
                c.role = Role::TocEntry;
                chunks.push(c);
            }
            Item::Figure(figure) => {
                let (_, h) = figure.size();
                let mut c = Chunk::text(Kind::Whole, p.body * p.paragraph_gap, h, 0.0, vec![Vec::new()]);
                c.figure = Some(figure.clone());
                chunks.push(c);
            }
            Item::SideFigure(figure) => {
                let (w, h) = figure.size();
                // No height of its own: the paragraphs beside it advance the page.
                let mut c = Chunk::text(Kind::Whole, 0.0, 0.0, 0.0, vec![Vec::new()]);
                c.figure = Some(figure.clone());
                c.indent = width - w;
                chunks.push(c);
                side = Some((h, w + p.body));
                continue;
            }
            Item::PageBreak => break_next = true,
            Item::KeepStart => open.push((chunks.len(), Group::Keep)),
            Item::KeepWholeStart => {
                // What comes before a contact block goes with it, so it never stands alone.
                if let Some(prev) = chunks.iter_mut().rev().find(|c| !c.lines.is_empty()) {
                    prev.keep_with_next = true;
                }
                open.push((chunks.len(), Group::Whole))
            }
            Item::KeepEnd => {
                if let Some((start, kind)) = open.pop() {
                    groups.push((start..chunks.len(), kind));
                }
            }
        }
        if let Some((left, narrow)) = side
            && chunks.len() > before
        {
            let c = &mut chunks[before];
            if matches!(item, Item::Paragraph(_)) {
                let left = left - c.gap_before - c.height();
                side = (left > 0.0).then_some((left, narrow));
            } else {
                // Anything else starts below the figure.
                c.gap_before += left;
                side = None;
            }
        }
        if part.is_some() {
            for c in &mut chunks[before..] {
                c.lang = part.clone();
            }
        }
        if break_next && chunks.len() > before {
            chunks[before].break_before = true;
            break_next = false;
        }
    }
    // Empty chunks (an empty paragraph) stay in the list, so group ranges keep pointing at the
    // right chunks; the paginator skips them.
    let running_header = opts.header.is_some() || items.iter().any(|i| matches!(i, Item::Module { .. }));
    paginate(chunks, &groups, opts, running_header)
}

/// Vertical metrics of the page frame.
struct Frame {
    top_first: f32,
    top_rest: f32,
    bottom: f32,
    max_keep: f32,
    /// Height of a full page's text area.
    full: f32,
}

fn frame(opts: &Options, footer_lines: usize, running_header: bool) -> Frame {
    let page = opts.page;
    let p = &opts.profile;
    let small_lh = p.small * 1.35;
    let footer_height = (footer_lines + 1) as f32 * small_lh + p.small;
    let header_height = if running_header { small_lh + p.small } else { 0.0 };
    let top_rest = page.margin + header_height;
    let bottom = page.height - page.margin - footer_height;
    Frame {
        top_first: if opts.header.is_some() { top_rest } else { page.margin },
        top_rest,
        bottom,
        max_keep: (bottom - top_rest) * 0.45,
        full: bottom - top_rest,
    }
}

/// Kinds of groups the paginator keeps together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Group {
    /// Moved whole to the next page when short (at most 45% of a page).
    Keep,
    /// Moved whole whenever it fits on a page (a contact block).
    Whole,
    /// A list: split only between items, with at least two items on each side; a list of
    /// three items or fewer moves whole when short.
    List,
}

/// How much room each chunk needs below the current position so that placing it there breaks
/// no keep rule.
struct Needs<'a> {
    chunks: &'a [Chunk],
    groups: &'a [(Range<usize>, Group)],
    /// For chunks inside a list: (position in the list, list length, first chunk).
    list_pos: Vec<Option<(usize, usize, usize)>>,
    max_keep: f32,
    full: f32,
}

impl Needs<'_> {
    fn new<'a>(chunks: &'a [Chunk], groups: &'a [(Range<usize>, Group)], fr: &Frame) -> Needs<'a> {
        let mut list_pos = vec![None; chunks.len()];
        for (g, kind) in groups {
            if *kind == Group::List {
                let members: Vec<usize> = g.clone().filter(|&i| !chunks[i].lines.is_empty()).collect();
                for (j, &i) in members.iter().enumerate() {
                    list_pos[i] = Some((j, members.len(), g.start));
                }
            }
        }
        Needs { chunks, groups, list_pos, max_keep: fr.max_keep, full: fr.full }
    }

    /// The next chunk after `i` that has content.
    fn next(&self, i: usize) -> Option<usize> {
        (i + 1..self.chunks.len()).find(|&j| !self.chunks[j].lines.is_empty())
    }

    fn span(&self, range: Range<usize>) -> f32 {
        self.chunks[range]
            .iter()
            .filter(|c| !c.lines.is_empty())
            .enumerate()
            .map(|(k, c)| c.height() + if k == 0 { 0.0 } else { c.gap_before })
            .sum()
    }

    /// Room needed to start chunk `i` (its own gap excluded).
    fn need(&self, i: usize) -> f32 {
        let c = &self.chunks[i];
        let mut need = match c.kind {
            Kind::Paragraph if c.lines.len() >= 4 => 2.0 * c.line_height,
            _ => c.height(),
        };
        if c.module {
            need = need.max(self.full / 3.0);
        }
        for (g, kind) in self.groups.iter().filter(|(g, _)| g.start == i && g.end > g.start) {
            let h = self.span(g.clone());
            let limit = match kind {
                Group::Whole => self.full,
                Group::Keep => self.max_keep,
                Group::List => {
                    let n = self.list_pos[i].map_or(0, |p| p.1);
                    if n > 3 { 0.0 } else { self.max_keep }
                }
            };
            if h <= limit {
                need = need.max(h);
            }
        }
        if let Some((j, n, _)) = self.list_pos[i]
            && n > 3
            && (j == 0 || j + 2 == n)
            && let Some(next) = self.next(i)
        {
            // The first two items go together, and so do the last two.
            let second = if j == 0 { self.chunks[next].height() } else { self.need(next) };
            need = need.max(c.height() + self.chunks[next].gap_before + second);
        }
        // A paragraph of four lines or more can leave its last two with what follows.
        let splits = c.kind == Kind::Paragraph && c.lines.len() >= 4;
        if c.keep_with_next
            && !splits
            && let Some(next) = self.next(i)
            && !self.chunks[next].break_before
        {
            need = need.max(c.height() + self.chunks[next].gap_before + self.need(next));
        }
        need
    }
}

/// Places chunks on pages, then adds headers and footers.
fn paginate(
    chunks: Vec<Chunk>,
    groups: &[(Range<usize>, Group)],
    opts: &Options,
    running_header: bool,
) -> Layout {
    let page = opts.page;
    let p = &opts.profile;
    let footer_lines = footer_lines(opts);
    let fr = frame(opts, footer_lines.len(), running_header);
    let bottom = fr.bottom;
    let needs = Needs::new(&chunks, groups, &fr);

    let mut pages: Vec<Page> = vec![Page::default()];
    let mut anchors = Vec::new();
    let mut y = fr.top_first;
    let mut at_top = true;
    let new_page = |pages: &mut Vec<Page>, y: &mut f32, at_top: &mut bool, end: PageEnd| {
        if let Some(last) = pages.last_mut() {
            last.end = end;
        }
        pages.push(Page::default());
        *y = fr.top_rest;
        *at_top = true;
    };
    for i in 0..chunks.len() {
        let c = &chunks[i];
        if c.lines.is_empty() {
            continue;
        }
        if c.break_before && !at_top {
            new_page(&mut pages, &mut y, &mut at_top, PageEnd::Forced);
        }
        let gap = if at_top { 0.0 } else { c.gap_before };
        let needed = needs.need(i);
        if !at_top && y + gap + needed > bottom {
            let own = if c.kind == Kind::Paragraph { 2.0 * c.line_height } else { c.height() };
            let end = if y + gap + own.min(c.height()) > bottom { PageEnd::Full } else { PageEnd::Keep };
            new_page(&mut pages, &mut y, &mut at_top, end);
        }
        let gap = if at_top { 0.0 } else { c.gap_before };
        y += gap;
        if let Some((id, text, level)) = &c.anchor {
            anchors.push(Anchor {
                id: id.clone(),
                text: text.clone(),
                level: *level,
                page: pages.len() - 1,
                y,
            });
        }
        if let Some(figure) = &c.figure {
            let page_ref = pages.last_mut().expect("at least one page");
            page_ref.figures.push(PlacedFigure { x: page.margin + c.indent, y, figure: figure.clone() });
            y += c.line_height;
            at_top = false;
            continue;
        }
        let n = c.lines.len();
        let mut k = 0;
        // A long paragraph that must stay with what follows (the text before a contact block)
        // gives up its last two lines to go along when both do not fit here, rather than
        // moving whole or leaving the next thing alone.
        let mut first_cap = n;
        if c.kind == Kind::Paragraph
            && c.keep_with_next
            && n >= 4
            && let Some(next) = needs.next(i)
        {
            let after = chunks[next].gap_before + needs.need(next);
            if y + c.height() + after > bottom && 2.0 * c.line_height + after <= fr.full {
                first_cap = n - 2;
            }
        }
        while k < n {
            let mut fits = ((bottom - y) / c.line_height + 1e-3).floor().max(0.0) as usize;
            if k == 0 {
                fits = fits.min(first_cap);
            }
            let remaining = n - k;
            let mut take = fits.min(remaining);
            if take < remaining {
                if c.kind == Kind::Paragraph {
                    // Leave at least two lines for the next page, and put at least two here.
                    if remaining - take < 2 {
                        take = remaining.saturating_sub(2);
                    }
                    if take < 2 {
                        take = 0;
                    }
                } else if !at_top {
                    take = 0;
                }
                if take == 0 && at_top {
                    // Taller than a page: nothing better is possible than filling it.
                    take = fits.max(1).min(remaining);
                }
            }
            if take == 0 {
                new_page(&mut pages, &mut y, &mut at_top, PageEnd::Full);
                continue;
            }
            let page_ref = pages.last_mut().expect("at least one page");
            for (li, runs) in c.lines[k..k + take].iter().enumerate() {
                let baseline = y + c.ascent;
                let mut line_runs: Vec<Run> = Vec::new();
                let mut label = false;
                if k + li == 0
                    && let Some(m) = &c.marker
                {
                    line_runs.push(Run { x: page.margin + c.indent + m.x, ..m.clone() });
                    label = true;
                }
                line_runs.extend(runs.iter().map(|r| Run { x: page.margin + c.indent + r.x, ..r.clone() }));
                page_ref.lines.push(Line {
                    y: baseline,
                    runs: line_runs,
                    role: c.role,
                    block: i,
                    list: c.list,
                    label,
                    lang: c.lang.clone(),
                });
                y += c.line_height;
            }
            at_top = false;
            let capped = k == 0 && take == first_cap && first_cap < n;
            k += take;
            if k < n {
                new_page(&mut pages, &mut y, &mut at_top, if capped { PageEnd::Keep } else { PageEnd::Full });
            }
        }
        if c.rule_after {
            y += p.body * 0.5;
            let page_ref = pages.last_mut().expect("at least one page");
            page_ref.rules.push(Rule { x1: page.margin, x2: page.width - page.margin, y });
            y += p.body * 0.3;
        }
    }
    let total = pages.len();
    let mut module: Option<String> = None;
    for (i, pg) in pages.iter_mut().enumerate() {
        if let Some(a) = anchors.iter().rev().find(|a| a.level == 1 && a.page <= i) {
            module = Some(a.text.clone());
        }
        decorate(pg, i, total, &footer_lines, module.as_deref(), opts);
    }
    Layout { pages, anchors, page }
}

fn footer_lines(opts: &Options) -> Vec<Vec<Run>> {
    let p = &opts.profile;
    opts.footer
        .iter()
        .flat_map(|text| {
            break_lines(
                &plain_spans(text),
                p.small,
                FontStyle::Regular,
                opts.page.text_width(),
                false,
                &opts.language,
                Ink::Muted,
            )
        })
        .collect()
}

fn small_run(x: f32, text: &str, style: FontStyle, size: f32) -> Run {
    let width = fonts().width(style, text, size);
    Run { x, text: text.to_string(), style, size, width, ink: Ink::Muted, link: None, hyphen: false }
}

/// Adds the running header (clinic name left, module title right), the footer lines and
/// "Page X of Y" to a page.
fn decorate(
    pg: &mut Page,
    index: usize,
    total: usize,
    footer: &[Vec<Run>],
    module: Option<&str>,
    opts: &Options,
) {
    let page = opts.page;
    let p = &opts.profile;
    let lh = p.small * 1.35;
    let right = page.width - page.margin;
    let mut header = Vec::new();
    if let Some(name) = &opts.header {
        header.push(small_run(page.margin, name, FontStyle::Bold, p.small));
    }
    if let Some(m) = module {
        let w = fonts().width(FontStyle::Regular, m, p.small);
        let x = (right - w).max(page.margin + header.first().map_or(0.0, |r| r.width + p.small));
        header.push(small_run(x, m, FontStyle::Regular, p.small));
    }
    if !header.is_empty() {
        let y = page.margin + p.small;
        pg.lines.insert(
            0,
            Line {
                y,
                runs: header,
                role: Role::Artifact,
                block: usize::MAX,
                list: None,
                label: false,
                lang: None,
            },
        );
        pg.rules.push(Rule { x1: page.margin, x2: right, y: y + p.small * 0.5 });
    }
    let last_baseline = page.height - page.margin;
    let first_baseline = last_baseline - footer.len() as f32 * lh;
    pg.rules.push(Rule { x1: page.margin, x2: right, y: first_baseline - lh + p.small * 0.2 });
    for (i, runs) in footer.iter().enumerate() {
        let y = first_baseline + i as f32 * lh;
        pg.lines.push(Line {
            y,
            runs: runs.iter().map(|r| Run { x: page.margin + r.x, ..r.clone() }).collect(),
            role: Role::Artifact,
            block: usize::MAX,
            list: None,
            label: false,
            lang: None,
        });
    }
    let number = crate::print::labels::labels(&opts.language).page_of(index + 1, total);
    let w = fonts().width(FontStyle::Bold, &number, p.small);
    let mut runs = Vec::new();
    if let Some(stamp) = &opts.stamp {
        runs.push(small_run(page.margin, stamp, FontStyle::Regular, p.small));
    }
    runs.push(small_run(right - w, &number, FontStyle::Bold, p.small));
    pg.lines.push(Line {
        y: last_baseline,
        runs,
        role: Role::Artifact,
        block: usize::MAX,
        list: None,
        label: false,
        lang: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::markdown::Style;

    fn para(text: &str) -> Item {
        Item::Paragraph(vec![Span { text: text.into(), style: Style::default() }])
    }

    fn opts() -> Options {
        Options {
            page: PageSpec::LETTER,
            profile: Profile::STANDARD,
            justify: false,
            language: "en".into(),
            footer: vec!["Source: test".into()],
            stamp: None,
            header: None,
        }
    }

    #[test]
    fn lines_fit_the_text_width() {
        let text = "Detoxification (detox) is a process aimed at helping you stop taking a drug as safely and as quickly as possible. ".repeat(20);
        let l = layout(&[para(&text)], &opts());
        for line in &l.pages[0].lines {
            for r in &line.runs {
                assert!(r.x >= 53.9 && r.x + r.width <= 612.0 - 53.9, "{r:?}");
            }
        }
    }

    #[test]
    fn heading_never_ends_a_page() {
        let filler = "word ".repeat(90);
        let mut items = Vec::new();
        for i in 0..30 {
            items.push(Item::Heading {
                level: 2,
                text: format!("Heading {i}"),
                anchor: Some(format!("h{i}")),
            });
            items.push(para(&filler));
        }
        let l = layout(&items, &opts());
        assert!(l.pages.len() > 2);
        for a in &l.anchors {
            let page = &l.pages[a.page];
            let below = page.lines.iter().filter(|ln| ln.y > a.y + 30.0 && ln.runs[0].size == 13.0).count();
            assert!(below >= 2, "heading {} on page {} has {below} body lines after it", a.text, a.page);
        }
    }

    #[test]
    fn split_words_rejoin_without_spaces_when_kerned() {
        // Regression: kerning across hyphenation points once read as a word gap ("psy chiatrist").
        let spans =
            [Span { text: "a psychiatrist, psychologist and conditions".into(), style: Style::default() }];
        let lines = break_lines(&spans, 13.0, FontStyle::Regular, 500.0, false, "en", Ink::Text);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0][0].text, "a psychiatrist, psychologist and conditions");
    }

    /// Lines of each tagged block per page: `tag -> [(page, lines)]`. Every word of block `k` is
    /// `bK`, so a line's block is its first word's.
    fn lines_per_page(l: &Layout) -> std::collections::BTreeMap<String, Vec<(usize, usize)>> {
        let mut map: std::collections::BTreeMap<String, Vec<(usize, usize)>> = Default::default();
        for (pi, page) in l.pages.iter().enumerate() {
            for line in &page.lines {
                let Some(first) = line.runs.iter().find(|r| r.text.starts_with('b')) else { continue };
                let tag = first.text.split(' ').next().unwrap_or_default().to_string();
                let e = map.entry(tag).or_default();
                match e.last_mut() {
                    Some((p, n)) if *p == pi => *n += 1,
                    _ => e.push((pi, 1)),
                }
            }
        }
        map
    }

    #[test]
    fn no_widows_or_orphans_and_list_items_stay_whole() {
        // Blocks of 1 to 9 lines in a rotating pattern, so every kind of split gets tried.
        let mut items = Vec::new();
        for k in 0..120 {
            let words = [8, 30, 60, 45, 90, 120, 15, 75][k % 8];
            let text = vec![format!("b{k}"); words].join(" ");
            if k % 5 == 4 {
                items.push(Item::ListItem {
                    marker: "•".into(),
                    spans: vec![Span { text, style: Style::default() }],
                });
            } else {
                items.push(para(&text));
            }
        }
        let l = layout(&items, &opts());
        assert!(l.pages.len() > 5);
        let mut splits = 0;
        for (tag, parts) in lines_per_page(&l) {
            let k: usize = tag[1..].parse().unwrap();
            if parts.len() > 1 {
                splits += 1;
                assert!(k % 5 != 4, "list item {tag} split across pages: {parts:?}");
                for (page, n) in &parts {
                    assert!(*n >= 2, "{tag} has a single line on page {page}: {parts:?}");
                }
            }
        }
        assert!(splits > 0, "no paragraph crossed a page: the test proves nothing");
    }

    #[test]
    fn short_groups_move_whole_and_contact_blocks_never_split() {
        let filler = "word ".repeat(400);
        let mut items = vec![para(&filler)];
        items.push(Item::KeepWholeStart);
        for k in 0..12 {
            items.push(para(&format!("b{k} contact line")));
        }
        items.push(Item::KeepEnd);
        let l = layout(&items, &opts());
        let pages: std::collections::BTreeSet<usize> =
            lines_per_page(&l).values().flat_map(|v| v.iter().map(|(p, _)| *p)).collect();
        assert_eq!(pages.len(), 1, "contact block split over pages {pages:?}");
    }

    #[test]
    fn long_lists_split_between_items_with_two_on_each_side() {
        // Filler of varying length pushes a 9-item list across the page break at every offset.
        let mut splits = 0;
        for filler_words in (300..560).step_by(9) {
            let mut items = vec![para(&"word ".repeat(filler_words))];
            items.push(para("b99 These include:"));
            items.push(Item::ListStart { numbered: false });
            for k in 0..9 {
                items.push(Item::ListItem {
                    marker: "•".into(),
                    spans: vec![Span { text: format!("b{k} item"), style: Style::default() }],
                });
            }
            items.push(Item::ListEnd);
            let l = layout(&items, &opts());
            let per_page = lines_per_page(&l);
            let pages: Vec<usize> = (0..9).map(|k| per_page[&format!("b{k}")][0].0).collect();
            let lead_in = per_page["b99"][0].0;
            let first = pages.iter().filter(|&&p| p == pages[0]).count();
            assert!(first >= 2 && 9 - first >= 2 || first == 9, "{filler_words}: {pages:?}");
            assert!(pages.iter().filter(|&&p| p == lead_in).count() >= 2, "{filler_words}: lead-in alone");
            splits += usize::from(first < 9);
        }
        assert!(splits > 3, "the list never split: the test proves nothing");
    }

    #[test]
    fn no_line_starts_with_a_dash_and_last_lines_avoid_a_single_word() {
        let text = "If you — or your loved one — are ready to begin treatment, consider bringing a supportive friend or family member into the fold to help you on your road to recovery. Learning techniques for relapse prevention and management is an important part of a long-term recovery plan.";
        let spans = [Span { text: text.into(), style: Style::default() }];
        let mut lonely_avoided = 0;
        for width in (150..500).step_by(3) {
            let lines = break_lines(&spans, 18.0, FontStyle::Regular, width as f32, false, "en", Ink::Text);
            let texts: Vec<String> =
                lines.iter().map(|l| l.iter().map(|r| r.text.as_str()).collect()).collect();
            for t in &texts {
                assert!(!t.starts_with('—'), "width {width}: {texts:?}");
            }
            let last_words = texts.last().unwrap().split([' ', '\u{a0}']).count();
            // Only a measure too narrow for any choice leaves one word alone.
            let raw = wrap_optimal_fit(
                &atoms(&spans, 18.0, FontStyle::Regular, "en"),
                &[width as f64],
                &Penalties::new(),
            )
            .map(|l| l.last().map_or(0, |l| l.len()))
            .unwrap_or(0);
            if last_words >= 2 && raw == 1 {
                lonely_avoided += 1;
            }
        }
        assert!(lonely_avoided > 0, "no one-word last line was ever avoided");
    }

    #[test]
    fn justified_word_spaces_open_by_at_most_a_sixth_of_an_em() {
        let text = "Therapy is conducted by a psychiatrist, psychologist, or addictions counselor. You can do it on your own, with your family, or in a group. There are many different types of therapy. Behavioral therapy refers to all forms of therapy aimed at helping you identify and change self-destructive attitudes and behaviors.";
        let spans = [Span { text: text.into(), style: Style::default() }];
        let f = fonts();
        let mut justified = 0;
        for width in (120..420).step_by(7) {
            let lines = break_lines(&spans, 13.0, FontStyle::Regular, width as f32, true, "en", Ink::Text);
            for runs in &lines[..lines.len() - 1] {
                for pair in runs.windows(2) {
                    let gap = pair[1].x - (pair[0].x + pair[0].width);
                    let space = f.width(FontStyle::Regular, " ", 13.0);
                    assert!(gap <= space + 0.15 * 13.0 + 0.01, "width {width}: gap {gap} in {runs:?}");
                }
                justified += usize::from(runs.len() > 1);
            }
        }
        assert!(justified > 20, "hardly any line was justified");
    }

    #[test]
    fn slightly_tighter_spacing_is_used_when_it_saves_a_sheet() {
        // Add paragraphs until the normal spacing needs a second page.
        let mut items = Vec::new();
        let mut normal = 1;
        while normal == 1 {
            items.push(para(
                "Kratom detox may involve gradually reducing the drug dose to minimize these effects.",
            ));
            normal = layout_measured(&items, &opts()).pages.len();
        }
        assert_eq!(normal, 2);
        assert_eq!(layout(&items, &opts()).pages.len(), 1, "tighter spacing should fit one more paragraph");
        // When nothing is saved, the normal spacing stays.
        items.extend((0..20).map(|_| para("More text that needs a second page whatever the spacing.")));
        let laid = layout(&items, &opts());
        assert_eq!(laid, layout_measured(&items, &opts()));
    }

    #[test]
    fn spanish_words_hyphenate_with_spanish_patterns() {
        assert!(hyphenate("tratamientos", "es").len() > 1);
    }

    #[test]
    fn hyphenates_long_words_only() {
        assert_eq!(hyphenate("detox", "en"), ["detox"]);
        assert!(hyphenate("hallucinations", "en").len() > 1);
        assert_eq!(hyphenate("SAMHSA", "en"), ["SAMHSA"]);
    }
}
