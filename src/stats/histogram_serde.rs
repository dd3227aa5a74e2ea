//! Serde for hdrhistogram histograms in partial results (docs/partials.md): the bounds and
//! the recorded buckets as `[value, count]` pairs. Only counts carry information the
//! reports read (quantiles, means, survival curves come from counts per bucket), and a
//! bucket's highest equivalent value records back into the same bucket, so a histogram
//! read back answers every query exactly as the one written.

use hdrhistogram::Histogram;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

#[derive(Serialize, Deserialize)]
struct Stored {
    low: u64,
    high: u64,
    sigfig: u8,
    /// `[highest equivalent value of the bucket, count]`, ascending.
    buckets: Vec<(u64, u64)>,
}

/// Writes `histogram` as its bounds and recorded buckets.
pub fn serialize<S: Serializer>(histogram: &Histogram<u64>, out: S) -> Result<S::Ok, S::Error> {
    Stored {
        low: histogram.low(),
        high: histogram.high(),
        sigfig: histogram.sigfig(),
        buckets: histogram
            .iter_recorded()
            .map(|step| (step.value_iterated_to(), step.count_at_value()))
            .collect(),
    }
    .serialize(out)
}

/// Reads a histogram written by [`serialize`].
pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<Histogram<u64>, D::Error> {
    let stored = Stored::deserialize(input)?;
    let mut histogram = Histogram::new_with_bounds(stored.low, stored.high, stored.sigfig)
        .map_err(|e| D::Error::custom(format!("histogram bounds: {e:?}")))?;
    for (value, count) in stored.buckets {
        histogram
            .record_n(value, count)
            .map_err(|e| D::Error::custom(format!("histogram value {value}: {e:?}")))?;
    }
    Ok(histogram)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Wrap(#[serde(with = "super")] Histogram<u64>);

    #[test]
    fn a_histogram_read_back_answers_as_the_original() {
        let mut h = Histogram::<u64>::new_with_bounds(1, u64::MAX / 4, 3).unwrap();
        for v in [3u64, 1_000, 123_456, 123_457, 99_999_999, 7] {
            h.record_n(v, v % 5 + 1).unwrap();
        }
        let text = serde_json::to_string(&Wrap(h.clone())).unwrap();
        let back: Wrap = serde_json::from_str(&text).unwrap();
        assert_eq!(back.0.len(), h.len());
        for q in [0.0, 0.1, 0.5, 0.9, 0.999, 1.0] {
            assert_eq!(back.0.value_at_quantile(q), h.value_at_quantile(q));
        }
        assert_eq!(back.0.mean().to_bits(), h.mean().to_bits());
        assert_eq!(back.0.stdev().to_bits(), h.stdev().to_bits());
    }
}
