//! `djsim::float::parse_f64` against std's parser (correctly rounded, Eisel–Lemire with
//! a big-decimal fallback): the same `f64`, bit for bit, for every input; errors where
//! std errs.

use djsim::float::parse_f64;
use proptest::prelude::*;

#[track_caller]
fn check(s: &str) {
    let ours = parse_f64(s);
    let std = s.parse::<f64>().ok();
    match (ours, std) {
        (Some(a), Some(b)) if a.is_nan() && b.is_nan() => {}
        (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{s:?}: {a:e} != std's {b:e}"),
        (None, None) => {}
        _ => panic!("{s:?}: {ours:?}, std gives {std:?}"),
    }
}

#[test]
fn hard_cases() {
    for s in [
        "0", "-0", "+0", "0.0", "-0.0", "00000", "0e999999", "0.000e-5", "1", "1.", ".5", "-.5", "1e0", "1E+2", "1e-2", "12.5e1",
        "3.14", "0.1", "0.2", "0.3", "123456789012345678901234567890", "9007199254740993", "9007199254740992.5",
        "9007199254740993.0000000000000000001", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
        "2e308", "1e309", "4.9406564584124654e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
        "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
        "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308", "2.225073858507201136057409796709131975934819546351645648023426109724822222021076945516529523908135087914149158913039621106870086438694594645527657207407820621743379988141063267329253552286881372149012981122451451889849057222307285255133155755015914397476397983411801999323962548289017107081850690630666655994938275772572015763062690663332647565300009245888316433037779791869612049497390377829704905051080609940730262937128958950003583799967207254304360284078895771796150945516748243471030702609144621572289880258182545180325707018860872113128079512233426288368622321503775666622503982534335974568884423900265498198385487948292206894721689831099698365846814022854243330660339850886445804001034933970427567186443383770486037861622771738545623065874679014086723327636718749999999999999999999999999999999999999e-308",
        "1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203124",
        "1.00000000000000011102230246251565404236316680908203126", "1.00000000000000033306690738754696212708950042724609375",
        "inf", "-inf", "+Infinity", "INF", "nan", "NaN", "-nan", "infinit", "in", "", "+", "-", ".", "e5", "1e", "1e+", "1e-", "1.2.3", "1e5.5",
        " 1", "1 ", "1_000", "0x10", "1d", "1f", "٣", "1e-99999999999999999999", "1e99999999999999999999", "-1e-400", "123e-20000",
    ] {
        check(s);
    }
    // A long run of digits, beyond the 800 kept.
    let long = format!("0.{}1e-300", "0".repeat(1000));
    check(&long);
    check(&format!("1{}e-1000", "0".repeat(1000)));
    check(&format!("{}.{}", "9".repeat(400), "9".repeat(700)));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 20_000, ..ProptestConfig::default() })]

    #[test]
    fn every_double_written_many_ways(bits in any::<u64>(), precision in 0usize..40) {
        let f = f64::from_bits(bits);
        for s in [format!("{f}"), format!("{f:e}"), format!("{f:?}"), format!("{f:.precision$e}"), format!("{f:.precision$}")] {
            check(&s);
        }
    }

    #[test]
    fn random_decimals(digits in "[0-9]{1,40}", point in 0usize..41, exp in -400i32..400) {
        let point = point.min(digits.len());
        check(&format!("{}.{}e{exp}", &digits[..point], &digits[point..]));
        check(&format!("{digits}e{exp}"));
    }

    #[test]
    fn near_halfway(bits in 1u64..0x7fef_ffff_ffff_ffff, extra in "[0-9]{0,30}") {
        // The exact decimal of a double, cut and lengthened: the hardest inputs.
        let f = f64::from_bits(bits);
        let exact = format!("{f:.800e}");
        let (mantissa, exp) = exact.split_once('e').unwrap();
        let trimmed = mantissa.trim_end_matches('0');
        for cut in [17usize, 18, 20, 25, trimmed.len()] {
            let m = &trimmed[..cut.min(trimmed.len())];
            check(&format!("{m}e{exp}"));
            check(&format!("{m}5e{exp}"));
            check(&format!("{m}{extra}e{exp}"));
            check(&format!("{m}49999999999999999999e{exp}"));
            check(&format!("{m}50000000000000000001e{exp}"));
        }
    }
}

/// The exact decimal digits and exponent of `(2m + 1) × 2^(e - 1)`, the point halfway
/// between `m × 2^e` and the next double up: `digits × 10^exp10`.
fn halfway(m: u64, e: i32) -> (String, i32) {
    // limbs of 10^9, least significant first
    fn mul(n: &mut Vec<u64>, by: u64) {
        let mut carry = 0;
        for limb in n.iter_mut() {
            let v = *limb * by + carry;
            *limb = v % 1_000_000_000;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            n.push(carry % 1_000_000_000);
            carry /= 1_000_000_000;
        }
    }
    let odd = 2 * m + 1;
    let mut n = vec![odd % 1_000_000_000, (odd / 1_000_000_000) % 1_000_000_000, odd / 1_000_000_000_000_000_000];
    let k = e - 1;
    let exp10 = if k >= 0 {
        (0..k).for_each(|_| mul(&mut n, 2));
        0
    } else {
        (0..-k).for_each(|_| mul(&mut n, 5));
        k
    };
    while n.len() > 1 && n.last() == Some(&0) {
        n.pop();
    }
    let mut s = n.last().unwrap().to_string();
    for limb in n.iter().rev().skip(1) {
        s.push_str(&format!("{limb:09}"));
    }
    (s, exp10)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3_000, ..ProptestConfig::default() })]

    #[test]
    fn exactly_halfway_ties_to_even(bits in 0u64..0x7fef_ffff_ffff_ffff) {
        let f = f64::from_bits(bits);
        let (field, fraction) = ((bits >> 52) as i32, bits & ((1 << 52) - 1));
        let (m, e) = if field == 0 { (fraction, -1074) } else { (fraction | 1 << 52, field - 1075) };
        let (digits, exp10) = halfway(m, e);
        let s = format!("{digits}e{exp10}");
        check(&s);
        // ties to even: the even one of f and the next double
        let expected = if m % 2 == 0 { f } else { f64::from_bits(bits + 1) };
        prop_assert_eq!(parse_f64(&s).map(f64::to_bits), Some(expected.to_bits()), "{}", s);
        // a hair above, and below
        check(&format!("{digits}0001e{}", exp10 - 4));
        if let Some(head) = digits.strip_suffix('5') {
            check(&format!("{head}49999e{}", exp10 - 4));
        }
    }
}
