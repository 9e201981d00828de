//! GraphQL over HTTP (GET for queries, POST for everything) with the request's
//! identity, CSRF rules and batch limit applied, answered in the media type
//! the request accepts.

use std::net::SocketAddr;

use async_graphql::{BatchRequest, BatchResponse, Response as GqlResponse};
use async_graphql_axum::GraphQLBatchRequest;
use axum::Extension;
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;

use super::cache;
use super::media::{self, Media};
use crate::graphql::error::{ErrorCode, ensure_codes, from_service};
use crate::graphql::{BanguiSchema, limits};
use crate::request::{self, RequestAuth};
use crate::state::AppState;

/// Most operations in one batch.
pub const MAX_BATCH: usize = 10;

/// Whether a POST says its body is JSON.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

fn too_large(media: Media) -> Response {
    media::refusal(
        media,
        StatusCode::PAYLOAD_TOO_LARGE,
        ErrorCode::BadUserInput,
        &format!(
            "the request body is larger than {} bytes",
            crate::http::MAX_BODY_BYTES
        ),
    )
}

/// Whether reading a body failed on the body limit.
fn over_limit(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(e);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}

/// A GET's query string that is not a GraphQL request.
fn unreadable(media: Media, e: &async_graphql::ParseRequestError) -> Response {
    if matches!(e, async_graphql::ParseRequestError::PayloadTooLarge) {
        return too_large(media);
    }
    media::refusal(
        media,
        StatusCode::BAD_REQUEST,
        ErrorCode::BadUserInput,
        &format!("the request cannot be read: {e}"),
    )
}

/// The GraphQL requests of a POST body or a GET query string; the error
/// response when there are none.
async fn read(media: Media, request: Request, state: &AppState) -> Result<BatchRequest, Response> {
    if request.method() != Method::POST {
        return GraphQLBatchRequest::<async_graphql_axum::rejection::GraphQLRejection>::from_request(
            request, state,
        )
        .await
        .map(GraphQLBatchRequest::into_inner)
        .map_err(|rejection| unreadable(media, &rejection.0));
    }
    let bytes = axum::body::to_bytes(request.into_body(), crate::http::MAX_BODY_BYTES)
        .await
        .map_err(|e| {
            if over_limit(&e) {
                too_large(media)
            } else {
                media::refusal(
                    media,
                    StatusCode::BAD_REQUEST,
                    ErrorCode::BadUserInput,
                    "the request body could not be read to its end",
                )
            }
        })?;
    media::requests(&bytes).map_err(|message| {
        media::refusal(
            media,
            StatusCode::BAD_REQUEST,
            ErrorCode::BadUserInput,
            &message,
        )
    })
}

/// What the handler needs to know of a document before running it.
#[derive(Default)]
struct Shape {
    /// Any mutation or subscription.
    writes: bool,
    /// Any root `__schema` or `__type` field.
    introspects: bool,
    /// Its answer may be kept a moment ([`cache::keepable`]).
    keepable: bool,
}

fn shape(request: &mut async_graphql::Request) -> Shape {
    use async_graphql::parser::types::{OperationType, Selection};
    let Ok(doc) = request.parsed_query() else {
        return Shape::default();
    };
    let mut shape = Shape {
        keepable: cache::keepable(doc),
        ..Shape::default()
    };
    for (_, op) in doc.operations.iter() {
        shape.writes |= op.node.ty != OperationType::Query;
        shape.introspects |= op.node.selection_set.node.items.iter().any(|s| {
            matches!(&s.node, Selection::Field(f) if matches!(f.node.name.node.as_str(), "__schema" | "__type"))
        });
    }
    shape
}

