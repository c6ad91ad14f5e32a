//! The machine-checkable PDF/UA-1 rules, checked on every file `build` writes (no veraPDF
//! here): structure tree and parent tree, every piece of content tagged or an artifact, link
//! annotations tagged, XMP present and consistent with the Info title, fonts subset-tagged
//! with their real cap height, exact page boxes, no empty Info entries.

use crate::common::Project;
use lopdf::{Document, Object, ObjectId};
use std::collections::HashMap;

fn text(o: &Object) -> String {
    match o {
        Object::String(b, _) if b.starts_with(&[0xfe, 0xff]) => String::from_utf16_lossy(
            &b[2..].chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect::<Vec<_>>(),
        ),
        Object::String(b, _) => String::from_utf8_lossy(b).into_owned(),
        other => panic!("not a string: {other:?}"),
    }
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).expect("reference resolves"),
        other => other,
    }
}

/// Parent tree as key -> entry.
fn parent_tree(doc: &Document, root: &lopdf::Dictionary) -> HashMap<i64, Object> {
    let tree = deref(doc, root.get(b"ParentTree").expect("ParentTree")).as_dict().unwrap();
    let nums = tree.get(b"Nums").expect("a flat Nums array").as_array().unwrap();
    nums.chunks(2).map(|p| (p[0].as_i64().unwrap(), p[1].clone())).collect()
}

/// Each font resource of a page (by name) as its ToUnicode map: glyph code → text.
fn to_unicode(doc: &Document, page: ObjectId) -> HashMap<Vec<u8>, HashMap<u16, String>> {
    let mut maps = HashMap::new();
    for (name, font) in doc.get_page_fonts(page).unwrap() {
        let stream = deref(doc, font.get(b"ToUnicode").expect("ToUnicode")).as_stream().unwrap();
        let cmap =
            String::from_utf8(stream.decompressed_content().unwrap_or_else(|_| stream.content.clone()))
                .unwrap();
        let hex = |h: &str| u32::from_str_radix(h.trim_matches(|c| c == '<' || c == '>'), 16).unwrap();
        let mut map = HashMap::new();
        let mut in_chars = false;
        for line in cmap.lines() {
            match line.trim() {
                l if l.ends_with("beginbfchar") => in_chars = true,
                "endbfchar" => in_chars = false,
                l if in_chars => {
                    let mut parts = l.split_whitespace();
                    let (Some(code), Some(uni)) = (parts.next(), parts.next()) else { continue };
                    let text = char::from_u32(hex(uni)).map(String::from).unwrap_or_default();
                    map.insert(hex(code) as u16, text);
                }
                _ => {}
            }
        }
        maps.insert(name.clone(), map);
    }
    maps
}

/// The text of each MCID on a page, as a screen reader gets it: glyphs through the fonts'
/// ToUnicode maps, a span's `/ActualText` in place of its glyphs.
fn mcid_texts(doc: &Document, page: ObjectId) -> HashMap<i64, String> {
    let maps = to_unicode(doc, page);
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let mut texts: HashMap<i64, String> = HashMap::new();
    // Open marked content: its MCID, and whether it replaces its glyphs with ActualText.
    let mut open: Vec<(Option<i64>, bool)> = Vec::new();
    let mut font: Vec<u8> = Vec::new();
    for op in &content.operations {
        match op.operator.as_str() {
            "BMC" => open.push((None, false)),
            "BDC" => {
                let props = op.operands.get(1).and_then(|p| p.as_dict().ok());
                let mcid = props.and_then(|p| p.get(b"MCID").and_then(|m| m.as_i64()).ok());
                let actual = props.and_then(|p| p.get(b"ActualText").ok()).map(text);
                if let (Some(actual), Some(id)) = (&actual, open.iter().rev().find_map(|o| o.0)) {
                    texts.entry(id).or_default().push_str(actual);
                }
                open.push((mcid, actual.is_some()));
            }
            "EMC" => {
                open.pop();
            }
            "Tf" => font = op.operands[0].as_name().unwrap().to_vec(),
            "Tj" | "TJ" => {
                if open.iter().any(|o| o.1) {
                    continue;
                }
                let Some(id) = open.iter().rev().find_map(|o| o.0) else { continue };
                let strings: Vec<&Object> = match op.operator.as_str() {
                    "Tj" => vec![&op.operands[0]],
                    _ => op.operands[0].as_array().unwrap().iter().collect(),
                };
                for s in strings {
                    if let Object::String(bytes, _) = s {
                        for pair in bytes.chunks(2) {
                            let code = u16::from_be_bytes([pair[0], pair[1]]);
                            texts.entry(id).or_default().push_str(&maps[&font][&code]);
                        }
                    }
                }
            }
            _ => {}
        }
    }
    texts
}

