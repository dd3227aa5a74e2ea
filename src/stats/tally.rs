//! Counts that every trial adds to and that merge across threads in any order.

use hdrhistogram::Histogram;

/// Milliseconds per hour: outage durations are histogrammed in whole milliseconds.
const MS_PER_HOUR: f64 = 3_600_000.0;

/// The longest duration histogrammed exactly, in milliseconds: a thousand years. Longer ones
/// are counted at this value.
const MAX_MS: u64 = 1000 * 8766 * 3_600_000;

/// Order-independent totals of a run: integer counts only, so merging per-thread tallies in
/// any order gives the same result.
#[derive(Debug, Clone)]
pub struct Tally {
    /// Events processed, over all trials.
    pub events: u64,
    /// Outage durations in milliseconds, to three significant digits.
    outage_ms: Histogram<u64>,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            events: 0,
            outage_ms: Histogram::new_with_bounds(1, MAX_MS, 3)
                .expect("the bounds and 3 significant digits are valid"),
        }
    }
}

impl Tally {
    /// Records one outage lasting `hours`.
    #[inline]
    pub fn record_outage(&mut self, hours: f64) {
        let ms = (hours * MS_PER_HOUR).round().max(1.0) as u64;
        self.outage_ms.saturating_record(ms);
    }

    /// Adds `other` into `self`.
    pub fn merge(mut self, other: Tally) -> Tally {
        self.events += other.events;
        self.outage_ms
            .add(&other.outage_ms)
            .expect("histograms with the same bounds always merge");
        self
    }

    /// Number of outages recorded.
    pub fn outage_count(&self) -> u64 {
        self.outage_ms.len()
    }

    /// The `q` quantile of outage durations, in hours, or `None` with no outage.
    pub fn outage_quantile(&self, q: f64) -> Option<f64> {
        (!self.outage_ms.is_empty())
            .then(|| self.outage_ms.value_at_quantile(q) as f64 / MS_PER_HOUR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merging_in_any_order_gives_the_same_quantiles() {
        let mut a = Tally::default();
        let mut b = Tally::default();
        for i in 1..=100 {
            a.record_outage(i as f64);
            b.record_outage(0.01 * i as f64);
        }
        b.events = 5;
        let ab = a.clone().merge(b.clone());
        let ba = b.merge(a);
        assert_eq!(ab.outage_count(), 200);
        assert_eq!(ab.events, 5);
        assert_eq!(ab.outage_quantile(0.95), ba.outage_quantile(0.95));
        // 95th of 200 values: the 190th, which is 90 h; three digits of precision.
        let p95 = ab.outage_quantile(0.95).unwrap();
        assert!((p95 - 90.0).abs() / 90.0 < 1e-3, "{p95}");
    }

    #[test]
    fn no_outage_no_quantile() {
        assert_eq!(Tally::default().outage_quantile(0.5), None);
    }
}
