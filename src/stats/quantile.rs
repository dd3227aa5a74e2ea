//! Quantiles of sorted samples.

/// The `q` quantile of ascending `sorted` values, interpolating linearly between order
/// statistics (Hyndman and Fan's type 7, the default of R and NumPy). `NaN` when empty.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let position = q.clamp(0.0, 1.0) * (n - 1) as f64;
            let below = position.floor() as usize;
            let above = (below + 1).min(n - 1);
            let fraction = position - below as f64;
            sorted[below] + fraction * (sorted[above] - sorted[below])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolates_between_order_statistics() {
        let values = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(quantile_sorted(&values, 0.5), 3.0);
        assert_eq!(quantile_sorted(&values, 0.9), 4.6);
        assert_eq!(quantile_sorted(&values, 1.0), 5.0);
        assert_eq!(quantile_sorted(&values, 0.0), 1.0);
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }
}
