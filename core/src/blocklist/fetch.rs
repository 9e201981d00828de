//! Downloads a list over HTTP(S) without letting a URL reach inside the network
//! (SSRF): the check applies to the URL, to every redirect, and to every address a
//! host name resolves to, at connection time (so DNS rebinding gains nothing).
//! No proxy is used: a proxy would resolve names where BanGUI cannot check them.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use ipnet::IpNet;
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::{StatusCode, Url, header};

use crate::net::is_public;

/// Why a download failed; the message is shown on the import run.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("{0}")]
    Refused(String),
    #[error("the server answered {0}")]
    Status(u16),
    #[error("the list is larger than {0} bytes")]
    TooLarge(u64),
    #[error("download failed: {0}")]
    Transfer(String),
}

impl FetchError {
    /// Whether trying again later may help.
    fn transient(&self) -> bool {
        match self {
            FetchError::Status(code) => *code == 429 || *code >= 500,
            FetchError::Transfer(_) => true,
            FetchError::Refused(_) | FetchError::TooLarge(_) => false,
        }
    }
}

/// What a URL is for, and the setting that allows it inside the network.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Purpose {
    #[default]
    Blocklist,
    Notification,
}

/// Which addresses an outbound URL (a list's, a notification channel's) may reach.
#[derive(Clone, Debug, Default)]
pub struct UrlPolicy {
    /// Private, loopback and link-local addresses are allowed too.
    pub allow_private: bool,
    /// Non-public networks allowed all the same (an internal mirror).
    pub allowed_networks: Vec<IpNet>,
    pub purpose: Purpose,
}

impl UrlPolicy {
    pub fn permits(&self, ip: IpAddr) -> bool {
        self.allow_private || is_public(ip) || self.allowed_networks.iter().any(|n| n.contains(&ip))
    }

    /// Checks a URL's scheme and, when its host is an address, the address.
    pub fn check_url(&self, url: &Url) -> Result<(), FetchError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchError::Refused(format!(
                "only http and https URLs are allowed, not {}",
                url.scheme()
            )));
        }
        let Some(host) = url.host_str() else {
            return Err(FetchError::Refused("the URL has no host".into()));
        };
        match host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<IpAddr>()
        {
            Ok(ip) => self.check_ip(ip),
            // A name: checked when it resolves.
            Err(_) => Ok(()),
        }
    }

    fn check_ip(&self, ip: IpAddr) -> Result<(), FetchError> {
        if self.permits(ip) {
            Ok(())
        } else {
            Err(refused(ip, self.purpose))
        }
    }
}

fn refused(ip: IpAddr, purpose: Purpose) -> FetchError {
    let (what, setting) = match purpose {
        Purpose::Blocklist => ("blocklist", "BANGUI_BLOCKLIST_ALLOW_PRIVATE_URLS"),
        Purpose::Notification => ("notification channel", "BANGUI_NOTIFY_ALLOW_PRIVATE_URLS"),
    };
    FetchError::Refused(format!(
        "{ip} is a private, loopback or link-local address; {what} URLs may not point there \
         ({setting})"
    ))
}

/// Resolves host names with the system resolver and keeps only permitted addresses.
struct CheckedResolver(UrlPolicy);

impl Resolve for CheckedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.0.clone();
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found
                .iter()
                .copied()
                .filter(|a| policy.permits(a.ip()))
                .collect();
            if allowed.is_empty() {
                let reason = match found.first() {
                    Some(addr) => refused(addr.ip(), policy.purpose).to_string(),
                    None => format!("{host} has no address"),
                };
                return Err(reason.into());
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

/// An HTTP client whose every connection and redirect `policy` checks.
pub fn client(
    policy: &UrlPolicy,
    connect_timeout: Duration,
    total_timeout: Duration,
) -> Result<reqwest::Client, FetchError> {
    let checked = policy.clone();
    let redirects = reqwest::redirect::Policy::custom(move |attempt| {
        if attempt.previous().len() >= 5 {
            return attempt.error("more than 5 redirects");
        }
        match checked.check_url(attempt.url()) {
            Ok(()) => attempt.follow(),
            Err(e) => attempt.error(e),
        }
    });
    reqwest::Client::builder()
        .no_proxy()
        .dns_resolver(Arc::new(CheckedResolver(policy.clone())))
        .redirect(redirects)
        .connect_timeout(connect_timeout)
        .timeout(total_timeout)
        .user_agent(concat!("BanGUI/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| FetchError::Transfer(e.to_string()))
}

/// How downloads behave.
#[derive(Clone, Debug)]
pub struct FetchOptions {
    pub policy: UrlPolicy,
    pub connect_timeout: Duration,
    /// For the whole transfer, body included.
    pub total_timeout: Duration,
    /// Largest body accepted, after decompression.
    pub max_bytes: u64,
    /// Attempts for transient failures (connection, 5xx, 429), with a doubling pause.
    pub attempts: u32,
    pub first_pause: Duration,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            policy: UrlPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(120),
            max_bytes: 64 * 1024 * 1024,
            attempts: 3,
            first_pause: Duration::from_secs(2),
        }
    }
}

/// Validators of an earlier download, for a conditional request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// The outcome of a download.
#[derive(Debug)]
pub enum Fetched {
    /// 304: the list has not changed since `Validators`.
    NotModified,
    Body {
        /// The list, decompressed.
        bytes: Vec<u8>,
        /// Bytes received on the wire.
        downloaded: u64,
        validators: Validators,
    },
}

/// Downloads lists.
#[derive(Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    options: FetchOptions,
}

