//! GraphQL over HTTP (GET for queries, POST for everything) with the request's
//! identity, CSRF rules and batch limit applied.

use std::net::SocketAddr;

use async_graphql::{BatchRequest, BatchResponse, Response as GqlResponse, ServerError};
use async_graphql_axum::{GraphQLBatchRequest, GraphQLResponse};
use axum::Extension;
use axum::extract::{ConnectInfo, FromRequest, Request, State};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};

use super::error::{Code, ensure_codes, from_service};
use super::{BanguiSchema, limits};
use crate::http::auth::{self, RequestAuth};
use crate::state::AppState;

/// Most operations in one batch.
pub const MAX_BATCH: usize = 10;

fn refused(code: Code, message: &str) -> Response {
    let status = match code {
        Code::Forbidden => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    };
    refused_with(status, code, message)
}

fn refused_with(status: StatusCode, code: Code, message: &str) -> Response {
    let mut err = ServerError::new(message, None);
    err.extensions
        .get_or_insert_with(Default::default)
        .set("code", code.as_str());
    (
        status,
        GraphQLResponse::from(GqlResponse::from_errors(vec![err])),
    )
        .into_response()
}

/// Whether a POST says its body is JSON.
fn is_json(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"))
}

/// A body that is not a GraphQL request, in one sentence with its code.
fn unreadable(e: &async_graphql::ParseRequestError) -> Response {
    use async_graphql::ParseRequestError as E;
    match e {
        E::PayloadTooLarge => too_large(),
        E::Io(io) if is_length_limit(io) => too_large(),
        E::InvalidRequest(inner) => {
            let message = match inner.downcast_ref::<serde_json::Error>() {
                Some(json) if json.is_data() => {
                    "the body must be a GraphQL request ({\"query\": ..., \"variables\": {...}}) or a list of them".to_owned()
                }
                Some(json) => format!(
                    "the body is not valid JSON: {} at line {} column {}",
                    json_problem(json),
                    json.line(),
                    json.column()
                ),
                None => format!("the request cannot be read: {inner}"),
            };
            refused_with(StatusCode::BAD_REQUEST, Code::BadUserInput, &message)
        }
        other => refused_with(
            StatusCode::BAD_REQUEST,
            Code::BadUserInput,
            &format!("the request cannot be read: {other}"),
        ),
    }
}

fn too_large() -> Response {
    refused_with(
        StatusCode::PAYLOAD_TOO_LARGE,
        Code::BadUserInput,
        &format!(
            "the request body is larger than {} bytes",
            crate::http::MAX_BODY_BYTES
        ),
    )
}

fn is_length_limit(e: &std::io::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> =
        e.get_ref().map(|inner| inner as _);
    while let Some(err) = source {
        if err.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        source = err.source();
    }
    false
}

/// serde_json's description without its position, which is given apart.
fn json_problem(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// What the handler needs to know of a document before running it.
#[derive(Default)]
struct Shape {
    /// Any mutation or subscription.
    writes: bool,
    /// Any root `__schema` or `__type` field.
    introspects: bool,
}

fn shape(query: &str) -> Shape {
    use async_graphql::parser::types::{OperationType, Selection};
    let Ok(doc) = async_graphql::parser::parse_query(query) else {
        return Shape::default();
    };
    let mut shape = Shape::default();
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
    Extension(schema): Extension<BanguiSchema>,
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Response {
    let method = request.method().clone();
    let headers = request.headers().clone();
    let auth = match auth::identify(&state, &headers, peer).await {
        Ok(auth) => auth,
        Err(e) => {
            let err = from_service(e);
            return (GraphQLResponse::from(GqlResponse::from_errors(vec![
                err.into_server_error(Default::default()),
            ])))
            .into_response();
        }
    };
    if !auth::csrf_ok(&state, &method, &headers, &auth) {
        return refused(
            Code::Forbidden,
            "a cookie-authenticated POST must be application/json from an allowed Origin",
        );
    }
    if method == Method::POST && !is_json(&headers) {
        return refused_with(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Code::BadUserInput,
            "a POST to /graphql must have Content-Type: application/json",
        );
    }
    // The body is read only once the sender may send it.
    let batch =
        match GraphQLBatchRequest::<async_graphql_axum::rejection::GraphQLRejection>::from_request(
            request, &state,
        )
        .await
        {
            Ok(batch) => batch.into_inner(),
            Err(rejection) => return unreadable(&rejection.0),
        };
    let requests = match batch {
        BatchRequest::Single(one) => vec![one],
        BatchRequest::Batch(many) => many,
    };
    if requests.len() > MAX_BATCH {
        return refused(
            Code::GraphqlValidationFailed,
            &format!("at most {MAX_BATCH} operations per batch"),
        );
    }
    let budget = limits::budget(auth.credential.is_some());
    if let Some(err) = requests
        .iter()
        .find_map(|r| limits::check_length(&r.query, budget).err())
    {
        return (
            StatusCode::BAD_REQUEST,
            GraphQLResponse::from(GqlResponse::from_errors(vec![err])),
        )
            .into_response();
    }
    let shapes: Vec<Shape> = requests.iter().map(|r| shape(&r.query)).collect();
    if method == Method::GET && shapes.iter().any(|s| s.writes) {
        return refused(
            Code::GraphqlValidationFailed,
            "mutations and subscriptions need POST",
        );
    }
    if shapes.iter().any(|s| s.introspects) {
        if !state.config.introspection {
            return refused(
                Code::Forbidden,
                "introspection is switched off on this server",
            );
        }
        if auth.credential.is_none() {
            return refused(Code::Unauthenticated, "sign in to use introspection");
        }
    }
    let single = requests.len() == 1;
    let mut responses = Vec::with_capacity(requests.len());
    for request in requests {
        responses.push(execute(&schema, &state, &auth, request).await);
    }
    let response = if single {
        BatchResponse::Single(responses.pop().unwrap_or_default())
    } else {
        BatchResponse::Batch(responses)
    };
    GraphQLResponse::from(response).into_response()
}

/// Runs one operation as the request's sender.
pub async fn execute(
    schema: &BanguiSchema,
    state: &AppState,
    auth: &RequestAuth,
    mut request: async_graphql::Request,
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
    let mut response = schema.execute(request).await;
    ensure_codes(&mut response.errors);
    response
}
