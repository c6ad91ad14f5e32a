//! Handouts: which sections go in (topics, ids, a query), in what order, and how they become
//! layout items with a title, footer, edition stamp and contact block. The result is PDF
//! bytes; writing the file is the caller's business. Course packs ([`crate::print::pack`]) reuse the
//! pieces.

use anyhow::{Result, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::corpus::markdown::{Block, Span, Style};
use crate::corpus::readability;
use crate::corpus::{Corpus, Document, Resource, Section};
use crate::print::clinic::Clinic;
use crate::print::fonts::{FontStyle, fonts};
use crate::print::image::Image;
use crate::print::labels::{Labels, labels};
use crate::print::layout::{self, Anchor, Figure, Item, PageSpec, Profile};
use crate::print::pdf;
use crate::search::Engine;
use crate::search::query::SearchOptions;

/// Printed size of QR codes: one inch, easy for a phone camera.
const QR_SIZE: f32 = 72.0;

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

/// Paper sizes. A spec may write them as people do ("A4", "Letter").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase", try_from = "String")]
pub enum Paper {
    /// US Letter (8.5 × 11 in).
    #[default]
    Letter,
    /// ISO A4 (210 × 297 mm).
    A4,
    /// A page that fits inside both Letter and A4 (A4's width, Letter's height), so it prints
    /// unscaled on either.
    Any,
}

impl TryFrom<String> for Paper {
    type Error = String;
    fn try_from(name: String) -> Result<Paper, String> {
        match plain_name(&name).as_str() {
            "letter" | "usletter" => Ok(Paper::Letter),
            "a4" => Ok(Paper::A4),
            "any" => Ok(Paper::Any),
            _ => Err(format!("unknown variant `{name}`, expected one of `letter`, `a4`, `any`")),
        }
    }
}

/// A name as a person may write it, for matching: lowercase, without spaces, `-` or `_`.
fn plain_name(name: &str) -> String {
    name.trim().to_lowercase().replace([' ', '-', '_'], "")
}

impl Paper {
    /// Page geometry.
    pub fn spec(self) -> PageSpec {
        match self {
            Paper::Letter => PageSpec::LETTER,
            Paper::A4 => PageSpec::A4,
            Paper::Any => {
                PageSpec { width: PageSpec::A4.width, height: PageSpec::LETTER.height, margin: 54.0 }
            }
        }
    }
}

/// Type size of a handout or pack, as named in specs and requests (in any case, and as the
/// command line names large print: "large-print").
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "String")]
pub enum PrintProfile {
    /// 13 pt body text.
    #[default]
    Standard,
    /// 18 pt body text.
    Large,
}

impl TryFrom<String> for PrintProfile {
    type Error = String;
    fn try_from(name: String) -> Result<PrintProfile, String> {
        match plain_name(&name).trim_end_matches("print") {
            "standard" => Ok(PrintProfile::Standard),
            "large" => Ok(PrintProfile::Large),
            _ => Err(format!("unknown variant `{name}`, expected one of `standard`, `large`")),
        }
    }
}

impl PrintProfile {
    /// The type sizes of this profile.
    pub fn sizes(self) -> Profile {
        match self {
            PrintProfile::Standard => Profile::STANDARD,
            PrintProfile::Large => Profile::LARGE,
        }
    }
}

/// How a handout is set.
#[derive(Clone, Debug, Default)]
pub struct Settings {
    /// Paper size.
    pub paper: Paper,
    /// Standard (13 pt body) or large print (18 pt).
    pub print: PrintProfile,
    /// Justified instead of ragged-right paragraphs.
    pub justify: bool,
    /// Title to use instead of the derived one.
    pub title: Option<String>,
    /// Clinic branding: header and contact block (default: the corpus's own resources).
    pub clinic: Option<Clinic>,
    /// Creation time written into the PDF (seconds since the epoch).
    pub created: i64,
    /// The handout answers words of an emergency (`--query "overdose will not wake up"`,
    /// [`Chosen::emergency`]): its contact block opens with the corpus's emergency number,
    /// which `outreach search` lists first for the same words and other handouts leave out.
    pub emergency: bool,
}

impl Settings {
    /// Type sizes for these settings.
    pub fn profile(&self) -> Profile {
        self.print.sizes()
    }

    /// A short description of everything that changes the output, for the edition stamp.
    fn describe(&self) -> String {
        // The logo enters as a hash of its pixels, not as their debug text.
        let clinic = self.clinic.as_ref().map(|c| {
            let logo = c.logo_image.as_ref().map(|i| blake3::hash(&i.rgb).to_hex().to_string());
            let mut fields = format!(
                "{}|{:?}|{:?}|{:?}|{:?}|{:?}|{:?}",
                c.name, c.phone, c.address, c.hours, c.website, c.resources, logo
            );
            // As for the corpus's resources below: a header name only when one is given, and
            // an address's written lines only when it has several (they print as written).
            if let Some(short) = &c.short_name {
                fields = format!("{fields}|header {short}");
            }
            if !c.address_lines.is_empty() {
                fields = format!("{fields}|address lines {:?}", c.address_lines);
            }
            // Leaving out the corpus's resources changes the contact block; the default
            // adds nothing, so editions made before this was counted stay what they were.
            if c.corpus_resources { fields } else { format!("{fields}|without the corpus's resources") }
        });
        // (Large print reads `true`, as when it was a flag: editions stay what they were.)
        let large = self.print == PrintProfile::Large;
        let described = format!("{:?}|{}|{}|{:?}|{:?}", self.paper, large, self.justify, self.title, clinic);
        // Only when set, so that other handouts' editions stay what they were.
        if self.emergency { format!("{described}|emergency number first") } else { described }
    }
}

/// A built handout or pack.
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
    /// Flesch–Kincaid grade of its text.
    pub grade: Option<f64>,
    /// Short content hash of corpus version and settings, printed in the footer.
    pub edition: String,
    /// Where each outlined heading landed.
    pub anchors: Vec<Anchor>,
    /// Why each page ended where it did.
    pub page_ends: Vec<layout::PageEnd>,
    /// Things worth fixing that did not stop the build (a low-resolution logo).
    pub warnings: Vec<String>,
}

/// What a [`Selection`] chose ([`select`]).
#[derive(Debug)]
pub struct Chosen<'c> {
    /// Its sections, without duplicates, in the order they print.
    pub sections: Vec<&'c Section>,
    /// Its query tells of an emergency as `outreach search` reads it ("overdose will not wake
    /// up", "he's not breathing", a crisis word misspelt: "suicde"), which lists the emergency
    /// number first for it: a document made from it opens its contact block with that number
    /// ([`Settings::emergency`], [`emergency_first`]).
    pub emergency: bool,
}

