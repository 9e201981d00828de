//! The one place where errors become GraphQL errors with `extensions.code`.

use async_graphql::{ErrorExtensions, ServerError};
use bangui_core::ServiceError;
pub use bangui_core::error::ErrorCode;
use tracing::error as log_error;

/// The codes as the TypeScript module `web/src/api/errorCodes.ts`, which
/// `bangui error-codes` prints.
pub fn typescript() -> String {
    let codes: String = ErrorCode::ALL
        .iter()
        .map(|c| format!("  '{}',\n", c.as_str()))
        .collect();
    format!(
        "// The server's error codes, written by `bangui error-codes` (`make schema`); do not edit.\n\n\
         /** Every `extensions.code` the server sends. */\n\
         export const ERROR_CODES = [\n{codes}] as const;\n\n\
         /** One of the server's error codes. */\n\
         export type ErrorCode = (typeof ERROR_CODES)[number];\n"
    )
}

/// A GraphQL error with a message for people and a code for programs.
pub fn error(code: ErrorCode, message: impl Into<String>) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(|_, ext| ext.set("code", code.as_str()))
}

/// Gives every error that reached the response without a code one: errors outside
/// any field (parse and validation) are `GRAPHQL_VALIDATION_FAILED`, others internal.
pub fn ensure_codes(errors: &mut [ServerError]) {
    for err in errors {
        let has_code = err
            .extensions
            .as_ref()
            .is_some_and(|ext| ext.get("code").is_some());
        if has_code {
            continue;
        }
        let code = if err.path.is_empty() {
            ErrorCode::GraphqlValidationFailed
        } else if let Some(name) = undefined_variable(&err.message) {
            err.message = format!("the variable ${name} has no value: send it in \"variables\"");
            ErrorCode::BadUserInput
        } else if is_input_error(&err.message) {
            if err.message.contains("\"DateTime\"") {
                err.message.push_str(
                    " (a DateTime is an RFC 3339 date and time with its offset, such as 2026-12-01T08:00:00Z)",
                );
            }
            ErrorCode::BadUserInput
        } else {
            err.message = "internal error".to_owned();
            ErrorCode::InternalServerError
        };
        err.extensions
            .get_or_insert_with(Default::default)
            .set("code", code.as_str());
    }
}

/// Gives every response's errors their codes, over HTTP and WebSocket alike
/// (a subscription's parse and validation errors included).
pub struct Codes;

impl async_graphql::extensions::ExtensionFactory for Codes {
    fn create(&self) -> std::sync::Arc<dyn async_graphql::extensions::Extension> {
        std::sync::Arc::new(CodesExtension)
    }
}

struct CodesExtension;

#[async_trait::async_trait]
impl async_graphql::extensions::Extension for CodesExtension {
    async fn request(
        &self,
        ctx: &async_graphql::extensions::ExtensionContext<'_>,
        next: async_graphql::extensions::NextRequest<'_>,
    ) -> async_graphql::Response {
        let mut response = next.run(ctx).await;
        ensure_codes(&mut response.errors);
        response
    }

    fn subscribe<'s>(
        &self,
        ctx: &async_graphql::extensions::ExtensionContext<'_>,
        stream: futures::stream::BoxStream<'s, async_graphql::Response>,
        next: async_graphql::extensions::NextSubscribe<'_>,
    ) -> futures::stream::BoxStream<'s, async_graphql::Response> {
        use futures::StreamExt;
        next.run(ctx, stream)
            .map(|mut response| {
                ensure_codes(&mut response.errors);
                response
            })
            .boxed()
    }
}

/// Whether an error without a code is async-graphql's refusal of an
/// argument or variable value (raised while a field reads its arguments, so it
/// has a path like a resolver's failure).
fn is_input_error(message: &str) -> bool {
    message.starts_with("Failed to parse \"")
        || message.starts_with("Expected input type \"")
        || message.starts_with("Invalid value for argument")
}

/// The name in async-graphql's "Variable x is not defined." (a required
/// variable the request did not send).
fn undefined_variable(message: &str) -> Option<&str> {
    message
        .strip_prefix("Variable ")?
        .strip_suffix(" is not defined.")
}

/// Maps a domain error to its code and a message fit for the client. Failures
/// the client cannot act on are logged here, once, with their sources.
pub fn from_service(e: ServiceError) -> async_graphql::Error {
    if e.is_for_the_log() {
        log_error!(error = %e.chain(), "request failed");
    }
    error(e.code(), e.public_message())
}

/// A DataLoader's failure (its error is shared by every key of the batch, so
/// it arrives as text): logged, internal to the client.
pub fn loader_failed(e: &str) -> async_graphql::Error {
    from_service(ServiceError::invariant(format!("loading failed: {e}")))
}

/// `.gql()` on service results, for resolvers.
pub trait GqlResult<T> {
    fn gql(self) -> async_graphql::Result<T>;
}

impl<T> GqlResult<T> for Result<T, ServiceError> {
    fn gql(self) -> async_graphql::Result<T> {
        self.map_err(from_service)
    }
}
