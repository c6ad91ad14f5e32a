//! Where a page is cut: chunks → pages, under the keep rules (no widows or orphans, headings
//! with what follows, lists split only between items, contact blocks never alone, no page
//! ending mid-word where that costs no sheet), then each page gets its header and footer
//! ([`super::furniture`]).

use std::collections::BTreeMap;
use std::ops::Range;

use super::chunk::{Chunk, Group, Kind};
use super::furniture::{decorate, footer_lines, header_title, header_title_room};
use super::ratio::*;
use super::{Anchor, Layout, Line, Options, Page, PageEnd, PlacedFigure, Role, Rule, Run, Stroke};

/// Vertical metrics of the page frame.
pub(super) struct TextArea {
    top_first: f32,
    top_rest: f32,
    /// Where the first page's text ends: above a footer with the source lines.
    bottom_first: f32,
    /// Where every other page's text ends.
    bottom: f32,
    max_keep: f32,
    /// Height of a full page's text area.
    full: f32,
    /// Room a rule under a chunk takes beyond its lines (a module's title).
    rule: f32,
}

impl TextArea {
    /// Where page `i`'s text ends.
    fn bottom_of(&self, i: usize) -> f32 {
        if i == 0 { self.bottom_first } else { self.bottom }
    }
}

/// The footer lines of the first page (with the source lines) and of every other page.
/// The footer lines of the first page and of the others, for the room they take: in each
/// language a page may have, the one with the most lines.
fn footers(opts: &Options) -> [Vec<Vec<Run>>; 2] {
    let tallest = |first: bool| {
        std::iter::once(opts.language.as_str())
            .chain(opts.part_languages.iter().map(String::as_str))
            .map(|l| footer_lines(opts, first, l))
            .max_by_key(Vec::len)
            .unwrap_or_default()
    };
    [tallest(true), tallest(false)]
}

/// The text area of pages whose footers are `footers` (the first page's, every other's).
pub(super) fn frame(opts: &Options, footers: &[Vec<Vec<Run>>; 2], running_header: bool) -> TextArea {
    let page = opts.page;
    let p = &opts.profile;
    let small_lh = p.small * SMALL_LEADING;
    let footer_height = |lines: &[Vec<Run>]| (lines.len() + 1) as f32 * small_lh + p.small;
    let header_height = if running_header { small_lh + p.small } else { 0.0 };
    let top_rest = page.margin + header_height;
    let bottom = page.height - page.margin - footer_height(&footers[1]);
    TextArea {
        top_first: if opts.header.is_some() { top_rest } else { page.margin },
        top_rest,
        bottom_first: page.height - page.margin - footer_height(&footers[0]),
        bottom,
        max_keep: (bottom - top_rest) * MAX_KEEP,
        full: bottom - top_rest,
        rule: p.body * (RULE_ABOVE + RULE_BELOW),
    }
}

/// How much room each chunk needs below the current position so that placing it there breaks
/// no keep rule.
pub(super) struct Needs<'a> {
    chunks: &'a [Chunk],
    groups: &'a [(Range<usize>, Group)],
    /// For chunks inside a list: (position in the list, list length, first chunk).
    list_pos: Vec<Option<(usize, usize, usize)>>,
    max_keep: f32,
    full: f32,
    /// [`TextArea::rule`].
    rule: f32,
    /// Height of the frame the chunk being placed would move to: `full`, or less on a
    /// balanced last page, where a contact block too tall for its shortened columns breaks
    /// between its entries rather than leaving one column empty.
    frame: std::cell::Cell<f32>,
    /// A contact block may break between its entries from this column to the next of the same
    /// page (the chunk being placed is not in a page's last column, and breaking so is allowed).
    to_next_column: std::cell::Cell<bool>,
    /// The chunk being placed is not in a page's last column: what moves on stays on the page.
    next_column_on_page: std::cell::Cell<bool>,
    /// Columns a page holds a contact block in: the page's columns when a block may break
    /// between its entries from one column to the next, else 1.
    page_columns: std::cell::Cell<usize>,
    /// A block that cannot take the text before it along breaks between its entries
    /// ([`Blocks::Flow`]).
    flow: bool,
    /// Pages of one column ([`Needs::last_goes_alone`]).
    one_column: bool,
    /// Page ends are moved off hyphenated words ([`Rules::whole_words`]): a paragraph needs
    /// room for the lines that end its first part off a hyphen.
    whole_words: std::cell::Cell<bool>,
    /// [`Rules::whole_paragraphs`].
    whole_paragraphs: bool,
}

