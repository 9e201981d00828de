//! Serves the web dashboard: the one built into the binary (web/dist at build
//! time), or a directory named by the `web_dir` setting. Hashed assets are cached
//! for a year, every other file is revalidated, and a path that names no file and
//! looks like a page gets index.html (the single-page app routes it).

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;
use tower_http::services::{ServeDir, ServeFile};

use crate::state::AppState;

/// The dashboard as built into web/dist when the binary was compiled; empty when
/// it was not built. Debug builds read the same folder from disk.
#[derive(Embed)]
#[folder = "../web/dist"]
#[allow_missing = true]
struct BuiltIn;

/// Where the dashboard's files come from when no directory is configured and the
/// binary has none built in.
const DEFAULT_DIR: &str = "web/dist";

/// Vite names every file under `assets/` after a hash of its content.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// Where the dashboard is served from.
pub enum Source {
    BuiltIn,
    Directory(PathBuf),
}

impl Source {
    /// The configured directory, else the built-in dashboard, else web/dist.
    pub fn select(web_dir: Option<&Path>) -> Self {
        match web_dir {
            Some(dir) => Source::Directory(dir.to_owned()),
            None if BuiltIn::get("index.html").is_some() => Source::BuiltIn,
            None => Source::Directory(PathBuf::from(DEFAULT_DIR)),
        }
    }

    /// One file of the dashboard, by its path inside it.
    pub async fn read(&self, path: &str) -> Option<Cow<'static, [u8]>> {
        match self {
            Source::BuiltIn => BuiltIn::get(path).map(|file| file.data),
            Source::Directory(dir) => tokio::fs::read(dir.join(path)).await.ok().map(Cow::Owned),
        }
    }
}

/// Routes for `/` and the dashboard's files.
pub fn routes(web_dir: Option<&Path>) -> Router<AppState> {
    match Source::select(web_dir) {
        Source::BuiltIn => embedded::<BuiltIn, AppState>(),
        Source::Directory(dir) => directory(&dir),
    }
}

/// Serves the files of `E` with their caching headers and the page fallback.
pub fn embedded<E: Embed + Send + Sync + 'static, S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().fallback(serve_embedded::<E>)
}

fn directory(dir: &Path) -> Router<AppState> {
    let index = dir.join("index.html");
    if !index.is_file() {
        return Router::new().fallback(not_built);
    }
    let serve = ServeDir::new(dir)
        .append_index_html_on_directories(true)
        .fallback(ServeFile::new(index));
    Router::new()
        .fallback_service(serve)
        .layer(axum::middleware::from_fn(cache_headers))
}

async fn cache_headers(request: Request, next: Next) -> Response {
    let policy = cache_control(request.uri().path().trim_start_matches('/'));
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    response
}

/// How long a browser may keep the file at `path` (relative, no leading slash).
fn cache_control(path: &str) -> &'static str {
    if path.starts_with("assets/") {
        IMMUTABLE
    } else {
        REVALIDATE
    }
}

/// A path that names no file is a page of the app unless it is under `assets/`
/// or ends in a file name with an extension (`.js`, `.woff2`; not the last digit
/// of an address): a missing script gets a 404, not HTML.
fn is_page(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or_default();
    let extension = last
        .rsplit_once('.')
        .map(|(_, ext)| ext)
        .unwrap_or_default();
    let is_file = extension.chars().all(|c| c.is_ascii_alphanumeric())
        && extension.chars().any(|c| c.is_ascii_alphabetic());
    !path.starts_with("assets/") && !is_file
}

async fn serve_embedded<E: Embed>(uri: axum::http::Uri, headers: HeaderMap) -> Response {
    let path = uri.path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    if let Some(file) = E::get(path) {
        return respond(path, file, &headers);
    }
    match E::get("index.html") {
        None => not_built().await.into_response(),
        Some(index) if is_page(path) => respond("index.html", index, &headers),
        Some(_) => (StatusCode::NOT_FOUND, "Not found.\n").into_response(),
    }
}

