//! Markdown body → a flat list of [`Block`]s (headings, paragraphs, lists) with source lines.
//!
//! The corpus uses a small, print-friendly subset of CommonMark: headings, paragraphs, bullet
//! and numbered lists, emphasis, strong emphasis, links and inline code. HTML comments are
//! editors' notes and are dropped; anything else (tables, images, raw HTML, text sharing a
//! line with a leading comment, a heading inside a list item) is an error, so no content
//! silently disappears from a handout.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// Inline style of a run of text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Style {
    /// Strong emphasis (`**bold**`).
    pub bold: bool,
    /// Emphasis (`*italic*`).
    pub italic: bool,
    /// Target of a link, when the run is link text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// A run of text in one style.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Span {
    /// The text, with soft line breaks already turned into spaces.
    pub text: String,
    /// How the text is set.
    pub style: Style,
}

/// One block of a document body.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// A heading of level 1–6.
    Heading {
        /// 1 for `#`, 2 for `##`, …
        level: u8,
        /// Plain text of the heading.
        text: String,
        /// 1-based line in the source file.
        line: usize,
    },
    /// A paragraph of styled text.
    Paragraph {
        /// The runs of text.
        spans: Vec<Span>,
        /// 1-based line in the source file where it starts.
        #[serde(skip)]
        line: usize,
    },
    /// A bullet (`start` is `None`) or numbered list.
    List {
        /// Number of the first item of a numbered list.
        start: Option<u64>,
        /// Each item's runs of text.
        items: Vec<Vec<Span>>,
        /// Lists nested one level inside items (deeper nesting is an error).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        nested: Vec<Sublist>,
        /// 1-based line in the source file where it starts.
        #[serde(skip)]
        line: usize,
    },
}

/// A list nested inside an item of another list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sublist {
    /// Index of the item of the outer list that holds it.
    pub item: usize,
    /// Number of the first item of a numbered list.
    pub start: Option<u64>,
    /// Each item's runs of text.
    pub items: Vec<Vec<Span>>,
}

/// The marker of item `i` of a list starting at `start` (bullets when `None`).
pub fn marker(start: Option<u64>, i: usize, depth: usize) -> String {
    match start {
        Some(n) => format!("{}.", n + i as u64),
        None if depth == 0 => "•".to_string(),
        None => "–".to_string(),
    }
}

impl Block {
    /// The 1-based line in the source file where the block starts.
    pub fn line(&self) -> usize {
        match self {
            Block::Heading { line, .. } | Block::Paragraph { line, .. } | Block::List { line, .. } => *line,
        }
    }

    /// The block's text without styling: list items one per line.
    pub fn plain_text(&self) -> String {
        match self {
            Block::Heading { text, .. } => text.clone(),
            Block::Paragraph { spans, .. } => spans_text(spans),
            Block::List { start, items, nested, .. } => {
                let line = |start: &Option<u64>, i: usize, item: &[Span]| match start {
                    Some(n) => format!("{}. {}", n + i as u64, spans_text(item)),
                    None => format!("- {}", spans_text(item)),
                };
                let mut lines = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    lines.push(line(start, i, item));
                    for sub in nested.iter().filter(|s| s.item == i) {
                        for (k, inner) in sub.items.iter().enumerate() {
                            lines.push(format!("  {}", line(&sub.start, k, inner)));
                        }
                    }
                }
                lines.join("\n")
            }
        }
    }
}

/// Whether a link target may be followed from a page or a PDF: web, mail and phone addresses
/// only (never `javascript:`, `file:` or `data:`); other links print as their text alone.
pub fn is_safe_link(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:"].iter().any(|p| lower.starts_with(p))
}

/// Whether `url` is a web address a resource or clinic may print: `https://` or `http://`, a
/// site name with a dot in it (or `localhost`), no whitespace.
pub fn is_web_address(url: &str) -> bool {
    web_address_fault(url).is_none()
}

/// What keeps `url` from being a web address, said so its writer can fix it; `None` for one.
pub fn web_address_fault(url: &str) -> Option<String> {
    // The scheme is case-insensitive ("HTTPS://EXAMPLE.ORG").
    let lower = url.get(..8).map(str::to_ascii_lowercase).unwrap_or_default();
    let skip = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        // "www.clinic.org" as a card prints it: the address it means is plain to see.
        let meant = if url.contains('.') && !url.contains(char::is_whitespace) && !url.contains("://") {
            format!(" (did you mean `https://{}`?)", url.trim())
        } else {
            String::new()
        };
        return Some(format!("must be a web address starting with https:// or http://, not `{url}`{meant}"));
    };
    if url.contains(char::is_whitespace) {
        return Some(format!("has a space in it (`{url}`), which no web address has"));
    }
    let rest = &url[skip..];
    // A host: a name with a dot in it (`example.org`), or `localhost`, with an optional port.
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let name = host.rsplit_once(':').map_or(host, |(name, port)| {
        if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) { name } else { host }
    });
    if name.is_empty() {
        return Some(format!("has no site name after `{}` (`{url}`)", &url[..skip]));
    }
    if let Some(c) = name.chars().find(|&c| !(c.is_alphanumeric() || matches!(c, '-' | '.' | '_'))) {
        let hint = if c == ',' { "; did you mean a dot?" } else { "" };
        return Some(format!("has `{c}` in its site name `{name}`, which a web address cannot have{hint}"));
    }
    if name.split('.').any(str::is_empty) {
        return Some(format!("has two dots in a row, or a dot at one end, in its site name `{name}`"));
    }
    if !name.contains('.') && name != "localhost" {
        return Some(format!(
            "names the site `{name}`, which has no dot; a web address names a site such as `example.org`"
        ));
    }
    None
}

