//! Print: sections → PDF handouts and course packs.
//!
//! - [`catalog`] names what `build` makes for every clinic.
//! - [`handout`] selects sections for a handout and turns them into layout items;
//!   [`pack`] assembles course packs (cover, contents, modules); [`clinic`] reads a clinic's
//!   branding and contact block.
//! - [`image`] holds decoded pictures (the clinic logo) for the page.
//! - [`fonts`] loads the embedded Atkinson Hyperlegible faces and measures text.
//! - [`layout`] breaks lines and cuts pages: items in, positioned lines out, no I/O.
//! - [`pdf`] turns positioned lines into PDF bytes (tagged, with outline), no I/O.

pub mod catalog;
pub mod check;
pub mod clinic;
pub mod fonts;
pub mod handout;
pub mod image;
pub mod labels;
pub mod layout;
pub mod pack;
pub mod pdf;