impl Needs<'_> {
    fn new<'a>(
        chunks: &'a [Chunk],
        groups: &'a [(Range<usize>, Group)],
        fr: &TextArea,
        flow: bool,
        whole_words: bool,
        whole_paragraphs: bool,
        one_column: bool,
    ) -> Needs<'a> {
        let mut list_pos = vec![None; chunks.len()];
        for (g, kind) in groups {
            if *kind == Group::List {
                let members: Vec<usize> = g.clone().filter(|&i| !chunks[i].lines.is_empty()).collect();
                for (j, &i) in members.iter().enumerate() {
                    list_pos[i] = Some((j, members.len(), g.start));
                }
            }
        }
        Needs {
            chunks,
            groups,
            list_pos,
            max_keep: fr.max_keep,
            full: fr.full,
            rule: fr.rule,
            frame: fr.full.into(),
            to_next_column: false.into(),
            next_column_on_page: false.into(),
            page_columns: 1.into(),
            flow,
            one_column,
            whole_words: whole_words.into(),
            whole_paragraphs,
        }
    }

    /// The next chunk after `i` that has content.
    fn next(&self, i: usize) -> Option<usize> {
        (i + 1..self.chunks.len()).find(|&j| !self.chunks[j].lines.is_empty())
    }

    /// Whether chunk `i` starts a contact block (a group kept whole).
    fn starts_block(&self, i: usize) -> bool {
        self.groups.iter().any(|(g, k)| *k == Group::Whole && g.start == i)
    }

    /// Where the outermost group that ends with chunk `i` and moves whole (a contact block, an
    /// entry of one, a short keep) starts.
    fn whole_group_ending(&self, i: usize) -> Option<usize> {
        let last = |g: &Range<usize>| g.contains(&i) && self.next(i).is_none_or(|n| n >= g.end);
        self.groups
            .iter()
            .filter(|(g, kind)| {
                last(g)
                    && match kind {
                        Group::Whole | Group::Entry => self.span(g.clone()) <= self.full,
                        Group::Keep => self.span(g.clone()) <= self.max_keep,
                        Group::List => false,
                    }
            })
            .map(|(g, _)| g.start)
            .min()
    }

    /// Height of the chunks in `range` set one after another, down to the foot of the lowest
    /// (a figure beside text may reach below the text).
    fn span(&self, range: Range<usize>) -> f32 {
        let (mut y, mut foot) = (0.0f32, 0.0f32);
        for (k, c) in self.chunks[range].iter().filter(|c| !c.lines.is_empty()).enumerate() {
            if k > 0 {
                y += c.gap_before;
            }
            foot = foot.max(y + c.beside.unwrap_or(0.0));
            y += c.height();
            foot = foot.max(y);
        }
        foot
    }

    /// Height of the text that keeps with chunk `i` from before it (a lead-in, the paragraph
    /// before a contact block), with the gap to `i`; 0 when none does.
    fn kept_before(&self, i: usize) -> f32 {
        let start = self.list_kept(kept_with(self.chunks, i));
        if start == i { 0.0 } else { self.span(start..i + 1) - self.span(i..i + 1) }
    }

    /// Where what goes along with chunk `i` starts: a list's last item takes the item before
    /// it (a list of three items or fewer, the whole list); anything else, itself.
    fn list_kept(&self, i: usize) -> usize {
        match self.list_pos[i] {
            Some(_) if self.last_goes_alone(i) => i,
            Some((j, n, first)) if n > 1 && j + 1 == n => {
                let before = previous(self.chunks, i).unwrap_or(i);
                if n > 3 { before } else { first }
            }
            _ => i,
        }
    }

    /// Whether a list's last item `i` goes over to a page alone with the contact block after
    /// it, in one column: no page holds the last two items with the block, one holds the last
    /// item with it (a page of columns holds them in turn).
    /// The last page is then not the block alone, easily lost with the numbers to call; one
    /// item over the page from the rest of its list is the lesser fault.
    fn last_goes_alone(&self, i: usize) -> bool {
        let Some((j, n, _)) = self.list_pos[i] else { return false };
        let Some(next) = self.next(i) else { return false };
        if !self.one_column
            || n < 2
            || j + 1 != n
            || !self.chunks[i].keep_with_next
            || self.chunks[next].break_before
        {
            return false;
        }
        // The contact block starting at `next`; its height, not its need (that asks what keeps
        // with the block: this item).
        let Some((block, _)) = self.groups.iter().find(|(g, k)| *k == Group::Whole && g.start == next) else {
            return false;
        };
        let after = self.chunks[next].gap_before + self.span(block.clone());
        let before = previous(self.chunks, i).unwrap_or(i);
        self.span(before..i + 1) + after > self.full && self.chunks[i].height() + after <= self.full
    }

    /// Whether paragraph `i` goes whole with the contact block after it: the two fit on a page
    /// (a page of columns whose next column cannot take the block). The page it leaves then
    /// ends where a sentence does: two lines of it had gone along, and the page had stopped
    /// mid-sentence above the room the block left ("…for anxiety or depression," over half a
    /// page of white). What it keeps with before it (a lead-in, a heading) goes along too.
    fn whole_with_block(&self, i: usize) -> bool {
        let c = &self.chunks[i];
        let Some(next) = self.next(i) else { return false };
        self.whole_paragraphs
            && c.kind == Kind::Paragraph
            && c.keep_with_next
            && self.starts_block(next)
            && !self.next_column_on_page.get()
            && !self.chunks[next].break_before
            && self.span(kept_with(self.chunks, i)..i + 1) + self.chunks[next].gap_before + self.need(next)
                <= self.frame.get()
    }

    /// Room needed to start chunk `i` (its own gap excluded).
    fn need(&self, i: usize) -> f32 {
        let c = &self.chunks[i];
        let whole_with_block = self.whole_with_block(i);
        let mut need = match c.kind {
            Kind::Paragraph if c.lines.len() >= 4 && !whole_with_block => {
                // Two lines, or more where the page would end on a hyphen (a heading before
                // the paragraph then goes on with it, rather than have the reader turn the
                // page mid-word).
                let n = c.lines.len();
                let mut first = 2;
                while self.whole_words.get() && first + 2 <= n && ends_on_hyphen(&c.lines, first) {
                    first += 1;
                }
                if first + 2 > n { c.height() } else { first as f32 * c.line_height }
            }
            _ => c.height(),
        };
        // A figure beside text fits whole above the foot of the page, and its text starts
        // beside it.
        if let Some(h) = c.beside {
            need = need.max(h);
            if let Some(next) = self.next(i) {
                need = need.max(self.chunks[next].gap_before + self.need(next));
            }
        }
        if c.module {
            // A module starts where the room left holds its heading and what opens it: its
            // text to a third of a page, with what that text keeps with (a lead-in and its
            // list). A module had opened with two lines above a gap, its substance overleaf.
            let title = c.height() + if c.rule_after { self.rule } else { 0.0 };
            let (mut placed, mut opening, mut k) = (title, title, i);
            while placed < self.full / MODULE_ROOM
                && let Some(next) = self.next(k).filter(|&n| !self.chunks[n].module)
            {
                let gap = self.chunks[next].gap_before;
                opening = opening.max(placed + gap + self.need(next));
                placed += gap + self.chunks[next].height();
                k = next;
            }
            need = need.max(self.full / MODULE_ROOM).max(opening.min(self.full));
        }
        for (g, kind) in self.groups.iter().filter(|(g, _)| g.start == i && g.end > g.start) {
            let h = self.span(g.clone());
            let limit = match kind {
                Group::Whole if self.to_next_column.get() => 0.0,
                // In one column, a block that cannot take the text before it along breaks
                // between its entries: moved whole, it would stand alone on a page and leave
                // the page before it short.
                Group::Whole if self.flow => self.frame.get() - self.kept_before(i),
                Group::Whole | Group::Entry => self.frame.get(),
                Group::Keep => self.max_keep,
                // A list of three items or fewer cannot leave two on each side of a break: it
                // moves whole whenever it fits on a page.
                Group::List => {
                    let n = self.list_pos[i].map_or(0, |p| p.1);
                    if n > 3 { 0.0 } else { self.full }
                }
            };
            if h <= limit {
                need = need.max(h);
                // With what its last item keeps with (a contact block after it), where that
                // holds: else the last item would leave the others behind (a list's first
                // items, a block's heading and logo).
                if matches!(kind, Group::List | Group::Whole)
                    && let Some(last) = g.clone().rev().find(|&k| !self.chunks[k].lines.is_empty())
                    && last != i
                {
                    need = need.max(h + self.need(last) - self.chunks[last].height());
                }
            }
        }
        if let Some((j, n, _)) = self.list_pos[i]
            && n > 3
            && (j == 0 || j + 2 == n)
            && let Some(next) = self.next(i)
        {
            // The first two items go together, and so do the last two (unless the last goes
            // alone with a contact block, [`Needs::last_goes_alone`]).
            let second = if j == 0 { self.chunks[next].height() } else { self.need(next) };
            let gap = self.chunks[next].gap_before;
            let mut pair = c.height() + gap + second;
            let items = c.height() + gap + self.chunks[next].height();
            // No page holds the pair with what the last item keeps with (a contact block):
            // the two items still go together, and the block may stand apart. A page of
            // columns that holds them all keeps them together, as the last item does
            // ([`Needs::need`] of it): the item before it had stayed behind, leaving the last
            // item alone over the page with the block.
            if pair > self.full && pair > self.full * self.page_columns.get() as f32 {
                pair = items;
            }
            if j + 2 == n && self.last_goes_alone(next) {
                pair = c.height();
            }
            need = need.max(pair);
        }
        // A paragraph of four lines or more can leave its last two with what follows.
        let splits = c.kind == Kind::Paragraph && c.lines.len() >= 4 && !whole_with_block;
        // The text before a contact block goes along so that the block never stands alone on
        // a page; the next column of the same page is not alone.
        let block_next_column =
            self.next_column_on_page.get() && self.next(i).is_some_and(|n| self.starts_block(n));
        if c.keep_with_next
            && !splits
            && !block_next_column
            && let Some(next) = self.next(i)
            && !self.chunks[next].break_before
        {
            // A keep no page can hold (the text before a contact block that fills most of a
            // page, which may stand alone) is let go: moving the text would only leave it alone
            // on a page of its own. The last chunk of a group that moves whole takes the group
            // along, so one contact block keeps with the next only if both fit on a page.
            let after = self.chunks[next].gap_before + self.need(next);
            // A list's last item goes nowhere without the one before it (a short list's,
            // without the whole list): the keep holds only if they fit on a page with what
            // follows.
            let start = self.whole_group_ending(i).unwrap_or(i).min(self.list_kept(i));
            // Where a block may go on from one column to the next, a page of columns holds
            // the text and the block together.
            if self.span(start..i + 1) + after <= self.full * self.page_columns.get() as f32 {
                need = need.max(c.height() + after);
            }
        }
        need
    }
}

