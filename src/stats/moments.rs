//! Running moments of a stream of values, folded one value at a time and merged.
//!
//! The driver folds per-trial values into these in trial-index order, so the same trials
//! give bit-identical moments whatever the thread count, and memory does not grow with the
//! number of trials.

/// Count, mean and sum of squared deviations from the mean (Welford's algorithm).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Moments {
    /// Values folded in.
    pub n: u64,
    /// Their mean.
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
    /// Sum of cubed deviations from the mean: the skewness the rare method's intervals
    /// correct for. Absent from moments saved before it existed, which read as 0 (no
    /// correction).
    #[serde(default)]
    pub m3: f64,
}

impl Moments {
    /// Folds in one value (Welford's update: stable where the naive sum of squares cancels).
    #[inline]
    pub fn push(&mut self, value: f64) {
        let before = self.n as f64;
        self.n += 1;
        let n = self.n as f64;
        let delta = value - self.mean;
        let delta_n = delta / n;
        let term = delta * delta_n * before;
        self.mean += delta_n;
        // Terriberry's extension of Welford's update; m3 uses the m2 before this value.
        self.m3 += term * delta_n * (n - 2.0) - 3.0 * delta_n * self.m2;
        self.m2 += term;
    }

    /// Merges the moments of values that come after these (Chan et al.'s pairwise update);
    /// merging in a fixed order keeps the result deterministic.
    pub fn merge(&mut self, later: &Moments) {
        if later.n == 0 {
            return;
        }
        if self.n == 0 {
            *self = *later;
            return;
        }
        let n = self.n + later.n;
        let (na, nb, nn) = (self.n as f64, later.n as f64, n as f64);
        let delta = later.mean - self.mean;
        self.mean += delta * nb / nn;
        // Pébay's (2008) pairwise formula; it reads both sides' m2 before they are merged.
        self.m3 += later.m3
            + delta.powi(3) * na * nb * (na - nb) / (nn * nn)
            + 3.0 * delta * (na * later.m2 - nb * self.m2) / nn;
        self.m2 += later.m2 + delta * delta * na * nb / nn;
        self.n = n;
    }

    /// The sample skewness `(m3 / n) / (m2 / n)^1.5`; 0 when the values do not vary.
    pub fn skewness(&self) -> f64 {
        if self.m2 <= 0.0 {
            return 0.0;
        }
        let n = self.n as f64;
        (self.m3 / n) / (self.m2 / n).powf(1.5)
    }

