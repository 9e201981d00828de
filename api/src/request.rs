//! Who sent a request: the credential from `Authorization: Bearer` or the
//! `bangui_session` cookie, the client's address, and the CSRF rules for cookies.

use std::net::SocketAddr;

use axum::http::{HeaderMap, Method, header};
use bangui_core::ServiceResult;
use bangui_core::auth::Credential;

use crate::state::AppState;

/// Name of the session cookie.
pub const COOKIE: &str = "bangui_session";

/// What is known about a request's sender.
#[derive(Clone, Debug)]
pub struct RequestAuth {
    /// The valid credential, if one was sent.
    pub credential: Option<Credential>,
    /// The token as sent (for logout).
    pub token: Option<String>,
    /// True when the token came from the cookie rather than a header.
    pub via_cookie: bool,
    pub client_addr: String,
    pub user_agent: Option<String>,
    /// Whether the client reached BanGUI over HTTPS (through a trusted proxy).
    pub secure: bool,
}

/// The token from `Authorization: Bearer`, else from the session cookie.
pub fn token_from(headers: &HeaderMap) -> Option<(String, bool)> {
    if let Some(value) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let token = value
            .strip_prefix("Bearer ")
            .or_else(|| value.strip_prefix("bearer "))?;
        return Some((token.trim().to_owned(), false));
    }
    cookie(headers, COOKIE).map(|t| (t, true))
}

/// A cookie's value.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_owned())
}

/// The last value of a comma-separated forwarding header: the one the nearest
/// proxy wrote. Earlier ones come from the client and may be made up.
fn last_forwarded<'h>(headers: &'h HeaderMap, name: &str) -> Option<&'h str> {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .rfind(|v| !v.is_empty())
}

/// The client's address: behind a trusted proxy, the address the proxy appended
/// to X-Forwarded-For (nginx's `$proxy_add_x_forwarded_for`, Caddy's default),
/// else the peer of the connection.
fn client_addr(headers: &HeaderMap, peer: SocketAddr, trust_proxy: bool) -> String {
    trust_proxy
        .then(|| last_forwarded(headers, "x-forwarded-for"))
        .flatten()
        .and_then(|v| v.parse::<std::net::IpAddr>().ok())
        .unwrap_or(peer.ip())
        .to_string()
}

/// Identifies the sender of a request.
pub async fn identify(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> ServiceResult<RequestAuth> {
    let trust = state.config.trust_proxy;
    let client_addr = client_addr(headers, peer, trust);
    let secure = trust
        && last_forwarded(headers, "x-forwarded-proto")
            .is_some_and(|p| p.eq_ignore_ascii_case("https"));
    let (token, via_cookie) = match token_from(headers) {
        Some((t, c)) => (Some(t), c),
        None => (None, false),
    };
    let credential = match &token {
        Some(t) if !t.is_empty() && t.len() <= 256 => state.sessions.authenticate(t).await?,
        _ => None,
    };
    Ok(RequestAuth {
        credential,
        token,
        via_cookie,
        client_addr,
        user_agent: headers
            .get(header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned),
        secure,
    })
}

/// Whether the request's `Origin` is an allowed origin, or the server itself
/// reached by an address or `localhost`. A name is never trusted just because
/// `Origin` and `Host` agree: a page whose name was made to resolve to this
/// server (DNS rebinding) sends both; names the dashboard is served under go
/// in `allowed_origins`.
pub fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    same_origin_allowed(&state.config.allowed_origins, origin, headers)
}

fn same_origin_allowed(allowed: &[String], origin: &str, headers: &HeaderMap) -> bool {
    let origin = origin.trim_end_matches('/').to_ascii_lowercase();
    if allowed.contains(&origin) {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    matches!((host, origin_host), (Some(h), Some(o)) if h == o && addressed_directly(&h))
}

/// Whether `host` (as in a `Host` header, with an optional port) is an IP
/// address or `localhost`, which no foreign name can stand for.
fn addressed_directly(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or_default(),
        None => host.rsplit_once(':').map_or(host, |(name, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                name
            } else {
                host
            }
        }),
    };
    name == "localhost" || name.parse::<std::net::IpAddr>().is_ok()
}

/// CSRF rule: a cookie-authenticated POST must be JSON from an allowed origin.
pub fn csrf_ok(state: &AppState, method: &Method, headers: &HeaderMap, auth: &RequestAuth) -> bool {
    if !(auth.via_cookie && *method == Method::POST) {
        return true;
    }
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    json && origin_allowed(state, headers)
}

/// The `Set-Cookie` value that stores a session token.
pub fn session_cookie(token: &str, max_age_secs: i64, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{}",
        if secure { "; Secure" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxy_s_own_entry_names_the_client() {
        let peer: SocketAddr = "10.0.0.2:4000".parse().unwrap();
        let mut headers = HeaderMap::new();
        assert_eq!(client_addr(&headers, peer, true), "10.0.0.2");
        headers.insert("x-forwarded-for", "1.2.3.4, 203.0.113.9".parse().unwrap());
        assert_eq!(client_addr(&headers, peer, true), "203.0.113.9");
        assert_eq!(client_addr(&headers, peer, false), "10.0.0.2");
        headers.append("x-forwarded-for", "198.51.100.7".parse().unwrap());
        assert_eq!(client_addr(&headers, peer, true), "198.51.100.7");
        headers.insert("x-forwarded-for", "not-an-address".parse().unwrap());
        assert_eq!(client_addr(&headers, peer, true), "10.0.0.2");
        headers.insert("x-forwarded-for", "2001:db8::1 ,".parse().unwrap());
        assert_eq!(client_addr(&headers, peer, true), "2001:db8::1");
    }

    #[test]
    fn a_name_is_trusted_only_when_configured() {
        let headers = |host: &str| {
            let mut h = HeaderMap::new();
            h.insert(header::HOST, host.parse().unwrap());
            h
        };
        let none: Vec<String> = Vec::new();
        for (origin, host) in [
            ("http://127.0.0.1:8080", "127.0.0.1:8080"),
            ("http://localhost:8080", "localhost:8080"),
            ("http://[::1]:8080", "[::1]:8080"),
            ("https://192.0.2.10", "192.0.2.10"),
        ] {
            assert!(
                same_origin_allowed(&none, origin, &headers(host)),
                "{origin}"
            );
        }
        // DNS rebinding: the attacker's name resolves to the server.
        assert!(!same_origin_allowed(
            &none,
            "http://evil.example:8080",
            &headers("evil.example:8080")
        ));
        let configured = vec!["https://bangui.example.com".to_owned()];
        assert!(same_origin_allowed(
            &configured,
            "https://bangui.example.com/",
            &headers("bangui.example.com")
        ));
        assert!(!same_origin_allowed(
            &configured,
            "http://127.0.0.1:8080",
            &headers("bangui.example.com")
        ));
    }

    #[test]
    fn bearer_wins_over_cookie() {
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=b; bangui_session=c00kie".parse().unwrap(),
        );
        assert_eq!(token_from(&h), Some(("c00kie".to_owned(), true)));
        h.insert(header::AUTHORIZATION, "Bearer t0ken".parse().unwrap());
        assert_eq!(token_from(&h), Some(("t0ken".to_owned(), false)));
    }

    #[test]
    fn cookie_attributes() {
        assert_eq!(
            session_cookie("x", 60, true),
            "bangui_session=x; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure"
        );
    }
}
