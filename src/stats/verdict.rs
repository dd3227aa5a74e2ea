//! The verdict on an availability objective, and its reason in plain words.
//!
//! "Met" needs the interval's lower bound to reach the objective, and "missed" its upper
//! bound to fall below it; anything else is "not demonstrated", with what would settle it.

use crate::units::YEAR;

/// What the verdict is judged on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Verdict {
    /// The availability objective.
    pub target: f64,
    /// Lower end of the availability interval (`None` with one trial).
    pub low: Option<f64>,
    /// Upper end of the availability interval.
    pub high: Option<f64>,
    /// The estimate.
    pub mean: f64,
    /// Trials simulated.
    pub trials: u64,
    /// Trials with any downtime.
    pub trials_with_downtime: u64,
    /// Hours per trial.
    pub horizon: f64,
    /// Confidence level of the interval.
    pub confidence: f64,
}

/// "met", "missed" or "not demonstrated", with the reason.
pub fn verdict(v: &Verdict) -> (&'static str, String) {
    let level = format!("{}%", trim(v.confidence * 100.0));
    let target = format!("{}%", trim(v.target * 100.0));
    let (Some(low), Some(high)) = (v.low, v.high) else {
        return (
            "not demonstrated",
            "one trial gives no interval: run at least two".to_string(),
        );
    };
    if low >= v.target {
        return (
            "met",
            format!("the {level} interval's lower bound reaches {target}"),
        );
    }
    if high < v.target {
        return (
            "missed",
            format!("the {level} interval's upper bound is below {target}"),
        );
    }
    let exact = "or compute it exactly with `nines solve` where the model allows";
    if v.trials_with_downtime == 0 {
        // The bound (α/2)^(1/n) on the share of trials with downtime reaches the objective
        // at n = ln(α/2) / ln(target).
        let needed = ((1.0 - v.confidence) / 2.0).ln() / v.target.ln();
        return (
            "not demonstrated",
            format!(
                "no downtime in {}: unavailability below {} at {level}; demonstrating {target} \
                 needs about {} outage-free trials — {exact}",
                trials_label(v.trials, v.horizon),
                percent(1.0 - low),
                round_up(needed),
            ),
        );
    }
    let downtime = match v.trials_with_downtime {
        1 => "1 trial".to_string(),
        n => format!("{n} trials"),
    };
    let side = if v.mean >= v.target { "above" } else { "below" };
    // The half-width shrinks as 1/sqrt(trials): the trials that would put the objective
    // outside the interval, were the estimate to stay where it is.
    let half = if v.mean >= v.target {
        v.mean - low
    } else {
        high - v.mean
    };
    let gap = (v.mean - v.target).abs();
    let more = if gap > 0.0 {
        format!(
            "about {} trials would settle it if the estimate holds",
            round_up(v.trials as f64 * (half / gap).powi(2))
        )
    } else {
        "more trials are needed".to_string()
    };
    (
        "not demonstrated",
        format!(
            "the {level} interval [{}, {}] contains {target} (estimate {side} it; downtime in \
             {downtime} of {}); {more} — {exact}",
            percent(low),
            percent(high),
            trials_label(v.trials, v.horizon),
        ),
    )
}

/// "20 trial-years" for yearly trials, "20 trials of 168 h" otherwise.
fn trials_label(trials: u64, horizon: f64) -> String {
    // mutants: equivalent because `<` → `<=` differs only where the difference is exactly
    // the f64 1e-9; f64s near 8766 h are 2^-39 apart, their differences from it multiples
    // of 2^-39 (exact, by Sterbenz), and 1e-9 is not one (1e-9 / 2^-39 ≈ 549.76).
    if (horizon - YEAR).abs() < 1e-9 {
        format!("{} trial-years", group(trials as f64))
    } else {
        format!("{} trials of {} h", group(trials as f64), trim(horizon))
    }
}

/// A percentage with enough digits for small unavailabilities.
fn percent(fraction: f64) -> String {
    let value = fraction * 100.0;
    if value == 0.0 || value >= 1.0 {
        format!("{value:.2}%")
    } else {
        let digits = (-value.log10()).ceil() as usize + 2;
        format!("{value:.digits$}%")
    }
}

