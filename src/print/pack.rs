//! Course packs for trainers: a spec file names modules, each a selection of sections; the
//! pack is a booklet with a cover, a table of contents with page numbers, one chapter per
//! module (its title in the running header), a nested outline (module → section) and the
//! contact block.
//!
//! ```toml
//! title = "Volunteer briefing"
//! audience = "New outreach volunteers"
//! clinic = "../clinic.toml"        # optional, relative to the spec
//! profile = "standard"             # or "large"
//! paper = "letter"                 # letter | a4 | any
//! modules_on_new_page = false      # true: every module starts a page (default: only when
//!                                  # less than a third of the page is left)
//!
//! [[module]]
//! title = "Recognising the signs"
//! topics = ["signs"]               # and/or sections = [...], query = "..."
//! ```

use anyhow::{Result, bail};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::corpus::markdown::Span;
use crate::corpus::{Corpus, Resource, Section};
use crate::print::clinic::Clinic;
use crate::print::handout::{self, Handout, Paper, PrintProfile, Selection, Settings, Sources};
use crate::print::layout::Item;
use crate::search::Engine;
use crate::source::SourceError;
use crate::toml_file::Mistaken;

/// One module of a pack.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModuleSpec {
    /// Module title. Required; read as empty when left out, so that [`PackSpec::load_with_rest`]
    /// tells it with the spec's other mistakes instead of stopping at it.
    #[serde(default)]
    pub title: String,
    /// Section ids.
    #[serde(default)]
    pub sections: Vec<String>,
    /// Topics whose sections go in.
    #[serde(default)]
    pub topics: Vec<String>,
    /// A query whose best sections go in.
    #[serde(default)]
    pub query: Option<String>,
}

impl ModuleSpec {
    /// Whether it names no topic, no section and no query (a mistake its spec is refused for).
    pub fn selects_nothing(&self) -> bool {
        self.topics.is_empty()
            && self.sections.is_empty()
            && self.query.as_deref().is_none_or(|q| q.trim().is_empty())
    }
}

/// A pack spec file.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    /// Title on the cover. Required, and read as [`ModuleSpec::title`] is.
    #[serde(default)]
    pub title: String,
    /// Who it is for, on the cover.
    #[serde(default)]
    pub audience: Option<String>,
    /// Clinic file, relative to the spec.
    #[serde(default)]
    pub clinic: Option<PathBuf>,
    /// Print profile.
    #[serde(default)]
    pub profile: PrintProfile,
    /// Paper size.
    #[serde(default)]
    pub paper: Paper,
    /// Start every module on a new page. By default a module starts a new page only when less
    /// than a third of the page is left.
    #[serde(default)]
    pub modules_on_new_page: bool,
    /// The modules, in order.
    #[serde(rename = "module")]
    pub modules: Vec<ModuleSpec>,
}

impl PackSpec {
    /// Reads a spec; errors name the file and line.
    pub fn load(path: &Path) -> Result<PackSpec> {
        Self::load_with_rest(path).map_err(|m| m.error)
    }

    /// [`PackSpec::load`], with the rest of a spec whose mistakes are in keys or values
    /// (`paper = "legal"`) or that are in what TOML cannot check (an empty title, a module that
    /// selects nothing), so that the mistakes in its modules can be told with them.
    pub fn load_with_rest(path: &Path) -> std::result::Result<PackSpec, Mistaken<PackSpec>> {
        let read = crate::toml_file::load_with_rest(path, "pack spec");
        let (spec, mut told, left_out): (PackSpec, _, _) = match read {
            Ok(spec) => (spec, Vec::new(), Vec::new()),
            Err(Mistaken { error, rest: Some(rest), left_out }) => {
                (*rest, vec![format!("{error:#}")], left_out)
            }
            Err(mistaken) => return Err(mistaken),
        };
        let (spec, mistakes) = Self::checked(path, spec, &left_out);
        told.extend(mistakes.iter().map(ToString::to_string));
        if told.is_empty() {
            return Ok(spec);
        }
        let error = crate::toml_file::in_file_order(path, &told);
        Err(Mistaken { error, rest: Some(Box::new(spec)), left_out })
    }

