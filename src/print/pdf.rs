//! PDF writer: a [`Layout`] → PDF bytes, through printpdf. Pure: the same layout and metadata
//! give the same bytes (fixed font resource names, a document ID hashed from the layout, dates
//! from `SOURCE_DATE_EPOCH`-style input rather than the clock).
//!
//! Fonts are embedded as subsets (only the glyphs used), text is real text (copy, search and
//! screen readers work), links are clickable, QR codes are vector squares, and headings become
//! a nested outline (bookmarks). printpdf writes the page content; a pass with lopdf then adds
//! what printpdf cannot express (a nested outline, the document language).

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use printpdf::{
    Actions, BorderArray, Color, Destination, DictItem, FontId, Line as PdfLine, LineDashPattern, LinePoint,
    LinkAnnotation, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, RawImage, RawImageData, RawImageFormat, Rect, Rgb, TextItem, TextMatrix,
    WindingOrder, XObject, XObjectId, XObjectTransform,
};

use std::collections::{BTreeSet, HashMap};

use crate::print::fonts::{FontStyle, fonts};
use crate::print::image::Image;
use crate::print::layout::{Anchor, Figure, Ink, Layout, ListRef, Role};

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

/// Renders `layout` to PDF bytes; `images` are the pictures its figures refer to.
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

    let page_h = layout.page.height;
    let mm = |pt: f32| Mm(pt * 25.4 / 72.0);
    let mut marked: Vec<Marked> = Vec::new();
    let mut links: Vec<LinkMark> = Vec::new();
    let mut pages = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        // Rules, QR codes and the logo are decoration (each URL is also printed as text).
        let mut ops = vec![Op::BeginMarkedContent { tag: "Artifact".into() }];
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
        for placed in &page.figures {
            match &placed.figure {
                Figure::Qr { dark, width, size, .. } => {
                    ops.push(Op::SetFillColor {
                        col: Color::Rgb(Rgb { r: 0.0, g: 0.0, b: 0.0, icc_profile: None }),
                    });
                    let module = size / *width as f32;
                    for row in 0..*width {
                        // One rectangle per horizontal run of dark modules keeps the stream small.
                        let mut col = 0;
                        while col < *width {
                            if !dark[row * width + col] {
                                col += 1;
                                continue;
                            }
                            let start = col;
                            while col < *width && dark[row * width + col] {
                                col += 1;
                            }
                            ops.push(Op::DrawRectangle {
                                rectangle: Rect {
                                    x: Pt(placed.x + start as f32 * module),
                                    y: Pt(page_h - placed.y - (row + 1) as f32 * module),
                                    width: Pt((col - start) as f32 * module),
                                    height: Pt(module),
                                    mode: Some(PaintMode::Fill),
                                    winding_order: Some(WindingOrder::NonZero),
                                },
                            });
                        }
                    }
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
        ops.push(Op::StartTextSection);
        let mut current: Option<(FontStyle, f32, Ink)> = None;
        let page_index = pages.len();
        let mut next_mcid = 0;
        for line in &page.lines {
            // Each line is marked content: an artifact (header, footer), or a piece of the
            // structure element of its block, found again by (page, MCID) in the tree.
            let mut begin = |ops: &mut Vec<Op>, part: Part| {
                let mcid = next_mcid;
                next_mcid += 1;
                marked.push(Marked {
                    page: page_index,
                    mcid,
                    block: line.block,
                    role: line.role,
                    list: line.list,
                    part,
                });
                let mut props = std::collections::BTreeMap::new();
                props.insert("MCID".to_string(), DictItem::Int(mcid as i64));
                let tag = match part {
                    Part::Label => "Lbl",
                    Part::Body if line.role == Role::ListItem => "LBody",
                    Part::Body => tag(line.role),
                };
                ops.push(Op::BeginMarkedContentWithProperties {
                    tag: tag.into(),
                    properties: DictItem::Dict { map: props },
                });
            };
            if line.role == Role::Artifact {
                ops.push(Op::BeginMarkedContent { tag: "Artifact".into() });
            } else {
                begin(&mut ops, if line.label { Part::Label } else { Part::Body });
            }
            for (ri, run) in line.runs.iter().enumerate() {
                if line.label && ri == 1 {
                    // The marker is the item's label; the rest of the line its body.
                    ops.push(Op::EndMarkedContent);
                    begin(&mut ops, Part::Body);
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
                    None => ops.push(Op::ShowText { items: text_items(run.style, &run.text) }),
                }
            }
            ops.push(Op::EndMarkedContent);
        }
        ops.push(Op::EndTextSection);
        for line in &page.lines {
            // Only web, mail and phone links become clickable, as on the search page, and
            // `#anchor` links the layout made itself (contents entries).
            for run in line.runs.iter().filter(|r| {
                r.link
                    .as_deref()
                    .is_some_and(|u| u.starts_with('#') || crate::corpus::markdown::is_safe_link(u))
            }) {
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
                let description = match &action {
                    Actions::Goto(_) => format!("Go to {}", run.text.trim()),
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
        pages.push(PdfPage::new(mm(layout.page.width), mm(layout.page.height), ops));
    }
    let options = PdfSaveOptions { subset_fonts: true, optimize: true, ..Default::default() };
    let mut warnings = Vec::new();
    let bytes = doc.with_pages(pages).save(&options, &mut warnings);
    let facts = crate::print::pdfua::Facts {
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
    let id = document_id(layout, meta, images);
    match finish(&bytes, &layout.anchors, &marked, &links, &langs, &facts, &id) {
        Ok(finished) => finished,
        Err(e) => {
            // The content is complete without the outline; say why it is missing.
            tracing::warn!("PDF outline not added: {e}");
            bytes
        }
    }
}

/// The document ID: a hash of everything that decides the page content (the layout, the
/// metadata, the pictures), so the same document always gets the same ID and a changed one a
/// new ID. printpdf would draw it from a random source.
fn document_id(layout: &Layout, meta: &Metadata, images: &[Image]) -> String {
    let mut hasher = blake3::Hasher::new();
    // Hashing never fails to write; a layout that cannot be serialized is not possible here.
    serde_json::to_writer(&mut hasher, layout).ok();
    for text in [&meta.title, &meta.subject, &meta.keywords.join("\u{1f}"), &meta.author, &meta.language] {
        hasher.update(text.as_bytes());
        hasher.update(&[0x1f]);
    }
    hasher.update(&meta.created.to_le_bytes());
    for img in images {
        hasher.update(&(img.width as u64).to_le_bytes());
        hasher.update(&img.rgb);
    }
    hasher.finalize().to_hex()[..32].to_string()
}

/// A line's marked content: on which page, under which MCID, for which block and role.
#[derive(Clone, Copy, Debug)]
struct Marked {
    page: usize,
    mcid: usize,
    block: usize,
    role: Role,
    list: Option<ListRef>,
    part: Part,
}

/// A link annotation, in the order written: on which page, in which block, to where.
#[derive(Clone, Debug)]
struct LinkMark {
    page: usize,
    block: usize,
    url: String,
}

/// Which part of its block a piece of marked content is: a list item's label or the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Part {
    Label,
    Body,
}

/// A structure element under construction: its type, attributes and children.
struct Node {
    tag: &'static str,
    /// `/Lang` when the element's language differs from the document's.
    lang: Option<String>,
    /// `/A` attributes (a list's numbering).
    attributes: Option<Dictionary>,
    kids: Vec<Kid>,
}

enum Kid {
    /// Marked content on a page (page index, MCID).
    Content(usize, usize),
    /// An annotation on a page (page index, annotation object).
    Annotation(usize, ObjectId),
    /// Another element, by index in the arena.
    Element(usize),
}

/// The standard structure type of a role.
fn tag(role: Role) -> &'static str {
    match role {
        Role::Title => "H1",
        Role::Heading(2) => "H2",
        Role::Heading(3) => "H3",
        Role::Heading(4) => "H4",
        Role::Heading(_) => "H5",
        Role::Paragraph => "P",
        Role::ListItem => "LI",
        Role::TocEntry => "TOCI",
        Role::Artifact => "Artifact",
    }
}

fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// Builds the structure tree (Document → H1/H2/P, L → LI → Lbl + LBody with a nested L
/// inside an LBody, TOC → TOCI, each pointing at its marked content) and the parent tree that
/// maps each page's MCIDs back to their elements, so screen readers read the text in order
/// with its headings and lists.
fn add_structure(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    marked: &[Marked],
    links: &[LinkMark],
    langs: &HashMap<usize, String>,
) -> Result<(), lopdf::Error> {
    // Blocks in reading order, each with its marked pieces.
    let mut blocks: Vec<(Role, Option<ListRef>, Vec<Marked>)> = Vec::new();
    let mut index_of: HashMap<usize, usize> = HashMap::new();
    for m in marked {
        match index_of.get(&m.block) {
            Some(&i) => blocks[i].2.push(*m),
            None => {
                index_of.insert(m.block, blocks.len());
                blocks.push((m.role, m.list, vec![*m]));
            }
        }
    }
    let mut nodes: Vec<Node> = vec![Node { tag: "Document", lang: None, attributes: None, kids: Vec::new() }];
    let add = |nodes: &mut Vec<Node>, parent: usize, tag: &'static str, attributes: Option<Dictionary>| {
        nodes.push(Node { tag, lang: None, attributes, kids: Vec::new() });
        let id = nodes.len() - 1;
        nodes[parent].kids.push(Kid::Element(id));
        id
    };
    // Open lists, outermost first: (list id, its L node, the LBody of its latest item).
    let mut open: Vec<(usize, usize, Option<usize>)> = Vec::new();
    let mut toc: Option<usize> = None;
    // The element holding each block's text, for links on it.
    let mut body_of: HashMap<usize, usize> = HashMap::new();
    for (role, list, pieces) in &blocks {
        let content = |part: Part| -> Vec<Kid> {
            pieces.iter().filter(|m| m.part == part).map(|m| Kid::Content(m.page, m.mcid)).collect()
        };
        if *role != Role::TocEntry {
            toc = None;
        }
        match (role, list) {
            (Role::ListItem, Some(l)) => {
                open.truncate(l.depth + 1);
                if open.len() == l.depth + 1 && open[l.depth].0 != l.id {
                    open.truncate(l.depth);
                }
                if open.len() < l.depth + 1 {
                    let parent = match l.depth.checked_sub(1).and_then(|d| open.get(d)) {
                        Some((_, _, Some(body))) => *body,
                        Some((_, list_node, None)) => *list_node,
                        None => 0,
                    };
                    open.truncate(l.depth);
                    let mut a = Dictionary::new();
                    a.set("O", name("List"));
                    a.set("ListNumbering", name(if l.numbered { "Decimal" } else { "Disc" }));
                    let node = add(&mut nodes, parent, "L", Some(a));
                    open.push((l.id, node, None));
                }
                let list_node = open[l.depth].1;
                let item = add(&mut nodes, list_node, "LI", None);
                nodes[item].lang = langs.get(&pieces[0].block).cloned();
                let label = content(Part::Label);
                if !label.is_empty() {
                    let lbl = add(&mut nodes, item, "Lbl", None);
                    nodes[lbl].kids = label;
                }
                let body = add(&mut nodes, item, "LBody", None);
                nodes[body].kids = content(Part::Body);
                open[l.depth].2 = Some(body);
                body_of.insert(pieces[0].block, body);
            }
            (Role::TocEntry, _) => {
                open.clear();
                let parent = *toc.get_or_insert_with(|| add(&mut nodes, 0, "TOC", None));
                let entry = add(&mut nodes, parent, "TOCI", None);
                nodes[entry].kids = content(Part::Body);
                body_of.insert(pieces[0].block, entry);
            }
            _ => {
                open.clear();
                let elem = add(&mut nodes, 0, tag(*role), None);
                nodes[elem].kids = content(Part::Body);
                nodes[elem].lang = langs.get(&pieces[0].block).cloned();
                body_of.insert(pieces[0].block, elem);
            }
        }
    }
    // Each link annotation gets a Link element inside the element of the text it is on.
    let mut annotations: Vec<(usize, ObjectId, usize)> = Vec::new();
    for (page_index, &page) in pages.iter().enumerate() {
        // printpdf writes annotations inline; a structure element can only point at an
        // indirect object, so each becomes one.
        let inline: Vec<Object> = match doc.get_dictionary(page).ok().and_then(|d| d.get(b"Annots").ok()) {
            Some(Object::Array(items)) => items.clone(),
            Some(Object::Reference(r)) => {
                doc.get_object(*r).ok().and_then(|o| o.as_array().ok()).cloned().unwrap_or_default()
            }
            _ => Vec::new(),
        };
        let mut annots: Vec<ObjectId> = Vec::with_capacity(inline.len());
        for a in inline {
            annots.push(match a {
                Object::Reference(r) => r,
                other => doc.add_object(other),
            });
        }
        if !annots.is_empty()
            && let Ok(Object::Dictionary(d)) = doc.get_object_mut(page)
        {
            d.set("Annots", Object::Array(annots.iter().map(|&r| Object::Reference(r)).collect()));
        }
        let on_page: Vec<&LinkMark> = links.iter().filter(|l| l.page == page_index).collect();
        for (annot, link) in annots.into_iter().zip(on_page) {
            let parent = body_of.get(&link.block).copied().unwrap_or(0);
            let elem = add(&mut nodes, parent, "Link", None);
            nodes[elem].kids.push(Kid::Annotation(page_index, annot));
            annotations.push((elem, annot, page_index));
            if let Ok(Object::Dictionary(d)) = doc.get_object_mut(annot) {
                d.set("Contents", text_string(&link.url));
            }
        }
    }

    // Write the elements: object ids first, so children can point at their parents.
    let root_id = doc.new_object_id();
    let ids: Vec<ObjectId> = nodes.iter().map(|_| doc.new_object_id()).collect();
    let mut parent_of: Vec<usize> = vec![usize::MAX; nodes.len()];
    for (i, n) in nodes.iter().enumerate() {
        for k in &n.kids {
            if let Kid::Element(c) = k {
                parent_of[*c] = i;
            }
        }
    }
    let mut parent_of_mcid: Vec<Vec<(usize, ObjectId)>> = vec![Vec::new(); pages.len()];
    for (i, n) in nodes.into_iter().enumerate() {
        let mut kids = Vec::new();
        for k in n.kids {
            match k {
                Kid::Element(c) => kids.push(Object::Reference(ids[c])),
                Kid::Annotation(page, annot) => {
                    let Some(&page_id) = pages.get(page) else { continue };
                    let mut objr = Dictionary::new();
                    objr.set("Type", name("OBJR"));
                    objr.set("Obj", Object::Reference(annot));
                    objr.set("Pg", Object::Reference(page_id));
                    kids.push(Object::Dictionary(objr));
                }
                Kid::Content(page, mcid) => {
                    let Some(&page_id) = pages.get(page) else { continue };
                    let mut mcr = Dictionary::new();
                    mcr.set("Type", name("MCR"));
                    mcr.set("Pg", Object::Reference(page_id));
                    mcr.set("MCID", Object::Integer(mcid as i64));
                    kids.push(Object::Dictionary(mcr));
                    parent_of_mcid[page].push((mcid, ids[i]));
                }
            }
        }
        let mut d = Dictionary::new();
        d.set("Type", name("StructElem"));
        d.set("S", name(n.tag));
        d.set("P", Object::Reference(if i == 0 { root_id } else { ids[parent_of[i]] }));
        d.set("K", Object::Array(kids));
        if let Some(a) = n.attributes {
            d.set("A", Object::Dictionary(a));
        }
        if let Some(lang) = n.lang {
            d.set("Lang", Object::String(lang.into_bytes(), StringFormat::Literal));
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }

    let mut nums = Vec::new();
    for (i, mut entries) in parent_of_mcid.into_iter().enumerate() {
        entries.sort_by_key(|e| e.0);
        nums.push(Object::Integer(i as i64));
        nums.push(Object::Array(entries.into_iter().map(|(_, id)| Object::Reference(id)).collect()));
        if let Some(&page) = pages.get(i)
            && let Ok(Object::Dictionary(d)) = doc.get_object_mut(page)
        {
            d.set("StructParents", Object::Integer(i as i64));
            d.set("Tabs", name("S"));
        }
    }
    // Annotations come after the pages in the parent tree: key = pages + n.
    for (n, (elem, annot, _)) in annotations.iter().enumerate() {
        let key = (pages.len() + n) as i64;
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(ids[*elem]));
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(*annot) {
            d.set("StructParent", Object::Integer(key));
        }
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree_id = doc.add_object(Object::Dictionary(parent_tree));

    let mut root = Dictionary::new();
    root.set("Type", name("StructTreeRoot"));
    root.set("K", Object::Reference(ids[0]));
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set("ParentTreeNextKey", Object::Integer((pages.len() + annotations.len()) as i64));
    doc.objects.insert(root_id, Object::Dictionary(root));

    let catalog = doc.catalog_mut()?;
    catalog.set("StructTreeRoot", Object::Reference(root_id));
    let mut mark_info = Dictionary::new();
    mark_info.set("Marked", Object::Boolean(true));
    catalog.set("MarkInfo", Object::Dictionary(mark_info));
    let mut prefs = Dictionary::new();
    prefs.set("DisplayDocTitle", Object::Boolean(true));
    catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    Ok(())
}

/// A PDF text string: ASCII as is, anything else as UTF-16BE with a byte-order mark.
fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

/// Adds the nested outline (one entry per anchor, children by level) and the document
/// language to printpdf's output.
fn finish(
    bytes: &[u8],
    anchors: &[Anchor],
    marked: &[Marked],
    links: &[LinkMark],
    langs: &HashMap<usize, String>,
    facts: &crate::print::pdfua::Facts,
    id: &str,
) -> Result<Vec<u8>, lopdf::Error> {
    let (page_h, language) = (facts.page.1, facts.language);
    let mut doc = lopdf::Document::load_mem(bytes)?;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    add_structure(&mut doc, &pages, marked, links, langs)?;
    crate::print::pdfua::conform(&mut doc, facts)?;
    let outline_root = doc.new_object_id();
    // Build the tree: for each anchor, its parent is the nearest earlier anchor of lower level.
    let ids: Vec<ObjectId> = anchors.iter().map(|_| doc.new_object_id()).collect();
    let mut parent: Vec<Option<usize>> = vec![None; anchors.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, a) in anchors.iter().enumerate() {
        while stack.last().is_some_and(|&j| anchors[j].level >= a.level) {
            stack.pop();
        }
        parent[i] = stack.last().copied();
        stack.push(i);
    }
    let children =
        |p: Option<usize>| -> Vec<usize> { (0..anchors.len()).filter(|&i| parent[i] == p).collect() };
    let descendants = |i: usize| -> i64 {
        let mut n = 0;
        let mut todo = vec![i];
        while let Some(k) = todo.pop() {
            for c in (0..anchors.len()).filter(|&c| parent[c] == Some(k)) {
                n += 1;
                todo.push(c);
            }
        }
        n
    };
    for (i, a) in anchors.iter().enumerate() {
        let Some(&page) = pages.get(a.page) else { continue };
        let siblings = children(parent[i]);
        let pos = siblings.iter().position(|&s| s == i).unwrap_or(0);
        let mut d = Dictionary::new();
        d.set("Title", text_string(&a.text));
        d.set("Parent", Object::Reference(parent[i].map_or(outline_root, |p| ids[p])));
        d.set(
            "Dest",
            Object::Array(vec![
                Object::Reference(page),
                Object::Name(b"XYZ".to_vec()),
                Object::Null,
                Object::Real(page_h - a.y + 4.0),
                Object::Null,
            ]),
        );
        if pos > 0 {
            d.set("Prev", Object::Reference(ids[siblings[pos - 1]]));
        }
        if let Some(&next) = siblings.get(pos + 1) {
            d.set("Next", Object::Reference(ids[next]));
        }
        let kids = children(Some(i));
        if let (Some(&first), Some(&last)) = (kids.first(), kids.last()) {
            d.set("First", Object::Reference(ids[first]));
            d.set("Last", Object::Reference(ids[last]));
            // Open modules show their sections; deeper levels start closed.
            let count = descendants(i);
            d.set("Count", Object::Integer(if a.level <= 1 { count } else { -count }));
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let catalog = doc.catalog_mut()?;
    catalog.set("Lang", Object::String(language.as_bytes().to_vec(), StringFormat::Literal));
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        catalog.set("Outlines", Object::Reference(outline_root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"Outlines".to_vec()));
        root.set("First", Object::Reference(ids[first]));
        root.set("Last", Object::Reference(ids[last]));
        root.set("Count", Object::Integer(anchors.len() as i64));
        doc.objects.insert(outline_root, Object::Dictionary(root));
    }
    let id = Object::String(id.as_bytes().to_vec(), StringFormat::Literal);
    doc.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    let mut out = Vec::with_capacity(bytes.len() + 4096);
    doc.save_modern(&mut out)?;
    Ok(out)
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
    use super::*;
    use crate::print::layout::{Line, Page, PageSpec, Run};

    #[test]
    fn a_hyphenation_hyphen_is_drawn_but_is_not_text() {
        let run = |x: f32, text: &str, hyphen: bool| Run {
            x,
            text: text.into(),
            style: FontStyle::Regular,
            size: 13.0,
            width: fonts().width(FontStyle::Regular, text, 13.0),
            ink: Ink::Text,
            link: None,
            hyphen,
        };
        let line = |y: f32, r: Run| Line {
            y,
            runs: vec![r],
            role: Role::Paragraph,
            block: 0,
            list: None,
            label: false,
            lang: None,
        };
        let layout = Layout {
            pages: vec![Page {
                lines: vec![
                    line(100.0, run(54.0, "halluci-", true)),
                    line(118.0, run(54.0, "nations and no-one", false)),
                ],
                ..Page::default()
            }],
            anchors: Vec::new(),
            page: PageSpec::LETTER,
        };
        let bytes = render(
            &layout,
            &Metadata { title: "T".into(), language: "en".into(), ..Metadata::default() },
            &[],
        );
        let doc = lopdf::Document::load_mem(&bytes).unwrap();
        let page = doc.get_pages()[&1];
        let ops = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap().operations;
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
}
