//! The one place that draws random times.
//!
//! Each trial owns a [`Sampler`] whose stream is derived from (seed, trial index) alone, so a
//! trial's result does not depend on which thread runs it or in what order. Keeping every draw
//! here is what lets variance reduction (importance sampling, failure biasing) be added later
//! without touching the model code.

use rand::{RngCore, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::dist::Dist;

/// SplitMix64's finaliser: a bijective mix, so distinct inputs give distinct outputs.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The random stream of one trial.
#[derive(Debug, Clone)]
pub struct Sampler {
    rng: Xoshiro256PlusPlus,
}

impl Sampler {
    /// The stream of trial `trial` under `seed`.
    pub fn for_trial(seed: u64, trial: u64) -> Sampler {
        // Seeding the 256-bit state from four mixed words (rather than one u64) keeps the
        // streams of all (seed, trial) pairs distinct.
        let a = mix(seed);
        let b = mix(trial ^ 0xA5A5_A5A5_A5A5_A5A5);
        let mut bytes = [0u8; 32];
        for (chunk, word) in bytes.chunks_exact_mut(8).zip([
            a,
            b,
            mix(a ^ b.rotate_left(17)),
            mix(b ^ a.rotate_left(41)),
        ]) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        Sampler {
            rng: Xoshiro256PlusPlus::from_seed(bytes),
        }
    }

    /// A duration drawn from `dist`, in hours.
    #[inline]
    pub fn time(&mut self, dist: &Dist) -> f64 {
        dist.sample(&mut self.rng)
    }

    /// True with probability `p` (for failover successes, shocks and the like).
    #[inline]
    pub fn chance(&mut self, p: f64) -> bool {
        self.fraction() < p
    }

    /// A uniform draw in [0, 1) (for random phases).
    #[inline]
    pub fn fraction(&mut self) -> f64 {
        // 53 random bits give a uniform double in [0, 1).
        (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_depend_on_seed_and_trial_only() {
        let dist = Dist::exponential(1.0).unwrap();
        let draw = |seed, trial| Sampler::for_trial(seed, trial).time(&dist);
        assert_eq!(draw(7, 3), draw(7, 3));
        assert_ne!(draw(7, 3), draw(7, 4));
        assert_ne!(draw(7, 3), draw(8, 3));
        assert_ne!(draw(0, 1), draw(1, 0));
    }

    #[test]
    fn chance_matches_its_probability() {
        let mut sampler = Sampler::for_trial(1, 1);
        let hits = (0..100_000).filter(|_| sampler.chance(0.3)).count();
        // Binomial(100000, 0.3): standard deviation 145, so 5 sigma is 725.
        assert!((hits as i64 - 30_000).abs() < 725, "{hits}");
    }
}
