//! The domain layer's errors, which the API maps to `extensions.code`.

use bangui_fail2ban::Fail2banError;
use bangui_fail2ban::db::Fail2banDbError;

use crate::db::DbError;

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
    #[error(transparent)]
    Fail2ban(#[from] Fail2banError),
    #[error(transparent)]
    Fail2banDb(#[from] Fail2banDbError),
    #[error(transparent)]
    Db(#[from] DbError),
    /// A failure the caller cannot act on; details are logged, not shown.
    #[error("{0}")]
    Internal(String),
}

impl From<sea_orm::DbErr> for ServiceError {
    fn from(e: sea_orm::DbErr) -> Self {
        ServiceError::Db(crate::db::classify(&e, None))
    }
}

/// Result alias of the domain layer.
pub type ServiceResult<T> = Result<T, ServiceError>;
