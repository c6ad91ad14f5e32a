//! The offline search page and JSON API behind `outreach serve`: router, shared state and the
//! server loop. Tokio lives only in this module; callers use the blocking [`serve`].
//!
//! - [`service`]: what the API and the pages both do (check parameters, search, browse, find a
//!   section) and the errors it ends in; [`blocks`]: a section's body as safe HTML.
//! - [`api`]: `/api/search`, `/api/sections/{id}`, `/api/topics`, `POST /api/handout`.
//! - [`page`]: the page, rendered on the server so it works without JavaScript.
//!
//! `api` and `page` depend on `service`, never on each other.
//! - [`assets`]: the CSS, JavaScript and icon, embedded in the binary.
//! - [`cache`]: search answers already given, for the server's life.
//! - [`lan`]: the addresses a phone can use, and their QR codes.
//! - [`export`] (+ [`icons`]): the offline copy (engine, data, PDFs, manifest, service worker),
//!   written as a static site by `outreach export` and served beside the pages here.
//! - [`server`]: the connection loop: timeouts, a connection cap, shutdown with a deadline.
//!
//! Nothing a request says ever becomes a file path: assets are looked up by exact name in a
//! table compiled into the binary, sections by id in the loaded corpus.

pub mod api;
pub mod assets;
pub mod blocks;
pub mod cache;
pub mod export;
pub mod icons;
pub mod lan;
pub mod page;
pub mod server;
pub mod service;

use anyhow::{Context, Result};
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel, DefaultPredicate};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::corpus::Corpus;
use crate::search::Engine;
use crate::search::query::Hit;

/// Most characters of a query the server accepts (longer is a 400).
pub const MAX_QUERY_CHARS: usize = 200;
/// Largest `limit` of a search.
pub const MAX_LIMIT: usize = 50;
/// Results per search when no `limit` is given.
pub const DEFAULT_LIMIT: usize = 10;
/// Largest request body (a handout request), in bytes; more is a 413.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// Most sections in one handout.
pub const MAX_HANDOUT_SECTIONS: usize = 30;
/// Most topic filters in one search.
pub const MAX_TOPICS: usize = 10;

/// The Content-Security-Policy of every response: nothing is loaded from anywhere else.
pub const CSP: &str =
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// How to run the server.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Address to bind (with `lan`, only its port is used).
    pub addr: SocketAddr,
    /// Bind every interface and print each address with a QR code.
    pub lan: bool,
    /// Colour the terminal QR codes (the caller knows whether stdout is a terminal).
    pub color: bool,
    /// Creation time stamped into handouts built on request, in seconds since the epoch.
    pub clock: Clock,
    /// Folder of course pack specs, offered as ready-made PDFs.
    pub packs: std::path::PathBuf,
    /// Connection timeouts and cap.
    pub limits: server::Limits,
}

/// A source of creation times: the caller decides (`SOURCE_DATE_EPOCH`, the wall clock, a test).
pub type Clock = fn() -> i64;

/// What every request shares, read-only, for the server's life.
pub struct AppState {
    /// The search engine: one index reader for the server's life, a searcher per request.
    pub engine: Engine,
    /// The corpus, for handouts and section pages.
    pub corpus: Corpus,
    /// Bounds how many handouts are built at once (PDF layout is CPU-bound).
    pub handout_slots: tokio::sync::Semaphore,
    /// Every section in corpus order, read from the index once.
    pub sections: Vec<Hit>,
    /// Topic → section ids.
    pub topics: Topics,
    /// Search answers already serialized.
    pub answers: cache::AnswerCache,
    /// Creation time for handouts built on request.
    pub clock: Clock,
    /// The offline copy served beside the pages (engine, data, PDFs, manifest, worker).
    pub offline: export::Copy,
}

