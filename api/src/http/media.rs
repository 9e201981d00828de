//! The media types of GraphQL over HTTP: which one a request accepts, how its
//! body is read, and responses written in that type with the status codes and
//! `data` entry the GraphQL-over-HTTP specification asks for.

use async_graphql::{BatchRequest, BatchResponse, ServerError};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

use crate::graphql::error::ErrorCode;

/// The answer's media type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Media {
    /// `application/graphql-response+json`: a request that never ran is 400
    /// and has no `data`.
    GraphqlResponse,
    /// `application/json`: 200 for every GraphQL answer.
    Json,
}

impl Media {
    pub fn content_type(self) -> &'static str {
        match self {
            Media::GraphqlResponse => "application/graphql-response+json; charset=utf-8",
            Media::Json => "application/json; charset=utf-8",
        }
    }
}

/// The media type `Accept` asks for, most preferred first; `application/json`
/// when there is no `Accept` or it allows anything; `None` when it names
/// nothing BanGUI answers in.
pub fn negotiate(headers: &HeaderMap) -> Option<Media> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(Media::Json);
    };
    if accept.trim().is_empty() {
        return Some(Media::Json);
    }
    let mut ranges: Vec<(f32, usize, Option<Media>)> = accept
        .split(',')
        .enumerate()
        .filter_map(|(order, range)| {
            let mut parts = range.split(';');
            let kind = parts.next()?.trim().to_ascii_lowercase();
            let quality = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let media = match kind.as_str() {
                "application/graphql-response+json" => Some(Media::GraphqlResponse),
                "application/json" | "application/*" | "*/*" => Some(Media::Json),
                _ => None,
            };
            (quality > 0.0).then_some((quality, order, media))
        })
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges.into_iter().find_map(|(_, _, media)| media)
}

/// Whether the answer is a request that never ran: errors, no data, none of
/// them from a field.
fn never_ran(response: &async_graphql::Response) -> bool {
    !response.errors.is_empty()
        && response.data == async_graphql::Value::Null
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// An answer to a request that never ran: its errors alone.
#[derive(serde::Serialize)]
struct NeverRan<'a> {
    errors: &'a [ServerError],
}

/// One answer as JSON text, without `data` when the request never ran.
pub fn body_of(response: &async_graphql::Response) -> String {
    let text = if never_ran(response) {
        serde_json::to_string(&NeverRan {
            errors: &response.errors,
        })
    } else {
        serde_json::to_string(response)
    };
    text.unwrap_or_default()
}

/// Writes GraphQL answers in `media`, with the headers the resolvers set.
pub fn write(media: Media, answers: BatchResponse) -> Response {
    let (status, body, headers) = match &answers {
        BatchResponse::Single(one) => {
            let status = if media == Media::GraphqlResponse && never_ran(one) {
                StatusCode::BAD_REQUEST
            } else {
                StatusCode::OK
            };
            (status, body_of(one), answers.http_headers())
        }
        BatchResponse::Batch(many) => (
            StatusCode::OK,
            format!(
                "[{}]",
                many.iter().map(body_of).collect::<Vec<_>>().join(",")
            ),
            answers.http_headers(),
        ),
    };
    let mut response = (status, body).into_response();
    let out = response.headers_mut();
    out.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.content_type()),
    );
    if answers.is_ok()
        && let Some(cache) = answers.cache_control().value()
        && let Ok(value) = HeaderValue::from_str(&cache)
    {
        out.insert(header::CACHE_CONTROL, value);
    }
    out.extend(headers);
    response
}

/// An answer that ran without errors, from its JSON text.
pub fn answered(media: Media, body: axum::body::Bytes) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.content_type()),
    );
    response
}

/// A request refused before it ran, with `status` and one coded error.
pub fn refusal(media: Media, status: StatusCode, code: ErrorCode, message: &str) -> Response {
    let mut err = ServerError::new(message, None);
    err.extensions
        .get_or_insert_with(Default::default)
        .set("code", code.as_str());
    let body = serde_json::to_string(&NeverRan { errors: &[err] }).unwrap_or_default();
    let mut response = (status, body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(media.content_type()),
    );
    response
}

/// A POST body as GraphQL requests: one request object, or a list of them.
/// Each must have a string `query`; `variables` and `extensions` are maps and
/// `operationName` a string when present.
pub fn requests(body: &[u8]) -> Result<BatchRequest, String> {
    let value: Value = serde_json::from_slice(body).map_err(|e| {
        format!(
            "the body is not valid JSON: {} at line {} column {}",
            json_problem(&e),
            e.line(),
            e.column()
        )
    })?;
    match value {
        Value::Array(items) if items.is_empty() => Err("the batch holds no request".to_owned()),
        Value::Array(items) => items
            .into_iter()
            .map(request)
            .collect::<Result<Vec<_>, _>>()
            .map(BatchRequest::Batch),
        other => request(other).map(BatchRequest::Single),
    }
}

fn request(value: Value) -> Result<async_graphql::Request, String> {
    let Value::Object(map) = &value else {
        return Err(
            "the body must be a GraphQL request ({\"query\": ..., \"variables\": {...}}) or a list of them"
                .to_owned(),
        );
    };
    match map.get("query") {
        Some(Value::String(_)) => {}
        None => return Err("the request has no \"query\"".to_owned()),
        Some(_) => return Err("\"query\" must be a string holding a GraphQL document".to_owned()),
    }
    for (key, wanted) in [
        ("variables", "a map of variable names to values"),
        ("extensions", "a map"),
    ] {
        if !matches!(map.get(key), None | Some(Value::Null | Value::Object(_))) {
            return Err(format!("\"{key}\" must be {wanted}"));
        }
    }
    if !matches!(
        map.get("operationName"),
        None | Some(Value::Null | Value::String(_))
    ) {
        return Err("\"operationName\" must be a string".to_owned());
    }
    serde_json::from_value(value).map_err(|e| format!("the request cannot be read: {e}"))
}

/// serde_json's description without its position, which is given apart.
fn json_problem(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Option<Media> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT, value.parse().unwrap());
        negotiate(&headers)
    }

    #[test]
    fn the_media_type_follows_accept() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(Media::Json));
        assert_eq!(accept("application/json"), Some(Media::Json));
        assert_eq!(accept("*/*"), Some(Media::Json));
        assert_eq!(
            accept("application/graphql-response+json"),
            Some(Media::GraphqlResponse)
        );
        assert_eq!(
            accept("application/json;q=0.9, application/graphql-response+json"),
            Some(Media::GraphqlResponse)
        );
        assert_eq!(
            accept("application/json, application/graphql-response+json;q=0.5"),
            Some(Media::Json)
        );
        assert_eq!(accept("text/html"), None);
        assert_eq!(accept("application/json;q=0"), None);
    }

    #[test]
    fn bodies_must_be_requests() {
        assert_eq!(
            requests(br#"{"notquery": "{ __typename }"}"#).unwrap_err(),
            "the request has no \"query\""
        );
        assert_eq!(
            requests(br#"{"query": 0}"#).unwrap_err(),
            "\"query\" must be a string holding a GraphQL document"
        );
        assert_eq!(
            requests(br#"{"query": "{ a }", "variables": "x"}"#).unwrap_err(),
            "\"variables\" must be a map of variable names to values"
        );
        assert_eq!(requests(b"[]").unwrap_err(), "the batch holds no request");
        assert!(matches!(
            requests(br#"[{"query": "{ a }"}, {"query": "{ b }"}]"#),
            Ok(BatchRequest::Batch(b)) if b.len() == 2
        ));
    }
}
