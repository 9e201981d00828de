//! The optional HTTP fallback: ip-api.com's batch endpoint (at most 100 addresses
//! per request), honouring its rate limit headers (`X-Rl` requests left, `X-Ttl`
//! seconds until the window resets). It sends addresses over plain HTTP to a third
//! party, so it is off unless BANGUI_GEOIP_HTTP_FALLBACK is set.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Deserialize;
use tracing::warn;

/// Most addresses per request.
pub const BATCH: usize = 100;
/// ip-api's public endpoint.
pub const DEFAULT_URL: &str = "http://ip-api.com/batch";

#[derive(Deserialize)]
struct Answer {
    status: String,
    #[serde(default)]
    message: Option<String>,
    #[serde(default, rename = "countryCode")]
    country_code: Option<String>,
    query: String,
}

/// Client of the ip-api batch endpoint.
pub struct IpApi {
    client: reqwest::Client,
    url: String,
    /// No request before this instant (rate limit reached).
    paused_until: Mutex<Option<Instant>>,
}

impl IpApi {
    /// A client for `url` (normally [`DEFAULT_URL`]).
    pub fn new(url: &str) -> Self {
        let client = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(3))
            .timeout(Duration::from_secs(10))
            .build()
            .unwrap_or_default();
        Self {
            client,
            url: url.to_owned(),
            paused_until: Mutex::new(None),
        }
    }

    fn paused(&self) -> bool {
        self.paused_until
            .lock()
            .map(|p| p.is_some_and(|until| until > Instant::now()))
            .unwrap_or(false)
    }

    fn pause_for(&self, secs: u64) {
        if let Ok(mut p) = self.paused_until.lock() {
            *p = Some(Instant::now() + Duration::from_secs(secs.max(1)));
        }
    }

    /// Definite answers for as many of `ips` as the rate limit allows: a code,
    /// or `None` for an address ip-api cannot place. Failed or skipped addresses
    /// are absent, so they are asked again later.
    pub async fn lookup(&self, ips: &[IpAddr]) -> HashMap<IpAddr, Option<String>> {
        let mut found = HashMap::new();
        for chunk in ips.chunks(BATCH) {
            if self.paused() {
                break;
            }
            let body: Vec<String> = chunk.iter().map(IpAddr::to_string).collect();
            let response = self
                .client
                .post(format!(
                    "{}?fields=status,message,countryCode,query",
                    self.url
                ))
                .json(&body)
                .send()
                .await;
            let response = match response {
                Ok(r) => r,
                Err(e) => {
                    warn!(error = %e, "geolocation fallback unreachable");
                    break;
                }
            };
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
            };
            let (left, ttl) = (header("x-rl"), header("x-ttl"));
            if response.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
                self.pause_for(ttl.unwrap_or(60));
                warn!("geolocation fallback rate limit reached");
                break;
            }
            if left == Some(0) {
                self.pause_for(ttl.unwrap_or(60));
            }
            if !response.status().is_success() {
                warn!(status = %response.status(), "geolocation fallback refused the request");
                break;
            }
            let answers: Vec<Answer> = match response.json().await {
                Ok(a) => a,
                Err(e) => {
                    warn!(error = %e, "geolocation fallback answered nonsense");
                    break;
                }
            };
            for answer in answers {
                let Ok(ip) = answer.query.parse::<IpAddr>() else {
                    continue;
                };
                match (answer.status.as_str(), answer.country_code) {
                    ("success", Some(code)) if code.len() == 2 => {
                        found.insert(ip, Some(code.to_ascii_uppercase()));
                    }
                    ("success", _) => {
                        found.insert(ip, None);
                    }
                    // "private range", "reserved range", "invalid query": truly unknown.
                    _ if answer
                        .message
                        .as_deref()
                        .is_some_and(|m| m.contains("range") || m.contains("invalid")) =>
                    {
                        found.insert(ip, None);
                    }
                    _ => {}
                }
            }
        }
        found
    }
}
