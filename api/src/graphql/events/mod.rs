//! Live ban events, resumable from a cursor.

pub mod subscription;
pub mod types;
