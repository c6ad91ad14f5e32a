//! Raster pictures (a clinic's logo) as the page needs them: decoded RGB pixels.

/// An RGB picture to place with [`crate::print::layout::Figure::Image`].
#[derive(Clone, Debug, PartialEq)]
pub struct Image {
    /// Pixels across.
    pub width: usize,
    /// Pixels down.
    pub height: usize,
    /// `width * height` RGB triples, row by row.
    pub rgb: Vec<u8>,
}
