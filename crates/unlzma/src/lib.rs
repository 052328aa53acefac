//! The release page's LZMA decoder.
//!
//! The release ships its WebAssembly module as a `.lzma` file (the "LZMA alone" format
//! that `xz --format=lzma` reads and writes: a 13-byte header, then one LZMA1 stream),
//! about a fifth smaller than the module gzipped (tools/wasm-lzma.py writes it). The
//! page's loader (static/unlzma.js) compiles this crate's 5 kB of wasm, copies the file
//! into its memory, asks it the size ([`unlzma_size`]) and calls [`unlzma`], then
//! compiles the unpacked module.
//!
//! The algorithm is Igor Pavlov's LZMA as the LZMA SDK's specification describes it
//! (lzma-specification.txt): a range decoder over adaptive bit probabilities, literals
//! coded in the context of the previous byte, matches as a length and a distance with
//! four repeated distances. This decoder keeps its whole output (so it ignores the
//! dictionary size), needs the uncompressed size in the header, and supports
//! `lc + lp <= 4` (what xz's LZMA2 allows, and what the page's file uses).
//!
//! Malformed input gives an [`Error`]: never a panic, a read or write outside the given
//! buffers, or a loop without end (every step writes at least one byte of a fixed-size
//! output). LZMA has no checksum: damaged data may also decode to other bytes, which is
//! why the page fetches the file with its Subresource Integrity hash.
//!
//! In wasm the crate is `no_std` and allocates nothing: the probabilities live on the
//! stack, input and output in memory the loader grows for them.
#![cfg_attr(target_arch = "wasm32", no_std)]

/// Why a file could not be decoded. The loader turns the number (the export's result)
/// into the same sentence (static/unlzma.js).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum Error {
    /// Shorter than the header and the range coder's first five bytes.
    TruncatedHeader = 1,
    /// The properties byte is not `(pb * 5 + lp) * 9 + lc` with lc < 9, lp < 5, pb < 5.
    BadProperties = 2,
    /// `lc + lp > 4`: more literal probabilities than this decoder keeps.
    UnsupportedProperties = 3,
    /// The header says "size unknown" (all ones), or a size above 2 GB.
    NoSize = 4,
    /// The output buffer is not the size the header gives.
    WrongOutputSize = 5,
    /// The range coder's first byte is not 0, or its code is not below its range.
    BadRangeCoderStart = 6,
    /// A repeated match before any byte was written.
    RepeatBeforeData = 7,
    /// A match reaching before the first byte.
    DistanceTooFar = 8,
    /// A match reaching past the declared size.
    LengthTooLong = 9,
    /// The end-of-stream marker before the declared size was reached.
    EarlyEnd = 10,
    /// The data ran out before the declared size was reached.
    TruncatedData = 11,
}

impl Error {
    /// Every error, in the order of their numbers (1, 2, …).
    pub const ALL: [Error; 11] = [
        Error::TruncatedHeader,
        Error::BadProperties,
        Error::UnsupportedProperties,
        Error::NoSize,
        Error::WrongOutputSize,
        Error::BadRangeCoderStart,
        Error::RepeatBeforeData,
        Error::DistanceTooFar,
        Error::LengthTooLong,
        Error::EarlyEnd,
        Error::TruncatedData,
    ];

    /// The sentence the loader shows (without its "unlzma: " prefix).
    pub fn message(self) -> &'static str {
        match self {
            Error::TruncatedHeader => "truncated header",
            Error::BadProperties => "bad properties byte",
            Error::UnsupportedProperties => "unsupported properties (lc + lp > 4)",
            Error::NoSize => "no uncompressed size in the header",
            Error::WrongOutputSize => "output buffer of the wrong size",
            Error::BadRangeCoderStart => "bad range coder start",
            Error::RepeatBeforeData => "repeated match before any output",
            Error::DistanceTooFar => "match distance beyond the start of the data",
            Error::LengthTooLong => "match beyond the end of the data",
            Error::EarlyEnd => "end marker before the end of the data",
            Error::TruncatedData => "truncated data",
        }
    }
}

/// The size of the header.
pub const HEADER: usize = 13;

