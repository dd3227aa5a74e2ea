//! Counts that every trial adds to and that merge across threads in any order.

use hdrhistogram::Histogram;

/// Milliseconds per hour: outage durations are histogrammed in whole milliseconds.
const MS_PER_HOUR: f64 = 3_600_000.0;

/// The longest duration histogrammed exactly, in milliseconds: a thousand years. Longer ones
/// are counted at this value.
const MAX_MS: u64 = 1000 * 8766 * 3_600_000;

/// Nanoseconds per hour: downtime by cause is summed in whole nanoseconds.
const NS_PER_HOUR: f64 = 3.6e12;

/// Order-independent totals of a run: integer counts only, so merging per-thread tallies in
/// any order gives the same result.
#[derive(Debug, Clone)]
pub struct Tally {
    /// Events processed, over all trials.
    pub events: u64,
    /// Outage durations in milliseconds, to three significant digits.
    outage_ms: Histogram<u64>,
    /// Downtime of the outages each cause started, in nanoseconds.
    downtime_ns_by_cause: Vec<u128>,
    /// Outages each cause started.
    outages_by_cause: Vec<u64>,
}

impl Tally {
    /// An empty tally for a model with `causes` causes of outages.
    pub fn new(causes: usize) -> Tally {
        Tally {
            events: 0,
            outage_ms: Histogram::new_with_bounds(1, MAX_MS, 3)
                .expect("the bounds and 3 significant digits are valid"),
            downtime_ns_by_cause: vec![0; causes],
            outages_by_cause: vec![0; causes],
        }
    }

    /// Records one outage lasting `hours`, started by `cause`.
    #[inline]
    pub fn record_outage(&mut self, hours: f64, cause: u32) {
        let ms = (hours * MS_PER_HOUR).round().max(1.0) as u64;
        self.outage_ms.saturating_record(ms);
        self.downtime_ns_by_cause[cause as usize] += (hours * NS_PER_HOUR).round() as u128;
        self.outages_by_cause[cause as usize] += 1;
    }

    /// Adds `other` into `self`.
    pub fn merge(mut self, other: Tally) -> Tally {
        self.events += other.events;
        self.outage_ms
            .add(&other.outage_ms)
            .expect("histograms with the same bounds always merge");
        for (total, add) in self
            .downtime_ns_by_cause
            .iter_mut()
            .zip(&other.downtime_ns_by_cause)
        {
            *total += add;
        }
        for (total, add) in self
            .outages_by_cause
            .iter_mut()
            .zip(&other.outages_by_cause)
        {
            *total += add;
        }
        self
    }

    /// Hours of downtime in outages that `cause` started.
    pub fn downtime_by_cause(&self, cause: usize) -> f64 {
        self.downtime_ns_by_cause[cause] as f64 / NS_PER_HOUR
    }

    /// Outages that `cause` started.
    pub fn outages_by_cause(&self, cause: usize) -> u64 {
        self.outages_by_cause[cause]
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
        let mut a = Tally::new(2);
        let mut b = Tally::new(2);
        for i in 1..=100 {
            a.record_outage(i as f64, 0);
            b.record_outage(0.01 * i as f64, 1);
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
        assert_eq!(ab.outages_by_cause(0), 100);
        assert!((ab.downtime_by_cause(0) - 5050.0).abs() < 1e-9);
        assert!((ab.downtime_by_cause(1) - 50.5).abs() < 1e-9);
        assert_eq!(ab.downtime_by_cause(1), ba.downtime_by_cause(1));
    }

    #[test]
    fn no_outage_no_quantile() {
        assert_eq!(Tally::new(1).outage_quantile(0.5), None);
    }
}
