//! What the setter hands the paginator: chunks (lines of one height, or a figure) with their
//! keep rules, and the groups of chunks kept together.

use super::{Figure, ListRef, Role, Run};

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
    /// The figure stands beside the text that follows and has no height of its own: this is
    /// how far below the chunk's top its foot is, which the text beside it may not fill.
    pub(super) beside: Option<f32>,
    /// How far below the chunk's top its figure is drawn (a figure beside text starts level
    /// with the text's first line, not with the gap above it).
    pub(super) figure_drop: f32,
    pub(super) role: Role,
    pub(super) list: Option<ListRef>,
    /// Language when it differs from the document's.
    pub(super) lang: Option<String>,
    /// A pack module's heading: wants a third of a page below it.
    pub(super) module: bool,
    /// Set across every column (the title block), above them.
    pub(super) span: bool,
    /// Dots along the last line from one x to another (past its indent), leading the eye to
    /// a contents entry's page number, and the size of the text they go with.
    pub(super) leader: Option<(f32, f32, f32)>,
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
            beside: None,
            figure_drop: 0.0,
            list: None,
            lang: None,
            module: false,
            span: false,
            leader: None,
            role: match kind {
                Kind::Heading => Role::Heading(2),
                _ => Role::Paragraph,
            },
        }
    }
}

/// Kinds of groups the paginator keeps together.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Group {
    /// Moved whole to the next page when short (at most 45% of a page).
    Keep,
    /// Moved whole whenever it fits on a page (a contact block); it may break between its
    /// entries from one column to the next of the same page.
    Whole,
    /// One entry of a contact block: moved whole whenever it fits on a page.
    Entry,
    /// A list: split only between items, with at least two items on each side; a list of
    /// three items or fewer moves whole when short.
    List,
}