/// Resolves a selection to sections without duplicates: in the order named when only
/// sections are named, else in corpus order. A section already inside another selected
/// section is not repeated. A query is searched once, for its sections and for whether it
/// tells of an emergency.
pub fn select<'c>(corpus: &'c Corpus, index: Option<&Engine>, sel: &Selection) -> Result<Chosen<'c>> {
    use crate::search::contacts::Order;
    let mut emergency = false;
    let mut ids: BTreeSet<String> = BTreeSet::new();
    for t in &sel.topics {
        ids.extend(corpus.require_topic(t)?);
    }
    let mut named: Vec<&Section> = Vec::new();
    for id in &sel.sections {
        let section = corpus.require_section(id)?;
        if ids.insert(section.id.clone()) {
            named.push(section);
        }
    }
    if let Some(q) = &sel.query {
        if q.trim().is_empty() {
            bail!("`--query` is empty: give it words to search for, or name a topic (see `outreach topics`)");
        }
        let Some(index) = index else { bail!("a query needs the search index") };
        let result = index.search(q, &SearchOptions { limit: 8, topics: Vec::new() })?;
        let top = result.hits.first().map(|h| h.score).unwrap_or(0.0);
        let picked: Vec<_> = result.hits.iter().filter(|h| h.score >= 0.4 * top).collect();
        // A crisis ("suicide") finds no section to print: the numbers to call are said at
        // once, as `outreach search` lists them first.
        if picked.is_empty() && (result.calls || crate::search::contacts::asks_for_contacts(q)) {
            let numbers: Vec<String> = crate::search::contacts::numbers_first(corpus.resources(), true)
                .iter()
                .filter_map(|r| r.phone.as_ref().map(|phone| format!("{} {phone}", r.name)))
                .collect();
            bail!(
                "no section matches the query `{q}`; it asks for someone to call now: {} (a handout on words of an emergency lists them first under \"Where to get help\")",
                numbers.join("; ")
            );
        }
        if picked.is_empty() {
            bail!("no section matches the query `{q}`; try other words or `outreach topics`");
        }
        // In the language of the best answer: a Spanish question printed the English section
        // first and the Spanish one after it, the same text twice under English fixed text.
        let language = |id: &str| corpus.section(id).map(|s| s.language.as_str());
        let best = language(&picked[0].id);
        ids.extend(picked.into_iter().filter(|h| language(&h.id) == best).map(|h| h.id.clone()));
        emergency = Order::of(q, result.calls, false) == Order::Numbers { emergency_first: true };
    }
    if ids.is_empty() {
        bail!("nothing selected: name a topic, a --section or a --query (see `outreach topics`)");
    }
    // Sections named one by one print in the order they are named (a trainer's module lists
    // them in the order they are taught); with a topic or a search, in the corpus's order.
    let mut chosen: Vec<&Section> = if sel.topics.is_empty() && sel.query.is_none() {
        named
    } else {
        corpus.sections().filter(|s| ids.contains(&s.id)).collect()
    };
    let inside: BTreeSet<String> = chosen.iter().flat_map(|s| s.children.iter().cloned()).collect();
    chosen.retain(|s| !inside.contains(&s.id));
    Ok(Chosen { sections: chosen, emergency })
}

/// What heads the contact block of a document made from words of an emergency (`asked`): the
/// corpus's emergency numbers (`emergency = true`); nothing for any other ([`contact_items`]'s
/// `first`).
pub fn emergency_first(corpus: &Corpus, asked: bool) -> Vec<Resource> {
    match asked {
        true => corpus.resources().into_iter().filter(|r| r.emergency).cloned().collect(),
        false => Vec::new(),
    }
}

pub(crate) fn bold(text: &str) -> Span {
    Span { text: text.to_string(), style: Style { bold: true, ..Style::default() } }
}

pub(crate) fn plain(text: &str) -> Span {
    Span { text: text.to_string(), style: Style::default() }
}

/// A phone field's numbers, each a `tel:` link ([`phone`]): "555-0100 or 555-0199" is two
/// links, so a tap on the second number does not dial the first. A field is cut only where
/// every part has a number of its own to dial ("0958, ext. 2140" is one number).
pub(crate) fn phones(field: &str) -> Vec<Span> {
    for separator in [" or ", " o ", " / ", "; ", ", "] {
        let parts: Vec<&str> = field.split(separator).collect();
        if parts.len() > 1 && parts.iter().all(|p| crate::corpus::markdown::has_number_to_dial(p)) {
            let mut spans = Vec::with_capacity(2 * parts.len());
            for (i, part) in parts.iter().enumerate() {
                if i > 0 {
                    spans.push(plain(separator));
                }
                spans.extend(phone(part));
            }
            return spans;
        }
    }
    phone(field)
}

/// A phone number, as a `tel:` link where it can be dialled as written: a phone that opens
/// the PDF calls it with a tap. On paper it reads as the number it is. A note after the number
/// ("555-0142 front desk") is plain text outside the link, and the line may break before it:
/// bound to the number, the two had been too wide for a line and cut at the number's hyphen
/// ("(505) 555 / -0142 front desk").
pub(crate) fn phone(field: &str) -> Vec<Span> {
    let (number, note) = number_and_note(field);
    let text = unbroken_phone(number);
    let mut spans = vec![match crate::corpus::markdown::tel_address(number) {
        Some(tel) => Span { text, style: Style { link: Some(tel), ..Style::default() } },
        None => plain(&text),
    }];
    if let Some(note) = note {
        spans.push(plain(&format!(" {note}")));
    }
    spans
}

/// A phone field's number and the note after it, if any: the note starts at the first word,
/// after one with a digit, that has no digit, starts no extension ("ext. 12") and is inside no
/// brackets ("(1-800-662-HELP)", "(24 hours)" go with the number).
fn number_and_note(field: &str) -> (&str, Option<&str>) {
    let mut seen_digit = false;
    let mut depth = 0usize;
    let mut start = 0;
    // The field parted where its note starts.
    let parted = |at: usize| {
        let (number, note) = field.split_at(at);
        (number.trim_end(), Some(note.trim()).filter(|n| !n.is_empty()))
    };
    for word in field.split(' ') {
        // A bracketed note without a digit after the number: "(front desk)" is no "(1-800-
        // 662-HELP)".
        if seen_digit && depth == 0 && word.starts_with('(') {
            let rest = &field[start..];
            let group = rest.find(')').map_or(rest, |end| &rest[..=end]);
            if !group.chars().any(|c| c.is_ascii_digit()) {
                return parted(start);
            }
        }
        let opens = depth > 0 || word.starts_with('(');
        depth = (depth + word.matches('(').count()).saturating_sub(word.matches(')').count());
        let has_digit = word.chars().any(|c| c.is_ascii_digit());
        if seen_digit
            && !opens
            && !has_digit
            && !word.is_empty()
            && !crate::corpus::markdown::is_extension(word)
        {
            return parted(start);
        }
        seen_digit |= has_digit;
        start += word.len() + 1;
    }
    (field, None)
}

