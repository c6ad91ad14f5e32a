//! Page content: one laid-out page → printpdf operations. Rules and figures are artifacts;
//! each line is marked content whose MCID is recorded for the structure tree; links become
//! annotations.

use printpdf::{
    Actions, BorderArray, Color, CurTransMat, Destination, DictItem, FontId, Line as PdfLine, LineCapStyle,
    LineDashPattern, LinePoint, LinkAnnotation, Op, PdfFontHandle, Point, Pt, Rect, Rgb, TextItem,
    TextMatrix, XObjectId, XObjectTransform,
};

use super::structure::{LinkMark, Marked, Part, tag};
use crate::print::fonts::{FontStyle, fonts};
use crate::print::image::Image;
use crate::print::labels::Labels;
use crate::print::layout::{Figure, Ink, Layout, Page, Role, Run, Stroke};

/// What one page contributes: its operations, its marked content and its links.
pub(super) struct PageContent {
    pub ops: Vec<Op>,
    pub marked: Vec<Marked>,
    pub links: Vec<LinkMark>,
}

/// The content of page `page_index` of `layout`; `labels` word the links' descriptions.
pub(super) fn page(layout: &Layout, page_index: usize, images: &[Image], labels: &Labels) -> PageContent {
    let page = &layout.pages[page_index];
    let page_h = layout.page.height;
    let mut ops = decoration(page, page_h, images);
    let mut marked = Vec::new();
    text(&mut ops, &mut marked, page, page_index, layout);
    let links = links(&mut ops, page, page_index, layout, labels);
    PageContent { ops, marked, links }
}

/// Rules, QR codes and the logo, as one artifact.
fn decoration(page: &Page, page_h: f32, images: &[Image]) -> Vec<Op> {
    // Rules, QR codes and the logo are decoration (each URL is also printed as text).
    let mut ops = vec![Op::BeginMarkedContent { tag: "Artifact".into() }];
    for rule in &page.rules {
        match rule.stroke {
            Stroke::Line => {
                ops.push(Op::SetOutlineColor { col: color(Ink::Accent) });
                ops.push(Op::SetOutlineThickness { pt: Pt(0.75) });
                ops.push(Op::SetLineDashPattern { dash: LineDashPattern::default() });
                ops.push(Op::SetLineCapStyle { cap: LineCapStyle::Butt });
            }
            Stroke::Leader { step, dot } => {
                // Dashes of no length with round caps are round dots; the line runs half a
                // step past the last so that it is drawn.
                ops.push(Op::SetOutlineColor { col: color(Ink::Muted) });
                ops.push(Op::SetOutlineThickness { pt: Pt(dot) });
                ops.push(Op::SetLineDashPattern { dash: LineDashPattern::new(0.0, &[0.0, step]) });
                ops.push(Op::SetLineCapStyle { cap: LineCapStyle::Round });
            }
        }
        let x2 = match rule.stroke {
            Stroke::Line => rule.x2,
            Stroke::Leader { step, .. } => rule.x2 + step / 2.0,
        };
        ops.push(Op::DrawLine {
            line: PdfLine {
                points: vec![
                    LinePoint { p: Point { x: Pt(rule.x1), y: Pt(page_h - rule.y) }, bezier: false },
                    LinePoint { p: Point { x: Pt(x2), y: Pt(page_h - rule.y) }, bezier: false },
                ],
                is_closed: false,
            },
        });
    }
    for placed in &page.figures {
        match &placed.figure {
            Figure::Qr { dark, width, size, .. } => {
                // One path in module units: a transform scales a module to its size, each
                // block of dark modules is an `re` of whole numbers, and one `f` fills them
                // all. printpdf's rectangle paints each on its own and writes every corner as a
                // fraction; `re` without a paint is an operator it passes through as is.
                let module = size / *width as f32;
                let bottom = page_h - placed.y - *width as f32 * module;
                ops.push(Op::SaveGraphicsState);
                ops.push(Op::SetTransformationMatrix {
                    matrix: CurTransMat::Raw([module, 0.0, 0.0, module, placed.x, bottom]),
                });
                ops.push(Op::SetFillColor {
                    col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }),
                });
                for [x, y, w, h] in dark_blocks(dark, *width) {
                    ops.push(Op::Unknown {
                        key: "re".into(),
                        value: [x, y, w, h].into_iter().map(|n| DictItem::Int(n as i64)).collect(),
                    });
                }
                ops.push(Op::Unknown { key: "f".into(), value: Vec::new() });
                ops.push(Op::RestoreGraphicsState);
            }
            Figure::Image { id, width, height } => {
                let Some(img) = images.get(*id) else { continue };
                ops.push(Op::UseXobject {
                    id: XObjectId(format!("Im{id}")),
                    transform: XObjectTransform {
                        translate_x: Some(Pt(placed.x)),
                        translate_y: Some(Pt(page_h - placed.y - height)),
                        scale_x: Some(width / img.width as f32),
                        scale_y: Some(height / img.height as f32),
                        dpi: Some(72.0),
                        ..Default::default()
                    },
                });
            }
        }
    }
    ops.push(Op::EndMarkedContent);
    ops
}

