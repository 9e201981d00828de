//! Prometheus metrics: a registry per server instance and the request middleware.

use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::{encode_eof, encode_registry};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    operation: String,
    outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationNameLabels {
    operation: String,
}

/// Most operation names kept as labels; later ones count as `other`.
const MAX_OPERATION_NAMES: usize = 200;

/// The server's metrics.
pub struct Metrics {
    registry: Mutex<Registry>,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram>,
    operations: Family<OperationLabels, Counter>,
    operation_latency: Family<OperationNameLabels, Histogram>,
    operation_statements: Family<OperationNameLabels, Histogram>,
    /// The operation names labelled so far.
    names: Mutex<std::collections::HashSet<String>>,
    /// Archived bans by jail and origin, and when they were counted.
    pub(super) archived: tokio::sync::Mutex<Option<(Instant, Vec<(String, String, i64)>)>>,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// A fresh registry with BanGUI's metrics.
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("bangui");
        let requests = Family::<RequestLabels, Counter>::default();
        let latency = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.001, 2.0, 14))
        });
        registry.register(
            "http_requests",
            "HTTP requests by method, route and status",
            requests.clone(),
        );
        registry.register(
            "http_request_duration_seconds",
            "HTTP request latency by route",
            latency.clone(),
        );
        let operations = Family::<OperationLabels, Counter>::default();
        let operation_latency =
            Family::<OperationNameLabels, Histogram>::new_with_constructor(|| {
                Histogram::new(exponential_buckets(0.0005, 2.0, 16))
            });
        registry.register(
            "graphql_operations",
            "GraphQL operations by operation name and outcome (ok or the first error's code)",
            operations.clone(),
        );
        registry.register(
            "graphql_operation_duration_seconds",
            "GraphQL operation latency by operation name",
            operation_latency.clone(),
        );
        let operation_statements =
            Family::<OperationNameLabels, Histogram>::new_with_constructor(|| {
                Histogram::new([1.0, 2.0, 3.0, 5.0, 10.0, 20.0, 50.0, 100.0])
            });
        registry.register(
            "graphql_operation_statements",
            "SQL statements one GraphQL operation ran, by operation name",
            operation_statements.clone(),
        );
        Self {
            registry: Mutex::new(registry),
            requests,
            latency,
            operations,
            operation_latency,
            operation_statements,
            names: Mutex::default(),
            archived: tokio::sync::Mutex::default(),
        }
    }

    /// Counts one GraphQL operation. Names are the client's: one that is not a
    /// GraphQL name, or past the first [`MAX_OPERATION_NAMES`], counts as `other`.
    pub fn observe_operation(
        &self,
        name: Option<&str>,
        outcome: &str,
        seconds: f64,
        statements: u64,
    ) {
        let operation = self.operation_label(name);
        self.operations
            .get_or_create(&OperationLabels {
                operation: operation.clone(),
                outcome: outcome.to_owned(),
            })
            .inc();
        let labels = OperationNameLabels { operation };
        self.operation_latency
            .get_or_create(&labels)
            .observe(seconds);
        self.operation_statements
            .get_or_create(&labels)
            .observe(statements as f64);
    }

    fn operation_label(&self, name: Option<&str>) -> String {
        let Some(name) = name else {
            return "anonymous".to_owned();
        };
        let valid = name.len() <= 64
            && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return "other".to_owned();
        }
        let mut names = self
            .names
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if names.contains(name) || names.len() < MAX_OPERATION_NAMES {
            names.insert(name.to_owned());
            name.to_owned()
        } else {
            "other".to_owned()
        }
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                route: route.to_owned(),
            })
            .observe(seconds);
    }

    /// The Prometheus text exposition of every metric, with `now`'s figures.
    pub fn encode(&self, now: &Registry) -> Result<String, std::fmt::Error> {
        let mut out = String::new();
        let registry = self.registry.lock().map_err(|_| std::fmt::Error)?;
        encode_registry(&mut out, &registry)?;
        encode_registry(&mut out, now)?;
        encode_eof(&mut out)?;
        Ok(out)
    }
}

/// Middleware counting requests by route (never by raw path, to bound cardinality).
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_owned(), |p| p.as_str().to_owned());
    let method = method_label(req.method()).to_owned();
    let start = Instant::now();
    let response = next.run(req).await;
    state.metrics.observe(
        &method,
        &route,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

/// The method as a label: the standard ones by name, anything else as one
/// value, so made-up methods cannot add series.
fn method_label(method: &axum::http::Method) -> &'static str {
    use axum::http::Method;
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::HEAD => "HEAD",
        Method::OPTIONS => "OPTIONS",
        Method::PATCH => "PATCH",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "OTHER",
    }
}

/// Who may read `/metrics`: anyone with `metrics_public`, else a client on
/// loopback (behind a trusted proxy, the client the proxy names) or an ADMIN
/// token.
async fn allowed(
    state: &AppState,
    headers: &axum::http::HeaderMap,
    peer: SocketAddr,
) -> Result<(), Response> {
    if state.config.metrics_public {
        return Ok(());
    }
    let Ok(request) = crate::http::auth::identify(state, headers, peer).await else {
        return Err(StatusCode::SERVICE_UNAVAILABLE.into_response());
    };
    let loopback = request
        .client_addr
        .parse::<std::net::IpAddr>()
        .is_ok_and(|ip| ip.is_loopback());
    match request.credential {
        _ if loopback => Ok(()),
        Some(c) if c.actor.role >= bangui_core::Role::Admin => Ok(()),
        Some(_) => Err((StatusCode::FORBIDDEN, "/metrics needs the ADMIN role").into_response()),
        None => Err((
            StatusCode::UNAUTHORIZED,
            "/metrics answers loopback clients and ADMIN tokens (Authorization: Bearer)",
        )
            .into_response()),
    }
}

/// `GET /metrics`.
pub async fn render(
    State(state): State<AppState>,
    axum::extract::ConnectInfo(peer): axum::extract::ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
) -> Response {
    if let Err(refused) = allowed(&state, &headers, peer).await {
        return refused;
    }
    let now = super::gauges::read(&state).await;
    match state.metrics.encode(&now) {
        Ok(text) => (
            [(
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            )],
            Body::from(text),
        )
            .into_response(),
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}
