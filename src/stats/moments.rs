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
}

impl Moments {
    /// Folds in one value (Welford's update: stable where the naive sum of squares cancels).
    #[inline]
    pub fn push(&mut self, value: f64) {
        self.n += 1;
        let delta = value - self.mean;
        self.mean += delta / self.n as f64;
        self.m2 += delta * (value - self.mean);
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
        let delta = later.mean - self.mean;
        self.mean += delta * later.n as f64 / n as f64;
        self.m2 += later.m2 + delta * delta * self.n as f64 * later.n as f64 / n as f64;
        self.n = n;
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
        // Unequal sizes the other way round: 7, 9 then 2, 4, 4, 4, 5, 5.
        let mut c = pushed(&[7.0, 9.0]);
        c.merge(&pushed(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0]));
        assert_eq!(c.n, 8);
        assert!((c.mean - 5.0).abs() < 1e-12, "{c:?}");
        assert!((c.m2 - 32.0).abs() < 1e-12, "{c:?}");
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