/// A phone number as it must be printed: read as one, so its spaces do not break ("+1 (555) /
/// 010-0123" was set), except before a spelled-out form in brackets ("1-800-662-4357
/// (1-800-662-HELP)") and before an extension ("0958, / ext. 2140"), which may go to the next
/// line whole: too wide for its line, a number read as one had been cut inside "ext.".
pub fn unbroken_phone(number: &str) -> String {
    let mut out = String::with_capacity(number.len() + 8);
    let mut words = number.split(' ').peekable();
    while let Some(word) = words.next() {
        out.push_str(word);
        let Some(next) = words.peek() else { break };
        let spelled = next.starts_with('(') && next.chars().any(char::is_alphabetic);
        let extension = crate::corpus::markdown::is_extension(next) && next.chars().any(char::is_alphabetic);
        out.push(if spelled || extension { ' ' } else { '\u{a0}' });
    }
    out
}

/// Longest part of an address, in characters, kept on one line: it fits the narrowest measure
/// a contact block is set in (a column of two beside a QR code, about 30 characters).
const ADDRESS_PART: usize = 24;

/// A postal address, each comma-separated part of it up to [`ADDRESS_PART`] characters long
/// read as one, so its lines break after a comma ("Springfield / Heights" was set); a longer
/// part breaks at its spaces. A state and ZIP code stay with the city before them
/// ("Portland, OR 97232", not "Portland, / OR 97232").
pub(crate) fn address(text: &str) -> Span {
    let mut parts: Vec<String> = Vec::new();
    for part in text.split(", ") {
        match parts.last_mut() {
            Some(city) if state_and_zip(part) && city.chars().count() + 2 + part.len() <= ADDRESS_PART => {
                city.push_str(",\u{a0}");
                city.push_str(part);
            }
            _ => parts.push(part.to_string()),
        }
    }
    plain(&bind_parts(&parts.join(", "), ", "))
}

/// Whether `part` of an address is a US state's code and a ZIP code ("OR 97232", "NM
/// 87105-1234").
fn state_and_zip(part: &str) -> bool {
    let Some((state, zip)) = part.split_once(' ') else { return false };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let zip_ok = match zip.split_once('-') {
        Some((five, four)) => digits(five, 5) && digits(four, 4),
        None => digits(zip, 5),
    };
    state.len() == 2 && state.bytes().all(|b| b.is_ascii_uppercase()) && zip_ok
}

/// `text` with each part between `separator`s of up to [`ADDRESS_PART`] characters bound by
/// no-break spaces: its lines break between parts ("… 8:00 pm; / Sat 9:00 am – 1:00 pm", not
/// "…; Sat / 9:00 am"); a longer part breaks at its spaces.
fn bind_parts(text: &str, separator: &str) -> String {
    let bind = |part: &str| {
        let short = part.chars().count() <= ADDRESS_PART;
        if short { part.replace(' ', "\u{a0}") } else { part.to_string() }
    };
    text.split(separator).map(bind).collect::<Vec<_>>().join(separator)
}

/// Opening hours as a card sets them: a day a line ("Mon–Fri 8–20; Sat 9–13", or the same
/// written over two lines, prints as two lines), and within a day too long for its line, its
/// days and its times apart ("Monday to Friday, 8:00 to 18:00" breaks only after the comma,
/// not in "Monday to / Friday").
fn bind_hours(hours: &str) -> String {
    let day = |part: &str| {
        if part.chars().count() <= ADDRESS_PART { bind_parts(part, "; ") } else { bind_parts(part, ", ") }
    };
    hours.split("; ").map(day).collect::<Vec<_>>().join("\n")
}

/// A clinic's opening hours as the contact block and a pack's cover print them: labelled, a
/// day a line ([`bind_hours`]), the days after the first under it ([`Item::Field`]).
pub(crate) fn hours_field(hours: &str, l: &Labels) -> Item {
    Item::Field { label: l.hours.into(), spans: vec![plain(&bind_hours(hours))] }
}

pub(crate) fn link(url: &str) -> Span {
    Span { text: url.to_string(), style: Style { link: Some(url.to_string()), ..Style::default() } }
}

/// Link text followed by its address in brackets, unless the text already is the address:
/// on paper a link is only as good as the address printed with it.
pub fn with_addresses(spans: &[Span]) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for (i, span) in spans.iter().enumerate() {
        out.push(span.clone());
        let Some(url) = &span.style.link else { continue };
        // Only addresses a reader can use are printed (and linked); others are dropped, as
        // on the search page.
        if !crate::corpus::markdown::is_safe_link(url) {
            continue;
        }
        let link_ends = spans.get(i + 1).is_none_or(|next| next.style.link.as_ref() != Some(url));
        let shown = url.trim_start_matches("mailto:");
        if link_ends && span.text.trim() != shown {
            out.push(plain(" ("));
            out.push(Span {
                text: shown.to_string(),
                style: Style { link: Some(url.clone()), ..span.style.clone() },
            });
            out.push(plain(")"));
        }
    }
    out
}

/// The items of sections: each heading (anchored as `prefix + id`), paragraphs, lists and
/// subsections. Pagination keeps headings with what follows and splits lists only between
/// items, at least two on each side.
pub fn section_items(sections: &[&Section], anchor_prefix: &str) -> Vec<Item> {
    let mut items = Vec::new();
    for s in sections {
        items.push(Item::Language(Some(s.language.clone())));
        items.push(Item::Heading {
            level: 2,
            text: s.heading.clone(),
            anchor: Some(format!("{anchor_prefix}{}", s.id)),
        });
        for block in &s.blocks {
            match block {
                Block::Heading { level, text, .. } => {
                    let id = format!("{anchor_prefix}{}#{}", s.doc, crate::corpus::slugify(text));
                    let level = 2 + level.saturating_sub(s.level);
                    items.push(Item::Heading { level, text: text.clone(), anchor: Some(id) });
                }
                Block::Paragraph { spans, .. } => items.push(Item::Paragraph(with_addresses(spans))),
                Block::List { start, items: list, nested, .. } => {
                    items.push(Item::ListStart { numbered: start.is_some() });
                    for (i, item) in list.iter().enumerate() {
                        let marker = crate::corpus::markdown::marker(*start, i, 0);
                        items.push(Item::ListItem { marker, spans: with_addresses(item) });
                        for sub in nested.iter().filter(|n| n.item == i) {
                            items.push(Item::ListStart { numbered: sub.start.is_some() });
                            for (k, inner) in sub.items.iter().enumerate() {
                                let marker = crate::corpus::markdown::marker(sub.start, k, 1);
                                items.push(Item::ListItem { marker, spans: with_addresses(inner) });
                            }
                            items.push(Item::ListEnd);
                        }
                    }
                    items.push(Item::ListEnd);
                }
            }
        }
    }
    items.push(Item::Language(None));
    items
}

