//! Blocklist downloads against a local HTTP server: compressed bodies, the size
//! cap, a slow server, retries, and URLs that lead inside the network.

#![expect(clippy::unwrap_used, reason = "test set-up fails loudly")]

use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use bangui_core::blocklist::fetch::{
    FetchError, FetchOptions, Fetched, Fetcher, UrlPolicy, Validators,
};
use bangui_core::blocklist::parse;

const LIST: &str = "45.1.1.1\n45.1.1.2\n";

fn gzipped(text: &str) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap()
}

async fn server() -> String {
    let flaky = Arc::new(AtomicUsize::new(0));
    let app = Router::new()
        .route("/list.txt", get(|| async { LIST }))
        .route(
            "/encoded.txt",
            get(|| async { ([(header::CONTENT_ENCODING, "gzip")], gzipped(LIST)) }),
        )
        .route("/list.txt.gz", get(|| async { gzipped(LIST) }))
        .route("/huge.txt", get(|| async { "45.1.1.1\n".repeat(200_000) }))
        .route(
            "/bomb.gz",
            get(|| async { gzipped(&"0".repeat(5_000_000)) }),
        )
        .route(
            "/slow.txt",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                LIST
            }),
        )
        .route(
            "/flaky.txt",
            get(move || {
                let flaky = flaky.clone();
                async move {
                    if flaky.fetch_add(1, Ordering::SeqCst) < 2 {
                        StatusCode::SERVICE_UNAVAILABLE.into_response()
                    } else {
                        LIST.into_response()
                    }
                }
            }),
        )
        .route(
            "/to-metadata",
            get(|| async { Redirect::temporary("http://169.254.169.254/latest/meta-data/") }),
        )
        .route(
            "/to-loopback",
            get(|| async { Redirect::temporary("http://127.0.0.2:9/list.txt") }),
        )
        .route(
            "/to-list",
            get(|| async { Redirect::temporary("/list.txt") }),
        );
    bangui_test_support::lists::serve(app).await
}

/// A fetcher that may reach the test server (127.0.0.1) and nothing else inside.
fn fetcher(max_bytes: u64, total: Duration) -> Fetcher {
    Fetcher::new(FetchOptions {
        policy: UrlPolicy {
            allow_private: false,
            allowed_networks: vec!["127.0.0.1/32".parse().unwrap()],
            ..Default::default()
        },
        total_timeout: total,
        max_bytes,
        first_pause: Duration::from_millis(50),
        ..Default::default()
    })
    .unwrap()
}

async fn body(fetcher: &Fetcher, url: &str) -> Result<Vec<u8>, FetchError> {
    match fetcher.fetch(url, &Validators::default()).await? {
        Fetched::Body { bytes, .. } => Ok(bytes),
        Fetched::NotModified => panic!("no validators were sent"),
    }
}

#[tokio::test]
async fn plain_and_compressed_lists_read_the_same() {
    let base = server().await;
    let f = fetcher(1 << 20, Duration::from_secs(10));
    for path in ["/list.txt", "/encoded.txt", "/list.txt.gz", "/to-list"] {
        let bytes = body(&f, &format!("{base}{path}")).await.unwrap();
        assert_eq!(parse::parse(&bytes).entries.len(), 2, "{path}");
        assert_eq!(bytes, LIST.as_bytes(), "{path}");
    }
}

#[tokio::test]
async fn the_size_cap_holds_before_and_after_decompression() {
    let base = server().await;
    let f = fetcher(1_000_000, Duration::from_secs(10));
    assert!(matches!(
        body(&f, &format!("{base}/huge.txt")).await,
        Err(FetchError::TooLarge(1_000_000))
    ));
    assert!(matches!(
        body(&f, &format!("{base}/bomb.gz")).await,
        Err(FetchError::TooLarge(1_000_000))
    ));
}

#[tokio::test]
async fn slow_servers_time_out_and_flaky_ones_are_retried() {
    let base = server().await;
    let f = fetcher(1 << 20, Duration::from_millis(500));
    let slow = body(&f, &format!("{base}/slow.txt")).await;
    assert_eq!(slow.unwrap_err().to_string(), "download failed: timed out");
    let f = fetcher(1 << 20, Duration::from_secs(5));
    assert_eq!(
        body(&f, &format!("{base}/flaky.txt")).await.unwrap(),
        LIST.as_bytes()
    );
    let missing = body(&f, &format!("{base}/absent.txt")).await;
    assert_eq!(missing.unwrap_err().to_string(), "the server answered 404");
}

#[tokio::test]
async fn nothing_inside_the_network_is_reached() {
    let base = server().await;
    let f = fetcher(1 << 20, Duration::from_secs(5));
    for path in ["/to-metadata", "/to-loopback"] {
        let refused = body(&f, &format!("{base}{path}")).await;
        assert!(
            matches!(refused, Err(FetchError::Refused(_))),
            "{path}: {refused:?}"
        );
    }
    // A name that resolves to a loopback address is refused at connection time.
    let strict = Fetcher::new(FetchOptions::default()).unwrap();
    let port = base.rsplit(':').next().unwrap();
    let by_name = body(&strict, &format!("http://localhost:{port}/list.txt")).await;
    match by_name {
        Err(FetchError::Refused(message)) => assert!(
            message.contains("127.0.0.1 is a private, loopback or link-local address"),
            "{message}"
        ),
        other => panic!("localhost was reached: {other:?}"),
    }
    let literal = body(&strict, &format!("{base}/list.txt")).await;
    assert_eq!(
        literal.unwrap_err().to_string(),
        "127.0.0.1 is a private, loopback or link-local address; blocklist URLs may not \
         point there (BANGUI_BLOCKLIST_ALLOW_PRIVATE_URLS)"
    );
}