/// Up to six decimals, trailing zeros removed.
fn trim(value: f64) -> String {
    let text = format!("{value:.6}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Rounds up to two significant digits and groups thousands: 3,700,000.
fn round_up(value: f64) -> String {
    if !value.is_finite() {
        return "infinitely many".to_string();
    }
    let value = value.max(1.0);
    let scale = 10f64.powi((value.log10().floor() as i32 - 1).max(0));
    group((value / scale).ceil() * scale)
}

/// A whole number with thousands separated by commas.
fn group(value: f64) -> String {
    let digits = format!("{:.0}", value);
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_downtime_is_not_a_verdict() {
        let (verdict, reason) = verdict(&Verdict {
            target: 0.999999,
            low: Some(1.0 - 0.1684334709830853),
            high: Some(1.0),
            mean: 1.0,
            trials: 20,
            trials_with_downtime: 0,
            horizon: YEAR,
            confidence: 0.95,
        });
        assert_eq!(verdict, "not demonstrated");
        assert!(reason.starts_with("no downtime in 20 trial-years: unavailability below 16.84% at 95%; demonstrating 99.9999% needs about 3,700,000 outage-free trials"), "{reason}");
    }

    /// A year-long run of 1000 trials, 300 with downtime, at 95%.
    fn judged(target: f64, low: f64, high: f64, mean: f64) -> Verdict {
        Verdict {
            target,
            low: Some(low),
            high: Some(high),
            mean,
            trials: 1000,
            trials_with_downtime: 300,
            horizon: YEAR,
            confidence: 0.95,
        }
    }

    #[test]
    fn intervals_on_one_side_decide() {
        let mut v = judged(0.999, 0.9991, 0.9995, 0.9993);
        assert_eq!(verdict(&v).0, "met");
        v.target = 0.9999;
        assert_eq!(verdict(&v).0, "missed");
        v.target = 0.9992;
        let (word, reason) = verdict(&v);
        assert_eq!(word, "not demonstrated");
        assert!(reason.contains("about 4,000 trials"), "{reason}");
        assert!(reason.contains("(estimate above it;"), "{reason}");
    }

    #[test]
    fn an_estimate_below_the_objective_counts_from_the_upper_bound() {
        // Half-width above the estimate 0.5, gap 0.25: (0.5 / 0.25)^2 x 1000 (exact in binary).
        let v = judged(0.75, 0.25, 1.0, 0.5);
        let (word, reason) = verdict(&v);
        assert_eq!(word, "not demonstrated");
        assert!(reason.contains("(estimate below it;"), "{reason}");
        assert!(reason.contains("about 4,000 trials"), "{reason}");
    }

    #[test]
    fn an_interval_ending_on_the_objective_contains_it() {
        let v = judged(0.9995, 0.9991, 0.9995, 0.9993);
        assert_eq!(verdict(&v).0, "not demonstrated");
        assert_eq!(verdict(&judged(0.9995, 0.9995, 0.9997, 0.9996)).0, "met");
    }

    #[test]
    fn an_estimate_on_the_objective_asks_for_more_trials_without_a_count() {
        // No gap: no number of trials puts the objective outside the interval.
        let (word, reason) = verdict(&judged(0.9993, 0.9991, 0.9995, 0.9993));
        assert_eq!(word, "not demonstrated");
        assert!(reason.contains("; more trials are needed — "), "{reason}");
        assert!(reason.contains("[99.91%, 99.95%] contains 99.93% (estimate above it; downtime in 300 trials of 1,000 trial-years)"), "{reason}");
    }

    #[test]
    fn percentages_keep_two_significant_digits_below_one_percent() {
        // Written out by hand: two decimals from 1% up and for 0, else the digits of the
        // first significant one plus two.
        assert_eq!(percent(0.0), "0.00%");
        assert_eq!(percent(0.5), "50.00%");
        assert_eq!(percent(0.01), "1.00%");
        assert_eq!(percent(0.001), "0.100%");
        assert_eq!(percent(0.00001234), "0.00123%");
    }

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(group(7.0), "7");
        assert_eq!(group(100.0), "100");
        assert_eq!(group(4000.0), "4,000");
        assert_eq!(group(123456.0), "123,456");
        assert_eq!(group(1234567.0), "1,234,567");
    }

    #[test]
    fn round_up_keeps_two_significant_digits() {
        assert_eq!(round_up(0.2), "1");
        assert_eq!(round_up(37.0), "37");
        assert_eq!(round_up(371.0), "380");
        assert_eq!(round_up(3_700_001.0), "3,800,000");
        assert_eq!(round_up(f64::INFINITY), "infinitely many");
    }

    #[test]
    fn trials_other_than_years_are_counted_with_their_horizon() {
        assert_eq!(trials_label(1500, YEAR), "1,500 trial-years");
        assert_eq!(trials_label(20, 168.0), "20 trials of 168 h");
        assert_eq!(trials_label(20, 0.5), "20 trials of 0.5 h");
    }
}
