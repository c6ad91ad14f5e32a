//! PDF writer: a [`Layout`] → PDF bytes, through printpdf. Pure: the same layout and metadata
//! give the same bytes (fixed font resource names, document ID derived from the content, dates
//! from `SOURCE_DATE_EPOCH`-style input rather than the clock).
//!
//! Fonts are embedded as subsets (only the glyphs used), text is real text (copy, search and
//! screen readers work), links are clickable, and headings become bookmarks.

use printpdf::{
    Actions, BorderArray, Color, FontId, Line as PdfLine, LineDashPattern, LinePoint, LinkAnnotation, Mm, Op,
    ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix,
};

use std::collections::BTreeSet;

use crate::fonts::{FontStyle, fonts};
use crate::layout::{Ink, Layout};

/// Document-level metadata.
#[derive(Clone, Debug, Default)]
pub struct Metadata {
    /// Title shown by viewers.
    pub title: String,
    /// Subject line.
    pub subject: String,
    /// Keywords (topics).
    pub keywords: Vec<String>,
    /// Author or organization.
    pub author: String,
    /// Creation time, seconds since the Unix epoch.
    pub created: i64,
}

fn color(ink: Ink) -> Color {
    let (r, g, b) = match ink {
        Ink::Text => (0.10, 0.10, 0.10),
        Ink::Accent => (0.02, 0.29, 0.36),
        Ink::Muted => (0.25, 0.25, 0.25),
        Ink::Link => (0.0, 0.2, 0.6),
    };
    Color::Rgb(Rgb { r, g, b, icc_profile: None })
}

fn font_id(style: FontStyle) -> FontId {
    FontId(format!("F{}", style.index()))
}

/// Renders `layout` to PDF bytes.
pub fn render(layout: &Layout, meta: &Metadata) -> Vec<u8> {
    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.subject = meta.subject.clone();
    info.keywords = meta.keywords.clone();
    info.author = meta.author.clone();
    info.creator = "outreach".into();
    info.producer = format!("outreach {}", env!("CARGO_PKG_VERSION"));
    if let Ok(t) = printpdf::OffsetDateTime::from_unix_timestamp(meta.created) {
        info.creation_date = t;
        info.modification_date = t;
        info.metadata_date = t;
    }

    let f = fonts();
    let mut used: [BTreeSet<char>; 4] = Default::default();
    for line in layout.pages.iter().flat_map(|p| &p.lines) {
        for run in &line.runs {
            used[run.style.index()].extend(run.text.chars());
        }
    }
    for style in FontStyle::ALL.into_iter().filter(|s| !used[s.index()].is_empty()) {
        // Embedded fonts are compiled in and known to parse; should subsetting ever fail, the
        // whole face is embedded instead, which is larger but still correct.
        let bytes = f.subset(style, &used[style.index()]).unwrap_or_else(|_| f.bytes(style).to_vec());
        if let Some(parsed) = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()) {
            doc.resources.fonts.map.insert(font_id(style), PdfFont::new(parsed));
        }
    }

    let page_h = layout.page.height;
    let mm = |pt: f32| Mm(pt * 25.4 / 72.0);
    let mut pages = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let mut ops = Vec::new();
        for rule in &page.rules {
            ops.push(Op::SetOutlineColor { col: color(Ink::Accent) });
            ops.push(Op::SetOutlineThickness { pt: Pt(0.75) });
            ops.push(Op::SetLineDashPattern { dash: LineDashPattern::default() });
            ops.push(Op::DrawLine {
                line: PdfLine {
                    points: vec![
                        LinePoint { p: Point { x: Pt(rule.x1), y: Pt(page_h - rule.y) }, bezier: false },
                        LinePoint { p: Point { x: Pt(rule.x2), y: Pt(page_h - rule.y) }, bezier: false },
                    ],
                    is_closed: false,
                },
            });
        }
        ops.push(Op::StartTextSection);
        let mut current: Option<(FontStyle, f32, Ink)> = None;
        for line in &page.lines {
            for run in &line.runs {
                if current.map(|c| (c.0, c.1)) != Some((run.style, run.size)) {
                    ops.push(Op::SetFont {
                        font: PdfFontHandle::External(font_id(run.style)),
                        size: Pt(run.size),
                    });
                }
                if current.map(|c| c.2) != Some(run.ink) {
                    ops.push(Op::SetFillColor { col: color(run.ink) });
                }
                current = Some((run.style, run.size, run.ink));
                ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(run.x), Pt(page_h - line.y)) });
                ops.push(Op::ShowText { items: text_items(run.style, &run.text) });
            }
        }
        ops.push(Op::EndTextSection);
        for line in &page.lines {
            for run in line.runs.iter().filter(|r| r.link.is_some()) {
                let url = run.link.clone().unwrap_or_default();
                ops.push(Op::LinkAnnotation {
                    link: LinkAnnotation::new(
                        Rect {
                            x: Pt(run.x),
                            y: Pt(page_h - line.y - run.size * 0.25),
                            width: Pt(run.width),
                            height: Pt(run.size * 1.1),
                            mode: None,
                            winding_order: None,
                        },
                        Actions::Uri(url),
                        Some(BorderArray::default()),
                        None,
                        None,
                    ),
                });
            }
        }
        pages.push(PdfPage::new(mm(layout.page.width), mm(layout.page.height), ops));
    }
    for anchor in &layout.anchors {
        doc.add_bookmark(&anchor.text, anchor.page + 1);
    }
    let options = PdfSaveOptions { subset_fonts: true, optimize: true, ..Default::default() };
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(pages).save(&options, &mut warnings);
    deterministic_id(bytes)
}

/// Text with the font's kerning as `TJ` offsets.
fn text_items(style: FontStyle, text: &str) -> Vec<TextItem> {
    let kerns = fonts().kerning(style, text);
    if kerns.is_empty() {
        return vec![TextItem::Text(text.to_string())];
    }
    let chars: Vec<char> = text.chars().collect();
    let mut items = Vec::new();
    let mut last = 0;
    for (at, k) in kerns {
        items.push(TextItem::Text(chars[last..at].iter().collect()));
        // TJ offsets move the next glyph left by n/1000 em; kerning values are the opposite sign.
        items.push(TextItem::Offset(-k));
        last = at;
    }
    items.push(TextItem::Text(chars[last..].iter().collect()));
    items
}

/// printpdf draws the trailer's `/ID` from a process-wide counter, so the same document
/// differs between runs and threads. Replace both ID strings (same length, so no offsets
/// move) with a hash of the rest of the file.
fn deterministic_id(mut bytes: Vec<u8>) -> Vec<u8> {
    let Some(at) = find_last(&bytes, b"/ID") else { return bytes };
    let mut spans = Vec::new();
    let mut i = at;
    while spans.len() < 2 && i < bytes.len() {
        if bytes[i] == b'(' {
            let start = i + 1;
            let end = start + bytes[start..].iter().position(|&b| b == b')').unwrap_or(0);
            spans.push(start..end);
            i = end;
        }
        i += 1;
    }
    for s in &spans {
        bytes[s.clone()].fill(b'0');
    }
    let hash = blake3::hash(&bytes).to_hex();
    for s in spans {
        let hex = hash.as_bytes();
        for (k, b) in bytes[s].iter_mut().enumerate() {
            *b = hex[k % hex.len()];
        }
    }
    bytes
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}
