//! Page layout: a list of [`Item`]s → pages of positioned lines. Pure: no files, no PDF.
//!
//! * Lines are broken optimal-fit (Knuth–Plass style, via `textwrap`) over real glyph widths
//!   with kerning, with hyphenation from embedded TeX patterns as a last resort; ragged-right
//!   by default, justified on request.
//! * Pagination never cuts a line, keeps at least two lines of a paragraph together at the
//!   bottom and top of a page (no widows or orphans), keeps a heading with what follows, never
//!   splits a list item, and moves a short list or section (a keep group) whole to the next
//!   page rather than break it.
//! * A handout that two columns fit on fewer sheets is set in two, under a title block that
//!   spans both; the right column reads after the left.
//! * Every page gets the footer lines and "Page X of Y".
//!
//! Coordinates are points from the top-left corner of the page; `y` is a baseline.
//!
//! The stages, one file each: `set` turns items into `chunk`s, `lines` breaks their
//! text into lines, `paginate` cuts pages, `furniture` adds headers and footers.

mod chunk;
mod furniture;
mod lines;
mod paginate;
mod set;

/// The spacing ratios of the layout, named once. Sizes are multiples of the type size they
/// go with (`p.body`, `p.small`, a heading's size), so standard and large print keep their
/// proportions; the paginator and the page furniture read the same footer leading.
mod ratio {
    /// Line height of the small text (header, footer), used both to reserve the footer's
    /// room and to set it.
    pub const SMALL_LEADING: f32 = 1.35;
    /// Line height of titles and module titles.
    pub const TITLE_LEADING: f32 = 1.2;
    /// Line height of section headings.
    pub const HEADING_LEADING: f32 = 1.25;
    /// Space above a level-2 heading, in its own size: a clear break between sections.
    pub const H2_GAP: f32 = 1.1;
    /// Space above a level-3 heading: less, it belongs to the section above.
    pub const H3_GAP: f32 = 0.8;
    /// Space between a title and its subtitle, in body sizes.
    pub const SUBTITLE_GAP: f32 = 0.2;
    /// Space above a pack module's title, in level-2 heading sizes.
    pub const MODULE_GAP: f32 = 1.4;
    /// Indent of a list item (per nesting level) and of a contents sub-entry, in body sizes.
    pub const INDENT: f32 = 1.6;
    /// Space between items of one list, in body sizes: items read as one list.
    pub const ITEM_GAP: f32 = 0.25;
    /// Space before a list that follows another list, in paragraph gaps: separate lists read
    /// apart.
    pub const NEW_LIST_GAP: f32 = 1.6;
    /// Space between the lines of one contact entry (its name, address, phone, hours), in
    /// paragraph gaps: an entry reads as one card, set apart from the next by a full gap.
    pub const ENTRY_FIELD_GAP: f32 = 0.25;
    /// Least measure left to text beside a [`super::Item::LeadFigure`] (and a side figure
    /// beside it too), in body sizes: less, and the figure goes above the text instead. A
    /// logo beside a clinic's name leaves about 21 ems in one column, under 10 in a column of
    /// two.
    pub const BESIDE_MIN: f32 = 18.0;
    /// Room between a list marker and its item's text, in body sizes.
    pub const MARKER_GAP: f32 = 0.45;
    /// Space above a contents entry for a module, and for a section, in body sizes.
    pub const TOC_MODULE_GAP: f32 = 0.6;
    /// See [`TOC_MODULE_GAP`].
    pub const TOC_ENTRY_GAP: f32 = 0.15;
    /// The gaps between contents entries set closer ([`super::Options::tight_contents`]) are
    /// these times the usual.
    pub const TIGHT_CONTENTS_GAP: f32 = 0.5;
    /// Room kept between a contents entry's text and its page number, in body sizes.
    pub const TOC_NUMBER_ROOM: f32 = 2.0;
    /// Room between a contents entry's leader dots and its text, and its number, in body sizes.
    pub const LEADER_CLEAR: f32 = 0.4;
    /// Shortest run of leader dots set, in body sizes: a title that nearly reaches its number
    /// needs none.
    pub const LEADER_MIN: f32 = 1.5;
    /// Space between leader dots, and their size, in body sizes.
    pub const LEADER_STEP: f32 = 0.5;
    /// See [`LEADER_STEP`].
    pub const LEADER_DOT: f32 = 0.1;
    /// Space above and below the rule under a title, in body sizes.
    pub const RULE_ABOVE: f32 = 0.5;
    /// See [`RULE_ABOVE`].
    pub const RULE_BELOW: f32 = 0.3;
    /// Where the header rule sits below the header's baseline, and the footer rule above the
    /// footer's first line, in small sizes.
    pub const HEADER_RULE: f32 = 0.5;
    /// See [`HEADER_RULE`].
    pub const FOOTER_RULE: f32 = 0.2;
    /// Tallest keep group moved whole to the next page, as a share of the text area: taller
    /// ones would leave too much of a page empty.
    pub const MAX_KEEP: f32 = 0.45;
    /// Space between two text columns, in ems of the body size.
    pub const GUTTER: f32 = 1.5;
    /// Page margins when set in two columns, in points (half an inch).
    pub const TWO_COLUMN_MARGIN: f32 = 36.0;
    /// Space between the title block and the tops of the columns under it.
    pub const COLUMNS_BELOW_TITLE: f32 = 1.2;
    /// A pack module starts on a new page when less than a page over this is left.
    pub const MODULE_ROOM: f32 = 3.0;
    /// The tighter settings tried when they save a sheet: leading reduced by this, or by twice
    /// this when the first step still leaves a sheet to save (never below [`MIN_LEADING`]), and
    /// paragraph gaps scaled by [`TIGHTER_PARAGRAPH_GAP`].
    pub const TIGHTER_LEADING: f32 = 0.07;
    /// See [`TIGHTER_LEADING`].
    pub const MIN_LEADING: f32 = 1.25;
    /// See [`TIGHTER_LEADING`].
    pub const TIGHTER_PARAGRAPH_GAP: f32 = 0.75;
}

use serde::Serialize;