/// Whether a contact block (a group kept whole) starts a page with no text of the document
/// before it: the block stands alone, as it should not.
pub(super) fn block_alone(laid: &Layout, groups: &[(Range<usize>, Group)]) -> bool {
    groups.iter().filter(|(_, kind)| *kind == Group::Whole).any(|(g, _)| {
        let first = laid.pages.iter().find(|p| p.lines.iter().any(|l| g.contains(&l.block)));
        first.is_some_and(|p| p.lines.iter().filter(|l| l.role != Role::Artifact).all(|l| l.block >= g.start))
    })
}

/// Each list's lead-in ("These include:", a paragraph kept with what follows) and the list's
/// first item.
pub(super) fn lead_ins(chunks: &[Chunk], groups: &[(Range<usize>, Group)]) -> Vec<(usize, usize)> {
    let first = |g: &Range<usize>| g.clone().find(|&i| !chunks[i].lines.is_empty());
    groups
        .iter()
        .filter(|(_, kind)| *kind == Group::List)
        .filter_map(|(g, _)| {
            let lead = previous(chunks, g.start)?;
            let c = &chunks[lead];
            (c.kind == Kind::Paragraph && c.keep_with_next).then_some((lead, first(g)?))
        })
        .collect()
}

/// Whether a list is parted from what keeps with it: its last item over a page from the item
/// before it, gone alone with the contact block after it ([`Needs::last_goes_alone`]), or its
/// lead-in at the foot of a page and its items overleaf (`leads`, [`lead_ins`]: a 3-item list
/// that the contact block after it takes along). A closer setting may spare either.
pub(super) fn list_apart(laid: &Layout, groups: &[(Range<usize>, Group)], leads: &[(usize, usize)]) -> bool {
    let page_of = |block: usize| laid.pages.iter().position(|p| p.lines.iter().any(|l| l.block == block));
    let last_page_of =
        |block: usize| laid.pages.iter().rposition(|p| p.lines.iter().any(|l| l.block == block));
    let item_alone = groups.iter().filter(|(_, kind)| *kind == Group::List).any(|(g, _)| {
        let mut pages = g.clone().rev().filter_map(page_of);
        matches!((pages.next(), pages.next()), (Some(last), Some(before)) if last != before)
    });
    item_alone || leads.iter().any(|&(lead, first)| last_page_of(lead) != page_of(first))
}

/// Whether the last page holds nothing but the last entries of a contact block begun on a
/// page before it (a block too tall to go whole onto a page with the text before it).
pub(super) fn tail_alone(laid: &Layout, groups: &[(Range<usize>, Group)]) -> bool {
    groups.iter().filter(|(_, kind)| *kind == Group::Whole).any(|(g, _)| block_tail_alone(laid, g))
}

/// Whether the last page holds only the rest of the contact block `g`, begun on a page before
/// it.
fn block_tail_alone(laid: &Layout, g: &Range<usize>) -> bool {
    let Some((last, before)) = laid.pages.split_last() else { return false };
    let mut text = last.lines.iter().filter(|l| l.role != Role::Artifact).peekable();
    text.peek().is_some()
        && text.all(|l| g.contains(&l.block))
        && before.iter().any(|p| p.lines.iter().any(|l| g.contains(&l.block)))
}

/// The chunk before `i` that has content.
fn previous(chunks: &[Chunk], i: usize) -> Option<usize> {
    (0..i).rev().find(|&k| !chunks[k].lines.is_empty())
}

/// The first of the chunks that keep with chunk `i` (a heading and the text before a contact
/// block), or `i`.
fn kept_with(chunks: &[Chunk], mut i: usize) -> usize {
    while let Some(prev) = previous(chunks, i)
        && chunks[prev].keep_with_next
        && !chunks[prev].span
    {
        i = prev;
    }
    i
}

/// Where the next chunk goes: the height on the page, in which column, and where columns start
/// on this page (below the title block on the first).
struct Cursor {
    y: f32,
    /// At the top of a column: the next chunk's gap is dropped.
    at_top: bool,
    column: usize,
    column_top: f32,
}

impl Cursor {
    /// On to the next column, or to the top of a new page after the last column.
    fn next_frame(&mut self, pages: &mut Vec<Page>, fr: &TextArea, columns: usize, end: PageEnd) {
        if self.column + 1 < columns {
            self.column += 1;
            self.y = self.column_top;
            self.at_top = true;
        } else {
            self.new_page(pages, fr, end);
        }
    }

    /// To the top of a new page, in the first column.
    fn new_page(&mut self, pages: &mut Vec<Page>, fr: &TextArea, end: PageEnd) {
        if let Some(last) = pages.last_mut() {
            last.end = end;
        }
        pages.push(Page::default());
        self.y = fr.top_rest;
        self.column_top = fr.top_rest;
        self.column = 0;
        self.at_top = true;
    }
}

