//! The setter: each layout item → chunks the paginator places (lines of one height, or a
//! figure), with the keep rules each carries.

use std::ops::Range;

use super::chunk::{Chunk, Group, Kind};
use super::lines::{WHOLE_WORDS, break_balanced, break_beside, break_hanging, break_lines, plain_spans};
use super::ratio::*;
use super::{Figure, Ink, Item, ListRef, Options, Role, Run};
use crate::corpus::markdown::Span;
use crate::print::fonts::{FontStyle, fonts};

/// Sets `items` in a column of the page's text width: the chunks, and the groups of chunks
/// kept together. Empty chunks (an empty paragraph) stay in the list, so group ranges keep
/// pointing at the right chunks; the paginator skips them.
pub(super) fn set(items: &[Item], opts: &Options) -> (Vec<Chunk>, Vec<(Range<usize>, Group)>) {
    let mut setter = Setter::new(opts);
    for (i, item) in items.iter().enumerate() {
        setter.item(item, items.get(i + 1));
    }
    (setter.chunks, setter.groups)
}

/// A figure beside the text that follows.
#[derive(Clone, Copy)]
struct Side {
    /// Its height still to pass, from the top of the next chunk.
    left: f32,
    /// The room it takes from the measure (its width and a gap).
    room: f32,
    /// The text of its entry stays beside it to the entry's end, past its foot (a logo's: the
    /// entry's lines keep one left edge).
    hang: bool,
}

/// Index of the left margin's side figure in [`Setter::sides`].
const LEFT: usize = 0;
/// Index of the right margin's side figure in [`Setter::sides`].
const RIGHT: usize = 1;

/// The state of setting a column: the chunks so far, the keep groups and lists still open,
/// and what carries over from one item to the next.
struct Setter<'a> {
    opts: &'a Options,
    /// Width of the text column.
    width: f32,
    /// Line height of body text.
    body_lh: f32,
    chunks: Vec<Chunk>,
    groups: Vec<(Range<usize>, Group)>,
    /// Keep groups and lists opened and not yet closed: where each starts.
    open: Vec<(usize, Group)>,
    /// The next chunk starts a new page.
    break_next: bool,
    /// Lists open, outermost first.
    lists: Vec<ListRef>,
    next_list: usize,
    /// Side figures at the left and right margins ([`LEFT`], [`RIGHT`]).
    sides: [Option<Side>; 2],
    /// Height a figure beside the entry just ended reaches below its text: the next chunk
    /// starts below it.
    below_entry: f32,
    /// The language of the part being set, when it is not the document's.
    part: Option<String>,
}

