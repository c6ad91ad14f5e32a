//! The structure tree of a tagged PDF: Document → H1/H2/P, L → LI → Lbl + LBody, TOC → TOCI,
//! Link elements holding a link's text and its annotation, each element pointing at its marked
//! content, and the parent tree that maps every page's MCIDs back to their elements.

use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::HashMap;

use crate::print::layout::{ListRef, Role};

/// A line's marked content: on which page, under which MCID, for which block and role.
#[derive(Clone, Copy, Debug)]
pub(super) struct Marked {
    pub(super) page: usize,
    pub(super) mcid: usize,
    pub(super) block: usize,
    pub(super) role: Role,
    pub(super) list: Option<ListRef>,
    pub(super) part: Part,
}

/// A link annotation, in the order written: on which page, in which block, to where.
#[derive(Clone, Debug)]
pub(super) struct LinkMark {
    pub(super) page: usize,
    pub(super) block: usize,
    pub(super) url: String,
}

/// Which part of its block a piece of marked content is: a list item's label, the body, or
/// the text of the page's `n`-th link annotation inside the body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Part {
    Label,
    Body,
    Link(usize),
}

/// A structure element under construction: its type, attributes and children.
pub(super) struct Node {
    tag: &'static str,
    /// `/Lang` when the element's language differs from the document's.
    lang: Option<String>,
    /// `/A` attributes (a list's numbering).
    attributes: Option<Dictionary>,
    kids: Vec<Kid>,
}

pub(super) enum Kid {
    /// Marked content on a page (page index, MCID).
    Content(usize, usize),
    /// An annotation on a page (page index, annotation object).
    Annotation(usize, ObjectId),
    /// Another element, by index in the arena.
    Element(usize),
}

/// The standard structure type of a role.
pub(super) fn tag(role: Role) -> &'static str {
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

pub(super) fn name(n: &str) -> Object {
    Object::Name(n.as_bytes().to_vec())
}

/// Builds the structure tree (Document → H1/H2/P, L → LI → Lbl + LBody with a nested L
/// inside an LBody, TOC → TOCI, each pointing at its marked content) and the parent tree that
/// maps each page's MCIDs back to their elements, so screen readers read the text in order
/// with its headings and lists.
pub(super) fn add_structure(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    marked: &[Marked],
    links: &[LinkMark],
    langs: &HashMap<usize, String>,
) -> Result<(), lopdf::Error> {
    // printpdf writes annotations inline; a structure element can only point at an indirect
    // object, so each becomes one. A page's annotations, and the links they were made for.
    let mut page_annots: Vec<Vec<ObjectId>> = Vec::with_capacity(pages.len());
    for &page in pages {
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
        page_annots.push(annots);
    }
    let links_on: Vec<Vec<&LinkMark>> =
        (0..pages.len()).map(|p| links.iter().filter(|l| l.page == p).collect()).collect();
    let mut claimed: Vec<Vec<bool>> = page_annots.iter().map(|a| vec![false; a.len()]).collect();
    // Link elements made for a link's marked text: (element, page, annotation on the page).
    let mut linked: Vec<(usize, usize, usize)> = Vec::new();
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
    // The first page's footer note (sources, disclaimer) is read after the document, not
    // between its first page and its second.
    blocks.sort_by_key(|(_, _, pieces)| pieces[0].block == crate::print::layout::FOOTER_NOTE);
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
        // The body's pieces into `elem` in reading order, each link's text in a Link element
        // with its annotation.
        let mut body = |nodes: &mut Vec<Node>, elem: usize| {
            for m in pieces.iter().filter(|m| m.part != Part::Label) {
                match m.part {
                    Part::Link(n) if page_annots.get(m.page).is_some_and(|a| n < a.len()) => {
                        let link = add(nodes, elem, "Link", None);
                        nodes[link].kids.push(Kid::Content(m.page, m.mcid));
                        nodes[link].kids.push(Kid::Annotation(m.page, page_annots[m.page][n]));
                        linked.push((link, m.page, n));
                    }
                    _ => nodes[elem].kids.push(Kid::Content(m.page, m.mcid)),
                }
            }
        };
        if *role != Role::TocEntry {
            toc = None;
        }
        match (role, list) {
            (Role::ListItem, Some(l)) => {
                // A nested item whose outer list is not open (nothing of it was set) nests
                // under what is open.
                let depth = l.depth.min(open.len());
                open.truncate(depth + 1);
                if open.len() == depth + 1 && open[depth].0 != l.id {
                    open.truncate(depth);
                }
                if open.len() < depth + 1 {
                    let parent = match depth.checked_sub(1).and_then(|d| open.get(d)) {
                        Some((_, _, Some(body))) => *body,
                        Some((_, list_node, None)) => *list_node,
                        None => 0,
                    };
                    open.truncate(depth);
                    let mut a = Dictionary::new();
                    a.set("O", name("List"));
                    a.set("ListNumbering", name(if l.numbered { "Decimal" } else { "Disc" }));
                    let node = add(&mut nodes, parent, "L", Some(a));
                    open.push((l.id, node, None));
                }
                let list_node = open[depth].1;
                let item = add(&mut nodes, list_node, "LI", None);
                nodes[item].lang = langs.get(&pieces[0].block).cloned();
                let label = content(Part::Label);
                if !label.is_empty() {
                    let lbl = add(&mut nodes, item, "Lbl", None);
                    nodes[lbl].kids = label;
                }
                let lbody = add(&mut nodes, item, "LBody", None);
                body(&mut nodes, lbody);
                open[depth].2 = Some(lbody);
                body_of.insert(pieces[0].block, lbody);
            }
            (Role::TocEntry, _) => {
                open.clear();
                let parent = *toc.get_or_insert_with(|| add(&mut nodes, 0, "TOC", None));
                let entry = add(&mut nodes, parent, "TOCI", None);
                body(&mut nodes, entry);
                nodes[entry].lang = langs.get(&pieces[0].block).cloned();
                body_of.insert(pieces[0].block, entry);
            }
            _ => {
                open.clear();
                let elem = add(&mut nodes, 0, tag(*role), None);
                body(&mut nodes, elem);
                nodes[elem].lang = langs.get(&pieces[0].block).cloned();
                body_of.insert(pieces[0].block, elem);
            }
        }
    }
    // Each link annotation gets a Link element inside the element of its text, holding that
    // text (a run marked apart, [`Part::Link`]); an annotation whose text was not marked so
    // gets one holding the annotation alone.
    let mut annotations: Vec<(usize, ObjectId, usize)> = Vec::new();
    for (link, page, n) in linked {
        annotations.push((link, page_annots[page][n], page));
        claimed[page][n] = true;
    }
    for (page_index, annots) in page_annots.iter().enumerate() {
        for (n, &annot) in annots.iter().enumerate().filter(|(n, _)| !claimed[page_index][*n]) {
            let block = links_on[page_index].get(n).map(|l| l.block);
            let parent = block.and_then(|b| body_of.get(&b).copied()).unwrap_or(0);
            let elem = add(&mut nodes, parent, "Link", None);
            nodes[elem].kids.push(Kid::Annotation(page_index, annot));
            annotations.push((elem, annot, page_index));
        }
    }
    // What following each link does, for a screen reader.
    for (annots, on_page) in page_annots.iter().zip(&links_on) {
        for (&annot, link) in annots.iter().zip(on_page) {
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
pub(super) fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xfe, 0xff];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}
