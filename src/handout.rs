//! Handouts: which sections go in (topics, ids, a query), in what order, and how they become
//! layout items with a title, footer and contact block. The result is PDF bytes; writing the
//! file is the caller's business.

use anyhow::{Result, bail};
use std::collections::BTreeSet;

use crate::corpus::{Corpus, Resource, Section};
use crate::fonts::{FontStyle, fonts};
use crate::index::SearchIndex;
use crate::layout::{self, Item, PageSpec, Profile};
use crate::markdown::{Block, Span, Style};
use crate::pdf;
use crate::search::SearchOptions;

/// What to put in a handout.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Every section tagged with one of these topics.
    pub topics: Vec<String>,
    /// These section ids.
    pub sections: Vec<String>,
    /// The sections that best answer this query.
    pub query: Option<String>,
}

/// Paper sizes.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    /// US Letter (8.5 × 11 in).
    #[default]
    Letter,
    /// ISO A4 (210 × 297 mm).
    A4,
}

impl Paper {
    /// Page geometry.
    pub fn spec(self) -> PageSpec {
        match self {
            Paper::Letter => PageSpec::LETTER,
            Paper::A4 => PageSpec::A4,
        }
    }
}

/// How a handout is set.
#[derive(Clone, Debug)]
pub struct Settings {
    /// Paper size.
    pub paper: Paper,
    /// Large print (18 pt body) instead of standard (13 pt).
    pub large_print: bool,
    /// Justified instead of ragged-right paragraphs.
    pub justify: bool,
    /// Title to use instead of the derived one.
    pub title: Option<String>,
    /// Resources for the contact block (defaults: the corpus documents' own).
    pub resources: Option<Vec<Resource>>,
    /// Creation time written into the PDF (seconds since the epoch).
    pub created: i64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            paper: Paper::Letter,
            large_print: false,
            justify: false,
            title: None,
            resources: None,
            created: 0,
        }
    }
}

/// A built handout.
#[derive(Clone, Debug)]
pub struct Handout {
    /// The PDF file.
    pub bytes: Vec<u8>,
    /// Number of pages.
    pub pages: usize,
    /// Ids of the sections it holds, in order.
    pub sections: Vec<String>,
    /// Its title.
    pub title: String,
}

/// Resolves a selection to sections in corpus order, without duplicates: a section already
/// inside another selected section is not repeated.
pub fn select<'c>(
    corpus: &'c Corpus,
    index: Option<&SearchIndex>,
    sel: &Selection,
) -> Result<Vec<&'c Section>> {
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for t in &sel.topics {
        ids.extend(corpus.require_topic(t)?);
    }
    for id in &sel.sections {
        ids.insert(corpus.require_section(id)?.id.clone());
    }
    if let Some(q) = &sel.query {
        let Some(index) = index else { bail!("a query needs the search index") };
        let result = index.search(q, &SearchOptions { limit: 8, topics: Vec::new() })?;
        let top = result.hits.first().map(|h| h.score).unwrap_or(0.0);
        let picked: Vec<_> = result.hits.iter().filter(|h| h.score >= 0.4 * top).collect();
        if picked.is_empty() {
            bail!("no section matches the query `{q}`; try other words or `outreach topics`");
        }
        ids.extend(picked.into_iter().map(|h| h.id.clone()));
    }
    if ids.is_empty() {
        bail!("nothing selected: name a topic, a --section or a --query (see `outreach topics`)");
    }
    let mut chosen: Vec<&Section> = corpus.sections().filter(|s| ids.contains(&s.id)).collect();
    let inside: BTreeSet<String> = chosen.iter().flat_map(|s| s.children.iter().cloned()).collect();
    chosen.retain(|s| !inside.contains(&s.id));
    Ok(chosen)
}

fn bold(text: &str) -> Span {
    Span { text: text.to_string(), style: Style { bold: true, ..Style::default() } }
}

