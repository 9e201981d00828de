//! The pickle memo, which keeps a copy of a value put in it only if a GET reads it.

use std::mem::size_of;

use super::budget::Budget;
use super::fetched::fetched_indices;
use super::value::{PickleError, Slot};

/// Largest memo index accepted.
const MAX_MEMO: usize = 1 << 20;
/// The entry of an index put without a copy, or never put.
const NOT_KEPT: u32 = u32::MAX;

/// Which puts keep a copy of their value.
enum Keep {
    /// Those of the indices some GET reads, sorted.
    Fetched(Vec<u32>),
    /// Every put.
    #[cfg(test)]
    All,
}

/// The memo of one decode.
///
/// Python memoizes every string, tuple and list it pickles but reads few of them back
/// (in a fail2ban answer, the `builtins.str` global of its addresses), so a put copies
/// its value only if [`fetched_indices`] found a GET of its index. Every index up to
/// the highest put still takes an entry, four bytes, so that MEMOIZE numbers its puts
/// as Python does and a GET of an index never put fails.
pub(super) struct Memo {
    keep: Keep,
    /// Per index: where its copy is in `kept`, or [`NOT_KEPT`].
    entries: Vec<u32>,
    kept: Vec<Slot>,
}

impl Memo {
    /// The memo for decoding `input`, its set of fetched indices paid for.
    pub(super) fn for_input(input: &[u8], budget: &mut Budget) -> Result<Self, PickleError> {
        let fetched = fetched_indices(input);
        budget.spend(fetched.len().saturating_mul(size_of::<u32>()))?;
        Ok(Self::new(Keep::Fetched(fetched)))
    }

    /// A memo that copies every value put in it.
    #[cfg(test)]
    pub(super) fn keeping_every_put() -> Self {
        Self::new(Keep::All)
    }

    fn new(keep: Keep) -> Self {
        Self {
            keep,
            entries: Vec::new(),
            kept: Vec::new(),
        }
    }

    /// The index MEMOIZE puts at: one past the highest index put so far.
    pub(super) fn next_index(&self) -> usize {
        self.entries.len()
    }

    /// Puts `slot` at `index`, once the entries it adds are paid for and, if a GET
    /// reads this index, a copy of the value.
    pub(super) fn put(
        &mut self,
        index: usize,
        slot: &Slot,
        budget: &mut Budget,
    ) -> Result<(), PickleError> {
        if index >= MAX_MEMO {
            return Err(PickleError::TooLarge("memo index"));
        }
        let added = (index + 1).saturating_sub(self.entries.len());
        budget.spend(added.saturating_mul(size_of::<u32>()))?;
        if added > 0 {
            self.entries.resize(index + 1, NOT_KEPT);
        }
        if !self.keeps(index) {
            return Ok(());
        }
        budget.spend(size_of::<Slot>())?;
        budget.spend_on_contents(&slot.value)?;
        let copy = slot.clone();
        match self.entries[index] {
            NOT_KEPT => {
                // Fewer than MAX_MEMO copies are kept, one per fetched index.
                self.entries[index] = self.kept.len() as u32;
                self.kept.push(copy);
            }
            at => self.kept[at as usize] = copy,
        }
        Ok(())
    }

    /// The value put at `index`.
    pub(super) fn get(&self, index: usize) -> Result<&Slot, PickleError> {
        self.entries
            .get(index)
            .filter(|&&at| at != NOT_KEPT)
            .and_then(|&at| self.kept.get(at as usize))
            .ok_or(PickleError::Malformed("unknown memo index"))
    }

