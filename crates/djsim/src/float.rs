//! Floats to and from decimal text without std's float machinery, whose tables and two
//! algorithms each (parsing: Eisel–Lemire and a 10 kB table of powers of five, with a
//! big-decimal fallback; formatting: Grisu with its cached powers, with a Dragon4 and
//! big-number fallback) weigh about 12 kB of the page's gzip, for speed the simulation
//! does not need (it reads and writes a float now and then).
//!
//! * [`parse_f64`]: decimal text to `f64`, correctly rounded (what `str::parse::<f64>`
//!   and Python's `float()` give), with exact big-integer arithmetic.
//! * [`shortest`]: the shortest digits that read back as the float, the nearest of them
//!   (Python's `repr`; `zmij`, which the page has anyway through `serde_json`).
//! * [`fixed`], [`sci`]: `format!("{:.N}")` and `format!("{:.Ne}")` exactly (the exact
//!   decimal value, rounded half to even); [`display`]: `format!("{}")`, but with the
//!   nearest shortest digits where std's are another, as far (std's own doc allows both).
//!
//! Tested against std (`tests/float_parse.rs`, `tests/float_format.rs`).

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
    value
        .as_number()
        .and_then(|n| parse_f64(n.as_str()))
        .filter(|f| f.is_finite())
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

/// A positive decimal: `0.d1d2d3… × 10^point`; no digits for zero. Digits are 0..=9.
struct Decimal {
    digits: Vec<u8>,
    point: i32,
}

/// The shortest digits that read back as `f` (finite), the nearest of them to `f` when
/// several are as short, and the position of the point (`0.d1d2… × 10^point`); no
/// digits for zero. Python's `repr` writes these digits.
pub fn shortest(f: f64) -> (Vec<u8>, i32) {
    let d = shortest_decimal(f);
    (d.digits, d.point)
}

fn shortest_decimal(f: f64) -> Decimal {
    // zmij writes e.g. `123.456`, `1e-7`, `1.5e+16`, `1000000000000000.0`.
    let text = zmij::Buffer::new().format_finite(f.abs()).to_owned();
    let (mantissa, exp) = text.split_once(['e', 'E']).unwrap_or((&text, "0"));
    let exp: i32 = exp.trim_start_matches('+').parse().unwrap_or(0);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all: Vec<u8> = int
        .bytes()
        .chain(frac.bytes())
        .map(|b| b.wrapping_sub(b'0'))
        .collect();
    let zeros = all.iter().take_while(|&&d| d == 0).count();
    let mut digits = all[zeros..].to_vec();
    while digits.last() == Some(&0) {
        digits.pop();
    }
    Decimal {
        point: int.len() as i32 - zeros as i32 + exp,
        digits,
    }
}

/// The exact decimal value of `|f|` (finite).
fn exact_decimal(f: f64) -> Decimal {
    let bits = f.abs().to_bits();
    let (field, fraction) = ((bits >> 52) as i32, bits & ((1 << 52) - 1));
    let (m, e) = if field == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, field - 1075)
    };
    let mut n = Big(vec![m as u32, (m >> 32) as u32]);
    let scale = if e >= 0 {
        n.shl(e as u32);
        0
    } else {
        // m × 2^e = m × 5^-e × 10^e
        let mut k = -e as u32;
        while k > 0 {
            let step = k.min(13);
            n.mul_add(5u32.pow(step), 0);
            k -= step;
        }
        e
    };
    let digits = n.to_digits_counted();
    Decimal {
        point: digits.1 as i32 + scale,
        digits: digits.0,
    }
}

impl Decimal {
    /// Rounded to its first `keep` digits (half to even, on the exact value).
    fn round(mut self, keep: i32) -> Decimal {
        if keep >= self.digits.len() as i32 {
            return self;
        }
        if keep < 0 {
            return Decimal {
                digits: Vec::new(),
                point: self.point,
            };
        }
        let keep = keep as usize;
        let dropped = self.digits[keep];
        let more = self.digits.len() > keep + 1; // trailing zeros were trimmed
        let odd = keep > 0 && self.digits[keep - 1] % 2 == 1;
        self.digits.truncate(keep);
        if dropped > 5 || (dropped == 5 && (more || odd)) {
            loop {
                match self.digits.last_mut() {
                    Some(9) => {
                        self.digits.pop();
                    }
                    Some(d) => {
                        *d += 1;
                        break;
                    }
                    None => {
                        self.digits.push(1);
                        self.point += 1;
                        break;
                    }
                }
            }
        }
        while self.digits.last() == Some(&0) {
            self.digits.pop();
        }
        self
    }