/// Whether `phone` has a number to dial: three digits at least ("988", "1-800-662-HELP",
/// "+1 (555) 010-0123"), before any extension. "Ask at the front desk" has none, nor "ext.
/// 4567" (an extension of no number), and would print as a phone number nobody can call.
pub fn has_number_to_dial(phone: &str) -> bool {
    let number = phone.split_whitespace().take_while(|token| !is_extension(token));
    number.flat_map(str::chars).filter(char::is_ascii_digit).count() >= 3
}

/// Whether `token` starts an extension: "ext.", "ext", "extension", "x", alone or with its
/// digits ("x12", "ext.12").
pub fn is_extension(token: &str) -> bool {
    let lower = token.to_lowercase();
    ["extension", "ext.", "ext", "x"].iter().any(|p| {
        lower
            .strip_prefix(p)
            .is_some_and(|rest| rest.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ':'))
    })
}

/// A `tel:` address for a printed phone number: its digits (and a leading `+`), up to a
/// spelled-out form in brackets or words after it ("1-800-662-4357 (1-800-662-HELP)" →
/// `tel:18006624357`), with an extension as RFC 3966 writes it ("555-0100 ext. 12" →
/// `tel:5550100;ext=12`). The letters of a number written in words ("1-800-662-HELP") are
/// the digits of a phone's keypad (ITU E.161: `tel:18006624357`), and a North American one
/// keeps its first eleven digits, as the phone network dials it ("1-800-GET-HELP-NOW"). None
/// for fewer than three digits.
pub fn tel_address(phone: &str) -> Option<String> {
    let mut out = String::from("tel:");
    if phone.trim_start().starts_with('+') {
        out.push('+');
    }
    let mut tokens = phone.split_whitespace();
    let mut extension = None;
    while let Some(token) = tokens.next() {
        // "ext. 12", "ext.12", "x12": an extension, dialled after the number.
        let lower = token.to_lowercase();
        if let Some(rest) = ["extension", "ext.", "ext", "x"].iter().find_map(|p| lower.strip_prefix(p)) {
            let digits = if rest.is_empty() { tokens.clone().next().unwrap_or_default() } else { rest };
            if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
                extension = Some(digits.to_string());
                break;
            }
        }
        // An area code in brackets is part of the number ("(555) 010-0123", "(555)010-0123");
        // anything else in brackets is another way to write it ("(1-800-662-HELP)"). After a
        // country code, a "(0)" is the trunk prefix dialled only from inside the country
        // ("+44 (0)20 7946 0958" is dialled +44 20 7946 0958).
        let mut token = token;
        if let Some(inner) = token.strip_prefix('(') {
            match inner.split_once(')') {
                Some((code, rest)) if !code.is_empty() && code.chars().all(|c| c.is_ascii_digit()) => {
                    if !(out.starts_with("tel:+") && code == "0") {
                        out.push_str(code);
                    }
                    token = rest;
                }
                _ => break,
            }
        }
        let letters = token.chars().any(char::is_alphabetic);
        if letters && !token.chars().any(|c| c.is_ascii_digit()) {
            // Words after the number ("555-0100 front desk"), or a number all in words.
            break;
        }
        if letters && !token.chars().all(|c| c.is_ascii_alphanumeric() || "-.".contains(c)) {
            return None;
        }
        out.extend(token.chars().filter_map(keypad_digit));
    }
    // "1-800-GET-HELP-NOW": the letters past a North American number's eleven digits are
    // there to read, not to dial.
    let national = out.strip_prefix("tel:").filter(|n| n.starts_with('1') && n.len() > 11).map(|_| 4 + 11);
    if let Some(end) = national {
        out.truncate(end);
    }
    let dialable = out.trim_start_matches("tel:").trim_start_matches('+').len() >= 3;
    if let Some(e) = extension {
        out.push_str(&format!(";ext={e}"));
    }
    dialable.then_some(out)
}

/// The digit a character of a phone number dials: itself, or the key a letter is on (ITU
/// E.161: ABC 2, DEF 3, GHI 4, JKL 5, MNO 6, PQRS 7, TUV 8, WXYZ 9); none for a separator.
fn keypad_digit(c: char) -> Option<char> {
    let digit = match c.to_ascii_uppercase() {
        d @ '0'..='9' => d,
        'A'..='C' => '2',
        'D'..='F' => '3',
        'G'..='I' => '4',
        'J'..='L' => '5',
        'M'..='O' => '6',
        'P'..='S' => '7',
        'T'..='V' => '8',
        'W'..='Z' => '9',
        _ => return None,
    };
    Some(digit)
}