/// Whether a run becomes a link annotation ([`links`]): a web, mail or phone address, as on
/// the search page, or an `#anchor` of this document the layout made itself (contents
/// entries).
fn annotated(run: &Run, layout: &Layout) -> bool {
    run.link.as_deref().is_some_and(|u| match u.strip_prefix('#') {
        Some(id) => layout.anchors.iter().any(|a| a.id == id),
        None => crate::corpus::markdown::is_safe_link(u),
    })
}

/// The lines, each as marked content (an artifact for headers and footers); a link's text is
/// marked content of its own, for the Link element of its annotation.
fn text(ops: &mut Vec<Op>, marked: &mut Vec<Marked>, page: &Page, page_index: usize, layout: &Layout) {
    let page_h = layout.page.height;
    ops.push(Op::StartTextSection);
    let mut current: Option<(FontStyle, f32, Ink)> = None;
    // The space after each letter (`Tc`), 0 until a justified line tracks its letters.
    let mut tracking = 0.0;
    let mut next_mcid = 0;
    // The annotations on the page so far, numbered as [`links`] writes them.
    let mut next_link = 0;
    for line in &page.lines {
        // Each line is marked content: an artifact (header, footer), or a piece of the
        // structure element of its block, found again by (page, MCID) in the tree.
        // The first page's footer note is a paragraph; the rest of the furniture artifacts.
        let role = if line.is_note() { Role::Paragraph } else { line.role };
        let mut begin = |ops: &mut Vec<Op>, part: Part| {
            let mcid = next_mcid;
            next_mcid += 1;
            marked.push(Marked { page: page_index, mcid, block: line.block, role, list: line.list, part });
            let mut props = std::collections::BTreeMap::new();
            props.insert("MCID".to_string(), DictItem::Int(mcid as i64));
            let tag = match part {
                Part::Label => "Lbl",
                Part::Link(_) => "Link",
                Part::Body if role == Role::ListItem => "LBody",
                Part::Body => tag(role),
            };
            ops.push(Op::BeginMarkedContentWithProperties {
                tag: tag.into(),
                properties: DictItem::Dict { map: props },
            });
        };
        let artifact = role == Role::Artifact;
        if artifact {
            ops.push(Op::BeginMarkedContent { tag: "Artifact".into() });
        }
        // The part whose marked content is open.
        let mut open: Option<Part> = None;
        for (ri, run) in line.runs.iter().enumerate() {
            let linked = annotated(run, layout);
            if linked {
                next_link += 1;
            }
            // The marker is the item's label; the rest of the line its body, a link's text
            // apart in it.
            let part = match (line.label && ri == 0, linked) {
                (true, _) => Part::Label,
                (false, true) => Part::Link(next_link - 1),
                (false, false) => Part::Body,
            };
            if !artifact && open != Some(part) {
                if open.is_some() {
                    ops.push(Op::EndMarkedContent);
                }
                begin(ops, part);
                open = Some(part);
            }
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
            if run.tracking != tracking {
                tracking = run.tracking;
                ops.push(Op::SetCharacterSpacing { multiplier: tracking });
            }
            ops.push(Op::SetTextMatrix { matrix: TextMatrix::Translate(Pt(run.x), Pt(page_h - line.y)) });
            match run.text.strip_suffix('-').filter(|_| run.hyphen) {
                Some(word) => {
                    // The hyphenation hyphen is drawn but not text: empty ActualText, so
                    // copying and reading aloud rejoin the word.
                    ops.push(Op::ShowText { items: text_items(run.style, word) });
                    let mut props = std::collections::BTreeMap::new();
                    props.insert(
                        "ActualText".to_string(),
                        DictItem::String { data: Vec::new(), literal: true },
                    );
                    ops.push(Op::BeginMarkedContentWithProperties {
                        tag: "Span".into(),
                        properties: DictItem::Dict { map: props },
                    });
                    ops.push(Op::ShowText { items: text_items(run.style, "-") });
                    ops.push(Op::EndMarkedContent);
                }
                // The word space after the run, when it is not in its text
                // ([`crate::print::layout::Run::space_after`]).
                None if run.space_after => {
                    ops.push(Op::ShowText { items: text_items(run.style, &format!("{} ", run.text)) })
                }
                None => ops.push(Op::ShowText { items: text_items(run.style, &run.text) }),
            }
        }
        if artifact || open.is_some() {
            ops.push(Op::EndMarkedContent);
        }
    }
    ops.push(Op::EndTextSection);
}

