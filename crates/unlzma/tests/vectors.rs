//! The decoder against liblzma (Python's `lzma` module, which scripts/setup.sh's tools
//! already need): inputs of several kinds packed with several lc/lp/pb must come back
//! byte for byte, and damaged files must end in an output of the declared size or an
//! [`Error`], never a panic.

use std::io::Write;
use std::process::{Command, Stdio};

use unlzma::{decode, unpacked_size, Error};

/// A small deterministic generator (xorshift32), so every run checks the same bytes.
struct Rng(u32);
impl Rng {
    fn next(&mut self) -> u32 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 17;
        self.0 ^= self.0 << 5;
        self.0
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
    fn below(&mut self, n: usize) -> usize {
        self.next() as usize % n
    }
}

/// `data` packed by liblzma in the "LZMA alone" format with these properties (preset 6,
/// or 9 extreme with `extreme`), with its size written into the header as
/// tools/wasm-lzma.py does (liblzma writes "unknown"). Returns (with size, as written).
fn pack(data: &[u8], lc: u32, lp: u32, pb: u32, extreme: bool) -> (Vec<u8>, Vec<u8>) {
    let preset = if extreme { "9 | lzma.PRESET_EXTREME" } else { "6" };
    let script = format!(
        "import lzma, sys\n\
         f = [{{'id': lzma.FILTER_LZMA1, 'preset': {preset}, 'lc': {lc}, 'lp': {lp}, 'pb': {pb}}}]\n\
         sys.stdout.buffer.write(lzma.compress(sys.stdin.buffer.read(), format=lzma.FORMAT_ALONE, filters=f))\n"
    );
    let mut child = Command::new("python3")
        .args(["-c", &script])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs (scripts/setup.sh's tools need it)");
    let mut stdin = child.stdin.take().unwrap();
    let input = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input).unwrap());
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(output.status.success(), "python3's lzma failed");
    let as_written = output.stdout;
    let mut with_size = as_written.clone();
    with_size[5..13].copy_from_slice(&(data.len() as u64).to_le_bytes());
    (with_size, as_written)
}

fn unpack(src: &[u8]) -> Result<Vec<u8>, Error> {
    let mut out = vec![0; unpacked_size(src)?];
    decode(src, &mut out)?;
    Ok(out)
}

fn inputs() -> Vec<(&'static str, Vec<u8>)> {
    let mut rng = Rng(0x9e37_79b9);
    let text = include_bytes!("../src/lib.rs").to_vec();
    let block = rng.bytes(300_000);
    let mut twice = block.clone();
    twice.extend(rng.bytes(1000));
    twice.extend(&block);
    let mut mixed = text.clone();
    mixed.extend(rng.bytes(5000));
    mixed.extend(&text);
    mixed.extend(&text[100..2000]);
    vec![
        ("empty", vec![]),
        ("one byte", vec![42]),
        ("one byte repeated", vec![7; 70_000]),
        ("short repeats", [b"abc".repeat(10_000), b"abd".repeat(5_000)].concat()),
        ("text", text),
        ("random", rng.bytes(100_000)),
        // A distance of about 300,000: a position slot above 13 (direct bits, align tree).
        ("random block twice", twice),
        ("text and random mixed", mixed),
    ]
}

#[test]
fn decodes_what_liblzma_packs() {
    let settings = [(3, 0, 2, false), (4, 0, 0, true), (0, 4, 4, false), (1, 2, 1, false), (3, 1, 3, true), (2, 0, 0, false)];
    for (name, data) in inputs() {
        for &(lc, lp, pb, extreme) in &settings {
            let (with_size, as_written) = pack(&data, lc, lp, pb, extreme);
            let what = format!("{name} (lc={lc} lp={lp} pb={pb})");
            assert_eq!(unpack(&with_size).map(|o| o == data), Ok(true), "{what}");
            assert_eq!(unpack(&as_written), Err(Error::NoSize), "{what} without its size");
        }
    }
}

#[test]
fn the_export_decodes_into_the_buffer_it_is_given() {
    let data = b"the lecture's sessfun view, five times over. ".repeat(50);
    let (packed, _) = pack(&data, 4, 0, 0, true);
    let mut out = vec![0u8; data.len()];
    // SAFETY: both buffers are live and that long, and distinct.
    let status = unsafe { unlzma::unlzma(packed.as_ptr(), packed.len(), out.as_mut_ptr(), out.len()) };
    assert_eq!((status, out), (0, data.clone()));
    let mut short = vec![0u8; data.len() - 1];
    // SAFETY: as above.
    let status = unsafe { unlzma::unlzma(packed.as_ptr(), packed.len(), short.as_mut_ptr(), short.len()) };
    assert_eq!(status, Error::WrongOutputSize as u32);
}

#[test]
fn refuses_bad_headers() {
    let data = b"abcabcabc".repeat(100);
    let (packed, _) = pack(&data, 3, 0, 2, false);
    let mut bad = packed.clone();
    bad[0] = 225;
    assert_eq!(unpack(&bad), Err(Error::BadProperties));
    bad[0] = 4 * 9 + 1; // lc = 4, lp = 1
    assert_eq!(unpack(&bad), Err(Error::UnsupportedProperties));
    let mut bad = packed.clone();
    bad[HEADER_FIRST_RC] = 1;
    assert_eq!(unpack(&bad), Err(Error::BadRangeCoderStart));
    assert_eq!(unpack(&packed[..17]), Err(Error::TruncatedHeader));
    assert_eq!(unpack(&packed[..5]), Err(Error::TruncatedHeader));
    let mut huge = packed.clone();
    huge[5..13].copy_from_slice(&(1u64 << 31).to_le_bytes());
    assert_eq!(unpack(&huge), Err(Error::NoSize));
    for e in [Error::TruncatedHeader, Error::EarlyEnd, Error::TruncatedData] {
        assert!(!e.message().is_empty());
    }
}

const HEADER_FIRST_RC: usize = unlzma::HEADER;

/// LZMA has no checksum (the page fetches the file with its SRI hash), so a changed
/// byte may decode to other bytes; what must never happen is a panic or a hang.
#[test]
fn damaged_files_never_panic() {
    let data = inputs().pop().unwrap().1;
    let (packed, _) = pack(&data, 4, 0, 0, false);
    let mut rng = Rng(0x1234_5678);
    let mut refused = 0;
    for _ in 0..400 {
        let mut d = packed.clone();
        for _ in 0..1 + rng.below(4) {
            let at = 13 + rng.below(d.len() - 13);
            d[at] = rng.next() as u8;
        }
        match unpack(&d) {
            Ok(out) => assert_eq!(out.len(), data.len()),
            Err(_) => refused += 1,
        }
    }
    let mut truncated_refused = 0;
    for _ in 0..100 {
        let cut = rng.below(packed.len() - 12);
        if unpack(&packed[..cut]).is_err() {
            truncated_refused += 1;
        }
    }
    // Cutting only the end marker and the range coder's last bytes may still decode.
    assert!(truncated_refused >= 95, "{truncated_refused} of 100 truncated files refused");
    assert!(refused > 0);
}
