//! The subset of Python's pickle format that fail2ban's socket protocol uses.
//!
//! The decoder keeps exception instances (class and arguments) instead of dropping
//! them, and is safe on hostile input: nesting depth and memo index are bounded by
//! limits, and the bytes it builds (copies from the memo and the stack included) by
//! [`byte_budget`], a fixed multiple of the input's length. A first pass over the
//! opcodes finds the memo entries the pickle reads back, and only those are copied
//! into the memo.

mod budget;
mod fetched;
mod memo;
mod value;

pub use budget::{BYTES_PER_INPUT_BYTE, MIN_BYTES, byte_budget};
use budget::{Budget, NODE};
use memo::Memo;
use value::Slot;
pub use value::{PickleError, Value};

/// Deepest nesting of containers accepted.
pub const MAX_DEPTH: u16 = 64;

enum Item {
    Mark,
    Slot(Slot),
}

struct Decoder<'a> {
    input: &'a [u8],
    pos: usize,
    stack: Vec<Item>,
    memo: Memo,
    /// Bytes that may still be built; copies from the memo and the stack draw on it too.
    budget: Budget,
}

/// Decodes one pickle.
pub fn decode(input: &[u8]) -> Result<Value, PickleError> {
    let mut budget = Budget::for_input(input.len());
    let memo = Memo::for_input(input, &mut budget)?;
    Decoder::new(input, memo, budget).run()
}

