//! Who sent a request: the credential from `Authorization: Bearer` or the
//! `bangui_session` cookie, the client's address, and the CSRF rules for cookies.

use std::net::SocketAddr;

use axum::http::{HeaderMap, Method, header};
use bangui_core::ServiceResult;
use bangui_core::auth::sessions::Credential;

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

/// Identifies the sender of a request.
pub async fn identify(
    state: &AppState,
    headers: &HeaderMap,
    peer: SocketAddr,
) -> ServiceResult<RequestAuth> {
    let forwarded = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .map(|v| v.trim().to_owned())
    };
    let trust = state.config.trust_proxy;
    let client_addr = trust
        .then(|| forwarded("x-forwarded-for"))
        .flatten()
        .unwrap_or_else(|| peer.ip().to_string());
    let secure =
        trust && forwarded("x-forwarded-proto").is_some_and(|p| p.eq_ignore_ascii_case("https"));
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

/// Whether the request's `Origin` is the server itself or an allowed origin.
pub fn origin_allowed(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let origin = origin.trim_end_matches('/').to_ascii_lowercase();
    if state.config.allowed_origins.contains(&origin) {
        return true;
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase);
    let origin_host = origin
        .strip_prefix("http://")
        .or_else(|| origin.strip_prefix("https://"));
    matches!((host, origin_host), (Some(h), Some(o)) if h == o)
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