    /// `spec`, read from `path`, with its printed text's spaces made plain and its topics
    /// written as topics are, and every mistake TOML cannot tell in it (no modules, an empty
    /// title, text the font cannot print, a module that selects nothing), each at its line.
    /// A module one of whose lines the TOML reader left out (`left_out`, told already: `topic =`
    /// misspelt) is not told again for selecting nothing.
    fn checked(path: &Path, mut spec: PackSpec, left_out: &[usize]) -> (PackSpec, Vec<SourceError>) {
        // Printed text: every kind of space (thin, em, no-break, tab…) becomes a plain one.
        spec.title = crate::corpus::markdown::normalize_space(&spec.title);
        if let Some(a) = &mut spec.audience {
            *a = crate::corpus::markdown::normalize_space(a);
        }
        for m in &mut spec.modules {
            m.title = crate::corpus::markdown::normalize_space(&m.title);
            // A topic as a person writes it names the same topic, as on the command line
            // ("Signs", "Getting help").
            for t in &mut m.topics {
                *t = crate::corpus::slugify(t);
            }
        }
        let text = crate::source::read_text(path, crate::source::MAX_CONFIG).unwrap_or_default();
        let mut mistakes = Vec::new();
        let mut error = |line: usize, message: String| mistakes.push(SourceError::new(path, line, message));
        if spec.modules.is_empty() {
            // `module = []` names a line; a spec with no modules at all, the first.
            let line = crate::toml_file::field_line(&text, "module");
            error(line, "a pack needs at least one [[module]]".into());
        }
        // Empty titles would print as nothing on the cover, in the contents and as headings.
        // Printed text the font cannot draw is refused here, at its line, not when a build
        // meets it on a page (`check` loads specs this way too).
        let unprintable = |value: &str| {
            use crate::print::fonts::{Fonts, fonts};
            fonts().missing_in_either(value).map(Fonts::cannot_print)
        };
        let lines_of_text: Vec<&str> = text.lines().collect();
        // Whether a key is written at all (`field_line` falls back to line 1 when it is not).
        let written = |field: &str, key: &str| {
            let line = crate::toml_file::field_line(&text, field);
            lines_of_text
                .get(line - 1)
                .is_some_and(|l| l.trim_start().trim_start_matches('"').starts_with(key))
        };
        // A title whose line the TOML reader left out (`title = 5`, `titel = …`) is told there
        // already: not again as missing or empty.
        let title_left_out = |range: std::ops::Range<usize>| {
            left_out.iter().filter(|l| range.contains(l)).any(|&l| {
                let key = lines_of_text.get(l - 1).and_then(|t| t.split('=').next()).unwrap_or("");
                let key = key.trim().trim_matches('"');
                crate::source::closest(key, ["title"], |_| 2).is_some()
            })
        };
        let module_lines = crate::toml_file::table_lines(&text, "module");
        let top = 1..module_lines.first().copied().unwrap_or(usize::MAX);
        let title_line = crate::toml_file::field_line(&text, "title");
        if spec.title.trim().is_empty() && !title_left_out(top) {
            match written("title", "title") {
                true => error(title_line, "`title` must not be empty".into()),
                false => error(
                    title_line,
                    "the pack has no `title`: add one at the top, e.g. `title = \"Volunteer briefing\"`"
                        .into(),
                ),
            }
        } else if let Some(why) = unprintable(&spec.title) {
            error(title_line, format!("`title` {why}"));
        }
        if let Some(why) = spec.audience.as_deref().and_then(unprintable) {
            error(crate::toml_file::field_line(&text, "audience"), format!("`audience` {why}"));
        }
        let lines = &module_lines;
        for (i, m) in spec.modules.iter().enumerate() {
            let line = lines.get(i).copied().unwrap_or(1);
            let end = lines.get(i + 1).copied().unwrap_or(usize::MAX);
            let lost_a_line = left_out.iter().any(|l| (line..end).contains(l));
            if m.title.trim().is_empty() && !title_left_out(line..end) {
                match written(&format!("module[{i}].title"), "title") {
                    true => error(line, format!("module {}: `title` must not be empty", i + 1)),
                    false => error(
                        line,
                        format!(
                            "module {} has no `title`: add one, e.g. `title = \"Recognising the signs\"`",
                            i + 1
                        ),
                    ),
                }
            } else if let Some(why) = unprintable(&m.title) {
                error(line, format!("module {}: `title` {why}", i + 1));
            }
            if m.selects_nothing() && !lost_a_line {
                let named = if m.title.trim().is_empty() { String::new() } else { format!(" `{}`", m.title) };
                let message = format!(
                    "module {}{named} selects nothing: give it `topics`, `sections` or a `query`",
                    i + 1
                );
                error(line, message);
            }
        }
        (spec, mistakes)
    }

