//! PDF writer: a [`Layout`] → PDF bytes, through printpdf. Pure: the same layout and metadata
//! give the same bytes (fixed font resource names, a document ID hashed from what the file
//! shows, dates from `SOURCE_DATE_EPOCH`-style input rather than the clock).
//!
//! Fonts are embedded as subsets (only the glyphs used), text is real text (copy, search and
//! screen readers work), links are clickable, QR codes are vector squares, and headings become
//! a nested outline (bookmarks). printpdf writes the page content; a pass with lopdf then adds
//! what printpdf cannot express (a nested outline, the document language).
//!
//! The steps, one file each: `content` writes each page's operations, `structure` builds
//! the tag tree, `outline` the bookmarks, [`pdfua`] the PDF/UA-1 finishing touches, `deflate`
//! compresses the streams and `write` serializes the file.

mod content;
mod deflate;
mod outline;
pub mod pdfua;
mod structure;
mod write;

use lopdf::{Object, ObjectId, StringFormat};
use printpdf::{
    Mm, ParsedFont, PdfDocument, PdfFont, PdfPage, PdfSaveOptions, RawImage, RawImageData, RawImageFormat,
    XObject, XObjectId,
};
use std::collections::{BTreeSet, HashMap};

use crate::print::fonts::{FontStyle, fonts};
use crate::print::image::Image;
use crate::print::layout::{Anchor, Layout};
use content::font_id;
use structure::{LinkMark, Marked};

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
    /// Language of the text (BCP 47, e.g. `en`), for screen readers.
    pub language: String,
}

/// Renders `layout` to PDF bytes; `images` are the pictures its figures refer to.
#[tracing::instrument(level = "debug", name = "write the PDF", skip_all)]
pub fn render(layout: &Layout, meta: &Metadata, images: &[Image]) -> Vec<u8> {
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

    embed_fonts(&mut doc, layout);
    embed_images(&mut doc, images);

    let page_h = layout.page.height;
    let mm = |pt: f32| Mm(pt * 25.4 / 72.0);
    let mut marked: Vec<Marked> = Vec::new();
    let mut links: Vec<LinkMark> = Vec::new();
    let mut pages = Vec::with_capacity(layout.pages.len());
    let labels = crate::print::labels::labels(&meta.language);
    for page_index in 0..layout.pages.len() {
        let content = content::page(layout, page_index, images, labels);
        marked.extend(content.marked);
        links.extend(content.links);
        pages.push(PdfPage::new(mm(layout.page.width), mm(layout.page.height), content.ops));
    }
    // `secure: false` lets through the operators printpdf does not model (the QR code's
    // `re` and `f`, see `content`); every operator here is this writer's own.
    let options = PdfSaveOptions { subset_fonts: true, optimize: true, secure: false, ..Default::default() };
    let mut warnings = Vec::new();
    let doc = doc.with_pages(pages);
    // printpdf's own document, taken before serialization: finishing it in memory saves
    // writing, parsing and compressing the file twice.
    let mut finished = tracing::debug_span!("printpdf's document")
        .in_scope(|| doc.to_lopdf_document(&options, &mut warnings));
    let id = document_id(&finished, meta, &layout.anchors, &links);
    deflate::compress(&mut finished);
    let facts = crate::print::pdf::pdfua::Facts {
        title: &meta.title,
        language: &meta.language,
        created: meta.created,
        page: (layout.page.width, page_h),
    };
    // Blocks in another language than the document's.
    let langs: HashMap<usize, String> = layout
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .filter_map(|l| l.lang.clone().map(|lang| (l.block, lang)))
        .collect();
    match finish(finished, &layout.anchors, &marked, &links, &langs, &facts, &id) {
        Ok(bytes) => bytes,
        Err(e) => {
            // The content is complete without the tags and outline; say why they are missing.
            tracing::warn!("PDF structure and outline not added: {e}");
            doc.save(&options, &mut warnings)
        }
    }
}