/// The modules of a QR code of `text` (dark = true, row by row) and its width, without the
/// quiet zone: error correction level M (15 % of the code can be lost), the smallest version
/// that holds it, and the mask pattern that scores best under the standard's penalty rules.
pub fn qr_modules(text: &str) -> Option<(Vec<bool>, usize)> {
    let code = fast_qr::QRBuilder::new(text.as_bytes()).ecl(fast_qr::ECL::M).build().ok()?;
    let modules = code.data[..code.size * code.size].iter().map(|m| m.value()).collect();
    Some((modules, code.size))
}

/// A QR code figure for `url`, with the standard four-module quiet zone.
pub fn qr_figure(url: &str) -> Option<Item> {
    // Encoding tries every mask pattern, which costs more than setting a page of text; the
    // same few addresses (the clinic's, the default resources') recur in every handout a
    // `build` or the server makes, so each is encoded once per process.
    type Modules = Option<(Vec<bool>, usize)>;
    static CODES: std::sync::Mutex<BTreeMap<String, Modules>> = std::sync::Mutex::new(BTreeMap::new());
    let encode = || {
        let (modules, inner) = qr_modules(url)?;
        let width = inner + 8;
        let mut dark = vec![false; width * width];
        for y in 0..inner {
            dark[(y + 4) * width + 4..][..inner].copy_from_slice(&modules[y * inner..][..inner]);
        }
        Some((dark, width))
    };
    let cached = CODES.lock().ok().and_then(|codes| codes.get(url).cloned());
    let (dark, width) = match cached {
        Some(code) => code?,
        None => {
            let code = encode();
            if let Ok(mut codes) = CODES.lock() {
                codes.insert(url.to_string(), code.clone());
            }
            code?
        }
    };
    Some(Item::Figure(Figure::Qr { url: url.to_string(), dark, width, size: QR_SIZE }))
}

/// Whether `text` names a resource: its name, without a closing note in brackets
/// ("Behavioral Health Treatment Services Locator (SAMHSA)"), appears in it.
fn named_in(name: &str, text: &str) -> bool {
    let short = match name.trim_end().strip_suffix(')').and_then(|n| n.rfind(" (").map(|i| &n[..i])) {
        Some(short) if !short.trim().is_empty() => short.trim(),
        _ => name.trim(),
    };
    !short.is_empty() && text.contains(short)
}

/// A figure set at the right margin, beside the text that follows.
fn beside(item: Item) -> Item {
    match item {
        Item::Figure(f) => Item::SideFigure(f),
        other => other,
    }
}

/// The contact block, kept whole: the clinic (logo, name, address, phone, hours, website with
/// a QR code) and its local resources, or else the corpus's default resources. `sections` are
/// what the document prints: a corpus resource their text names is listed with a clinic too.
///
/// `first` (the emergency number, for a handout that answers words of an emergency) heads the
/// block, before the clinic.
pub fn contact_items(
    clinic: Option<&Clinic>,
    defaults: &[Resource],
    language: &str,
    sections: &[&Section],
    first: &[Resource],
) -> (Vec<Item>, Vec<Image>) {
    let l = labels(language);
    let mut items = vec![
        Item::KeepWholeStart,
        Item::Heading { level: 2, text: l.help.into(), anchor: Some("contact".into()) },
    ];
    for r in first {
        items.extend(resource_entry(r, l));
    }
    let mut images = Vec::new();
    let resources: Vec<Resource> = match clinic {
        Some(c) => {
            // The clinic's own entries in the language they are written in, with its labels.
            let own = c.language.as_deref().filter(|lang| *lang != language);
            let l = own.map_or(l, labels);
            if let Some(lang) = own {
                items.push(Item::Language(Some(lang.to_string())));
            }
            items.push(Item::EntryStart);
            if let (Some(logo), Some((width, height))) = (&c.logo_image, c.logo_size()) {
                images.push(logo.clone());
                // Beside the name where the measure leaves room (one column), else above it.
                items.push(Item::LeadFigure(Figure::Image { id: 0, width, height }));
            }
            if let Some(url) = &c.website {
                items.extend(qr_figure(url).map(beside));
            }
            items.push(Item::Paragraph(vec![bold(&c.name)]));
            if let Some(a) = &c.address {
                // Written over several lines, it prints as written, a line each (a line too long
                // for the measure breaking as an address does).
                let printed = match c.address_lines.as_slice() {
                    [] => address(a),
                    lines => plain(&lines.iter().map(|l| address(l).text).collect::<Vec<_>>().join("\n")),
                };
                items.push(Item::Paragraph(vec![printed]));
            }
            if let Some(p) = &c.phone {
                items.push(Item::Paragraph([vec![plain(l.phone)], phones(p)].concat()));
            }
            if let Some(h) = &c.hours {
                items.push(hours_field(h, l));
            }
            if let Some(url) = &c.website {
                items.push(Item::Paragraph(vec![plain(l.web), link(url)]));
            }
            items.push(Item::KeepEnd);
            for r in &c.resources {
                items.extend(resource_entry(r, l));
            }
            if own.is_some() {
                items.push(Item::Language(None));
            }
            // The corpus's services that answer the phone (a helpline for when the clinic is
            // closed), each name once. A locator of treatment centres is left out, the clinic
            // being where this patient is treated, unless the text sends the reader to it: then
            // it is how to act on that sentence.
            let mut listed: Vec<Resource> = Vec::new();
            if c.corpus_resources {
                let text: String = sections.iter().map(|s| s.plain_text()).collect::<Vec<_>>().join("\n");
                for d in defaults.iter().filter(|d| d.phone.is_some() || named_in(&d.name, &text)) {
                    if !listed.iter().chain(&c.resources).any(|r| r.name == d.name) {
                        listed.push(d.clone());
                    }
                }
            }
            listed
        }
        None => defaults.to_vec(),
    };
    for r in &resources {
        // An entry borrowed from a document in another language is marked as in it, and
        // labelled in it, as a clinic's own entries are.
        match r.language.as_deref().filter(|lang| *lang != language) {
            Some(lang) => {
                items.push(Item::Language(Some(lang.to_string())));
                items.extend(resource_entry(r, labels(lang)));
                items.push(Item::Language(None));
            }
            None => items.extend(resource_entry(r, l)),
        }
    }
    items.push(Item::KeepEnd);
    if items.len() == 3 {
        return (Vec::new(), images);
    }
    (items, images)
}

/// One service's entry in the contact block: its QR code, name and description, phone and
/// web address, labelled in `l`'s language.
fn resource_entry(r: &Resource, l: &Labels) -> Vec<Item> {
    let mut items = vec![Item::EntryStart];
    if let Some(u) = &r.url {
        items.extend(qr_figure(u).map(beside));
    }
    let mut spans = vec![bold(&r.name)];
    if let Some(d) = &r.description {
        spans.push(plain(&format!(" — {d}")));
    }
    items.push(Item::Paragraph(spans));
    if let Some(p) = &r.phone {
        items.push(Item::Paragraph([vec![plain(l.phone)], phones(p)].concat()));
    }
    if let Some(u) = &r.url {
        items.push(Item::Paragraph(vec![plain(l.web), link(u)]));
    }
    items.push(Item::KeepEnd);
    items
}