    /// Settings for the generator; loads the clinic file. A clinic file that cannot be read
    /// is an error at the spec's `clinic =` line; one that is wrong, at its own line.
    pub fn settings(&self, path: &Path, created: i64) -> Result<Settings> {
        let clinic = match &self.clinic {
            Some(c) => Some(Clinic::load(&path.parent().unwrap_or(Path::new(".")).join(c)).map_err(|e| {
                // A file that cannot be read is the spec's mistake, at its `clinic =` line.
                if e.root_cause().downcast_ref::<std::io::Error>().is_none() {
                    return e;
                }
                let line = crate::source::read_text(path, crate::source::MAX_CONFIG)
                    .map_or(1, |spec| crate::toml_file::field_line(&spec, "clinic"));
                let spec_dir = path.parent().unwrap_or(Path::new("."));
                SourceError::new(path, line, format!("{e:#}{}", clinic_files_near(spec_dir, c))).into()
            })?),
            None => None,
        };
        Ok(Settings { paper: self.paper, print: self.profile, clinic, created, ..Settings::default() })
    }
}

/// For a clinic file `written` in a spec in `spec_dir` that is not there: the clinic files (not
/// pack specs) in the folder it names and in that folder's `clinics/`, as the spec would
/// write them, the closest first ("; did you mean `clinics/example.toml`?"), or nothing.
pub fn clinic_files_near(spec_dir: &Path, written: &Path) -> String {
    let missing = spec_dir.join(written);
    let Some(dir) = missing.parent() else { return String::new() };
    let hidden = |path: &Path| path.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.'));
    let mut names: Vec<String> = super::catalog::clinic_files(dir)
        .unwrap_or_default()
        .into_iter()
        .filter(|path| !hidden(path))
        .map(|path| path.strip_prefix(spec_dir).unwrap_or(&path).to_string_lossy().into_owned())
        .collect();
    if names.is_empty() {
        return String::new();
    }
    names.sort();
    let typed = written.to_string_lossy();
    // Close as written, or by the file's name alone (`example.toml` for `clinics/example.toml`).
    let file_name =
        |n: &str| Path::new(n).file_name().map(|f| f.to_string_lossy().into_owned()).unwrap_or_default();
    let by_name: Vec<String> = names.iter().map(|n| file_name(n)).collect();
    let closest = crate::source::closest(&typed, names.iter().map(String::as_str), |_| 3)
        .map(str::to_string)
        .or_else(|| {
            let hit = crate::source::closest(&file_name(&typed), by_name.iter().map(String::as_str), |_| 3)?;
            by_name.iter().position(|n| n == hit).map(|i| names[i].clone())
        })
        .map(|n| format!("; did you mean `{n}`?"));
    let listed = names.join(", ");
    match closest {
        Some(meant) => format!("{meant} (clinic files there: {listed})"),
        None => format!("; clinic files there: {listed}"),
    }
}

/// A table-of-contents entry.
struct TocEntry {
    /// The anchor it points at.
    anchor: String,
    /// 1 for a module, 2 for a section, 3 for a heading inside one.
    level: u8,
    text: String,
    /// A section's language, for screen readers (a Spanish section in an English pack); `None`
    /// for the pack's own entries (its modules, the contact block).
    lang: Option<String>,
}

impl TocEntry {
    fn new(anchor: String, level: u8, text: String, lang: Option<String>) -> TocEntry {
        TocEntry { anchor, level, text, lang }
    }
}

