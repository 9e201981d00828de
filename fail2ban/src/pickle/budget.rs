//! How many bytes the pickle decoder may build, and what each value it builds costs.

use std::mem::size_of;

use super::value::{PickleError, Value};

/// Bytes the decoder may build per byte of input.
///
/// fail2ban's answers are mostly strings: a `status <jail>` or `banned` answer with
/// 50,000 addresses costs from 4.3 bytes per input byte (long IPv6 addresses) to 10.5
/// (the shortest IPv4 ones), a `--with-time` list less than 2. An address costs three
/// nodes: its string, the argument tuple of the `str(...)` call it is pickled as, and
/// the copy of the `builtins.str` global fetched from the memo. The memo copies only
/// the entries a GET reads; were it to copy everything Python memoizes, the same
/// answers would cost up to 34. The factor leaves a margin of 1.5 over the costliest
/// of them. Pickles mostly of scalars cost more (a list of small dicts of numbers 17,
/// a run of `None` a node per byte) and decode only while that fits in [`MIN_BYTES`].
pub const BYTES_PER_INPUT_BYTE: usize = 16;
/// Bytes the decoder may build however short the input.
pub const MIN_BYTES: usize = 64 * 1024;

/// What one value costs besides its contents: the slot it takes in a container or on
/// the stack.
pub(super) const NODE: usize = size_of::<Value>();

/// The most bytes [`decode`](super::decode) builds for an input of `input_len` bytes,
/// copies included: `max(input_len * 16, 64 KiB)`.
///
/// A value's cost is `size_of::<Value>()` plus the length of its text or bytes, plus
/// the cost of every item it holds. Each memo index costs four bytes; each index some
/// GET reads costs four more and a copy of every value put there, and each GET pays
/// for its copy again.
pub fn byte_budget(input_len: usize) -> usize {
    input_len
        .saturating_mul(BYTES_PER_INPUT_BYTE)
        .max(MIN_BYTES)
}

/// Bytes the decoder may still build.
#[derive(Debug)]
pub(super) struct Budget {
    left: usize,
}

impl Budget {
    /// The budget for decoding an input of `input_len` bytes.
    pub(super) fn for_input(input_len: usize) -> Self {
        Self {
            left: byte_budget(input_len),
        }
    }

    /// A budget of `bytes`.
    #[cfg(test)]
    pub(super) fn of(bytes: usize) -> Self {
        Self { left: bytes }
    }

    /// Bytes that may still be built.
    #[cfg(test)]
    pub(super) fn left(&self) -> usize {
        self.left
    }

    /// Takes `bytes` from the budget, or refuses once it is spent.
    pub(super) fn spend(&mut self, bytes: usize) -> Result<(), PickleError> {
        self.left = self
            .left
            .checked_sub(bytes)
            .ok_or(PickleError::TooLarge("too many values"))?;
        Ok(())
    }

    /// Pays for a copy of `value`, node and contents.
    pub(super) fn spend_on_copy(&mut self, value: &Value) -> Result<(), PickleError> {
        self.spend(size(value, self.left))
    }

    /// Pays for a copy of what `value` holds, for a copy whose node is already paid for.
    pub(super) fn spend_on_contents(&mut self, value: &Value) -> Result<(), PickleError> {
        self.spend(contents(value, self.left))
    }
}

/// The cost of `value`, counted only until it passes `limit`.
pub(super) fn size(value: &Value, limit: usize) -> usize {
    NODE.saturating_add(contents(value, limit.saturating_sub(NODE)))
}

/// The cost of what `value` holds (its text, bytes or items), counted only until it
/// passes `limit`.
pub(super) fn contents(value: &Value, limit: usize) -> usize {
    match value {
        Value::Str(s) | Value::Global(s) => s.len(),
        Value::Bytes(b) => b.len(),
        Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
            items_size(items.iter(), 0, limit)
        }
        Value::Dict(pairs) => items_size(pairs.iter().flat_map(|(k, v)| [k, v]), 0, limit),
        Value::Object { class, args } => items_size(args.iter(), class.len(), limit),
        Value::None | Value::Bool(_) | Value::Int(_) | Value::Float(_) => 0,
    }
}

/// Adds the cost of `items` to `start`, stopping once past `limit`.
fn items_size<'v>(items: impl Iterator<Item = &'v Value>, start: usize, limit: usize) -> usize {
    let mut total = start;
    for item in items {
        if total > limit {
            break;
        }
        total = total.saturating_add(size(item, limit - total));
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_grows_with_the_input_above_a_floor() {
        assert_eq!(byte_budget(0), 64 * 1024);
        assert_eq!(byte_budget(1024), 64 * 1024);
        assert_eq!(byte_budget(4096), 64 * 1024);
        assert_eq!(byte_budget(4097), 16 * 4097);
        assert_eq!(byte_budget(1 << 20), 16 << 20);
        assert_eq!(byte_budget(usize::MAX), usize::MAX);
    }

    #[test]
    fn sizes_count_nodes_text_and_items() {
        let value = Value::Object {
            class: "a.B".into(),
            args: vec![
                Value::Str("four".into()),
                Value::Dict(vec![(Value::Int(1), Value::Bytes(vec![0; 5]))]),
            ],
        };
        assert_eq!(size(&value, usize::MAX), 5 * NODE + 3 + 4 + 5);
        assert_eq!(contents(&value, usize::MAX), 4 * NODE + 3 + 4 + 5);
    }

    #[test]
    fn sizes_stop_counting_past_the_limit() {
        let value = Value::List(vec![Value::None; 1000]);
        let counted = size(&value, 10 * NODE);
        assert!(counted > 10 * NODE, "{counted}");
        assert!(counted <= 13 * NODE, "{counted}");
    }
}
