//! Search: whatever a person typed → ranked sections with highlighted snippets.
//!
//! - [`index`] stores sections in a Tantivy index and keeps it fresh (schema, build, swap);
//!   it knows nothing of queries. [`repair`] rebuilds an index whose files are damaged.
//! - [`analysis`] decides how text becomes terms; [`synonyms`] maps lay words to the corpus's
//!   words; [`vocab`] is the word list typo correction searches.
//! - [`query`] answers a query: parsing, expansion, clause building and execution;
//!   [`ranking`] holds every tuning number and the re-rank.
//! - [`snippet`] cuts and highlights the shown text; [`eval`] measures ranking quality on
//!   judged queries.
//! - [`contacts`] tells a query that asks how to reach someone ("hotline", "near me").

pub mod analysis;
pub mod contacts;
pub mod eval;
pub mod generation_dir;
pub mod index;
pub mod lockfile;
pub mod query;
pub mod ranking;
pub mod repair;
pub mod snippet;
pub mod synonyms;
pub mod vocab;

pub use query::{Engine, Hit, SearchOptions, SearchResult};
