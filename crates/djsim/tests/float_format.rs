//! `djsim::float`'s formatting against std's: `fixed` and `sci` are `{:.N}` and `{:.Ne}`
//! exactly; `display` is `{}`, or, where std picked another of the shortest digit
//! strings, one as short that reads back as the same float and is at least as near.

use djsim::float::{display, fixed, parse_f64, sci, shortest};
use proptest::prelude::*;

#[track_caller]
fn check_fixed_sci(f: f64, n: usize) {
    assert_eq!(fixed(f, n), format!("{f:.n$}"), "{f:e} .{n}");
    assert_eq!(sci(f, n), format!("{f:.n$e}"), "{f:e} .{n}e");
}

#[track_caller]
fn check_display(f: f64) {
    let ours = display(f);
    let std = format!("{f}");
    if ours != std {
        assert_eq!(ours.len(), std.len(), "{f:e}: {ours} vs std's {std}");
        assert_eq!(ours.parse::<f64>().map(f64::to_bits), Ok(f.to_bits()), "{f:e}: {ours} does not read back");
    }
}

#[test]
fn edge_values() {
    let values = [
        0.0, -0.0, 1.0, -1.0, 0.5, 1.5, 2.5, 0.25, 0.125, 0.375, 0.1, 0.3, 1e-7, 1e21, 1e22, 1e23, 123.456, 5e-324, -5e-324,
        2.2250738585072014e-308, 1.7976931348623157e308, 9007199254740993.0, 0.04, -0.04, 999.95, 0.95, 9.5, 99.5, 1e15, 1e16, 1e300,
        f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 4.35, 2.675, 1.005,
    ];
    for f in values {
        for n in [0, 1, 2, 3, 5, 14, 17, 20, 30] {
            check_fixed_sci(f, n);
        }
        check_display(f);
    }
    assert_eq!(display(1e21), "1000000000000000000000");
    assert_eq!(display(-0.0), "-0");
    assert_eq!(display(0.0001), "0.0001");
    assert_eq!(display(3.0), "3");
    assert_eq!(display(f64::NAN), "NaN");
    assert_eq!(display(f64::NEG_INFINITY), "-inf");
    assert_eq!(fixed(12345.678, 1), "12345.7");
    assert_eq!(sci(0.1, 14), "1.00000000000000e-1");
    assert_eq!(shortest(0.3), (vec![3], 0));
    assert_eq!(shortest(1e-7), (vec![1], -6));
    assert_eq!(shortest(123.456), (vec![1, 2, 3, 4, 5, 6], 3));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 5_000, ..ProptestConfig::default() })]

    #[test]
    fn every_double(bits in any::<u64>(), n in 0usize..25) {
        let f = f64::from_bits(bits);
        check_fixed_sci(f, n);
        check_display(f);
        if f.is_finite() {
            // The shortest digits read back as f.
            let (digits, point) = shortest(f);
            let text: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            let back = parse_f64(&format!("0.{}e{point}", if text.is_empty() { "0" } else { &text })).unwrap();
            prop_assert_eq!(back, f.abs());
        }
    }

    #[test]
    fn everyday_values(units in -10_000_000i64..10_000_000, scale in 0u32..8, n in 0usize..6) {
        let f = units as f64 / 10f64.powi(scale as i32);
        check_fixed_sci(f, n);
        check_display(f);
    }
}