use crate::corpus::markdown::Span;
use crate::print::fonts::FontStyle;

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
    /// Standard print in two columns: 12 pt body, about 45–50 characters a line on Letter or
    /// A4 with half-inch margins.
    pub const TWO_COLUMNS: Profile = Profile {
        body: 12.0,
        leading: 1.35,
        title: 24.0,
        h2: 16.0,
        h3: 13.5,
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
    /// A field of a contact entry, its label first ("Hours: ", then "Monday to Friday, …" and
    /// "Saturday, …" a day a line): its lines after the first start under the text after the
    /// label, as on a card. Set as a paragraph where the label is too wide for that.
    Field {
        /// The label, with the space after it ("Hours:\u{a0}").
        label: String,
        /// The value.
        spans: Vec<Span>,
    },
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
    /// Start of a group to keep on one page whenever it fits on one (a contact block), and that
    /// what precedes it goes with.
    KeepWholeStart,
    /// Start of one entry of a contact block (the clinic, one service): kept on one page
    /// whenever it fits on one, so a block too tall for a page breaks only between entries.
    EntryStart,
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
    /// A figure at the left margin beside the paragraphs that follow, which start past it
    /// (a clinic's logo beside its name), its top level with their capitals. Inside an entry,
    /// the entry's paragraphs below it keep that left edge to the entry's end, unless one would
    /// take more lines there than at the margin: it and the rest go back to the margin. Set
    /// above them instead, as a [`Item::Figure`], where the text beside it would be left less
    /// than 18 ems (`BESIDE_MIN`).
    LeadFigure(Figure),
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
    /// Points added after each letter (PDF `Tc`): a justified line whose word spaces cannot
    /// open far enough takes the rest between its letters, up to 2 % of an em. 0 elsewhere.
    pub tracking: f32,
    /// A word space follows the run that is not in its text: at the end of a line broken at a
    /// space, or before a run set apart from it (a justified line's next word, a change of
    /// face or link). The PDF draws it, invisible, after the run's letters, so that text read
    /// from the page keeps its word breaks ("aimed at helping", not "aimed athelping"), as
    /// ISO 32000-1 14.8.2.5 asks of tagged PDF.
    pub space_after: bool,
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

/// The block of the first page's footer lines (the sources and the medical disclaimer):
/// furniture to the layout (their role is [`Role::Artifact`], as on every other page), yet
/// content a reader must get, so the PDF tags them once as a paragraph read after the
/// document ([`Line::is_note`]).
pub const FOOTER_NOTE: usize = usize::MAX - 1;

impl Line {
    /// Whether the line is of the first page's footer note ([`FOOTER_NOTE`]).
    pub fn is_note(&self) -> bool {
        self.block == FOOTER_NOTE
    }
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
    /// How it is drawn.
    pub stroke: Stroke,
}

/// How a [`Rule`] is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub enum Stroke {
    /// A thin line in the accent colour (under a title, above the footer).
    Line,
    /// Round dots `dot` wide, `step` apart from `x1` to `x2` at most, centred on `y`: they lead
    /// the eye along a contents entry to its page number. Every entry's `x1` is on one grid of
    /// `step`, so their dots stand in columns.
    Leader {
        /// Distance between the dots' centres.
        step: f32,
        /// Their diameter.
        dot: f32,
    },
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
    /// The last page holds nothing but the last entries of a contact block begun on a page
    /// before it: a block too long to go whole onto a page with the text before it.
    pub tail_alone: bool,
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
    /// Footer lines, set above "Page X of Y".
    pub footer: Vec<String>,
    /// Languages of parts in another language than `language` (a Spanish module of an English
    /// pack): a page of such a part gets its disclaimer, edition and page number in it.
    pub part_languages: Vec<String>,
    /// How many of `footer`'s leading texts (the source lines) are set on the first page
    /// only: the rest (the disclaimer) are on every page.
    pub footer_first: usize,
    /// The edition code, set at the left of the last footer line as "Edition CODE", in the
    /// page's language.
    pub edition: Option<String>,
    /// The document's title, set before the stamp on every page after the first (shortened to
    /// fit), so that a page handed over loose still says what it belongs to.
    pub running_title: Option<String>,
    /// Name set at the left of a running header on every page (the clinic's).
    pub header: Option<String>,
    /// Text columns on a page (1 or 2); the title block spans them.
    pub columns: usize,
    /// The sizes for setting in two columns instead, when one column takes more than a page
    /// and two save a sheet (standard-print handouts; `None` keeps one column).
    pub two_columns: Option<Profile>,
    /// A table of contents set closer (its lines at 1.25 times the size, the gaps between
    /// its entries narrowed): tried by [`layout`] when the contents run onto a page of their
    /// own and that saves a sheet.
    pub tight_contents: bool,
    /// Hyphenate ragged-right text (paragraphs, list items, contents entries). Clear-print
    /// guidance for low-vision and new readers asks for whole words, so [`layout`] sets them
    /// whole and hyphenates only where that saves a sheet. Justified paragraphs, which need
    /// hyphens to keep their spaces even, are hyphenated whatever this says.
    pub hyphenate: bool,
}

impl Options {
    /// Width of one text column.
    pub fn column_width(&self) -> f32 {
        let n = self.columns.max(1) as f32;
        (self.page.text_width() - (n - 1.0) * self.gutter()) / n
    }

    /// Space between columns.
    pub fn gutter(&self) -> f32 {
        self.profile.body * ratio::GUTTER
    }
}

/// Lays out `items` on pages. The text column is at most [`Profile::measure`] ems wide and
/// centred on the page: lines of 45–75 characters read best. A table of contents that runs
/// onto a page of its own is set closer where that saves the sheet. When slightly tighter line
/// and paragraph spacing saves a whole sheet, it is used (a step tighter again, when that saves
/// one more); failing that, when [`Options::two_columns`]
/// allows it and two columns (40–50 characters a line) save a sheet, they are used.
#[tracing::instrument(level = "debug", name = "lay out", skip_all)]
pub fn layout(items: &[Item], opts: &Options) -> Layout {
    lines::remembering(|| {
        let whole = layout_fewest_sheets(items, opts);
        if whole.pages.len() < 2 || opts.hyphenate {
            return whole;
        }
        // Words broken at the line's end where that saves a sheet: 1 of 228 handouts and
        // packs took a page more with whole words (treatment, a long clinic, A4).
        let hyphenated = layout_fewest_sheets(items, &Options { hyphenate: true, ..opts.clone() });
        if hyphenated.pages.len() < whole.pages.len() { hyphenated } else { whole }
    })
}