/// The cover's lines under the title: what the pack holds (and whose it is), how to reach the
/// clinic or, without one, the corpus's resources (the helpline on the cover, not only on the
/// last page). The edition is in the cover's footer, as on every page. Phone numbers and web
/// addresses are links, as in the contact block, and an address breaks only after its commas.
/// A clinic whose file is in another language than the pack (`language = "es"`) is labelled
/// and marked in its own, as in the contact block: its cover had read "Hours: Lunes a
/// viernes" above a block that said "Horario:".
fn cover_lines(
    modules: &[(String, Vec<&Section>)],
    clinic: Option<&Clinic>,
    defaults: &[Resource],
    language: &str,
) -> Vec<Item> {
    let l = crate::print::labels::labels(language);
    // The line breaker keeps a separator at the end of a line, never starting the next one
    // ("· https://…").
    const SEP: &str = " · ";
    // Each section once: two modules that print the same one (a finding of `check`) hold it
    // once, as far as a trainer counting topics is concerned.
    let sections = modules.iter().flat_map(|(_, s)| s.iter().map(|s| &s.id)).collect::<BTreeSet<_>>().len();
    let count = |n: usize, words: [&str; 2]| format!("{n} {}", words[usize::from(n != 1)]);
    let cover =
        [l.course_pack.to_string(), count(modules.len(), l.modules), count(sections, l.sections)].join(SEP);
    // The parts of a line, separated.
    let joined = |parts: Vec<Vec<Span>>| -> Vec<Span> {
        let mut line = Vec::new();
        for (i, part) in parts.into_iter().enumerate() {
            if i > 0 {
                line.push(handout::plain(SEP));
            }
            line.extend(part);
        }
        line
    };
    let (mut lines, mut hours, mut own_language) = (Vec::new(), None, None);
    if let Some(c) = clinic {
        own_language = c.language.as_deref().filter(|lang| *lang != language);
        let l = own_language.map_or(l, crate::print::labels::labels);
        let phone = |p: &str| [vec![handout::plain(l.phone)], handout::phones(p)].concat();
        // The clinic's name on a line of its own, in bold: after the counts it had wrapped
        // mid-name ("Clínica / Comunitaria San José").
        lines.push(vec![handout::bold(&c.name)]);
        let details: Vec<Vec<Span>> = [
            c.address.as_deref().map(|a| vec![handout::address(a)]),
            c.phone.as_deref().map(phone),
            c.website.as_deref().map(|w| vec![handout::link(w)]),
        ]
        .into_iter()
        .flatten()
        .collect();
        if !details.is_empty() {
            lines.push(joined(details));
        }
        // Opening hours under them, a day a line as in the contact block: a trainee keeps the
        // cover, and when to come is half of how to reach the clinic.
        hours = c.hours.as_deref().map(|h| handout::hours_field(h, l));
    } else {
        for r in defaults {
            // A service taken from a document in another language is labelled in it, as in the
            // contact block ("Phone:" before the English helpline in a Spanish pack).
            let own = r.language.as_deref().map_or(l, crate::print::labels::labels);
            let phone = |p: &str| [vec![handout::plain(own.phone)], handout::phones(p)].concat();
            let reach: Vec<Vec<Span>> =
                [r.phone.as_deref().map(phone), r.url.as_deref().map(|u| vec![handout::link(u)])]
                    .into_iter()
                    .flatten()
                    .collect();
            if !reach.is_empty() {
                lines.push(joined(std::iter::once(vec![handout::plain(&r.name)]).chain(reach).collect()));
            }
        }
    }
    let mut items: Vec<Item> = lines.into_iter().map(Item::Paragraph).chain(hours).collect();
    if let Some(lang) = own_language {
        items.insert(0, Item::Language(Some(lang.to_string())));
        items.push(Item::Language(None));
    }
    items.insert(0, Item::Paragraph(vec![handout::plain(&cover)]));
    items
}

