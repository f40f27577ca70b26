//! Running the HTTP service: bind, accept connections within limits, shut down gracefully on
//! Ctrl-C or SIGTERM within a bounded time.
//!
//! The accept loop is our own (hyper's HTTP/1 connections under axum's router) because
//! `axum::serve` sets no timer, so hyper's header-read timeout never fires there: a hundred
//! clients trickling header bytes were never closed, and five half-open connections kept the
//! process alive 31 s past SIGTERM. Here every connection has a header-read timeout (which also
//! ends an idle keep-alive connection), an idle timeout on the socket (no byte either way), the
//! router adds a request-body timeout, the number of connections is capped, and a shutdown stops
//! accepting, lets requests in flight finish, and gives up on the rest after a grace period.

use crate::config::{Config, ServerLimits};
use crate::http::{AppState, HttpConfig};
use crate::store::Store;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};

pub async fn serve(
    store: Arc<Store>,
    config: &Config,
    port: Option<u16>,
    bind: Option<String>,
) -> std::io::Result<()> {
    let state = Arc::new(
        AppState::new(store.clone(), HttpConfig::from_config(config))
            .await
            .map_err(std::io::Error::other)?,
    );
    // An administrator's change to master data on another node reaches this one within 2 s
    // (one small read a tick).
    let watcher = tokio::spawn(async move {
        let mut seen = store.master_version().await.unwrap_or(0);
        loop {
            tokio::time::sleep(std::time::Duration::from_secs(2)).await;
            if let Err(e) = store.reload_master_if_changed(&mut seen).await {
                tracing::warn!(error = %e, "could not check for master-data changes");
            }
        }
    });
    let address = format!(
        "{}:{}",
        bind.unwrap_or_else(|| config.bind.clone()),
        port.unwrap_or(config.port)
    );
    let listener = TcpListener::bind(&address).await?;
    tracing::info!(%address, version = crate::cli::VERSION, "nivaran listening");
    println!("Nivaran is listening on http://{address}");
    // `/metrics` on a port of its own, when configured: the scraper reaches it, the public not.
    let metrics = match &config.metrics.listen {
        Some(listen) => {
            let listener = TcpListener::bind(listen).await?;
            tracing::info!(address = %listen, "metrics listening");
            let router = crate::http::metrics::admin_router(state.clone());
            let limits = config.server.clone();
            Some(tokio::spawn(async move {
                serve_on(listener, router, &limits, shutdown_signal()).await;
            }))
        }
        None => None,
    };
    serve_on(
        listener,
        crate::app::router(state),
        &config.server,
        shutdown_signal(),
    )
    .await;
    if let Some(metrics) = metrics {
        metrics.abort();
    }
    watcher.abort();
    Ok(())
}

/// Serves `router` on `listener` until `shutdown` completes, then drains: no new connections,
/// idle ones closed, requests in flight given `limits.shutdown_grace` to finish.
pub async fn serve_on(
    listener: TcpListener,
    router: Router,
    limits: &ServerLimits,
    shutdown: impl Future<Output = ()>,
) {
    let permits = Arc::new(tokio::sync::Semaphore::new(limits.max_connections.max(1)));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        .keep_alive(true);
    tokio::pin!(shutdown);
    loop {
        // At the limit, connections wait in the kernel's backlog until one ends.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit.expect("the semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error = %e, "could not accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(IdleTimeout::new(stream, limits.idle_timeout));
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request.extensions_mut().insert(ConnectInfo(peer));
            tower::ServiceExt::oneshot(router.clone(), request.map(Body::new))
        });
        let connection = graceful.watch(builder.serve_connection(io, service));
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
            drop(permit);
        });
    }
    drop(listener);
    let open = graceful.count();
    tracing::info!(open, "no longer accepting; draining connections");
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!(
            grace_seconds = limits.shutdown_grace.as_secs(),
            "connections still open after the grace period; closing them"
        );
    }
}

/// A socket that gives up when an answer has not moved for `idle`: a client that stops reading
/// does not hold a connection forever. Only writes are timed: hyper reads while a handler runs
/// (to notice a client that left), and a slow report must not be cut off for it; a client that
/// stops sending is the header-read timeout's and the body deadline's. Activity only notes the
/// time; the timer is re-armed when it fires early, so a busy connection costs no timer work
/// per write.
struct IdleTimeout {
    inner: TcpStream,
    idle: Duration,
    last_activity: Instant,
    deadline: Pin<Box<Sleep>>,
}

impl IdleTimeout {
    fn new(inner: TcpStream, idle: Duration) -> IdleTimeout {
        IdleTimeout {
            inner,
            idle,
            last_activity: Instant::now(),
            deadline: Box::pin(tokio::time::sleep(idle)),
        }
    }

    fn touch(&mut self) {
        self.last_activity = Instant::now();
    }

    /// After the inner socket said "not yet": an error once `idle` has passed since the last
    /// byte moved.
    fn expired(&mut self, cx: &mut Context<'_>) -> Poll<std::io::Error> {
        loop {
            match self.deadline.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(()) => {
                    let due = self.last_activity + self.idle;
                    if due <= Instant::now() {
                        return Poll::Ready(std::io::Error::new(
                            std::io::ErrorKind::TimedOut,
                            "the connection was idle too long",
                        ));
                    }
                    // Bytes moved since the timer was set: wait for the rest of the period.
                    self.deadline.as_mut().reset(due);
                }
            }
        }
    }
}

impl AsyncRead for IdleTimeout {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        let read = Pin::new(&mut this.inner).poll_read(cx, buf);
        if read.is_ready() {
            this.touch();
        }
        read
    }
}

impl AsyncWrite for IdleTimeout {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, buf) {
            Poll::Ready(result) => {
                this.touch();
                Poll::Ready(result)
            }
            Poll::Pending => this.expired(cx).map(Err),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(result) => {
                this.touch();
                Poll::Ready(result)
            }
            Poll::Pending => this.expired(cx).map(Err),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Ready(result) => Poll::Ready(result),
            Poll::Pending => this.expired(cx).map(Err),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}

/// Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) =
            tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