/// Concatenates the text of `spans`.
pub fn spans_text(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

/// The start of a text, for messages: its first eight words, then "…" if there are more.
pub fn text_start(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= 8 { words.join(" ") } else { format!("{} …", words[..8].join(" ")) }
}

/// An error in a markdown body, at a 1-based line of the body.
#[derive(Debug)]
pub struct MarkdownError {
    /// Line in the body text (1-based).
    pub line: usize,
    /// What is wrong, lowercase.
    pub message: String,
}

/// Parses a markdown body into blocks. `first_line` is the file line of the body's first line,
/// so that heading lines and errors point into the file.
pub fn parse(body: &str, first_line: usize) -> Result<Vec<Block>, MarkdownError> {
    let lines = crate::source::Lines::new(body, first_line);
    let line_of = |offset: usize| lines.line_of(offset);
    let mut blocks = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut style = Style::default();
    let mut heading: Option<(u8, usize)> = None;
    // The level of the last heading: the next goes at most one deeper.
    let mut last_level: Option<u8> = None;
    // A stack of open lists (at most two: a list and one nested in its current item).
    let mut lists: Vec<(Option<u64>, Vec<Vec<Span>>)> = Vec::new();
    let mut nested: Vec<Sublist> = Vec::new();
    // Text of the outer item that holds an open nested list, set aside until the item ends.
    let mut outer_item: Option<Vec<Span>> = None;
    let mut item_depth = 0usize;
    // Where text after a nested list, in the item that holds it, starts.
    let mut after_nested = first_line;
    // Where the paragraph or list being read starts.
    let mut block_line = first_line;
    let mut html_block: Option<String> = None;
    let mut html_line = 0;

    let push_text = |spans: &mut Vec<Span>, text: &str, style: &Style| {
        if let Some(last) = spans.last_mut()
            && last.style == *style
        {
            last.text.push_str(text);
            return;
        }
        spans.push(Span { text: text.to_string(), style: style.clone() });
    };

    // A footnote's note is a link definition to markdown without footnotes: it would vanish,
    // and its mark print as a link to nowhere.
    if let Some(offset) = footnote_definition(body) {
        return Err(MarkdownError { line: line_of(offset), message: FOOTNOTE.into() });
    }
    for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
        let line = line_of(range.start);
        let unsupported = |what: &str| MarkdownError {
            line,
            message: format!("{what} is not supported in the corpus; use headings, paragraphs and lists"),
        };
        match event {
            Event::Start(Tag::Heading { .. }) if item_depth > 0 => {
                return Err(MarkdownError {
                    line,
                    message: "a heading inside a list item is not supported: end the list (a blank line \
                              and no indent) before the heading"
                        .into(),
                });
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let level = heading_level(level);
                // A level skipped reads to a screen reader as a part gone missing (and breaks
                // PDF/UA's heading order): "####" under "##" is said where it stands.
                let deepest = last_level.map_or(2, |l| l + 1);
                if level > deepest {
                    let (was, want) = ("#".repeat(deepest as usize - 1), "#".repeat(deepest as usize));
                    return Err(MarkdownError {
                        line,
                        message: format!(
                            "a level-{level} heading ({}) follows {}: headings go one level deeper at a \
                             time; use `{want}`",
                            "#".repeat(level as usize),
                            match last_level {
                                Some(_) => format!("a level-{} one (`{was}`)", deepest - 1),
                                None => "no heading of level 1 or 2".to_string(),
                            }
                        ),
                    });
                }
                last_level = Some(level);
                heading = Some((level, line));
                spans.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, line) = heading.take().unwrap_or((2, line));
                let text = normalize_space(&spans_text(&spans));
                if text.is_empty() {
                    return Err(MarkdownError { line, message: "empty heading".into() });
                }
                blocks.push(Block::Heading { level, text, line });
                spans.clear();
            }
            Event::Start(Tag::Paragraph) if item_depth > 0 && !spans.is_empty() => {
                push_text(&mut spans, " ", &Style::default());
            }
            // A paragraph of the outer item after its nested list: where an error points.
            Event::Start(Tag::Paragraph) if lists.len() == 1 && outer_item.is_some() => after_nested = line,
            Event::Start(Tag::Paragraph) if item_depth == 0 => block_line = line,
            Event::End(TagEnd::Paragraph) if item_depth == 0 => {
                let trimmed = trim_spans(std::mem::take(&mut spans));
                if !trimmed.is_empty() {
                    blocks.push(Block::Paragraph { spans: trimmed, line: block_line });
                }
            }
            Event::Start(Tag::List(start)) => match lists.len() {
                0 => {
                    block_line = line;
                    lists.push((start, Vec::new()));
                }
                1 => {
                    after_nested = line;
                    let held = trim_spans(std::mem::take(&mut spans));
                    outer_item.get_or_insert_with(Vec::new).extend(held);
                    lists.push((start, Vec::new()));
                }
                _ => {
                    return Err(MarkdownError {
                        line,
                        message: "a list nested more than one level deep is not supported; \
                                  use at most one level of nesting"
                            .into(),
                    });
                }
            },
            Event::End(TagEnd::List(_)) => match lists.len() {
                2 => {
                    if let Some((start, items)) = lists.pop() {
                        let item = lists.last().map_or(0, |l| l.1.len());
                        nested.push(Sublist { item, start, items });
                    }
                }
                _ => {
                    if let Some((start, items)) = lists.pop() {
                        let nested = std::mem::take(&mut nested);
                        blocks.push(Block::List { start, items, nested, line: block_line });
                    }
                }
            },
            Event::Start(Tag::Item) => {
                item_depth += 1;
            }
            Event::End(TagEnd::Item) => {
                item_depth -= 1;
                let mut item = trim_spans(std::mem::take(&mut spans));
                if lists.len() == 1
                    && let Some(outer) = outer_item.take()
                {
                    // Text after a nested list, in the item that holds it, would print before the
                    // nested list (an item's text comes first): "Then, when you are ready" read
                    // before the steps it follows. Refused rather than reordered.
                    if !item.is_empty() {
                        return Err(MarkdownError {
                            line: after_nested,
                            message: format!(
                                "text after a nested list in the same item (`{}`) would print before that list; \
                                 make it an item of its own, or a paragraph after the list",
                                spans_text(&item)
                            ),
                        });
                    }
                    item = outer;
                }
                if item.is_empty() {
                    return Err(MarkdownError {
                        line,
                        message: "a list item with no text: write its text after the marker, or \
                                  delete the marker (`- - text` is an empty item holding a nested list)"
                            .into(),
                    });
                }
                if let Some((_, items)) = lists.last_mut() {
                    items.push(item);
                }
            }
            Event::Start(Tag::Emphasis) => style.italic = true,
            Event::End(TagEnd::Emphasis) => style.italic = false,
            Event::Start(Tag::Strong) => style.bold = true,
            Event::End(TagEnd::Strong) => style.bold = false,
            Event::Start(Tag::Link { .. }) if heading.is_some() => {
                return Err(MarkdownError {
                    line,
                    message: "a link in a heading would print without its address: put the link in \
                              the text under the heading"
                        .into(),
                });
            }
            Event::Start(Tag::Link { .. }) if body[range.clone()].starts_with("[^") => {
                return Err(MarkdownError { line, message: FOOTNOTE.into() });
            }
            Event::Start(Tag::Link { dest_url, .. }) => style.link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => style.link = None,
            Event::Text(text) => {
                if let Some(message) = hidden_in_text(&text, &body[range.clone()], &body[range.start..]) {
                    return Err(MarkdownError { line, message });
                }
                push_text(&mut spans, &text, &style)
            }
            Event::Code(text) => push_text(&mut spans, &text, &style),
            Event::SoftBreak | Event::HardBreak => push_text(&mut spans, " ", &style),
            Event::Html(html) if html_block.is_some() => {
                html_block.get_or_insert_with(String::new).push_str(&html);
            }
            Event::Html(html) | Event::InlineHtml(html) if !is_comment(&html) => {
                return Err(unsupported("raw HTML"));
            }
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some(String::new());
                html_line = line;
            }
            Event::End(TagEnd::HtmlBlock) => {
                let html = html_block.take().unwrap_or_default();
                if let Some(offset) = unclosed_comment(&html) {
                    return Err(MarkdownError {
                        line: html_line + html[..offset].matches('\n').count(),
                        message: "this `<!--` comment is never closed with `-->` (before the next comment \
                                  or the end), so the text after it would be dropped: close it"
                            .into(),
                    });
                }
                if let Some((offset, text)) = outside_comments(&html) {
                    let line = html_line + html[..offset].matches('\n').count();
                    if !html.trim_start().starts_with("<!--") || text.contains('<') {
                        return Err(MarkdownError {
                            line,
                            message: "raw HTML is not supported in the corpus; only <!-- comments -->".into(),
                        });
                    }
                    return Err(MarkdownError {
                        line,
                        message: format!(
                            "text `{}` shares a line with an HTML comment and would be dropped (a line \
                             that starts with `<!--` is all comment to markdown): put the comment on a \
                             line of its own",
                            text.trim()
                        ),
                    });
                }
            }
            Event::Start(Tag::BlockQuote(_)) | Event::End(TagEnd::BlockQuote(_)) => {}
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Indented)) => {
                return Err(MarkdownError {
                    line,
                    message: "this line starts with four spaces or a tab, which markdown reads as code: \
                              remove the indent (a list item's next paragraph is indented to its text)"
                        .into(),
                });
            }
            Event::Start(Tag::CodeBlock(_)) => return Err(unsupported("a code block")),
            Event::Start(Tag::Image { .. }) => return Err(unsupported("an image")),
            Event::Start(Tag::Table(_)) => return Err(unsupported("a table")),
            Event::Rule => {}
            _ => {}
        }
    }
    Ok(blocks)
}

