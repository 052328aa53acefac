//! Decimal text to `f64`, correctly rounded (what `str::parse::<f64>` and Python's
//! `float()` give), with no lookup tables: std's parser carries a 10 kB table of powers
//! of five (Eisel–Lemire), about 8 kB of the page's gzip, for speed the simulation
//! does not need (it parses a float now and then). Exact big-integer arithmetic instead:
//! the digits as an integer, times or divided by powers of ten, then rounded to nearest,
//! ties to even. Tested against std's parser (`tests/float_parse.rs`).

use serde_json::Value;

/// `s` as `str::parse::<f64>` reads it, or `None` where that gives an error: an
/// optional sign, then `inf`, `infinity` or `nan` (any case), or digits with an
/// optional `.` and an optional exponent (`1`, `1.`, `.5`, `2.5E-3`).
pub fn parse_f64(s: &str) -> Option<f64> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let value = if rest.eq_ignore_ascii_case("inf") || rest.eq_ignore_ascii_case("infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case("nan") {
        f64::NAN
    } else {
        parse_decimal(rest.as_bytes())?
    };
    Some(if negative { -value } else { value })
}

/// A JSON number's value as an `f64` (as `serde_json::Value::as_f64`: `None` for what
/// is not a number, or does not fit in a finite `f64`).
pub fn json_f64(value: &Value) -> Option<f64> {
    value.as_number().and_then(|n| parse_f64(n.as_str())).filter(|f| f.is_finite())
}

/// Significant digits kept: a value halfway between two doubles has at most 767, so
/// the digits beyond 800 only matter as "something more" (`sticky`).
const MAX_DIGITS: usize = 800;

