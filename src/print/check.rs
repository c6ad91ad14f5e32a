//! Corpus lint for editors (`outreach check`): problems that are not errors but make a
//! handout worse, each reported as `file:line: message`.
//!
//! * a lead-in ending in `:` with no list after it (the list was lost or never written);
//! * a link without a web address;
//! * a section whose own text reads above grade 8 (health-literacy guidance targets 6–8);
//! * a course pack that prints a section twice (two modules select it);
//! * a meaning in the synonym table with a word no section has: the lay word finds nothing
//!   through it;
//! * a topic's display title, or a pack module's title, that is the heading of the section
//!   it opens with: the page would say it twice;
//! * a topic that tags fewer sections than one spelt within two letters of it ("detx" beside
//!   "detox"): a misspelt tag takes a section out of its topic's handout without a word.
//!
//! A resource without a way to reach it is already an error when the corpus loads.

use anyhow::Result;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::corpus::markdown::{Block, Span, text_start as short};
use crate::corpus::readability;
use crate::corpus::{Corpus, Document, Section};
use crate::print::fonts::fonts;
use crate::print::handout;
use crate::print::pack::PackSpec;
use crate::search::Engine;

/// Whether a title printed above `first` is its heading again: the page would say it twice.
fn repeats_heading(title: &str, first: &Section) -> bool {
    first.heading.to_lowercase() == title.to_lowercase()
}

/// Topics whose display title repeats the heading of the first section they tag (in corpus
/// order: where their handout starts), reported at the title's line in `[topics]`.
fn topic_titles(corpus: &Corpus, out: &mut Vec<Finding>) {
    for doc in &corpus.documents {
        for (topic, title) in &doc.meta.topics {
            let Some(first) = corpus.sections().find(|s| s.topics.contains(topic)) else { continue };
            if !repeats_heading(title, first) {
                continue;
            }
            let text = crate::source::read_text(&doc.path, crate::source::MAX_DOCUMENT).unwrap_or_default();
            let line = crate::toml_file::field_line(&text, &format!("topics.{topic}"));
            out.push(Finding {
                path: doc.path.clone(),
                line,
                message: format!(
                    "topic `{topic}` is titled `{title}`, the heading of its handout's first section: the page would say it twice; give the topic a title of its own"
                ),
            });
        }
    }
}

/// Topics that look like misspellings of another: tagging fewer sections than a topic within
/// two letters of them ("detx", "detox"), or as many where only the other has a display
/// title, reported at each section's tag line.
fn topic_typos(corpus: &Corpus, out: &mut Vec<Finding>) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for s in corpus.sections() {
        for t in &s.topics {
            *counts.entry(t.as_str()).or_default() += 1;
        }
    }
    let titled = |t: &str| corpus.documents.iter().any(|d| d.meta.topics.contains_key(t));
    let sections = |n: usize| if n == 1 { "1 section".to_string() } else { format!("{n} sections") };
    for doc in &corpus.documents {
        let text = crate::source::read_text(&doc.path, crate::source::MAX_DOCUMENT).unwrap_or_default();
        for s in &doc.sections {
            for topic in &s.topics {
                let n = counts[topic.as_str()];
                let near = counts.iter().find(|&(other, &m)| {
                    (m > n || (m == n && titled(other) && !titled(topic)))
                        && other.chars().count() >= 4
                        && strsim::levenshtein(topic, other) <= 2
                });
                let Some((other, m)) = near else { continue };
                let slug = s.id.rsplit('#').next().unwrap_or(&s.id);
                out.push(Finding {
                    path: doc.path.clone(),
                    line: crate::toml_file::field_line(&text, &format!("sections.{slug}")),
                    message: format!(
                        "topic `{topic}` ({}) is spelt like `{other}` ({}): if it is a slip, section `{}` is missing from the `{other}` handout; did you mean `{other}`?",
                        sections(n),
                        sections(*m),
                        s.heading
                    ),
                });
            }
        }
    }
}

/// Reading grade above which a section is reported.
pub const MAX_GRADE: f64 = 8.0;

/// One problem found, at a file and line.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// The file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// What is wrong and what to do.
    pub message: String,
}

