//! The one place where errors become GraphQL errors with `extensions.code`.

use async_graphql::{ErrorExtensions, ServerError};
use bangui_core::ServiceError;
use bangui_core::db::DbError;
use bangui_fail2ban::Fail2banError;
use tracing::error as log_error;

/// The error codes of the API contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Code {
    Unauthenticated,
    Forbidden,
    BadUserInput,
    NotFound,
    Conflict,
    Fail2banUnavailable,
    RateLimited,
    DatabaseBusy,
    GraphqlValidationFailed,
    InternalServerError,
}

impl Code {
    /// Every code, in the order the web's list has them.
    pub const ALL: [Code; 10] = [
        Code::Unauthenticated,
        Code::Forbidden,
        Code::BadUserInput,
        Code::NotFound,
        Code::Conflict,
        Code::Fail2banUnavailable,
        Code::RateLimited,
        Code::DatabaseBusy,
        Code::GraphqlValidationFailed,
        Code::InternalServerError,
    ];

    /// The codes as the TypeScript module `web/src/api/errorCodes.ts`, which
    /// `bangui error-codes` prints.
    pub fn typescript() -> String {
        let codes: String = Self::ALL
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

    /// The code as it appears in `extensions.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Unauthenticated => "UNAUTHENTICATED",
            Code::Forbidden => "FORBIDDEN",
            Code::BadUserInput => "BAD_USER_INPUT",
            Code::NotFound => "NOT_FOUND",
            Code::Conflict => "CONFLICT",
            Code::Fail2banUnavailable => "FAIL2BAN_UNAVAILABLE",
            Code::RateLimited => "RATE_LIMITED",
            Code::DatabaseBusy => "DATABASE_BUSY",
            Code::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            Code::InternalServerError => "INTERNAL_SERVER_ERROR",
        }
    }
}

/// A GraphQL error with a message for people and a code for programs.
pub fn error(code: Code, message: impl Into<String>) -> async_graphql::Error {
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
            Code::GraphqlValidationFailed
        } else if let Some(name) = undefined_variable(&err.message) {
            err.message = format!("the variable ${name} has no value: send it in \"variables\"");
            Code::BadUserInput
        } else if is_input_error(&err.message) {
            if err.message.contains("\"DateTime\"") {
                err.message.push_str(
                    " (a DateTime is an RFC 3339 date and time with its offset, such as 2026-12-01T08:00:00Z)",
                );
            }
            Code::BadUserInput
        } else {
            err.message = "internal error".to_owned();
            Code::InternalServerError
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

/// Maps a domain error to its code and a message fit for the client. Internal
/// failures are logged here, once, and reach the client without details.
pub fn from_service(e: ServiceError) -> async_graphql::Error {
    let (code, message) = match &e {
        ServiceError::BadInput(m) => (Code::BadUserInput, m.clone()),
        ServiceError::NotFound(m) => (Code::NotFound, m.clone()),
        ServiceError::Conflict(m) => (Code::Conflict, m.clone()),
        ServiceError::Unauthenticated(m) => (Code::Unauthenticated, m.clone()),
        ServiceError::Forbidden(m) => (Code::Forbidden, m.clone()),
        ServiceError::RateLimited { .. } => (Code::RateLimited, e.to_string()),
        ServiceError::Fail2ban(Fail2banError::Unavailable { .. }) => (
            Code::Fail2banUnavailable,
            "fail2ban is not reachable".to_owned(),
        ),
        ServiceError::Fail2ban(Fail2banError::Timeout { .. }) => {
            (Code::Fail2banUnavailable, e.to_string())
        }
        ServiceError::Fail2ban(Fail2banError::UnknownJail(jail)) => (
            Code::NotFound,
            format!("fail2ban has no jail named {jail:?}"),
        ),
        ServiceError::Fail2ban(Fail2banError::Server { .. }) => (Code::BadUserInput, e.to_string()),
        ServiceError::Fail2banDb(_) => {
            log_error!(error = %e, "reading fail2ban's database failed");
            (
                Code::Fail2banUnavailable,
                "fail2ban's database cannot be read".to_owned(),
            )
        }
        ServiceError::Db(DbError::Busy { .. }) => (
            Code::DatabaseBusy,
            "the database is busy; try again".to_owned(),
        ),
        ServiceError::Fail2ban(Fail2banError::Protocol(_))
        | ServiceError::Db(_)
        | ServiceError::Internal(_) => {
            log_error!(error = %e, "request failed");
            (Code::InternalServerError, "internal error".to_owned())
        }
    };
    error(code, message)
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