impl AppState {
    /// Loads what requests share: the sections and topics are read from the index once.
    pub fn new(engine: Engine, corpus: Corpus, clock: Clock, packs: &std::path::Path) -> Result<AppState> {
        let options = export::Options { base: "/".into(), packs: packs.to_path_buf(), created: clock() };
        let offline = export::build(&engine, &corpus, &options, export::Mode::Server)?;
        let sections = crate::search::query::every_section(&engine.index)?;
        let topics = engine.index.topics()?;
        // One PDF at a time: a build takes a core for tens of milliseconds, and searches must
        // stay fast meanwhile; more requests wait their turn.
        let handout_slots = tokio::sync::Semaphore::new(1);
        Ok(AppState {
            engine,
            corpus,
            handout_slots,
            sections,
            topics,
            answers: cache::AnswerCache::default(),
            clock,
            offline,
        })
    }
}

/// Topic → ids of its sections, in corpus order.
pub type Topics = std::collections::BTreeMap<String, Vec<String>>;

/// Shared state as handlers receive it.
pub type Shared = Arc<AppState>;

/// The application: every route, with security, cache and compression layers.
pub fn router(state: Shared) -> Router {
    let compress = CompressionLayer::new()
        .quality(CompressionLevel::Precise(4))
        .compress_when(DefaultPredicate::new().and(NotForContentType::const_new("application/pdf")));
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    Router::new()
        .route("/", get(page::home))
        .route("/s/{id}", get(page::section))
        .route("/assets/{name}", get(assets::serve))
        .route("/api/search", get(api::search))
        .route("/api/sections/{id}", get(api::section))
        .route("/api/topics", get(api::topics))
        .route("/api/handout", post(api::handout))
        .route("/search.mjs", get(offline_file))
        .route("/search-data.json", get(offline_file))
        .route("/sw.js", get(offline_file))
        .route("/manifest.webmanifest", get(offline_file))
        .route("/icons/{name}", get(offline_file))
        .route("/handouts/{name}", get(offline_file))
        .fallback(page::not_found)
        .method_not_allowed_fallback(api::method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(compress)
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::CACHE_CONTROL, "no-cache"))
        .with_state(state)
}

/// A file of the offline copy, by its exact path (nothing else is looked up).
async fn offline_file(
    axum::extract::State(state): axum::extract::State<Shared>,
    uri: axum::http::Uri,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    match state.offline.get(uri.path().trim_start_matches('/')) {
        Some(f) => {
            let mut headers = vec![(header::CONTENT_TYPE, f.mime.to_string())];
            if f.mime == "application/pdf" {
                let name = f.path.rsplit('/').next().unwrap_or("handout.pdf");
                headers.push((header::CONTENT_DISPOSITION, format!("inline; filename=\"{name}\"")));
            }
            let mut response = f.bytes.clone().into_response();
            for (name, value) in headers {
                if let Ok(value) = HeaderValue::from_str(&value) {
                    response.headers_mut().insert(name, value);
                }
            }
            response
        }
        None => page::not_found(axum::extract::State(state.clone()), uri).await,
    }
}

/// Serves until Ctrl-C or SIGTERM. Prints `listening on http://ADDR` on stdout once bound
/// (and with `lan`, each interface's address and its QR code).
pub fn serve(engine: Engine, corpus: Corpus, options: &ServeOptions) -> Result<()> {
    let state = Arc::new(AppState::new(engine, corpus, options.clock, &options.packs)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's threads")?;
    let result = runtime.block_on(run(state, options));
    // A handout still being laid out after the shutdown deadline is not waited for.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result
}

async fn run(state: Shared, options: &ServeOptions) -> Result<()> {
    let addr =
        if options.lan { SocketAddr::new([0, 0, 0, 0].into(), options.addr.port()) } else { options.addr };
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            use std::io::ErrorKind;
            let hint = match e.kind() {
                ErrorKind::AddrInUse => {
                    "another server is using the port: pick another, or `--addr 127.0.0.1:0` for any free one"
                }
                ErrorKind::AddrNotAvailable => {
                    "this computer has no such address: use 127.0.0.1 for this computer, or --lan for phones"
                }
                ErrorKind::PermissionDenied => {
                    "ports below 1024 need the administrator: use one such as 8080"
                }
                _ => "try `--addr 127.0.0.1:0` for any free port",
            };
            return Err(e).with_context(|| format!("cannot listen on {addr} ({hint})"));
        }
    };
    let bound = listener.local_addr()?;
    {
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{bound}")?;
        if options.lan {
            lan::announce(&mut out, bound.port(), options.color)?;
        } else if bound.ip().is_unspecified() {
            // Every interface, but no addresses said: --lan prints them, with QR codes.
            writeln!(
                out,
                "listening on every interface; --lan prints the addresses phones on this network can open"
            )?;
        } else {
            writeln!(out, "open http://{bound}/ in a browser on this computer (--lan for phones)")?;
        }
        out.flush()?;
    }
    let mut app = router(state);
    if bound.ip().is_loopback() {
        app = app.layer(axum::middleware::from_fn(local_host_only));
    }
    app = app.layer(axum::middleware::from_fn(one_host));
    server::serve(listener, app, options.limits, shutdown())
        .await
        .context("the server stopped with an error")?;
    // Nobody may be reading any more (`serve | head`): the server stopped all the same.
    let _ = writeln!(std::io::stdout().lock(), "stopped");
    Ok(())
}

