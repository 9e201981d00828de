//! One request and its answer on a fresh connection to fail2ban's socket.

use std::path::Path;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::UnixStream;

use crate::error::{Fail2banError, Result};
use crate::pickle::Value;
use crate::protocol;

/// Largest answer accepted from fail2ban, terminator included. A status answer of a
/// million long IPv6 addresses takes 46 MiB, though the decoder's memo limit refuses
/// one of more than about 349,000 addresses. Decoding an answer builds at most
/// [`byte_budget`](crate::pickle::byte_budget) of its length: 64 MiB × 16 = 1 GiB.
const MAX_RESPONSE: usize = 64 * 1024 * 1024;

/// Connects, trying again while the listen backlog is full (another client,
/// such as fail2ban-client, may hold fail2ban's single pending slot).
async fn connect(socket: &Path) -> std::io::Result<UnixStream> {
    let mut pause = Duration::from_millis(2);
    loop {
        match UnixStream::connect(socket).await {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(Duration::from_millis(100));
            }
            other => return other,
        }
    }
}

/// Writes one request and reads its answer.
pub(crate) async fn exchange(socket: &Path, words: &[String]) -> Result<Value> {
    let unavailable = |e: std::io::Error| Fail2banError::Unavailable {
        socket: socket.to_owned(),
        reason: match e.kind() {
            std::io::ErrorKind::NotFound => {
                "the socket does not exist (is fail2ban-server running?)".to_owned()
            }
            std::io::ErrorKind::ConnectionRefused => {
                "connection refused (fail2ban-server is not running)".to_owned()
            }
            std::io::ErrorKind::PermissionDenied => "permission denied on the socket".to_owned(),
            _ => e.to_string(),
        },
    };
    let mut stream = connect(socket).await.map_err(unavailable)?;
    stream
        .write_all(&protocol::request(words))
        .await
        .map_err(unavailable)?;
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        let n = stream.read(&mut chunk).await.map_err(unavailable)?;
        if n == 0 {
            return Err(Fail2banError::Unavailable {
                socket: socket.to_owned(),
                reason: "fail2ban closed the connection before answering".to_owned(),
            });
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.len() > MAX_RESPONSE {
            return Err(Fail2banError::Protocol(format!(
                "answer larger than {} MiB",
                MAX_RESPONSE >> 20
            )));
        }
        if buf.ends_with(protocol::END) {
            break;
        }
    }
    // Closing politely is best effort: the answer is already complete.
    let mut close = protocol::CLOSE.to_vec();
    close.extend_from_slice(protocol::END);
    let _ = stream.write_all(&close).await;
    protocol::response(&buf[..buf.len() - protocol::END.len()])
}