/// Whether raw HTML is only a comment (an editor's note), which is dropped.
fn is_comment(html: &str) -> bool {
    let h = html.trim();
    h.starts_with("<!--") && h.ends_with("-->")
}

/// Where an HTML block opens a comment it never closes (markdown then takes the rest of the
/// document for the comment), as a byte offset.
/// A comment that holds another `<!--` was not closed before the next one opened: markdown
/// took everything between the two for the comment.
fn unclosed_comment(html: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(open) = html[at..].find("<!--") {
        let body = at + open + 4;
        match html[body..].find("-->") {
            Some(end) if !html[body..body + end].contains("<!--") => at = body + end + 3,
            _ => return Some(at + open),
        }
    }
    None
}

/// The first text of an HTML block outside its `<!-- … -->` comments, with its byte offset:
/// `<!-- a --> Call 911 <!-- b -->` is one HTML block to markdown, and its middle is text.
fn outside_comments(html: &str) -> Option<(usize, &str)> {
    let mut at = 0;
    while at < html.len() {
        let rest = &html[at..];
        let lead = rest.len() - rest.trim_start().len();
        at += lead;
        let rest = &html[at..];
        if rest.is_empty() {
            return None;
        }
        if let Some(body) = rest.strip_prefix("<!--") {
            match body.find("-->") {
                Some(end) => at += 4 + end + 3,
                None => return None,
            }
        } else {
            let end = rest.find("<!--").unwrap_or(rest.len());
            return Some((at, &rest[..end]));
        }
    }
    None
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// What a footnote gets: the corpus has none.
const FOOTNOTE: &str = "a footnote (`[^1]` and its `[^1]: note`) is not supported: its note would not print; \
                        put the note in the text, in brackets or a sentence of its own";

/// Whether `label` (what follows a `[^`) is a footnote's label ended by `close` (`]` for a
/// mark, `]:` for a note): at least one character, no space.
fn footnote_label(label: &str, close: &str) -> bool {
    label.find(close).is_some_and(|end| end > 0 && !label[..end].contains(char::is_whitespace))
}

/// Byte offset of the first footnote definition (`[^1]: note`) at the start of a line.
fn footnote_definition(body: &str) -> Option<usize> {
    if !body.contains("[^") {
        return None;
    }
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let rest = line.trim_start_matches(' ');
        if line.len() - rest.len() <= 3
            && let Some(label) = rest.strip_prefix("[^")
            && footnote_label(label, "]:")
        {
            return Some(offset);
        }
        offset += line.len();
    }
    None
}