/// Checks that the font can draw every character; names the character and where it is
/// (`file:line`, and the section), from the documents in `corpus`.
pub fn check_glyphs(corpus: &Corpus, sections: &[&Section], extra: &[String]) -> Result<()> {
    let f = fonts();
    for s in sections {
        let path = corpus.documents.iter().find(|d| d.meta.id == s.doc).map(|d| d.path.as_path());
        if let Some((c, line)) = unprintable(s, path, false) {
            let at = path.map(|p| format!("{}:{line}: ", p.display())).unwrap_or_default();
            bail!(
                "{at}the character `{c}` (U+{:04X}) in section `{}` is not in the handout font (Atkinson Hyperlegible); replace or remove it",
                c as u32,
                s.id
            );
        }
    }
    for text in extra {
        if let Some(c) = f.missing(FontStyle::Regular, text) {
            // Titles, sources and resources come from a document's front matter.
            let at = corpus
                .documents
                .iter()
                .find_map(|d| {
                    front_matter_line(&d.path, c).map(|line| format!("{}:{line}: ", d.path.display()))
                })
                .unwrap_or_default();
            bail!("{at}the character `{c}` (U+{:04X}) in `{text}` is not in the handout font", c as u32);
        }
    }
    Ok(())
}

/// The first line of the front matter of the document at `path` with character `c` in it.
pub fn front_matter_line(path: &Path, c: char) -> Option<usize> {
    let text = crate::source::read_text(path, crate::source::MAX_DOCUMENT)?;
    let mut lines = text.lines().enumerate();
    lines.next().filter(|(_, l)| l.trim() == "+++")?;
    lines.take_while(|(_, l)| l.trim() != "+++").find(|(_, l)| l.contains(c)).map(|(i, _)| i + 1)
}

/// The first character of section `s` (its own text only with `own`, else with its
/// subsections') that the handout font cannot draw, and the line it is on in `path`, the
/// section's document (the line its block starts on when the file cannot be read again).
pub fn unprintable(s: &Section, path: Option<&Path>, own: bool) -> Option<(char, usize)> {
    let missing = |t: &str| fonts().missing_in_either(t);
    let blocks = if own { &s.blocks[..s.own_blocks] } else { &s.blocks[..] };
    let (c, from) = std::iter::once((missing(&s.heading), s.line))
        .chain(blocks.iter().map(|b| (missing(&b.plain_text()), b.line())))
        .find_map(|(c, line)| c.map(|c| (c, line)))?;
    let text =
        path.and_then(|p| crate::source::read_text(p, crate::source::MAX_DOCUMENT)).unwrap_or_default();
    let exact = text.lines().enumerate().skip(from.saturating_sub(1)).find(|(_, l)| l.contains(c));
    Some((c, exact.map_or(from, |(i, _)| i + 1)))
}

/// The documents the sections come from, in corpus order.
pub fn documents_of<'c>(corpus: &'c Corpus, sections: &[&Section]) -> Vec<&'c Document> {
    let ids: BTreeSet<&str> = sections.iter().map(|s| s.doc.as_str()).collect();
    corpus.documents.iter().filter(|d| ids.contains(d.meta.id.as_str())).collect()
}

/// The language of a printout (its fixed text: cover, contents, footers, "Where to get help"):
/// its first section's, the language it opens in. (The first of its documents in the corpus's
/// file order had decided it: a pack of two English modules and a Spanish one had a Spanish
/// cover, contents and footers because the Spanish file's name sorted first.)
pub fn language_of<'a, 's: 'a>(sections: impl IntoIterator<Item = &'a &'s Section>) -> String {
    sections.into_iter().next().map_or_else(|| "en".into(), |s| s.language.clone())
}

/// Footer lines: each source with its review date, then the medical disclaimer, in the
/// printout's language.
pub fn footer(docs: &[&Document], language: &str) -> Vec<String> {
    let l = labels(language);
    let mut lines: Vec<String> = Vec::new();
    for d in docs {
        let line = l.source_line(&d.meta.source, &d.meta.reviewed);
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    lines.push(l.disclaimer.into());
    lines
}

/// A short hash naming what a printout is made of: the documents it draws on (`drawn`, in the
/// corpus's order; not the synonym table, since search does not print), the settings and the
/// content chosen. A document it does not draw on, added or edited, leaves it as it was.
pub fn edition(drawn: &[&Document], settings: &Settings, content: &str) -> String {
    let mut h = blake3::Hasher::new();
    h.update(crate::corpus::documents_fingerprint(drawn).as_bytes());
    h.update(settings.describe().as_bytes());
    h.update(content.as_bytes());
    h.finalize().to_hex()[..8].to_string()
}

/// Reading grade of the sections' text together, each language by its own formula (a Spanish
/// section in an English pack), averaged over their words.
pub fn sections_grade(sections: &[&Section]) -> Option<f64> {
    let mut by_language: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for s in sections {
        by_language.entry(s.language.as_str()).or_default().push(s.plain_text());
    }
    let (mut weighted, mut words) = (0.0, 0usize);
    for (language, texts) in &by_language {
        let text = texts.join("\n");
        if let Some((g, n)) = readability::grade_and_words(&text, language) {
            weighted += g * n as f64;
            words += n;
        }
    }
    (words > 0).then(|| (weighted / words as f64 * 10.0).round() / 10.0)
}

/// What every printed document (handout or pack) draws from the corpus besides its items:
/// the documents its sections come from, their resources, footer and language, and the
/// sections' topics as keywords.
pub struct Sources<'c> {
    /// The documents the sections come from.
    pub docs: Vec<&'c Document>,
    /// The documents printed from, in the corpus's order: `docs`, and those whose resources it
    /// borrows when they list none (see [`edition`]).
    pub drawn: Vec<&'c Document>,
    /// Their resources, the contact block when no clinic is given.
    pub defaults: Vec<Resource>,
    /// Footer lines: sources and disclaimer.
    pub footer: Vec<String>,
    /// The language of the documents.
    pub language: String,
    /// The sections' topics, sorted, for the PDF's keywords.
    pub keywords: Vec<String>,
}

