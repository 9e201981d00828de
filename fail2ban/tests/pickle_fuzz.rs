//! Fuzzes the pickle decoder: on arbitrary bytes, mutated real answers and pickles
//! built to copy one value many times it never panics, and what it returns never
//! takes more bytes than `pickle::byte_budget` allows for the input's length.
//!
//! Each property runs `CASES` cases; set `PROPTEST_CASES` to run more or fewer.

use std::mem::size_of;
use std::path::PathBuf;
use std::sync::LazyLock;

use bangui_fail2ban::pickle::{self, Value};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{Index, select};

/// Cases per property when `PROPTEST_CASES` is not set: a few seconds in a debug build.
const CASES: u32 = 1024;

/// Opcodes that copy, nest, build, store or end values.
const OPCODES: &[u8] = &[
    b'(', b')', b']', b'}', 0x8f, b'0', b'1', b'2', b'a', b'e', 0x90, b's', b'u', b't', b'l', b'd',
    0x85, 0x86, 0x87, b'h', b'j', b'q', b'r', 0x94, 0x93, b'R', 0x81, 0x92, b'b', b'.', b'N', b'K',
    0x8c, b'X', 0x8d, b'C', b'B',
];

/// The answers recorded from a real fail2ban-server.
static CORPUS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let dir: PathBuf = [env!("CARGO_MANIFEST_DIR"), "tests", "corpus"]
        .iter()
        .collect();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut paths: Vec<PathBuf> = entries
        .map(|entry| {
            entry
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
                .path()
        })
        .filter(|path| path.extension().is_some_and(|ext| ext == "response"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|path| std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())))
        .collect()
});

/// The bytes `value` takes as the decoder counts them: a node per value, plus its
/// text or bytes, plus its items.
fn built_bytes(value: &Value) -> usize {
    let own = match value {
        Value::Str(s) | Value::Global(s) => s.len(),
        Value::Bytes(b) => b.len(),
        Value::Object { class, .. } => class.len(),
        _ => 0,
    };
    let items: usize = match value {
        Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
            items.iter().map(built_bytes).sum()
        }
        Value::Object { args, .. } => args.iter().map(built_bytes).sum(),
        Value::Dict(pairs) => pairs
            .iter()
            .map(|(k, v)| built_bytes(k) + built_bytes(v))
            .sum(),
        _ => 0,
    };
    size_of::<Value>() + own + items
}

/// Decodes `bytes`; a value it returns must fit the budget for their length.
fn check(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(value) = pickle::decode(bytes) {
        let built = built_bytes(&value);
        let budget = pickle::byte_budget(bytes.len());
        prop_assert!(
            built <= budget,
            "{built} bytes built from {} bytes of input, budget {budget}",
            bytes.len()
        );
    }
    Ok(())
}

/// One change to a pickle.
#[derive(Clone, Debug)]
enum Mutation {
    /// XORs the byte at a position with a mask.
    Flip(Index, u8),
    /// Inserts bytes at a position.
    Insert(Index, Vec<u8>),
    /// Cuts the pickle at a position.
    Truncate(Index),
    /// Inserts `times` copies of the `len` bytes from a position, after them.
    Repeat { at: Index, len: usize, times: usize },
}

impl Mutation {
    fn apply(&self, bytes: &mut Vec<u8>) {
        let len = bytes.len();
        match self {
            Mutation::Flip(at, mask) if len > 0 => bytes[at.index(len)] ^= mask,
            Mutation::Insert(at, inserted) => {
                let at = at.index(len + 1);
                bytes.splice(at..at, inserted.iter().copied());
            }
            Mutation::Truncate(at) => bytes.truncate(at.index(len + 1)),
            Mutation::Repeat { at, len: n, times } if len > 0 => {
                let start = at.index(len);
                let end = (start + n).min(len);
                let copies = bytes[start..end].repeat(*times);
                bytes.splice(end..end, copies);
            }
            Mutation::Flip(..) | Mutation::Repeat { .. } => {}
        }
    }
}

/// A byte, an opcode three times in eight.
fn pickle_byte() -> impl Strategy<Value = u8> {
    // Cheaper to generate than a union of two strategies.
    any::<u16>().prop_map(|n| {
        let [pick, byte] = n.to_le_bytes();
        if pick < 96 {
            OPCODES[usize::from(byte) % OPCODES.len()]
        } else {
            byte
        }
    })
}

/// A byte flip, an insertion, a truncation or a repetition.
fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 1..=u8::MAX).prop_map(|(at, mask)| Mutation::Flip(at, mask)),
        (any::<Index>(), vec(pickle_byte(), 1..16)).prop_map(|(at, b)| Mutation::Insert(at, b)),
        any::<Index>().prop_map(Mutation::Truncate),
        (any::<Index>(), 1..64usize, 1..16usize).prop_map(|(at, len, times)| Mutation::Repeat {
            at,
            len,
            times
        }),
    ]
}

/// A real answer changed by a few mutations.
fn mutated_answer() -> impl Strategy<Value = Vec<u8>> {
    (any::<Index>(), vec(mutation(), 1..8)).prop_map(|(pick, mutations)| {
        let mut bytes = CORPUS[pick.index(CORPUS.len())].clone();
        for mutation in &mutations {
            mutation.apply(&mut bytes);
        }
        bytes
    })
}

/// Opcode groups that each leave a value on top of the stack: copies of the top or of
/// memo entry 0, stores into the memo, and containers of such copies.
const COPIES: &[&[u8]] = &[
    b"2",
    b"h\x00",
    b"q\x00",
    b"\x94",
    b"\x85",
    b"2\x86",
    b"(h\x00h\x00l",
    b"]h\x00a",
];

/// A memoized string of up to 4 KiB, then opcode groups that copy it and nest the
/// copies, then a list of everything on the stack.
fn amplifier() -> impl Strategy<Value = Vec<u8>> {
    (0..4096u32, vec(select(COPIES), 0..200)).prop_map(|(len, groups)| {
        let mut bytes = vec![0x80, 4, b'(', b'X'];
        bytes.extend_from_slice(&len.to_le_bytes());
        bytes.resize(bytes.len() + len as usize, b'a');
        bytes.push(0x94);
        bytes.extend(groups.concat());
        bytes.extend_from_slice(b"l.");
        bytes
    })
}

#[test]
fn real_answers_decode_within_the_budget() {
    assert!(!CORPUS.is_empty());
    for answer in CORPUS.iter() {
        let value = pickle::decode(answer).unwrap();
        assert!(built_bytes(&value) <= pickle::byte_budget(answer.len()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn arbitrary_bytes_stay_within_the_budget(bytes in vec(any::<u8>(), 0..4096)) {
        check(&bytes)?;
    }

    #[test]
    fn opcode_heavy_bytes_stay_within_the_budget(bytes in vec(pickle_byte(), 0..4096)) {
        check(&bytes)?;
    }

    #[test]
    fn mutated_answers_stay_within_the_budget(bytes in mutated_answer()) {
        check(&bytes)?;
    }

    #[test]
    fn copies_stay_within_the_budget(bytes in amplifier()) {
        check(&bytes)?;
    }
}