impl From<&crate::source::SourceError> for Finding {
    fn from(at: &crate::source::SourceError) -> Finding {
        Finding { path: at.file.clone(), line: at.line, message: at.message.clone() }
    }
}

impl std::fmt::Display for Finding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
    }
}

/// The finding for a pack spec in a folder inside the packs folder, which `build` does not
/// build ([`super::catalog::specs_in_subfolders`]).
pub fn spec_in_subfolder(path: &Path, packs: &Path) -> Finding {
    Finding {
        path: path.to_path_buf(),
        line: 1,
        message: format!(
            "a pack spec in a folder inside `{}` is not built; move it into `{}` itself",
            packs.display(),
            packs.display()
        ),
    }
}

/// Lints the corpus, then every pack spec and clinic file given; findings in file order, each
/// once.
pub fn check(
    corpus: &Corpus,
    index: Option<&Engine>,
    packs: &[PathBuf],
    clinics: &[PathBuf],
) -> Result<Vec<Finding>> {
    let mut out = Vec::new();
    for doc in &corpus.documents {
        front_matter(doc, &mut out);
        for s in doc.sections.iter() {
            section(&doc.path, s, &mut out);
        }
    }
    topic_titles(corpus, &mut out);
    topic_typos(corpus, &mut out);
    if let Some(engine) = index {
        synonyms(corpus, engine, &mut out);
    }
    out.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
    // Each spec's findings in its lines' order, as its reader goes through it (the TOML
    // reader's, the modules' and the clinic file's are found apart).
    for spec in packs {
        let mut found = Vec::new();
        pack(corpus, index, spec, &mut found)?;
        found.sort_by_key(|f| (f.path != *spec, f.line));
        out.extend(found);
    }
    // A clinic file no spec names yet is loaded too: its mistakes show before a build needs it.
    for path in clinics {
        if let Err(e) = crate::print::clinic::Clinic::load(path) {
            let own = findings_of(path, &e, 1);
            // A spec that names it tells its mistakes too, under the spec's `clinic` line: once
            // each is enough (they had been told and counted once a spec, and once more), and
            // the spec says where they are.
            let told_within = format!("{}:", path.display());
            let mut specs: Vec<(PathBuf, usize)> = Vec::new();
            out.retain(|f| {
                let within = f.path != *path && f.message.starts_with(&told_within);
                if within && !specs.contains(&(f.path.clone(), f.line)) {
                    specs.push((f.path.clone(), f.line));
                }
                !within
            });
            let mistakes =
                if own.len() == 1 { "a mistake".to_string() } else { format!("{} mistakes", own.len()) };
            let message =
                format!("its clinic file `{}` has {mistakes} (told at their lines)", path.display());
            for (spec, line) in specs {
                out.push(Finding { path: spec, line, message: message.clone() });
            }
            out.extend(own);
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|f| seen.insert(f.to_string()));
    Ok(out)
}

/// An error found reading the file at `path` as findings, one a line of its message (a clinic
/// file tells every mistake at once, a line each): where a line names its file and line (a
/// [`crate::source::SourceError`], or a line that starts `path:line:`), there, else at `line`
/// of `path`.
fn findings_of(path: &Path, e: &anyhow::Error, line: usize) -> Vec<Finding> {
    if let Some(at) = e.downcast_ref::<crate::source::SourceError>() {
        return vec![Finding::from(at)];
    }
    let message = format!("{e:#}");
    let prefix = format!("{}:", path.display());
    message
        .lines()
        .map(|message| {
            let at = message.strip_prefix(&prefix).and_then(|rest| {
                let (line, rest) = rest.split_once(':')?;
                Some((line.parse().ok()?, rest.trim_start().to_string()))
            });
            let (line, message) = at.unwrap_or((line, message.to_string()));
            Finding { path: path.to_path_buf(), line, message }
        })
        .collect()
}

/// Meanings in the synonym table with a word that no section has, in any form, and
/// `[uncovered]` words that a section has.
fn synonyms(corpus: &Corpus, engine: &Engine, out: &mut Vec<Finding>) {
    let table = &engine.index.synonyms;
    let path = corpus.dir.join(crate::search::synonyms::FILE);
    for (word, line) in table.uncovered() {
        if engine.words_not_in_corpus(word).is_empty() {
            out.push(Finding {
                path: path.clone(),
                line,
                message: format!(
                    "[uncovered] lists `{word}`, but a section has it now: remove it, so that a search completes and corrects it as it does the corpus's other words"
                ),
            });
        }
    }
    for (_, entry) in table.entries() {
        let key = &entry.key;
        for meaning in &entry.to {
            let missing = engine.words_not_in_corpus(meaning);
            if missing.is_empty() {
                continue;
            }
            out.push(Finding {
                path: path.clone(),
                line: table.line_of(key).unwrap_or(1),
                message: format!(
                    "synonym `{key}` means `{meaning}`, but no section has `{}`: a search for `{key}` finds nothing through it",
                    missing.join("`, `")
                ),
            });
        }
    }
}

/// Printed fields of a document's front matter (title, source, topic titles, resources) with a
/// character the handout font cannot draw: every handout from the document would be refused.
fn front_matter(doc: &Document, out: &mut Vec<Finding>) {
    let m = &doc.meta;
    let mut fields = vec![m.title.as_str(), m.source.as_str()];
    fields.extend(m.topics.values().map(String::as_str));
    for r in &m.resources {
        fields.extend(
            [Some(r.name.as_str()), r.description.as_deref(), r.phone.as_deref()].into_iter().flatten(),
        );
    }
    for text in fields {
        let Some(c) = fonts().missing_in_either(text) else { continue };
        out.push(Finding {
            path: doc.path.clone(),
            line: handout::front_matter_line(&doc.path, c).unwrap_or(1),
            message: format!(
                "the character `{c}` (U+{:04X}) in `{}` is not in the handout font (Atkinson Hyperlegible): no handout of this document can be printed; replace or remove it",
                c as u32,
                short(text)
            ),
        });
    }
}

fn section(path: &Path, s: &Section, out: &mut Vec<Finding>) {
    let at = |line: usize, message: String| Finding { path: path.to_path_buf(), line, message };
    if let Some((c, line)) = handout::unprintable(s, Some(path), true) {
        out.push(at(
            line,
            format!(
                "the character `{c}` (U+{:04X}) is not in the handout font (Atkinson Hyperlegible): a handout of section `{}` cannot be printed; replace or remove it",
                c as u32, s.id
            ),
        ));
    }
    for (line, text) in s.lead_ins_without_list() {
        out.push(at(
            line,
            format!(
                "lead-in `{}` ends with `:` but no list follows it; restore the list from the source or end the sentence differently",
                short(&text)
            ),
        ));
    }
    let own = &s.blocks[..s.own_blocks];
    for block in own {
        let (spans, line): (Vec<&[Span]>, usize) = match block {
            Block::Paragraph { spans, line } => (vec![spans.as_slice()], *line),
            Block::List { items, nested, line, .. } => (
                items.iter().chain(nested.iter().flat_map(|n| n.items.iter())).map(Vec::as_slice).collect(),
                *line,
            ),
            Block::Heading { .. } => continue,
        };
        for span in spans.iter().flat_map(|s| s.iter()) {
            if let Some(url) = &span.style.link
                && !(url.starts_with("https://")
                    || url.starts_with("http://")
                    || url.starts_with("mailto:")
                    || url.starts_with("tel:"))
            {
                out.push(at(
                    line,
                    format!(
                        "link `{}` has no web address (`{url}`); give it one starting with https://",
                        short(&span.text)
                    ),
                ));
            }
        }
    }
    let text = s.own_text();
    if let Some(grade) = readability::grade_in(&text, &s.language)
        && grade > MAX_GRADE
        && text.split_whitespace().count() >= 30
    {
        let mut message = format!(
            "section `{}` reads at grade {grade:.1}, above {MAX_GRADE}: shorter sentences and words would help",
            s.heading
        );
        message.push_str(&where_to_start(own, &text, &s.language));
        out.push(at(s.line, message));
    }
}

/// Sentences longer than this many words are pointed out in a section read above
/// [`MAX_GRADE`] (plain-language guidance: 15–20 words a sentence, on average).
pub const LONG_SENTENCE: usize = 20;

/// Where an editor lowering a section's grade starts: its longest sentence, when it is long,
/// at the line of the paragraph or list that holds it, and the longest words of `text` (the
/// text of `own`, the section's own blocks).
fn where_to_start(own: &[Block], text: &str, language: &str) -> String {
    let longest = own
        .iter()
        .filter_map(|block| {
            let (kind, line) = match block {
                Block::Paragraph { line, .. } => ("paragraph", *line),
                Block::List { line, .. } => ("list", *line),
                Block::Heading { .. } => return None,
            };
            readability::longest_sentence(&block.plain_text()).map(|sentence| (kind, line, sentence))
        })
        // The first of equals, as the text reads.
        .reduce(|a, b| if b.2.words > a.2.words { b } else { a });
    let mut out = String::new();
    if let Some((kind, line, sentence)) = longest.filter(|(_, _, s)| s.words > LONG_SENTENCE) {
        out.push_str(&format!(
            "; its longest sentence, {} words in the {kind} at line {line}: “{}”",
            sentence.words,
            short(&sentence.text)
        ));
    }
    let long = readability::long_words(text, language, 5);
    if !long.is_empty() {
        out.push_str(&format!("; long words: {}", long.join(", ")));
    }
    out
}

/// A pack that prints a section twice: a module selecting a section another module already
/// printed (or one inside it).
fn pack(corpus: &Corpus, index: Option<&Engine>, path: &Path, out: &mut Vec<Finding>) -> Result<()> {
    // A spec that does not load is a finding like any other: the rest are still checked, and
    // so is the rest of a spec whose mistakes are in values (`paper = "legal"`).
    let spec = match PackSpec::load_with_rest(path) {
        Ok(spec) => spec,
        Err(mistaken) => {
            out.extend(findings_of(path, &mistaken.error, 1));
            match mistaken.rest {
                Some(rest) => *rest,
                None => return Ok(()),
            }
        }
    };
    let text = crate::source::read_text(path, crate::source::MAX_CONFIG).unwrap_or_default();
    let module_lines = crate::toml_file::table_lines(&text, "module");
    // What `build` would refuse: a clinic file that does not load, a module that selects
    // nothing it can print.
    if let Err(e) = spec.settings(path, 0) {
        out.extend(findings_of(path, &e, crate::toml_file::field_line(&text, "clinic")));
    }
    // Section id -> the first module printing it (with everything inside it), and the section
    // it is inside, when it is printed as a part of another.
    let mut printed: BTreeMap<String, (usize, Option<String>)> = BTreeMap::new();
    let inside =
        |parent: &Option<String>| parent.as_ref().map(|p| format!(" (inside `{p}`)")).unwrap_or_default();
    for (m, module) in spec.modules.iter().enumerate() {
        let finding = |e: anyhow::Error| Finding {
            path: path.to_path_buf(),
            line: crate::print::pack::module_error_line(&text, m, &e).unwrap_or(1),
            message: format!("module {} `{}`: {e:#}", m + 1, module.title),
        };
        // (A module that selects nothing is a finding of the spec's already.)
        if module.selects_nothing() {
            continue;
        }
        // Every topic and section the module names that the corpus lacks, each a finding.
        let sections = match crate::print::pack::module_sections(corpus, index, module) {
            Ok(chosen) => chosen.sections,
            Err(errors) => {
                out.extend(errors.into_iter().map(finding));
                continue;
            }
        };
        // A section or a topic named twice in one module prints once: the second was most
        // likely meant to be another ("detox" and "kratom-addiction#detox" are one section).
        let ids = module.sections.iter().filter_map(|n| corpus.require_section(n).ok()).map(|s| s.id.clone());
        let topics = module.topics.iter().map(|t| crate::corpus::slugify(t));
        let twice = [("sections", ids.collect::<Vec<_>>()), ("topics", topics.collect())]
            .into_iter()
            .flat_map(|(key, named)| named_twice(named).into_iter().map(move |n| (key, n)));
        for (key, named) in twice {
            out.push(Finding {
                path: path.to_path_buf(),
                line: crate::print::pack::module_key_line(&text, m, key).unwrap_or(1),
                message: format!(
                    "module {} `{}` names `{named}` more than once in `{key}`, and prints it once: was another meant?",
                    m + 1,
                    module.title
                ),
            });
        }
        if let Some(first) = sections.first()
            && repeats_heading(&module.title, first)
        {
            out.push(Finding {
                path: path.to_path_buf(),
                line: module_lines.get(m).copied().unwrap_or(1),
                message: format!(
                    "module {} is titled `{}`, the heading of its first section: the page would say it twice; give the module a title of its own",
                    m + 1,
                    module.title
                ),
            });
        }
        // Two modules of one title read as one module listed twice ("1. Signs", "3. Signs").
        // (Not two without one: told already, as missing or mistaken.)
        if let Some(same) = spec.modules[..m]
            .iter()
            .position(|o| o.title.trim().eq_ignore_ascii_case(module.title.trim()))
            .filter(|_| !module.title.trim().is_empty())
        {
            out.push(Finding {
                path: path.to_path_buf(),
                line: module_lines.get(m).copied().unwrap_or(1),
                message: format!(
                    "module {} is titled `{}`, as module {} is: the contents and the bookmarks would list it twice; give each a title of its own",
                    m + 1,
                    module.title,
                    same + 1
                ),
            });
        }
        // The pack's own last chapter, the contact block, has this title in either language.
        let contact_chapter = ["en", "es"].map(|l| crate::print::labels::labels(l).help);
        if let Some(chapter) =
            contact_chapter.iter().find(|c| c.to_lowercase() == module.title.trim().to_lowercase())
        {
            out.push(Finding {
                path: path.to_path_buf(),
                line: module_lines.get(m).copied().unwrap_or(1),
                message: format!(
                    "module {} is titled `{}`, as the pack's contact chapter is: the contents, the bookmarks and the page would say `{chapter}` twice; give the module a title of its own (`Getting help`)",
                    m + 1,
                    module.title
                ),
            });
        }
        // A query whose words name a section it does not take: a trainer's "treatment relapse
        // therapy" took Therapy alone (Treatment and Relapse scored under 0.4 of it), and the
        // module titled "Treatment and relapse" printed neither.
        if let Some(query) = &module.query {
            let left = named_but_left_out(corpus, query, &sections);
            if !left.is_empty() {
                let names: Vec<String> = left.iter().map(|s| format!("{} (`{}`)", s.heading, s.id)).collect();
                out.push(Finding {
                    path: path.to_path_buf(),
                    line: crate::print::pack::module_key_line(&text, m, "query").unwrap_or(1),
                    message: format!(
                        "module {} `{}`: `query = \"{query}\"` names {} but does not take {}: a query takes the sections scoring at least 0.4 of its best (see `outreach search \"{query}\"`); list the sections you want in `sections`",
                        m + 1,
                        module.title,
                        names.join(", "),
                        if left.len() == 1 { "it" } else { "them" },
                    ),
                });
            }
        }
        // A section named with another that holds it prints once, inside that one and in its
        // order: said, as a trainer listing `medication` before `treatment` expects otherwise.
        for name in &module.sections {
            let Ok(named) = corpus.require_section(name) else { continue };
            if let Some(holder) = sections.iter().find(|s| s.children.contains(&named.id)) {
                out.push(Finding {
                    path: path.to_path_buf(),
                    line: crate::print::pack::module_key_line(&text, m, "sections").unwrap_or(1),
                    message: format!(
                        "module {} `{}` names `{}`, which is part of `{}`: it prints once, inside that section and in its order; leave `{name}` out, or name what you want of `{}` instead of it",
                        m + 1,
                        module.title,
                        named.id,
                        holder.id,
                        holder.id,
                    ),
                });
            }
        }
        for s in &sections {
            let ids = std::iter::once((s.id.clone(), None))
                .chain(s.children.iter().map(|child| (child.clone(), Some(s.id.clone()))));
            for (id, parent) in ids {
                if let Some((first, first_parent)) = printed.get(&id) {
                    out.push(Finding {
                        path: path.to_path_buf(),
                        line: module_lines.get(m).copied().unwrap_or(1),
                        message: format!(
                            "module {} `{}` prints `{id}`{}, which module {} `{}` already prints{}",
                            m + 1,
                            module.title,
                            inside(&parent),
                            first + 1,
                            spec.modules[*first].title,
                            inside(first_parent),
                        ),
                    });
                } else {
                    printed.insert(id, (m, parent));
                }
            }
        }
    }
    Ok(())
}

/// The names `named` holds more than once, each once, in order.
fn named_twice(named: Vec<String>) -> Vec<String> {
    let mut twice: Vec<String> = Vec::new();
    for (i, n) in named.iter().enumerate() {
        if named[..i].contains(n) && !twice.contains(n) {
            twice.push(n.clone());
        }
    }
    twice
}

/// The sections whose heading's every word is a word of `query` (Treatment for "treatment
/// relapse therapy") that `taken`, the sections the query took, neither holds nor are.
fn named_but_left_out<'c>(corpus: &'c Corpus, query: &str, taken: &[&Section]) -> Vec<&'c Section> {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let asked = words(query);
    corpus
        .sections()
        .filter(|s| {
            let heading = words(&s.heading);
            !heading.is_empty() && heading.iter().all(|w| asked.contains(w))
        })
        .filter(|s| !taken.iter().any(|t| t.id == s.id || t.children.contains(&s.id)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hard_section_is_reported_with_its_longest_sentence_and_long_words() {
        let long = "Depending on your situation, reducing your risk of relapse may also include taking medications for anxiety or depression, seeing a therapist on a regular basis, or practicing mindfulness techniques.";
        let doc = format!(
            "+++\nid = \"d\"\ntitle = \"T\"\nlanguage = \"en\"\nsource = \"s\"\nreviewed = \"unknown\"\n+++\n## Relapse\n\nRelapse can be part of the recovery process.\n\n{long}\n\n- hallucinations\n"
        );
        let parsed = crate::corpus::parse_document(Path::new("d.md"), doc.as_bytes()).unwrap();
        let mut out = Vec::new();
        section(Path::new("d.md"), &parsed.sections[0], &mut out);
        let [finding] = out.as_slice() else { panic!("{out:?}") };
        assert_eq!(finding.line, 8, "at the heading");
        assert!(
            finding.message.contains(
                "its longest sentence, 29 words in the paragraph at line 12: “Depending on your situation, reducing your risk of …”"
            ),
            "{}",
            finding.message
        );
        assert!(
            finding.message.ends_with("; long words: hallucinations, medications, recovery"),
            "{}",
            finding.message
        );

        // Short sentences: only the words are pointed out.
        let doc = doc.replace(long, "Medications can help. Therapy can help. Mindfulness can help. Meditation can help. Recovery takes time. Hallucinations can happen. Ask for help. Depression is treatable.");
        let parsed = crate::corpus::parse_document(Path::new("d.md"), doc.as_bytes()).unwrap();
        let mut out = Vec::new();
        section(Path::new("d.md"), &parsed.sections[0], &mut out);
        let [finding] = out.as_slice() else { panic!("{out:?}") };
        assert!(!finding.message.contains("longest sentence"), "{}", finding.message);
        assert!(finding.message.contains("; long words: "), "{}", finding.message);
    }

    #[test]
    fn lead_ins_without_lists_and_links_without_addresses_are_found_at_their_lines() {
        let doc = "+++\nid = \"d\"\ntitle = \"T\"\nlanguage = \"en\"\nsource = \"s\"\nreviewed = \"unknown\"\n+++\n## A\n\nThese include:\n\n- one\n- two\n\nThe following can help:\n\nSee [the site](site) today.\n";
        let parsed = crate::corpus::parse_document(Path::new("d.md"), doc.as_bytes()).unwrap();
        let mut out = Vec::new();
        section(Path::new("d.md"), &parsed.sections[0], &mut out);
        let lines: Vec<String> = out.iter().map(|f| f.to_string()).collect();
        assert_eq!(out.len(), 2, "{lines:?}");
        assert!(lines[0].starts_with("d.md:15: lead-in `The following can help:`"), "{lines:?}");
        assert!(lines[1].starts_with("d.md:17: link `the site` has no web address"), "{lines:?}");
    }
}