impl<'a> Decoder<'a> {
    fn new(input: &'a [u8], memo: Memo, budget: Budget) -> Self {
        Self {
            input,
            pos: 0,
            stack: Vec::new(),
            memo,
            budget,
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], PickleError> {
        let end = self.pos.checked_add(n).ok_or(PickleError::Truncated)?;
        let bytes = self
            .input
            .get(self.pos..end)
            .ok_or(PickleError::Truncated)?;
        self.pos = end;
        Ok(bytes)
    }

    fn byte(&mut self) -> Result<u8, PickleError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, PickleError> {
        let b = self.take(2)?;
        Ok(u16::from_le_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, PickleError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, PickleError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }

    fn len(&mut self, n: u64) -> Result<usize, PickleError> {
        let n = usize::try_from(n).map_err(|_| PickleError::Truncated)?;
        if n > self.input.len() - self.pos {
            return Err(PickleError::Truncated);
        }
        Ok(n)
    }

    fn text(&mut self, n: usize) -> Result<String, PickleError> {
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec())
            .map_err(|_| PickleError::Malformed("invalid UTF-8 in string"))
    }

    /// Pushes a value just read: a scalar, a string or bytes, or a global.
    fn push(&mut self, value: Value) -> Result<(), PickleError> {
        self.budget.spend_on_copy(&value)?;
        self.stack.push(Item::Slot(Slot { value, depth: 0 }));
        Ok(())
    }

    /// Pushes a new empty container, or a value built from values already paid for:
    /// only its node is new.
    fn push_slot(&mut self, slot: Slot) -> Result<(), PickleError> {
        self.budget.spend(NODE)?;
        self.stack.push(Item::Slot(slot));
        Ok(())
    }

    fn pop(&mut self) -> Result<Slot, PickleError> {
        match self.stack.pop() {
            Some(Item::Slot(slot)) => Ok(slot),
            Some(Item::Mark) => Err(PickleError::Malformed("unexpected mark")),
            None => Err(PickleError::Malformed("stack underflow")),
        }
    }

    fn top(&mut self) -> Result<&mut Slot, PickleError> {
        match self.stack.last_mut() {
            Some(Item::Slot(slot)) => Ok(slot),
            _ => Err(PickleError::Malformed("no value on the stack")),
        }
    }

    /// Pushes a copy of the value on top of the stack, once it is paid for.
    fn dup(&mut self) -> Result<(), PickleError> {
        let Some(Item::Slot(top)) = self.stack.last() else {
            return Err(PickleError::Malformed("no value on the stack"));
        };
        self.budget.spend_on_copy(&top.value)?;
        let copy = top.clone();
        self.stack.push(Item::Slot(copy));
        Ok(())
    }

    /// Pops everything down to the last mark.
    fn pop_mark(&mut self) -> Result<Vec<Slot>, PickleError> {
        let at = self
            .stack
            .iter()
            .rposition(|item| matches!(item, Item::Mark))
            .ok_or(PickleError::Malformed("no mark"))?;
        let items = self.stack.split_off(at + 1);
        self.stack.pop();
        Ok(items
            .into_iter()
            .filter_map(|item| match item {
                Item::Slot(slot) => Some(slot),
                Item::Mark => None,
            })
            .collect())
    }

    /// Wraps `items` into a container one level deeper than its deepest item.
    fn container(
        items: Vec<Slot>,
        build: impl FnOnce(Vec<Value>) -> Value,
    ) -> Result<Slot, PickleError> {
        let depth = items.iter().map(|s| s.depth).max().unwrap_or(0) + 1;
        if depth > MAX_DEPTH {
            return Err(PickleError::TooLarge("nesting too deep"));
        }
        Ok(Slot {
            value: build(items.into_iter().map(|s| s.value).collect()),
            depth,
        })
    }

    /// Adds `items` to the list, set or dict on top of the stack.
    fn extend_top(&mut self, items: Vec<Slot>, pairs: bool) -> Result<(), PickleError> {
        let deepest = items.iter().map(|s| s.depth).max().unwrap_or(0) + 1;
        if deepest > MAX_DEPTH {
            return Err(PickleError::TooLarge("nesting too deep"));
        }
        let top = self.top()?;
        top.depth = top.depth.max(deepest);
        match (&mut top.value, pairs) {
            (Value::List(list), false) | (Value::Set(list), false) => {
                list.extend(items.into_iter().map(|s| s.value));
            }
            (Value::Dict(dict), true) => {
                if !items.len().is_multiple_of(2) {
                    return Err(PickleError::Malformed("odd number of dict items"));
                }
                let mut it = items.into_iter();
                while let (Some(k), Some(v)) = (it.next(), it.next()) {
                    dict.push((k.value, v.value));
                }
            }
            _ => return Err(PickleError::Malformed("items added to a non-container")),
        }
        Ok(())
    }

    /// Puts the value on top of the stack in the memo, which pays for what it keeps.
    fn memo_put(&mut self, index: usize) -> Result<(), PickleError> {
        let Some(Item::Slot(top)) = self.stack.last() else {
            return Err(PickleError::Malformed("no value on the stack"));
        };
        self.memo.put(index, top, &mut self.budget)
    }

    /// Pushes a copy of a memo entry, once it is paid for: every fetch pays anew.
    fn memo_get(&mut self, index: usize) -> Result<(), PickleError> {
        let slot = self.memo.get(index)?;
        self.budget.spend_on_copy(&slot.value)?;
        let copy = slot.clone();
        self.stack.push(Item::Slot(copy));
        Ok(())
    }

    fn run(&mut self) -> Result<Value, PickleError> {
        loop {
            let op = self.byte()?;
            match op {
                0x80 => {
                    let version = self.byte()?;
                    if version > 5 {
                        return Err(PickleError::Malformed("unknown protocol version"));
                    }
                }
                0x95 => {
                    self.u64()?;
                }
                b'.' => {
                    let slot = self.pop()?;
                    return Ok(slot.value);
                }
                b'(' => {
                    self.budget.spend(NODE)?;
                    self.stack.push(Item::Mark);
                }
                b'0' => {
                    self.stack
                        .pop()
                        .ok_or(PickleError::Malformed("stack underflow"))?;
                }
                b'1' => {
                    self.pop_mark()?;
                }
                b'2' => self.dup()?,
                b'N' => self.push(Value::None)?,
                0x88 => self.push(Value::Bool(true))?,
                0x89 => self.push(Value::Bool(false))?,
                b'J' => {
                    let n = self.u32()? as i32;
                    self.push(Value::Int(n.into()))?;
                }
                b'K' => {
                    let n = self.byte()?;
                    self.push(Value::Int(n.into()))?;
                }
                b'M' => {
                    let n = self.u16()?;
                    self.push(Value::Int(n.into()))?;
                }
                0x8a => {
                    let n = usize::from(self.byte()?);
                    let bytes = self.take(n)?;
                    self.push(Value::Int(long(bytes)?))?;
                }
                0x8b => {
                    let n = self.u32()?;
                    let n = self.len(n.into())?;
                    let bytes = self.take(n)?;
                    self.push(Value::Int(long(bytes)?))?;
                }
                b'G' => {
                    let b = self.take(8)?;
                    let mut a = [0u8; 8];
                    a.copy_from_slice(b);
                    self.push(Value::Float(f64::from_be_bytes(a)))?;
                }
                0x8c => {
                    let n = usize::from(self.byte()?);
                    let s = self.text(n)?;
                    self.push(Value::Str(s))?;
                }
                b'X' => {
                    let n = self.u32()?;
                    let n = self.len(n.into())?;
                    let s = self.text(n)?;
                    self.push(Value::Str(s))?;
                }
                0x8d => {
                    let n = self.u64()?;
                    let n = self.len(n)?;
                    let s = self.text(n)?;
                    self.push(Value::Str(s))?;
                }
                b'C' => {
                    let n = usize::from(self.byte()?);
                    let b = self.take(n)?.to_vec();
                    self.push(Value::Bytes(b))?;
                }
                b'B' => {
                    let n = self.u32()?;
                    let n = self.len(n.into())?;
                    let b = self.take(n)?.to_vec();
                    self.push(Value::Bytes(b))?;
                }
                0x8e => {
                    let n = self.u64()?;
                    let n = self.len(n)?;
                    let b = self.take(n)?.to_vec();
                    self.push(Value::Bytes(b))?;
                }
                b']' => self.push_slot(Slot {
                    value: Value::List(Vec::new()),
                    depth: 1,
                })?,
                b')' => self.push_slot(Slot {
                    value: Value::Tuple(Vec::new()),
                    depth: 1,
                })?,
                b'}' => self.push_slot(Slot {
                    value: Value::Dict(Vec::new()),
                    depth: 1,
                })?,
                0x8f => self.push_slot(Slot {
                    value: Value::Set(Vec::new()),
                    depth: 1,
                })?,
                b'a' => {
                    let item = self.pop()?;
                    self.extend_top(vec![item], false)?;
                }
                b'e' | 0x90 => {
                    let items = self.pop_mark()?;
                    self.extend_top(items, false)?;
                }
                b's' => {
                    let value = self.pop()?;
                    let key = self.pop()?;
                    self.extend_top(vec![key, value], true)?;
                }
                b'u' => {
                    let items = self.pop_mark()?;
                    self.extend_top(items, true)?;
                }
                b't' | b'l' | 0x91 => {
                    let items = self.pop_mark()?;
                    let slot = Self::container(items, |v| match op {
                        b't' => Value::Tuple(v),
                        b'l' => Value::List(v),
                        _ => Value::Set(v),
                    })?;
                    self.push_slot(slot)?;
                }
                b'd' => {
                    let items = self.pop_mark()?;
                    if !items.len().is_multiple_of(2) {
                        return Err(PickleError::Malformed("odd number of dict items"));
                    }
                    self.push_slot(Slot {
                        value: Value::Dict(Vec::new()),
                        depth: 1,
                    })?;
                    self.extend_top(items, true)?;
                }
                0x85..=0x87 => {
                    let n = usize::from(op - 0x84);
                    if self.stack.len() < n {
                        return Err(PickleError::Malformed("stack underflow"));
                    }
                    let mut items = Vec::with_capacity(n);
                    for _ in 0..n {
                        items.push(self.pop()?);
                    }
                    items.reverse();
                    let slot = Self::container(items, Value::Tuple)?;
                    self.push_slot(slot)?;
                }
                0x94 => {
                    let index = self.memo.next_index();
                    self.memo_put(index)?;
                }
                b'q' => {
                    let index = usize::from(self.byte()?);
                    self.memo_put(index)?;
                }
                b'r' => {
                    let index = self.u32()? as usize;
                    self.memo_put(index)?;
                }
                b'h' => {
                    let index = usize::from(self.byte()?);
                    self.memo_get(index)?;
                }
                b'j' => {
                    let index = self.u32()? as usize;
                    self.memo_get(index)?;
                }
                0x93 => {
                    let name = self.pop()?.value;
                    let module = self.pop()?.value;
                    match (module, name) {
                        (Value::Str(m), Value::Str(n)) => {
                            self.push(Value::Global(format!("{m}.{n}")))?
                        }
                        _ => return Err(PickleError::Malformed("STACK_GLOBAL needs two strings")),
                    }
                }
                b'c' => {
                    let module = self.line()?;
                    let name = self.line()?;
                    self.push(Value::Global(format!("{module}.{name}")))?;
                }
                b'R' | 0x81 => {
                    let args = self.pop()?;
                    let callable = self.pop()?;
                    self.push_object(callable, args)?;
                }
                0x92 => {
                    let _kwargs = self.pop()?;
                    let args = self.pop()?;
                    let callable = self.pop()?;
                    self.push_object(callable, args)?;
                }
                b'b' => {
                    // BUILD sets an instance's state; the class and arguments are kept.
                    self.pop()?;
                    self.top()?;
                }
                other => return Err(PickleError::UnsupportedOpcode(other)),
            }
        }
    }

    fn push_object(&mut self, callable: Slot, args: Slot) -> Result<(), PickleError> {
        let Value::Global(class) = callable.value else {
            return Err(PickleError::Malformed("call of a non-global"));
        };
        let Value::Tuple(mut args_v) = args.value else {
            return Err(PickleError::Malformed("call arguments are not a tuple"));
        };
        // Instances of str subclasses (fail2ban's addresses) arrive as str(...). The
        // string moves out of its paid-for argument tuple: nothing new is built.
        if class == "builtins.str" && args_v.len() == 1 && matches!(args_v[0], Value::Str(_)) {
            let value = args_v.pop().unwrap_or(Value::None);
            self.stack.push(Item::Slot(Slot { value, depth: 0 }));
            return Ok(());
        }
        let depth = args.depth.max(1);
        self.push_slot(Slot {
            value: Value::Object {
                class,
                args: args_v,
            },
            depth,
        })
    }

    fn line(&mut self) -> Result<String, PickleError> {
        let rest = &self.input[self.pos..];
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .ok_or(PickleError::Truncated)?;
        let text = self.text(end)?;
        self.pos += 1;
        Ok(text)
    }
}

/// Decodes a little-endian two's-complement integer of up to 8 bytes.
fn long(bytes: &[u8]) -> Result<i64, PickleError> {
    if bytes.is_empty() {
        return Ok(0);
    }
    if bytes.len() > 8 {
        return Err(PickleError::TooLarge("integer wider than 64 bits"));
    }
    let fill = if bytes[bytes.len() - 1] & 0x80 != 0 {
        0xff
    } else {
        0
    };
    let mut a = [fill; 8];
    a[..bytes.len()].copy_from_slice(bytes);
    Ok(i64::from_le_bytes(a))
}

/// Python's `pickle._Pickler` batch size for list items.
const BATCH: usize = 1000;
/// Python writes one FRAME per 64 KiB; a larger pickle is left unframed here,
/// which every unpickler of protocol 4 and later accepts.
const FRAME_LIMIT: usize = 64 * 1024;

/// Encodes a list of strings as Python's `pickle.dumps(list, 5)` does.
pub fn encode_str_list<S: AsRef<str>>(items: &[S]) -> Vec<u8> {
    let mut body =
        Vec::with_capacity(16 + items.iter().map(|s| s.as_ref().len() + 6).sum::<usize>());
    body.push(b']');
    body.push(0x94);
    for chunk in items.chunks(BATCH) {
        if chunk.len() > 1 {
            body.push(b'(');
        }
        for item in chunk {
            let s = item.as_ref().as_bytes();
            if s.len() < 256 {
                body.push(0x8c);
                body.push(s.len() as u8);
            } else {
                body.push(b'X');
                body.extend_from_slice(&(s.len() as u32).to_le_bytes());
            }
            body.extend_from_slice(s);
            body.push(0x94);
        }
        body.push(if chunk.len() > 1 { b'e' } else { b'a' });
    }
    body.push(b'.');
    let mut out = Vec::with_capacity(body.len() + 11);
    out.extend_from_slice(&[0x80, 5]);
    if body.len() < FRAME_LIMIT {
        out.push(0x95);
        out.extend_from_slice(&(body.len() as u64).to_le_bytes());
    }
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_protocol_2_values() {
        // pickle.dumps((0, [1, -2, 300, 70000, True, None, 'é', {'a': 1.5}]), 2)
        let bytes: &[u8] = b"\x80\x02K\x00]q\x00(K\x01J\xfe\xff\xff\xffM,\x01J\x70\x11\x01\x00\x88NX\x02\x00\x00\x00\xc3\xa9q\x01}q\x02X\x01\x00\x00\x00aq\x03G?\xf8\x00\x00\x00\x00\x00\x00se\x86q\x04.";
        let value = decode(bytes).unwrap();
        assert_eq!(
            value,
            Value::Tuple(vec![
                Value::Int(0),
                Value::List(vec![
                    Value::Int(1),
                    Value::Int(-2),
                    Value::Int(300),
                    Value::Int(70000),
                    Value::Bool(true),
                    Value::None,
                    Value::Str("é".into()),
                    Value::Dict(vec![(Value::Str("a".into()), Value::Float(1.5))]),
                ]),
            ])
        );
    }

    #[test]
    fn decodes_long1() {
        assert_eq!(long(&[0x00, 0x80]).unwrap(), -32768);
        assert_eq!(long(&[0xff, 0x00]).unwrap(), 255);
        assert!(long(&[1; 9]).is_err());
    }

    #[test]
    fn encodes_many_items_in_batches() {
        let items: Vec<String> = (0..2001)
            .map(|i| format!("10.0.{}.{}", i / 256, i % 256))
            .collect();
        let bytes = encode_str_list(&items);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(
            decoded,
            Value::List(items.iter().map(|s| Value::Str(s.clone())).collect())
        );
    }

    #[test]
    fn rejects_deep_nesting() {
        let mut bytes = vec![0x80, 5];
        bytes.extend(std::iter::repeat_n(b']', 100));
        bytes.extend(std::iter::repeat_n(b'a', 99));
        bytes.push(b'.');
        assert_eq!(
            decode(&bytes),
            Err(PickleError::TooLarge("nesting too deep"))
        );
    }

    #[test]
    fn memo_copies_cannot_blow_up() {
        // A list memoized, then fetched and appended to itself again and again.
        let mut bytes = vec![0x80, 5, b']', 0x94];
        for _ in 0..40 {
            bytes.extend_from_slice(&[b'(', b'h', 0, b'h', 0, b'l', b'q', 0]);
        }
        bytes.push(b'.');
        assert_eq!(
            decode(&bytes),
            Err(PickleError::TooLarge("too many values"))
        );
    }

    /// A pickle of protocol `proto` holding one string of `len` bytes made by `op`
    /// (BINUNICODE or BINUNICODE8), then `tail`.
    fn big_string_pickle(proto: u8, op: u8, len: usize, tail: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0x80, proto, op];
        if op == b'X' {
            bytes.extend_from_slice(&u32::try_from(len).unwrap().to_le_bytes());
        } else {
            bytes.extend_from_slice(&(len as u64).to_le_bytes());
        }
        bytes.resize(bytes.len() + len, b'a');
        bytes.extend_from_slice(tail);
        bytes
    }