fn items(
    spec: &PackSpec,
    modules: &[(String, Vec<&Section>)],
    toc: &[TocEntry],
    pages: &BTreeMap<String, usize>,
    contact: &[Item],
    cover: &[Item],
    clinic: Option<&Clinic>,
) -> Vec<Item> {
    let l = crate::print::labels::labels(&handout::language_of(modules.iter().flat_map(|m| &m.1)));
    let mut items = vec![Item::Title { text: spec.title.clone(), subtitle: spec.audience.clone() }];
    if let Some((width, height)) = clinic.and_then(Clinic::logo_size) {
        // The logo is the contact block's picture, image 0.
        items.push(Item::Figure(crate::print::layout::Figure::Image { id: 0, width, height }));
    }
    items.extend(cover.iter().cloned());
    items.push(Item::PageBreak);
    items.push(Item::Heading { level: 2, text: l.contents.into(), anchor: Some("contents".into()) });
    // A module's entry keeps with its sections' where they fit on a page: a contents page
    // carried over had started with a module's sections under no module.
    let mut lang: Option<&String> = None;
    for (k, entry) in toc.iter().enumerate() {
        if entry.level == 1 {
            if k > 0 {
                items.push(Item::KeepEnd);
            }
            items.push(Item::KeepStart);
        }
        if entry.lang.as_ref() != lang {
            lang = entry.lang.as_ref();
            items.push(Item::Language(lang.cloned()));
        }
        let page = pages.get(&entry.anchor).map(|p| (p + 1).to_string()).unwrap_or_else(|| "00".into());
        let (level, text, anchor) = (entry.level, entry.text.clone(), entry.anchor.clone());
        items.push(Item::TocEntry { level, text, page, anchor });
    }
    if lang.is_some() {
        items.push(Item::Language(None));
    }
    if toc.first().is_some_and(|entry| entry.level == 1) {
        items.push(Item::KeepEnd);
    }
    // The first module starts after the contents, on a page of its own.
    items.push(Item::PageBreak);
    for (i, (title, sections)) in modules.iter().enumerate() {
        items.push(Item::Module {
            text: format!("{}. {title}", i + 1),
            anchor: format!("m{i}"),
            new_page: spec.modules_on_new_page,
        });
        items.extend(handout::section_items(sections, &format!("m{i}/")));
    }
    // The contact block is a chapter of its own: a top-level bookmark, its own running header.
    // It is no module: `modules_on_new_page` does not give it a page of its own (it had one,
    // mostly blank, after a page with room for it).
    items.extend(contact.iter().map(|item| match item {
        Item::Heading { text, anchor: Some(anchor), .. } if anchor == "contact" => {
            Item::Module { text: text.clone(), anchor: anchor.clone(), new_page: false }
        }
        other => other.clone(),
    }));
    items
}