/// The language of a page's furniture (footer, page number): the document's on a page that
/// holds a contact block (a group kept whole), whose heading and labels are in it, so that one
/// language frames the numbers, or contents entries (under the document's "Contents", however
/// many of them are marked as another language's); else that of most of the page's text
/// lines, a part's own (`Line::lang`) or the document's.
fn page_language(pg: &Page, groups: &[(Range<usize>, Group)], opts: &Options) -> String {
    let contacts = |l: &Line| groups.iter().any(|(g, k)| *k == Group::Whole && g.contains(&l.block));
    // The contents are the document's, whatever language its entries are marked in.
    if pg.lines.iter().any(|l| l.role == Role::TocEntry || (l.role != Role::Artifact && contacts(l))) {
        return opts.language.clone();
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for l in pg.lines.iter().filter(|l| l.role != Role::Artifact) {
        *counts.entry(l.lang.as_deref().unwrap_or(&opts.language)).or_default() += 1;
    }
    let most = counts.iter().max_by_key(|(l, n)| (**n, **l == opts.language)).map(|(l, _)| l.to_string());
    most.unwrap_or_else(|| opts.language.clone())
}

/// Most bottoms [`balance_page`] tries: enough for a page of columns a line apart.
const MAX_BALANCE_TRIES: usize = 24;

/// Places chunks on pages, then adds headers and footers. A page does not end on a hyphenated
/// word where a line earlier can end it, unless that costs a sheet: paper comes first.
pub(super) fn paginate(
    chunks: Vec<Chunk>,
    groups: &[(Range<usize>, Group)],
    opts: &Options,
    running_header: bool,
) -> Layout {
    let cutter = Cutter::new(&chunks, groups, opts, running_header);
    let rules = Rules { whole_words: true, whole_paragraphs: true, bottoms: [None; 2] };
    let (laid, moved) = cutter.cut(rules);
    // Paragraphs moved whole with the contact block where that costs a sheet (the block then
    // ran onto a page more, or what kept with them moved on too) give it two lines instead.
    let (laid, moved, rules) = match laid.pages.len() > 1 {
        true => {
            let split_rules = Rules { whole_paragraphs: false, ..rules };
            let (split, split_moved) = cutter.cut(split_rules);
            if split.pages.len() < laid.pages.len() {
                (split, split_moved, split_rules)
            } else {
                (laid, moved, rules)
            }
        }
        false => (laid, moved, rules),
    };
    let whole_paragraphs = rules.whole_paragraphs;
    let (laid, whole_words) = if moved {
        let (mid_word, _) = cutter.cut(Rules { whole_words: false, ..rules });
        if mid_word.pages.len() < laid.pages.len() { (mid_word, false) } else { (laid, true) }
    } else {
        (laid, true)
    };
    if opts.columns < 2 {
        return laid;
    }
    let line = opts.profile.body * opts.profile.leading;
    let splits = |l: &Layout| cutter.split_over_columns(l);
    // A page ended early to keep a contact block with the text before it, its last column left
    // blank or short (either reads as text gone missing): its text shares the columns.
    let (laid, early) = match ended_with_short_column(&laid) {
        Some(page) => {
            let cut = |bottom| {
                cutter.cut(Rules { whole_words, whole_paragraphs, bottoms: [Some((page, bottom)), None] }).0
            };
            let (laid, bottom) = balance_page(laid, page, line, cut, splits);
            (laid, bottom.map(|b| (page, b)))
        }
        None => (laid, None),
    };
    let last = laid.pages.len() - 1;
    let cut = |bottom| {
        cutter.cut(Rules { whole_words, whole_paragraphs, bottoms: [early, Some((last, bottom))] }).0
    };
    balance_page(laid, last, line, cut, splits).0
}

/// The first page before the last that a keep rule ended with its text in the first column
/// only, the others blank, or the last column under two-thirds as long as the first (a long
/// clinic's block carried three lines over, and the page's right column stopped halfway).
fn ended_with_short_column(laid: &Layout) -> Option<usize> {
    let last = laid.pages.len().checked_sub(1)?;
    (0..last).find(|&i| {
        let (left, right, top) = column_ends(laid, i);
        let short = right == 0.0 || right - top < (left - top) * 2.0 / 3.0;
        laid.pages[i].end == PageEnd::Keep && left > 0.0 && short
    })
}

/// Whether line `l` of a page `width` wide is in the left one of two columns.
fn in_left_column(l: &Line, width: f32) -> bool {
    l.runs.first().is_some_and(|r| r.x < width / 2.0)
}

/// Where the columns of a layout's page `page` end (the lowest baseline in each; 0 for an
/// empty column), and where they start.
fn column_ends(laid: &Layout, page: usize) -> (f32, f32, f32) {
    let body = laid.pages.get(page).into_iter().flat_map(|p| &p.lines).filter(|l| l.role != Role::Artifact);
    let (mut left, mut right, mut top) = (0.0f32, 0.0f32, f32::MAX);
    for l in body {
        if in_left_column(l, laid.page.width) {
            left = left.max(l.y);
            top = top.min(l.y);
        } else {
            right = right.max(l.y);
        }
    }
    (left, right, top)
}

/// Whether the left column of a layout's page `page` ends on a heading, what it heads in the
/// right column: a shortened column can leave it there, which no keep rule would.
fn heading_ends_left_column(laid: &Layout, page: usize) -> bool {
    let left = laid
        .pages
        .get(page)
        .into_iter()
        .flat_map(|p| &p.lines)
        .filter(|l| l.role != Role::Artifact && in_left_column(l, laid.page.width));
    left.max_by(|a, b| a.y.total_cmp(&b.y)).is_some_and(|l| matches!(l.role, Role::Heading(_)))
}

/// A page of columns, balanced: set again with its columns ending higher, so they end about
/// level rather than one full and one short (or blank), every other page as it was. Of the
/// settings tried, the one whose columns end closest to each other is kept (text that cannot
/// break, a contact block's entries, may leave the highest bottom less level than a lower one),
/// with the bottom it was set with (`None`: as it was).
/// `cut_with(bottom)` lays out with the columns of `page` ending at `bottom`; `line` is a body
/// line's height. A setting that `splits` a contact block over two columns that the first
/// setting held in one is not taken: its last entries would head the next column, beside the
/// text before its heading.
fn balance_page(
    laid: Layout,
    page: usize,
    line: f32,
    cut_with: impl Fn(f32) -> Layout,
    splits: impl Fn(&Layout) -> bool,
) -> (Layout, Option<f32>) {
    let count = laid.pages.len();
    let split_before = splits(&laid);
    let (left, right, top) = column_ends(&laid, page);
    // Columns that already end within two lines of each other are level enough.
    if right >= left - 2.0 * line {
        return (laid, None);
    }
    // Level columns share what the two hold now, so they end about half-way between the top of
    // the columns and the sum of both; keep rules may hold the bottom a little lower.
    let held = (left - top) + if right > 0.0 { right - top } else { 0.0 };
    let (high, low) = (top + held / 2.0 - line, left + 1.0);
    let apart = |l: &Layout| {
        let (a, b, _) = column_ends(l, page);
        (a - b).abs()
    };
    let mut best = (apart(&laid), laid, None);
    // Bottoms a line apart from the highest worth trying down to the present one. Whether a
    // bottom keeps everything on the page does not follow from a higher one doing so (a
    // contact block moves whole where it fits and breaks between its entries where it does
    // not), so each is tried rather than halving the range.
    let steps = (((low - high) / line).ceil().max(0.0) as usize).min(MAX_BALANCE_TRIES);
    for k in 0..steps {
        let bottom = high + (low - high) * k as f32 / steps as f32;
        let tried = cut_with(bottom);
        let others_same = tried.pages.len() == count
            && tried
                .pages
                .iter()
                .zip(&best.1.pages)
                .enumerate()
                .all(|(i, (a, b))| i == page || a.lines.len() == b.lines.len());
        if others_same && !heading_ends_left_column(&tried, page) && (split_before || !splits(&tried)) {
            let d = apart(&tried);
            if d < best.0 {
                best = (d, tried, Some(bottom));
            }
        }
    }
    (best.1, best.2)
}

/// What a cut of chunks into pages depends on, other than the rules it is made under.
struct Cutter<'a> {
    chunks: &'a [Chunk],
    groups: &'a [(Range<usize>, Group)],
    opts: &'a Options,
    running_header: bool,
    /// The footer lines of the first page and of the others ([`footers`]), set once.
    footers: [Vec<Vec<Run>>; 2],
    /// The text area those footers and the running header leave.
    area: TextArea,
}

