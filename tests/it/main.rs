//! The integration tests, one binary: the real `outreach` binary on fixture corpora in temp
//! folders (CLI, search quality, print quality, the web server, the offline copy,
//! reliability under concurrent and hostile use), plus property tests in process of the query
//! path and of printing from an edited corpus. One binary links the library once instead of
//! once per file.

mod common;

mod cli;
mod corpus_props;
mod offline;
mod pdfua;
mod print;
mod query_props;
mod reliability;
mod search;
mod web;