    fn keeps(&self, index: usize) -> bool {
        match &self.keep {
            Keep::Fetched(indices) => {
                u32::try_from(index).is_ok_and(|index| indices.binary_search(&index).is_ok())
            }
            #[cfg(test)]
            Keep::All => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::collection::vec;
    use proptest::prelude::*;
    use proptest::sample::select;

    use super::super::budget::NODE;
    use super::super::{Decoder, Value, byte_budget, decode, encode_str_list};
    use super::*;

    /// Decodes `bytes` within their budget, and tells how much of it was spent.
    fn decode_spending(bytes: &[u8]) -> (Result<Value, PickleError>, usize) {
        let mut budget = Budget::for_input(bytes.len());
        let memo = Memo::for_input(bytes, &mut budget).unwrap();
        let mut decoder = Decoder::new(bytes, memo, budget);
        let result = decoder.run();
        (result, byte_budget(bytes.len()) - decoder.budget.left())
    }

    #[test]
    fn a_real_answer_pays_nothing_for_entries_never_fetched() {
        // `get blocklist banip --with-time` from fail2ban: a tuple of 0 and a list of
        // four strings, 252 bytes of text; all six are memoized, none is fetched.
        let bytes = include_bytes!("../../tests/corpus/get_banip_with_time.response");
        let (value, spent) = decode_spending(bytes);
        assert!(matches!(value, Ok(Value::Tuple(_))), "{value:?}");
        // Seven nodes and their text, the mark before the strings, six memo entries.
        assert_eq!(spent, 7 * NODE + 252 + NODE + 6 * 4);
    }

    #[test]
    fn memoized_strings_never_fetched_cost_about_their_own_size() {
        // 50,000 `--with-time` entries, every string memoized as Python does.
        let entries: Vec<String> = (0..50_000u32)
            .map(|i| {
                let [_, b, c, d] = i.to_be_bytes();
                format!("10.{b}.{c}.{d} \t2026-11-23 10:07:57 + 604800 = 2026-11-30 10:07:57")
            })
            .collect();
        let bytes = encode_str_list(&entries);
        let (value, spent) = decode_spending(&bytes);
        let text: usize = entries.iter().map(String::len).sum();
        assert_eq!(
            value,
            Ok(Value::List(entries.into_iter().map(Value::Str).collect()))
        );
        // The list, its strings and their text, a mark per batch of 1,000 strings, and
        // 50,001 memo entries; the input holds the text and three bytes per string.
        assert_eq!(spent, NODE + 50_000 * NODE + text + 50 * NODE + 50_001 * 4);
        assert_eq!(bytes.len(), 2 + 2 + text + 50_000 * 3 + 50 * 2 + 1);
        assert!(spent < 2 * bytes.len(), "{spent} for {}", bytes.len());
    }

    /// A 1,000-byte string put at index 0, then a list of `fetches` copies of it.
    fn fetched_string(fetches: usize) -> Vec<u8> {
        let mut bytes = vec![0x80, 4, b'X'];
        bytes.extend_from_slice(&1000u32.to_le_bytes());
        bytes.resize(bytes.len() + 1000, b'a');
        bytes.extend_from_slice(b"q\x00(");
        bytes.extend(b"h\x00".repeat(fetches));
        bytes.extend_from_slice(b"l.");
        bytes
    }

    #[test]
    fn every_fetch_of_an_entry_pays_for_its_copy() {
        let string = NODE + 1000;
        let (value, spent) = decode_spending(&fetched_string(50));
        assert_eq!(
            value,
            Ok(Value::List(vec![Value::Str("a".repeat(1000)); 50]))
        );
        // The string, its entry and copy in the memo, the fetched index, the mark,
        // 50 copies and the list.
        assert_eq!(
            spent,
            string + 4 + size_of::<Slot>() + 1000 + 4 + NODE + 50 * string + NODE
        );
        // 70 copies take more than the input is allowed.
        assert_eq!(
            decode(&fetched_string(70)),
            Err(PickleError::TooLarge("too many values"))
        );
    }

    #[test]
    fn gets_of_indices_never_put_fail() {
        let unknown = Err(PickleError::Malformed("unknown memo index"));
        // Nothing put; a GET before its PUT; an index skipped by a sparse PUT.
        assert_eq!(decode(b"\x80\x04Nh\x00."), unknown);
        assert_eq!(decode(b"\x80\x04Nh\x00q\x00."), unknown);
        assert_eq!(decode(b"\x80\x04Nq\x05h\x03."), unknown);
        assert_eq!(decode(b"\x80\x04Nj\x03\x00\x00\x00."), unknown);
        assert_eq!(decode(b"\x80\x04Nq\x05h\x05."), Ok(Value::None));
    }

    #[test]
    fn memoize_counts_the_entries_it_does_not_copy() {
        // Index 0 is never fetched, index 1 is.
        assert_eq!(
            decode(b"\x80\x04K\x01\x94K\x02\x94h\x01."),
            Ok(Value::Int(2))
        );
        // MEMOIZE after a sparse PUT at 5 puts at 6.
        assert_eq!(
            decode(b"\x80\x04K\x01q\x05K\x02\x94h\x06."),
            Ok(Value::Int(2))
        );
    }

    /// `get <jail> banip` as fail2ban pickles it, less its frames: a list of
    /// `str(address)` calls, the `builtins.str` global memoized once, at index 3, and
    /// fetched for every later address.
    fn banned_list<S: AsRef<str>>(addresses: &[S]) -> Vec<u8> {
        let mut bytes = b"\x80\x04]\x94".to_vec();
        for (i, batch) in addresses.chunks(1000).enumerate() {
            bytes.push(b'(');
            for (j, address) in batch.iter().enumerate() {
                if i == 0 && j == 0 {
                    bytes.extend_from_slice(b"\x8c\x08builtins\x94\x8c\x03str\x94\x93\x94");
                } else {
                    bytes.extend_from_slice(b"h\x03");
                }
                let address = address.as_ref().as_bytes();
                bytes.extend_from_slice(&[0x8c, address.len() as u8]);
                bytes.extend_from_slice(address);
                bytes.extend_from_slice(b"\x94\x85\x94R\x94");
            }
            bytes.push(b'e');
        }
        bytes.push(b'.');
        bytes
    }

    #[test]
    fn the_shortest_addresses_fit_the_budget_with_margin() {
        // pickle.dumps([IPAddr('1.2.3.4'), IPAddr('1.2.3.5')], 4) of fail2ban's
        // addresses, its FRAME left out.
        assert_eq!(
            banned_list(&["1.2.3.4", "1.2.3.5"]),
            b"\x80\x04]\x94(\x8c\x08builtins\x94\x8c\x03str\x94\x93\x94\x8c\x071.2.3.4\x94\x85\x94R\x94\
              h\x03\x8c\x071.2.3.5\x94\x85\x94R\x94e."
        );
        // 10,000 addresses of 7 characters and 40,000 of 8, as short as they get.
        let addresses: Vec<String> = (0..50_000)
            .map(|i| format!("{}.{}.{}.{}", i / 1000, i / 100 % 10, i / 10 % 10, i % 10))
            .collect();
        let bytes = banned_list(&addresses);
        let (value, spent) = decode_spending(&bytes);
        assert!(value.is_ok(), "{value:?}");
        // An address takes 16 or 17 bytes and costs three nodes (its string, the
        // argument tuple and the fetched global), its text and three memo entries.
        assert!(spent <= 11 * bytes.len(), "{spent} for {}", bytes.len());
        assert!(spent * 3 <= byte_budget(bytes.len()) * 2);
    }

    /// Opcodes with their arguments: values, copies, puts and gets of a few indices,
    /// containers, calls and a STOP.
    const GROUPS: &[&[u8]] = &[
        b"N",
        b"K\x07",
        b"M\x01\x02",
        b"J\x01\x00\x00\x00",
        b"\x8a\x01\x05",
        b"G\x3f\xf0\x00\x00\x00\x00\x00\x00",
        b"\x8c\x01a",
        b"X\x02\x00\x00\x00bc",
        b"C\x01z",
        b"cbuiltins\nstr\n",
        b"\x95\x00\x00\x00\x00\x00\x00\x00\x00",
        b"\x94",
        b"q\x00",
        b"q\x02",
        b"r\x01\x00\x00\x00",
        b"h\x00",
        b"h\x01",
        b"h\x02",
        b"j\x01\x00\x00\x00",
        b"j\x03\x00\x00\x00",
        b"(",
        b"]",
        b"l",
        b"t",
        b"e",
        b"a",
        b"\x85",
        b"\x86",
        b"2",
        b"0",
        b"R",
        b".",
    ];

    /// Decodes `bytes` keeping only fetched entries and keeping every put, the first
    /// with enough more budget to pay for its set of fetched indices.
    fn both_ways(bytes: &[u8]) -> (Result<Value, PickleError>, Result<Value, PickleError>) {
        const BUDGET: usize = 4 << 20;
        let mut budget = Budget::of(BUDGET + 2 * bytes.len());
        let memo = Memo::for_input(bytes, &mut budget).unwrap();
        let fetched = Decoder::new(bytes, memo, budget).run();
        let every = Decoder::new(bytes, Memo::keeping_every_put(), Budget::of(BUDGET)).run();
        (fetched, every)
    }

    proptest! {
        #[test]
        fn keeping_only_fetched_entries_changes_no_outcome(
            groups in vec(select(GROUPS), 0..64),
            end in vec(select(GROUPS), 0..4),
        ) {
            let mut bytes = vec![0x80, 4, b'('];
            bytes.extend(groups.concat());
            bytes.extend(end.concat());
            bytes.extend_from_slice(b"l.");
            let (fetched, every) = both_ways(&bytes);
            if every != Err(PickleError::TooLarge("too many values")) {
                prop_assert_eq!(fetched, every);
            }
        }

        #[test]
        fn keeping_only_fetched_entries_changes_no_outcome_on_any_bytes(
            bytes in vec(any::<u8>(), 0..512),
        ) {
            let (fetched, every) = both_ways(&bytes);
            if every != Err(PickleError::TooLarge("too many values")) {
                prop_assert_eq!(fetched, every);
            }
        }
    }
}
