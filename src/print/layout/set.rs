//! The setter: each layout item → chunks the paginator places (lines of one height, or a
//! figure), with the keep rules each carries.

use std::ops::Range;

use super::lines::{break_lines, plain_spans};
use super::paginate::{Group, paginate};
use super::ratio::*;
use super::{Figure, Ink, Item, Layout, ListRef, Options, Role, Run};
use crate::print::fonts::{FontStyle, fonts};

/// A vertical chunk the paginator places: lines of equal height, or one figure.
#[derive(Debug, Clone)]
pub(super) struct Chunk {
    pub(super) kind: Kind,
    pub(super) gap_before: f32,
    pub(super) line_height: f32,
    /// Distance from the top of a line box to its baseline.
    pub(super) ascent: f32,
    pub(super) lines: Vec<Vec<Run>>,
    /// Extra left offset for the lines (list items are indented).
    pub(super) indent: f32,
    /// Runs set in the left margin of the first line (list markers).
    pub(super) marker: Option<Run>,
    pub(super) anchor: Option<(String, String, u8)>,
    pub(super) rule_after: bool,
    /// Must share a page with the start of the next chunk (headings, a lead-in "…include:").
    pub(super) keep_with_next: bool,
    /// Starts a new page unless already at the top of one.
    pub(super) break_before: bool,
    /// A figure occupying the chunk's single line box.
    pub(super) figure: Option<Figure>,
    pub(super) role: Role,
    pub(super) list: Option<ListRef>,
    /// Language when it differs from the document's.
    pub(super) lang: Option<String>,
    /// A pack module's heading: wants a third of a page below it.
    pub(super) module: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Heading,
    Paragraph,
    Whole,
}

impl Chunk {
    pub(super) fn height(&self) -> f32 {
        self.lines.len() as f32 * self.line_height
    }

    pub(super) fn text(
        kind: Kind,
        gap_before: f32,
        line_height: f32,
        ascent: f32,
        lines: Vec<Vec<Run>>,
    ) -> Chunk {
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

pub(super) fn layout_column(items: &[Item], opts: &Options) -> Layout {
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
                let lh = p.title * TITLE_LEADING;
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
                    let mut c = Chunk::text(
                        Kind::Whole,
                        p.body * SUBTITLE_GAP,
                        body_lh,
                        ascent(p.body, body_lh),
                        lines,
                    );
                    c.rule_after = true;
                    chunks.push(c);
                }
            }
            Item::Module { text, anchor, new_page } => {
                let lh = p.title * TITLE_LEADING;
                let lines = title_lines(text);
                let mut c = Chunk::text(Kind::Heading, p.h2 * MODULE_GAP, lh, ascent(p.title, lh), lines);
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
                let lh = size * HEADING_LEADING;
                let lines =
                    break_lines(&plain_spans(text), size, FontStyle::Bold, width, false, lang, Ink::Accent);
                let gap = size * if *level <= 2 { H2_GAP } else { H3_GAP };
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
                let indent = p.body * INDENT * (depth + 1) as f32;
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
                    (true, _) => p.body * ITEM_GAP,
                    (false, Some(_)) => p.body * p.paragraph_gap * NEW_LIST_GAP,
                    (false, None) => p.body * p.paragraph_gap,
                };
                let mut c = Chunk::text(Kind::Whole, gap, body_lh, ascent(p.body, body_lh), lines);
                c.indent = indent;
                c.role = Role::ListItem;
                c.list = list;
                c.marker = Some(Run {
                    x: -mw - p.body * MARKER_GAP,
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
                    if *level <= 1 { (FontStyle::Bold, 0.0) } else { (FontStyle::Regular, p.body * INDENT) };
                let nw = f.width(style, number, p.body);
                let gap = if *level <= 1 { p.body * TOC_MODULE_GAP } else { p.body * TOC_ENTRY_GAP };
                let mut lines = break_lines(
                    &plain_spans(text),
                    p.body,
                    style,
                    width - indent - nw - p.body * TOC_NUMBER_ROOM,
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
