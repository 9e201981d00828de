//! Countries of addresses: the `Country` type and the DataLoader behind every
//! `country` field.

pub mod loader;
pub mod types;
