//! SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", OOPSLA
//! 2014; the constants of Vigna's reference `splitmix64.c`): the engine's one source of random
//! numbers, seeded, so that a bootstrap interval, a permutation p-value or a perturbation is the
//! same on every platform and in every run.
//!
//! Not written from a crate: the numbers the reports pin (bootstrap intervals, permutation
//! p-values, perturbed rows) are defined by this exact sequence, and the generator is ten lines.

/// The SplitMix64 state; `SplitMix64(seed)` starts a sequence.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        mix(self.0)
    }

    /// The next number uniform in [0, 1), from the top 53 bits.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's finaliser: a 64-bit mix of `z` (a bijection).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The `i`-th number of the sequence seeded with 0, without stepping through the others (a hash
/// of a row number).
pub fn nth(i: u64) -> u64 {
    mix(i.wrapping_add(GOLDEN_GAMMA))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sequence_is_vignas_splitmix64() {
        // splitmix64.c seeded with 1234567: its first outputs.
        let mut r = SplitMix64(1234567);
        assert_eq!(
            [r.next_u64(), r.next_u64(), r.next_u64()],
            [6457827717110365317, 3203168211198807973, 9817491932198370423]
        );
        let mut z = SplitMix64(0);
        assert_eq!(z.next_u64(), nth(0));
    }
}
