//! The typeface: Atkinson Hyperlegible (regular, bold, italic, bold italic), embedded in the
//! binary from `fonts/` so handouts build offline. Glyph advances come from the font files
//! through `ttf-parser` (the same numbers a PDF viewer uses); kerning comes from the fonts'
//! GPOS tables through `rustybuzz` shaping of character pairs, cached per thread.

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::OnceLock;
use ttf_parser::{Face, GlyphId};

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

/// Parsed faces with per-character advance caches.
pub struct Fonts {
    faces: Vec<Face<'static>>,
    shapers: Vec<rustybuzz::Face<'static>>,
    /// Advance widths in font units for U+0000..U+0800, per face (0 = missing glyph).
    advances: Vec<Vec<u16>>,
    units_per_em: f32,
}

/// The process-wide fonts, parsed once.
pub fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        // The files are compiled in and known-good; a parse failure is a build defect.
        let faces: Vec<Face<'static>> =
            BYTES.iter().map(|b| Face::parse(b, 0).expect("embedded font parses")).collect();
        let advances = faces
            .iter()
            .map(|f| {
                (0u32..0x800)
                    .map(|c| {
                        char::from_u32(c)
                            .and_then(|c| f.glyph_index(c))
                            .and_then(|g| f.glyph_hor_advance(g))
                            .unwrap_or(0)
                    })
                    .collect()
            })
            .collect();
        let units_per_em = faces[0].units_per_em() as f32;
        let shapers =
            BYTES.iter().map(|b| rustybuzz::Face::from_slice(b, 0).expect("embedded font parses")).collect();
        Fonts { faces, shapers, advances, units_per_em }
    })
}

impl Fonts {
    /// The font file of a face.
    pub fn bytes(&self, style: FontStyle) -> &'static [u8] {
        BYTES[style.index()]
    }

    fn advance_units(&self, style: FontStyle, c: char) -> Option<u16> {
        let i = style.index();
        if (c as u32) < 0x800 {
            let a = self.advances[i][c as usize];
            return (a > 0).then_some(a);
        }
        let face = &self.faces[i];
        face.glyph_index(c).and_then(|g| face.glyph_hor_advance(g))
    }

    fn glyph(&self, style: FontStyle, c: char) -> Option<GlyphId> {
        self.faces[style.index()].glyph_index(c)
    }

    /// Kerning between two characters in font units (negative tightens): what shaping the pair
    /// with the font's `kern` feature adds to their nominal advances.
    fn kern_units(&self, style: FontStyle, a: char, b: char) -> i16 {
        if a.is_whitespace() || b.is_whitespace() {
            return 0;
        }
        thread_local! {
            static CACHE: RefCell<HashMap<(usize, char, char), i16>> = RefCell::new(HashMap::new());
        }
        let key = (style.index(), a, b);
        if let Some(k) = CACHE.with(|c| c.borrow().get(&key).copied()) {
            return k;
        }
        let k = self.shape_pair(style, a, b);
        CACHE.with(|c| c.borrow_mut().insert(key, k));
        k
    }

    fn shape_pair(&self, style: FontStyle, a: char, b: char) -> i16 {
        let (Some(na), Some(nb)) = (self.advance_units(style, a), self.advance_units(style, b)) else {
            return 0;
        };
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(&format!("{a}{b}"));
        // Only kerning: ligatures would change which glyphs are drawn, and the PDF writer maps
        // characters to glyphs one to one.
        let features = [
            rustybuzz::Feature::new(ttf_parser::Tag::from_bytes(b"liga"), 0, ..),
            rustybuzz::Feature::new(ttf_parser::Tag::from_bytes(b"clig"), 0, ..),
            rustybuzz::Feature::new(ttf_parser::Tag::from_bytes(b"kern"), 1, ..),
        ];
        let shaped = rustybuzz::shape(&self.shapers[style.index()], &features, buffer);
        if shaped.len() != 2 {
            return 0;
        }
        let total: i32 = shaped.glyph_positions().iter().map(|p| p.x_advance).sum();
        (total - na as i32 - nb as i32).clamp(i16::MIN as i32, i16::MAX as i32) as i16
    }

    /// Width of `text` set in `style` at `size` points, kerning included.
    pub fn width(&self, style: FontStyle, text: &str, size: f32) -> f32 {
        let mut units = 0i32;
        let mut prev: Option<char> = None;
        for c in text.chars() {
            units += self.advance_units(style, c).unwrap_or(0) as i32;
            if let Some(p) = prev {
                units += self.kern_units(style, p, c) as i32;
            }
            prev = Some(c);
        }
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
        let face = &self.faces[style.index()];
        let mut ids: Vec<u16> = chars.iter().filter_map(|&c| face.glyph_index(c)).map(|g| g.0).collect();
        ids.push(0);
        ids.sort_unstable();
        ids.dedup();
        let scope = ReadScope::new(self.bytes(style));
        let data = scope.read::<FontData<'_>>().map_err(|e| e.to_string())?;
        let provider = data.table_provider(0).map_err(|e| e.to_string())?;
        subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode).map_err(|e| e.to_string())
    }

    /// The first character of `text` the face cannot draw. Only the ASCII space and line
    /// breaks are exempt (layout spaces and breaks lines itself); any other whitespace, such as
    /// a thin or ideographic space, must have a glyph or it prints as a box. Text is normalized
    /// where it enters ([`crate::corpus::markdown::normalize_space`]), so such characters rarely get
    /// this far.
    pub fn missing(&self, style: FontStyle, text: &str) -> Option<char> {
        text.chars().find(|&c| c != ' ' && c != '\n' && self.glyph(style, c).is_none())
    }

    /// Ascender as a fraction of the font size.
    pub fn ascender(&self) -> f32 {
        self.faces[0].ascender() as f32 / self.units_per_em
    }

    /// Height of capital letters in thousandths of an em (a PDF font descriptor's CapHeight).
    pub fn cap_height(&self, style: FontStyle) -> f32 {
        let face = &self.faces[style.index()];
        let units = face.capital_height().map(f32::from).unwrap_or_else(|| {
            // Without an OS/2 value, the height of `H`.
            face.glyph_index('H').and_then(|g| face.glyph_bounding_box(g)).map_or(700.0, |b| b.y_max as f32)
        });
        (units * 1000.0 / self.units_per_em).round()
    }

    /// Descender (negative) as a fraction of the font size.
    pub fn descender(&self) -> f32 {
        self.faces[0].descender() as f32 / self.units_per_em
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