    /// The digit at decimal position `i` (0 for the first digit).
    fn digit(&self, i: i32) -> char {
        char::from(
            b'0' + if i >= 0 {
                self.digits.get(i as usize).copied().unwrap_or(0)
            } else {
                0
            },
        )
    }
}

fn sign(f: f64) -> &'static str {
    if f.is_sign_negative() {
        "-"
    } else {
        ""
    }
}

/// `format!("{:.decimals$}", f)`: the exact value rounded half to even.
pub fn fixed(f: f64, decimals: usize) -> String {
    if !f.is_finite() {
        return display(f);
    }
    let d = exact_decimal(f);
    let point = d.point;
    let d = d.round(point + decimals as i32);
    let mut out = String::from(sign(f));
    if d.point <= 0 {
        out.push('0');
    } else {
        out.extend((0..d.point).map(|i| d.digit(i)));
    }
    if decimals > 0 {
        out.push('.');
        out.extend((d.point..d.point + decimals as i32).map(|i| d.digit(i)));
    }
    out
}

/// `format!("{:.decimals$e}", f)`: the exact value rounded half to even to
/// `decimals + 1` significant digits, as `d.ddde-7`.
pub fn sci(f: f64, decimals: usize) -> String {
    if !f.is_finite() {
        return display(f);
    }
    let d = exact_decimal(f).round(decimals as i32 + 1);
    let mut out = String::from(sign(f));
    out.push(d.digit(0));
    if decimals > 0 {
        out.push('.');
        out.extend((1..=decimals as i32).map(|i| d.digit(i)));
    }
    let exp = if d.digits.is_empty() { 0 } else { d.point - 1 };
    out.push('e');
    out.push_str(&exp.to_string());
    out
}

/// `format!("{}", f)`: the shortest digits that read back as `f`, without an exponent
/// (`0.0001`, `1000000000000000000000`, `3`; `NaN`, `inf`, `-0`). Where several are as
/// short, the nearest to `f` (std may write another, as far from `f`).
pub fn display(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    let mut out = String::from(sign(f));
    if f.is_infinite() {
        out.push_str("inf");
        return out;
    }
    let d = shortest_decimal(f);
    let len = d.digits.len() as i32;
    if d.digits.is_empty() {
        out.push('0');
    } else if d.point <= 0 {
        out.push_str("0.");
        out.extend((d.point..len).map(|i| d.digit(i)));
    } else {
        out.extend((0..d.point.max(len)).map(|i| d.digit(i)));
        if d.point < len {
            out.insert(out.len() - (len - d.point) as usize, '.');
        }
    }
    out
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
            inexact |= self.div_small(10u32.pow(step)) != 0;
            k -= step;
        }
        inexact
    }

    /// self = self / d (rounded down); the remainder.
    fn div_small(&mut self, d: u32) -> u32 {
        let d = u64::from(d);
        let mut rem = 0u64;
        for limb in self.0.iter_mut().rev() {
            let v = (rem << 32) | u64::from(*limb);
            *limb = (v / d) as u32;
            rem = v % d;
        }
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
        rem as u32
    }

    /// The decimal digits, most significant first, trailing zeros dropped, and how
    /// many there were before dropping them.
    fn to_digits_counted(self) -> (Vec<u8>, usize) {
        let mut digits = self.to_digits_untrimmed();
        let count = digits.len();
        while digits.last() == Some(&0) {
            digits.pop();
        }
        (digits, count)
    }

    /// The decimal digits, most significant first (none for zero).
    fn to_digits_untrimmed(mut self) -> Vec<u8> {
        let mut out = Vec::new();
        while !self.0.is_empty() {
            let mut chunk = self.div_small(1_000_000_000);
            for _ in 0..9 {
                out.push((chunk % 10) as u8);
                chunk /= 10;
            }
        }
        while out.last() == Some(&0) {
            out.pop();
        }
        out.reverse();
        out
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
        self.0
            .get((i / 32) as usize)
            .is_some_and(|l| l >> (i % 32) & 1 == 1)
    }

    /// Whether any bit below bit `i` is set.
    fn any_below(&self, i: u32) -> bool {
        let (limb, bits) = ((i / 32) as usize, i % 32);
        self.0[..limb.min(self.0.len())].iter().any(|&l| l != 0)
            || self
                .0
                .get(limb)
                .is_some_and(|l| l & ((1u32 << bits) - 1) != 0)
    }

    /// The (at most 64) bits from bit `from` up.
    fn bits_from(&self, from: u32) -> u64 {
        (0..64)
            .filter(|j| self.bit(from + j))
            .fold(0, |v, j| v | 1 << j)
    }

    fn low_u64(&self) -> u64 {
        self.0
            .iter()
            .take(2)
            .rev()
            .fold(0, |v, &l| v << 32 | u64::from(l))
    }
}
