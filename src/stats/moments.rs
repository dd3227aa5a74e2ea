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
}
