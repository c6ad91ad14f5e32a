//! The typeface: Atkinson Hyperlegible (regular, bold, italic, bold italic), embedded in the
//! binary from `fonts/` so handouts build offline. Glyph advances come from the font files
//! through `ttf-parser` (the same numbers a PDF viewer uses); kerning is read from the pair
//! adjustments of the fonts' GPOS `kern` lookups (parsed once per face), kept once read in a
//! per-face table of Latin-1 pairs (a test checks it against what `rustybuzz` shaping of each
//! pair gives). A face is parsed the first time it is used, so a short job pays only for the
//! faces it sets. Embedded subsets leave out the hinting (`fonts/glyf.rs`).

mod glyf;

use std::cell::RefCell;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU16, Ordering};
use ttf_parser::gpos::{PairAdjustment, PositioningSubtable};
use ttf_parser::{Face, GlyphId, Tag};

/// One of the four faces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum FontStyle {
    /// Upright, normal weight.
    Regular,
    /// Upright, bold.
    Bold,
    /// Italic, normal weight.
    Italic,
    /// Italic, bold.
    BoldItalic,
}

impl FontStyle {
    /// All four, in resource order.
    pub const ALL: [FontStyle; 4] =
        [FontStyle::Regular, FontStyle::Bold, FontStyle::Italic, FontStyle::BoldItalic];

    /// The face for a bold/italic combination.
    pub fn from_flags(bold: bool, italic: bool) -> FontStyle {
        match (bold, italic) {
            (false, false) => FontStyle::Regular,
            (true, false) => FontStyle::Bold,
            (false, true) => FontStyle::Italic,
            (true, true) => FontStyle::BoldItalic,
        }
    }

    /// Index into [`FontStyle::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

const BYTES: [&[u8]; 4] = [
    include_bytes!("../../fonts/AtkinsonHyperlegible_400Regular.ttf"),
    include_bytes!("../../fonts/AtkinsonHyperlegible_700Bold.ttf"),
    include_bytes!("../../fonts/AtkinsonHyperlegible_400Regular_Italic.ttf"),
    include_bytes!("../../fonts/AtkinsonHyperlegible_700Bold_Italic.ttf"),
];

/// Characters below this have their glyph and advance looked up once per face, in a table.
const TABLE: u32 = 0x800;

/// Pairs of characters below this have their kerning kept in a per-face table once read:
/// nearly every pair in English and Spanish text.
const KERN_TABLE: u32 = 0x100;

/// One face, parsed on first use.
struct FaceData {
    face: Face<'static>,
    /// The pair-adjustment subtables of each GPOS lookup of the `kern` feature (Latin script,
    /// else the default), lookups in the order shaping applies them.
    kern_lookups: Vec<Vec<PairAdjustment<'static>>>,
    /// Kerning of each pair of characters below [`KERN_TABLE`] once read, in font units,
    /// stored as `units ^ 0x8000` so that 0 means not read yet (no pair kerns by −32768); a
    /// row per first character, made when that character is first measured.
    kern_table: Box<[OnceLock<Box<[AtomicU16]>>]>,
    /// Glyph of each character below [`TABLE`] (what `Face::glyph_index` answers).
    glyphs: Box<[Option<GlyphId>]>,
    /// Advance width in font units of each character below [`TABLE`] (0 = missing glyph).
    advances: Box<[u16]>,
}

impl FaceData {
    fn parse(bytes: &'static [u8]) -> FaceData {
        // The files are compiled in and known-good; a parse failure is a build defect.
        let face = Face::parse(bytes, 0).expect("embedded font parses");
        // The characters a face maps are read from its cmap subtables rather than looked up
        // one by one: the first Unicode subtable that maps a character wins, as in
        // `Face::glyph_index`.
        let mut glyphs: Box<[Option<GlyphId>]> = vec![None; TABLE as usize].into_boxed_slice();
        if let Some(cmap) = face.tables().cmap {
            for subtable in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
                subtable.codepoints(|c| {
                    if c < TABLE && glyphs[c as usize].is_none() {
                        glyphs[c as usize] = subtable.glyph_index(c);
                    }
                });
            }
        }
        let advances =
            glyphs.iter().map(|g| g.and_then(|g| face.glyph_hor_advance(g)).unwrap_or(0)).collect();
        let kern_lookups = kern_lookups(&face);
        let kern_table = (0..KERN_TABLE).map(|_| OnceLock::new()).collect();
        FaceData { face, kern_lookups, kern_table, glyphs, advances }
    }