impl<'c> Sources<'c> {
    /// Gathers the sources of `sections` and checks every string that will be printed (the
    /// sections, footer, resources and `printed`, the document's own titles) against the font.
    pub fn gather(corpus: &'c Corpus, sections: &[&Section], printed: &[String]) -> Result<Sources<'c>> {
        let docs = documents_of(corpus, sections);
        // Not the emergency number: a search that tells of an emergency shows it first, and a
        // handout, read at leisure, keeps its sheet for the services that help with its topic
        // (one made from words of an emergency has it put first: `Settings::emergency`).
        // Each service once, however many of the documents list it; a document that lists
        // none borrows the corpus's, so no handout goes without a way to get help.
        let language = language_of(sections);
        let from = |d: &'c Document| d.meta.resources.iter().map(move |r| (r, d.meta.language.as_str()));
        let mut listed: Vec<(&Resource, &str)> = docs.iter().flat_map(|d| from(d)).collect();
        let borrows = listed.is_empty();
        if borrows {
            listed = corpus.documents.iter().flat_map(from).collect();
        }
        let drawn = corpus
            .documents
            .iter()
            .filter(|d| {
                docs.iter().any(|o| std::ptr::eq(*o, *d)) || (borrows && !d.meta.resources.is_empty())
            })
            .collect();
        // A service two documents list in two languages (the helpline as "SAMHSA's National
        // Helpline" and "Línea Nacional de Ayuda"): the same number or address is the same
        // service, printed once, as the printout's own language lists it where one does.
        listed.sort_by_key(|(_, lang)| *lang != language);
        let mut defaults: Vec<Resource> = Vec::new();
        for (r, lang) in listed.into_iter().filter(|(r, _)| !r.emergency) {
            if !defaults.iter().any(|seen| seen.same_service(r)) {
                let language = (lang != language).then(|| lang.to_string());
                defaults.push(Resource { language, ..r.clone() });
            }
        }
        let footer = footer(&docs, &language);
        let mut extra = footer.clone();
        extra.extend(printed.iter().cloned());
        for r in &defaults {
            extra.extend(
                [Some(r.name.clone()), r.description.clone(), r.phone.clone(), r.url.clone()]
                    .into_iter()
                    .flatten(),
            );
        }
        check_glyphs(corpus, sections, &extra)?;
        let mut keywords: Vec<String> = sections.iter().flat_map(|s| s.topics.iter().cloned()).collect();
        keywords.sort();
        keywords.dedup();
        Ok(Sources { docs, drawn, defaults, footer, language, keywords })
    }

    /// The frame of a document with these sources.
    pub fn frame<'s>(
        &self,
        title: &str,
        subject: String,
        edition: &str,
        settings: &'s Settings,
        images: Vec<Image>,
    ) -> Frame<'s> {
        Frame {
            title: title.to_string(),
            subject,
            keywords: self.keywords.clone(),
            language: self.language.clone(),
            footer: self.footer.clone(),
            part_languages: {
                let mut others: Vec<String> = self
                    .docs
                    .iter()
                    .map(|d| d.meta.language.clone())
                    .filter(|l| *l != self.language)
                    .collect();
                others.sort();
                others.dedup();
                others
            },
            edition: edition.to_string(),
            settings,
            images,
            two_columns: false,
        }
    }
}

impl Handout {
    /// The finished document: its bytes and what its layout says about it.
    pub fn new(
        (bytes, laid): (Vec<u8>, layout::Layout),
        sections: &[&Section],
        title: &str,
        edition: String,
        settings: &Settings,
    ) -> Handout {
        Handout {
            bytes,
            pages: laid.pages.len(),
            sections: sections.iter().map(|s| s.id.clone()).collect(),
            title: title.to_string(),
            grade: sections_grade(sections),
            edition,
            page_ends: laid.pages.iter().map(|p| p.end).collect(),
            // A lead-in whose list the source lost prints a promise the page does not keep;
            // said once however many modules of a pack print its section.
            warnings: {
                let mut said = Vec::new();
                let clinic = settings.clinic.as_ref();
                let header = clinic.and_then(|c| c.header_warning(header_printed(&laid)?));
                // (On the last page: the layout avoids it wherever the block fits.)
                let tail =
                    clinic.filter(|_| laid.tail_alone).map(|c| c.contact_tail_warning(laid.pages.len()));
                let found = clinic.and_then(Clinic::logo_warning).into_iter().chain(header).chain(tail);
                for w in found.chain(sections.iter().flat_map(|s| lead_ins_without_list(s))) {
                    if !said.contains(&w) {
                        said.push(w);
                    }
                }
                said
            },
            anchors: laid.anchors,
        }
    }
}

/// The clinic's name as the running headers print it at their most cut (a page with a title
/// beside the name cuts it more than one without), if there is a header.
fn header_printed(laid: &layout::Layout) -> Option<&str> {
    laid.pages.iter().filter_map(page_header).min_by_key(|h| h.chars().count())
}

/// The clinic's name as `page`'s running header prints it: its top line of furniture, the
/// line's first run.
fn page_header(page: &layout::Page) -> Option<&str> {
    let lines = page.lines.iter().filter(|l| l.role == layout::Role::Artifact);
    let top = lines.min_by(|a, b| a.y.total_cmp(&b.y))?;
    Some(top.runs.first()?.text.as_str())
}

/// The lead-ins of `s`'s own text that promise a list that is not there, as a handout of it
/// warns of them: "section `…#relapse`, line 226: `The following can help you …` ends with
/// `:` but no list follows it".
fn lead_ins_without_list(s: &Section) -> Vec<String> {
    s.lead_ins_without_list()
        .into_iter()
        .map(|(line, text)| {
            format!(
                "section `{}`, line {line}: `{}` ends with `:` but no list follows it (`outreach check` lists what the corpus needs)",
                s.id,
                crate::corpus::markdown::text_start(&text)
            )
        })
        .collect()
}

/// Everything a document needs besides its items.
pub struct Frame<'a> {
    /// Title (PDF metadata).
    pub title: String,
    /// Subject (PDF metadata).
    pub subject: String,
    /// Keywords (PDF metadata).
    pub keywords: Vec<String>,
    /// Language code.
    pub language: String,
    /// Footer lines.
    pub footer: Vec<String>,
    /// Languages of parts other than `language` ([`layout::Options::part_languages`]).
    pub part_languages: Vec<String>,
    /// Edition stamp.
    pub edition: String,
    /// Settings.
    pub settings: &'a Settings,
    /// Pictures the items refer to.
    pub images: Vec<Image>,
    /// Standard print may be set in two columns of smaller type when that saves a sheet
    /// (handouts; a pack keeps one column).
    pub two_columns: bool,
}

/// Checks every string that reached a page or the PDF's metadata against the font: the last
/// guard against a blank box, whatever path the text took. Names the character and where.
pub fn check_printed(laid: &layout::Layout, meta: &pdf::Metadata) -> Result<()> {
    let f = fonts();
    for (n, page) in laid.pages.iter().enumerate() {
        for run in page.lines.iter().flat_map(|l| l.runs.iter()) {
            if let Some(c) = f.missing(run.style, &run.text) {
                bail!(
                    "the character `{c}` (U+{:04X}) in `{}` on page {} is not in the handout font",
                    c as u32,
                    run.text,
                    n + 1
                );
            }
        }
    }
    let fields = [("title", &meta.title), ("subject", &meta.subject), ("author", &meta.author)];
    for (field, text) in fields.into_iter().chain(meta.keywords.iter().map(|k| ("keywords", k))) {
        if let Some(c) = f.missing(FontStyle::Regular, text) {
            bail!(
                "the character `{c}` (U+{:04X}) in the PDF {field} `{text}` is not in the handout font",
                c as u32
            );
        }
    }
    Ok(())
}