/// Every structure element's text as a screen reader reads it (its marked content in order,
/// and its child elements'), by object.
fn element_texts(doc: &Document, root: &lopdf::Dictionary) -> Vec<(String, String)> {
    let mut texts: HashMap<ObjectId, HashMap<i64, String>> = HashMap::new();
    let mut out = Vec::new();
    fn walk(
        doc: &Document,
        elem: &lopdf::Dictionary,
        texts: &mut HashMap<ObjectId, HashMap<i64, String>>,
        out: &mut Vec<(String, String)>,
    ) -> String {
        let mut whole = String::new();
        let kids = match elem.get(b"K") {
            Ok(Object::Array(k)) => k.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        for kid in &kids {
            match kid {
                Object::Reference(id) => {
                    let child = doc.get_dictionary(*id).unwrap();
                    whole.push_str(&walk(doc, child, texts, out));
                }
                Object::Dictionary(d) if d.get(b"MCID").is_ok() => {
                    let page = d.get(b"Pg").and_then(|p| p.as_reference()).unwrap();
                    let mcid = d.get(b"MCID").unwrap().as_i64().unwrap();
                    let on_page = texts.entry(page).or_insert_with(|| mcid_texts(doc, page));
                    whole.push_str(on_page.get(&mcid).map_or("", String::as_str));
                }
                _ => {}
            }
        }
        let tag = String::from_utf8_lossy(elem.get(b"S").unwrap().as_name().unwrap()).into_owned();
        out.push((tag, whole.clone()));
        whole
    }
    let top = deref(doc, root.get(b"K").unwrap()).as_dict().unwrap();
    walk(doc, top, &mut texts, &mut out);
    out
}

fn check(file: &str, bytes: &[u8], page_size: (f32, f32)) {
    let doc = Document::load_mem(bytes).unwrap();
    // PDF/UA-1 is built on ISO 32000-1: PDF 1.7.
    assert!(bytes.starts_with(b"%PDF-1.7\n"), "{file}: not declared PDF 1.7");
    let catalog = doc.catalog().unwrap();
    // Catalog: tagged, language, title shown, XMP.
    let marked = catalog.get(b"MarkInfo").and_then(|m| m.as_dict()).unwrap().get(b"Marked").unwrap();
    assert!(marked.as_bool().unwrap(), "{file}: not marked");
    assert!(!catalog.get(b"Lang").unwrap().as_str().unwrap().is_empty(), "{file}: no /Lang");
    let prefs = deref(&doc, catalog.get(b"ViewerPreferences").unwrap()).as_dict().unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap(), "{file}");
    let info = doc.get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap()).unwrap();
    for (k, v) in info.iter() {
        if let Object::String(s, _) = v {
            assert!(!s.is_empty(), "{file}: empty Info entry {}", String::from_utf8_lossy(k));
        }
    }
    let title = text(info.get(b"Title").unwrap());
    assert!(!title.is_empty(), "{file}: no title");
    let xmp = doc.get_object(catalog.get(b"Metadata").expect("XMP").as_reference().unwrap()).unwrap();
    let xmp = String::from_utf8(xmp.as_stream().unwrap().content.clone()).unwrap();
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{file}: {xmp}");
    let dc_title =
        xmp.split("<rdf:li xml:lang=\"x-default\">").nth(1).and_then(|r| r.split("</rdf:li>").next());
    let unescape =
        |s: &str| s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&");
    assert_eq!(dc_title.map(unescape).as_deref(), Some(title.as_str()), "{file}: dc:title vs Info title");

    // Fonts: subset tag, cap height from the font.
    let mut fonts = 0;
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor") {
            continue;
        }
        fonts += 1;
        let name = String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap()).into_owned();
        let (tag, rest) =
            name.split_once('+').unwrap_or_else(|| panic!("{file}: font {name} has no subset tag"));
        assert!(tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()), "{file}: {name}");
        assert!(rest.starts_with("AtkinsonHyperlegible-"), "{file}: {name}");
        assert_eq!(d.get(b"CapHeight").unwrap().as_i64().unwrap(), 668, "{file}: {name} cap height");
    }
    assert!(fonts >= 2, "{file}: {fonts} fonts");
    // Each font and its descendant CIDFont name the face as its descriptor does (ISO 32000-1
    // Table 122); the CIDFont had kept printpdf's resource name, F0.
    let mut cid_fonts = 0;
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        let Ok(descendants) = d.get(b"DescendantFonts") else { continue };
        let base = d.get(b"BaseFont").unwrap().as_name().unwrap();
        for cid in deref(&doc, descendants).as_array().unwrap() {
            let cid = deref(&doc, cid).as_dict().unwrap();
            let descriptor = deref(&doc, cid.get(b"FontDescriptor").unwrap()).as_dict().unwrap();
            let name = descriptor.get(b"FontName").unwrap().as_name().unwrap();
            assert_eq!(cid.get(b"BaseFont").unwrap().as_name().unwrap(), name, "{file}: CIDFont BaseFont");
            assert_eq!(base, name, "{file}: Type0 BaseFont");
            cid_fonts += 1;
        }
    }
    assert_eq!(cid_fonts, fonts, "{file}: a CIDFont for each descriptor");

    let root = deref(&doc, catalog.get(b"StructTreeRoot").unwrap()).as_dict().unwrap();
    let tree = parent_tree(&doc, root);
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut links = 0;
    for (i, &page) in pages.iter().enumerate() {
        let pd = doc.get_dictionary(page).unwrap();
        // Exact page boxes.
        let media: Vec<f32> =
            pd.get(b"MediaBox").unwrap().as_array().unwrap().iter().map(|o| o.as_float().unwrap()).collect();
        assert_eq!(media, [0.0, 0.0, page_size.0, page_size.1], "{file}: page {} MediaBox", i + 1);
        // Every MCID in the content maps back to an element holding it; no text outside
        // marked content (tagged or artifact).
        let key = pd.get(b"StructParents").unwrap().as_i64().unwrap();
        let entries = deref(&doc, &tree[&key]).as_array().unwrap().clone();
        let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
        let mut depth = 0i32;
        let mut mcids = 0;
        for op in &content.operations {
            match op.operator.as_str() {
                "BDC" | "BMC" => {
                    depth += 1;
                    if op.operator == "BDC"
                        && let Some(Object::Dictionary(props)) = op.operands.get(1)
                        && let Ok(mcid) = props.get(b"MCID").and_then(|m| m.as_i64())
                    {
                        mcids += 1;
                        let elem = entries
                            .get(mcid as usize)
                            .unwrap_or_else(|| panic!("{file}: MCID {mcid} not in parent tree"));
                        let elem = doc.get_dictionary(elem.as_reference().unwrap()).unwrap();
                        let kids = elem.get(b"K").unwrap().as_array().unwrap();
                        assert!(
                            kids.iter().any(|k| k.as_dict().is_ok_and(|m| m
                                .get(b"MCID")
                                .and_then(|x| x.as_i64())
                                .ok()
                                == Some(mcid)
                                && m.get(b"Pg").and_then(|p| p.as_reference()).ok() == Some(page))),
                            "{file}: element for MCID {mcid} on page {} does not hold it",
                            i + 1
                        );
                    }
                }
                "EMC" => depth -= 1,
                "Tj" | "TJ" | "'" | "\"" | "re" | "Do" => {
                    assert!(depth > 0, "{file}: page {}: `{}` outside marked content", i + 1, op.operator)
                }
                _ => {}
            }
        }
        assert_eq!(depth, 0, "{file}: unbalanced marked content");
        assert!(mcids > 0, "{file}: page {} has no tagged content", i + 1);
        // Annotations: each a tagged Link with alternate text.
        let annots =
            pd.get(b"Annots").map(|a| deref(&doc, a).as_array().unwrap().clone()).unwrap_or_default();
        for a in annots {
            let id = a.as_reference().unwrap();
            let ad = doc.get_dictionary(id).unwrap();
            assert!(!text(ad.get(b"Contents").expect("annotation /Contents")).is_empty(), "{file}");
            let key = ad.get(b"StructParent").expect("annotation /StructParent").as_i64().unwrap();
            let elem = doc.get_dictionary(tree[&key].as_reference().unwrap()).unwrap();
            assert_eq!(elem.get(b"S").unwrap().as_name().unwrap(), b"Link", "{file}");
            let kids = elem.get(b"K").unwrap().as_array().unwrap();
            assert!(
                kids.iter().any(|k| k.as_dict().is_ok_and(|o| o
                    .get(b"Obj")
                    .and_then(|r| r.as_reference())
                    .ok()
                    == Some(id))),
                "{file}: Link element does not point at its annotation"
            );
            // And holds the link's text (ISO 32000-1 14.8.4.4.2), which had stayed in the
            // paragraph beside an empty Link.
            assert!(
                kids.iter().any(|k| k.as_dict().is_ok_and(|m| m.get(b"MCID").is_ok())),
                "{file}: Link element without its text"
            );
            links += 1;
        }
    }
    assert!(links > 0, "{file}: no links checked");

    // Heading levels never skip one going down (Matterhorn 14-003): a one-section handout
    // had put its subsections' H3 straight under the H1.
    let texts = element_texts(&doc, root);
    let mut previous = 0;
    for (tag, t) in &texts {
        let Some(level) = tag.strip_prefix('H').and_then(|l| l.parse::<u8>().ok()) else { continue };
        assert!(level <= previous + 1, "{file}: {tag} `{t}` after an H{previous}");
        previous = level;
    }

    // Word breaks are real spaces in the text a screen reader gets (ISO 32000-1 14.8.2.5): at
    // line ends, between a justified line's words, around a change of face. They had been left
    // to glyph positions: "aimed athelping", "published inEuropean".
    // The medical disclaimer and the sources are read as text, once, after the document
    // (Matterhorn 01-002): they had been artifacts on every page.
    let note = texts.iter().rev().nth(1).map(|(tag, t)| (tag.as_str(), t.replace('\u{a0}', " ")));
    assert!(
        note.as_ref().is_some_and(|(tag, t)| *tag == "P" && t.contains("not medical advice")),
        "{file}: the last element is {note:?}"
    );
    let words: usize =
        texts.iter().filter(|(tag, _)| tag == "Document").map(|(_, t)| t.split_whitespace().count()).sum();
    assert!(words > 100, "{file}: {words} words in the structure tree");
    let corpus =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/corpus/kratom-addiction.md")).unwrap();
    let known: std::collections::HashSet<String> = corpus
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    for (tag, t) in texts.iter().filter(|(tag, _)| matches!(tag.as_str(), "P" | "LBody" | "H1" | "H2" | "H3"))
    {
        // (Web addresses run their words together on purpose: findtreatment.gov.)
        let prose = t.split_whitespace().filter(|w| !w.contains("://") && !w.contains("www."));
        for word in prose.flat_map(|w| w.split(|c: char| !c.is_alphanumeric())).filter(|w| w.len() > 3) {
            let glued = !known.contains(&word.to_lowercase())
                && (1..word.len()).filter(|&k| word.is_char_boundary(k)).any(|k| {
                    known.contains(&word[..k].to_lowercase())
                        && known.contains(&word[k..].to_lowercase())
                        && word[..k].len() > 1
                        && word[k..].len() > 1
                });
            assert!(!glued, "{file}: {tag} reads `{word}`, two words without a space: {t}");
        }
    }
}

