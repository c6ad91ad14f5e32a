//! A section's body as HTML for the pages and the API: subsection headings, paragraphs and
//! lists, every text escaped, links kept only to web, mail and phone addresses.

use crate::corpus::Section;
use crate::corpus::markdown::{Block, Span};
use crate::html::escape_html;

fn spans_html(spans: &[Span]) -> String {
    let mut out = String::new();
    for s in spans {
        let mut text = escape_html(&s.text);
        if s.style.italic {
            text = format!("<em>{text}</em>");
        }
        if s.style.bold {
            text = format!("<strong>{text}</strong>");
        }
        // Links are kept only to web, mail and phone addresses; anything else is plain text.
        match &s.style.link {
            Some(url) if crate::corpus::markdown::is_safe_link(url) => out.push_str(&format!(
                "<a href=\"{}\" rel=\"noopener noreferrer\">{text}</a>",
                escape_html(url)
            )),
            _ => out.push_str(&text),
        }
    }
    out
}

/// A section's blocks as HTML (subsection headings become `h2`/`h3`…), every text escaped.
pub fn blocks_html(section: &Section) -> String {
    let mut out = String::new();
    for block in &section.blocks {
        match block {
            Block::Heading { level, text, .. } => {
                let h = (2 + level.saturating_sub(section.level + 1)).min(6);
                out.push_str(&format!("<h{h}>{}</h{h}>", escape_html(text)));
            }
            Block::Paragraph { spans, .. } => out.push_str(&format!("<p>{}</p>", spans_html(spans))),
            Block::List { start, items, nested, .. } => {
                let list = |start: &Option<u64>,
                            items: &[Vec<crate::corpus::markdown::Span>],
                            inner: &dyn Fn(usize) -> String| {
                    let tag = if start.is_some() { "ol" } else { "ul" };
                    let start_attr = match start {
                        Some(n) if *n != 1 => format!(" start=\"{n}\""),
                        _ => String::new(),
                    };
                    let mut out = format!("<{tag}{start_attr}>");
                    for (i, item) in items.iter().enumerate() {
                        out.push_str(&format!("<li>{}{}</li>", spans_html(item), inner(i)));
                    }
                    out.push_str(&format!("</{tag}>"));
                    out
                };
                let sublists = |i: usize| {
                    nested
                        .iter()
                        .filter(|s| s.item == i)
                        .map(|s| list(&s.start, &s.items, &|_| String::new()))
                        .collect()
                };
                out.push_str(&list(start, items, &sublists));
            }
        }
    }
    out
}