/// Builds a pack. `spec_path` resolves the clinic file and names errors.
pub fn build(
    corpus: &Corpus,
    index: &Engine,
    spec: &PackSpec,
    spec_path: &Path,
    created: i64,
) -> Result<Handout> {
    let (settings, modules) = resolve(corpus, index, spec, spec_path, created)?;
    let all: Vec<&Section> = modules.iter().flat_map(|(_, s)| s.iter().copied()).collect();
    let printed: Vec<String> = std::iter::once(spec.title.clone())
        .chain(spec.audience.clone())
        .chain(spec.modules.iter().map(|m| m.title.clone()))
        .collect();
    let sources = Sources::gather(corpus, &all, &printed)?;
    let first = handout::emergency_first(corpus, settings.emergency);

    let mut toc: Vec<TocEntry> = modules
        .iter()
        .enumerate()
        .flat_map(|(i, (title, sections))| {
            // Each section, and the headings inside it (as the bookmarks list them).
            std::iter::once(TocEntry::new(format!("m{i}"), 1, format!("{}. {title}", i + 1), None)).chain(
                sections.iter().flat_map(move |s| {
                    let lang = Some(s.language.clone());
                    let inner = s.blocks.iter().filter_map(move |b| match b {
                        crate::corpus::markdown::Block::Heading { level, text, .. } => Some(TocEntry::new(
                            format!("m{i}/{}#{}", s.doc, crate::corpus::slugify(text)),
                            (2 + level.saturating_sub(s.level)).min(3),
                            text.clone(),
                            Some(s.language.clone()),
                        )),
                        _ => None,
                    });
                    std::iter::once(TocEntry::new(format!("m{i}/{}", s.id), 2, s.heading.clone(), lang))
                        .chain(inner)
                }),
            )
        })
        .collect();
    let ids: Vec<String> = all.iter().map(|s| s.id.clone()).collect();
    let content = format!("pack|{:?}|{}", spec, ids.join(","));
    let edition = handout::edition(&sources.drawn, &settings, &content);
    let language = sources.language.clone();
    let labels = crate::print::labels::labels(&language);
    let cover = cover_lines(&modules, settings.clinic.as_ref(), &sources.defaults, &language);
    let (contact, images) =
        handout::contact_items(settings.clinic.as_ref(), &sources.defaults, &language, &all, &first);
    // The contact block is in the contents too, where there is one (documents without
    // resources and no clinic have none: an entry had pointed at page "00").
    if contact.iter().any(|i| matches!(i, Item::Heading { anchor: Some(a), .. } if a == "contact")) {
        toc.push(TocEntry::new("contact".into(), 1, labels.help.to_string(), None));
    }
    let subject = spec.audience.clone().unwrap_or_else(|| labels.course_pack.into());
    let frame = sources.frame(&spec.title, subject, &edition, &settings, images);
    // Page numbers in the contents depend on the layout, and the layout on the contents'
    // length; numbers only change a line's last word, so this settles in a pass or two.
    let mut pages: BTreeMap<String, usize> = BTreeMap::new();
    let (mut built, mut cover, mut shortened, mut spills) = (None, cover, Vec::new(), false);
    for _ in 0..8 {
        let items = items(spec, &modules, &toc, &pages, &contact, &cover, settings.clinic.as_ref());
        let (bytes, laid) = handout::render(&items, &frame)?;
        let landed: BTreeMap<String, usize> = laid.anchors.iter().map(|a| (a.id.clone(), a.page)).collect();
        let settled = toc.iter().all(|e| landed.get(&e.anchor) == pages.get(&e.anchor));
        // A cover that runs onto a second page (a long title and a long clinic in large
        // print: the clinic's hours had printed alone on page 2) is set again shorter.
        let spilled = landed.get("contents").is_some_and(|&page| page > 1);
        spills = spilled;
        pages = landed;
        built = Some((bytes, laid));
        if !settled {
            continue;
        }
        // (Judged once the contents' numbers have settled: they can move the cover's end.)
        match spilled.then(|| shorter_cover(&cover, settings.clinic.is_some())).flatten() {
            Some((shorter, left_out)) => {
                cover = shorter;
                shortened.push(left_out);
            }
            None => break,
        }
    }
    let Some(built) = built else { bail!("{}: layout did not run", spec_path.display()) };
    let mut handout = Handout::new(built, &all, &spec.title, edition, &settings);
    let left_out = shortened.join(" and ");
    if spills {
        let without = if left_out.is_empty() { String::new() } else { format!(" even without {left_out}") };
        handout.warnings.push(format!(
            "the cover runs onto a second page{without}; a shorter `title` or `audience` keeps it on one"
        ));
    } else if !shortened.is_empty() {
        handout.warnings.push(format!(
            "the cover leaves out {left_out} to stay on one page (the contact block at the end prints them); a shorter `title` keeps them"
        ));
    }
    Ok(handout)
}

/// `cover` ([`cover_lines`]) without its last details, and what they were: a clinic's hours
/// first, then the line under its name (address, phone, website), its name staying; without a
/// clinic, the last service listed, one staying. `None` when nothing more can go. The contact
/// block at the end of the pack prints all of them.
fn shorter_cover(cover: &[Item], clinic: bool) -> Option<(Vec<Item>, &'static str)> {
    let mut shorter = cover.to_vec();
    if let Some(hours) = shorter.iter().position(|i| matches!(i, Item::Field { .. })) {
        shorter.remove(hours);
        return Some((shorter, "the clinic's hours"));
    }
    // The counts come first, then the clinic's name or the first service.
    let paragraphs: Vec<usize> =
        shorter.iter().enumerate().filter(|(_, i)| matches!(i, Item::Paragraph(_))).map(|(k, _)| k).collect();
    let last = *paragraphs.get(2..)?.last()?;
    shorter.remove(last);
    Some((shorter, if clinic { "the clinic's address, phone and website" } else { "a service" }))
}

