//! The HTTP/1.1 listener: connections that cannot be hoarded. A request's
//! headers must arrive within the header timeout (which also closes idle
//! keep-alive connections), at most `max_connections` sockets are open at once
//! (WebSockets included), and at the cap the connection idle the longest makes
//! room for the new one, so /healthz still answers.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_util::sync::CancellationToken;
use tower::ServiceExt;
use tracing::{debug, warn};

/// File descriptors kept free of connections: databases, fail2ban's socket,
/// the MMDB, logs.
pub const RESERVED_FILES: u64 = 128;
/// How long a new connection waits for an evicted one to let go of its slot.
const EVICTION_WAIT: Duration = Duration::from_secs(1);

/// What the listener allows.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_connections: usize,
    pub header_timeout: Duration,
}

/// Raises the soft open-file limit to the hard one and returns the connection
/// cap: `configured`, or when 0 the file limit less [`RESERVED_FILES`].
pub fn connection_cap(configured: usize) -> usize {
    let files = match rlimit::increase_nofile_limit(u64::MAX) {
        Ok(n) => n,
        Err(e) => {
            warn!(error = %e, "cannot read or raise the open-file limit");
            1024
        }
    };
    let derived = usize::try_from(files.saturating_sub(RESERVED_FILES).max(16)).unwrap_or(16);
    if configured == 0 {
        derived
    } else {
        if configured > derived {
            warn!(
                configured,
                open_file_limit = files,
                "max_connections is above what the open-file limit allows"
            );
        }
        configured
    }
}

/// One served connection, as the cap sees it.
struct Tracked {
    /// Requests being answered.
    in_flight: AtomicUsize,
    /// Closes the connection to make room.
    evict: CancellationToken,
}

/// The open connections, oldest first.
#[derive(Default)]
struct Registry {
    next: AtomicU64,
    open: Mutex<BTreeMap<u64, Arc<Tracked>>>,
}

impl Registry {
    fn add(&self) -> (u64, Arc<Tracked>) {
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        let tracked = Arc::new(Tracked {
            in_flight: AtomicUsize::new(0),
            evict: CancellationToken::new(),
        });
        self.lock().insert(id, tracked.clone());
        (id, tracked)
    }

    fn remove(&self, id: u64) {
        self.lock().remove(&id);
    }

    /// Closes the oldest connection with no request in flight; false when
    /// every connection is busy.
    fn evict_idle(&self) -> bool {
        let open = self.lock();
        let idle = open
            .values()
            .find(|t| t.in_flight.load(Ordering::Acquire) == 0 && !t.evict.is_cancelled());
        match idle {
            Some(t) => {
                t.evict.cancel();
                true
            }
            None => false,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Tracked>>> {
        self.open
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// A socket holding one of the cap's slots for as long as it is open, also
/// after a WebSocket upgrade takes it over.
struct Slotted {
    stream: TcpStream,
    _slot: OwnedSemaphorePermit,
}

impl AsyncRead for Slotted {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Slotted {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

/// Serves `router` on `listener` until `shutdown`, then lets open requests
/// finish (the caller bounds how long).
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: CancellationToken,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let registry = Arc::new(Registry::default());
    let tasks = tokio_util::task::TaskTracker::new();
    loop {
        let (stream, peer) = tokio::select! {
            () = shutdown.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors or a connection reset before
                    // it was accepted: pause instead of spinning.
                    debug!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
        };
        let Some(slot) = take_slot(&slots, &registry).await else {
            debug!(%peer, "connection refused: every connection is busy");
            continue;
        };
        if let Err(e) = stream.set_nodelay(true) {
            debug!(error = %e, "cannot set TCP_NODELAY");
        }
        let io = Slotted {
            stream,
            _slot: slot,
        };
        tasks.spawn(connection(
            io,
            peer,
            router.clone(),
            limits,
            registry.clone(),
            shutdown.clone(),
        ));
    }
    tasks.close();
    tasks.wait().await;
}

/// A free slot, or one freed by closing the longest-idle connection.
async fn take_slot(slots: &Arc<Semaphore>, registry: &Registry) -> Option<OwnedSemaphorePermit> {
    if let Ok(slot) = slots.clone().try_acquire_owned() {
        return Some(slot);
    }
    if !registry.evict_idle() {
        return None;
    }
    tokio::time::timeout(EVICTION_WAIT, slots.clone().acquire_owned())
        .await
        .ok()?
        .ok()
}

async fn connection(
    io: Slotted,
    peer: SocketAddr,
    router: Router,
    limits: Limits,
    registry: Arc<Registry>,
    shutdown: CancellationToken,
) {
    let (id, tracked) = registry.add();
    let counter = tracked.clone();
    let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
        request.extensions_mut().insert(ConnectInfo(peer));
        let counter = counter.clone();
        counter.in_flight.fetch_add(1, Ordering::AcqRel);
        let response = router.clone().oneshot(request.map(axum::body::Body::new));
        async move {
            let response = response.await;
            counter.in_flight.fetch_sub(1, Ordering::AcqRel);
            Ok::<_, Infallible>(match response {
                Ok(response) => response,
                Err(never) => match never {},
            })
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    let conn = builder
        .serve_connection(TokioIo::new(io), service)
        .with_upgrades();
    tokio::pin!(conn);
    tokio::select! {
        served = conn.as_mut() => {
            if let Err(e) = served {
                debug!(error = %e, %peer, "connection ended");
            }
        }
        () = tracked.evict.cancelled() => {
            debug!(%peer, "idle connection closed to make room for a new one");
        }
        () = shutdown.cancelled() => {
            conn.as_mut().graceful_shutdown();
            if let Err(e) = conn.await {
                debug!(error = %e, %peer, "connection ended during shutdown");
            }
        }
    }
    registry.remove(id);
}
