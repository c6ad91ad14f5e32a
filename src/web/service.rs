//! What the API and the pages both do, independent of how a request arrived or how the answer
//! is sent: checking search parameters, running a search (or browsing topics), finding a
//! section, and the errors those can end in. `api` answers with JSON, `page` with HTML; both
//! depend on this module and not on each other.

use axum::Json;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::collections::BTreeMap;

use super::{AppState, DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY_CHARS, MAX_TOPICS, blocks};
use crate::corpus::check_topics;
use crate::search::{Hit, SearchOptions, SearchResult};

/// A request the server refuses, or a failure of its own.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Malformed or over a limit (400).
    #[error("{0}")]
    BadRequest(String),
    /// No such section or path (404).
    #[error("{0}")]
    NotFound(String),
    /// Body over [`super::MAX_BODY_BYTES`] (413).
    #[error("{0}")]
    TooLarge(String),
    /// A body that is not JSON (415).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Addressed to a host name this server does not answer for (421).
    #[error("{0}")]
    MisdirectedRequest(String),
    /// Our fault (500); the details go to the log, not the client.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// The HTTP status of this error.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadRequest(_) => StatusCode::BAD_REQUEST,
            ApiError::NotFound(_) => StatusCode::NOT_FOUND,
            ApiError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::MisdirectedRequest(_) => StatusCode::MISDIRECTED_REQUEST,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The JSON form of an error (`{"error": "...", "status": N}`), for the API and for any
/// unknown path under `/api/`.
impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(e) = &self {
            tracing::error!("{e:#}");
        }
        let status = self.status();
        let body = serde_json::json!({ "error": self.to_string(), "status": status.as_u16() });
        (status, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
    }
}

/// What a search asks for, from `?q=&topic=&limit=` (`topic` may repeat).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchParams {
    /// The query as typed.
    pub q: String,
    /// Topic filters.
    pub topics: Vec<String>,
    /// Most hits.
    pub limit: usize,
}

impl SearchParams {
    /// Parses and checks a raw query string.
    pub fn parse(raw: Option<&str>) -> Result<SearchParams, ApiError> {
        let mut p = SearchParams { limit: DEFAULT_LIMIT, ..SearchParams::default() };
        for (key, value) in form_urlencoded::parse(raw.unwrap_or_default().as_bytes()) {
            match key.as_ref() {
                "q" => p.q = value.into_owned(),
                // As the command line takes a topic: as a person writes it ("Getting help").
                "topic" if !value.is_empty() => p.topics.push(crate::corpus::slugify(&value)),
                "limit" => {
                    p.limit = value.parse().ok().filter(|n| (1..=MAX_LIMIT).contains(n)).ok_or_else(|| {
                        ApiError::BadRequest(format!("limit must be a number from 1 to {MAX_LIMIT}"))
                    })?
                }
                _ => {}
            }
        }
        if p.q.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::BadRequest(format!(
                "the query is too long: at most {MAX_QUERY_CHARS} characters"
            )));
        }
        if p.topics.len() > MAX_TOPICS {
            return Err(ApiError::BadRequest(format!("at most {MAX_TOPICS} topics")));
        }
        p.topics.dedup();
        Ok(p)
    }
}

/// Runs a search. An empty query with topics lists those topics' sections (browsing).
pub fn run_search(state: &AppState, p: &SearchParams) -> Result<SearchResult, ApiError> {
    check_topics(&p.topics, &state.topics).map_err(|e| ApiError::BadRequest(e.to_string()))?;
    if p.q.trim().is_empty() && !p.topics.is_empty() {
        return Ok(browse(state, &p.topics, p.limit));
    }
    let options = SearchOptions { limit: p.limit, topics: p.topics.clone() };
    Ok(state.engine.search(&p.q, &options)?)
}

/// The sections of any of `topics`, in corpus order, as a search result with no query.
fn browse(state: &AppState, topics: &[String], limit: usize) -> SearchResult {
    let matching: Vec<&Hit> =
        state.sections.iter().filter(|h| h.topics.iter().any(|t| topics.contains(t))).collect();
    let mut facets = BTreeMap::new();
    for t in matching.iter().flat_map(|h| h.topics.iter()) {
        *facets.entry(t.clone()).or_insert(0) += 1;
    }
    SearchResult {
        query: String::new(),
        total: matching.len(),
        hits: matching.into_iter().take(limit).map(opening).collect(),
        suggestion: None,
        expanded: Vec::new(),
        facets,
        related: Vec::new(),
        unmatched: Vec::new(),
        typing: false,
        calls: false,
        contacts: false,
    }
}

/// A hit whose snippet is the opening of its text (after the heading), cut at a word.
fn opening(hit: &Hit) -> Hit {
    const CHARS: usize = 180;
    let body = hit.text.split_once("\n\n").map_or(hit.text.as_str(), |(_, rest)| rest);
    let flat = body.replace("\n\n", " ").replace('\n', " ");
    let mut cut: String = flat.chars().take(CHARS).collect();
    if cut.len() < flat.len() {
        if let Some(space) = cut.rfind(' ') {
            cut.truncate(space);
        }
        cut.push('…');
    }
    let parts = crate::search::snippet::Snippet { parts: vec![(cut, false)] };
    Hit { snippet: parts.to_html(), snippet_parts: parts, ..hit.clone() }
}

/// A section as `outreach show --json` prints it, plus its body as safe HTML.
#[derive(Serialize)]
pub struct SectionView {
    /// The section.
    #[serde(flatten)]
    pub hit: Hit,
    /// Headings, paragraphs and lists as HTML, every text escaped.
    pub html: String,
}

/// The section `id`, or 404.
pub fn find_section(state: &AppState, id: &str) -> Result<SectionView, ApiError> {
    let Some(section) = state.corpus.section(id) else {
        return Err(ApiError::NotFound(format!("unknown section `{id}`")));
    };
    let hit = Hit::from_record(state.engine.index.section(id)?, 0.0);
    Ok(SectionView { hit, html: blocks::blocks_html(section) })
}