/// Whether a `Host` header names this computer's loopback interface (any port).
pub fn is_local_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split_once(']').map_or(v6, |(addr, _)| addr),
        None => host
            .rsplit_once(':')
            .map_or(host, |(name, port)| if port.parse::<u16>().is_ok() { name } else { host }),
    };
    name.eq_ignore_ascii_case("localhost")
        || name.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Refuses a request with two `Host` headers, as HTTP requires (RFC 9112, 3.2): a proxy and
/// this server could each read a different one.
async fn one_host(request: axum::extract::Request, next: axum::middleware::Next) -> axum::response::Response {
    if request.headers().get_all(header::HOST).iter().count() > 1 {
        return service::ApiError::BadRequest("a request may name one host (one `Host` header)".into())
            .into_response();
    }
    next.run(request).await
}

/// Refuses requests addressed to another host name while bound to loopback: a web page on the
/// internet can point its own name at 127.0.0.1 (DNS rebinding) and read the answers otherwise.
async fn local_host_only(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    // One `Host` header at most: `one_host`, the outer layer, refused a second.
    if is_local_host(host) {
        return next.run(request).await;
    }
    service::ApiError::MisdirectedRequest(format!(
        "this server answers only requests for localhost or 127.0.0.1, not `{host}`"
    ))
    .into_response()
}

/// Resolves when `watch` reports its signal. A signal that cannot be watched (`watch` fails)
/// is logged and never resolves: the server keeps serving rather than stopping at once.
async fn until_signal(watch: impl std::future::Future<Output = std::io::Result<()>>, what: &str) {
    if let Err(e) = watch.await {
        tracing::warn!("cannot watch for {what} ({e}); stop the server another way");
        std::future::pending::<()>().await;
    }
}

/// Resolves on Ctrl-C or SIGTERM. A signal that cannot be watched is logged and ignored: the
/// server keeps serving rather than stopping at once.
async fn shutdown() {
    let ctrl_c = until_signal(tokio::signal::ctrl_c(), "Ctrl-C");
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::warn!("cannot watch for SIGTERM ({e})");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::{Context, Poll, Waker};

    /// Polls a future once, as an executor would on its first turn.
    fn poll_once(f: impl std::future::Future<Output = ()>) -> Poll<()> {
        let mut f = Box::pin(f);
        f.as_mut().poll(&mut Context::from_waker(Waker::noop()))
    }

    #[test]
    fn a_signal_handler_that_cannot_be_installed_does_not_stop_the_server() {
        // Regression: a failed Ctrl-C handler resolved the shutdown future at once, so
        // `serve` stopped right after starting.
        let failed = async { Err(std::io::Error::other("no signal handling here")) };
        assert_eq!(poll_once(until_signal(failed, "Ctrl-C")), Poll::Pending);
        assert_eq!(poll_once(until_signal(async { Ok(()) }, "Ctrl-C")), Poll::Ready(()));
    }
}