/// The rules a cut is made under.
#[derive(Clone, Copy)]
struct Rules {
    /// Page ends are moved off hyphenated words.
    whole_words: bool,
    /// The last paragraph before a contact block goes along with it whole where the two fit a
    /// page ([`Needs::whole_with_block`]), rather than give it its last two lines.
    whole_paragraphs: bool,
    /// Pages whose columns end at a height above the foot of the text area, and that height
    /// (balanced columns): a page ended early for a contact block, and the last page.
    bottoms: [Option<(usize, f32)>; 2],
}

impl Rules {
    /// Where the columns of page `i` end, when it is balanced.
    fn bottom(&self, i: usize) -> Option<f32> {
        self.bottoms.iter().flatten().find(|(page, _)| *page == i).map(|(_, bottom)| *bottom)
    }
}

/// How contact blocks are placed in columns (see [`Cutter::cut`]).
#[derive(Clone, Copy)]
enum Blocks {
    /// A block may break between its entries from one column to the next of the same page.
    Split,
    /// A block moves whole where it fits in a column.
    Whole,
    /// As [`Blocks::Whole`], but in one column a block that cannot take the text before it
    /// along breaks between its entries instead.
    Flow,
    /// As [`Blocks::Split`], and a new page starts at this chunk: the text a block taller than
    /// a column keeps with, moved with the block to a fresh page whose columns hold it all.
    FreshPageAt(usize),
}