/// The uncompressed size a `.lzma` file's header gives, if it gives one below 2 GB.
pub fn unpacked_size(src: &[u8]) -> Result<usize, Error> {
    let header = src.get(..HEADER).ok_or(Error::TruncatedHeader)?;
    let mut size = [0u8; 8];
    size.copy_from_slice(&header[5..13]);
    let size = u64::from_le_bytes(size);
    if size >= 1 << 31 {
        return Err(Error::NoSize);
    }
    Ok(size as usize)
}

// Every adaptive probability in one array: 11-bit values, 1024 meaning one half.
const IS_MATCH: usize = 0; // [state][posState]: 12 x 16
const IS_REP: usize = 192; // [state]
const IS_REP_G0: usize = 204;
const IS_REP_G1: usize = 216;
const IS_REP_G2: usize = 228;
const IS_REP0_LONG: usize = 240; // [state][posState]
const POS_SLOT: usize = 432; // [min(len, 3)]: 4 bit trees of 6 bits
const SPEC_POS: usize = 688; // the distances' middle bits for slots 4 to 13: 115
const ALIGN: usize = 803; // the lowest 4 bits of long distances: a 4-bit tree
const LEN: usize = 819; // match lengths: choice, choice2, low[16][8], mid[16][8], high[256]
const REP_LEN: usize = 1333; // the same for repeated-distance matches
const LITERAL: usize = 1847; // [(pos & lpMask) << lc | previous byte's top lc bits][0x300]
/// LITERAL + 0x300 << 4 (lc + lp <= 4) = 14,135, rounded up to a power of two: every
/// index is masked into the array, so no index can be out of range and the wasm holds
/// no panic path (nor the formatting code a panic message would bring).
const PROBS: usize = 1 << 14;
const _: () = assert!(LITERAL + (0x300 << 4) <= PROBS);

/// The range decoder and the probabilities. It reads past the end of `src` as zeros,
/// and [`decode`] then reports the data as truncated.
struct Decoder<'a> {
    src: &'a [u8],
    pos: usize,
    range: u32,
    code: u32,
    probs: [u16; PROBS],
}

