//! Why an attempt to send a message failed.

/// Why an attempt failed; the text is the delivery's `error`.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the channel answered {0}")]
    Status(u16),
    #[error("{0}")]
    Transfer(String),
    #[error("{0}")]
    Unusable(String),
}