impl<'a> Cutter<'a> {
    fn new(
        chunks: &'a [Chunk],
        groups: &'a [(Range<usize>, Group)],
        opts: &'a Options,
        running_header: bool,
    ) -> Cutter<'a> {
        let footers = footers(opts);
        let area = frame(opts, &footers, running_header);
        Cutter { chunks, groups, opts, running_header, footers, area }
    }

    /// The chunks cut into pages under `rules`; also says whether any page end was moved off a
    /// hyphenated word. In columns, a contact block may break between its entries from one
    /// column to the next; where that carries it over to another page, it is set again moving
    /// whole if it fits in a column, else starting a fresh page with the text before it if that
    /// holds it on one page and costs no sheet.
    fn cut(&self, rules: Rules) -> (Layout, bool) {
        if self.opts.columns < 2 {
            // A block moved whole that stands alone on its page (the text before it does not
            // fit beside it) breaks between its entries instead, after the text, where that
            // costs no sheet: the page before it is not left short, and the block's first
            // entries stay with the text.
            let whole = self.cut_once(rules, Blocks::Whole);
            if self.block_alone(&whole.0) {
                let flow = self.cut_once(rules, Blocks::Flow);
                if flow.0.pages.len() <= whole.0.pages.len() && !self.block_alone(&flow.0) {
                    return flow;
                }
            }
            return whole;
        }
        let (laid, moved) = self.cut_once(rules, Blocks::Split);
        let Some((g, fits_column)) = self.straddling(&laid) else {
            // A block that fits in a column but was set over two (to balance a last page)
            // reads back to front: its last entries at the top of the next column, beside the
            // text before its heading. It moves whole where that costs no page.
            // Not where moving whole leaves the block alone at the top of a page, though: the
            // text before it cannot go along into a column the block fills.
            if self.split_over_columns(&laid) {
                let whole = self.cut_once(rules, Blocks::Whole);
                if whole.0.pages.len() <= laid.pages.len()
                    && !self.split_over_columns(&whole.0)
                    && (self.block_alone(&laid) || !self.block_alone(&whole.0))
                {
                    return whole;
                }
            }
            return (laid, moved);
        };
        if fits_column {
            return self.cut_once(rules, Blocks::Whole);
        }
        let start = kept_with(self.chunks, g.start);
        let fresh = self.cut_once(rules, Blocks::FreshPageAt(start));
        let held = self.pages_holding(&fresh.0, &g) == 1;
        // The page ended early for it keeps more than half of its columns' text (a page left
        // with a blank column reads as text gone missing).
        let ended = fresh
            .0
            .pages
            .iter()
            .position(|p| p.lines.iter().any(|l| l.role != Role::Artifact && l.block >= start))
            .unwrap_or(0);
        let filled = ended == 0 || self.filled(&fresh.0, ended - 1) > 0.5;
        // Where the block's last entries would stand alone on the last page, a short page
        // before the fresh one is the lesser fault: a keep rule leaves it short, while a page
        // of contacts alone is easily lost.
        let filled = filled || block_tail_alone(&laid, &g);
        if held && filled && fresh.0.pages.len() <= laid.pages.len() { fresh } else { (laid, moved) }
    }

    /// How much of page `i`'s columns its text fills (0 to 1): the height from each column's
    /// top to its last line, over the columns' height.
    fn filled(&self, laid: &Layout, i: usize) -> f32 {
        let fr = &self.area;
        let columns = self.opts.columns.max(1);
        let column_width = laid.page.width / columns as f32;
        let (mut top, mut ends) = (f32::MAX, vec![0.0f32; columns]);
        for l in laid.pages[i].lines.iter().filter(|l| l.role != Role::Artifact) {
            let column = l.runs.first().map_or(0, |r| ((r.x / column_width) as usize).min(columns - 1));
            ends[column] = ends[column].max(l.y);
            top = top.min(l.y);
        }
        let height = (fr.bottom_of(i) - top).max(1.0);
        ends.iter().map(|&e| if e > 0.0 { (e - top) / height } else { 0.0 }).sum::<f32>() / columns as f32
    }

    /// The first contact block set over more than one page, and whether it fits in a column.
    fn straddling(&self, laid: &Layout) -> Option<(Range<usize>, bool)> {
        self.groups
            .iter()
            .filter(|(g, kind)| *kind == Group::Whole && self.pages_holding(laid, g) > 1)
            .map(|(g, _)| (g.clone(), self.fits_column(g)))
            .next()
    }

    /// Whether the chunks in `g` fit in one column.
    fn fits_column(&self, g: &Range<usize>) -> bool {
        let fr = &self.area;
        Needs::new(self.chunks, self.groups, fr, false, false, false, self.opts.columns < 2).span(g.clone())
            <= fr.full
    }

    /// Whether a contact block that fits in a column has lines in two columns of a page.
    fn split_over_columns(&self, laid: &Layout) -> bool {
        let width = laid.page.width;
        self.groups.iter().filter(|(g, kind)| *kind == Group::Whole && self.fits_column(g)).any(|(g, _)| {
            laid.pages.iter().any(|p| {
                let mut sides =
                    p.lines.iter().filter(|l| g.contains(&l.block)).map(|l| in_left_column(l, width));
                let first = sides.next();
                first.is_some_and(|left| sides.any(|other| other != left))
            })
        })
    }

    /// Whether a contact block starts a page with no text of the document before it.
    fn block_alone(&self, laid: &Layout) -> bool {
        block_alone(laid, self.groups)
    }

    /// How many pages hold lines of the chunks in `g`.
    fn pages_holding(&self, laid: &Layout, g: &Range<usize>) -> usize {
        laid.pages.iter().filter(|p| p.lines.iter().any(|l| g.contains(&l.block))).count()
    }

    /// One cut under `rules`, placing contact blocks as `blocks` says.
    fn cut_once(&self, rules: Rules, blocks: Blocks) -> (Layout, bool) {
        let (chunks, groups, opts, running_header) =
            (self.chunks, self.groups, self.opts, self.running_header);
        let whole_words = rules.whole_words;
        let split = !matches!(blocks, Blocks::Whole);
        let fresh_page_at = match blocks {
            Blocks::FreshPageAt(i) => Some(i),
            _ => None,
        };
        let mut moved = false;
        let page = opts.page;
        let p = &opts.profile;
        let (footers, fr) = (&self.footers, &self.area);
        // Where a column ends on page `i` (higher on a balanced page).
        let columns = opts.columns.max(1);
        let bottom_on = |i: usize| rules.bottom(i).map_or(fr.bottom_of(i), |b| b.min(fr.bottom_of(i)));
        let needs = Needs::new(
            chunks,
            groups,
            fr,
            matches!(blocks, Blocks::Flow),
            whole_words,
            rules.whole_paragraphs,
            columns == 1,
        );

        let mut pages: Vec<Page> = vec![Page::default()];
        let mut anchors = Vec::new();
        let mut at = Cursor { y: fr.top_first, at_top: true, column: 0, column_top: fr.top_first };
        // The left and right edges of a chunk: its column's, or the page's when it spans them.
        let edges = |span: bool, column: usize| {
            if span || columns == 1 {
                (page.margin, page.width - page.margin)
            } else {
                let left = page.margin + column as f32 * (opts.column_width() + opts.gutter());
                (left, left + opts.column_width())
            }
        };
        for i in 0..chunks.len() {
            let c = &chunks[i];
            if c.lines.is_empty() {
                continue;
            }
            if c.break_before && !at.at_top {
                at.new_page(&mut pages, fr, PageEnd::Forced);
            } else if fresh_page_at == Some(i) && !(at.at_top && at.column == 0) {
                at.new_page(&mut pages, fr, PageEnd::Keep);
            }
            let gap = if at.at_top { 0.0 } else { c.gap_before };
            needs.to_next_column.set(split && at.column + 1 < columns);
            needs.next_column_on_page.set(at.column + 1 < columns);
            needs.page_columns.set(if split { columns } else { 1 });
            needs.frame.set(match rules.bottom(pages.len() - 1) {
                Some(_) => bottom_on(pages.len() - 1) - at.column_top,
                None => fr.full,
            });
            let needed = needs.need(i);
            let bottom = bottom_on(pages.len() - 1);
            if !at.at_top && at.y + gap + needed > bottom {
                // Whether only keeping a page end off a hyphen moves this chunk on.
                if whole_words {
                    needs.whole_words.set(false);
                    moved |= at.y + gap + needs.need(i) <= bottom;
                    needs.whole_words.set(true);
                }
                let own = if c.kind == Kind::Paragraph { 2.0 * c.line_height } else { c.height() };
                let end =
                    if at.y + gap + own.min(c.height()) > bottom { PageEnd::Full } else { PageEnd::Keep };
                at.next_frame(&mut pages, fr, columns, end);
            }
            let gap = if at.at_top { 0.0 } else { c.gap_before };
            at.y += gap;
            let (left, _) = edges(c.span, at.column);
            if let Some((id, text, level)) = &c.anchor {
                anchors.push(Anchor {
                    id: id.clone(),
                    text: text.clone(),
                    level: *level,
                    page: pages.len() - 1,
                    y: at.y,
                });
            }
            if let Some(figure) = &c.figure {
                let page_ref = pages.last_mut().expect("at least one page");
                page_ref.figures.push(PlacedFigure {
                    x: left + c.indent,
                    y: at.y + c.figure_drop,
                    figure: figure.clone(),
                });
                at.y += c.line_height;
                at.at_top = false;
                continue;
            }
            let n = c.lines.len();
            let mut k = 0;
            // A long paragraph that must stay with what follows (the text before a contact block)
            // gives up its last two lines to go along when both do not fit here, rather than
            // moving whole or leaving the next thing alone.
            // Not before a contact block the next column of this page can take: beside the
            // text, at that column's top, the block is not alone (and the column the lines
            // would leave reads as text gone missing).
            let mut first_cap = n;
            let block_beside = |next: usize| at.column + 1 < columns && needs.starts_block(next);
            if c.kind == Kind::Paragraph
                && c.keep_with_next
                && n >= 4
                && let Some(next) = needs.next(i)
                && !block_beside(next)
            {
                let after = chunks[next].gap_before + needs.need(next);
                if at.y + c.height() + after > bottom && 2.0 * c.line_height + after <= fr.full {
                    first_cap = n - 2;
                    // A line more goes along where this page would end on a hyphen, while
                    // two stay and the page they go to holds them.
                    let hyphen = |cap: usize| ends_on_hyphen(&c.lines, cap);
                    let mut cap = first_cap;
                    while whole_words
                        && cap > 2
                        && hyphen(cap)
                        && (n - cap + 1) as f32 * c.line_height + after <= fr.full
                    {
                        cap -= 1;
                    }
                    if !hyphen(cap) {
                        moved |= cap != first_cap;
                        first_cap = cap;
                    }
                }
            }
            while k < n {
                let bottom = bottom_on(pages.len() - 1);
                let mut fits = ((bottom - at.y) / c.line_height + 1e-3).floor().max(0.0) as usize;
                if k == 0 {
                    fits = fits.min(first_cap);
                }
                let mut take = lines_here(c.kind, n - k, fits, at.at_top);
                // The two lines that go along with a contact block are the keep rule's, and stay.
                let kept = k == 0 && first_cap < n && take == first_cap;
                if whole_words && c.kind == Kind::Paragraph && take > 0 && k + take < n && !kept {
                    let whole = off_hyphen(&c.lines[k..], take, at.at_top);
                    // Moving the whole paragraph on would leave what keeps with it (its
                    // heading, a lead-in) alone at the foot: the hyphen is the lesser harm.
                    let kept_from_before = k == 0
                        && previous(chunks, i).is_some_and(|b| {
                            chunks[b].keep_with_next
                                && pages.last().is_some_and(|p| p.lines.iter().any(|l| l.block == b))
                        });
                    if whole > 0 || !kept_from_before {
                        moved |= whole != take;
                        take = whole;
                    }
                }
                if take == 0 {
                    at.next_frame(&mut pages, fr, columns, PageEnd::Full);
                    continue;
                }
                // A column frame may have moved on: the edges follow it.
                let (left, _) = edges(c.span, at.column);
                let page_ref = pages.last_mut().expect("at least one page");
                for (li, runs) in c.lines[k..k + take].iter().enumerate() {
                    let baseline = at.y + c.ascent;
                    let mut line_runs: Vec<Run> = Vec::new();
                    let mut label = false;
                    if k + li == 0
                        && let Some(m) = &c.marker
                    {
                        line_runs.push(Run { x: left + c.indent + m.x, ..m.clone() });
                        label = true;
                    }
                    line_runs.extend(runs.iter().map(|r| Run { x: left + c.indent + r.x, ..r.clone() }));
                    if k + li + 1 == n
                        && let Some((from, to, size)) = c.leader
                    {
                        // On one grid of their spacing (from the frame's edge: every entry's
                        // dots stand in columns), sitting on the baseline as full stops do.
                        let (step, dot) = (size * LEADER_STEP, size * LEADER_DOT);
                        let x1 = ((left + c.indent + from) / step).ceil() * step;
                        let x2 = ((left + c.indent + to) / step).floor() * step;
                        if x2 > x1 {
                            let stroke = Stroke::Leader { step, dot };
                            page_ref.rules.push(Rule { x1, x2, y: baseline - dot / 2.0, stroke });
                        }
                    }
                    page_ref.lines.push(Line {
                        y: baseline,
                        runs: line_runs,
                        role: c.role,
                        block: i,
                        list: c.list,
                        label,
                        lang: c.lang.clone(),
                    });
                    at.y += c.line_height;
                }
                at.at_top = false;
                let capped = k == 0 && take == first_cap && first_cap < n;
                k += take;
                if k < n {
                    at.next_frame(
                        &mut pages,
                        fr,
                        columns,
                        if capped { PageEnd::Keep } else { PageEnd::Full },
                    );
                }
            }
            if c.rule_after {
                at.y += p.body * RULE_ABOVE;
                let (left, right) = edges(c.span, at.column);
                let page_ref = pages.last_mut().expect("at least one page");
                page_ref.rules.push(Rule { x1: left, x2: right, y: at.y, stroke: Stroke::Line });
                at.y += p.body * RULE_BELOW;
            }
            if c.span && columns > 1 && needs.next(i).is_none_or(|next| !chunks[next].span) {
                // Every column starts at the same height below the title block, each at its top.
                at.y += p.body * COLUMNS_BELOW_TITLE;
                at.column_top = at.y;
                at.at_top = true;
            }
        }
        let total = pages.len();
        let mut titles: Vec<Option<String>> = Vec::with_capacity(total);
        for (i, pg) in pages.iter().enumerate() {
            // The running header names the module the page opens with: the last one begun on an
            // earlier page, or one that begins at the top of this page. A module that begins
            // lower down is named from the next page on.
            let opened = anchors
                .iter()
                .rev()
                .find(|a| a.level == 1 && (a.page < i || (a.page == i && a.y <= fr.top_rest + 0.5)));
            // A pack's contact block is a chapter of its own: a page of its entries begun on an
            // earlier page says it goes on, as in a handout.
            let module = opened.filter(|a| !(a.id == "contact" && a.page < i)).map(|a| a.text.as_str());
            // A page without a module's title that goes on with something begun before it says
            // what: the contact block's entries, its heading on an earlier page (handed over
            // alone, a page of them is not a page of stray numbers), or the contents.
            let first = (running_header && module.is_none() && opened.is_none_or(|a| a.id == "contact"))
                .then(|| pg.lines.iter().find(|l| l.role != Role::Artifact))
                .flatten();
            let l = crate::print::labels::labels(&opts.language);
            let goes_on = first.and_then(|first| {
                let in_block = groups
                    .iter()
                    .any(|(g, k)| *k == Group::Whole && g.contains(&first.block) && first.block != g.start);
                if in_block {
                    Some(l.help)
                } else if first.role == Role::TocEntry && i > 0 {
                    Some(l.contents)
                } else {
                    None
                }
            });
            let continued = goes_on.map(|what| format!("{what} ({})", l.continued));
            titles.push(module.map(str::to_string).or(continued).map(|t| header_title(&t, opts)));
        }
        let title_room = header_title_room(titles.iter().flatten().map(String::as_str), opts);
        for (i, (pg, title)) in pages.iter_mut().zip(&titles).enumerate() {
            // In a document with parts in another language, the page's language: that of most
            // of its lines (a page of a Spanish module in an English pack is Spanish), or the
            // document's where its contact block is; its footer is set in it.
            if opts.part_languages.is_empty() {
                let footer = &footers[usize::from(i > 0)];
                decorate(pg, i, total, footer, title.as_deref(), title_room, opts, &opts.language);
            } else {
                let language = page_language(pg, groups, opts);
                let footer = footer_lines(opts, i == 0, &language);
                decorate(pg, i, total, &footer, title.as_deref(), title_room, opts, &language);
            }
        }
        (Layout { pages, anchors, page, tail_alone: false }, moved)
    }
}