impl Decoder<'_> {
    #[inline(always)]
    fn normalize(&mut self) {
        if self.range < 1 << 24 {
            self.range <<= 8;
            self.code = (self.code << 8) | u32::from(self.src.get(self.pos).copied().unwrap_or(0));
            self.pos += 1;
        }
    }

    /// One bit with the adaptive probability `probs[i]` of a 0, which it updates.
    #[inline(always)]
    fn bit(&mut self, i: usize) -> usize {
        let p = &mut self.probs[i & (PROBS - 1)];
        let bound = (self.range >> 11) * u32::from(*p);
        let b = if self.code < bound {
            self.range = bound;
            *p += (2048 - *p) >> 5;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *p -= *p >> 5;
            1
        };
        self.normalize();
        b
    }

    /// `n` bits at probability one half, most significant first.
    fn direct(&mut self, n: u32) -> u32 {
        let mut r = 0;
        for _ in 0..n {
            self.range >>= 1;
            let b = u32::from(self.code >= self.range);
            self.code -= self.range & 0u32.wrapping_sub(b);
            r = (r << 1) | b;
            self.normalize();
        }
        r
    }

    /// A bit tree of `n` bits at `probs[base + 1..base + (1 << n)]`, most significant
    /// bit first.
    #[inline(always)]
    fn tree(&mut self, base: usize, n: u32) -> usize {
        let mut m = 1;
        for _ in 0..n {
            m = (m << 1) | self.bit(base + m);
        }
        m - (1 << n)
    }

    /// The same tree read least significant bit first.
    fn reverse_tree(&mut self, base: usize, n: u32) -> usize {
        let (mut m, mut r) = (1, 0);
        for i in 0..n {
            let b = self.bit(base + m);
            m = (m << 1) | b;
            r |= b << i;
        }
        r
    }

    // The functions below hold most of the work and are kept out of line: in the page,
    // V8 first runs the decoder with its baseline compiler and recompiles a function
    // optimised only for its later calls, so the work must come back through calls.

    /// A literal from the 0x300 probabilities at `base`: eight bits, each with its
    /// probability chosen by the bits so far. After a match, while the bits equal those
    /// of `match_byte` (the byte at the last distance), that byte's next bit chooses
    /// among two more sets of probabilities.
    #[inline(never)]
    fn literal(&mut self, base: usize, match_byte: Option<u8>) -> u8 {
        let mut s = 1usize;
        if let Some(match_byte) = match_byte {
            let mut match_byte = usize::from(match_byte);
            while s < 0x100 {
                let match_bit = (match_byte >> 7) & 1;
                match_byte <<= 1;
                let b = self.bit(base + ((1 + match_bit) << 8) + s);
                s = (s << 1) | b;
                if b != match_bit {
                    break;
                }
            }
        }
        while s < 0x100 {
            s = (s << 1) | self.bit(base + s);
        }
        s as u8
    }

    /// A match length minus 2: 0-7, 8-15 or 16-271 (`base`: LEN or REP_LEN).
    #[inline(never)]
    fn length(&mut self, base: usize, pos_state: usize) -> usize {
        if self.bit(base) == 0 {
            return self.tree(base + 2 + (pos_state << 3), 3);
        }
        if self.bit(base + 1) == 0 {
            return 8 + self.tree(base + 130 + (pos_state << 3), 3);
        }
        16 + self.tree(base + 258, 8)
    }

    /// A match distance minus 1 (`u32::MAX` marks the end of the stream).
    #[inline(never)]
    fn distance(&mut self, len: usize) -> u32 {
        let slot = self.tree(POS_SLOT + (len.min(3) << 6), 6) as u32;
        if slot < 4 {
            return slot;
        }
        let n = (slot >> 1) - 1;
        let dist = (2 | (slot & 1)) << n;
        if slot < 14 {
            return dist + self.reverse_tree(SPEC_POS + dist as usize - slot as usize, n) as u32;
        }
        dist.wrapping_add(self.direct(n - 4) << 4)
            .wrapping_add(self.reverse_tree(ALIGN, 4) as u32)
    }

    /// The symbols, until `out` is full.
    fn run(&mut self, out: &mut [u8], lc: usize, lp: usize, pb: usize) -> Result<(), Error> {
        let (pb_mask, lp_mask) = ((1 << pb) - 1, (1 << lp) - 1);
        let (mut state, mut pos) = (0usize, 0usize);
        // The four last distances (minus 1); each was below `pos` when it was decoded.
        let (mut rep0, mut rep1, mut rep2, mut rep3) = (0usize, 0usize, 0usize, 0usize);
        let size = out.len();
        while pos < size {
            if self.pos > self.src.len() {
                return Err(Error::TruncatedData);
            }
            let pos_state = pos & pb_mask;
            if self.bit(IS_MATCH + (state << 4) + pos_state) == 0 {
                let prev = if pos > 0 { usize::from(out[pos - 1]) } else { 0 };
                let base = LITERAL + 0x300 * (((pos & lp_mask) << lc) + (prev >> (8 - lc)));
                // After a match (state 7 or above) the byte at the last distance exists.
                let match_byte = if state >= 7 {
                    out.get(pos.wrapping_sub(rep0 + 1)).copied()
                } else {
                    None
                };
                out[pos] = self.literal(base, match_byte);
                pos += 1;
                state = if state < 4 {
                    0
                } else if state < 10 {
                    state - 3
                } else {
                    state - 6
                };
                continue;
            }
            let len;
            if self.bit(IS_REP + state) == 1 {
                if pos == 0 {
                    return Err(Error::RepeatBeforeData);
                }
                if self.bit(IS_REP_G0 + state) == 0 {
                    if self.bit(IS_REP0_LONG + (state << 4) + pos_state) == 0 {
                        // One byte at the last distance.
                        state = if state < 7 { 9 } else { 11 };
                        out[pos] = *out.get(pos.wrapping_sub(rep0 + 1)).ok_or(Error::DistanceTooFar)?;
                        pos += 1;
                        continue;
                    }
                } else {
                    let dist;
                    if self.bit(IS_REP_G1 + state) == 0 {
                        dist = rep1;
                    } else {
                        if self.bit(IS_REP_G2 + state) == 0 {
                            dist = rep2;
                        } else {
                            dist = rep3;
                            rep3 = rep2;
                        }
                        rep2 = rep1;
                    }
                    rep1 = rep0;
                    rep0 = dist;
                }
                len = self.length(REP_LEN, pos_state);
                state = if state < 7 { 8 } else { 11 };
            } else {
                rep3 = rep2;
                rep2 = rep1;
                rep1 = rep0;
                len = self.length(LEN, pos_state);
                state = if state < 7 { 7 } else { 10 };
                let dist = self.distance(len);
                if dist == u32::MAX {
                    return Err(Error::EarlyEnd);
                }
                rep0 = dist as usize;
                if rep0 >= pos {
                    return Err(Error::DistanceTooFar);
                }
            }
            let end = pos + len + 2;
            if end > size {
                return Err(Error::LengthTooLong);
            }
            // Byte by byte: a match may overlap what it writes (distance < length).
            while pos < end {
                out[pos] = *out.get(pos.wrapping_sub(rep0 + 1)).ok_or(Error::DistanceTooFar)?;
                pos += 1;
            }
        }
        Ok(())
    }
}

