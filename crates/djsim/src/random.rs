//! Deterministic, seeded randomness (session keys, CSRF tokens, password salts).
//! OWNER: server.
//!
//! Django draws these with `secrets.choice` (`get_random_string`); the simulation
//! draws them from a small seeded generator instead, so that a scenario replays
//! identically. Architecture invariant: nothing here reads OS randomness.

/// `string.ascii_lowercase + string.digits`: the characters of a session key
/// (`django.contrib.sessions.backends.base.VALID_KEY_CHARS`).
pub const VALID_KEY_CHARS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// `string.ascii_letters + string.digits`: `RANDOM_STRING_CHARS`, also
/// `CSRF_ALLOWED_CHARS`.
pub const RANDOM_STRING_CHARS: &str = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// xoshiro256** seeded through splitmix64.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn new(seed: u64) -> Rng {
        let mut x = seed;
        let mut s = [0u64; 4];
        for slot in &mut s {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            *slot = z ^ (z >> 31);
        }
        Rng { s }
    }

    pub fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// A uniform integer in `0..n` (rejection sampling, like `secrets.randbelow`).
    pub fn below(&mut self, n: u64) -> u64 {
        if n <= 1 {
            return 0;
        }
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.next_u64();
            if v < zone {
                return v % n;
            }
        }
    }

    /// `get_random_string(length, allowed_chars)`: each character an independent
    /// uniform choice (`secrets.choice`).
    pub fn get_random_string(&mut self, length: usize, allowed_chars: &str) -> String {
        let chars: Vec<char> = allowed_chars.chars().collect();
        if chars.is_empty() {
            return String::new();
        }
        (0..length).map(|_| chars[self.below(chars.len() as u64) as usize]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_in_alphabet() {
        let mut a = Rng::new(7);
        let mut b = Rng::new(7);
        let ka = a.get_random_string(32, VALID_KEY_CHARS);
        assert_eq!(ka, b.get_random_string(32, VALID_KEY_CHARS));
        assert_eq!(ka.len(), 32);
        assert!(ka.chars().all(|c| VALID_KEY_CHARS.contains(c)));
        assert_ne!(ka, Rng::new(8).get_random_string(32, VALID_KEY_CHARS));
    }
}