/// Lays out items and writes the PDF.
pub fn render(items: &[Item], frame: &Frame) -> Result<(Vec<u8>, layout::Layout)> {
    let opts = layout::Options {
        page: frame.settings.paper.spec(),
        profile: frame.settings.profile(),
        justify: frame.settings.justify,
        language: frame.language.clone(),
        footer: frame.footer.clone(),
        part_languages: frame.part_languages.clone(),
        // The source lines head the first page's footer; the disclaimer is on every page.
        footer_first: frame.footer.len().saturating_sub(1),
        edition: Some(frame.edition.clone()),
        running_title: Some(frame.title.clone()),
        header: frame.settings.clinic.as_ref().map(|c| c.header_name().to_string()),
        columns: 1,
        two_columns: (frame.two_columns && frame.settings.print == PrintProfile::Standard)
            .then_some(layout::Profile::TWO_COLUMNS),
        tight_contents: false,
        hyphenate: false,
    };
    let laid = layout::layout(items, &opts);
    let meta = pdf::Metadata {
        title: frame.title.clone(),
        subject: frame.subject.clone(),
        keywords: frame.keywords.clone(),
        author: frame.settings.clinic.as_ref().map(|c| c.name.clone()).unwrap_or_default(),
        created: frame.settings.created,
        language: frame.language.clone(),
    };
    check_printed(&laid, &meta)?;
    Ok((pdf::render(&laid, &meta, &frame.images), laid))
}

/// A topic's display title: the corpus's, else the tag with its first letter capitalised.
pub fn topic_title(corpus: &Corpus, topic: &str) -> String {
    if let Some(t) = corpus.topic_title(topic) {
        return t.to_string();
    }
    let mut t = topic.replace('-', " ");
    if let Some(first) = t.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    t
}

/// The handout's title (H1 and PDF title) and the line beneath it. A topic handout is titled
/// with its topics' display titles and carries the document title beneath, so handouts on
/// different topics of one document cannot be mistaken for each other; a one-section handout
/// is titled with the section's heading, the document title beneath.
pub fn titles(
    corpus: &Corpus,
    sections: &[&Section],
    topics: &[String],
    explicit: Option<&str>,
) -> (String, Option<String>) {
    let doc_title = match documents_of(corpus, sections).as_slice() {
        [one] => one.meta.title.clone(),
        _ => labels(&language_of(sections)).handout.to_string(),
    };
    match (explicit, topics) {
        (Some(t), []) => (t.to_string(), None),
        (Some(t), _) => (t.to_string(), Some(doc_title)),
        // One section is what the handout is about: its heading is the title.
        (None, []) if sections.len() == 1 => (sections[0].heading.clone(), Some(doc_title)),
        (None, []) => (doc_title, None),
        (None, _) => {
            // Named in the order the handout prints them: by where each topic's first section
            // stands, which is the corpus's order, not the order they were asked for.
            let mut ordered: Vec<&String> = topics.iter().collect();
            ordered.sort_by_key(|t| sections.iter().position(|s| s.topics.contains(t)).unwrap_or(usize::MAX));
            let names: Vec<String> = ordered.into_iter().map(|t| topic_title(corpus, t)).collect();
            (names.join(" · "), Some(doc_title))
        }
    }
}