/// Whether the first `take` of a paragraph's `lines` end on a hyphen, hyphenation's or the
/// word's own: a page ending there would have the reader turn it mid-word.
fn ends_on_hyphen(lines: &[Vec<Run>], take: usize) -> bool {
    // A word's own hyphen too: "nonsteroidal anti-" / "inflammatory" over a page turn reads
    // as badly as a hyphen the breaker put in.
    let own = |r: &Run| {
        let mut end = r.text.trim_end().chars().rev();
        end.next().is_some_and(|c| matches!(c, '-' | '\u{2010}'))
            && end.next().is_some_and(char::is_alphanumeric)
    };
    lines[take - 1].last().is_some_and(|r| r.hyphen || own(r))
}

/// How many of a paragraph's `lines` (split after `take` of them) go on the current page so
/// that it does not end on a hyphenated word, which would have the reader turn the page
/// mid-word: fewer while two still go, else none (the paragraph moves on), unless it starts
/// the page (`at_top`), where nothing better is possible.
fn off_hyphen(lines: &[Vec<Run>], mut take: usize, at_top: bool) -> usize {
    let hyphenated = |take: usize| ends_on_hyphen(lines, take);
    while take >= 3 && hyphenated(take) {
        take -= 1;
    }
    if take == 2 && hyphenated(take) && !at_top { 0 } else { take }
}

