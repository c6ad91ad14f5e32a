//! PDF/UA-1 finishing touches on a written PDF (lopdf document): XMP metadata with
//! `pdfuaid:part` and a `dc:title` equal to the Info title, font names with a subset tag
//! (ISO 32000-1 9.6.4) and the fonts' real cap height, exact page boxes, no empty Info keys.
//! The structure tree itself is built in `structure`.

use lopdf::{Dictionary, Object, Stream};

use super::structure::text_string;
use crate::print::fonts::{FontStyle, fonts};

/// PostScript names of the faces, by [`FontStyle::index`].
const FONT_NAMES: [&str; 4] = [
    "AtkinsonHyperlegible-Regular",
    "AtkinsonHyperlegible-Bold",
    "AtkinsonHyperlegible-Italic",
    "AtkinsonHyperlegible-BoldItalic",
];

/// What the finishing needs to know about the document.
pub struct Facts<'a> {
    /// The title (Info and XMP).
    pub title: &'a str,
    /// Document language.
    pub language: &'a str,
    /// Creation time, seconds since the epoch.
    pub created: i64,
    /// Page width and height in points.
    pub page: (f32, f32),
}

/// Applies every fix to `doc`.
pub fn conform(doc: &mut lopdf::Document, facts: &Facts) -> Result<(), lopdf::Error> {
    // PDF/UA-1 builds on ISO 32000-1, which is PDF 1.7 (printpdf declares 1.3).
    doc.version = "1.7".into();
    clean_info(doc, facts.title);
    name_fonts(doc);
    exact_boxes(doc, facts.page);
    add_xmp(doc, facts)
}

/// Drops Info entries that are empty strings (printpdf writes an empty `GTS_PDFXVersion`) and
/// sets the title the XMP repeats.
fn clean_info(doc: &mut lopdf::Document, title: &str) {
    let Ok(info) = doc.trailer.get(b"Info").and_then(|o| o.as_reference()) else { return };
    if let Ok(Object::Dictionary(d)) = doc.get_object_mut(info) {
        let empty: Vec<Vec<u8>> = d
            .iter()
            .filter(|(_, v)| matches!(v, Object::String(s, _) if s.is_empty()))
            .map(|(k, _)| k.clone())
            .collect();
        for k in empty {
            d.remove(&k);
        }
        d.set("Title", text_string(title));
    }
}

/// Renames the embedded subsets `ABCDEF+AtkinsonHyperlegible-Style`, the tag derived from the
/// subset's bytes (reproducible), and sets each descriptor's cap height from the font.
fn name_fonts(doc: &mut lopdf::Document) {
    let f = fonts();
    // Descriptors: find each one's face by its current name (`F0`…`F3`) and tag it.
    let mut renamed: Vec<(Vec<u8>, Vec<u8>)> = Vec::new();
    let ids: Vec<lopdf::ObjectId> = doc.objects.keys().copied().collect();
    for id in &ids {
        let Some(Object::Dictionary(d)) = doc.objects.get(id) else { continue };
        if d.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"FontDescriptor") {
            continue;
        }
        let Ok(old) = d.get(b"FontName").and_then(|n| n.as_name()).map(<[u8]>::to_vec) else { continue };
        let style = FontStyle::ALL.into_iter().find(|s| old == format!("F{}", s.index()).as_bytes());
        let Some(style) = style else { continue };
        let file = d.get(b"FontFile2").and_then(|o| o.as_reference()).ok();
        let bytes = file
            .and_then(|r| doc.objects.get(&r))
            .and_then(|o| o.as_stream().ok())
            .map(|s| s.content.clone())
            .unwrap_or_default();
        let hash = blake3::hash(&bytes);
        let tag: String = hash.as_bytes()[..6].iter().map(|b| (b'A' + b % 26) as char).collect();
        let new = format!("{tag}+{}", FONT_NAMES[style.index()]).into_bytes();
        let cap = f.cap_height(style);
        if let Some(Object::Dictionary(d)) = doc.objects.get_mut(id) {
            d.set("FontName", Object::Name(new.clone()));
            d.set("CapHeight", Object::Integer(cap as i64));
        }
        renamed.push((old, new));
    }
    // Font dictionaries (Type0 and its descendant CIDFont, which printpdf writes inside it)
    // name the same face in BaseFont (ISO 32000-1 Table 122).
    let rename = |d: &mut lopdf::Dictionary| {
        let Ok(base) = d.get(b"BaseFont").and_then(|n| n.as_name()) else { return };
        if let Some((_, new)) = renamed.iter().find(|(old, _)| old == base) {
            d.set("BaseFont", Object::Name(new.clone()));
        }
    };
    for id in &ids {
        let Some(Object::Dictionary(d)) = doc.objects.get_mut(id) else { continue };
        if d.get(b"Type").and_then(|t| t.as_name()).ok() != Some(b"Font") {
            continue;
        }
        rename(d);
        if let Ok(Object::Array(descendants)) = d.get_mut(b"DescendantFonts") {
            for descendant in descendants {
                if let Object::Dictionary(cid) = descendant {
                    rename(cid);
                }
            }
        }
    }
}