/// Builds a handout PDF from sections already selected.
#[tracing::instrument(level = "debug", name = "build the handout", skip_all)]
pub fn build(
    corpus: &Corpus,
    sections: &[&Section],
    topics: &[String],
    settings: &Settings,
) -> Result<Handout> {
    if sections.is_empty() {
        bail!("a handout needs at least one section");
    }
    let (title, subtitle) = titles(corpus, sections, topics, settings.title.as_deref());
    let printed: Vec<String> = std::iter::once(title.clone()).chain(subtitle.clone()).collect();
    let sources = Sources::gather(corpus, sections, &printed)?;

    let mut items = vec![Item::Title { text: title.clone(), subtitle }];
    let mut body = section_items(sections, "");
    // A section whose heading is the title is not headed again under it, and its own
    // subsections move up a level: an H3 straight under the H1 skips a level, which PDF/UA
    // forbids (Matterhorn 14-003).
    if let [Item::Language(_), Item::Heading { level: 2, text, .. }, ..] = body.as_slice()
        && *text == title
    {
        body.remove(1);
        for item in body.iter_mut().skip(1).take_while(|i| !matches!(i, Item::Language(_))) {
            if let Item::Heading { level, .. } = item {
                *level = level.saturating_sub(1).max(2);
            }
        }
    }
    items.extend(body);
    let first = emergency_first(corpus, settings.emergency);
    let (contact, images) =
        contact_items(settings.clinic.as_ref(), &sources.defaults, &sources.language, sections, &first);
    items.extend(contact);
    let ids: Vec<String> = sections.iter().map(|s| s.id.clone()).collect();
    let edition = edition(&sources.drawn, settings, &format!("handout|{title}|{}", ids.join(",")));
    let subject = sections.iter().map(|s| s.heading.as_str()).collect::<Vec<_>>().join(", ");
    let frame = Frame { two_columns: true, ..sources.frame(&title, subject, &edition, settings, images) };
    Ok(Handout::new(render(&items, &frame)?, sections, &title, edition, settings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_and_zip_code_stay_with_the_city() {
        let tied = |a: &str| address(a).text.replace('\u{a0}', "~");
        assert_eq!(
            tied("2201 Calle Central SW, Albuquerque, NM 87105"),
            "2201~Calle~Central~SW, Albuquerque,~NM~87105"
        );
        assert_eq!(tied("1 Quay, Portland, OR 97232-1234"), "1~Quay, Portland,~OR~97232-1234");
        // Not a state and ZIP, or too long to keep on a line with its city.
        assert_eq!(tied("Flat 2, Leeds, LS1 4AP"), "Flat~2, Leeds, LS1~4AP");
        assert_eq!(tied("Springfield Heights Township, IL 62704"), "Springfield Heights Township, IL~62704");
    }

    fn qr(url: &str) -> (Vec<bool>, usize) {
        match qr_figure(url) {
            Some(Item::Figure(Figure::Qr { dark, width, .. })) => (dark, width),
            _ => panic!("no QR code for {url}"),
        }
    }

    #[test]
    fn each_number_of_a_phone_field_dials_itself() {
        let links = |field: &str| -> Vec<(String, Option<String>)> {
            phones(field).into_iter().map(|s| (s.text.replace('\u{a0}', " "), s.style.link)).collect()
        };
        let tel = |t: &str| Some(t.to_string());
        assert_eq!(
            links("555 0100 or 555 0101"),
            [
                ("555 0100".into(), tel("tel:5550100")),
                (" or ".into(), None),
                ("555 0101".into(), tel("tel:5550101"))
            ]
        );
        // The note in brackets after the second number is plain text, outside its link.
        assert_eq!(
            links("555-0100 / 555-0199 (after hours)"),
            [
                ("555-0100".into(), tel("tel:5550100")),
                (" / ".into(), None),
                ("555-0199".into(), tel("tel:5550199")),
                (" (after hours)".into(), None)
            ]
        );
        // One number with its extension, or its spelled-out form, is one link.
        assert_eq!(
            links("+44 20 7946 0958, ext. 2140"),
            [("+44 20 7946 0958, ext. 2140".into(), tel("tel:+442079460958;ext=2140"))]
        );
        assert_eq!(links("1-800-662-4357 (1-800-662-HELP)").len(), 1);
    }

    #[test]
    fn opening_hours_of_several_days_break_between_days() {
        let hours = bind_parts(
            "Mon–Fri 8:00 am – 8:00 pm; Sat 9:00 am – 1:00 pm; Closed Sundays and public holidays",
            "; ",
        );
        let days: Vec<&str> = hours.split("; ").collect();
        assert_eq!(days[1], "Sat\u{a0}9:00\u{a0}am\u{a0}–\u{a0}1:00\u{a0}pm", "a day's hours are one");
        assert!(days[2].contains(' '), "a part longer than {ADDRESS_PART} characters still breaks: {hours}");
        // A day a line; a day too long to keep whole breaks between its days and its times,
        // not inside them.
        let hours = bind_hours("Monday to Friday, 8:00 to 18:00; Saturday 9:00 to 13:00");
        assert_eq!(
            hours,
            "Monday\u{a0}to\u{a0}Friday, 8:00\u{a0}to\u{a0}18:00\nSaturday\u{a0}9:00\u{a0}to\u{a0}13:00"
        );
        assert_eq!(
            bind_hours("Monday to Friday, 9:00 to 17:00"),
            "Monday\u{a0}to\u{a0}Friday, 9:00\u{a0}to\u{a0}17:00"
        );
    }

    #[test]
    fn the_longest_address_a_qr_code_holds_is_the_one_clinic_files_allow() {
        let address = |n: usize| format!("https://example.org/{}", "a".repeat(n - 20));
        assert!(qr_modules(&address(crate::corpus::QR_MAX_BYTES)).is_some());
        assert!(qr_modules(&address(crate::corpus::QR_MAX_BYTES + 1)).is_none());
    }

    #[test]
    fn a_phone_number_is_printed_unbroken_but_its_spelled_form_and_extension_may_go_on() {
        // The extension may go to the next line, whole: too wide for its line, the number had
        // been cut inside "ext." ("ex / t. 2140").
        assert_eq!(
            unbroken_phone("+1 (555) 010-0123 ext. 4567"),
            "+1\u{a0}(555)\u{a0}010-0123 ext.\u{a0}4567"
        );
        assert_eq!(
            unbroken_phone("+44 20 7946 0958, ext. 2140"),
            "+44\u{a0}20\u{a0}7946\u{a0}0958, ext.\u{a0}2140"
        );
        assert_eq!(unbroken_phone("555-0100 x12"), "555-0100 x12");
        assert_eq!(unbroken_phone("555-0100 x 12"), "555-0100 x\u{a0}12");
        assert_eq!(unbroken_phone("1-800-662-4357 (1-800-662-HELP)"), "1-800-662-4357 (1-800-662-HELP)");
        assert_eq!(unbroken_phone("555-0100"), "555-0100");
        // The dialled address is the number's, whatever the printed spaces.
        let spans = phone("+1 (555) 010-0123 ext. 4567");
        assert_eq!(spans.len(), 1);
        assert_eq!(spans[0].style.link.as_deref(), Some("tel:+15550100123;ext=4567"));
        // A note after the number is plain text the line may break before: bound to the number,
        // "(505) 555-0142 front desk" had been cut at the number's hyphen.
        let spans = phone("(505) 555-0142 front desk");
        assert_eq!(spans[0].text, "(505)\u{a0}555-0142");
        assert_eq!(spans[0].style.link.as_deref(), Some("tel:5055550142"));
        assert_eq!((spans[1].text.as_str(), spans[1].style.link.is_none()), (" front desk", true));
        for kept in
            ["1-800-662-4357 (1-800-662-HELP)", "555 0100 (24 hours)", "555-0100 ext. 12", "555-0100 x12"]
        {
            assert_eq!(number_and_note(kept), (kept, None), "{kept}");
        }
        assert_eq!(number_and_note("555-0100 ext. 12 reception"), ("555-0100 ext. 12", Some("reception")));
        // A note in brackets, without a digit, is a note too: it had been blue and in the link.
        assert_eq!(
            number_and_note("(505) 555-0142 ext. 2140 (front desk)"),
            ("(505) 555-0142 ext. 2140", Some("(front desk)"))
        );
        assert_eq!(
            number_and_note("(505) 555-0142 (ask for Maria)"),
            ("(505) 555-0142", Some("(ask for Maria)"))
        );
    }

    #[test]
    fn qr_codes_are_remembered_per_address() {
        let a = qr("https://findtreatment.gov");
        let b = qr("https://example.org/clinic/hours");
        assert_ne!(a, b, "two addresses share a code");
        assert_eq!(qr("https://findtreatment.gov"), a, "a remembered code changed");
        // The remembered modules are a fresh encoding's, inside the quiet zone.
        let (modules, inner) = qr_modules("https://example.org/clinic/hours").unwrap();
        assert_eq!(b.1, inner + 8);
        for y in 0..inner {
            for x in 0..inner {
                assert_eq!(b.0[(y + 4) * b.1 + x + 4], modules[y * inner + x], "module {x},{y}");
            }
        }
        assert!((0..b.1).all(|i| !b.0[i] && !b.0[(b.1 - 1) * b.1 + i]), "the quiet zone is light");
    }

    #[test]
    fn qr_codes_read_back_as_their_text() {
        // What a phone's camera does: find the code in a picture of it and decode it.
        for text in
            ["https://findtreatment.gov", "tel:+18006624357", "https://example.org/clinic/hours?day=mon"]
        {
            let (dark, width) = qr(text);
            let scale = 4;
            let mut picture =
                rqrr::PreparedImage::prepare_from_greyscale(width * scale, width * scale, |x, y| {
                    if dark[(y / scale) * width + x / scale] { 0 } else { 255 }
                });
            let grids = picture.detect_grids();
            assert_eq!(grids.len(), 1, "{text}: one code found");
            let (_, content) = grids[0].decode().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(content, text);
        }
    }
}
