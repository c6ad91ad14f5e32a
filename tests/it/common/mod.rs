//! Shared helpers for the integration tests: temp projects, running the binary, reading PDFs.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary project folder with a corpus and an index location.
pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// A project whose corpus is a copy of the shipped one.
    pub fn shipped() -> Project {
        let p = Project::empty();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus"), &p.corpus());
        p
    }

    /// Copies the shipped pack specs and example clinic into `packs/` (one folder at a time:
    /// `copy_dir` does not descend).
    pub fn add_packs(&self) {
        let packs = Path::new(env!("CARGO_MANIFEST_DIR")).join("packs");
        copy_dir(&packs, &self.path().join("packs"));
        copy_dir(&packs.join("clinics"), &self.path().join("packs/clinics"));
    }

    /// A project whose corpus is a copy of `tests/fixtures/NAME`.
    pub fn fixture(name: &str) -> Project {
        let p = Project::empty();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name), &p.corpus());
        p
    }

    /// A project with an empty corpus folder.
    pub fn empty() -> Project {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("corpus")).expect("corpus dir");
        Project { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn corpus(&self) -> PathBuf {
        self.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.path().join("output/index")
    }

    /// Writes a corpus file.
    pub fn write(&self, name: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.corpus().join(name), bytes).expect("write corpus file");
    }

    /// Adds `corpus/es.md`: a Spanish document with one section, topic `abstinencia`, and no
    /// resources of its own.
    pub fn add_spanish_document_without_resources(&self) {
        self.write(
            "es.md",
            "+++\nid = \"es\"\ntitle = \"Abstinencia\"\nlanguage = \"es\"\nsource = \"Prueba\"\nreviewed = \"unknown\"\n\n[sections]\nsintomas = [\"abstinencia\"]\n+++\n\n## Síntomas\n\nTexto de prueba sobre la abstinencia y sus síntomas.\n",
        );
    }

    /// Writes a pack spec `name` into the project's `packs` folder (made if need be); returns
    /// its path as `outreach pack` takes it (`packs/NAME`).
    pub fn write_pack(&self, name: &str, text: &str) -> String {
        std::fs::create_dir_all(self.path().join("packs")).expect("make packs folder");
        std::fs::write(self.path().join("packs").join(name), text).expect("write pack spec");
        format!("packs/{name}")
    }

    /// Runs `outreach ARGS` in the project folder.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_env(args, &[])
    }

    /// `outreach ARGS`, to run in the project folder on the project's own corpus and index:
    /// `OUTREACH_CORPUS` and `OUTREACH_INDEX` of whoever runs the tests are left out.
    pub fn command<S: AsRef<std::ffi::OsStr>>(&self, args: impl IntoIterator<Item = S>) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_outreach"));
        cmd.current_dir(self.path()).args(args).env_remove("OUTREACH_CORPUS").env_remove("OUTREACH_INDEX");
        cmd
    }

    /// Runs `outreach ARGS` with the environment variables `unset` removed.
    pub fn run_without(&self, args: &[&str], unset: &[&str]) -> Output {
        let mut cmd = self.command(args);
        for k in unset {
            cmd.env_remove(k);
        }
        cmd.output().expect("run outreach")
    }

    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = self.command(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().expect("run outreach")
    }

    /// Runs and requires success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "outreach {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 stdout")
    }

    /// Runs and requires failure; returns stderr.
    pub fn err(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "outreach {args:?} should fail but printed:\n{}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).expect("utf-8 stderr")
    }

    /// `search --json` parsed.
    pub fn search(&self, query: &str, extra: &[&str]) -> serde_json::Value {
        let mut args = vec!["search", query, "--json"];
        args.extend_from_slice(extra);
        serde_json::from_str(&self.ok(&args)).expect("search JSON")
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        if e.file_type().expect("type").is_file() {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

/// Text of each page of a PDF, extracted by parsing the file back.
pub fn pdf_pages(bytes: &[u8]) -> Vec<String> {
    let doc = printpdf::PdfDocument::parse(bytes, &printpdf::PdfParseOptions::default(), &mut Vec::new())
        .expect("PDF parses");
    doc.extract_text().into_iter().map(|runs| runs.join(" ")).collect()
}

/// Letters and digits only, lowercased: the unit for "every word, in order" checks, immune to
/// line breaks, hyphenation and list markers.
pub fn letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// Page sizes in points from the MediaBox entries.
pub fn page_sizes(bytes: &[u8]) -> Vec<(f32, f32)> {
    let doc = printpdf::PdfDocument::parse(bytes, &printpdf::PdfParseOptions::default(), &mut Vec::new())
        .expect("PDF parses");
    doc.pages.iter().map(|p| (p.media_box.width.0, p.media_box.height.0)).collect()
}

/// The text of a handout without its running footers, pages joined: what a reader reads.
pub fn body_text(bytes: &[u8]) -> String {
    body_text_without(bytes, &[])
}

/// Like [`body_text`], also dropping running-header lines made of the `headers` strings.
pub fn body_text_without(bytes: &[u8], headers: &[&str]) -> String {
    pdf_pages(bytes)
        .iter()
        .flat_map(|page| page.lines().map(str::to_string).collect::<Vec<_>>())
        .filter(|l| {
            let l = l.trim();
            let mut rest = l.to_string();
            for h in headers {
                rest = rest.replace(h, "");
            }
            let is_header = !headers.is_empty() && rest.trim().is_empty();
            !(is_header
                || l.starts_with("Source:")
                || l.starts_with("Fuente:")
                || l.starts_with("Reviewed:")
                || l.starts_with("Revisado:")
                || l.starts_with("General information, not medical advice")
                || l.starts_with("Información general, no consejo médico")
                || (l.contains("Page ") && l.contains(" of "))
                || (l.contains("Página ") && l.contains(" de ")))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every word of a PDF with its page, box `[x0, y0, x1, y1]` (points, top-left origin) and
/// font size, read back from the file.
pub fn pdf_words(bytes: &[u8]) -> Vec<(usize, [f32; 4], f32, String)> {
    let doc = printpdf::PdfDocument::parse(bytes, &printpdf::PdfParseOptions::default(), &mut Vec::new())
        .expect("PDF parses");
    let mut out = Vec::new();
    for (page, boxes) in doc.extract_text_boxes().into_iter().enumerate() {
        for line in boxes.lines {
            for w in line.words {
                out.push((page, w.bbox, w.font_size, w.text));
            }
        }
    }
    out
}

/// The outline of a PDF as (depth, title, 1-based page), in order.
pub fn pdf_outline(bytes: &[u8]) -> Vec<(usize, String, usize)> {
    let doc = lopdf::Document::load_mem(bytes).expect("PDF loads");
    let pages: std::collections::HashMap<lopdf::ObjectId, usize> =
        doc.get_pages().into_iter().map(|(n, id)| (id, n as usize)).collect();
    let catalog = doc.catalog().expect("catalog");
    let mut out = Vec::new();
    let Ok(root) = catalog.get(b"Outlines").and_then(|o| o.as_reference()) else { return out };
    let first =
        doc.get_dictionary(root).ok().and_then(|d| d.get(b"First").ok()).and_then(|o| o.as_reference().ok());
    fn walk(
        doc: &lopdf::Document,
        pages: &std::collections::HashMap<lopdf::ObjectId, usize>,
        mut item: Option<lopdf::ObjectId>,
        depth: usize,
        out: &mut Vec<(usize, String, usize)>,
    ) {
        while let Some(id) = item {
            let d = doc.get_dictionary(id).expect("outline item");
            let title = match d.get(b"Title").expect("title") {
                lopdf::Object::String(b, _) if b.starts_with(&[0xfe, 0xff]) => String::from_utf16_lossy(
                    &b[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>(),
                ),
                lopdf::Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
                _ => String::new(),
            };
            let dest = d.get(b"Dest").and_then(|o| o.as_array()).expect("dest");
            let page = dest[0].as_reference().ok().and_then(|r| pages.get(&r).copied()).unwrap_or(0);
            out.push((depth, title, page));
            let child = d.get(b"First").ok().and_then(|o| o.as_reference().ok());
            walk(doc, pages, child, depth + 1, out);
            item = d.get(b"Next").ok().and_then(|o| o.as_reference().ok());
        }
    }
    walk(&doc, &pages, first, 0, &mut out);
    out
}

/// Where an outline's `/Count` entries disagree with its tree (ISO 32000-1 12.3.3): the root's
/// counts every entry a reader sees, an open entry's (positive) the entries shown under it, a
/// closed one's (negative) those it would show opened. Empty when they agree.
pub fn outline_count_errors(bytes: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(bytes).expect("PDF loads");
    let Ok(root) = doc.catalog().expect("catalog").get(b"Outlines").and_then(|o| o.as_reference()) else {
        return Vec::new();
    };
    let count = |id: lopdf::ObjectId| {
        doc.get_dictionary(id).ok().and_then(|d| d.get(b"Count").ok()).and_then(|c| c.as_i64().ok())
    };
    let link = |id: lopdf::ObjectId, key: &[u8]| {
        doc.get_dictionary(id).ok().and_then(|d| d.get(key).ok()).and_then(|o| o.as_reference().ok())
    };
    // The entries shown under `id` once it is open, checking each entry's own count on the way.
    fn shown(
        id: lopdf::ObjectId,
        count: &dyn Fn(lopdf::ObjectId) -> Option<i64>,
        link: &dyn Fn(lopdf::ObjectId, &[u8]) -> Option<lopdf::ObjectId>,
        errors: &mut Vec<String>,
    ) -> i64 {
        let mut n = 0;
        let mut child = link(id, b"First");
        while let Some(c) = child {
            let under = shown(c, count, link, errors);
            match count(c) {
                Some(k) if k.abs() != under => errors.push(format!("{c:?}: /Count {k}, shows {under}")),
                None if under > 0 => errors.push(format!("{c:?}: no /Count over {under} entries")),
                _ => {}
            }
            n += 1 + if count(c).unwrap_or(0) > 0 { under } else { 0 };
            child = link(c, b"Next");
        }
        n
    }
    let mut errors = Vec::new();
    let total = shown(root, &count, &link, &mut errors);
    if count(root) != Some(total) {
        errors.push(format!("root: /Count {:?}, shows {total}", count(root)));
    }
    errors
}

/// The structure tree of a tagged PDF as a compact string: `Document(H1 P L[Disc](LI(Lbl LBody)))`,
/// marked content left out, list numbering in brackets.
pub fn struct_tree(bytes: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(bytes).expect("PDF loads");
    let root =
        doc.catalog().expect("catalog").get(b"StructTreeRoot").expect("tagged").as_reference().unwrap();
    let root = doc.get_dictionary(root).unwrap();
    fn walk(doc: &lopdf::Document, obj: &lopdf::Object, out: &mut Vec<String>) {
        match obj {
            lopdf::Object::Reference(id) => {
                let Ok(d) = doc.get_dictionary(*id) else { return };
                let Ok(s) = d.get(b"S").and_then(|s| s.as_name()) else { return };
                let mut text = String::from_utf8_lossy(s).into_owned();
                if let Ok(a) = d.get(b"A").and_then(|a| a.as_dict())
                    && let Ok(n) = a.get(b"ListNumbering").and_then(|n| n.as_name())
                {
                    text.push_str(&format!("[{}]", String::from_utf8_lossy(n)));
                }
                let mut kids = Vec::new();
                if let Ok(k) = d.get(b"K") {
                    walk(doc, k, &mut kids);
                }
                if !kids.is_empty() {
                    text.push_str(&format!("({})", kids.join(" ")));
                }
                out.push(text);
            }
            lopdf::Object::Array(items) => items.iter().for_each(|i| walk(doc, i, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(&doc, root.get(b"K").expect("K"), &mut out);
    out.join(" ")
}

/// Every `/URI` of the link annotations in a PDF.
pub fn pdf_uris(bytes: &[u8]) -> Vec<String> {
    fn walk(object: &lopdf::Object, out: &mut Vec<String>) {
        match object {
            lopdf::Object::Dictionary(dict) => {
                for (key, value) in dict.iter() {
                    match value {
                        lopdf::Object::String(uri, _) if key == b"URI" => {
                            out.push(String::from_utf8_lossy(uri).into_owned())
                        }
                        _ => walk(value, out),
                    }
                }
            }
            lopdf::Object::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let doc = lopdf::Document::load_mem(bytes).expect("PDF loads");
    let mut out = Vec::new();
    for object in doc.objects.values() {
        walk(object, &mut out);
    }
    out
}

/// Every link annotation of a PDF: its `/URI` (empty for a jump inside the document) and its
/// `/Contents`, the description a screen reader reads.
pub fn pdf_link_descriptions(bytes: &[u8]) -> Vec<(String, String)> {
    fn text(object: Option<&lopdf::Object>) -> String {
        match object {
            Some(lopdf::Object::String(b, _)) if b.starts_with(&[0xFE, 0xFF]) => {
                let units: Vec<u16> = b[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
                String::from_utf16_lossy(&units)
            }
            Some(lopdf::Object::String(b, _)) => String::from_utf8_lossy(b).into_owned(),
            _ => String::new(),
        }
    }
    let doc = lopdf::Document::load_mem(bytes).expect("PDF loads");
    let mut out = Vec::new();
    for object in doc.objects.values() {
        let lopdf::Object::Dictionary(d) = object else { continue };
        if d.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Link") {
            continue;
        }
        let action = match d.get(b"A") {
            Ok(lopdf::Object::Dictionary(a)) => Some(a.clone()),
            Ok(lopdf::Object::Reference(id)) => doc.get_dictionary(*id).ok().cloned(),
            _ => None,
        };
        let uri = text(action.as_ref().and_then(|a| a.get(b"URI").ok()));
        out.push((uri, text(d.get(b"Contents").ok())));
    }
    out
}

/// The text of every QR code drawn in a PDF, as a phone's camera would read it: each code is a
/// path of `re` rectangles in module units under a `cm` scale, filled once; the rectangles are
/// put back on a grid (with a quiet zone) and decoded with rqrr.
pub fn pdf_qr_codes(bytes: &[u8]) -> Vec<String> {
    use lopdf::Object;
    let doc = lopdf::Document::load_mem(bytes).expect("PDF loads");
    let number =
        |o: &Object| o.as_float().ok().or_else(|| o.as_i64().ok().map(|i| i as f32)).unwrap_or(f32::NAN);
    let mut codes = Vec::new();
    for page in doc.get_pages().into_values() {
        let content = lopdf::content::Content::decode(&doc.get_page_content(page)).expect("ops");
        let mut blocks: Vec<[usize; 4]> = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "re" => {
                    let v: Vec<f32> = op.operands.iter().map(number).collect();
                    // Module units: whole numbers.
                    if v.len() == 4 && v.iter().all(|n| n.fract() == 0.0 && *n >= 0.0) {
                        blocks.push([v[0] as usize, v[1] as usize, v[2] as usize, v[3] as usize]);
                    }
                }
                "f" if !blocks.is_empty() => {
                    let width = blocks.iter().map(|b| (b[0] + b[2]).max(b[1] + b[3])).max().unwrap_or(0) + 4;
                    let scale = 4;
                    let dark = |x: usize, y: usize| {
                        let (mx, my) = (x / scale, width - 1 - y / scale);
                        blocks
                            .iter()
                            .any(|b| (b[1]..b[1] + b[3]).contains(&my) && (b[0]..b[0] + b[2]).contains(&mx))
                    };
                    let mut picture =
                        rqrr::PreparedImage::prepare_from_greyscale(width * scale, width * scale, |x, y| {
                            if dark(x, y) { 0 } else { 255 }
                        });
                    for grid in picture.detect_grids() {
                        if let Ok((_, text)) = grid.decode() {
                            codes.push(text);
                        }
                    }
                    blocks.clear();
                }
                _ => {}
            }
        }
    }
    codes
}

/// The files a service worker (`sw.js`) keeps, path under its base → the hash it checks (null
/// for a page the server makes); the worker carries them grouped by folder.
pub fn sw_files(sw: &str) -> serde_json::Map<String, serde_json::Value> {
    let at = "FILES=Object.entries(";
    let from = sw.find(at).expect("the files in sw.js") + at.len();
    let folders: serde_json::Map<String, serde_json::Value> =
        serde_json::Deserializer::from_str(&sw[from..]).into_iter().next().unwrap().unwrap();
    folders
        .iter()
        .flat_map(|(dir, files)| {
            files.as_object().unwrap().iter().map(move |(f, h)| (format!("{dir}{f}"), h.clone()))
        })
        .collect()
}
