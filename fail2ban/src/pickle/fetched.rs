//! A first pass over a pickle that finds the memo entries its GET opcodes read.

/// The opcodes the decoder knows that take no argument: marks, pops, DUP, constants,
/// empty and built containers, MEMOIZE, globals from the stack, calls and BUILD.
const NO_ARGUMENT: &[u8] = b"(012N])}aesutldRb\x85\x86\x87\x88\x89\x8f\x90\x91\x93\x94\x81\x92";

/// The memo indices that a GET, BINGET or LONG_BINGET in `input` reads, sorted and
/// without repeats.
///
/// Walks the opcodes once, skipping their arguments, and builds nothing but the list,
/// which holds at most one index per two input bytes until its repeats go. It stops
/// where the decoder has to stop as well: at the first STOP, at an opcode the decoder
/// does not know, and at an argument that runs past the end of the input. No GET the
/// decoder can reach is missed.
pub(super) fn fetched_indices(input: &[u8]) -> Vec<u32> {
    let mut indices = Vec::new();
    let mut pos = 0;
    while let Some(&op) = input.get(pos) {
        pos += 1;
        let arg = match op {
            b'.' => break,
            op if NO_ARGUMENT.contains(&op) => Some(0),
            0x80 | b'K' | b'q' => Some(1),
            b'M' => Some(2),
            b'J' | b'r' => Some(4),
            0x95 | b'G' => Some(8),
            b'h' => input.get(pos).map(|&index| {
                indices.push(u32::from(index));
                1
            }),
            b'j' => le(input, pos, 4).map(|index| {
                indices.push(index as u32);
                4
            }),
            // LONG1, SHORT_BINUNICODE, SHORT_BINBYTES: a one-byte length, then the data.
            0x8a | 0x8c | b'C' => le(input, pos, 1).and_then(|n| sized(1, n)),
            // LONG4, BINUNICODE, BINBYTES: a four-byte length.
            0x8b | b'X' | b'B' => le(input, pos, 4).and_then(|n| sized(4, n)),
            // BINUNICODE8, BINBYTES8: an eight-byte length.
            0x8d | 0x8e => le(input, pos, 8).and_then(|n| sized(8, n)),
            // GLOBAL: a module and a name, each ending with a newline.
            b'c' => lines(&input[pos..], 2),
            _ => None,
        };
        match arg.and_then(|n| pos.checked_add(n)) {
            Some(end) if end <= input.len() => pos = end,
            _ => break,
        }
    }
    indices.sort_unstable();
    indices.dedup();
    indices.shrink_to_fit();
    indices
}

/// The little-endian number of `width` bytes at `pos`, if the input holds them.
fn le(input: &[u8], pos: usize, width: usize) -> Option<u64> {
    let bytes = input.get(pos..pos.checked_add(width)?)?;
    Some(bytes.iter().rev().fold(0, |n, &b| (n << 8) | u64::from(b)))
}

/// The length of an argument made of a `width`-byte length and `n` bytes of data.
fn sized(width: usize, n: u64) -> Option<usize> {
    usize::try_from(n).ok()?.checked_add(width)
}

/// The length of the first `count` newline-terminated lines of `rest`, newlines
/// included, if it holds that many.
fn lines(rest: &[u8], count: usize) -> Option<usize> {
    let mut len = 0;
    for _ in 0..count {
        len += rest[len..].iter().position(|&b| b == b'\n')? + 1;
    }
    Some(len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_get_up_to_stop() {
        // Puts, then BINGET 3, LONG_BINGET 7, BINGET 3 again, all before STOP; a GET
        // after STOP is never reached.
        let bytes = b"\x80\x04N\x94q\x03r\x07\x00\x00\x00h\x03j\x07\x00\x00\x00h\x03.h\x09";
        assert_eq!(fetched_indices(bytes), [3, 7]);
    }

    #[test]
    fn skips_arguments_that_look_like_gets() {
        // Strings "h\x05" and "j", a GLOBAL named "hh", an integer 0x68 ('h'), then
        // BINGET 1.
        let bytes = b"\x8c\x02h\x05cmod\nhh\nX\x01\x00\x00\x00jK\x68h\x01.";
        assert_eq!(fetched_indices(bytes), [1]);
    }

    #[test]
    fn stops_at_unknown_opcodes_and_cut_off_arguments() {
        assert_eq!(fetched_indices(b"h\x01\xffh\x02."), [1]);
        assert_eq!(fetched_indices(b"h\x01X\xff\xff\x00\x00h\x02."), [1]);
        assert_eq!(fetched_indices(b"h\x01j\x02\x00"), [1]);
        assert_eq!(fetched_indices(b"h\x01cmod\nname"), [1]);
        assert_eq!(
            fetched_indices(b"h\x01\x8d\xff\xff\xff\xff\xff\xff\xff\xffh\x02"),
            [1]
        );
    }
}