/// How many of a chunk's `remaining` lines go on the current page when `fits` lines fit in
/// the room left; 0 moves the chunk on to the next page. A paragraph is split leaving no
/// orphan or widow (at least two lines on each side of the break); anything else (a heading,
/// a list item, a contents entry) is never split, unless it is taller than a whole page.
pub(super) fn lines_here(kind: Kind, remaining: usize, fits: usize, at_top: bool) -> usize {
    let mut take = fits.min(remaining);
    if take < remaining {
        if kind == Kind::Paragraph {
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
    take
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_fits_goes_whole() {
        assert_eq!(lines_here(Kind::Paragraph, 5, 9, false), 5);
        assert_eq!(lines_here(Kind::Whole, 2, 2, false), 2);
    }

    #[test]
    fn a_split_paragraph_leaves_no_widow_or_orphan() {
        // Five lines, room for four: three here, two on the next page.
        assert_eq!(lines_here(Kind::Paragraph, 5, 4, false), 3);
        // Room for one line only: no orphan, the paragraph moves.
        assert_eq!(lines_here(Kind::Paragraph, 5, 1, false), 0);
        // Three lines, room for two: one would be left alone either side, so it moves.
        assert_eq!(lines_here(Kind::Paragraph, 3, 2, false), 0);
        assert_eq!(lines_here(Kind::Paragraph, 6, 4, false), 4);
    }

    #[test]
    fn a_page_ends_mid_word_only_when_moving_the_end_costs_a_sheet() {
        // Long words, justified: many lines end with a hyphen, and some would end a page.
        use super::super::tests::{opts, para};
        use super::super::{Item, Role, set};
        let words = ["understanding", "responsibility", "medication", "withdrawal", "a", "of", "treatment"];
        let opts = Options { justify: true, ..opts() };
        let (mut moved, mut costly) = (0, 0);
        for count in 20..80 {
            let items: Vec<Item> = (0..count)
                .map(|k| {
                    let text: Vec<&str> =
                        (0..40 + k % 7 * 9).map(|w| words[(w * 3 + k) % words.len()]).collect();
                    para(&text.join(" "))
                })
                .collect();
            let (chunks, groups) = set::set(&items, &opts);
            let cutter = Cutter::new(&chunks, &groups, &opts, false);
            let rules = Rules { whole_words: true, whole_paragraphs: true, bottoms: [None; 2] };
            let (whole, was_moved) = cutter.cut(rules);
            let (mid_word, _) = cutter.cut(Rules { whole_words: false, ..rules });
            let chosen = paginate(chunks, &groups, &opts, false);
            assert_eq!(chosen.pages.len(), whole.pages.len().min(mid_word.pages.len()), "{count} paragraphs");
            // Where it costs no sheet, no page ends on a paragraph's hyphenated word.
            let body =
                |p: &Page| p.lines.iter().filter(|l| l.role == Role::Paragraph).cloned().collect::<Vec<_>>();
            for pair in whole.pages.windows(2).filter(|_| whole.pages.len() <= mid_word.pages.len()) {
                let (this, that) = (body(&pair[0]), body(&pair[1]));
                let (Some(last), Some(next)) = (this.last(), that.first()) else { continue };
                if last.block == next.block {
                    let end = last.runs.last().unwrap();
                    assert!(!end.hyphen, "{count} paragraphs: a page ends on {:?}", end.text);
                }
            }
            moved += usize::from(was_moved);
            costly += usize::from(whole.pages.len() > mid_word.pages.len());
        }
        assert!(moved > 5 && costly > 0, "moved {moved}, a sheet more {costly}: the test proves nothing");
    }

    #[test]
    fn a_word_s_own_hyphen_ends_a_page_no_better_than_hyphenation_s() {
        let run = |text: &str, hyphen: bool| Run {
            x: 0.0,
            text: text.into(),
            style: crate::print::fonts::FontStyle::Regular,
            size: 12.0,
            width: 0.0,
            ink: super::super::Ink::Text,
            link: None,
            hyphen,
            tracking: 0.0,
            space_after: false,
        };
        let ends = |text: &str, hyphen: bool| ends_on_hyphen(&[vec![run(text, hyphen)]], 1);
        assert!(ends("can also include nonsteroidal anti-", false));
        assert!(ends("with medi", true));
        assert!(!ends("a line of whole words", false));
        // A dash set with spaces ends no word.
        assert!(!ends("two things -", false));
        assert!(!ends("-", false));
    }

    #[test]
    fn other_chunks_move_whole_unless_taller_than_a_page() {
        assert_eq!(lines_here(Kind::Whole, 2, 1, false), 0);
        assert_eq!(lines_here(Kind::Heading, 2, 1, false), 0);
        // At the top of a page nothing better is possible: fill it.
        assert_eq!(lines_here(Kind::Whole, 60, 50, true), 50);
        assert_eq!(lines_here(Kind::Paragraph, 60, 0, true), 1);
    }
}
