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

use super::service::{ApiError, SearchParams, find_section, run_search};
use super::{MAX_HANDOUT_SECTIONS, Shared};
use crate::print::handout::{self, Paper, PrintProfile, Settings};

/// Cache lifetime of API answers: the index does not change while the server runs.
const API_CACHE: &str = "public, max-age=60";

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
        let like = "the body must be a JSON object like {\"sections\": [\"doc#section\"], \"profile\": \"standard\"|\"large\", \"paper\": \"letter\"|\"a4\"}";
        // serde would read an array as the fields in order, and name the Rust type when it
        // fails ("expected struct HandoutRequest"): the caller sent JSON, and is told in its words.
        if body.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
            return Err(ApiError::BadRequest(like.into()));
        }
        let req: HandoutRequest =
            serde_json::from_slice(body).map_err(|e| ApiError::BadRequest(format!("{like}: {e}")))?;
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
    handout::check_glyphs(&state.corpus, &chosen, &[]).map_err(|e| ApiError::BadRequest(format!("{e:#}")))?;
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