fn layout_fewest_sheets(items: &[Item], opts: &Options) -> Layout {
    let mut laid = layout_measured(items, opts);
    if laid.layout.pages.len() < 2 {
        return laid.layout;
    }
    // Contents that run onto a page of their own ("Contents (continued)" over three entries in
    // large print) are set closer where that saves the sheet, before anything else is.
    let closer;
    let opts = if contents_pages(&laid.layout) > 1 {
        closer = Options { tight_contents: true, ..opts.clone() };
        let close = layout_measured(items, &closer);
        if close.layout.pages.len() < laid.layout.pages.len() {
            laid = close;
            &closer
        } else {
            opts
        }
    } else {
        opts
    };
    let best = Laid::better(laid, layout_measured(items, &tighter(opts, 1)));
    // Two steps closer: in one column where that is the only setting (packs, large print);
    // else the columns are set so in turn, and one column is spared the extra pass.
    let Some(profile) = opts.two_columns.filter(|_| opts.columns == 1) else {
        return closest(best, items, opts, layout_measured).layout;
    };
    // Two columns of smaller type, 40–50 characters a line, when that saves a sheet.
    let page = PageSpec { margin: ratio::TWO_COLUMN_MARGIN, ..opts.page };
    let two = Options { columns: 2, profile, page, two_columns: None, ..opts.clone() };
    let mut columns = layout_column(items, &two);
    // Tighter columns too, when they could save another sheet: a long clinic block had run
    // four lines onto a third page that tighter spacing keeps on the second.
    if columns.layout.pages.len() > 1 {
        columns = Laid::better(columns, layout_column(items, &tighter(&two, 1)));
        columns = closest(columns, items, &two, layout_column);
    }
    if columns.layout.pages.len() < best.layout.pages.len() { columns.layout } else { best.layout }
}

/// `opts` with leading `steps` times [`ratio::TIGHTER_LEADING`] closer (never below
/// [`ratio::MIN_LEADING`]) and paragraph gaps scaled by [`ratio::TIGHTER_PARAGRAPH_GAP`].
fn tighter(opts: &Options, steps: u8) -> Options {
    let mut tight = opts.clone();
    let closer = f32::from(steps) * ratio::TIGHTER_LEADING;
    tight.profile.leading = (opts.profile.leading - closer).max(ratio::MIN_LEADING);
    tight.profile.paragraph_gap *= ratio::TIGHTER_PARAGRAPH_GAP;
    tight
}

/// `best` (the items set as `opts` say, or a step tighter), or the items set two steps tighter
/// when that saves a sheet: a module starting on a new page had its last two lines alone on a
/// page, 13 pt at 1.26 times the size fits them on the one before (1.26 is still more than the
/// 1.2 of book text; large print goes to 1.36).
fn closest(best: Laid, items: &[Item], opts: &Options, set: fn(&[Item], &Options) -> Laid) -> Laid {
    if best.layout.pages.len() < 2 {
        return best;
    }
    Laid::better(best, set(items, &tighter(opts, 2)))
}

/// How many pages hold a table of contents' entries.
fn contents_pages(laid: &Layout) -> usize {
    laid.pages.iter().filter(|p| p.lines.iter().any(|l| l.role == Role::TocEntry)).count()
}

/// A layout, and whether its contact block stands alone on a page (whether its last entries
/// do is [`Layout::tail_alone`]).
struct Laid {
    layout: Layout,
    /// A block kept whole (the contact block) starts a page with no text before it: it stands
    /// alone, as it should not.
    block_alone: bool,
    /// A list is parted from its lead-in, or its last item from the item before it
    /// ([`paginate::list_apart`]).
    list_apart: bool,
}

impl Laid {
    /// Of a layout and the same items set tighter: the tighter when it takes fewer sheets, or
    /// as many and leaves the contact block, or its last entries, less alone on a page than
    /// the other (a block that fills most of a page then takes the text before it along).
    fn better(normal: Laid, tight: Laid) -> Laid {
        let (n, t) = (normal.layout.pages.len(), tight.layout.pages.len());
        // A block alone is the worst fault: its last entries alone at least follow the text,
        // and a list parted from its lead-in or last item leaves no page of numbers alone.
        let alone = |l: &Laid| match (l.block_alone, l.layout.tail_alone, l.list_apart) {
            (true, _, _) => 3,
            (_, true, _) => 2,
            (_, _, alone) => u8::from(alone),
        };
        if t < n || (t == n && alone(&tight) < alone(&normal)) { tight } else { normal }
    }
}

/// Sets `items` in a column of the page's text width, then cuts pages.
fn layout_column(items: &[Item], opts: &Options) -> Laid {
    let (chunks, groups) = set::set(items, opts);
    let running_header = opts.header.is_some() || items.iter().any(|i| matches!(i, Item::Module { .. }));
    let leads = paginate::lead_ins(&chunks, &groups);
    let mut layout = paginate::paginate(chunks, &groups, opts, running_header);
    let block_alone = paginate::block_alone(&layout, &groups);
    let list_apart = paginate::list_apart(&layout, &groups, &leads);
    layout.tail_alone = paginate::tail_alone(&layout, &groups);
    Laid { layout, block_alone, list_apart }
}

