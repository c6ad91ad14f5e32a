//! The connection loop of `outreach serve`, hardened for a shared hotspot: every connection
//! must send a complete request head within the idle timeout (a new connection, and a kept-alive
//! one between requests), a whole request must be done within a few idle timeouts, at most [`Limits::max_connections`] are open at once (kept below the
//! open-file limit; when full, the oldest connection with no request in progress makes room),
//! and shutdown waits for requests in progress only up to a deadline.

use anyhow::Result;
use axum::Router;
use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// How long shutdown waits for requests in progress.
pub const SHUTDOWN_DEADLINE: Duration = Duration::from_secs(5);

/// A request (head, body and answer) may take this many idle timeouts in all.
pub const REQUEST_DEADLINE_FACTOR: u32 = 3;

/// The answer to a request that took too long: 408, and the connection is closed.
fn timed_out(deadline: Duration) -> axum::response::Response {
    use axum::response::IntoResponse;
    let body = serde_json::json!({
        "error": format!("the request took longer than {} s", deadline.as_secs()),
        "status": 408,
    });
    (
        axum::http::StatusCode::REQUEST_TIMEOUT,
        [(axum::http::header::CONNECTION, "close"), (axum::http::header::CACHE_CONTROL, "no-store")],
        axum::Json(body),
    )
        .into_response()
}

/// Connection limits.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Longest wait for a request head, on a new connection or between kept-alive requests.
    pub idle_timeout: Duration,
    /// Most connections open at once.
    pub max_connections: usize,
}

impl Limits {
    /// The default connection cap: three quarters of the open-file limit left after the
    /// program's own files, between 16 and 1024.
    pub fn default_max_connections() -> usize {
        let soft = open_file_limit().unwrap_or(1024);
        (soft.saturating_sub(64) * 3 / 4).clamp(16, 1024) as usize
    }
}

#[cfg(unix)]
fn open_file_limit() -> Option<u64> {
    rustix::process::getrlimit(rustix::process::Resource::Nofile).current
}

#[cfg(not(unix))]
fn open_file_limit() -> Option<u64> {
    None
}

/// One open connection.
struct Conn {
    /// Requests in progress on it.
    busy: AtomicUsize,
    /// Told to close when evicted to make room.
    evict: Notify,
}

/// Open connections by age (ids only grow).
#[derive(Default)]
struct Registry {
    conns: Mutex<BTreeMap<u64, Arc<Conn>>>,
}

impl Registry {
    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Conn>>> {
        self.conns.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Registers a new connection if there is room, evicting the oldest idle one when full.
    fn admit(&self, id: u64, max: usize) -> Option<Arc<Conn>> {
        let mut conns = self.lock();
        if conns.len() >= max {
            let oldest_idle =
                conns.iter().find(|(_, c)| c.busy.load(Ordering::Acquire) == 0).map(|(id, _)| *id);
            let evicted = conns.remove(&oldest_idle?)?;
            evicted.evict.notify_one();
        }
        let conn = Arc::new(Conn { busy: AtomicUsize::new(0), evict: Notify::new() });
        conns.insert(id, conn.clone());
        Some(conn)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }
}

/// Marks a request in progress on a connection while alive.
struct Busy(Arc<Conn>);

impl Busy {
    fn new(conn: Arc<Conn>) -> Busy {
        conn.busy.fetch_add(1, Ordering::AcqRel);
        Busy(conn)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in progress finish
/// for up to [`SHUTDOWN_DEADLINE`].
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> Result<()> {
    let registry = Arc::new(Registry::default());
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    let mut next_id = 0u64;
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors or a connection reset before accept: wait a
                    // moment and go on; the server must stay up.
                    tracing::warn!("cannot accept a connection: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        while tasks.try_join_next().is_some() {}
        next_id += 1;
        let id = next_id;
        let Some(conn) = registry.admit(id, limits.max_connections) else {
            tracing::warn!(%peer, "{} connections, all busy: refusing a new one", limits.max_connections);
            continue;
        };
        stream.set_nodelay(true).ok();
        let (app, registry, mut stop) = (app.clone(), registry.clone(), stop_rx.clone());
        tasks.spawn(async move {
            let service = {
                let conn = conn.clone();
                hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                    let busy = Busy::new(conn.clone());
                    let app = app.clone();
                    async move {
                        // A request whose body trickles in would hold its connection busy (and
                        // so safe from eviction) forever: it gets a deadline too.
                        let deadline = limits.idle_timeout * REQUEST_DEADLINE_FACTOR;
                        let response =
                            match tokio::time::timeout(deadline, app.oneshot(req.map(Body::new))).await {
                                Ok(response) => response,
                                Err(_) => Ok(timed_out(deadline)),
                            };
                        drop(busy);
                        response
                    }
                })
            };
            let mut http = hyper::server::conn::http1::Builder::new();
            http.timer(TokioTimer::new()).header_read_timeout(limits.idle_timeout).keep_alive(true);
            let connection = http.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                result = connection.as_mut() => {
                    if let Err(e) = result {
                        tracing::debug!(%peer, "connection ended: {e}");
                    }
                }
                () = conn.evict.notified() => tracing::debug!(%peer, "idle connection closed to make room"),
                () = async { stop.wait_for(|stop| *stop).await.map(|_| ()).ok(); } => {
                    connection.as_mut().graceful_shutdown();
                    connection.await.ok();
                }
            }
            registry.remove(id);
        });
    }
    drop(listener);
    stop_tx.send(true).ok();
    let drained =
        tokio::time::timeout(SHUTDOWN_DEADLINE, async { while tasks.join_next().await.is_some() {} }).await;
    if drained.is_err() {
        tracing::warn!("{} connections still open after {SHUTDOWN_DEADLINE:?}: closing them", tasks.len());
        tasks.abort_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_registry_evicts_the_oldest_idle_connection() {
        let r = Registry::default();
        let first = r.admit(1, 2).unwrap();
        let _busy = Busy::new(first.clone());
        let _second = r.admit(2, 2).unwrap();
        assert!(r.admit(3, 2).is_some(), "the idle second makes room");
        assert_eq!(r.lock().keys().copied().collect::<Vec<_>>(), [1, 3]);
        let _busy3 = Busy::new(r.lock()[&3].clone());
        assert!(r.admit(4, 2).is_none(), "every connection busy: refused");
    }
}