/// Link annotations over the runs that carry a usable address.
fn links(
    ops: &mut Vec<Op>,
    page: &Page,
    page_index: usize,
    layout: &Layout,
    labels: &Labels,
) -> Vec<LinkMark> {
    let page_h = layout.page.height;
    let mut links = Vec::new();
    for line in &page.lines {
        for run in line.runs.iter().filter(|r| annotated(r, layout)) {
            let url = run.link.clone().unwrap_or_default();
            // `#anchor` links go to a heading of this document (contents entries).
            let action = match url.strip_prefix('#') {
                Some(id) => {
                    let Some(a) = layout.anchors.iter().find(|a| a.id == id) else { continue };
                    Actions::Goto(Destination::Xyz {
                        page: a.page + 1,
                        left: None,
                        top: Some(page_h - a.y + 4.0),
                        zoom: None,
                    })
                }
                None => Actions::Uri(url.clone()),
            };
            // What following the link does, in the language of its line (a Spanish clinic's
            // "Llamar al 555-0100" in an English handout): a screen reader reads it for the
            // annotation, in the language of the element around it.
            let labels: &Labels = match line.lang.as_deref() {
                Some(lang) => crate::print::labels::labels(lang),
                None => labels,
            };
            let shown = run.text.trim().replace('\u{a0}', " ");
            let description = match &action {
                Actions::Goto(_) => format!("{} {}", labels.go_to, shown),
                Actions::Uri(u) if u.starts_with("tel:") => format!("{} {}", labels.call, shown),
                Actions::Uri(u) => u.clone(),
            };
            links.push(LinkMark { page: page_index, block: line.block, url: description });
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
                    action,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            });
        }
    }
    links
}

/// The dark modules of a square code `width` modules wide (row by row from the top), as
/// rectangles `[x, y, w, h]` in module units from the bottom left: each horizontal run of dark
/// modules, merged with the same run in the rows below it. They cover every dark module once
/// and no light one; merging makes a QR code about a quarter fewer operators than one
/// rectangle a run.
fn dark_blocks(dark: &[bool], width: usize) -> Vec<[usize; 4]> {
    let mut done = Vec::new();
    // Blocks still growing down: [x, top row, w, rows so far].
    let mut open: Vec<[usize; 4]> = Vec::new();
    for row in 0..=width {
        let mut runs = Vec::new();
        let mut col = 0;
        while row < width && col < width {
            if !dark[row * width + col] {
                col += 1;
                continue;
            }
            let start = col;
            while col < width && dark[row * width + col] {
                col += 1;
            }
            runs.push((start, col - start));
        }
        let mut next = Vec::with_capacity(runs.len());
        for (x, w) in runs {
            match open.iter().position(|b| b[0] == x && b[2] == w) {
                Some(i) => {
                    let mut b = open.swap_remove(i);
                    b[3] += 1;
                    next.push(b);
                }
                None => next.push([x, row, w, 1]),
            }
        }
        // A block that did not go on ends in the row above: its bottom edge is known.
        done.extend(open.drain(..).map(|[x, top, w, h]| [x, width - top - h, w, h]));
        open = next;
    }
    done.sort_by_key(|&[x, y, _, _]| (std::cmp::Reverse(y), x));
    done
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

pub(super) fn font_id(style: FontStyle) -> FontId {
    FontId(format!("F{}", style.index()))
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

#[cfg(test)]
mod tests {
    use super::dark_blocks;

    #[test]
    fn dark_blocks_cover_the_dark_modules_exactly_and_merge_rows() {
        for text in ["https://findtreatment.gov", "tel:+18006624357", "https://example.org/clinic/hours"] {
            let (dark, width) = crate::print::handout::qr_modules(text).expect("encodes");
            let blocks = dark_blocks(&dark, width);
            let mut covered = vec![0u8; dark.len()];
            for [x, y, w, h] in &blocks {
                assert!(*w > 0 && *h > 0 && x + w <= width && y + h <= width, "{text}: {x} {y} {w} {h}");
                for row in width - y - h..width - y {
                    for col in *x..x + w {
                        covered[row * width + col] += 1;
                    }
                }
            }
            for (i, &d) in dark.iter().enumerate() {
                assert_eq!(covered[i], u8::from(d), "{text}: module {} {}", i % width, i / width);
            }
            let runs: usize = dark
                .chunks(width)
                .map(|row| {
                    row.iter()
                        .zip(std::iter::once(&false).chain(row))
                        .filter(|(d, before)| **d && !**before)
                        .count()
                })
                .sum();
            assert!(blocks.len() * 5 < runs * 4, "{text}: {} blocks for {runs} runs", blocks.len());
        }
    }
}