    /// The sample standard deviation; 0 with fewer than two values.
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            0.0
        } else {
            (self.m2 / (self.n - 1) as f64).sqrt()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_matches_one_pass() {
        let values: Vec<f64> = (0..1000).map(|i| ((i * 37) % 101) as f64 * 0.5).collect();
        let mut all = Moments::default();
        values.iter().for_each(|&v| all.push(v));
        let (mut a, mut b) = (Moments::default(), Moments::default());
        values[..300].iter().for_each(|&v| a.push(v));
        values[300..].iter().for_each(|&v| b.push(v));
        a.merge(&b);
        assert_eq!(a.n, all.n);
        assert!((a.mean - all.mean).abs() < 1e-12);
        assert!((a.sd() - all.sd()).abs() < 1e-9);
        // Against the two-pass sum of cubed deviations.
        let mean = values.iter().sum::<f64>() / values.len() as f64;
        let cubes: f64 = values.iter().map(|v| (v - mean).powi(3)).sum();
        assert!(
            (all.m3 - cubes).abs() < 1e-9 * cubes.abs().max(1.0),
            "{all:?} {cubes}"
        );
        assert!(
            (a.m3 - cubes).abs() < 1e-9 * cubes.abs().max(1.0),
            "{a:?} {cubes}"
        );
    }

    /// Pushed one at a time: n, mean and m2 against the textbook values.
    fn pushed(values: &[f64]) -> Moments {
        let mut m = Moments::default();
        values.iter().for_each(|&v| m.push(v));
        m
    }

    #[test]
    fn pushing_gives_the_textbook_mean_and_deviations() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 9+1+1+1+0+0+4+16 = 32.
        let m = pushed(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]);
        assert_eq!(m.n, 8);
        assert!((m.mean - 5.0).abs() < 1e-12, "{m:?}");
        assert!((m.m2 - 32.0).abs() < 1e-12, "{m:?}");
        assert!((m.sd() - (32.0f64 / 7.0).sqrt()).abs() < 1e-12, "{m:?}");
        // Cubed deviations -27 - 1 - 1 - 1 + 0 + 0 + 8 + 64 = 42; skewness (42/8) / 4^1.5.
        assert!((m.m3 - 42.0).abs() < 1e-12, "{m:?}");
        assert!((m.skewness() - 0.65625).abs() < 1e-12, "{m:?}");
        // Mirrored values have the opposite skewness, constant ones none.
        let mirrored = pushed(&[-2.0, -4.0, -4.0, -4.0, -5.0, -5.0, -7.0, -9.0]);
        assert!(
            (mirrored.skewness() + 0.65625).abs() < 1e-12,
            "{mirrored:?}"
        );
        assert_eq!(pushed(&[3.0, 3.0, 3.0]).skewness(), 0.0);
    }

    #[test]
    fn two_values_have_a_deviation_and_one_has_none() {
        // 1 and 3: mean 2, m2 = 1 + 1, sd = sqrt(2 / 1).
        assert!((pushed(&[1.0, 3.0]).sd() - 2f64.sqrt()).abs() < 1e-12);
        let one = pushed(&[4.0]);
        assert_eq!((one.n, one.mean, one.m2, one.sd()), (1, 4.0, 0.0, 0.0));
        assert_eq!(Moments::default().sd(), 0.0);
    }

    #[test]
    fn merging_gives_the_textbook_moments_of_the_union() {
        // 2, 4, 4 (mean 10/3, m2 8/3) then 4, 5, 5, 7, 9 (mean 6, m2 4+1+1+1+9 = 16):
        // together mean 5 and m2 32, as above.
        let mut a = pushed(&[2.0, 4.0, 4.0]);
        let b = pushed(&[4.0, 5.0, 5.0, 7.0, 9.0]);
        assert!((b.m2 - 16.0).abs() < 1e-12, "{b:?}");
        a.merge(&b);
        assert_eq!(a.n, 8);
        assert!((a.mean - 5.0).abs() < 1e-12, "{a:?}");
        assert!((a.m2 - 32.0).abs() < 1e-12, "{a:?}");
        // m3 of 2, 4, 4 is (-4/3)^3 + 2 (2/3)^3 = -48/27; of 4, 5, 5, 7, 9 it is
        // -8 - 1 - 1 + 1 + 27 = 18; of the union 42, as above.
        assert!((pushed(&[2.0, 4.0, 4.0]).m3 + 48.0 / 27.0).abs() < 1e-12);
        assert!((b.m3 - 18.0).abs() < 1e-12, "{b:?}");
        assert!((a.m3 - 42.0).abs() < 1e-12, "{a:?}");
        // Unequal sizes the other way round: 7, 9 then 2, 4, 4, 4, 5, 5.
        let mut c = pushed(&[7.0, 9.0]);
        c.merge(&pushed(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0]));
        assert_eq!(c.n, 8);
        assert!((c.mean - 5.0).abs() < 1e-12, "{c:?}");
        assert!((c.m2 - 32.0).abs() < 1e-12, "{c:?}");
        assert!((c.m3 - 42.0).abs() < 1e-12, "{c:?}");
    }

    #[test]
    fn merging_with_nothing_keeps_the_other_side() {
        let b = pushed(&[4.0, 5.0, 5.0, 7.0, 9.0]);
        let mut empty = Moments::default();
        empty.merge(&b);
        assert_eq!(empty, b);
        let mut kept = b;
        kept.merge(&Moments::default());
        assert_eq!(kept, b);
    }
}
