//! Health of BanGUI and the parts it depends on.

pub mod query;
pub mod subscription;
pub mod types;
