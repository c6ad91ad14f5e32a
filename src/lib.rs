//! `outreach`: trustworthy addiction-health information for places with a poor network.
//!
//! The pipeline, each stage a module:
//! 1. [`corpus`] loads markdown documents with front matter and splits them into sections
//!    ([`markdown`] parses the body).
//! 2. [`index`] keeps a Tantivy index of the sections fresh; [`analysis`] decides how text
//!    becomes terms; [`synonyms`] maps lay words to the corpus's words.
//! 3. [`search`] answers what people type, with [`snippet`] highlighting; [`eval`] measures
//!    it against judged queries.
//! 4. [`handout`] selects sections for a printout (with [`clinic`] branding and
//!    [`readability`] grades), [`pack`] assembles course packs, [`layout`] sets them on pages
//!    with [`fonts`] metrics, and [`pdf`] writes the bytes; [`output`] writes files atomically.
//!    [`check`] lints the corpus and pack specs for editors.
//! 5. [`cli`] and [`cmd`] are the command-line front end; [`web`] serves the search page and
//!    JSON API (`outreach serve`).

#![warn(missing_docs)]

pub mod analysis;
pub mod check;
pub mod cli;
pub mod clinic;
pub mod cmd;
pub mod corpus;
pub mod eval;
pub mod fonts;
pub mod handout;
pub mod index;
pub mod labels;
pub mod layout;
pub mod markdown;
pub mod output;
pub mod pack;
pub mod pdf;
pub mod pdfua;
pub mod readability;
pub mod search;
pub mod snippet;
pub mod synonyms;
pub mod toml_file;
pub mod vocab;
pub mod web;