/// Embeds each face the layout uses, as a subset of the characters it sets.
#[tracing::instrument(level = "debug", name = "subset the fonts", skip_all)]
fn embed_fonts(doc: &mut PdfDocument, layout: &Layout) {
    let f = fonts();
    let mut used: [BTreeSet<char>; 4] = Default::default();
    for line in layout.pages.iter().flat_map(|p| &p.lines) {
        for run in &line.runs {
            used[run.style.index()].extend(run.text.chars());
            if run.space_after {
                used[run.style.index()].insert(' ');
            }
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
}

/// Embeds the pictures figures refer to, as image XObjects `Im0`, `Im1`, ….
fn embed_images(doc: &mut PdfDocument, images: &[Image]) {
    for (i, img) in images.iter().enumerate() {
        let raw = RawImage {
            pixels: RawImageData::U8(img.rgb.clone()),
            width: img.width,
            height: img.height,
            data_format: RawImageFormat::RGB8,
            tag: Vec::new(),
        };
        doc.resources.xobjects.map.insert(XObjectId(format!("Im{i}")), XObject::Image(raw));
    }
}

/// The document ID (printpdf would draw it from a random source): a hash of everything the file shows (printpdf's page content, fonts
/// and images, before compression), its metadata, outline and links, and the writer's version.
/// The same input gives the same ID; a change anywhere a reader could see gives a new one.
fn document_id(doc: &lopdf::Document, meta: &Metadata, anchors: &[Anchor], links: &[LinkMark]) -> String {
    let mut hasher = blake3::Hasher::new();
    let mut field = |bytes: &[u8]| {
        hasher.update(&(bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(env!("CARGO_PKG_VERSION").as_bytes());
    for object in doc.objects.values() {
        if let Object::Stream(stream) = object {
            field(&stream.content);
        }
    }
    for page in doc.get_pages().values() {
        if let Ok(media) = doc.get_object(*page).and_then(|p| p.as_dict()).and_then(|d| d.get(b"MediaBox")) {
            field(format!("{media:?}").as_bytes());
        }
    }
    for text in [&meta.title, &meta.subject, &meta.keywords.join("\u{1f}"), &meta.author, &meta.language] {
        field(text.as_bytes());
    }
    field(&meta.created.to_le_bytes());
    for a in anchors {
        field(a.text.as_bytes());
        field(&[a.level]);
        field(&(a.page as u64).to_le_bytes());
        field(&a.y.to_le_bytes());
    }
    for link in links {
        field(link.url.as_bytes());
        field(&(link.page as u64).to_le_bytes());
    }
    hasher.finalize().to_hex()[..32].to_string()
}

/// Adds to printpdf's output what it cannot express: the structure tree, the PDF/UA-1 parts,
/// the document language, the nested outline and a stable document ID.
#[allow(clippy::too_many_arguments)]
#[tracing::instrument(level = "debug", name = "tags, outline and bytes", skip_all)]
fn finish(
    mut doc: lopdf::Document,
    anchors: &[crate::print::layout::Anchor],
    marked: &[Marked],
    links: &[LinkMark],
    langs: &HashMap<usize, String>,
    facts: &pdfua::Facts,
    id: &str,
) -> Result<Vec<u8>, lopdf::Error> {
    let (page_h, language) = (facts.page.1, facts.language);
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    structure::add_structure(&mut doc, &pages, marked, links, langs)?;
    pdfua::conform(&mut doc, facts)?;
    doc.catalog_mut()?.set("Lang", Object::String(language.as_bytes().to_vec(), StringFormat::Literal));
    outline::add(&mut doc, &pages, anchors, page_h)?;
    let id = Object::String(id.as_bytes().to_vec(), StringFormat::Literal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(write::save(&doc))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::print::layout::{Ink, Role};
    use crate::print::layout::{Line, Page, PageSpec, Run};

    /// A run of `text` in the regular face at 13 pt.
    fn run(x: f32, text: &str, hyphen: bool) -> Run {
        Run {
            x,
            text: text.into(),
            style: FontStyle::Regular,
            size: 13.0,
            width: fonts().width(FontStyle::Regular, text, 13.0),
            ink: Ink::Text,
            link: None,
            hyphen,
            tracking: 0.0,
            space_after: false,
        }
    }

    /// A paragraph's line of one run.
    fn line(y: f32, r: Run) -> Line {
        Line { y, runs: vec![r], role: Role::Paragraph, block: 0, list: None, label: false, lang: None }
    }

    /// The content operations of a one-page document of `lines`, rendered and read back.
    fn page_ops(lines: Vec<Line>) -> Vec<lopdf::content::Operation> {
        let layout = Layout {
            pages: vec![Page { lines, ..Page::default() }],
            anchors: Vec::new(),
            page: PageSpec::LETTER,
            tail_alone: false,
        };
        let meta = Metadata { title: "T".into(), language: "en".into(), ..Metadata::default() };
        let doc = lopdf::Document::load_mem(&render(&layout, &meta, &[])).unwrap();
        let page = doc.get_pages()[&1];
        lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap().operations
    }

    #[test]
    fn a_hyphenation_hyphen_is_drawn_but_is_not_text() {
        let ops = page_ops(vec![
            line(100.0, run(54.0, "halluci-", true)),
            line(118.0, run(54.0, "nations and no-one", false)),
        ]);
        let spans: Vec<usize> = ops
            .iter()
            .enumerate()
            .filter(|(_, op)| op.operator == "BDC" && op.operands[0].as_name().ok() == Some(b"Span"))
            .map(|(i, _)| i)
            .collect();
        // One hyphen, the added one; the real one in "no-one" stays text.
        assert_eq!(spans.len(), 1, "{ops:?}");
        let i = spans[0];
        assert_eq!(ops[i].operands[1].as_dict().unwrap().get(b"ActualText").unwrap().as_str().unwrap(), b"");
        assert!(matches!(ops[i + 1].operator.as_str(), "Tj" | "TJ"));
        assert_eq!(ops[i + 2].operator, "EMC");
    }

    #[test]
    fn a_tracked_run_sets_its_letter_spacing_and_the_next_line_goes_back_to_none() {
        let tracked = |y: f32, tracking: f32| line(y, Run { tracking, ..run(54.0, "spaced", false) });
        let ops = page_ops(vec![tracked(100.0, 0.24), tracked(118.0, 0.0)]);
        let spacing: Vec<(f32, usize)> = ops
            .iter()
            .enumerate()
            .filter(|(_, op)| op.operator == "Tc")
            .map(|(i, op)| (op.operands[0].as_float().unwrap(), i))
            .collect();
        let shows: Vec<usize> = ops
            .iter()
            .enumerate()
            .filter(|(_, op)| matches!(op.operator.as_str(), "Tj" | "TJ"))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(spacing.len(), 2, "{ops:?}");
        assert!((spacing[0].0 - 0.24).abs() < 1e-4 && spacing[0].1 < shows[0], "{ops:?}");
        assert!(spacing[1].0 == 0.0 && shows[0] < spacing[1].1 && spacing[1].1 < shows[1], "{ops:?}");
    }

    #[test]
    fn a_nested_item_with_no_outer_list_set_is_tagged_as_a_list() {
        // The corpus rejects an empty item holding a nested list, so the layout never makes
        // this; should it, the tag tree must still be built, not index past the open lists.
        let line = |y: f32, text: &str, depth: usize| Line {
            y,
            runs: vec![run(72.0, text, false)],
            role: Role::ListItem,
            block: depth,
            list: Some(crate::print::layout::ListRef { id: depth, depth, numbered: false }),
            label: false,
            lang: None,
        };
        let layout = Layout {
            pages: vec![Page {
                lines: vec![line(100.0, "inner", 1), line(118.0, "outer", 0)],
                ..Page::default()
            }],
            anchors: Vec::new(),
            page: PageSpec::LETTER,
            tail_alone: false,
        };
        let meta = Metadata { title: "T".into(), language: "en".into(), ..Metadata::default() };
        let doc = lopdf::Document::load_mem(&render(&layout, &meta, &[])).unwrap();
        let tags: Vec<&[u8]> =
            doc.objects.values().filter_map(|o| o.as_dict().ok()?.get(b"S").ok()?.as_name().ok()).collect();
        assert_eq!(tags.iter().filter(|t| **t == b"LI").count(), 2, "{tags:?}");
        assert!(tags.contains(&b"L".as_slice()), "{tags:?}");
    }
}