/// `GET` and `POST /graphql`.
pub async fn handler(
    Extension(schema): Extension<HttpSchema>,
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let method = request.method().clone();
    let headers = request.headers().clone();
    let Some(media) = media::negotiate(&headers) else {
        return media::refusal(
            Media::Json,
            StatusCode::NOT_ACCEPTABLE,
            ErrorCode::BadUserInput,
            "Accept allows neither application/graphql-response+json nor application/json",
        );
    };
    let refused = |code: ErrorCode, message: &str| {
        let status = match code {
            ErrorCode::Forbidden => StatusCode::FORBIDDEN,
            _ => StatusCode::BAD_REQUEST,
        };
        media::refusal(media, status, code, message)
    };
    let auth = match request::identify(&state, &headers, peer).await {
        Ok(auth) => auth,
        Err(e) => {
            let err = from_service(e).into_server_error(Default::default());
            return media::write(media, GqlResponse::from_errors(vec![err]).into());
        }
    };
    if !request::csrf_ok(&state, &method, &headers, &auth) {
        return refused(
            ErrorCode::Forbidden,
            "a cookie-authenticated POST must be application/json from an allowed Origin",
        );
    }
    if method == Method::POST && !is_json(&headers) {
        return media::refusal(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadUserInput,
            "a POST to /graphql must have Content-Type: application/json",
        );
    }
    // The body is read only once the sender may send it.
    let (batched, mut requests) = match read(media, request, &state).await {
        Ok(BatchRequest::Single(one)) => (false, vec![one]),
        Ok(BatchRequest::Batch(many)) => (true, many),
        Err(response) => return response,
    };
    if requests.len() > MAX_BATCH {
        return refused(
            ErrorCode::GraphqlValidationFailed,
            &format!("at most {MAX_BATCH} operations per batch"),
        );
    }
    let budget = limits::budget(auth.credential.is_some());
    if let Some(err) = requests
        .iter()
        .find_map(|r| limits::check_length(&r.query, budget).err())
    {
        return refused(ErrorCode::GraphqlValidationFailed, &err.message);
    }
    let measured: Vec<_> = requests
        .iter_mut()
        .map(|r| limits::measure(r, budget))
        .collect();
    let shapes: Vec<Shape> = requests
        .iter_mut()
        .zip(&measured)
        .map(|(r, m)| {
            if m.is_ok() {
                shape(r)
            } else {
                Shape::default()
            }
        })
        .collect();
    if method == Method::GET && shapes.iter().any(|s| s.writes) {
        return refused(
            ErrorCode::GraphqlValidationFailed,
            "mutations and subscriptions need POST",
        );
    }
    if shapes.iter().any(|s| s.introspects) {
        if !state.config.introspection {
            return refused(
                ErrorCode::Forbidden,
                "introspection is switched off on this server",
            );
        }
        if auth.credential.is_none() {
            return refused(ErrorCode::Unauthenticated, "sign in to use introspection");
        }
    }
    if !batched
        && let ([request], [Ok(())], [shape]) =
            (requests.as_slice(), measured.as_slice(), shapes.as_slice())
        && shape.keepable
    {
        let key = cache::key(
            auth.credential.as_ref().map(|c| c.actor.role),
            media,
            request,
        );
        let generation = state.events.written().generation();
        if let Some(body) = state.responses.get(&key, generation) {
            note_operation(request.operation_name.as_deref());
            state
                .metrics
                .observe_operation(request.operation_name.as_deref(), "ok", 0.0, 0);
            state.metrics.answered_from_cache();
            return media::answered(media, body);
        }
        let Some(request) = requests.pop() else {
            return refused(ErrorCode::InternalServerError, "internal error");
        };
        let response = execute(&schema, &state, &auth, request, Ok(())).await;
        if response.errors.is_empty() && response.http_headers.is_empty() {
            let body = axum::body::Bytes::from(media::body_of(&response));
            state.responses.put(key, generation, body.clone());
            return media::answered(media, body);
        }
        return media::write(media, BatchResponse::Single(response));
    }
    let mut responses = Vec::with_capacity(requests.len());
    for (request, measured) in requests.into_iter().zip(measured) {
        responses.push(execute(&schema, &state, &auth, request, measured).await);
    }
    let answers = match (batched, responses.pop()) {
        (false, Some(one)) => BatchResponse::Single(one),
        (_, last) => {
            responses.extend(last);
            BatchResponse::Batch(responses)
        }
    };
    media::write(media, answers)
}

/// Names the operation in the request's span (the last one of a batch); a
/// name that is no GraphQL name is not written to the log.
fn note_operation(name: Option<&str>) {
    if let Some(name) = name {
        let loggable = crate::graphql::is_name(name);
        tracing::Span::current().record("operation", if loggable { name } else { "other" });
    }
}

/// The schema GraphQL over HTTP runs: the one without extensions, since this
/// transport measures, codes and describes itself.
#[derive(Clone)]
pub struct HttpSchema(pub BanguiSchema);

/// Runs one operation as the request's sender, once [`limits::measure`] has
/// measured it (`measured`, its refusal otherwise).
pub async fn execute(
    HttpSchema(schema): &HttpSchema,
    state: &AppState,
    auth: &RequestAuth,
    mut request: async_graphql::Request,
    measured: async_graphql::ServerResult<()>,
) -> GqlResponse {
    if let Some(credential) = &auth.credential {
        request = request
            .data(credential.actor.clone())
            .data(credential.clone());
    }
    if auth.credential.is_none() || !state.config.introspection {
        request = request.disable_introspection();
    }
    request = request.data(auth.clone());
    let operation = request.operation_name.clone();
    note_operation(operation.as_deref());
    let started = std::time::Instant::now();
    let (mut response, statements) = match measured {
        Ok(()) => {
            let described = request
                .parsed_query()
                .map(crate::graphql::describe::schema_keys)
                .unwrap_or_default();
            let (mut response, statements) =
                bangui_core::statements::counted(schema.execute(request)).await;
            crate::graphql::describe::describe(&mut response, &described);
            (response, statements)
        }
        Err(refusal) => (GqlResponse::from_errors(vec![refusal]), 0),
    };
    ensure_codes(&mut response.errors);
    let outcome = response
        .errors
        .first()
        .and_then(|e| e.extensions.as_ref())
        .and_then(|ext| ext.get("code"))
        .map_or_else(
            || "ok".to_owned(),
            |code| code.to_string().trim_matches('"').to_owned(),
        );
    let elapsed = started.elapsed();
    tracing::debug!(
        operation = operation.as_deref().unwrap_or("anonymous"),
        %outcome,
        statements,
        elapsed_ms = elapsed.as_secs_f64() * 1000.0,
        "GraphQL operation"
    );
    state.metrics.observe_operation(
        operation.as_deref(),
        &outcome,
        elapsed.as_secs_f64(),
        statements,
    );
    response
}