#[test]
fn every_output_of_build_meets_the_checkable_pdf_ua_rules() {
    let p = Project::shipped();
    p.add_packs();
    p.ok(&["build"]);
    let mut checked = 0;
    for dir in ["output/handouts", "output/packs"] {
        for e in std::fs::read_dir(p.path().join(dir)).unwrap() {
            let path = e.unwrap().path();
            check(&path.display().to_string(), &std::fs::read(&path).unwrap(), (612.0, 792.0));
            checked += 1;
        }
    }
    assert_eq!(checked, 5);
    p.ok(&["handout", "signs", "--paper", "a4", "--large-print", "-o", "a4.pdf"]);
    check("a4.pdf", &std::fs::read(p.path().join("a4.pdf")).unwrap(), (595.28, 841.89));
    // A section with subsections, alone: its heading is the title, its subsections H2.
    p.ok(&["handout", "-s", "treatment", "-o", "one.pdf"]);
    check("one.pdf", &std::fs::read(p.path().join("one.pdf")).unwrap(), (612.0, 792.0));
    // Justified lines set each word apart: the spaces between them are drawn all the same.
    p.ok(&["handout", "detox", "--justify", "-o", "justified.pdf"]);
    check("justified.pdf", &std::fs::read(p.path().join("justified.pdf")).unwrap(), (612.0, 792.0));
}