    /// Decodes `bytes`, asserting it is refused for building too much, and quickly.
    fn assert_refused_quickly(bytes: &[u8]) {
        let started = std::time::Instant::now();
        assert_eq!(decode(bytes), Err(PickleError::TooLarge("too many values")));
        let took = started.elapsed();
        assert!(took < std::time::Duration::from_secs(3), "took {took:?}");
    }

    #[test]
    fn dup_copies_of_a_big_string_cannot_blow_up() {
        // An 8 MiB string duplicated 500 times would take 4 GiB.
        let mut tail = vec![b'2'; 500];
        tail.push(b'.');
        assert_refused_quickly(&big_string_pickle(4, 0x8d, 8 << 20, &tail));
    }

    #[test]
    fn memo_copies_of_a_big_string_cannot_blow_up() {
        // An 8 MiB string put in the memo, then fetched 500 times.
        let mut tail = vec![b'q', 0];
        for _ in 0..500 {
            tail.extend_from_slice(&[b'h', 0]);
        }
        tail.push(b'.');
        assert_refused_quickly(&big_string_pickle(2, b'X', 8 << 20, &tail));
    }

    #[test]
    fn sparse_memo_indices_are_paid_for() {
        // LONG_BINPUT at the largest index would add a million empty memo entries.
        let bytes = b"\x80\x02Nr\xff\xff\x0f\x00.";
        assert_eq!(decode(bytes), Err(PickleError::TooLarge("too many values")));
        assert_eq!(
            decode(b"\x80\x02Nr\x00\x00\x10\x00."),
            Err(PickleError::TooLarge("memo index"))
        );
    }

    #[test]
    fn decodes_a_big_string() {
        // pickle.dumps('a' * 2**20, 5)
        let bytes = big_string_pickle(5, b'X', 1 << 20, b"\x94.");
        assert_eq!(decode(&bytes), Ok(Value::Str("a".repeat(1 << 20))));
    }

    #[test]
    fn rejects_truncated_and_unknown_input() {
        assert_eq!(decode(b""), Err(PickleError::Truncated));
        assert_eq!(
            decode(b"\x80\x05X\xff\xff\xff\x7f"),
            Err(PickleError::Truncated)
        );
        assert_eq!(
            decode(b"\x80\x05\xff"),
            Err(PickleError::UnsupportedOpcode(0xff))
        );
        assert_eq!(decode(b"."), Err(PickleError::Malformed("stack underflow")));
    }
}