    /// What the `kern` lookups add to the advances of glyph `a` followed by glyph `b`, in font
    /// units: each lookup's first pair-adjustment subtable that covers the pair applies, as in
    /// shaping a two-glyph run.
    fn pair_kerning(&self, a: GlyphId, b: GlyphId) -> i32 {
        let mut total = 0;
        for subtables in &self.kern_lookups {
            for pair in subtables {
                let Some(first) = pair.coverage().get(a) else { continue };
                let values = match pair {
                    PairAdjustment::Format1 { sets, .. } => sets.get(first).and_then(|set| set.get(b)),
                    PairAdjustment::Format2 { classes, matrix, .. } => {
                        matrix.get((classes.0.get(a), classes.1.get(b)))
                    }
                };
                if let Some((first, second)) = values {
                    total += first.x_advance as i32 + second.x_advance as i32;
                    break;
                }
            }
        }
        total
    }
}

/// The pair-adjustment subtables of the lookups of the `kern` feature of a face's GPOS table,
/// under the Latin script's default language (or the default script's), lookups sorted:
/// shaping applies lookups in list order.
fn kern_lookups(face: &Face<'static>) -> Vec<Vec<PairAdjustment<'static>>> {
    let Some(gpos) = face.tables().gpos else { return Vec::new() };
    let script =
        gpos.scripts.find(Tag::from_bytes(b"latn")).or_else(|| gpos.scripts.find(Tag::from_bytes(b"DFLT")));
    let Some(language) = script.and_then(|s| s.default_language) else { return Vec::new() };
    let mut lookups: Vec<u16> = language
        .feature_indices
        .into_iter()
        .filter_map(|i| gpos.features.get(i))
        .filter(|f| f.tag == Tag::from_bytes(b"kern"))
        .flat_map(|f| f.lookup_indices)
        .collect();
    lookups.sort_unstable();
    lookups.dedup();
    lookups
        .into_iter()
        .filter_map(|index| gpos.lookups.get(index))
        .map(|lookup| {
            (0..lookup.subtables.len())
                .filter_map(|i| match lookup.subtables.get::<PositioningSubtable<'static>>(i) {
                    Some(PositioningSubtable::Pair(pair)) => Some(pair),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// The four faces, each parsed when first used (a handout in one face never parses the
/// others), with per-character glyph and advance tables.
pub struct Fonts {
    faces: [OnceLock<FaceData>; 4],
    units_per_em: f32,
}

/// The process-wide fonts.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let fonts = Fonts { faces: Default::default(), units_per_em: 0.0 };
        let units_per_em = fonts.face(FontStyle::Regular).face.units_per_em() as f32;
        Fonts { units_per_em, ..fonts }
    })
}

impl Fonts {
    fn face(&self, style: FontStyle) -> &FaceData {
        self.faces[style.index()].get_or_init(|| FaceData::parse(BYTES[style.index()]))
    }

    /// The font file of a face.
    pub fn bytes(&self, style: FontStyle) -> &'static [u8] {
        BYTES[style.index()]
    }

    fn advance_units(&self, style: FontStyle, c: char) -> Option<u16> {
        let data = self.face(style);
        if (c as u32) < TABLE {
            let a = data.advances[c as usize];
            return (a > 0).then_some(a);
        }
        data.face.glyph_index(c).and_then(|g| data.face.glyph_hor_advance(g))
    }

    fn glyph(&self, style: FontStyle, c: char) -> Option<GlyphId> {
        let data = self.face(style);
        if (c as u32) < TABLE {
            return data.glyphs[c as usize];
        }
        data.face.glyph_index(c)
    }

    /// Kerning between two characters in font units (negative tightens): what shaping the pair
    /// with the font's `kern` feature adds to their nominal advances.
    fn kern_units(&self, style: FontStyle, a: char, b: char) -> i16 {
        if a.is_whitespace() || b.is_whitespace() {
            return 0;
        }
        if (a as u32) < KERN_TABLE && (b as u32) < KERN_TABLE {
            let row = self.face(style).kern_table[a as usize]
                .get_or_init(|| (0..KERN_TABLE).map(|_| AtomicU16::new(0)).collect());
            let slot = &row[b as usize];
            let stored = slot.load(Ordering::Relaxed);
            if stored != 0 {
                return (stored ^ 0x8000) as i16;
            }
            let k = self.pair_units(style, a, b).max(i16::MIN + 1);
            slot.store(k as u16 ^ 0x8000, Ordering::Relaxed);
            return k;
        }
        thread_local! {
            // Pairs beyond the table (rare): a fast hash of one packed key.
            static CACHE: RefCell<rustc_hash::FxHashMap<u64, i16>> = RefCell::default();
        }
        let key = (style.index() as u64) << 42 | (a as u64) << 21 | b as u64;
        if let Some(k) = CACHE.with(|c| c.borrow().get(&key).copied()) {
            return k;
        }
        let k = self.pair_units(style, a, b);
        CACHE.with(|c| c.borrow_mut().insert(key, k));
        k
    }

    /// Kerning of a character pair read from the face's GPOS lookups (uncached); 0 where
    /// either character has no glyph.
    fn pair_units(&self, style: FontStyle, a: char, b: char) -> i16 {
        let (Some(ga), Some(gb)) = (self.glyph(style, a), self.glyph(style, b)) else { return 0 };
        if self.advance_units(style, a).is_none() || self.advance_units(style, b).is_none() {
            return 0;
        }
        self.face(style).pair_kerning(ga, gb).clamp(i16::MIN as i32, i16::MAX as i32) as i16
    }

    /// Kerning between two characters set in `style` at `size`, in points (negative tightens).
    pub fn kern(&self, style: FontStyle, a: char, b: char, size: f32) -> f32 {
        self.kern_units(style, a, b) as f32 * size / self.units_per_em
    }

    /// Width of `text` set in `style` at `size` points, kerning included.
    pub fn width(&self, style: FontStyle, text: &str, size: f32) -> f32 {
        self.points(self.units_after(style, None, text), size)
    }

    /// The advance of `text` in font units, its kerning included, and the kerning between
    /// `before` (the letter set just before it, if any) and its first letter: a run's width
    /// grows by this as text is added to it, to the same sum as measuring it whole.
    pub fn units_after(&self, style: FontStyle, before: Option<char>, text: &str) -> i32 {
        let mut units = 0i32;
        let mut prev = before;
        for c in text.chars() {
            units += self.advance_units(style, c).unwrap_or(0) as i32;
            if let Some(p) = prev {
                units += self.kern_units(style, p, c) as i32;
            }
            prev = Some(c);
        }
        units
    }

    /// `units` of the font at `size`, in points.
    pub fn points(&self, units: i32, size: f32) -> f32 {
        units as f32 * size / self.units_per_em
    }

    /// Kerning adjustments of `text`: (char index, adjustment in thousandths of an em), only
    /// where non-zero; the PDF writer turns them into `TJ` offsets.
    pub fn kerning(&self, style: FontStyle, text: &str) -> Vec<(usize, f32)> {
        let chars: Vec<char> = text.chars().collect();
        chars
            .windows(2)
            .enumerate()
            .filter_map(|(i, w)| {
                let k = self.kern_units(style, w[0], w[1]);
                (k != 0).then(|| (i + 1, k as f32 * 1000.0 / self.units_per_em))
            })
            .collect()
    }

    /// A subset of a face holding only the glyphs for `chars` (plus `.notdef`), with a
    /// Unicode cmap for them, ready to embed. Glyph ids are renumbered, so text must be
    /// encoded through the subset's own cmap.
    pub fn subset(
        &self,
        style: FontStyle,
        chars: &std::collections::BTreeSet<char>,
    ) -> Result<Vec<u8>, String> {
        use allsorts::binary::read::ReadScope;
        use allsorts::font_data::FontData;
        use allsorts::subset::{CmapTarget, SubsetProfile, subset};
        let mut ids: Vec<u16> = chars.iter().filter_map(|&c| self.glyph(style, c)).map(|g| g.0).collect();
        ids.push(0);
        ids.sort_unstable();
        ids.dedup();
        let scope = ReadScope::new(self.bytes(style));
        let data = scope.read::<FontData<'_>>().map_err(|e| e.to_string())?;
        let provider = data.table_provider(0).map_err(|e| e.to_string())?;
        // allsorts' PDF profile without `name`: a PDF names its fonts itself (`/BaseFont`), and
        // the table's copyright and licence strings were a tenth of each embedded subset.
        // Nor the hinting programs (`cvt `, `fpgm`, `prep`): see [`unhinted`].
        use allsorts::tag;
        let tables = vec![tag::CMAP, tag::HEAD, tag::HHEA, tag::HMTX, tag::MAXP, tag::POST];
        let hinted = subset(&provider, &ids, &SubsetProfile::Custom(tables), CmapTarget::Unicode)
            .map_err(|e| e.to_string())?;
        unhinted(&hinted).map_err(|e| e.to_string())
    }

    /// The first character of `text` the face cannot draw. Only the ASCII space and line
    /// breaks are exempt (layout spaces and breaks lines itself); any other whitespace, such as
    /// a thin or ideographic space, must have a glyph or it prints as a box. Text is normalized
    /// where it enters ([`crate::corpus::markdown::normalize_space`]), so such characters rarely get
    /// this far.
    pub fn missing(&self, style: FontStyle, text: &str) -> Option<char> {
        text.chars().find(|&c| self.lacks(style, c))
    }

    /// Whether `style` has no glyph for `c`, a character to print (a space or a line break is
    /// not drawn).
    fn lacks(&self, style: FontStyle, c: char) -> bool {
        c != ' ' && c != '\n' && self.glyph(style, c).is_none()
    }

    /// Every character of `text` that `style` has no glyph for, each once, in order.
    pub fn missing_all(&self, style: FontStyle, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for c in text.chars().filter(|&c| self.lacks(style, c)) {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }

    /// How a refusal names a character no face has, after the field that holds it: "has the
    /// character `😀` (U+1F600), which the handout font cannot print".
    pub fn cannot_print(c: char) -> String {
        format!("has the character `{c}` (U+{:04X}), which the handout font cannot print", c as u32)
    }

    /// [`Fonts::cannot_print`] of every character in `chars` (not empty): all of them told at
    /// once, and what to do. A name in Vietnamese with a sign's emoji had been refused a
    /// character a run.
    pub fn cannot_print_all(chars: &[char]) -> String {
        match chars {
            [c] => Self::cannot_print(*c),
            _ => {
                let named: Vec<String> =
                    chars.iter().map(|c| format!("`{c}` (U+{:04X})", *c as u32)).collect();
                format!(
                    "has {} characters the handout font cannot print: {}; write them in Latin letters, or leave them out",
                    chars.len(),
                    named.join(", ")
                )
            }
        }
    }

    /// [`Fonts::missing`] in the regular or the bold face: text a handout sets in either.
    pub fn missing_in_either(&self, text: &str) -> Option<char> {
        [FontStyle::Regular, FontStyle::Bold].into_iter().find_map(|style| self.missing(style, text))
    }

    /// Ascender as a fraction of the font size.
    pub fn ascender(&self) -> f32 {
        self.face(FontStyle::Regular).face.ascender() as f32 / self.units_per_em
    }

    /// Height of capital letters in thousandths of an em (a PDF font descriptor's CapHeight).
    pub fn cap_height(&self, style: FontStyle) -> f32 {
        let face = &self.face(style).face;
        let units = face.capital_height().map(f32::from).unwrap_or_else(|| {
            // Without an OS/2 value, the height of `H`.
            face.glyph_index('H').and_then(|g| face.glyph_bounding_box(g)).map_or(700.0, |b| b.y_max as f32)
        });
        (units * 1000.0 / self.units_per_em).round()
    }

    /// Descender (negative) as a fraction of the font size.
    pub fn descender(&self) -> f32 {
        self.face(FontStyle::Regular).face.descender() as f32 / self.units_per_em
    }
}

/// `font` (a TrueType font without `cvt `, `fpgm` and `prep`) with its glyphs' hinting
/// instructions taken out too, and `maxp`'s limits for them zeroed.
///
/// Hinting snaps outlines to the pixel grid of a low-resolution screen. PDF viewers render
/// embedded TrueType fonts unhinted or auto-hinted, and print is far above the resolution
/// hinting serves; yet the instructions were about 60 % of each subset's bytes (Atkinson
/// Hyperlegible is hinted by ttfautohint). Without them a handout is smaller and quicker to
/// compress; the outlines are the same.
fn unhinted(font: &[u8]) -> Result<Vec<u8>, String> {
    use allsorts::binary::read::ReadScope;
    use allsorts::error::ParseError;
    use allsorts::font_data::FontData;
    use allsorts::tables::FontTableProvider;
    use allsorts::tag;
    use std::borrow::Cow;

    let data = ReadScope::new(font).read::<FontData<'_>>().map_err(|e| e.to_string())?;
    let provider = data.table_provider(0).map_err(|e| e.to_string())?;
    let table = |t: u32| provider.read_table_data(t).map_err(|e| e.to_string());
    let (head, mut maxp, loca, glyf) =
        (table(tag::HEAD)?, table(tag::MAXP)?.into_owned(), table(tag::LOCA)?, table(tag::GLYF)?);
    let (glyf, loca) = glyf::strip_instructions(&glyf, &loca, &head, &maxp).ok_or("malformed glyf table")?;
    glyf::zero_instruction_limits(&mut maxp);

    /// The font's tables, with `glyf`, `loca` and `maxp` replaced.
    struct Replaced<'a, P> {
        inner: &'a P,
        glyf: &'a [u8],
        loca: &'a [u8],
        maxp: &'a [u8],
    }
    impl<P: FontTableProvider> FontTableProvider for Replaced<'_, P> {
        fn table_data(&self, tag: u32) -> Result<Option<Cow<'_, [u8]>>, ParseError> {
            Ok(match tag {
                tag::GLYF => Some(Cow::Borrowed(self.glyf)),
                tag::LOCA => Some(Cow::Borrowed(self.loca)),
                tag::MAXP => Some(Cow::Borrowed(self.maxp)),
                _ => self.inner.table_data(tag)?,
            })
        }
        fn has_table(&self, tag: u32) -> bool {
            self.inner.has_table(tag)
        }
        fn table_tags(&self) -> Option<Vec<u32>> {
            self.inner.table_tags()
        }
    }
    let replaced = Replaced { inner: &provider, glyf: &glyf, loca: &loca, maxp: &maxp };
    // Every table the subset has, so the two lists cannot drift apart.
    let tags = provider.table_tags().ok_or("a font without a table directory")?;
    allsorts::subset::whole_font(&replaced, &tags).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_and_advance_tables_agree_with_the_cmap() {
        for style in FontStyle::ALL {
            let face = Face::parse(BYTES[style.index()], 0).unwrap();
            let mut mapped = 0;
            for c in (0..TABLE).filter_map(char::from_u32) {
                let glyph = face.glyph_index(c);
                mapped += glyph.is_some() as usize;
                assert_eq!(fonts().glyph(style, c), glyph, "{style:?} {c:?}");
                let advance = glyph.and_then(|g| face.glyph_hor_advance(g)).filter(|&a| a > 0);
                assert_eq!(fonts().advance_units(style, c), advance, "{style:?} {c:?}");
            }
            assert!(mapped > 200, "{style:?}: {mapped} characters mapped");
        }
    }

    /// What shaping does to a pair's advances with only kerning on: ligatures would change
    /// which glyphs are drawn, and the PDF writer maps characters to glyphs one to one.
    const KERN_ONLY: [rustybuzz::Feature; 3] = [
        rustybuzz::Feature { tag: Tag::from_bytes(b"liga"), value: 0, start: 0, end: u32::MAX },
        rustybuzz::Feature { tag: Tag::from_bytes(b"clig"), value: 0, start: 0, end: u32::MAX },
        rustybuzz::Feature { tag: Tag::from_bytes(b"kern"), value: 1, start: 0, end: u32::MAX },
    ];

    #[test]
    fn kerning_read_from_gpos_is_what_shaping_each_pair_gives() {
        // Every pair of printable ASCII, and the Spanish letters, quotes and dashes with the
        // ASCII letters, in every face.
        let ascii: Vec<char> = (0x20u8..0x7f).map(char::from).collect();
        let extra: Vec<char> = "áéíóúüñÁÉÍÓÚÑ¿¡“”‘’–—…·•".chars().collect();
        let letters: Vec<char> = ascii.iter().copied().filter(char::is_ascii_alphanumeric).collect();
        let mut pairs: Vec<(char, char)> = Vec::new();
        for &a in &ascii {
            pairs.extend(ascii.iter().map(|&b| (a, b)));
        }
        for &x in &extra {
            for &l in letters.iter().chain(&extra) {
                pairs.extend([(x, l), (l, x)]);
            }
        }
        let mut kerned = 0;
        for style in FontStyle::ALL {
            let shaper = rustybuzz::Face::from_slice(BYTES[style.index()], 0).unwrap();
            for &(a, b) in &pairs {
                let mut buffer = rustybuzz::UnicodeBuffer::new();
                buffer.push_str(&format!("{a}{b}"));
                let shaped = rustybuzz::shape(&shaper, &KERN_ONLY, buffer);
                let (Some(na), Some(nb)) = (fonts().advance_units(style, a), fonts().advance_units(style, b))
                else {
                    continue;
                };
                let total: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
                let expected = if shaped.len() == 2 { (total - na as i32 - nb as i32) as i16 } else { 0 };
                assert_eq!(fonts().pair_units(style, a, b), expected, "{style:?} {a:?}{b:?}");
                kerned += (expected != 0) as usize;
            }
        }
        assert!(kerned > 1000, "only {kerned} kerned pairs: the comparison checks too little");
    }

    #[test]
    fn a_subset_keeps_the_glyphs_used_and_drops_the_name_table_and_the_hinting() {
        use allsorts::binary::read::ReadScope;
        use allsorts::tables::glyf::{CompositeGlyphFlagExt, GlyfRecord, GlyfTable, Glyph};
        use allsorts::tables::loca::LocaTable;
        use allsorts::tables::{HeadTable, MaxpTable};
        let f = fonts();
        // ASCII, and the Spanish letters and punctuation, whose accented letters are composite
        // glyphs in these faces.
        let chars: std::collections::BTreeSet<char> =
            (' '..='~').chain("áéíóúñüÁÉÍÓÚÑÜ¿¡’“”—–•".chars()).collect();
        let mut composites = 0;
        for style in FontStyle::ALL {
            let bytes = f.subset(style, &chars).unwrap();
            assert!(bytes.len() * 3 < f.bytes(style).len(), "{style:?}: {} bytes", bytes.len());
            let face = ttf_parser::Face::parse(&bytes, 0).expect("the subset parses");
            let full = ttf_parser::Face::parse(f.bytes(style), 0).unwrap();
            for tag in [b"name", b"cvt ", b"fpgm", b"prep"] {
                assert!(table(&face, tag).is_none(), "{style:?} keeps {}", String::from_utf8_lossy(tag));
            }
            for tag in [b"glyf", b"loca", b"head", b"hhea", b"hmtx", b"maxp", b"cmap"] {
                assert!(table(&face, tag).is_some(), "{style:?}");
            }
            // Every character used keeps its glyph, its advance and its outline, point for point.
            for c in chars.iter().filter(|c| !c.is_whitespace()) {
                let g = face.glyph_index(*c).unwrap_or_else(|| panic!("{style:?}: no glyph for {c}"));
                let g_full = full.glyph_index(*c).unwrap();
                assert_eq!(face.glyph_hor_advance(g), full.glyph_hor_advance(g_full), "{style:?} {c}");
                let (mut subset_path, mut full_path) = (Path::default(), Path::default());
                assert!(face.outline_glyph(g, &mut subset_path).is_some(), "{style:?}: {c} has no outline");
                full.outline_glyph(g_full, &mut full_path);
                assert_eq!(subset_path.0, full_path.0, "{style:?}: the outline of {c}");
            }
            // No glyph keeps instructions (read back with allsorts' own glyph parser).
            let head = ReadScope::new(table(&face, b"head").unwrap()).read::<HeadTable>().unwrap();
            let maxp = ReadScope::new(table(&face, b"maxp").unwrap()).read::<MaxpTable>().unwrap();
            assert_eq!(maxp.version1_sub_table.unwrap().max_size_of_instructions, 0, "{style:?}");
            let loca = ReadScope::new(table(&face, b"loca").unwrap())
                .read_dep::<LocaTable<'_>>((maxp.num_glyphs, head.index_to_loc_format))
                .unwrap();
            let mut glyf =
                ReadScope::new(table(&face, b"glyf").unwrap()).read_dep::<GlyfTable<'_>>(&loca).unwrap();
            for record in glyf.records_mut() {
                record.parse().unwrap();
                match record {
                    GlyfRecord::Parsed(Glyph::Simple(g)) => assert!(g.instructions.is_empty(), "{style:?}"),
                    GlyfRecord::Parsed(Glyph::Composite(g)) => {
                        composites += 1;
                        assert!(g.instructions.is_empty(), "{style:?}");
                        assert!(g.glyphs.iter().all(|part| !part.flags.we_have_instructions()), "{style:?}");
                    }
                    _ => {}
                }
            }
        }
        assert!(composites > 0, "the test covers composite glyphs");
    }

    fn table<'a>(face: &ttf_parser::Face<'a>, tag: &[u8; 4]) -> Option<&'a [u8]> {
        face.raw_face().table(ttf_parser::Tag::from_bytes(tag))
    }

    /// An outline as the drawing operations that make it.
    #[derive(Default)]
    struct Path(Vec<(char, [f32; 6])>);
    impl ttf_parser::OutlineBuilder for Path {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(('M', [x, y, 0.0, 0.0, 0.0, 0.0]));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(('L', [x, y, 0.0, 0.0, 0.0, 0.0]));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(('Q', [x1, y1, x, y, 0.0, 0.0]));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push(('C', [x1, y1, x2, y2, x, y]));
        }
        fn close(&mut self) {
            self.0.push(('Z', [0.0; 6]));
        }
    }

    #[test]
    fn widths_grow_with_text_and_size() {
        let f = fonts();
        let w = f.width(FontStyle::Regular, "detox", 12.0);
        assert!(w > 20.0 && w < 40.0, "{w}");
        assert!((f.width(FontStyle::Regular, "detox", 24.0) - 2.0 * w).abs() < 0.01);
        assert!(f.width(FontStyle::Bold, "detox", 12.0) > w);
    }

    #[test]
    fn kerning_comes_from_gpos() {
        let f = fonts();
        assert!(f.kerning(FontStyle::Regular, "AV To").iter().any(|(_, k)| *k < 0.0), "no kerning for AV/To");
        let plain = f.advance_units(FontStyle::Regular, 'A').unwrap()
            + f.advance_units(FontStyle::Regular, 'V').unwrap();
        assert!(f.width(FontStyle::Regular, "AV", 1000.0) < plain as f32 * 1000.0 / f.units_per_em);
    }

    #[test]
    fn covers_the_punctuation_the_corpus_uses() {
        for style in FontStyle::ALL {
            assert_eq!(fonts().missing(style, "’ “ ” — – • é ñ ¿ ¡ …"), None);
        }
        assert_eq!(fonts().missing(FontStyle::Regular, "a😀"), Some('😀'));
        assert_eq!(fonts().missing(FontStyle::Regular, "a\u{3000}b"), Some('\u{3000}'), "ideographic space");
        assert_eq!(fonts().missing(FontStyle::Regular, "a\tb"), Some('\t'));
    }
}