/// What is wrong with a run of text as markdown decoded it from `source` (`rest` is the body
/// from there on: markdown splits text at `<` and `[`), when something would print that the
/// editor did not see as text: a comment left open inside a paragraph (markdown prints an
/// unclosed `<!--` as text), a control character written as an entity (`&#x1b;`) or a number
/// no character has (`&#0;`), a footnote mark with no note.
fn hidden_in_text(text: &str, source: &str, rest: &str) -> Option<String> {
    // One pass over the bytes, without an early exit (the compiler vectorizes it), finds
    // whether any could start one: most text has none. (0xC2 starts a C1 control, 0xEF the
    // replacement mark.)
    let suspect = |b: u8| b < 0x20 || b == 0x7f || b == 0xc2 || b == 0xef || b == b'<' || b == b'[';
    if !text.bytes().fold(false, |any, b| any | suspect(b)) && !rest.starts_with(['<', '[']) {
        return None;
    }
    if text.contains("<!--") || rest.starts_with("<!--") {
        return Some(
            "this `<!--` comment is never closed with `-->`, so it would print as text: close it, \
             or delete it"
                .into(),
        );
    }
    if let Some(c) = crate::source::stray_control(text).and_then(|at| text[at..].chars().next()) {
        return Some(format!(
            "`{}` is a control character ({}), which no font draws: remove it",
            source.trim(),
            crate::source::control_name(c)
        ));
    }
    if text.contains('\u{fffd}') && !source.contains('\u{fffd}') {
        return Some(format!(
            "`{}` names no character (markdown reads it as U+FFFD, a replacement mark): remove it",
            source.trim()
        ));
    }
    let mark = |s: &str| s.find("[^").is_some_and(|at| footnote_label(&s[at + 2..], "]"));
    if mark(text) || (rest.starts_with("[^") && mark(rest.lines().next().unwrap_or_default())) {
        return Some(FOOTNOTE.into());
    }
    None
}