#[test]
fn a_part_in_another_language_is_marked_with_its_language() {
    let p = Project::fixture("mixed");
    let both = p.write_pack(
        "both.toml",
        "title = \"Both\"\n[[module]]\ntitle = \"Sleep\"\ntopics = [\"sleep\"]\n[[module]]\ntitle = \"Tratamientos\"\ntopics = [\"tratamiento\"]\n",
    );
    p.ok(&["pack", &both]);
    let doc = Document::load_mem(&std::fs::read(p.path().join("output/packs/both.pdf")).unwrap()).unwrap();
    assert_eq!(doc.catalog().unwrap().get(b"Lang").unwrap().as_str().unwrap(), b"en");
    let mut tagged: Vec<(String, String)> = Vec::new();
    for obj in doc.objects.values() {
        let Ok(d) = obj.as_dict() else { continue };
        if d.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"StructElem") {
            continue;
        }
        if let Ok(lang) = d.get(b"Lang") {
            let s = String::from_utf8_lossy(d.get(b"S").unwrap().as_name().unwrap()).into_owned();
            tagged.push((s, String::from_utf8_lossy(lang.as_str().unwrap()).into_owned()));
        }
    }
    // The Spanish section's heading and paragraph, and its contents entry, nothing of the
    // English ones (the entry had been read as English).
    assert!(tagged.iter().all(|(_, l)| l == "es"), "{tagged:?}");
    assert!(tagged.iter().any(|(s, _)| s == "H2") && tagged.iter().any(|(s, _)| s == "P"), "{tagged:?}");
    assert_eq!(tagged.iter().filter(|(s, _)| s == "TOCI").count(), 1, "{tagged:?}");
}

