//! The generated large corpus: real headings and shuffled real sentences, written as corpus markdown.

use super::*;

pub(crate) struct Written {
    pub(crate) files: usize,
    pub(crate) sections: usize,
}

/// The real corpus cut into pieces to recombine.
pub(crate) struct Pieces<'a> {
    /// Per real section: its heading and its sentences.
    pub(crate) sections: Vec<(&'a str, Vec<String>)>,
    /// Every list item of the corpus.
    pub(crate) items: Vec<String>,
    /// Every sentence of the corpus.
    pub(crate) all: Vec<String>,
}

pub(crate) fn pieces(corpus: &Corpus) -> Pieces<'_> {
    let mut p = Pieces { sections: Vec::new(), items: Vec::new(), all: Vec::new() };
    for s in corpus.sections() {
        let sentences = own_sentences(s, &mut p.items);
        p.all.extend(sentences.iter().cloned());
        if !sentences.is_empty() {
            p.sections.push((&s.heading, sentences));
        }
    }
    p
}

/// Sentences of a section's own paragraphs; its list items go to `items`.
pub(crate) fn own_sentences(s: &Section, items: &mut Vec<String>) -> Vec<String> {
    let mut out = Vec::new();
    for b in &s.blocks[..s.own_blocks] {
        match b {
            Block::Paragraph { .. } => out.extend(split_sentences(&b.plain_text())),
            Block::List { items: list, .. } => items
                .extend(list.iter().map(|i| outreach::corpus::markdown::spans_text(i).trim().to_string())),
            Block::Heading { .. } => {}
        }
    }
    out
}

/// Splits at `. `, `? ` and `! `, keeping the punctuation.
pub(crate) fn split_sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for i in 1..bytes.len() {
        if bytes[i] == b' ' && matches!(bytes[i - 1], b'.' | b'?' | b'!') {
            out.push(text[start..i].trim().to_string());
            start = i + 1;
        }
    }
    out.push(text[start..].trim().to_string());
    // A sentence that opens like markdown syntax would change the structure; leave it out.
    out.retain(|s| s.len() > 20 && !s.starts_with(['#', '-', '*', '+', '>', '|', '<']));
    out
}

/// Writes `sections` generated sections (plus the shipped documents and synonyms) to `dir`.
pub(crate) fn generate(corpus: &Corpus, corpus_dir: &Path, dir: &Path, sections: usize) -> Result<Written> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create `{}`", dir.display()))?;
    let mut files = 0;
    for entry in fs::read_dir(corpus_dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "md" || e == "toml") {
            let name = path.file_name().context("corpus file without a name")?;
            fs::copy(&path, dir.join(name)).with_context(|| format!("cannot copy `{}`", path.display()))?;
            files += usize::from(path.extension().is_some_and(|e| e == "md"));
        }
    }
    let p = pieces(corpus);
    if p.sections.is_empty() {
        bail!("the shipped corpus has no paragraphs to recombine");
    }
    let mut rng = fastrand::Rng::with_seed(2024);
    let mut n = 0;
    let mut doc_no = 0;
    while n < sections {
        doc_no += 1;
        let title = &corpus.documents[doc_no % corpus.documents.len()].meta.title;
        let mut text = format!(
            "+++\nid = \"gen-{doc_no:06}\"\ntitle = \"{title} {doc_no}\"\nlanguage = \"en\"\n\
             source = \"Generated for benchmarks from the shipped corpus\"\nreviewed = \"unknown\"\n+++\n"
        );
        for _ in 0..SECTIONS_PER_DOC.min(sections - n) {
            n += 1;
            let (heading, own) = &p.sections[rng.usize(..p.sections.len())];
            let _ = write!(text, "\n## {heading} {n}\n");
            for _ in 0..rng.usize(1..=3) {
                // Mostly the heading's own sentences, some from anywhere, as related text mixes.
                let sentences: Vec<&str> = (0..rng.usize(2..=5))
                    .map(|_| {
                        let from = if rng.u8(..10) < 7 { own } else { &p.all };
                        from[rng.usize(..from.len())].as_str()
                    })
                    .collect();
                let _ = write!(text, "\n{}\n", sentences.join(" "));
            }
            if !p.items.is_empty() && rng.u8(..4) == 0 {
                text.push('\n');
                for _ in 0..rng.usize(2..=5) {
                    let _ = writeln!(text, "- {}", p.items[rng.usize(..p.items.len())]);
                }
            }
        }
        let path = dir.join(format!("gen-{doc_no:06}.md"));
        fs::write(&path, text).with_context(|| format!("cannot write `{}`", path.display()))?;
        files += 1;
    }
    Ok(Written { files, sections: n })
}

/// Total size of the files under `path`.
pub(crate) fn disk_size(path: &Path) -> Result<u64> {
    let meta = fs::metadata(path).with_context(|| format!("cannot stat `{}`", path.display()))?;
    if !meta.is_dir() {
        return Ok(meta.len());
    }
    let mut total = 0;
    for entry in fs::read_dir(path)? {
        total += disk_size(&entry?.path())?;
    }
    Ok(total)
}
