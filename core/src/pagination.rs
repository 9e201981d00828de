//! Relay-style keyset pagination shared by every connection: opaque cursors
//! (base64 of a versioned, typed sort key), validated arguments, and the page
//! bookkeeping. Never OFFSET.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ServiceError, ServiceResult};

/// Most items one page may hold.
pub const MAX_PAGE: u64 = 500;
/// Items per page when neither `first` nor `last` is given.
pub const DEFAULT_PAGE: u64 = 50;

/// The arguments of a connection field.
#[derive(Clone, Debug, Default)]
pub struct PageRequest {
    pub first: Option<i64>,
    pub after: Option<String>,
    pub last: Option<i64>,
    pub before: Option<String>,
}

/// A validated request: how many, from where, which way.
#[derive(Clone, Debug, PartialEq)]
pub struct Window<K> {
    pub limit: u64,
    pub after: Option<K>,
    pub before: Option<K>,
    /// True for `last`: read from the end backwards.
    pub backward: bool,
}

/// One page of items, each with its cursor.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub items: Vec<(String, T)>,
    pub has_next: bool,
    pub has_previous: bool,
}

/// Encodes a sort key as an opaque cursor for the connection `kind`.
pub fn encode<K: Serialize>(kind: &str, key: &K) -> String {
    let body = serde_json::to_string(&(kind, key)).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(body)
}

/// Decodes a cursor made by [`encode`] for the same `kind`.
pub fn decode<K: DeserializeOwned>(kind: &str, cursor: &str) -> ServiceResult<K> {
    let invalid = || ServiceError::BadInput(format!("invalid cursor {cursor:?} for this list"));
    let bytes = URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .map_err(|_| invalid())?;
    let (found, key): (String, K) = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if found == kind {
        Ok(key)
    } else {
        Err(invalid())
    }
}

impl PageRequest {
    /// Validates the arguments and decodes the cursors for the connection `kind`.
    pub fn window<K: DeserializeOwned>(&self, kind: &str) -> ServiceResult<Window<K>> {
        let count = |name: &str, n: Option<i64>| -> ServiceResult<Option<u64>> {
            match n {
                None => Ok(None),
                Some(n) if (0..=MAX_PAGE as i64).contains(&n) => Ok(Some(n as u64)),
                Some(n) => Err(ServiceError::BadInput(format!(
                    "{name} must be between 0 and {MAX_PAGE}, not {n}"
                ))),
            }
        };
        let first = count("first", self.first)?;
        let last = count("last", self.last)?;
        let (limit, backward) = match (first, last) {
            (Some(_), Some(_)) => {
                return Err(ServiceError::BadInput(
                    "give either first or last, not both".to_owned(),
                ));
            }
            (Some(n), None) => (n, false),
            (None, Some(n)) => (n, true),
            (None, None) => (DEFAULT_PAGE, self.before.is_some() && self.after.is_none()),
        };
        Ok(Window {
            limit,
            after: self.after.as_deref().map(|c| decode(kind, c)).transpose()?,
            before: self
                .before
                .as_deref()
                .map(|c| decode(kind, c))
                .transpose()?,
            backward,
        })
    }
}

impl<K> Window<K> {
    /// Builds the page from rows fetched with `limit + 1` in reading order
    /// (backwards for `last`), putting them back in list order.
    pub fn page<T>(&self, mut rows: Vec<T>, cursor: impl Fn(&T) -> String) -> Page<T> {
        let more = rows.len() as u64 > self.limit;
        rows.truncate(self.limit as usize);
        if self.backward {
            rows.reverse();
        }
        let items = rows.into_iter().map(|row| (cursor(&row), row)).collect();
        let (has_next, has_previous) = if self.backward {
            (self.before.is_some(), more)
        } else {
            (more, self.after.is_some())
        };
        Page {
            items,
            has_next,
            has_previous,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_foreign_ones() {
        let c = encode("ban", &(1700, 42));
        assert_eq!(decode::<(i64, i64)>("ban", &c).unwrap(), (1700, 42));
        assert_eq!(
            decode::<(i64, i64)>("run", &c).unwrap_err().to_string(),
            format!("invalid cursor {c:?} for this list")
        );
        assert!(decode::<(i64, i64)>("ban", "not base64!").is_err());
        assert!(decode::<(i64, i64)>("ban", &encode("ban", &"text")).is_err());
    }

    #[test]
    fn arguments_are_validated() {
        let req = |first, last| PageRequest {
            first,
            last,
            ..Default::default()
        };
        assert_eq!(
            req(None, None).window::<i64>("x").unwrap().limit,
            DEFAULT_PAGE
        );
        assert!(req(Some(501), None).window::<i64>("x").is_err());
        assert!(req(Some(-1), None).window::<i64>("x").is_err());
        assert!(req(Some(1), Some(1)).window::<i64>("x").is_err());
        let w = req(None, Some(10)).window::<i64>("x").unwrap();
        assert!(w.backward);
    }

    #[test]
    fn pages_report_neighbours() {
        let w = Window::<i64> {
            limit: 2,
            after: None,
            before: None,
            backward: false,
        };
        let p = w.page(vec![1, 2, 3], |n| n.to_string());
        assert_eq!(p.items.iter().map(|(_, n)| *n).collect::<Vec<_>>(), [1, 2]);
        assert!(p.has_next && !p.has_previous);
        let w = Window::<i64> {
            limit: 2,
            after: None,
            before: Some(9),
            backward: true,
        };
        let p = w.page(vec![8, 7], |n| n.to_string());
        assert_eq!(p.items.iter().map(|(_, n)| *n).collect::<Vec<_>>(), [7, 8]);
        assert!(p.has_next && !p.has_previous);
    }
}