fn respond(path: &str, file: rust_embed::EmbeddedFile, headers: &HeaderMap) -> Response {
    let hash = file.metadata.sha256_hash();
    let etag = format!("\"{}\"", bangui_core::digest::hex(&hash[..16]));
    let cache = HeaderValue::from_static(cache_control(path));
    let fresh = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|tags| tags.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let etag = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    if fresh {
        return (
            StatusCode::NOT_MODIFIED,
            [(header::ETAG, etag), (header::CACHE_CONTROL, cache)],
        )
            .into_response();
    }
    let mime = HeaderValue::from_str(file.metadata.mimetype())
        .unwrap_or(HeaderValue::from_static("application/octet-stream"));
    (
        [
            (header::CONTENT_TYPE, mime),
            (header::ETAG, etag),
            (header::CACHE_CONTROL, cache),
        ],
        file.data,
    )
        .into_response()
}

async fn not_built() -> impl IntoResponse {
    (
        StatusCode::NOT_FOUND,
        "The web dashboard is not built: run `make web`, or use the API at /graphql.\n",
    )
}

#[cfg(test)]
mod tests {
    use axum::body::{Body, to_bytes};
    use axum::http::Request;
    use tower::ServiceExt;

    use super::*;

    #[derive(Embed)]
    #[folder = "tests/web"]
    struct Fixture;

    #[derive(Embed)]
    #[folder = "tests/absent-web"]
    #[allow_missing = true]
    struct Missing;

    async fn get(
        router: Router,
        path: &str,
        etag: Option<&str>,
    ) -> (StatusCode, HeaderMap, String) {
        let mut request = Request::get(path);
        if let Some(tag) = etag {
            request = request.header(header::IF_NONE_MATCH, tag);
        }
        let response = router
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = to_bytes(response.into_body(), 1 << 20).await.unwrap();
        (status, headers, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn pages_get_the_app_and_assets_are_cached_for_good() {
        let app = || embedded::<Fixture, ()>();
        let (status, headers, body) = get(app(), "/", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "<!doctype html><title>BanGUI</title>\n");
        assert_eq!(headers[header::CONTENT_TYPE], "text/html");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache");

        let (status, _, body) = get(app(), "/bans/detail", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "<!doctype html><title>BanGUI</title>\n");

        let (status, headers, body) = get(app(), "/assets/app-4f2a.js", None).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(body, "console.log(\"app\");\n");
        assert_eq!(headers[header::CONTENT_TYPE], "text/javascript");
        assert_eq!(
            headers[header::CACHE_CONTROL],
            "public, max-age=31536000, immutable"
        );

        let (status, _, body) = get(app(), "/assets/gone-1234.js", None).await;
        assert_eq!(
            (status, body.as_str()),
            (StatusCode::NOT_FOUND, "Not found.\n")
        );
        let (status, _, _) = get(app(), "/favicon.ico", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }

    #[tokio::test]
    async fn an_unchanged_file_is_not_sent_again() {
        let app = || embedded::<Fixture, ()>();
        let (_, headers, _) = get(app(), "/assets/app-4f2a.js", None).await;
        let etag = headers[header::ETAG].to_str().unwrap().to_owned();
        assert_eq!(etag.len(), 34);
        let (status, headers, body) = get(app(), "/assets/app-4f2a.js", Some(&etag)).await;
        assert_eq!(status, StatusCode::NOT_MODIFIED);
        assert_eq!(body, "");
        assert_eq!(headers[header::ETAG], etag.as_str());
        let (status, _, _) = get(app(), "/assets/app-4f2a.js", Some("\"other\"")).await;
        assert_eq!(status, StatusCode::OK);
    }

    #[tokio::test]
    async fn a_binary_without_the_dashboard_says_so() {
        let (status, _, body) = get(embedded::<Missing, ()>(), "/", None).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert_eq!(
            body,
            "The web dashboard is not built: run `make web`, or use the API at /graphql.\n"
        );
    }

    #[test]
    fn page_paths_and_cache_policy() {
        assert!(is_page("jails"));
        assert!(is_page("bans/10.0.0.1"));
        assert!(!is_page("assets/index"));
        assert!(!is_page("robots.txt"));
        assert!(!is_page("fonts/a.woff2"));
        assert!(is_page("ip/2001:db8::1"));
        assert_eq!(cache_control("assets/index-abc.css"), IMMUTABLE);
        assert_eq!(cache_control("index.html"), REVALIDATE);
        assert_eq!(cache_control("playground.html"), REVALIDATE);
    }
}
