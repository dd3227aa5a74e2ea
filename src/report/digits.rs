//! How many decimals a percentage needs: enough to show its unavailability to two
//! significant digits, and, beside an objective, enough that no printed value (a mean, an
//! interval's bounds, a percentile) lands on the other side of the objective by rounding.
//! Every format and chart takes its decimals from here, so they agree.

/// The most decimals ever printed: beyond this a difference is no longer a real one.
const MAX_DECIMALS: usize = 12;

/// Decimals that show an availability's unavailability to two significant digits (99.99%
/// needs two decimals; 99.9991% five).
pub fn decimals_for(availability: f64) -> usize {
    let unavailability = 1.0 - availability;
    if unavailability > 0.0 {
        (-unavailability.log10())
            .floor()
            .clamp(2.0, MAX_DECIMALS as f64) as usize
    } else {
        2
    }
}

/// Decimals for printing `values` (fractions) beside the objective `threshold`: at least
/// those the first value needs, and more until every value below the threshold prints
/// below it (99.98966% against 99.99% prints as 99.9897%, not 99.990%).
pub fn decimals_against(threshold: f64, values: &[f64]) -> usize {
    let start = values.first().map_or(2, |&v| decimals_for(v));
    (start..=MAX_DECIMALS)
        .find(|&d| values.iter().all(|&v| same_side(v, threshold, d)))
        .unwrap_or(MAX_DECIMALS)
}

/// Whether `value` printed as a percentage with `decimals` decimals is on the same side of
/// `threshold` as `value` itself: below stays visibly below, at or above stays at or above.
fn same_side(value: f64, threshold: f64, decimals: usize) -> bool {
    if !value.is_finite() {
        return true;
    }
    let scale = 10f64.powi(decimals as i32);
    let shown = (value * 100.0 * scale).round() / scale;
    let target = threshold * 100.0;
    // The objective as printed is compared with the same rounding, so that an exact hit
    // (99.99% against 99.99%) does not call for more digits.
    let target_shown = (target * scale).round() / scale;
    if value < threshold {
        shown < target_shown
    } else {
        shown >= target_shown
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_never_crosses_the_objective() {
        // Issue 11: 99.98966% [99.98962%, 99.98970%] against 99.99% printed as 99.990%.
        let d = decimals_against(0.9999, &[0.999_896_6, 0.999_896_2, 0.999_897_0]);
        assert_eq!(d, 4);
        assert_eq!(format!("{:.*}", d, 0.999_896_6 * 100.0), "99.9897");
        // Far from the objective, the usual two significant digits.
        assert_eq!(decimals_against(0.9999, &[0.9991, 0.9990, 0.9992]), 3);
        // Just below: as many as it takes.
        assert_eq!(decimals_against(0.9999, &[0.999_899_999]), 7);
        // At or above the objective needs no more digits.
        assert_eq!(decimals_against(0.9999, &[0.9999, 0.999_900_01]), 4);
    }
}
