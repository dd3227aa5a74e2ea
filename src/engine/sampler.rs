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

/// One clock competing in a rare-event window: its law, age, speed of ageing, and its weight
/// in the balanced half of the choice (1.0 for balanced failure biasing).
#[derive(Debug, Clone, Copy)]
pub struct WindowClock<'a> {
    /// The law of its lifetime.
    pub dist: &'a Dist,
    /// Its age now.
    pub age: f64,
    /// Age per hour (1, or a warm standby's idle speed).
    pub speed: f64,
    /// Relative weight in the balanced half of the choice.
    pub weight: f64,
    /// Scratch: its probability of failing in the window (filled by `force_window`).
    q: f64,
}

impl<'a> WindowClock<'a> {
    /// A clock of law `dist`, age `age`, ageing at `speed`, with balanced weight 1.
    pub fn new(dist: &'a Dist, age: f64, speed: f64) -> WindowClock<'a> {
        WindowClock {
            dist,
            age,
            speed,
            weight: 1.0,
            q: 0.0,
        }
    }
}

/// What [`Sampler::force_window`] decided.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct WindowDraw {
    /// The clock forced to fail (index into the clocks given) and its delay in hours.
    pub forced: Option<(usize, f64)>,
    /// The log likelihood-ratio increment: ln(natural / biased probability of the decision).
    pub ln_lr: f64,
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

    /// The stream of replicate `replicate` of the branch from excursion `excursion` of trial
    /// `trial` (rare-event method). A domain constant in the seeding keeps every branch
    /// stream apart from every trial stream, and from the other branches.
    pub fn for_branch(seed: u64, trial: u64, excursion: u32, replicate: u32) -> Sampler {
        let a = mix(seed ^ 0x5EED_B4A1_C0FF_EE00);
        let b = mix(trial ^ 0x3C3C_3C3C_3C3C_3C3C);
        let c = mix((u64::from(excursion) << 16 | u64::from(replicate)) ^ 0xC2B2_AE3D_27D4_EB4F);
        let mut bytes = [0u8; 32];
        for (chunk, word) in
            bytes
                .chunks_exact_mut(8)
                .zip([a, b, c, mix(a ^ b.rotate_left(23) ^ c.rotate_left(47))])
        {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        Sampler {
            rng: Xoshiro256PlusPlus::from_seed(bytes),
        }
    }

    /// A natural residual life of a clock of age `age` (in age units): `H⁻¹(H(a) + E) − a`
    /// with `E ~ Exp(1)`, exact for every continuous law.
    pub fn residual(&mut self, dist: &Dist, age: f64) -> f64 {
        let e = -(-self.fraction()).ln_1p();
        dist.age_increment(age, e)
    }

    /// True with probability `p_b`, standing in for a natural probability `p`; returns the
    /// draw and the log likelihood-ratio increment (`ln(p/p_b)` or `ln((1−p)/(1−p_b))`).
    pub fn chance_biased(&mut self, p: f64, p_b: f64) -> (bool, f64) {
        if self.fraction() < p_b {
            (true, (p / p_b).ln())
        } else {
            (false, ((1.0 - p) / (1.0 - p_b)).ln())
        }
    }

    /// Decides one window of a rare-event branch (forcing with balanced failure biasing,
    /// docs/design/rare-events.md §3.3): whether one of `clocks` fails within `window` hours,
    /// which one, and when. Returns the forced clock's index and its delay, if any, and the
    /// log likelihood-ratio increment of the decision. A failure is forced with probability
    /// θ, or with `odds` the natural odds of one in the window times `odds`
    /// (`Forcing::Odds`); never below the natural probability.
    ///
    /// Draws, in this order: U0 (whether), then only if forced the clock and the time, so
    /// that a branch's stream is consumed the same way on every machine.
    pub fn force_window(
        &mut self,
        clocks: &mut [WindowClock<'_>],
        window: f64,
        theta: f64,
        beta: f64,
        odds: Option<f64>,
    ) -> WindowDraw {
        let (mut sum_dh, mut sum_q, mut sum_weight) = (0.0, 0.0, 0.0);
        for clock in clocks.iter_mut() {
            let dh = clock.dist.hazard_increment(clock.age, clock.speed * window);
            clock.q = -(-dh).exp_m1();
            sum_dh += dh;
            if clock.q > 0.0 {
                sum_q += clock.q;
                sum_weight += clock.weight;
            }
        }
        if sum_q <= 0.0 {
            return WindowDraw::default();
        }
        let theta_w = forced_probability(theta, odds, -(-sum_dh).exp_m1());
        if self.fraction() >= theta_w {
            // No failure in the window: (1 − Q) / (1 − θ_w), with ln(1 − Q) = −ΣΔH exactly.
            return WindowDraw {
                forced: None,
                ln_lr: -sum_dh - (-theta_w).ln_1p(),
            };
        }
        let choice = |clock: &WindowClock<'_>| {
            if clock.q > 0.0 {
                (1.0 - beta) * clock.weight / sum_weight + beta * clock.q / sum_q
            } else {
                0.0
            }
        };
        let u = self.fraction();
        let mut cumulative = 0.0;
        let mut chosen = clocks.len() - 1;
        for (i, clock) in clocks.iter().enumerate() {
            cumulative += choice(clock);
            if u < cumulative {
                chosen = i;
                break;
            }
        }
        // Rounding can leave the cumulative sum a hair under 1: fall back to the last clock
        // that can fail.
        while clocks[chosen].q <= 0.0 {
            chosen -= 1;
        }
        let clock = &clocks[chosen];
        let p_c = choice(clock);
        let y = -(-self.fraction() * clock.q).ln_1p();
        let delay = (clock.dist.age_increment(clock.age, y) / clock.speed).clamp(0.0, window);
        let others: f64 = clocks
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != chosen)
            .map(|(_, c)| c.dist.hazard_increment(c.age, c.speed * delay))
            .sum();
        WindowDraw {
            forced: Some((chosen, delay)),
            ln_lr: clock.q.ln() - (theta_w * p_c).ln() - others,
        }
    }

