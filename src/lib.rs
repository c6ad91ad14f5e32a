//! `outreach`: trustworthy addiction-health information for places with a poor network.
//!
//! The pipeline, one folder a stage (ARCHITECTURE.md has the map and the rules between them):
//! 1. [`corpus`] loads markdown documents with front matter and splits them into sections.
//! 2. [`search`] keeps a Tantivy index of the sections fresh ([`search::index`]) and answers
//!    what people type: analysis, synonyms, typo vocabulary, ranking, snippets, evaluation.
//! 3. [`print`](mod@print) selects sections for a handout or course pack, sets them on pages
//!    ([`print::layout`]) and writes PDF bytes ([`print::pdf`]).
//! 4. [`web`] serves the search page and JSON API (`outreach serve`).
//!
//! [`output`] writes files atomically, [`toml_file`] reads config files and [`source`] turns
//! offsets into lines for errors that name `file:line`; they serve every stage. The command line lives in the binary (`src/main.rs`).

pub mod corpus;
pub mod html;
pub mod output;
pub mod print;
pub mod search;
pub mod source;
pub mod toml_file;
pub mod web;