/// Collapses runs of whitespace (and control characters) into single spaces and trims.
pub fn normalize_space(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Normalizes whitespace inside and between spans, dropping empty ones.
fn trim_spans(spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    let mut last_was_space = true;
    for span in spans {
        // Most spans need nothing done: printable, single spaces, not led by one after a space.
        let plain = !span.text.is_empty()
            && span.text.bytes().all(|b| b.is_ascii_graphic() || b == b' ')
            && !span.text.contains("  ")
            && (!last_was_space || !span.text.starts_with(' '));
        if plain {
            last_was_space = span.text.ends_with(' ');
            out.push(span);
            continue;
        }
        let mut text = String::with_capacity(span.text.len());
        for c in span.text.chars() {
            let space = c.is_whitespace() || c.is_control();
            if space {
                if !last_was_space {
                    text.push(' ');
                }
            } else {
                text.push(c);
            }
            last_was_space = space;
        }
        if !text.is_empty() {
            out.push(Span { text, style: span.style });
        }
    }
    if let Some(last) = out.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.truncate(trimmed);
        if last.text.is_empty() {
            out.pop();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_keep_one_space_for_each_run_of_spaces_and_none_at_the_ends() {
        let spans = |texts: &[&str]| -> Vec<Span> {
            texts.iter().map(|t| Span { text: t.to_string(), style: Style::default() }).collect()
        };
        let texts = |spans: Vec<Span>| spans.into_iter().map(|s| s.text).collect::<Vec<_>>();
        assert_eq!(texts(trim_spans(spans(&["  a  b ", " c", "   ", "\n\td  "]))), ["a b ", "c", " ", "d"]);
        assert_eq!(texts(trim_spans(spans(&["a", " b", "\u{7}c"]))), ["a", " b", " c"]);
        assert!(trim_spans(spans(&[" ", "\n"])).is_empty());
    }

    #[test]
    fn a_web_address_names_a_host() {
        for ok in
            ["https://findtreatment.gov", "http://localhost:8080/x", "https://a.example.org:443/p?q=1#f"]
        {
            assert!(is_web_address(ok), "{ok}");
        }
        for bad in [
            "https://",
            "http://",
            "https:///path",
            "https://clinic",
            "https://a..org",
            "www.example.org",
            "https://a.org/x y",
        ] {
            assert!(!is_web_address(bad), "{bad}");
        }
    }

    #[test]
    fn phone_numbers_become_tel_addresses() {
        assert_eq!(tel_address("1-800-662-4357 (1-800-662-HELP)").as_deref(), Some("tel:18006624357"));
        assert_eq!(tel_address("+44 20 7946 0958").as_deref(), Some("tel:+442079460958"));
        assert_eq!(tel_address("555-0199").as_deref(), Some("tel:5550199"));
        assert_eq!(tel_address("ask at the desk"), None);
        assert_eq!(tel_address("(1-800-HELP)"), None);
        assert_eq!(tel_address("555-0100 ext. 12").as_deref(), Some("tel:5550100;ext=12"));
        assert_eq!(tel_address("+1 (555) 010-0123 ext.4567").as_deref(), Some("tel:+15550100123;ext=4567"));
        assert_eq!(tel_address("555-0100 x 7 (front desk)").as_deref(), Some("tel:5550100;ext=7"));
        assert_eq!(tel_address("555-0100 extra line").as_deref(), Some("tel:5550100"));
        // An extension is no number to dial by itself.
        for none in ["ext. 4567", "x4567", "Extension 12", "ask at the desk", "12"] {
            assert!(!has_number_to_dial(none), "{none}");
        }
        for some in ["988", "1-800-662-HELP", "555-0100 ext. 12", "+1 (555) 010-0123 x7"] {
            assert!(has_number_to_dial(some), "{some}");
        }
        // A number written in words dials the keys its letters are on.
        assert_eq!(tel_address("1-800-662-HELP").as_deref(), Some("tel:18006624357"));
        assert_eq!(tel_address("1-800-GET-HELP-NOW").as_deref(), Some("tel:18004384357"));
        assert_eq!(tel_address("555-CALL ext. 2").as_deref(), Some("tel:5552255;ext=2"));
        assert_eq!(tel_address("+44 20 7946 0958").as_deref(), Some("tel:+442079460958"));
        // An area code in brackets, as US numbers are often written.
        assert_eq!(tel_address("(555) 010-0123").as_deref(), Some("tel:5550100123"));
        assert_eq!(tel_address("+1 (555) 010-0123").as_deref(), Some("tel:+15550100123"));
        assert_eq!(tel_address("1 (800) 662-4357").as_deref(), Some("tel:18006624357"));
        assert_eq!(tel_address("(555)010-0123").as_deref(), Some("tel:5550100123"));
        // The trunk prefix "(0)" written after a country code is not dialled from abroad.
        for uk in ["+44 (0)20 7946 0958", "+44 (0) 20 7946 0958", "+44 20 7946 0958"] {
            assert_eq!(tel_address(uk).as_deref(), Some("tel:+442079460958"), "{uk}");
        }
        assert_eq!(tel_address("(0)20 7946 0958").as_deref(), Some("tel:02079460958"), "dialled at home");
    }

    #[test]
    fn line_index_matches_counting_newlines() {
        let text = "a\n\nbc\nd";
        let lines = crate::source::Lines::new(text, 1);
        for offset in 0..=text.len() + 2 {
            let counted =
                1 + text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count();
            assert_eq!(lines.line_of(offset), counted, "offset {offset}");
        }
    }

    #[test]
    fn lists_with_different_bullets_stay_separate() {
        let blocks = parse("- a\n- b\n\n* c\n", 1).unwrap();
        assert_eq!(blocks.len(), 2);
    }

    #[test]
    fn one_level_of_nesting_is_kept_and_deeper_is_an_error_at_its_line() {
        let blocks = parse("- outer one\n  - inner one\n  - inner two\n- outer two\n", 1).unwrap();
        let Block::List { items, nested, .. } = &blocks[0] else { panic!("{blocks:?}") };
        assert_eq!(items.iter().map(|i| spans_text(i)).collect::<Vec<_>>(), ["outer one", "outer two"]);
        assert_eq!(nested.len(), 1);
        assert_eq!(nested[0].item, 0);
        assert_eq!(
            nested[0].items.iter().map(|i| spans_text(i)).collect::<Vec<_>>(),
            ["inner one", "inner two"]
        );
        assert_eq!(blocks[0].plain_text(), "- outer one\n  - inner one\n  - inner two\n- outer two");
        let err = parse("text\n\n1. a\n   - b\n     - c\n", 10).unwrap_err();
        assert_eq!(err.line, 14);
        assert!(err.message.contains("more than one level"), "{}", err.message);
    }

    #[test]
    fn text_after_a_nested_list_in_its_item_is_an_error_at_its_line() {
        // It printed before the nested list, and ran into the item's text: "Before you
        // stopThen when you are ready", above the steps it follows.
        let text = "- Before you stop\n  - talk to a doctor\n  - make a plan\n\n  Then when you are ready\n\n- lower the dose\n";
        let err = parse(text, 10).unwrap_err();
        assert_eq!(err.line, 14, "{}", err.message);
        assert!(
            err.message.contains("text after a nested list in the same item (`Then when you are ready`)")
        );
        // A paragraph after the whole list, or an item of its own, is fine.
        assert!(parse("- Before you stop\n  - talk to a doctor\n\nThen when you are ready\n", 10).is_ok());
        assert!(parse("- Before you stop\n  - talk to a doctor\n- Then when you are ready\n", 10).is_ok());
    }

    #[test]
    fn a_link_in_a_heading_is_an_error_at_its_line() {
        // "Call the helpline at [SAMHSA](https://…)" printed "Call the helpline at SAMHSA".
        let err =
            parse("text\n\n## Call the helpline at [SAMHSA](https://www.samhsa.gov)\n", 10).unwrap_err();
        assert_eq!(err.line, 12);
        assert!(err.message.contains("a link in a heading"), "{}", err.message);
    }

    #[test]
    fn an_item_with_no_text_is_an_error_at_its_line() {
        // An empty item holding a nested list, as the first item and later on; an empty item.
        for (text, line) in [
            ("intro\n\n- - aches\n- pains\n", 12),
            ("- aches\n- - pains\n", 11),
            ("- aches\n-\n- pains\n", 11),
            ("- aches\n  - b\n  -\n", 12),
        ] {
            let err = parse(text, 10).unwrap_err();
            assert_eq!(err.line, line, "{text:?}: {}", err.message);
            assert!(err.message.contains("a list item with no text"), "{}", err.message);
        }
    }

    #[test]
    fn headings_carry_file_lines() {
        let blocks = parse("intro\n\n## Detox\n\ntext *it* **b**\n", 10).unwrap();
        assert_eq!(blocks[1], Block::Heading { level: 2, text: "Detox".into(), line: 12 });
        let Block::Paragraph { spans, line } = &blocks[2] else { panic!() };
        assert_eq!(*line, 14);
        assert_eq!(spans_text(spans), "text it b");
        assert!(spans[1].style.italic && spans[3].style.bold);
    }

    #[test]
    fn text_between_comments_is_an_error_not_a_loss() {
        let err = parse("para\n\n<!-- a --> Call 911 now <!-- b -->\n\nmore\n", 5).unwrap_err();
        assert_eq!(err.line, 7, "{}", err.message);
        assert!(err.message.contains("Call 911 now"), "{}", err.message);
        let err = parse("<!--\nnote\n--> Call 911\n", 1).unwrap_err();
        assert_eq!(err.line, 3, "{}", err.message);
        assert!(err.message.contains("Call 911"), "{}", err.message);
        // Comments alone, or inside a paragraph, lose nothing.
        assert_eq!(parse("<!-- a --> <!-- b -->\n\n<!--\nc\n-->\n", 1).unwrap().len(), 0);
        let blocks = parse("Call <!-- a --> 911\n", 1).unwrap();
        assert_eq!(blocks[0].plain_text(), "Call 911");
    }

    #[test]
    fn heading_inside_a_list_item_is_an_error() {
        let err = parse("## A\n\n- one\n- two\n- ## Three\n- four\n", 1).unwrap_err();
        assert_eq!(err.line, 5, "{}", err.message);
        assert!(err.message.contains("heading inside a list item"), "{}", err.message);
    }

    #[test]
    fn what_would_print_unseen_or_vanish_is_an_error_at_its_line() {
        let err = |text: &str| parse(text, 1).unwrap_err();
        // A comment left open inside a paragraph prints as text.
        let e = err("## A\n\nText for patients <!-- editor: check this\n");
        assert_eq!(e.line, 3, "{}", e.message);
        assert!(e.message.contains("never closed"), "{}", e.message);
        // A footnote: its note would vanish and its mark print.
        for text in ["## A\n\nText[^1] here.\n\n[^1]: The note.\n", "## A\n\nText.\n\n[^note]: The note.\n"] {
            let e = err(text);
            assert!(e.message.contains("footnote"), "{text}: {}", e.message);
            assert_eq!(e.line, 5, "{text}: the note's line");
        }
        let e = err("## A\n\nA mark[^2] with no note.\n");
        assert!(e.message.contains("footnote"), "{}", e.message);
        // A control character as an entity, and an entity of no character.
        let e = err("## A\n\nHello &#x1b;[31mred.\n");
        assert_eq!(e.line, 3);
        assert!(e.message.contains("`&#x1b;` is a control character (U+001B, escape)"), "{}", e.message);
        let e = err("## A\n\nOne\n&#0; two.\n");
        assert_eq!(e.line, 4);
        assert!(e.message.contains("`&#0;` names no character"), "{}", e.message);
        // What is not one: brackets and carets in text, entities of characters, a closed comment.
        assert!(parse("## A\n\nA range [2^3] and &amp; &#233; <!-- ok --> text.\n", 1).is_ok());
    }

    #[test]
    fn an_unclosed_comment_is_an_error_at_its_line_not_the_rest_of_the_document_dropped() {
        let err = parse("Intro.\n\n<!-- note to editors\n\n## Next\n\nmore text\n", 1).unwrap_err();
        assert_eq!(err.line, 3, "{}", err.message);
        assert!(err.message.contains("never closed"), "{}", err.message);
        // Nor closed before the next comment opens: markdown takes all between for comment.
        let text = "Intro.\n\n<!-- note\n\n## Next\n\nmore text\n\n<!-- another -->\n";
        assert_eq!(parse(text, 1).unwrap_err().line, 3);
        // Closed, on one line or several: dropped as before.
        assert!(parse("Intro.\n\n<!-- note\nmore note -->\n\n## Next\n\ntext\n", 1).is_ok());
    }

    #[test]
    fn comments_are_dropped() {
        assert_eq!(parse("<!-- note -->\n\npara\n", 1).unwrap().len(), 1);
    }

    #[test]
    fn a_heading_level_skipped_is_an_error_at_its_line() {
        let err = parse("## First\n\ntext\n\n#### Second\n\nmore\n", 1).unwrap_err();
        assert_eq!(err.line, 5);
        assert!(
            err.message.contains("level-4 heading (####) follows a level-2 one (`##`)"),
            "{}",
            err.message
        );
        assert!(err.message.contains("use `###`"), "{}", err.message);
        let err = parse("### Alone\n\ntext\n", 1).unwrap_err();
        assert!(err.message.contains("use `##`"), "{}", err.message);
        // Down one level at a time, and back up any number.
        assert!(parse("## A\n\n### B\n\n#### C\n\n## D\n\n# E\n\n## F\n", 1).is_ok());
    }

    #[test]
    fn an_indented_paragraph_is_said_to_be_indented() {
        let err = parse("Intro.\n\n    Indented by mistake.\n", 1).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("remove the indent"), "{}", err.message);
    }

    #[test]
    fn a_web_address_that_is_not_one_is_told_what_is_wrong() {
        let fault = |url: &str| web_address_fault(url).unwrap_or_default();
        assert!(fault("clinic.org").contains("starting with https://"));
        assert!(fault("https://clinic example.org").starts_with("has a space in it"));
        assert!(fault("https://clinic,example.org").ends_with("did you mean a dot?"));
        assert!(fault("https://clinic..example.org").starts_with("has two dots in a row"));
        assert!(fault("https://clinicexampleorg").contains("has no dot"));
        assert!(fault("https://").starts_with("has no site name"));
        for good in [
            "https://findtreatment.gov",
            "HTTP://EXAMPLE.ORG/a?b=c#d",
            "http://localhost:8080/x",
            "https://clínica.es",
        ] {
            assert_eq!(web_address_fault(good), None, "{good}");
        }
    }

    #[test]
    fn code_blocks_are_rejected_at_their_line() {
        let err = parse("a\n\n```\ncode\n```\n", 1).unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.starts_with("a code block is not supported"), "{}", err.message);
    }

    #[test]
    fn tables_are_rejected_at_their_line() {
        // Regression: the parser ran without the table extension, so a table was read as a
        // paragraph of pipes and printed as such.
        let err = parse("intro\n\n| a | b |\n|---|---|\n| 1 | 2 |\n", 5).unwrap_err();
        assert_eq!(err.line, 7);
        assert!(err.message.starts_with("a table is not supported"), "{}", err.message);
    }

    /// Generated documents: whatever mix of headings, paragraphs (plain, emphasised, strong,
    /// linked, code) and lists (numbered or bulleted, nested one level), every word of the
    /// source reaches the blocks, in order, and nothing else does.
    mod generated {
        use super::*;
        use proptest::collection::vec;
        use proptest::prelude::*;

        fn word() -> impl Strategy<Value = String> {
            prop_oneof![
                6 => "[a-z]{1,10}",
                1 => "[A-Z][a-z]{1,8}[.,:;?]?",
                1 => "[0-9]{1,4}(mg|%)?",
                1 => prop_oneof![Just("niño".to_string()), Just("self-destructive".to_string()), Just("1-800-662-4357".to_string())],
            ]
        }

        /// Words with inline markup: (markdown, plain words).
        fn inline() -> impl Strategy<Value = (String, Vec<String>)> {
            vec((word(), 0..6usize), 1..12).prop_map(|ws| {
                let mut md = Vec::new();
                let mut plain = Vec::new();
                for (w, kind) in ws {
                    md.push(match kind {
                        1 => format!("*{w}*"),
                        2 => format!("**{w}**"),
                        3 => format!("[{w}](https://example.org/{})", w.len()),
                        4 => format!("`{w}`"),
                        _ => w.clone(),
                    });
                    plain.push(w);
                }
                (md.join(" "), plain)
            })
        }

        fn block() -> impl Strategy<Value = (String, Vec<String>)> {
            prop_oneof![
                3 => inline(),
                // A heading holds no link: it would print without its address (an error).
                1 => (1u8..4, inline().prop_filter("no link in a heading", |(md, _)| !md.contains("](")))
                    .prop_map(|(level, (md, plain))| (format!("{} {md}", "#".repeat(level as usize)), plain)),
                2 => (any::<bool>(), vec((inline(), vec(inline(), 0..3)), 1..5)).prop_map(|(numbered, items)| {
                    let mut md = String::new();
                    let mut plain = Vec::new();
                    for (i, ((text, words), nested)) in items.into_iter().enumerate() {
                        let marker = if numbered { format!("{}.", i + 1) } else { "-".into() };
                        md.push_str(&format!("{marker} {text}\n"));
                        plain.extend(words);
                        let indent = " ".repeat(marker.len() + 1);
                        for (sub, sub_words) in nested {
                            md.push_str(&format!("{indent}- {sub}\n"));
                            plain.extend(sub_words);
                        }
                    }
                    (md.trim_end().to_string(), plain)
                }),
            ]
        }

        /// The letters of `text`, in order (markup may join or part words: "a`b`" is "ab").
        fn letters(text: &str) -> String {
            text.chars().filter(|c| c.is_ascii_lowercase()).collect()
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
            /// Words among markdown's own characters, at the start of lines too: what parses
            /// keeps every letter of the source; what it cannot keep is an error, never a loss.
            #[test]
            fn markup_characters_never_lose_a_word(
                lines in vec(vec(prop_oneof![
                    3 => "[a-z]{1,8}",
                    1 => "[*_#>`~|\\\\\\[\\]()!<&;:=+-]{1,3}",
                    1 => "[*_`]{1,2}[a-z]{1,6}[*_`]{1,2}",
                    1 => "[0-9]{1,2}[.)]",
                ], 1..10), 1..8),
                blank in vec(any::<bool>(), 8),
            ) {
                let mut source = String::new();
                for (i, words) in lines.iter().enumerate() {
                    source.push_str(&words.join(" "));
                    source.push_str(if blank[i % 8] { "\n\n" } else { "\n" });
                }
                if let Ok(parsed) = parse(&source, 1) {
                    let text: Vec<String> = parsed.iter().map(|b| b.plain_text()).collect();
                    prop_assert_eq!(letters(&text.join(" ")), letters(&source), "{}", source);
                }
            }

            #[test]
            fn every_word_reaches_the_blocks_in_order(blocks in vec(block(), 1..10)) {
                // Headings go at most one level deeper than the last (a skip is an error).
                let mut deepest = 2;
                let source: Vec<String> = blocks
                    .iter()
                    .map(|(md, _)| {
                        let hashes = md.chars().take_while(|&c| c == '#').count();
                        if hashes == 0 || !md[hashes..].starts_with(' ') {
                            return md.clone();
                        }
                        let level = hashes.min(deepest);
                        deepest = level + 1;
                        format!("{}{}", "#".repeat(level), &md[hashes..])
                    })
                    .collect();
                let source = source.join("\n\n");
                let words: Vec<String> = blocks.into_iter().flat_map(|(_, plain)| plain).collect();
                let parsed = parse(&source, 1).map_err(|e| TestCaseError::fail(format!("{}: {}", e.line, e.message)))?;
                let text: Vec<String> = parsed.iter().map(|b| b.plain_text()).collect();
                let text = text.join(" ");
                // The list markers `plain_text` writes are not words of the source.
                let got: Vec<&str> = text
                    .split_whitespace()
                    .filter(|w| !(*w == "-" || (w.ends_with('.') && w[..w.len() - 1].chars().all(|c| c.is_ascii_digit()))))
                    .collect();
                prop_assert_eq!(got, words.iter().map(String::as_str).collect::<Vec<_>>(), "{}", source);
            }
        }
    }
}