#[test]
fn a_service_borrowed_from_a_document_in_another_language_is_marked_in_it() {
    // A Spanish document with no resources of its own prints the corpus's English ones:
    // marked English for a screen reader, and labelled in English, as their text is.
    let p = Project::shipped();
    p.add_spanish_document_without_resources();
    p.ok(&["handout", "abstinencia", "-o", "es.pdf"]);
    let bytes = std::fs::read(p.path().join("es.pdf")).unwrap();
    let text = crate::common::pdf_pages(&bytes).join("\n").replace('\u{a0}', " ");
    assert!(text.contains("Dónde pedir ayuda") && text.contains("Phone: 1-800-662-4357"), "{text}");
    let doc = Document::load_mem(&bytes).unwrap();
    assert_eq!(doc.catalog().unwrap().get(b"Lang").unwrap().as_str().unwrap(), b"es");
    let english = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem"))
        .filter(|d| d.get(b"Lang").and_then(|l| l.as_str()).ok() == Some(b"en"))
        .count();
    // Each service's name and description, phone or web address.
    assert!(english >= 4, "{english} elements marked English");
}

#[test]
fn a_clinic_written_in_another_language_is_marked_and_labelled_in_it() {
    let p = Project::shipped();
    std::fs::write(
        p.path().join("clinica.toml"),
        "name = \"Clínica Guadalupe\"\nphone = \"+34 912 345 678\"\nhours = \"Lunes a viernes, de 9:00 a 14:00\"\nlanguage = \"es\"\n\n[[resources]]\nname = \"Grupo de apoyo\"\ndescription = \"Los jueves a las 18:00.\"\nphone = \"+34 912 345 679\"\n",
    )
    .unwrap();
    p.ok(&["handout", "detox", "--clinic", "clinica.toml", "-o", "es.pdf"]);
    let bytes = std::fs::read(p.path().join("es.pdf")).unwrap();
    let text = crate::common::pdf_pages(&bytes).join("\n").replace('\u{a0}', " ");
    // The clinic's own entries are labelled in Spanish; the corpus's helpline, in English.
    assert!(
        text.contains("Teléfono: +34 912 345 678") && text.contains("Horario: Lunes a viernes"),
        "{text}"
    );
    assert!(text.contains("Phone: 1-800-662-4357"), "{text}");
    let doc = Document::load_mem(&bytes).unwrap();
    let spanish = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"StructElem"))
        .filter(|d| d.get(b"Lang").and_then(|l| l.as_str()).ok() == Some(b"es"))
        .count();
    // The name, phone and hours, and the group's two lines.
    assert!(spanish >= 5, "{spanish} elements marked Spanish");
    // Its phone links say what they do in Spanish too, as the element around them is read;
    // the corpus's helpline in English.
    let contents: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Link"))
        .map(|d| self::text(d.get(b"Contents").unwrap()))
        .collect();
    assert!(contents.contains(&"Llamar al +34 912 345 678".to_string()), "{contents:?}");
    assert!(contents.iter().any(|c| c.starts_with("Call 1-800-662-4357")), "{contents:?}");
    // On a pack's cover too, as in its contact block: the cover had read "Phone: +34 …" and
    // "Hours: Lunes a viernes" above a block that said "Teléfono:" and "Horario:".
    std::fs::create_dir_all(p.path().join("packs")).unwrap();
    std::fs::copy(p.path().join("clinica.toml"), p.path().join("packs/clinica.toml")).unwrap();
    let spec = p.write_pack(
        "es.toml",
        "title = \"Curso\"\nclinic = \"clinica.toml\"\n\n[[module]]\ntitle = \"Detox\"\ntopics = [\"detox\"]\n",
    );
    p.ok(&["pack", &spec, "--out", "packs-out"]);
    let bytes = std::fs::read(p.path().join("packs-out/packs/es.pdf")).unwrap();
    let cover = crate::common::pdf_pages(&bytes)[0].replace('\u{a0}', " ");
    assert!(
        cover.contains("Teléfono: +34 912 345 678") && cover.contains("Horario: Lunes a viernes"),
        "{cover}"
    );
    assert!(!cover.contains("Phone:") && !cover.contains("Hours:"), "{cover}");
    // A language handouts are not set in is refused at its line.
    std::fs::write(p.path().join("fr.toml"), "name = \"A\"\nphone = \"555-0100\"\nlanguage = \"fr\"\n")
        .unwrap();
    let err = p.err(&["handout", "detox", "--clinic", "fr.toml", "-o", "fr.pdf"]);
    assert!(
        err.contains("fr.toml:3: `language` `fr` is not one handouts are set in; write one of: en, es"),
        "{err}"
    );
    // A code in capitals is read as the same language ("ES" had been refused).
    std::fs::write(p.path().join("caps.toml"), "name = \"A\"\nphone = \"555-0100\"\nlanguage = \"ES\"\n")
        .unwrap();
    p.ok(&["handout", "detox", "--clinic", "caps.toml", "-o", "caps.pdf"]);
    let doc = Document::load_mem(&std::fs::read(p.path().join("caps.pdf")).unwrap()).unwrap();
    let marked = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .any(|d| d.get(b"Lang").and_then(|l| l.as_str()).ok() == Some(b"es"));
    assert!(marked, "the clinic's entries are marked Spanish");
}