impl<'a> Setter<'a> {
    fn new(opts: &'a Options) -> Setter<'a> {
        let p = &opts.profile;
        Setter {
            opts,
            width: opts.column_width(),
            body_lh: p.body * p.leading,
            chunks: Vec::new(),
            groups: Vec::new(),
            open: Vec::new(),
            break_next: false,
            lists: Vec::new(),
            next_list: 0,
            sides: [None, None],
            below_entry: 0.0,
            part: None,
        }
    }

    /// Distance from the top of a line box of height `lh` to the baseline of `size` text,
    /// centring the font's ascender-to-descender box in the line.
    fn ascent(size: f32, lh: f32) -> f32 {
        let f = fonts();
        (lh - size * (f.ascender() - f.descender())) / 2.0 + size * f.ascender()
    }

    /// Lines of a title `width` wide, in the document's language.
    fn title_lines(&self, text: &str, width: f32) -> Vec<Vec<Run>> {
        let p = &self.opts.profile;
        break_balanced(&plain_spans(text), p.title, FontStyle::Bold, width, &self.opts.language, Ink::Accent)
    }

    /// Sets one item, then applies what carries over: text beside a side figure, the part's
    /// language, a pending page break. `next` is the item after it, if any.
    fn item(&mut self, item: &Item, next: Option<&Item>) {
        let before = self.chunks.len();
        let lang = self.part.clone().unwrap_or_else(|| self.opts.language.clone());
        match item {
            Item::Language(l) => self.part = l.clone().filter(|l| *l != self.opts.language),
            Item::Title { text, subtitle } => self.title(text, subtitle.as_deref(), &lang),
            Item::Module { text, anchor, new_page } => self.module(text, anchor, *new_page),
            Item::Heading { level, text, anchor } => self.heading(*level, text, anchor.as_deref(), &lang),
            Item::Paragraph(spans) => self.paragraph(spans, &lang, 0.0),
            Item::Field { label, spans } => {
                let p = &self.opts.profile;
                let hang = fonts().width(FontStyle::Regular, label, p.body);
                let line = [plain_spans(label).as_slice(), spans].concat();
                self.paragraph(&line, &lang, hang);
            }
            Item::ListStart { numbered } => self.list_start(*numbered),
            Item::ListEnd => self.list_end(),
            Item::ListItem { marker, spans } => self.list_item(marker, spans, &lang),
            Item::TocEntry { level, text, page, anchor } => self.toc_entry(*level, text, page, anchor, &lang),
            Item::Figure(figure) => self.figure(figure),
            Item::SideFigure(figure) => {
                // Sets nothing the rules below apply to: the text beside it does.
                self.side_figure(figure, RIGHT);
                return;
            }
            Item::LeadFigure(figure) => {
                // Beside the text where that leaves it room (a side figure after it takes its
                // own), else above it.
                let right = match next {
                    Some(Item::SideFigure(f)) => self.room(f),
                    _ => self.sides[RIGHT].map_or(0.0, |s| s.room),
                };
                if self.width - self.room(figure) - right >= BESIDE_MIN * self.opts.profile.body {
                    self.side_figure(figure, LEFT);
                    return;
                }
                self.figure(figure);
            }
            Item::PageBreak => self.break_next = true,
            Item::KeepStart => self.open.push((self.chunks.len(), Group::Keep)),
            Item::KeepWholeStart => self.keep_whole_start(),
            Item::EntryStart => self.open.push((self.chunks.len(), Group::Entry)),
            Item::KeepEnd => {
                if let Some((start, kind)) = self.open.pop() {
                    self.groups.push((start..self.chunks.len(), kind));
                    // The figures beside an entry's text (a logo, a QR code) end with the
                    // entry: the next starts below them, not beside a code taller than a
                    // short entry, its lines narrowed ("SAMHSA's National Helpline — / Free
                    // and confidential, 24 hours a / …").
                    if kind == Group::Entry {
                        let left = self.sides[LEFT].take_if(|s| s.hang).map_or(0.0, |s| s.left);
                        let right = self.sides[RIGHT].take().map_or(0.0, |s| s.left);
                        self.below_entry = left.max(right).max(0.0);
                    }
                }
            }
        }
        if self.chunks.len() > before {
            let c = &mut self.chunks[before];
            c.gap_before += std::mem::take(&mut self.below_entry);
            if matches!(item, Item::Paragraph(_) | Item::Field { .. }) {
                let down = c.gap_before + c.height();
                for side in &mut self.sides {
                    *side =
                        side.map(|s| Side { left: s.left - down, ..s }).filter(|s| s.hang || s.left > 0.0);
                }
            } else {
                // Anything else starts below the figures.
                c.gap_before += self.sides.iter().flatten().map(|s| s.left).fold(0.0, f32::max);
                self.sides = [None, None];
            }
        }
        if self.part.is_some() {
            for c in &mut self.chunks[before..] {
                c.lang = self.part.clone();
            }
        }
        if self.break_next && self.chunks.len() > before {
            self.chunks[before].break_before = true;
            self.break_next = false;
        }
    }

    fn title(&mut self, text: &str, subtitle: Option<&str>, lang: &str) {
        let p = &self.opts.profile;
        // The title block spans every column.
        let full = self.opts.page.text_width();
        let lh = p.title * TITLE_LEADING;
        let lines = self.title_lines(text, full);
        let mut c = Chunk::text(Kind::Whole, 0.0, lh, Self::ascent(p.title, lh), lines);
        c.role = Role::Title;
        c.rule_after = subtitle.is_none();
        c.span = true;
        self.chunks.push(c);
        if let Some(sub) = subtitle {
            let lines =
                break_lines(&plain_spans(sub), p.body, FontStyle::Regular, full, false, lang, Ink::Muted);
            let mut c = Chunk::text(
                Kind::Whole,
                p.body * SUBTITLE_GAP,
                self.body_lh,
                Self::ascent(p.body, self.body_lh),
                lines,
            );
            c.rule_after = true;
            c.span = true;
            self.chunks.push(c);
        }
    }

    fn module(&mut self, text: &str, anchor: &str, new_page: bool) {
        let p = &self.opts.profile;
        let lh = p.title * TITLE_LEADING;
        let lines = self.title_lines(text, self.width);
        let mut c = Chunk::text(Kind::Heading, p.h2 * MODULE_GAP, lh, Self::ascent(p.title, lh), lines);
        c.anchor = Some((anchor.to_string(), text.to_string(), 1));
        c.role = Role::Title;
        c.break_before = new_page;
        c.module = true;
        c.rule_after = true;
        c.keep_with_next = true;
        self.chunks.push(c);
    }

    fn heading(&mut self, level: u8, text: &str, anchor: Option<&str>, lang: &str) {
        let p = &self.opts.profile;
        let size = if level <= 2 { p.h2 } else { p.h3 };
        let lh = size * HEADING_LEADING;
        let lines = break_balanced(&plain_spans(text), size, FontStyle::Bold, self.width, lang, Ink::Accent);
        let gap = size * if level <= 2 { H2_GAP } else { H3_GAP };
        let mut c = Chunk::text(Kind::Heading, gap, lh, Self::ascent(size, lh), lines);
        c.anchor = anchor.map(|a| (a.to_string(), text.to_string(), level));
        c.role = Role::Heading(level.max(2));
        c.keep_with_next = true;
        self.chunks.push(c);
    }

    /// The language ragged-right text is broken in: `lang`, or whole words where the options
    /// do not hyphenate ([`Options::hyphenate`]).
    fn ragged<'l>(&self, lang: &'l str) -> &'l str {
        if self.opts.hyphenate { lang } else { WHOLE_WORDS }
    }

    /// Sets a paragraph; with `hang`, its lines after the first start that far in (a field
    /// after its label: [`Item::Field`]).
    fn paragraph(&mut self, spans: &[Span], lang: &str, hang: f32) {
        let p = &self.opts.profile;
        let [mut left, right] = self.sides.map(|s| s.map_or(0.0, |s| s.room));
        // A contact entry's lines (a name, an address, opening hours) stay ragged: stretched
        // to the measure they read as a paragraph they are not.
        let entry = self.open.iter().rev().find(|(_, g)| *g == Group::Entry).map(|(start, _)| *start);
        let justify = self.opts.justify && entry.is_none();
        let gap = p.body * p.paragraph_gap * if self.field(entry) { ENTRY_FIELD_GAP } else { 1.0 };
        // Lines are narrowed only as far down as a figure at the right margin reaches: a line
        // whose top is at or below its foot has the measure back.
        let beside =
            self.sides[RIGHT].map_or(0, |s| ((s.left - gap) / self.body_lh).ceil().max(0.0) as usize);
        let lang = if justify { lang } else { self.ragged(lang) };
        let set = |measure: f32| {
            let plain = break_beside(
                spans,
                p.body,
                FontStyle::Regular,
                (measure, measure - right, beside),
                justify,
                lang,
                Ink::Text,
            );
            // A field hangs under its label's value where that costs no line: in a narrow
            // column the days would wrap inside ("(walk-in / evening)").
            if hang > 0.0 {
                let hung = break_hanging(
                    spans,
                    p.body,
                    FontStyle::Regular,
                    (measure - right, hang),
                    lang,
                    Ink::Text,
                );
                if hung.len() <= plain.len() {
                    return hung;
                }
            }
            plain
        };
        let mut lines = set(self.width - left);
        // Below a logo its entry's lines keep their left edge, as long as that costs no line:
        // a paragraph that would take more there goes back to the margin, with the rest of
        // the entry.
        if self.sides[LEFT].is_some_and(|s| s.hang && s.left <= 0.0) {
            let full = set(self.width);
            if full.len() < lines.len() {
                (lines, left) = (full, 0.0);
                self.sides[LEFT] = None;
            }
        }
        let mut c =
            Chunk::text(Kind::Paragraph, gap, self.body_lh, Self::ascent(p.body, self.body_lh), lines);
        c.indent = left;
        // A lead-in to a list ("These include:") stays with the list.
        c.keep_with_next = crate::corpus::markdown::spans_text(spans).trim_end().ends_with(':');
        self.chunks.push(c);
    }

    /// Whether a paragraph in the entry starting at chunk `entry` is one of its lines after the
    /// first (an address, a phone, opening hours under a name): those stand close, as on a
    /// card, and the paragraph gap separates one entry from the next.
    fn field(&self, entry: Option<usize>) -> bool {
        entry.is_some_and(|start| self.chunks[start..].last().is_some_and(|c| c.kind == Kind::Paragraph))
    }

    fn list_start(&mut self, numbered: bool) {
        if self.lists.is_empty() {
            self.open.push((self.chunks.len(), Group::List));
        }
        self.lists.push(ListRef { id: self.next_list, depth: self.lists.len(), numbered });
        self.next_list += 1;
    }

    fn list_end(&mut self) {
        self.lists.pop();
        if self.lists.is_empty()
            && let Some((start, kind)) = self.open.pop()
        {
            self.groups.push((start..self.chunks.len(), kind));
        }
    }

    fn list_item(&mut self, marker: &str, spans: &[Span], lang: &str) {
        let p = &self.opts.profile;
        let list = self.lists.last().copied();
        let depth = list.map_or(0, |l| l.depth);
        let indent = p.body * INDENT * (depth + 1) as f32;
        let previous = self.chunks.last().and_then(|c| c.list);
        // Items of one list (and a nested list inside it) sit close; a new list, even right
        // after another, starts a paragraph apart so separate lists read apart.
        let same_list = match (previous, list) {
            (Some(a), Some(b)) => a.id == b.id || a.depth != b.depth,
            _ => false,
        };
        let mw = fonts().width(FontStyle::Bold, marker, p.body);
        let lines = break_lines(
            spans,
            p.body,
            FontStyle::Regular,
            self.width - indent,
            false,
            self.ragged(lang),
            Ink::Text,
        );
        let gap = match (same_list, previous) {
            (true, _) => p.body * ITEM_GAP,
            (false, Some(_)) => p.body * p.paragraph_gap * NEW_LIST_GAP,
            (false, None) => p.body * p.paragraph_gap,
        };
        let mut c = Chunk::text(Kind::Whole, gap, self.body_lh, Self::ascent(p.body, self.body_lh), lines);
        c.indent = indent;
        c.role = Role::ListItem;
        c.list = list;
        c.marker = Some(Run {
            x: -mw - p.body * MARKER_GAP,
            // The trailing space is invisible; it keeps "1." apart from the item's first word
            // for text extraction and screen readers.
            text: format!("{marker} "),
            style: FontStyle::Bold,
            size: p.body,
            width: mw,
            ink: Ink::Accent,
            link: None,
            hyphen: false,
            tracking: 0.0,
            space_after: false,
        });
        self.chunks.push(c);
    }

    fn toc_entry(&mut self, level: u8, text: &str, number: &str, anchor: &str, lang: &str) {
        let p = &self.opts.profile;
        let f = fonts();
        let width = self.width;
        // A module bold and flush left; its sections indented, the headings inside them more.
        let (style, indent) = if level <= 1 {
            (FontStyle::Bold, 0.0)
        } else {
            (FontStyle::Regular, p.body * INDENT * f32::from(level - 1))
        };
        let nw = f.width(style, number, p.body);
        let mut gap = if level <= 1 { p.body * TOC_MODULE_GAP } else { p.body * TOC_ENTRY_GAP };
        let mut line_height = self.body_lh;
        if self.opts.tight_contents {
            gap *= TIGHT_CONTENTS_GAP;
            line_height = line_height.min(p.body * MIN_LEADING);
        }
        let mut lines = break_lines(
            &plain_spans(text),
            p.body,
            style,
            width - indent - nw - p.body * TOC_NUMBER_ROOM,
            false,
            self.ragged(lang),
            Ink::Text,
        );
        let mut leader = None;
        if let Some(last) = lines.last_mut() {
            let space = f.width(style, " ", p.body);
            // Dots from the entry's text to its number, a little clear of both: a short title
            // far from its number is read along them, not across a gap to another line's.
            let text_end = last.iter().map(|r| r.x + r.width).fold(0.0, f32::max);
            let (from, to) = (text_end + p.body * LEADER_CLEAR, width - indent - nw - p.body * LEADER_CLEAR);
            leader = (to - from >= p.body * LEADER_MIN).then_some((from, to, p.body));
            last.push(Run {
                // A leading space (invisible) keeps the number apart from the entry for text
                // extraction and screen readers.
                x: width - indent - nw - space,
                text: format!(" {number}"),
                style,
                size: p.body,
                width: nw + space,
                ink: Ink::Text,
                link: None,
                hyphen: false,
                tracking: 0.0,
                space_after: false,
            });
        }
        // Internal links ("#anchor") to where the heading landed; set in text colour.
        for run in lines.iter_mut().flatten() {
            run.link = Some(format!("#{anchor}"));
        }
        let mut c = Chunk::text(Kind::Whole, gap, line_height, Self::ascent(p.body, line_height), lines);
        c.indent = indent;
        c.role = Role::TocEntry;
        c.leader = leader;
        self.chunks.push(c);
    }

    fn figure(&mut self, figure: &Figure) {
        let p = &self.opts.profile;
        let (_, h) = figure.size();
        let mut c = Chunk::text(Kind::Whole, p.body * p.paragraph_gap, h, 0.0, vec![Vec::new()]);
        c.figure = Some(figure.clone());
        self.chunks.push(c);
    }

    /// The room a figure beside text takes from the measure: its width and a gap.
    fn room(&self, figure: &Figure) -> f32 {
        figure.size().0 + self.opts.profile.body
    }

    /// A figure beside the paragraphs that follow, at the `side` margin ([`LEFT`] or
    /// [`RIGHT`]): a QR code beside a contact's text, a logo beside a clinic's name (which its
    /// entry's lines hang beside to the entry's end).
    fn side_figure(&mut self, figure: &Figure, side: usize) {
        let p = &self.opts.profile;
        let (w, h) = figure.size();
        // No height of its own: the paragraphs beside it advance the page. It starts below
        // a figure before it on its side that its text did not reach the foot of, and below
        // one beside the entry before.
        let below =
            self.sides[side].take().map_or(0.0, |s| s.left.max(0.0)) + std::mem::take(&mut self.below_entry);
        let mut c = Chunk::text(Kind::Whole, below, 0.0, 0.0, vec![Vec::new()]);
        // Level with the first line beside it, below that paragraph's gap: a QR code's top
        // (its quiet zone) with the line's top, so its dark modules start about at the
        // capitals; a logo's with the capitals (a logo drawn higher crowded the heading
        // above).
        let capitals = match figure {
            Figure::Image { .. } => {
                Self::ascent(p.body, self.body_lh) - p.body * fonts().cap_height(FontStyle::Bold) / 1000.0
            }
            Figure::Qr { .. } => 0.0,
        };
        c.figure_drop = p.body * p.paragraph_gap + capitals;
        let foot = c.figure_drop + h;
        c.figure = Some(figure.clone());
        c.beside = Some(foot);
        c.indent = if side == RIGHT { self.width - w } else { 0.0 };
        self.chunks.push(c);
        self.sides[side] = Some(Side { left: foot, room: self.room(figure), hang: side == LEFT });
    }

    /// A contact block: kept whole, and what comes before it goes with it, so it never stands
    /// alone on a page.
    fn keep_whole_start(&mut self) {
        if let Some(prev) = self.chunks.iter_mut().rev().find(|c| !c.lines.is_empty()) {
            prev.keep_with_next = true;
        }
        self.open.push((self.chunks.len(), Group::Whole))
    }
}