/// Each module's title and sections, in the spec's order.
pub type Modules<'c> = Vec<(String, Vec<&'c Section>)>;

/// The settings of `spec` (read from `spec_path`) and its modules' sections, or every mistake
/// in them at once: the clinic file's, and each module's at its line.
pub fn resolve<'c>(
    corpus: &'c Corpus,
    index: &Engine,
    spec: &PackSpec,
    spec_path: &Path,
    created: i64,
) -> Result<(Settings, Modules<'c>)> {
    let p = spec_path.display();
    let settings = spec.settings(spec_path, created);
    let mut modules: Modules = Vec::new();
    // A module on words of an emergency (`query = "overdose, not breathing"`) puts the
    // emergency number at the head of the contact block, as a handout made from them does.
    let mut emergency = false;
    // Every module's mistakes are told at once, each at its line, with the clinic file's: a
    // trainer fixing a spec should not meet them one run at a time.
    let mut mistakes: Vec<String> = Vec::new();
    if let Err(e) = &settings {
        mistakes.push(format!("{e:#}"));
    }
    for (i, m) in spec.modules.iter().enumerate() {
        let tell = |e: anyhow::Error| {
            // The spec is read again only for the error's line.
            let line = crate::source::read_text(spec_path, crate::source::MAX_CONFIG)
                .and_then(|text| module_error_line(&text, i, &e));
            let at = line.map(|l| format!(":{l}")).unwrap_or_default();
            format!("{p}{at}: module {} `{}`: {e:#}", i + 1, m.title)
        };
        // (Told already, by [`PackSpec::load_with_rest`]; only the rest of a spec refused for it
        // has one.)
        if m.selects_nothing() {
            continue;
        }
        match module_sections(corpus, Some(index), m) {
            Ok(chosen) => {
                emergency |= chosen.emergency;
                modules.push((m.title.clone(), chosen.sections));
            }
            Err(errors) => mistakes.extend(errors.into_iter().map(tell)),
        }
    }
    if !mistakes.is_empty() {
        bail!("{}", mistakes.join("\n"));
    }
    Ok((Settings { emergency, ..settings? }, modules))
}

/// What module `m` selects, or every mistake that keeps it from selecting them: each
/// topic and section it names that the corpus lacks, one error each, in the order the spec
/// names them (topics first), else why the selection failed. `build` and `check` both tell
/// them all at once.
pub fn module_sections<'c>(
    corpus: &'c Corpus,
    index: Option<&Engine>,
    m: &ModuleSpec,
) -> Result<handout::Chosen<'c>, Vec<anyhow::Error>> {
    let topics = m.topics.iter().filter_map(|t| corpus.require_topic(t).err());
    let sections = m.sections.iter().filter_map(|id| corpus.require_section(id).err());
    let unknown: Vec<anyhow::Error> = topics.chain(sections).collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let sel = Selection { topics: m.topics.clone(), sections: m.sections.clone(), query: m.query.clone() };
    handout::select(corpus, index, &sel).map_err(|e| vec![e])
}

/// The line of the `i`-th module's mistake `e` in a spec's `text`: the line of the module's
/// key that names what does not exist (`topics`, `sections`), else its `[[module]]` line.
/// `pack` and `check` name the same line.
pub fn module_error_line(text: &str, i: usize, e: &anyhow::Error) -> Option<usize> {
    let key = if e.downcast_ref::<crate::corpus::UnknownTopic>().is_some() {
        Some("topics")
    } else if e.to_string().starts_with("unknown section") {
        Some("sections")
    } else {
        None
    };
    match key {
        Some(key) => module_key_line(text, i, key),
        None => crate::toml_file::table_lines(text, "module").get(i).copied(),
    }
}

/// The line of the `i`-th module's `key` in a spec's `text`, else of its `[[module]]` header.
pub fn module_key_line(text: &str, i: usize, key: &str) -> Option<usize> {
    let header = crate::toml_file::table_lines(text, "module").get(i).copied()?;
    let at_key = crate::toml_file::field_line(text, &format!("module[{i}].{key}"));
    Some(if at_key > header { at_key } else { header })
}