/// Turns sections into layout items: a title, then each section with its subsections; lists
/// and short sections are keep groups. Ends with the contact block when there are resources.
pub fn items(
    sections: &[&Section],
    title: &str,
    subtitle: Option<String>,
    resources: &[Resource],
) -> Vec<Item> {
    let mut items = vec![Item::Title { text: title.to_string(), subtitle }];
    for s in sections {
        items.push(Item::KeepStart);
        items.push(Item::Heading { level: 2, text: s.heading.clone(), anchor: Some(s.id.clone()) });
        for block in &s.blocks {
            match block {
                Block::Heading { level, text, .. } => {
                    let id = format!("{}#{}", s.doc, crate::corpus::slugify(text));
                    let level = 2 + level.saturating_sub(s.level);
                    items.push(Item::Heading { level, text: text.clone(), anchor: Some(id) });
                }
                Block::Paragraph { spans } => items.push(Item::Paragraph(spans.clone())),
                Block::List { start, items: list } => {
                    items.push(Item::KeepStart);
                    for (i, item) in list.iter().enumerate() {
                        let marker = match start {
                            Some(n) => format!("{}.", n + i as u64),
                            None => "•".to_string(),
                        };
                        items.push(Item::ListItem { marker, spans: item.clone() });
                    }
                    items.push(Item::KeepEnd);
                }
            }
        }
        items.push(Item::KeepEnd);
    }
    if !resources.is_empty() {
        items.push(Item::KeepStart);
        items.push(Item::Heading {
            level: 2,
            text: "Where to get help".into(),
            anchor: Some("resources".into()),
        });
        for r in resources {
            let mut spans = vec![bold(&r.name)];
            if let Some(d) = &r.description {
                spans.push(Span { text: format!(" — {d}"), style: Style::default() });
            }
            if let Some(p) = &r.phone {
                spans.push(Span { text: format!(" Phone: {p}."), style: Style::default() });
            }
            if let Some(u) = &r.url {
                spans.push(Span { text: " ".into(), style: Style::default() });
                spans.push(Span {
                    text: u.clone(),
                    style: Style { link: Some(u.clone()), ..Style::default() },
                });
            }
            items.push(Item::Paragraph(spans));
        }
        items.push(Item::KeepEnd);
    }
    items
}

/// Checks that the font can draw every character; names the section and the character.
fn check_glyphs(sections: &[&Section], extra: &[String]) -> Result<()> {
    let f = fonts();
    for s in sections {
        let text = s.plain_text();
        for style in [FontStyle::Regular, FontStyle::Bold] {
            if let Some(c) = f.missing(style, &text) {
                bail!(
                    "{}: the character `{c}` (U+{:04X}) is not in the handout font (Atkinson Hyperlegible); replace or remove it in the corpus",
                    s.id,
                    c as u32
                );
            }
        }
    }
    for text in extra {
        if let Some(c) = f.missing(FontStyle::Regular, text) {
            bail!("the character `{c}` (U+{:04X}) in `{text}` is not in the handout font", c as u32);
        }
    }
    Ok(())
}

/// Builds a handout PDF from sections already selected.
pub fn build(
    corpus: &Corpus,
    sections: &[&Section],
    topics: &[String],
    settings: &Settings,
) -> Result<Handout> {
    if sections.is_empty() {
        bail!("a handout needs at least one section");
    }
    let docs: Vec<&crate::corpus::Document> = {
        let mut ids: Vec<&str> = sections.iter().map(|s| s.doc.as_str()).collect();
        ids.dedup();
        ids.iter().filter_map(|id| corpus.document(id)).collect()
    };
    let title = settings.title.clone().unwrap_or_else(|| match docs.as_slice() {
        [one] => one.meta.title.clone(),
        _ => "Health information handout".to_string(),
    });
    let subtitle = if topics.is_empty() {
        None
    } else {
        let mut t = topics.join(", ").replace('-', " ");
        if let Some(first) = t.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        Some(t)
    };
    let resources: Vec<Resource> = match &settings.resources {
        Some(r) => r.clone(),
        None => docs.iter().flat_map(|d| d.meta.resources.iter().cloned()).collect(),
    };
    let mut sources: Vec<String> = Vec::new();
    for d in &docs {
        let line = format!("Source: {}. Reviewed: {}.", d.meta.source, d.meta.reviewed);
        if !sources.contains(&line) {
            sources.push(line);
        }
    }
    let mut footer = sources;
    footer.push("General information, not medical advice — talk to a doctor or health worker.".into());
    let mut extra = footer.clone();
    extra.push(title.clone());
    extra.extend(subtitle.clone());
    for r in &resources {
        extra.extend(
            [Some(r.name.clone()), r.description.clone(), r.phone.clone(), r.url.clone()]
                .into_iter()
                .flatten(),
        );
    }
    check_glyphs(sections, &extra)?;

    let language = docs.first().map(|d| d.meta.language.clone()).unwrap_or_else(|| "en".into());
    let items = items(sections, &title, subtitle, &resources);
    let opts = layout::Options {
        page: settings.paper.spec(),
        profile: if settings.large_print { Profile::LARGE } else { Profile::STANDARD },
        justify: settings.justify,
        language,
        footer,
        stamp: None,
        header: None,
    };
    let laid = layout::layout(&items, &opts);
    let keywords: Vec<String> = {
        let mut k: Vec<String> = sections.iter().flat_map(|s| s.topics.iter().cloned()).collect();
        k.sort();
        k.dedup();
        k
    };
    let meta = pdf::Metadata {
        title: title.clone(),
        subject: sections.iter().map(|s| s.heading.as_str()).collect::<Vec<_>>().join(", "),
        keywords,
        author: String::new(),
        created: settings.created,
    };
    let bytes = pdf::render(&laid, &meta);
    Ok(Handout {
        bytes,
        pages: laid.pages.len(),
        sections: sections.iter().map(|s| s.id.clone()).collect(),
        title,
    })
}