fn layout_measured(items: &[Item], opts: &Options) -> Laid {
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
    for pg in &mut laid.layout.pages {
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
    laid.layout.page = full;
    laid
}

#[cfg(test)]
pub(super) mod tests {
    use super::lines::{atoms, break_lines, hyphenate};
    use super::*;
    use crate::corpus::markdown::Style;
    use crate::print::fonts::fonts;
    use textwrap::wrap_algorithms::{Penalties, wrap_optimal_fit};

    /// The shipped article's running paragraphs (over 120 characters, not lists, headings or
    /// front matter), each on one line: the text line breaking and page cutting are tried on.
    pub(in crate::print::layout) fn article_paragraphs() -> Vec<String> {
        let text =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/kratom-addiction.md"))
                .expect("the shipped article");
        text.split("\n\n")
            .map(|p| p.replace('\n', " "))
            .filter(|p| p.len() > 120 && p.starts_with(|c: char| c.is_alphabetic()) && !p.contains(" = "))
            .collect()
    }

    pub(super) fn para(text: &str) -> Item {
        Item::Paragraph(vec![Span { text: text.into(), style: Style::default() }])
    }

    /// Letter, standard print, ragged, one column: the options the layout tests start from.
    pub(super) fn opts() -> Options {
        Options {
            page: PageSpec::LETTER,
            profile: Profile::STANDARD,
            justify: false,
            language: "en".into(),
            footer: vec!["Source: test".into()],
            part_languages: Vec::new(),
            footer_first: 0,
            edition: None,
            running_title: None,
            header: None,
            columns: 1,
            two_columns: None,
            tight_contents: false,
            hyphenate: false,
        }
    }

    #[test]
    fn two_columns_are_used_only_when_they_save_a_sheet() {
        let mut items = vec![Item::Title {
            text: "Detox and withdrawal".into(),
            subtitle: Some("Kratom addiction".into()),
        }];
        for i in 0..6 {
            items.push(Item::Heading { level: 2, text: format!("Part {i}"), anchor: None });
            items
                .push(para(&"Detox is a process aimed at helping you stop taking a drug safely. ".repeat(4)));
        }
        let one = layout(&items, &opts());
        assert_eq!(one.pages.len(), 2, "the test text takes more than a page in one column");
        let two = layout(&items, &Options { two_columns: Some(Profile::TWO_COLUMNS), ..opts() });
        assert_eq!(two.pages.len(), 1, "two columns fit it on one page");
        let page = PageSpec { margin: ratio::TWO_COLUMN_MARGIN, ..PageSpec::LETTER };
        let o = Options { columns: 2, profile: Profile::TWO_COLUMNS, page, ..opts() };
        let (page, width) = (o.page, o.column_width());
        let right = page.margin + width + o.gutter();
        // The title spans the page; below it, every line stays inside its column, and the
        // right column reads after the left one.
        let lines = &two.pages[0].lines;
        assert_eq!(lines[0].role, Role::Title);
        let mut in_right = false;
        for line in lines[2..].iter().filter(|l| l.role != Role::Artifact) {
            let x = line.runs[0].x;
            let end = line.runs.iter().map(|r| r.x + r.width).fold(0.0, f32::max);
            if x >= right - 0.01 {
                in_right = true;
                assert!(end <= page.width - page.margin + 0.01, "{end} past the right margin");
            } else {
                assert!(!in_right, "a left-column line after the right column started");
                assert!(end <= page.margin + width + 0.01, "{end} runs into the gutter");
            }
        }
        assert!(in_right, "nothing was set in the right column");
        // The last page's columns end about level: within two lines of each other.
        let bottom = |right_column: bool| {
            lines[2..]
                .iter()
                .filter(|l| l.role != Role::Artifact && (l.runs[0].x >= right - 0.01) == right_column)
                .map(|l| l.y)
                .fold(0.0, f32::max)
        };
        let line = Profile::TWO_COLUMNS.body * Profile::TWO_COLUMNS.leading;
        assert!(
            (bottom(false) - bottom(true)).abs() <= 2.0 * line + 0.5,
            "{} vs {}",
            bottom(false),
            bottom(true)
        );
        // Text that fits one page in one column stays in one column.
        let short = layout(&items[..5], &Options { two_columns: Some(Profile::TWO_COLUMNS), ..opts() });
        assert_eq!(short.pages.len(), 1);
        let body = short.pages[0].lines.iter().filter(|l| l.role != Role::Artifact);
        assert!(body.clone().all(|l| l.runs[0].x < right - 0.01), "a short text was set in columns");
        assert!(body.clone().any(|l| l.runs.iter().any(|r| r.size == Profile::STANDARD.body)));
    }

    #[test]
    fn ragged_text_keeps_its_words_whole_unless_that_costs_a_sheet() {
        // Clear-print guidance asks for whole words: "phys- / ical" and "psychol- / ogist" had
        // been set in a handout's columns where whole words took no more paper.
        let items: Vec<Item> = article_paragraphs().iter().map(|p| para(p)).collect();
        let page = PageSpec { margin: ratio::TWO_COLUMN_MARGIN, ..PageSpec::A4 };
        let columns = Options { columns: 2, profile: Profile::TWO_COLUMNS, page, ..opts() };
        let hyphens = |laid: &Layout| {
            laid.pages.iter().flat_map(|p| &p.lines).flat_map(|l| &l.runs).filter(|r| r.hyphen).count()
        };
        let whole = layout(&items, &columns);
        assert_eq!(hyphens(&whole), 0, "a word broken at a line's end");
        let broken = layout(&items, &Options { hyphenate: true, ..columns.clone() });
        assert!(hyphens(&broken) > 0, "the test text has words to break");
        assert!(broken.pages.len() >= whole.pages.len(), "hyphens saved a sheet but were not used");
        // Justified, words are broken as before: a justified line needs them.
        let justified = layout(&items, &Options { justify: true, ..columns });
        assert!(hyphens(&justified) > 0);
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

    #[test]
    fn a_long_web_address_breaks_before_its_marks() {
        // "stbartholomew-fitzwilliam-" ending a line read as a word hyphenated to break it.
        let url = "https://www.stbartholomew-fitzwilliam-behavioralhealth.example.org/services/substance-use/kratom-and-opioids?ref=handout";
        let spans = [Span { text: url.into(), style: Style::default() }];
        for width in (150..=400).step_by(10) {
            let lines = break_lines(&spans, 12.0, FontStyle::Regular, width as f32, false, "en", Ink::Text);
            let texts: Vec<String> =
                lines.iter().map(|l| l.iter().map(|r| r.text.as_str()).collect()).collect();
            assert!(texts.len() > 1, "{width}: {texts:?}");
            assert_eq!(texts.concat(), url, "{width}: nothing added or lost");
            assert!(texts[0].starts_with("https://www."), "{width}: `//` stays whole: {texts:?}");
            for t in &texts[..texts.len() - 1] {
                assert!(!t.ends_with(['-', '.', '_', '?', '=']), "{width}: a line ends `{t}`");
            }
        }
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
    fn justified_text_leaves_a_contact_entry_ragged() {
        // A clinic's hours and a service's description were stretched to the measure in a
        // justified handout, their word spaces opened as a paragraph's are.
        let entry = "Example family support group — Meets every Thursday evening at the clinic; childcare is available on request for parents who come with young children.";
        let mut items =
            vec![para(&"Detox is a process aimed at helping you stop taking a drug safely. ".repeat(4))];
        items.extend([
            Item::KeepWholeStart,
            Item::Heading { level: 2, text: "Where to get help".into(), anchor: None },
            Item::EntryStart,
            para(entry),
            para("Hours: Monday to Friday, 9:00 to 17:00; Saturday 9:00 to 12:00 (walk-ins welcome)"),
            Item::KeepEnd,
            Item::KeepEnd,
        ]);
        let laid = layout(&items, &Options { justify: true, ..opts() });
        let space = fonts().width(FontStyle::Regular, " ", Profile::STANDARD.body);
        let widest = |l: &Line| l.runs.windows(2).map(|w| w[1].x - (w[0].x + w[0].width)).fold(0.0, f32::max);
        let lines: Vec<&Line> =
            laid.pages.iter().flat_map(|p| &p.lines).filter(|l| l.role != Role::Artifact).collect();
        let help = lines.iter().position(|l| matches!(l.role, Role::Heading(_))).expect("the heading");
        assert!(lines[..help].iter().any(|l| widest(l) > space + 0.5), "the body is not justified");
        assert!(lines.len() > help + 3, "the entry is set over lines");
        for l in &lines[help + 1..] {
            let text: String = l.runs.iter().map(|r| r.text.as_str()).collect();
            assert!(widest(l) <= space + 0.01, "`{text}` is stretched ({} pt spaces)", widest(l));
        }
    }

    #[test]
    fn a_contact_entry_reads_as_one_card() {
        // Its lines stand close; a full paragraph gap sets one entry apart from the next.
        let items = vec![
            Item::KeepWholeStart,
            Item::Heading { level: 2, text: "Where to get help".into(), anchor: None },
            Item::EntryStart,
            para("Example Community Clinic"),
            para("12 River Road, Springfield"),
            para("Phone: 555-0100"),
            Item::KeepEnd,
            Item::EntryStart,
            para("Example family support group"),
            para("Phone: 555-0199"),
            Item::KeepEnd,
            Item::KeepEnd,
        ];
        let laid = layout(&items, &opts());
        let ys: Vec<f32> =
            laid.pages[0].lines.iter().filter(|l| l.role == Role::Paragraph).map(|l| l.y).collect();
        assert_eq!(ys.len(), 5);
        let steps: Vec<f32> = ys.windows(2).map(|w| w[1] - w[0]).collect();
        let line = Profile::STANDARD.body * Profile::STANDARD.leading;
        let gap = Profile::STANDARD.body * Profile::STANDARD.paragraph_gap;
        for &within in [steps[0], steps[1], steps[3]].iter() {
            assert!((within - line - gap * ratio::ENTRY_FIELD_GAP).abs() < 0.01, "{steps:?}");
        }
        assert!((steps[2] - line - gap).abs() < 0.01, "entries are a paragraph gap apart: {steps:?}");
    }

    #[test]
    fn a_logo_stands_level_with_its_entry_whose_lines_hang_beside_it() {
        // One column: the logo at the left of the clinic's entry, its top at the capitals of
        // the name (drawn higher, it crowded the heading above), every line of the entry past
        // it, the next entry at the margin. In a column of two, above the name.
        let items = |name: &str| {
            vec![
                Item::KeepWholeStart,
                Item::Heading { level: 2, text: "Where to get help".into(), anchor: None },
                Item::EntryStart,
                Item::LeadFigure(Figure::Image { id: 0, width: 48.0, height: 48.0 }),
                para(name),
                para("12 River Road, Springfield"),
                para("Phone: 555-0100"),
                para("Hours: Monday to Friday, 9:00 to 17:00"),
                Item::KeepEnd,
                Item::EntryStart,
                para("Example family support group"),
                Item::KeepEnd,
                Item::KeepEnd,
            ]
        };
        let laid = layout(&items("Example Community Clinic"), &opts());
        let page = &laid.pages[0];
        let logo = &page.figures[0];
        let text: Vec<&Line> = page.lines.iter().filter(|l| l.role == Role::Paragraph).collect();
        let p = Profile::STANDARD;
        let capitals = text[0].y - p.body * fonts().cap_height(FontStyle::Bold) / 1000.0;
        assert!((logo.y - capitals).abs() < 0.5, "logo at {}, capitals at {capitals}", logo.y);
        let heading = page.lines.iter().find(|l| matches!(l.role, Role::Heading(_))).unwrap();
        assert!(logo.y - heading.y > p.body, "the logo crowds the heading: {} under {}", logo.y, heading.y);
        let past = logo.x + 48.0 + p.body;
        assert!(text[..4].iter().all(|l| (l.runs[0].x - past).abs() < 0.01), "{text:?}");
        assert!((text[4].runs[0].x - logo.x).abs() < 0.01 && text[4].y > logo.y + 48.0, "{:?}", text[4]);
        // A line that would wrap past the logo and not at the margin goes back to the margin,
        // with the rest of the entry.
        let long = "Hours: Monday to Thursday 8:30 to 19:00; Friday 8:30 to 16:00.";
        let mut wrapping = items("Example Community Clinic");
        wrapping[7] = para(long);
        let laid = layout(&wrapping, &opts());
        let text: Vec<&Line> = laid.pages[0].lines.iter().filter(|l| l.role == Role::Paragraph).collect();
        assert!(text[3].runs[0].x < past - 1.0 && text[2].runs[0].x > past - 0.01, "{text:?}");
        assert_eq!(text.len(), 5, "the hours wrap: {text:?}");
        let two = Options { columns: 2, profile: Profile::TWO_COLUMNS, ..opts() };
        let laid = layout(&items("Example Community Clinic"), &two);
        let logo = &laid.pages[0].figures[0];
        let name = laid.pages[0].lines.iter().find(|l| l.role == Role::Paragraph).unwrap();
        assert!(name.y > logo.y + 48.0 && (name.runs[0].x - logo.x).abs() < 0.01, "{name:?}");
    }

    #[test]
    fn the_entry_after_a_qr_code_taller_than_its_text_starts_below_it_at_full_width() {
        // A clinic of a name and a phone beside its QR code: the helpline after it had been
        // set narrowed beside the code ("SAMHSA's National Helpline — / Free and
        // confidential, 24 hours a / …").
        let qr =
            Figure::Qr { url: "https://example.org".into(), dark: vec![true; 625], width: 25, size: 72.0 };
        let items = vec![
            Item::KeepWholeStart,
            Item::Heading { level: 2, text: "Where to get help".into(), anchor: None },
            Item::EntryStart,
            Item::SideFigure(qr),
            para("Hillside Family Practice"),
            para("Phone: 555-0123"),
            Item::KeepEnd,
            Item::EntryStart,
            para(
                "SAMHSA's National Helpline — Free and confidential, 24 hours a day, 365 days a year, in English and Spanish.",
            ),
            Item::KeepEnd,
            Item::KeepEnd,
        ];
        let two = Options { columns: 2, profile: Profile::TWO_COLUMNS, ..opts() };
        for o in [opts(), two] {
            let laid = layout(&items, &o);
            let page = &laid.pages[0];
            let code = &page.figures[0];
            let text: Vec<&Line> = page.lines.iter().filter(|l| l.role == Role::Paragraph).collect();
            let helpline = text.iter().find(|l| l.runs[0].text.starts_with("SAMHSA")).unwrap();
            let top = helpline.y - helpline.runs[0].size;
            assert!(top >= code.y + 72.0, "the helpline at {top}, the code's foot at {}", code.y + 72.0);
            let right = helpline.runs.iter().map(|r| r.x + r.width).fold(0.0, f32::max);
            assert!(
                right > code.x,
                "the helpline's first line ends at {right}, beside the code at {}",
                code.x
            );
        }
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
                &atoms(&spans, 18.0, FontStyle::Regular, "en", lines::HYPHENATE_RAGGED),
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
    fn a_hyphenatable_last_word_is_not_left_alone_either() {
        // "conditions." is three syllables to the line breaker; a last line of it is still one
        // word alone, and a slightly narrower measure usually brings "health" down with it.
        let text = "Evaluation involves measuring the amount of the substance in the bloodstream and screening for other health conditions.";
        let spans = [Span { text: text.into(), style: Style::default() }];
        let (mut lone, mut widths) = (0, 0);
        for width in (200..600).step_by(2) {
            let lines = break_lines(&spans, 18.0, FontStyle::Regular, width as f32, false, "en", Ink::Text);
            let last: String = lines.last().unwrap().iter().map(|r| r.text.as_str()).collect();
            if lines.len() >= 2 {
                widths += 1;
                lone += usize::from(last.split([' ', '\u{a0}']).count() == 1);
            }
        }
        // Counting syllables instead of words, 12 of 200 measures left "conditions." alone.
        assert!(widths > 100);
        assert!(lone <= 2, "a one-word last line at {lone} of {widths} measures");
        // A short item whose first line was already well short of the measure: a narrower
        // measure, down to three quarters of it, brings "the" down ("stop using / the
        // substance"; signs on A4 left "substance" alone).
        let item =
            [Span { text: "trying and failing to stop using the substance".into(), ..spans[0].clone() }];
        for width in (180..300).step_by(2) {
            let lines = break_lines(&item, 12.0, FontStyle::Regular, width as f32, false, "en", Ink::Text);
            let last: String = lines.last().unwrap().iter().map(|r| r.text.as_str()).collect();
            assert!(
                lines.len() == 1 || last.split([' ', '\u{a0}']).count() >= 2,
                "width {width}: `{last}` alone"
            );
        }
    }

    #[test]
    fn a_justified_paragraph_ends_on_a_piece_of_a_word_only_to_avoid_a_hole() {
        // "with-/drawal." alone on the last line reads worse than "withdrawal." whole there,
        // unless bringing the whole word down leaves the line before more than two ems short
        // of the measure beyond what its spaces may open.
        let texts = [
            "There is relatively little research about kratom detox and withdrawal.",
            "Speak to a doctor or other health professional for a recommendation.",
            "Some treatment plans also address related health conditions, such as depression or anxiety.",
        ];
        let (size, f) = (18.0, fonts());
        let space = f.width(FontStyle::Regular, " ", size);
        let (mut pieces, mut paragraphs) = (Vec::new(), 0);
        for text in texts {
            let spans = [Span { text: text.into(), style: Style::default() }];
            for width in (200..520).step_by(3) {
                let lines =
                    break_lines(&spans, size, FontStyle::Regular, width as f32, true, "en", Ink::Text);
                if lines.len() < 2 {
                    continue;
                }
                paragraphs += 1;
                let before = &lines[lines.len() - 2];
                let last: String = lines.last().unwrap().iter().map(|r| r.text.as_str()).collect();
                if !before.last().unwrap().hyphen || lines.last().unwrap().len() > 1 || last.contains(' ') {
                    continue;
                }
                // The words before the hyphenated one (runs parted by a gap hold no space).
                let mut line = String::new();
                for (k, r) in before.iter().enumerate() {
                    if k > 0 && r.x - (before[k - 1].x + before[k - 1].width) > 0.5 {
                        line.push(' ');
                    }
                    line.push_str(&r.text);
                }
                let mut words: Vec<&str> = line.split(' ').collect();
                words.pop();
                let natural: f32 = words.iter().map(|w| f.width(FontStyle::Regular, w, size)).sum::<f32>()
                    + space * (words.len() - 1) as f32;
                let short = width as f32 - natural - (words.len() - 1) as f32 * 0.15 * size;
                pieces.push(format!("{width}: {last}"));
                assert!(
                    short > 2.0 * size - 1.0,
                    "width {width}: a piece where the line before would be {short} pt short: {words:?}"
                );
            }
        }
        // Before pieces cost more than a lone word, 73 of these 321 paragraphs ended on one.
        assert!(paragraphs > 300);
        assert!(pieces.len() * 8 <= paragraphs, "{} of {paragraphs}: {pieces:?}", pieces.len());
    }

    #[test]
    fn justified_word_spaces_open_by_at_most_0_15_em_and_close_by_at_most_0_05() {
        let text = "Therapy is conducted by a psychiatrist, psychologist, or addictions counselor. You can do it on your own, with your family, or in a group. There are many different types of therapy. Behavioral therapy refers to all forms of therapy aimed at helping you identify and change self-destructive attitudes and behaviors.";
        let spans = [Span { text: text.into(), style: Style::default() }];
        let f = fonts();
        let (mut justified, mut closed) = (0, 0);
        let space = f.width(FontStyle::Regular, " ", 13.0);
        for width in (120..420).step_by(7) {
            let lines = break_lines(&spans, 13.0, FontStyle::Regular, width as f32, true, "en", Ink::Text);
            for runs in &lines[..lines.len() - 1] {
                for pair in runs.windows(2) {
                    let gap = pair[1].x - (pair[0].x + pair[0].width);
                    assert!(gap <= space + 0.15 * 13.0 + 0.01, "width {width}: gap {gap} in {runs:?}");
                    // Pieces of one hyphenatable word sit next to each other; a word space is
                    // wider than half a space.
                    if gap > space / 2.0 {
                        assert!(gap >= space - 0.05 * 13.0 - 0.01, "width {width}: gap {gap} in {runs:?}");
                        closed += usize::from(gap < space - 0.01);
                    }
                }
                justified += usize::from(runs.len() > 1);
            }
        }
        assert!(justified > 20, "hardly any line was justified");
        assert!(closed > 10, "spaces hardly ever closed: {closed}");
    }

    #[test]
    fn justified_lines_reach_the_measure() {
        // Lines are chosen for justifying: most lines but the last fill the measure exactly
        // within the stretch cap, hyphenating where that helps, rather than stay ragged.
        let text = "Therapy is conducted by a psychiatrist, psychologist, or addictions counselor. You can do it on your own, with your family, or in a group. There are many different types of therapy. Behavioral therapy refers to all forms of therapy aimed at helping you identify and change self-destructive attitudes and behaviors. Kratom detox may involve gradually reducing the drug dose to minimize these effects. This may take up to a week. Research has yet to identify the best medications for kratom addiction.";
        let spans = [Span { text: text.into(), style: Style::default() }];
        let (mut lines_seen, mut flush) = (0, 0);
        for width in (250..=420).step_by(5) {
            let lines = break_lines(&spans, 13.0, FontStyle::Regular, width as f32, true, "en", Ink::Text);
            for runs in &lines[..lines.len() - 1] {
                let end = runs.iter().map(|r| r.x + r.width).fold(0.0, f32::max);
                assert!(end <= width as f32 + 0.01, "width {width}: a line runs to {end}");
                lines_seen += 1;
                flush += usize::from(end >= width as f32 - 0.5);
            }
        }
        // Line breaking chosen for justifying brings this from 38 % (ragged-right breaks, then
        // justified where the cap allowed) to 68 %, and spaces that may also close a little to
        // 78 % (81 % since a compound breaks only after its own hyphen); the rest would need
        // wider spaces.
        let share = flush as f64 / lines_seen as f64;
        assert!(share >= 0.75, "{flush} of {lines_seen} justified lines reach the measure ({share:.2})");
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
            normal = layout_measured(&items, &opts()).layout.pages.len();
        }
        assert_eq!(normal, 2);
        assert_eq!(layout(&items, &opts()).pages.len(), 1, "tighter spacing should fit one more paragraph");
        // When nothing is saved, the normal spacing stays.
        items.extend((0..20).map(|_| para("More text that needs a second page whatever the spacing.")));
        let laid = layout(&items, &opts());
        assert_eq!(laid, layout_measured(&items, &opts()).layout);
    }

    #[test]
    fn a_second_step_closer_is_taken_only_when_it_saves_a_sheet() {
        // Add paragraphs until a step closer no longer fits them on one page.
        let mut items = Vec::new();
        while layout_measured(&items, &tighter(&opts(), 1)).layout.pages.len() < 2 {
            items.push(para("Therapy can be intensive at first."));
        }
        assert_eq!(layout_measured(&items, &tighter(&opts(), 2)).layout.pages.len(), 1);
        let laid = layout(&items, &opts());
        assert_eq!(laid, layout_measured(&items, &tighter(&opts(), 2)).layout, "two steps fit one page");
        assert_eq!(tighter(&opts(), 2).profile.leading, Profile::STANDARD.leading - 0.14);
        // Never closer than 1.25 times the size.
        let columns = Options { profile: Profile::TWO_COLUMNS, ..opts() };
        assert_eq!(tighter(&columns, 2).profile.leading, ratio::MIN_LEADING);
        // Where it saves nothing, the spacing stays as it was.
        items.extend((0..20).map(|_| para("More text that needs a second page whatever the spacing.")));
        assert_eq!(layout(&items, &opts()), layout_measured(&items, &opts()).layout);
    }

    #[test]
    fn contents_entries_lead_the_eye_to_their_numbers_with_dots_in_columns() {
        let entry = |level, text: &str, page: &str| Item::TocEntry {
            level,
            text: text.into(),
            page: page.into(),
            anchor: "a".into(),
        };
        let long = "Signs of addiction in a loved one and what a family can do about them together, \
                    step by step, without blame";
        let items = vec![entry(1, "1. Signs", "3"), entry(2, "Detox", "12"), entry(2, long, "4")];
        let laid = layout(&items, &opts());
        let page = &laid.pages[0];
        let leaders: Vec<&Rule> =
            page.rules.iter().filter(|r| matches!(r.stroke, Stroke::Leader { .. })).collect();
        let entries: Vec<&Line> = page.lines.iter().filter(|l| l.role == Role::TocEntry).collect();
        assert_eq!(entries.len(), 4, "the long title takes two lines");
        // One run of dots for each entry, on its last line: the long title's first line has
        // no number to lead to.
        assert_eq!(leaders.len(), 3, "{leaders:?}");
        for (rule, line) in leaders.iter().zip([entries[0], entries[1], entries[3]]) {
            let Stroke::Leader { step, dot } = rule.stroke else { unreachable!() };
            let number = line.runs.last().unwrap();
            let text = &line.runs[line.runs.len() - 2];
            assert!(
                rule.x1 > text.x + text.width && rule.x2 < number.x + number.width / 2.0,
                "{rule:?} {line:?}"
            );
            assert!(((rule.y + dot / 2.0) - line.y).abs() < 0.01, "the dots sit on the baseline");
            // Every entry's dots on one grid: they stand in columns down the page.
            let apart = (rule.x1 - leaders[0].x1) / step;
            assert!((apart - apart.round()).abs() < 1e-3, "{rule:?}");
        }
    }

    #[test]
    fn spanish_words_hyphenate_with_spanish_patterns() {
        assert!(hyphenate("tratamientos", "es", 8).len() > 1);
    }

    #[test]
    fn hyphenates_long_words_only() {
        assert_eq!(hyphenate("detox", "en", 8), ["detox"]);
        assert!(hyphenate("hallucinations", "en", 8).len() > 1);
        assert_eq!(hyphenate("SAMHSA", "en", 8), ["SAMHSA"]);
    }

    #[test]
    fn a_capitalized_word_hyphenates_only_where_justifying() {
        use lines::{HYPHENATE_JUSTIFIED, HYPHENATE_RAGGED};
        // Justified, a line left short costs more than a hyphen in "Addiction".
        assert_eq!(hyphenate("Addiction", "en", HYPHENATE_JUSTIFIED), ["Addic", "tion"]);
        assert_eq!(hyphenate("addiction", "en", HYPHENATE_JUSTIFIED), ["addic", "tion"]);
        assert_eq!(hyphenate("Addiction", "en", HYPHENATE_RAGGED), ["Addiction"]);
        // Never an acronym, nor a name with a capital inside.
        assert_eq!(hyphenate("EMCDDA", "en", HYPHENATE_JUSTIFIED), ["EMCDDA"]);
        assert_eq!(hyphenate("McAllister", "en", HYPHENATE_JUSTIFIED), ["McAllister"]);
    }

    /// Generated handouts: words of every kind (long, hyphenated, web addresses, numbers,
    /// Spanish letters, dashes), paragraphs, headings and lists, in every profile.
    mod generated {
        use super::*;
        use proptest::collection::vec;
        use proptest::prelude::*;

        fn word() -> impl Strategy<Value = String> {
            prop_oneof![
                4 => "[a-z]{1,12}",
                1 => "[A-Z][a-z]{2,10}[.,:;]?",
                1 => "[a-z]{16,45}",
                1 => prop_oneof![
                    Just("hallucinations".to_string()),
                    Just("https://findtreatment.gov/locator/search?q=kratom&near=me".to_string()),
                    Just("anti-inflammatory".to_string()),
                    Just("1-800-662-4357".to_string()),
                    Just("—".to_string()),
                    Just("(NSAIDs)".to_string()),
                    Just("niño".to_string()),
                    Just("Phone:".to_string()),
                ],
            ]
        }

        fn text() -> impl Strategy<Value = String> {
            vec(word(), 1..40).prop_map(|w| w.join(" "))
        }

        fn block() -> impl Strategy<Value = Vec<Item>> {
            prop_oneof![
                3 => text().prop_map(|t| vec![para(&t)]),
                1 => (2u8..4, "[A-Z][a-z]{2,12}( [a-z]{2,8}){0,4}")
                    .prop_map(|(level, text)| vec![Item::Heading { level, text, anchor: None }]),
                1 => ("[A-Z][a-z]{2,12}( [a-z]{2,8}){0,3}", any::<bool>()).prop_map(|(text, new_page)| {
                    vec![Item::Module { text, anchor: "m".into(), new_page }]
                }),
                1 => Just(vec![Item::PageBreak]),
                // A contact block: kept whole where it fits, else broken between its entries,
                // each with or without a QR code beside its text.
                // Entries are a few lines each, as a clinic's and a helpline's are.
                // An entry may have a logo beside its text too, on the left, as a clinic's has.
                1 => vec((any::<bool>(), any::<bool>(), vec(vec(word(), 1..12).prop_map(|w| w.join(" ")), 1..4)), 1..5).prop_map(|entries| {
                    let mut items = vec![
                        Item::KeepWholeStart,
                        Item::Heading { level: 2, text: "Where to get help".into(), anchor: None },
                    ];
                    for (logo, qr, texts) in entries {
                        items.push(Item::EntryStart);
                        if logo {
                            items.push(Item::LeadFigure(Figure::Image { id: 0, width: 48.0, height: 48.0 }));
                        }
                        if qr {
                            items.push(Item::SideFigure(Figure::Qr {
                                url: "https://example.org".into(),
                                dark: vec![true; 25 * 25],
                                width: 25,
                                size: 72.0,
                            }));
                        }
                        items.extend(texts.iter().map(|t| para(t)));
                        items.push(Item::KeepEnd);
                    }
                    items.push(Item::KeepEnd);
                    items
                }),
                1 => (any::<bool>(), vec(text(), 1..9)).prop_map(|(numbered, texts)| {
                    let mut items = vec![Item::ListStart { numbered }];
                    for (i, t) in texts.into_iter().enumerate() {
                        let marker = if numbered { format!("{}.", i + 1) } else { "•".into() };
                        items.push(Item::ListItem { marker, spans: vec![Span { text: t, style: Style::default() }] });
                    }
                    items.push(Item::ListEnd);
                    items
                }),
            ]
        }

        /// The text an item puts on the page, for comparing without spaces.
        fn item_text(item: &Item) -> String {
            match item {
                Item::Title { text, subtitle } => format!("{text}{}", subtitle.clone().unwrap_or_default()),
                Item::Heading { text, .. } | Item::Module { text, .. } => text.clone(),
                Item::Paragraph(spans) | Item::ListItem { spans, .. } => {
                    spans.iter().map(|s| s.text.as_str()).collect()
                }
                Item::Field { label, spans } => {
                    format!("{label}{}", spans.iter().map(|s| s.text.as_str()).collect::<String>())
                }
                _ => String::new(),
            }
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]
            #[test]
            fn every_character_is_set_once_in_order_inside_the_margins(
                blocks in vec(block(), 1..14),
                profile in 0..4usize,
                justify in any::<bool>(),
            ) {
                let mut items = vec![Item::Title { text: "Generated".into(), subtitle: Some("test".into()) }];
                items.extend(blocks.into_iter().flatten());
                let o = match profile {
                    0 => opts(),
                    1 => Options { profile: Profile::LARGE, ..opts() },
                    2 => Options { two_columns: Some(Profile::TWO_COLUMNS), ..opts() },
                    _ => Options { page: PageSpec::A4, ..opts() },
                };
                let l = layout(&items, &Options { justify, ..o });
                let unspaced = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
                let expected: String = items.iter().map(|i| unspaced(&item_text(i))).collect();
                let mut set = String::new();
                for line in l.pages.iter().flat_map(|p| &p.lines) {
                    if line.role == Role::Artifact {
                        continue;
                    }
                    // A list item's first line starts with its marker.
                    for run in line.runs.iter().skip(usize::from(line.label)) {
                        let text = if run.hyphen { run.text.strip_suffix('-').unwrap_or(&run.text) } else { &run.text };
                        set.push_str(&unspaced(text));
                        prop_assert!(
                            run.x >= l.page.margin - 0.01 && run.x + run.width <= l.page.width - l.page.margin + 0.01,
                            "{run:?} outside the margins of {:?}", l.page
                        );
                    }
                }
                prop_assert_eq!(set, expected);
                // A contact block's heading never ends a column, its entries elsewhere.
                let all: Vec<(&Line, PageEnd, bool)> = l
                    .pages
                    .iter()
                    .flat_map(|p| {
                        let body: Vec<&Line> = p.lines.iter().filter(|ln| ln.role != Role::Artifact).collect();
                        let n = body.len();
                        body.into_iter().enumerate().map(move |(k, ln)| (ln, p.end, k + 1 == n))
                    })
                    .collect();
                for (k, (line, end, last_on_page)) in all.iter().enumerate() {
                    let Some((next, _, _)) = all.get(k + 1) else { continue };
                    let column_ends = *last_on_page || next.y < line.y;
                    let excused = (*last_on_page && *end == PageEnd::Forced) || matches!(next.role, Role::Heading(_));
                    let contact = line.runs.first().is_some_and(|r| r.text.starts_with("Where"));
                    prop_assert!(!(column_ends && !excused && contact), "the contact heading ends a column: {line:?}");
                }
                // Body text and figures stay above the footer; text beside a figure stops before
                // it.
                for page in &l.pages {
                    let footer_top = page
                        .lines
                        .iter()
                        .filter(|ln| ln.role == Role::Artifact && ln.y > l.page.height / 2.0)
                        .map(|ln| ln.y - ln.runs.first().map_or(0.0, |r| r.size))
                        .fold(f32::INFINITY, f32::min);
                    for line in page.lines.iter().filter(|l| l.role != Role::Artifact) {
                        prop_assert!(line.y < footer_top, "{line:?} reaches into the footer at {footer_top}");
                    }
                    for fig in &page.figures {
                        let (w, h) = fig.figure.size();
                        prop_assert!(fig.x >= l.page.margin - 0.01 && fig.x + w <= l.page.width - l.page.margin + 0.01);
                        prop_assert!(fig.y + h <= footer_top, "a figure at {} reaches into the footer at {footer_top}", fig.y);
                        // Lines beside it end before it or start past it.
                        for line in page.lines.iter().filter(|l| l.role != Role::Artifact) {
                            let top = line.y - line.runs.first().map_or(0.0, |r| r.size);
                            if line.y > fig.y && top < fig.y + h {
                                let start = line.runs.iter().map(|r| r.x).fold(f32::INFINITY, f32::min);
                                let end = line.runs.iter().map(|r| r.x + r.width).fold(0.0, f32::max);
                                prop_assert!(
                                    end <= fig.x + 0.01 || start >= fig.x + w - 0.01,
                                    "{line:?} runs into the figure at {}..{}",
                                    fig.x,
                                    fig.x + w
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}
