//! The outline (bookmarks): one entry per anchor, nested by level; modules open, deeper
//! levels closed.

use lopdf::{Dictionary, Object, ObjectId};

use super::structure::text_string;
use crate::print::layout::Anchor;

/// Adds the outline of `anchors` to `doc`, whose pages are `pages` (of height `page_h`).
pub(super) fn add(
    doc: &mut lopdf::Document,
    pages: &[ObjectId],
    anchors: &[Anchor],
    page_h: f32,
) -> Result<(), lopdf::Error> {
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
    // Modules open to show their sections; deeper levels start closed.
    let open = |i: usize| anchors[i].level <= 1;
    // The entries under `i` a reader sees once `i` is open: its children, and theirs where
    // those are open too (what an entry's and the root's `/Count` give, ISO 32000-1 12.3.3).
    fn shown(i: Option<usize>, parent: &[Option<usize>], open: &dyn Fn(usize) -> bool) -> i64 {
        (0..parent.len())
            .filter(|&c| parent[c] == i)
            .map(|c| 1 + if open(c) { shown(Some(c), parent, open) } else { 0 })
            .sum()
    }
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
            let count = shown(Some(i), &parent, &open);
            d.set("Count", Object::Integer(if open(i) { count } else { -count }));
        }
        doc.objects.insert(ids[i], Object::Dictionary(d));
    }
    let top = children(None);
    let catalog = doc.catalog_mut()?;
    if let (Some(&first), Some(&last)) = (top.first(), top.last()) {
        catalog.set("Outlines", Object::Reference(outline_root));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
        let mut root = Dictionary::new();
        root.set("Type", Object::Name(b"Outlines".to_vec()));
        root.set("First", Object::Reference(ids[first]));
        root.set("Last", Object::Reference(ids[last]));
        root.set("Count", Object::Integer(shown(None, &parent, &open)));
        doc.objects.insert(outline_root, Object::Dictionary(root));
    }
    Ok(())
}