fn parse_decimal(b: &[u8]) -> Option<f64> {
    // value = digits × 10^exp10 (+ a little more when `sticky`)
    let mut digits: Vec<u8> = Vec::new();
    let mut exp10: i64 = 0;
    let mut sticky = false;
    let mut any = false;
    let mut i = 0;
    let mut fraction = false;
    while i < b.len() {
        match b[i] {
            d @ b'0'..=b'9' => {
                any = true;
                let d = d - b'0';
                if digits.len() < MAX_DIGITS {
                    if !(digits.is_empty() && d == 0) {
                        digits.push(d);
                    }
                    if fraction {
                        exp10 -= 1;
                    }
                } else {
                    sticky |= d != 0;
                    if !fraction {
                        exp10 += 1;
                    }
                }
            }
            b'.' if !fraction => fraction = true,
            _ => break,
        }
        i += 1;
    }
    if !any {
        return None;
    }
    if i < b.len() {
        if b[i] | 0x20 != b'e' {
            return None;
        }
        i += 1;
        let negative = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        if i == b.len() {
            return None;
        }
        let mut e: i64 = 0;
        for &c in &b[i..] {
            if !c.is_ascii_digit() {
                return None;
            }
            e = (e * 10 + i64::from(c - b'0')).min(1 << 40);
        }
        exp10 += if negative { -e } else { e };
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    // The value lies in [10^(n-1+exp10), 10^(n+exp10)): far beyond f64's range either way?
    let magnitude = digits.len() as i64 + exp10;
    if magnitude > 310 {
        return Some(f64::INFINITY);
    }
    if magnitude < -330 {
        return Some(0.0);
    }
    let mut n = Big::from_digits(&digits);
    if exp10 >= 0 {
        n.mul_pow10(exp10 as u32);
        Some(round(&n, 0, sticky))
    } else {
        // n × 2^shift / 10^k, with at least 64 bits left for the quotient.
        let k = -exp10 as u32;
        let shift = (64 + k as i64 * 3322 / 1000 + 1 - n.bit_len() as i64).max(0) as u32;
        n.shl(shift);
        sticky |= n.div_pow10(k);
        Some(round(&n, -(shift as i64), sticky))
    }
}

/// The double nearest to (n + a little when `sticky`) × 2^exp2, ties to even.
fn round(n: &Big, exp2: i64, sticky: bool) -> f64 {
    let len = n.bit_len() as i64;
    if len == 0 {
        return 0.0;
    }
    // The lowest bit kept: 53 significant bits, none below 2^-1074 (subnormals).
    let mut drop = (len - 53).max(-1074 - exp2);
    let mut mantissa = if drop <= 0 {
        n.low_u64() << -drop
    } else {
        let kept = n.bits_from(drop as u32);
        let half = n.bit(drop as u32 - 1);
        let rest = sticky || n.any_below(drop as u32 - 1);
        kept + u64::from(half && (rest || kept & 1 == 1))
    };
    if mantissa == 1 << 53 {
        mantissa >>= 1;
        drop += 1;
    }
    // value = mantissa × 2^exp, mantissa < 2^53
    let exp = drop + exp2;
    if mantissa < 1 << 52 {
        return f64::from_bits(mantissa); // subnormal (exp is -1074) or zero
    }
    let field = exp + 52 + 1023;
    if field >= 2047 {
        return f64::INFINITY;
    }
    f64::from_bits(((field as u64) << 52) | (mantissa & ((1 << 52) - 1)))
}

/// An unsigned integer, 32-bit limbs, least significant first.
struct Big(Vec<u32>);

impl Big {
    fn from_digits(digits: &[u8]) -> Big {
        let mut n = Big(Vec::with_capacity(digits.len() / 9 + 1));
        for chunk in digits.chunks(9) {
            let value = chunk.iter().fold(0u32, |v, &d| v * 10 + u32::from(d));
            n.mul_add(10u32.pow(chunk.len() as u32), value);
        }
        n
    }

    /// self = self × m + a
    fn mul_add(&mut self, m: u32, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry != 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut k: u32) {
        while k > 0 {
            let step = k.min(9);
            self.mul_add(10u32.pow(step), 0);
            k -= step;
        }
    }

    /// self = self / 10^k (rounded down); whether anything was left over.
    fn div_pow10(&mut self, mut k: u32) -> bool {
        let mut inexact = false;
        while k > 0 {
            let step = k.min(9);
            let d = u64::from(10u32.pow(step));
            let mut rem = 0u64;
            for limb in self.0.iter_mut().rev() {
                let v = (rem << 32) | u64::from(*limb);
                *limb = (v / d) as u32;
                rem = v % d;
            }
            inexact |= rem != 0;
            while self.0.last() == Some(&0) {
                self.0.pop();
            }
            k -= step;
        }
        inexact
    }

    fn shl(&mut self, bits: u32) {
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0;
            for limb in &mut self.0 {
                let v = *limb;
                *limb = (v << bits) | carry;
                carry = v >> (32 - bits);
            }
            if carry != 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    fn bit_len(&self) -> u32 {
        match self.0.iter().rposition(|&l| l != 0) {
            Some(i) => i as u32 * 32 + (32 - self.0[i].leading_zeros()),
            None => 0,
        }
    }

    fn bit(&self, i: u32) -> bool {
        self.0.get((i / 32) as usize).is_some_and(|l| l >> (i % 32) & 1 == 1)
    }

    /// Whether any bit below bit `i` is set.
    fn any_below(&self, i: u32) -> bool {
        let (limb, bits) = ((i / 32) as usize, i % 32);
        self.0[..limb.min(self.0.len())].iter().any(|&l| l != 0) || self.0.get(limb).is_some_and(|l| l & ((1u32 << bits) - 1) != 0)
    }

    /// The (at most 64) bits from bit `from` up.
    fn bits_from(&self, from: u32) -> u64 {
        (0..64).filter(|j| self.bit(from + j)).fold(0, |v, j| v | 1 << j)
    }

    fn low_u64(&self) -> u64 {
        self.0.iter().take(2).rev().fold(0, |v, &l| v << 32 | u64::from(l))
    }
}
