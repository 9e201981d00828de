//! The domain layer's errors. Each has its code (`extensions.code` in the API,
//! the outcome in the audit log) and a message fit for the caller; failures
//! the caller cannot act on keep their source for the log and show nothing of it.

use std::time::Duration;

use bangui_fail2ban::Fail2banError;
use bangui_fail2ban::conf::FilesError;
use bangui_fail2ban::db::Fail2banDbError;

use crate::db::DbError;

/// Any error kept as the source of an internal failure.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a service call failed.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The caller sent something invalid; the message says what.
    #[error("{0}")]
    BadInput(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    Unauthenticated(String),
    #[error("{0}")]
    Forbidden(String),
    /// Too many attempts; try again after the given seconds.
    #[error("too many attempts; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// fail2ban's socket is missing, refuses connections, or broke off;
    /// `reason` (with the socket's path) is for the log.
    #[error("fail2ban is not reachable")]
    Fail2banUnreachable { reason: String },
    #[error("fail2ban did not answer within {}s", .after.as_secs_f32())]
    Fail2banTimeout { after: Duration },
    /// The host's agent is not connected (or went away while the command ran).
    #[error("host {host:?} is not connected")]
    HostUnavailable { host: String },
    /// fail2ban ran the command and refused it; its own words.
    #[error("fail2ban refused the command: {0}")]
    Fail2banRefused(String),
    /// A ban would cover the caller's own address, the server's or an
    /// allowlisted one; `force` makes it anyway.
    #[error("{0}")]
    WouldLockOut(String),
    /// fail2ban refused a configuration change; nothing of it was kept.
    #[error("fail2ban refused the configuration: {reason}")]
    ConfigInvalid { reason: String },
    #[error("fail2ban's database cannot be read")]
    Fail2banDb(#[source] Fail2banDbError),
    #[error(transparent)]
    Db(#[from] DbError),
    /// A failure the caller cannot act on: `context` says what BanGUI was
    /// doing, `source` why it failed. Logged, never shown.
    #[error("{context}")]
    Internal {
        context: String,
        #[source]
        source: Option<BoxError>,
    },
}

impl ServiceError {
    /// An internal failure caused by `source`.
    pub fn internal(context: impl Into<String>, source: impl Into<BoxError>) -> ServiceError {
        ServiceError::Internal {
            context: context.into(),
            source: Some(source.into()),
        }
    }

    /// An internal failure with no error behind it: something that cannot
    /// happen did.
    pub fn invariant(context: impl Into<String>) -> ServiceError {
        ServiceError::Internal {
            context: context.into(),
            source: None,
        }
    }

    pub fn code(&self) -> ErrorCode {
        match self {
            ServiceError::BadInput(_) | ServiceError::Fail2banRefused(_) => ErrorCode::BadUserInput,
            ServiceError::NotFound(_) => ErrorCode::NotFound,
            ServiceError::Conflict(_) => ErrorCode::Conflict,
            ServiceError::Unauthenticated(_) => ErrorCode::Unauthenticated,
            ServiceError::Forbidden(_) => ErrorCode::Forbidden,
            ServiceError::RateLimited { .. } => ErrorCode::RateLimited,
            ServiceError::ConfigInvalid { .. } => ErrorCode::ConfigInvalid,
            ServiceError::WouldLockOut(_) => ErrorCode::WouldLockOut,
            ServiceError::HostUnavailable { .. } => ErrorCode::HostUnavailable,
            ServiceError::Fail2banUnreachable { .. }
            | ServiceError::Fail2banTimeout { .. }
            | ServiceError::Fail2banDb(_) => ErrorCode::Fail2banUnavailable,
            ServiceError::Db(DbError::Busy { .. }) => ErrorCode::DatabaseBusy,
            ServiceError::Db(_) | ServiceError::Internal { .. } => ErrorCode::InternalServerError,
        }
    }

    /// The message for the caller: this error's own, except for internal
    /// failures, whose details are for the server's log only.
    pub fn public_message(&self) -> String {
        match self.code() {
            ErrorCode::InternalServerError => "internal error".to_owned(),
            ErrorCode::DatabaseBusy => "the database is busy; try again".to_owned(),
            _ => self.to_string(),
        }
    }

    /// Whether the server's log should have this failure, with its sources:
    /// the caller was told nothing it could act on.
    pub fn is_for_the_log(&self) -> bool {
        matches!(
            self,
            ServiceError::Db(_) | ServiceError::Internal { .. } | ServiceError::Fail2banDb(_)
        ) && !matches!(self, ServiceError::Db(DbError::Busy { .. }))
    }

    /// This error and each of its sources, as one line for the log.
    pub fn chain(&self) -> String {
        let mut out = self.to_string();
        let mut next = std::error::Error::source(self);
        while let Some(cause) = next {
            out.push_str(": ");
            out.push_str(&cause.to_string());
            next = cause.source();
        }
        out
    }
}

impl From<Fail2banError> for ServiceError {
    fn from(e: Fail2banError) -> Self {
        match e {
            Fail2banError::Unavailable { .. } => ServiceError::Fail2banUnreachable {
                reason: e.to_string(),
            },
            Fail2banError::Timeout { after } => ServiceError::Fail2banTimeout { after },
            Fail2banError::UnknownJail(jail) => {
                ServiceError::NotFound(format!("fail2ban has no jail named {jail:?}"))
            }
            Fail2banError::Server { class, message } => {
                ServiceError::Fail2banRefused(format!("{class}: {message}"))
            }
            Fail2banError::HostUnavailable { host } => ServiceError::HostUnavailable { host },
            Fail2banError::Protocol(_) => ServiceError::internal("talking to fail2ban", e),
        }
    }
}

impl From<Fail2banDbError> for ServiceError {
    fn from(e: Fail2banDbError) -> Self {
        match e {
            Fail2banDbError::HostUnavailable { host } => ServiceError::HostUnavailable { host },
            other => ServiceError::Fail2banDb(other),
        }
    }
}

impl From<FilesError> for ServiceError {
    fn from(e: FilesError) -> Self {
        match e {
            FilesError::Refused(reason) => ServiceError::BadInput(reason),
            FilesError::HostUnavailable { host } => ServiceError::HostUnavailable { host },
            other => ServiceError::internal("fail2ban's configuration directory", other),
        }
    }
}

impl From<sea_orm::DbErr> for ServiceError {
    fn from(e: sea_orm::DbErr) -> Self {
        ServiceError::Db(crate::db::classify(&e, None))
    }
}

/// Result alias of the domain layer.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// The error codes of the API contract: `extensions.code` of every error the
/// API sends, and the outcome of a failed action in the audit log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    BadUserInput,
    NotFound,
    Conflict,
    Fail2banUnavailable,
    RateLimited,
    ConfigInvalid,
    WouldLockOut,
    HostUnavailable,
    DatabaseBusy,
    GraphqlValidationFailed,
    InternalServerError,
}

impl ErrorCode {
    /// Every code, in the order the web's list has them.
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::Unauthenticated,
        ErrorCode::Forbidden,
        ErrorCode::BadUserInput,
        ErrorCode::NotFound,
        ErrorCode::Conflict,
        ErrorCode::Fail2banUnavailable,
        ErrorCode::RateLimited,
        ErrorCode::ConfigInvalid,
        ErrorCode::WouldLockOut,
        ErrorCode::HostUnavailable,
        ErrorCode::DatabaseBusy,
        ErrorCode::GraphqlValidationFailed,
        ErrorCode::InternalServerError,
    ];

    /// The code as it appears in `extensions.code`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::Unauthenticated => "UNAUTHENTICATED",
            ErrorCode::Forbidden => "FORBIDDEN",
            ErrorCode::BadUserInput => "BAD_USER_INPUT",
            ErrorCode::NotFound => "NOT_FOUND",
            ErrorCode::Conflict => "CONFLICT",
            ErrorCode::Fail2banUnavailable => "FAIL2BAN_UNAVAILABLE",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::ConfigInvalid => "CONFIG_INVALID",
            ErrorCode::WouldLockOut => "WOULD_LOCK_OUT",
            ErrorCode::HostUnavailable => "HOST_UNAVAILABLE",
            ErrorCode::DatabaseBusy => "DATABASE_BUSY",
            ErrorCode::GraphqlValidationFailed => "GRAPHQL_VALIDATION_FAILED",
            ErrorCode::InternalServerError => "INTERNAL_SERVER_ERROR",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fail2ban_failures_become_the_domain_s_own() {
        let unreachable = ServiceError::from(Fail2banError::Unavailable {
            socket: "/run/fail2ban/fail2ban.sock".into(),
            reason: "connection refused".into(),
        });
        assert_eq!(unreachable.code(), ErrorCode::Fail2banUnavailable);
        assert_eq!(unreachable.public_message(), "fail2ban is not reachable");
        let refused = ServiceError::from(Fail2banError::Server {
            class: "ValueError".into(),
            message: "bad value".into(),
        });
        assert_eq!(refused.code(), ErrorCode::BadUserInput);
        assert_eq!(
            refused.public_message(),
            "fail2ban refused the command: ValueError: bad value"
        );
        let garbled = ServiceError::from(Fail2banError::Protocol("short read".into()));
        assert_eq!(garbled.code(), ErrorCode::InternalServerError);
        assert_eq!(garbled.public_message(), "internal error");
        assert_eq!(
            garbled.chain(),
            "talking to fail2ban: unexpected answer from fail2ban: short read"
        );
        assert!(garbled.is_for_the_log());
        let missing = ServiceError::from(Fail2banError::UnknownJail("sshd".into()));
        assert_eq!(missing.code(), ErrorCode::NotFound);
        assert_eq!(
            missing.public_message(),
            "fail2ban has no jail named \"sshd\""
        );
    }
}