/// Decodes the `.lzma` file `src` into `out`, which must be exactly the size its header
/// gives ([`unpacked_size`]).
pub fn decode(src: &[u8], out: &mut [u8]) -> Result<(), Error> {
    if src.len() < HEADER + 5 {
        return Err(Error::TruncatedHeader);
    }
    let props = usize::from(src[0]);
    if props >= 9 * 5 * 5 {
        return Err(Error::BadProperties);
    }
    let (lc, lp, pb) = (props % 9, props / 9 % 5, props / 45);
    if lc + lp > 4 {
        return Err(Error::UnsupportedProperties);
    }
    if unpacked_size(src)? != out.len() {
        return Err(Error::WrongOutputSize);
    }
    let code = u32::from_be_bytes([src[HEADER + 1], src[HEADER + 2], src[HEADER + 3], src[HEADER + 4]]);
    if src[HEADER] != 0 || code == u32::MAX {
        return Err(Error::BadRangeCoderStart);
    }
    let mut d = Decoder {
        src,
        pos: HEADER + 5,
        range: u32::MAX,
        code,
        probs: [1024; PROBS],
    };
    let result = d.run(out, lc, lp, pb);
    // A valid stream ends with the range coder's flushed bytes, so the decoder never
    // reads past them; if it did, the data was cut short, whatever went wrong after.
    if d.pos > src.len() {
        return Err(Error::TruncatedData);
    }
    result
}

/// The wasm export: the uncompressed size the `.lzma` file of `src_len` bytes at `src`
/// gives, or minus the [`Error`]'s number.
///
/// # Safety
/// `src` must point to `src_len` readable bytes.
#[no_mangle]
pub unsafe extern "C" fn unlzma_size(src: *const u8, src_len: usize) -> i32 {
    // SAFETY: the caller's contract above.
    let src = unsafe { core::slice::from_raw_parts(src, src_len) };
    match unpacked_size(src) {
        Ok(size) => size as i32,
        Err(e) => -(e as i32),
    }
}

/// The wasm export: decodes the `src_len` bytes at `src` into the `out_len` bytes at
/// `out`; returns 0, or the [`Error`]'s number.
///
/// # Safety
/// `src` and `out` must point to that many readable, respectively writable, bytes that
/// do not overlap (the loader places them in memory it grew for them).
#[no_mangle]
pub unsafe extern "C" fn unlzma(src: *const u8, src_len: usize, out: *mut u8, out_len: usize) -> u32 {
    // SAFETY: the caller's contract above.
    let (src, out) = unsafe {
        (
            core::slice::from_raw_parts(src, src_len),
            core::slice::from_raw_parts_mut(out, out_len),
        )
    };
    match decode(src, out) {
        Ok(()) => 0,
        Err(e) => e as u32,
    }
}

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    // Unreachable: every index is masked or checked (the release checks that the wasm
    // holds no panic message). Were one reached, the decoder would stop with a trap,
    // which the loader reports.
    core::arch::wasm32::unreachable()
}
