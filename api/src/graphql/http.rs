//! GraphQL over HTTP (GET and POST) and over WebSocket (graphql-transport-ws).

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLBatchRequest, GraphQLProtocol, GraphQLResponse, GraphQLWebSocket};
use axum::Extension;
use axum::extract::WebSocketUpgrade;
use axum::response::Response;

use super::BanguiSchema;
use super::error::ensure_codes;

/// `GET` and `POST /graphql`.
pub async fn handler(
    Extension(schema): Extension<BanguiSchema>,
    request: GraphQLBatchRequest,
) -> GraphQLResponse {
    let mut response = schema.execute_batch(request.into_inner()).await;
    match &mut response {
        async_graphql::BatchResponse::Single(one) => ensure_codes(&mut one.errors),
        async_graphql::BatchResponse::Batch(many) => {
            for one in many {
                ensure_codes(&mut one.errors);
            }
        }
    }
    response.into()
}

/// `GET /graphql/ws`: the WebSocket upgrade.
pub async fn websocket(
    Extension(schema): Extension<BanguiSchema>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| GraphQLWebSocket::new(socket, schema, protocol).serve())
}
