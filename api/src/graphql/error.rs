//! The one place where errors become GraphQL errors with `extensions.code`.

use async_graphql::{ErrorExtensions, ServerError};

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
        } else {
            err.message = "internal error".to_owned();
            Code::InternalServerError
        };
        err.extensions
            .get_or_insert_with(Default::default)
            .set("code", code.as_str());
    }
}