impl Fetcher {
    pub fn new(options: FetchOptions) -> Result<Fetcher, FetchError> {
        let client = client(
            &options.policy,
            options.connect_timeout,
            options.total_timeout,
        )?;
        Ok(Fetcher { client, options })
    }

    pub fn options(&self) -> &FetchOptions {
        &self.options
    }

    /// Downloads `url`, trying transient failures again.
    pub async fn fetch(&self, url: &str, known: &Validators) -> Result<Fetched, FetchError> {
        let url = Url::parse(url).map_err(|e| FetchError::Refused(format!("invalid URL: {e}")))?;
        self.options.policy.check_url(&url)?;
        let mut pause = self.options.first_pause;
        let mut attempt = 1;
        loop {
            match self.fetch_once(&url, known).await {
                Err(e) if e.transient() && attempt < self.options.attempts => {
                    tracing::info!(attempt, error = %e, "blocklist download failed; trying again");
                    tokio::time::sleep(pause).await;
                    pause *= 2;
                    attempt += 1;
                }
                outcome => return outcome,
            }
        }
    }

    async fn fetch_once(&self, url: &Url, known: &Validators) -> Result<Fetched, FetchError> {
        let mut request = self.client.get(url.clone());
        if let Some(etag) = &known.etag {
            request = request.header(header::IF_NONE_MATCH, etag);
        }
        if let Some(modified) = &known.last_modified {
            request = request.header(header::IF_MODIFIED_SINCE, modified);
        }
        let response = request.send().await.map_err(transfer)?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if !status.is_success() {
            return Err(FetchError::Status(status.as_u16()));
        }
        let header_text = |name: header::HeaderName| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let validators = Validators {
            etag: header_text(header::ETAG),
            last_modified: header_text(header::LAST_MODIFIED),
        };
        let cap = self.options.max_bytes;
        if response.content_length().is_some_and(|n| n > cap) {
            return Err(FetchError::TooLarge(cap));
        }
        let mut bytes = Vec::new();
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(transfer)?;
            if bytes.len() as u64 + chunk.len() as u64 > cap {
                return Err(FetchError::TooLarge(cap));
            }
            bytes.extend_from_slice(&chunk);
        }
        let downloaded = bytes.len() as u64;
        // A .gz file served as such (not as a Content-Encoding).
        if bytes.starts_with(&[0x1f, 0x8b]) {
            bytes = gunzip(&bytes, cap)?;
        }
        Ok(Fetched::Body {
            bytes,
            downloaded,
            validators,
        })
    }
}

fn transfer(e: reqwest::Error) -> FetchError {
    // The URL may carry credentials: messages never repeat it.
    let e = e.without_url();
    // The resolver's and the redirect policy's refusals arrive wrapped.
    let mut source: Option<&dyn std::error::Error> = Some(&e);
    while let Some(err) = source {
        let text = err.to_string();
        if text.contains("BANGUI_BLOCKLIST_ALLOW_PRIVATE_URLS") || text.contains("redirects") {
            return FetchError::Refused(text);
        }
        source = err.source();
    }
    if e.is_timeout() {
        return FetchError::Transfer("timed out".into());
    }
    FetchError::Transfer(e.to_string())
}

fn gunzip(bytes: &[u8], cap: u64) -> Result<Vec<u8>, FetchError> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(bytes)
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| FetchError::Transfer(format!("invalid gzip data: {e}")))?;
    if out.len() as u64 > cap {
        return Err(FetchError::TooLarge(cap));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn urls_pointing_inside_are_refused() {
        let strict = UrlPolicy::default();
        for bad in [
            "http://127.0.0.1/list",
            "http://10.1.2.3/list",
            "http://192.168.1.1/list",
            "http://169.254.169.254/latest/meta-data/",
            "http://[::1]/list",
            "http://[fe80::1]/list",
            "http://[::ffff:10.0.0.1]/list",
            "http://0.0.0.0/list",
        ] {
            assert!(
                matches!(strict.check_url(&url(bad)), Err(FetchError::Refused(_))),
                "{bad}"
            );
        }
        for scheme in ["ftp://lists.example/x", "file:///etc/passwd"] {
            assert!(matches!(
                strict.check_url(&url(scheme)),
                Err(FetchError::Refused(_))
            ));
        }
        assert!(
            strict
                .check_url(&url("https://lists.example.org/x.txt"))
                .is_ok()
        );
        assert!(strict.check_url(&url("http://45.1.2.3/x.txt")).is_ok());

        let open = UrlPolicy {
            allow_private: true,
            ..Default::default()
        };
        assert!(open.check_url(&url("http://10.1.2.3/list")).is_ok());
        let mirror = UrlPolicy {
            allowed_networks: vec!["10.1.0.0/16".parse().unwrap()],
            ..Default::default()
        };
        assert!(mirror.check_url(&url("http://10.1.2.3/list")).is_ok());
        assert!(mirror.check_url(&url("http://10.2.2.3/list")).is_err());
    }
}
