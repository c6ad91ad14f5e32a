//! The JSON API: search, one section, topics, and PDF handouts from a list of sections.
//!
//! Bad input is answered with `{"error": "...", "status": N}`: 400 for a malformed or too
//! long request, 404 for an unknown section or path, 413 for a body over the limit.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::{
    AppState, DEFAULT_LIMIT, MAX_HANDOUT_SECTIONS, MAX_LIMIT, MAX_QUERY_CHARS, MAX_TOPICS, Shared, page,
};
use crate::corpus::check_topics;
use crate::print::handout::{self, Paper, PrintProfile, Settings};
use crate::search::{Hit, SearchOptions, SearchResult};

/// Cache lifetime of API answers: the index does not change while the server runs.
const API_CACHE: &str = "public, max-age=60";

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
                "topic" if !value.is_empty() => p.topics.push(value.into_owned()),
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

/// `GET /api/search?q=&topic=&limit=`: the same object as `outreach search --json`.
pub async fn search(State(state): State<Shared>, RawQuery(raw): RawQuery) -> Result<Response, ApiError> {
    let params = SearchParams::parse(raw.as_deref())?;
    let body = match state.answers.get(&params) {
        Some(body) => body,
        None => {
            let result = run_search(&state, &params)?;
            let mut json = serde_json::to_vec(&result).map_err(|e| ApiError::Internal(e.into()))?;
            // The cache holds the allocation, not just the bytes used.
            json.shrink_to_fit();
            let body = Bytes::from(json);
            state.answers.put(&params, body.clone());
            body
        }
    };
    Ok(([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, API_CACHE)], body)
        .into_response())
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
pub fn find_section(state: &Shared, id: &str) -> Result<SectionView, ApiError> {
    let Some(section) = state.corpus.section(id) else {
        return Err(ApiError::NotFound(format!("unknown section `{id}`")));
    };
    let hit = Hit::from_record(state.engine.index.section(id)?, 0.0);
    Ok(SectionView { hit, html: page::blocks_html(section) })
}

/// `GET /api/sections/{id}` (the `#` of an id is sent as `%23`).
pub async fn section(State(state): State<Shared>, Path(id): Path<String>) -> Result<Response, ApiError> {
    let view = find_section(&state, &id)?;
    Ok(([(header::CACHE_CONTROL, API_CACHE)], Json(view)).into_response())
}

/// One topic in `GET /api/topics`.
#[derive(Serialize)]
pub struct TopicCount {
    /// Topic name.
    pub topic: String,
    /// How many sections have it.
    pub sections: usize,
    /// Their ids, in corpus order.
    pub ids: Vec<String>,
}

/// `GET /api/topics`: the same list as `outreach topics --json`.
pub async fn topics(State(state): State<Shared>) -> Response {
    let list: Vec<TopicCount> = state
        .topics
        .iter()
        .map(|(t, ids)| TopicCount { topic: t.clone(), sections: ids.len(), ids: ids.clone() })
        .collect();
    ([(header::CACHE_CONTROL, API_CACHE)], Json(list)).into_response()
}

/// The body of `POST /api/handout`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HandoutRequest {
    /// Section ids, in the order they are printed.
    pub sections: Vec<String>,
    /// Standard or large print.
    #[serde(default)]
    pub profile: PrintProfile,
    /// Letter or A4.
    #[serde(default)]
    pub paper: Paper,
}

impl HandoutRequest {
    /// Parses and checks a body: ids must exist; returns them deduplicated, in order, without
    /// sections already inside another chosen one.
    pub fn parse(state: &Shared, body: &[u8]) -> Result<(HandoutRequest, Vec<String>), ApiError> {
        let req: HandoutRequest = serde_json::from_slice(body).map_err(|e| {
            ApiError::BadRequest(format!(
                "the body must be JSON like {{\"sections\": [\"doc#section\"], \"profile\": \"standard\"|\"large\", \"paper\": \"letter\"|\"a4\"}}: {e}"
            ))
        })?;
        if req.sections.is_empty() {
            return Err(ApiError::BadRequest("choose at least one section".into()));
        }
        if req.sections.len() > MAX_HANDOUT_SECTIONS {
            return Err(ApiError::BadRequest(format!(
                "too many sections: at most {MAX_HANDOUT_SECTIONS} in one handout"
            )));
        }
        let mut ids: Vec<String> = Vec::new();
        for id in &req.sections {
            if state.corpus.section(id).is_none() {
                return Err(ApiError::NotFound(format!("unknown section `{id}`")));
            }
            if !ids.contains(id) {
                ids.push(id.clone());
            }
        }
        let inside: Vec<String> = ids
            .iter()
            .filter_map(|id| state.corpus.section(id))
            .flat_map(|s| s.children.iter().cloned())
            .collect();
        ids.retain(|id| !inside.contains(id));
        Ok((req, ids))
    }
}

/// `POST /api/handout`: a PDF of the sections, in the order given, from the same generator as
/// `outreach handout`.
pub async fn handout(
    State(state): State<Shared>,
    headers: axum::http::HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    // Only JSON: a form on another site can post text/plain or form data here unasked, but
    // not JSON without the browser asking this server first.
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::UnsupportedMediaType(format!(
            "the body must be JSON sent as `Content-Type: application/json`, not `{content_type}`"
        )));
    }
    let body = body.map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ApiError::TooLarge(format!("the request is too large: at most {} bytes", super::MAX_BODY_BYTES))
        }
        _ => ApiError::BadRequest(format!("cannot read the request: {e}")),
    })?;
    let (req, ids) = HandoutRequest::parse(&state, &body)?;
    // A section the font cannot print is the request's problem to hear about, not a 500.
    let chosen: Vec<_> = ids.iter().filter_map(|id| state.corpus.section(id)).collect();
    handout::check_glyphs(&chosen, &[]).map_err(|e| ApiError::BadRequest(format!("{e:#}")))?;
    // A few builds at a time: each is CPU-bound, and searches must stay fast meanwhile.
    let _slot = state.handout_slots.acquire().await.map_err(|e| ApiError::Internal(e.into()))?;
    let built = {
        let state = state.clone();
        tokio::task::spawn_blocking(move || {
            let sections: Vec<_> = ids.iter().filter_map(|id| state.corpus.section(id)).collect();
            let settings = Settings {
                paper: req.paper,
                print: req.profile,
                created: (state.clock)(),
                ..Settings::default()
            };
            handout::build(&state.corpus, &sections, &[], &settings)
        })
        .await
        .map_err(|e| ApiError::Internal(e.into()))??
    };
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"handout.pdf\""),
            (header::CACHE_CONTROL, "no-store"),
        ],
        built.bytes,
    )
        .into_response())
}

/// Answers a known path with the wrong method.
pub async fn method_not_allowed() -> Response {
    let body = serde_json::json!({ "error": "method not allowed", "status": 405 });
    (StatusCode::METHOD_NOT_ALLOWED, [(header::CACHE_CONTROL, "no-store")], Json(body)).into_response()
}