    /// A uniform draw in [0, 1) (for random phases).
    #[inline]
    pub fn fraction(&mut self) -> f64 {
        // 53 random bits give a uniform double in [0, 1).
        (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// The `Forcing::Odds` scale θ / (1 − θ) × M / Λ of a window: `under_way` the rates of
/// what ends it (repairs, switchovers, inspections, rebuilds), `failures` those of its
/// forced clocks; `None` (the window rule) with nothing under way to end it.
pub fn odds_scale(theta: f64, under_way: f64, failures: f64) -> Option<f64> {
    (under_way > 0.0 && failures > 0.0 && under_way.is_finite())
        .then(|| theta / (1.0 - theta) * under_way / failures)
}

/// θ_w, the probability that a window whose clocks fail with natural probability `q_all`
/// forces a failure: θ, or with `odds` (`Forcing::Odds`) the natural odds times `odds`;
/// never below `q_all`, since forcing must not slow failures down.
pub fn forced_probability(theta: f64, odds: Option<f64>, q_all: f64) -> f64 {
    match odds {
        Some(a) => {
            let scaled = a * q_all;
            (scaled / (scaled + 1.0 - q_all)).max(q_all)
        }
        None => theta.max(q_all),
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
    fn branch_streams_differ_from_trial_streams_and_each_other() {
        let dist = Dist::exponential(1.0).unwrap();
        let branch = |t, j, r| Sampler::for_branch(7, t, j, r).time(&dist);
        assert_eq!(branch(3, 1, 0), branch(3, 1, 0));
        assert_ne!(branch(3, 1, 0), branch(3, 2, 0));
        assert_ne!(branch(3, 1, 0), branch(3, 1, 1));
        assert_ne!(branch(3, 1, 0), branch(4, 1, 0));
        assert_ne!(branch(3, 0, 0), Sampler::for_trial(7, 3).time(&dist));
    }

    /// The weights of forced windows average to 1 (the likelihood ratio is a martingale), and
    /// the weighted probability that a given clock fails in the window is its true one:
    /// E_biased[LR·1{c fails}] = P(c is first to fail in the window).
    #[test]
    fn forced_windows_are_unbiased() {
        let exp = Dist::exponential(1000.0).unwrap();
        let weibull = Dist::weibull_mean(0.7, 500.0).unwrap();
        let window = 4.0;
        let mut sampler = Sampler::for_trial(5, 5);
        let n = 200_000;
        let (mut w_sum, mut first_sum, mut first_sq) = (0.0, 0.0, 0.0);
        for _ in 0..n {
            let mut clocks = [
                WindowClock::new(&exp, 100.0, 1.0),
                WindowClock::new(&weibull, 3.0, 1.0),
            ];
            let draw = sampler.force_window(&mut clocks, window, 0.5, 0.5, None);
            let w = draw.ln_lr.exp();
            w_sum += w;
            if let Some((0, delay)) = draw.forced {
                assert!((0.0..=window).contains(&delay));
                first_sum += w;
                first_sq += w * w;
            }
        }
        let mean = w_sum / n as f64;
        assert!((mean - 1.0).abs() < 0.01, "mean weight {mean}");
        // P(the exponential clock fails first in [0, W]) = ∫ λ e^{-λx} e^{-ΔH_w(x)} dx.
        let steps = 100_000;
        let exact: f64 = (0..steps)
            .map(|i| {
                let x = (i as f64 + 0.5) * window / steps as f64;
                (-x / 1000.0).exp() / 1000.0 * (-weibull.hazard_increment(3.0, x)).exp()
            })
            .sum::<f64>()
            * window
            / steps as f64;
        let est = first_sum / n as f64;
        let se = ((first_sq / n as f64 - est * est) / n as f64).sqrt();
        assert!((est - exact).abs() < 4.0 * se, "{est} vs {exact} (se {se})");
    }

    #[test]
    fn biased_chances_keep_the_expectation() {
        let mut sampler = Sampler::for_trial(2, 2);
        let n = 100_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let (hit, ln_lr) = sampler.chance_biased(0.01, 0.3);
            if hit {
                sum += ln_lr.exp();
            }
        }
        // Each hit weighs 1/30; the estimate's sd is sqrt(0.3·0.7/n)/30 ≈ 4.8e-5.
        let est = sum / n as f64;
        assert!((est - 0.01).abs() < 2.5e-4, "{est}");
    }

    #[test]
    fn chance_matches_its_probability() {
        let mut sampler = Sampler::for_trial(1, 1);
        let hits = (0..100_000).filter(|_| sampler.chance(0.3)).count();
        // Binomial(100000, 0.3): standard deviation 145, so 5 sigma is 725.
        assert!((hits as i64 - 30_000).abs() < 725, "{hits}");
    }
}
