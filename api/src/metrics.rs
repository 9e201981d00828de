//! The server's Prometheus registry: requests, GraphQL operations and what
//! the scrape counts of the archive.

use std::sync::Mutex;
use std::time::Instant;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::{encode_eof, encode_registry};
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

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

/// Archived bans as `(jail, origin, bans)`.
pub type ArchiveCounts = Vec<(String, String, i64)>;

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
    cached: Counter,
    /// The operation names labelled so far.
    names: Mutex<std::collections::HashSet<String>>,
    /// Archived bans by jail and origin, and when they were counted.
    pub(crate) archived: tokio::sync::Mutex<Option<(Instant, ArchiveCounts)>>,
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
        let cached = Counter::default();
        registry.register(
            "graphql_cached_answers",
            "GraphQL answers served from the response cache (archive queries repeated within a second and no write)",
            cached.clone(),
        );
        Self {
            registry: Mutex::new(registry),
            requests,
            latency,
            operations,
            operation_latency,
            operation_statements,
            cached,
            names: Mutex::default(),
            archived: tokio::sync::Mutex::default(),
        }
    }

    /// Counts an answer served from the response cache.
    pub fn answered_from_cache(&self) {
        self.cached.inc();
    }

    /// Counts one GraphQL operation. Names are the client's: one that is not a
    /// GraphQL name, or past the first 200 names, counts as `other`.
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
        if !crate::graphql::is_name(name) {
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

    pub(crate) fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
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