/// Writes every page box as exactly the page size (printpdf's millimetre round trip leaves
/// 612.00006).
fn exact_boxes(doc: &mut lopdf::Document, (w, h): (f32, f32)) {
    let w = (w * 100.0).round() / 100.0;
    let h = (h * 100.0).round() / 100.0;
    let rect = || Object::Array(vec![Object::Integer(0), Object::Integer(0), number(w), number(h)]);
    for page in doc.get_pages().into_values() {
        if let Ok(Object::Dictionary(d)) = doc.get_object_mut(page) {
            for key in [&b"MediaBox"[..], b"CropBox", b"TrimBox", b"BleedBox", b"ArtBox"] {
                if d.has(key) || key == b"MediaBox" {
                    d.set(key, rect());
                }
            }
        }
    }
}

/// A whole number as an integer, anything else as a real.
fn number(v: f32) -> Object {
    if v.fract() == 0.0 { Object::Integer(v as i64) } else { Object::Real(v) }
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The XMP packet: title, language, PDF/UA part 1, producer and dates.
pub fn xmp(facts: &Facts) -> String {
    let date = printpdf::OffsetDateTime::from_unix_timestamp(facts.created)
        .map(|t| {
            format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                t.year(),
                t.month() as u8,
                t.day(),
                t.hour(),
                t.minute(),
                t.second()
            )
        })
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into());
    format!(
        "<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n\
<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n\
<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n\
<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" \
xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{title}</rdf:li></rdf:Alt></dc:title>\n\
<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>\n\
<dc:format>application/pdf</dc:format>\n\
<pdf:Producer>outreach {version}</pdf:Producer>\n\
<xmp:CreatorTool>outreach</xmp:CreatorTool>\n\
<xmp:CreateDate>{date}</xmp:CreateDate>\n\
<xmp:ModifyDate>{date}</xmp:ModifyDate>\n\
<xmp:MetadataDate>{date}</xmp:MetadataDate>\n\
<pdfuaid:part>1</pdfuaid:part>\n\
</rdf:Description>\n\
</rdf:RDF>\n\
</x:xmpmeta>\n\
<?xpacket end=\"w\"?>",
        title = xml_escape(facts.title),
        lang = xml_escape(facts.language),
        version = env!("CARGO_PKG_VERSION"),
    )
}

fn add_xmp(doc: &mut lopdf::Document, facts: &Facts) -> Result<(), lopdf::Error> {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    // Uncompressed, so that tools that scan for XMP packets find it.
    let stream = Stream::new(dict, xmp(facts).into_bytes()).with_compression(false);
    let id = doc.add_object(Object::Stream(stream));
    doc.catalog_mut()?.set("Metadata", Object::Reference(id));
    Ok(())
}
