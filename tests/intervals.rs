//! Every reported interval checked for what it claims: ends ordered around the estimate, a
//! width equal to the quantile times a standard error computed here from the per-trial
//! data, and a change of `confidence` changing the width by the ratio of the quantiles.
//!
//! The runs have downtime in most trials, where nines uses the Student t interval (or, for
//! shares, Clopper-Pearson at the effective sample size, close to the normal interval at
//! these counts); the methods for few events are checked in tests/coverage.rs and the
//! modules' unit tests. t quantiles here are 20-digit values from mpmath
//! (scripts/t-quantiles.py), independent of the code under test.

#![allow(clippy::excessive_precision)]

mod common;

use nines::engine::TrialRecord;
use nines::stats::{StopRule, Summary};

const TRIALS: usize = 6000;
/// t quantiles with 5999 degrees of freedom, from mpmath.
const T_9995: f64 = 3.292_149_349_990_064;
const T_99995: f64 = 3.893_209_778_305_831_6;
/// Normal quantiles (the shares' intervals are normal-like at these counts).
const Z_9995: f64 = 3.290_526_731_491_926;
const Z_99995: f64 = 3.890_591_886_413_094;

const SCENARIO: &str = r#"
name = "one server"
[simulation]
horizon = "1y"
trials = 6000
seed = 11
target = "99%"
[components.server]
failure = { dist = "exponential", mean = "1000h" }
repair = { dist = "exponential", mean = "10h" }
[system]
all = ["server"]
[sla]
window = "1mo"
objective = "99%"
credits = [{ below = "99%", credit = "10%" }, { below = "95%", credit = "25%" }]
"#;

fn run(source: &str, confidence: f64) -> (Summary, Vec<TrialRecord>) {
    let mut model = common::model(source);
    model.settings.confidence = confidence;
    let mut records = Vec::new();
    let run = nines::engine::simulate_until(
        &model,
        0,
        &StopRule::fixed(model.settings.trials),
        &|_| {},
        &mut |_, batch| records.extend_from_slice(batch),
    )
    .expect("simulation runs");
    (Summary::new(&model, &run, None), records)
}

fn mean_sd(values: &[f64]) -> (f64, f64) {
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    (mean, sd)
}

/// Asserts `low <= estimate <= high` and `high - low == 2 q se` to `tolerance`.
fn check(label: &str, estimate: f64, low: f64, high: f64, q: f64, se: f64, tolerance: f64) {
    assert!(
        low < estimate && estimate < high,
        "{label}: {estimate} not inside [{low}, {high}]"
    );
    let expected = 2.0 * q * se;
    let width = high - low;
    assert!(
        (width - expected).abs() <= tolerance * expected,
        "{label}: width {width}, expected 2 × {q} × {se} = {expected}"
    );
}

/// Every interval of the summary at `confidence`, against the per-trial data; returns the
/// widths (availability, requests, outages/year, breach share, credits).
fn check_all(confidence: f64, t: f64, z: f64) -> [f64; 5] {
    let (s, records) = run(SCENARIO, confidence);
    let n = records.len() as f64;
    assert_eq!(records.len(), TRIALS);
    let horizon = s.horizon_hours;

    // Availability: Student t over per-trial availability.
    let availability: Vec<f64> = records.iter().map(|r| 1.0 - r.downtime / horizon).collect();
    let (mean, sd) = mean_sd(&availability);
    let a = &s.availability;
    assert!((a.mean - mean).abs() < 1e-12);
    assert_eq!(a.method, nines::stats::Method::StudentT.name());
    let (low, high) = (a.ci_low.unwrap(), a.ci_high.unwrap());
    check("availability", a.mean, low, high, t, sd / n.sqrt(), 1e-9);

    // Requests served: here exactly the time availability.
    let r = &s.request_availability;
    let (r_low, r_high) = (r.ci_low.unwrap(), r.ci_high.unwrap());
    check("requests", r.mean, r_low, r_high, t, sd / n.sqrt(), 1e-6);

    // Outages per year: the union of Garwood's interval (normal-like at thousands of
    // outages: ± z sqrt(N)) and the t interval over per-trial counts.
    let counts: Vec<f64> = records.iter().map(|r| f64::from(r.outages)).collect();
    let (count_mean, count_sd) = mean_sd(&counts);
    let years = n * horizon / 8766.0;
    let total: f64 = counts.iter().sum();
    let o = &s.outages;
    assert!((o.per_year - total / years).abs() < 1e-9);
    let poisson_se = total.sqrt() / years / (z / t);
    let trial_se = count_sd / n.sqrt() / (horizon / 8766.0);
    let _ = count_mean;
    check(
        "outages per year",
        o.per_year,
        o.per_year_ci_low,
        o.per_year_ci_high,
        t,
        poisson_se.max(trial_se),
        0.02,
    );

    // Share of windows breaching: ratio over trials, delta-method variance; Clopper-Pearson
    // at the effective sample size is within a few percent of ± z se here.
    let windows = s.sla.windows_per_trial as f64;
    let breaches: Vec<f64> = records
        .iter()
        .map(|r| f64::from(r.windows_breached))
        .collect();
    let p = breaches.iter().sum::<f64>() / (n * windows);
    let variance = n / (n - 1.0)
        * breaches
            .iter()
            .map(|b| (b - p * windows).powi(2))
            .sum::<f64>()
        / (n * windows).powi(2);
    let breach = s.sla.p_window_breach.as_ref().unwrap();
    assert!((breach.mean - p).abs() < 1e-12);
    check(
        "windows breaching",
        breach.mean,
        breach.ci_low.unwrap(),
        breach.ci_high.unwrap(),
        z,
        variance.sqrt(),
        0.03,
    );

    // Credits per year: Student t over per-trial credits.
    let credits: Vec<f64> = records
        .iter()
        .map(|r| r.credit * 8766.0 / horizon)
        .collect();
    let (credit_mean, credit_sd) = mean_sd(&credits);
    let c = s.sla.expected_credit_per_year.as_ref().unwrap();
    assert!((c.mean - credit_mean).abs() < 1e-12);
    check(
        "credits",
        c.mean,
        c.ci_low.unwrap(),
        c.ci_high.unwrap(),
        t,
        credit_sd / n.sqrt(),
        1e-9,
    );

    // Years meeting the target: Clopper-Pearson, normal-like at these counts.
    let target = &s.target;
    let q = target.p_trial_meets;
    check(
        "years meeting the target",
        q,
        target.p_trial_meets_ci_low,
        target.p_trial_meets_ci_high,
        z,
        (q * (1.0 - q) / n).sqrt(),
        0.03,
    );

    [
        high - low,
        r_high - r_low,
        o.per_year_ci_high - o.per_year_ci_low,
        breach.ci_high.unwrap() - breach.ci_low.unwrap(),
        c.ci_high.unwrap() - c.ci_low.unwrap(),
    ]
}

#[test]
fn every_interval_has_the_width_its_confidence_implies() {
    let narrow = check_all(0.999, T_9995, Z_9995);
    let wide = check_all(0.9999, T_99995, Z_99995);
    // The same data at another confidence: widths scale by the ratio of the quantiles.
    let ratios = [
        T_99995 / T_9995,
        T_99995 / T_9995,
        T_99995 / T_9995,
        Z_99995 / Z_9995,
        T_99995 / T_9995,
    ];
    let labels = ["availability", "requests", "outages", "breach", "credits"];
    for i in 0..5 {
        let ratio = wide[i] / narrow[i];
        assert!(
            (ratio - ratios[i]).abs() < 0.02 * ratios[i],
            "{}: widths {} -> {}, ratio {ratio}, expected {}",
            labels[i],
            narrow[i],
            wide[i],
            ratios[i]
        );
    }
}

#[test]
fn the_compare_interval_is_the_paired_t_interval() {
    let better = SCENARIO
        .replace("one server", "faster repair")
        .replace("mean = \"10h\"", "mean = \"6h\"");
    for (confidence, t) in [(0.999, T_9995), (0.9999, T_99995)] {
        let (_, base) = run(SCENARIO, confidence);
        let (_, design) = run(&better, confidence);
        // Folded batch by batch, as nines compare does.
        let mut paired = nines::stats::PairedDifferences::default();
        for (d, b) in design.chunks(1000).zip(base.chunks(1000)) {
            paired.add(d, b, 8766.0);
        }
        let c = nines::stats::compare("faster repair", "one server", &paired, confidence);
        let differences: Vec<f64> = design
            .iter()
            .zip(&base)
            .map(|(d, b)| (b.downtime - d.downtime) / 8766.0)
            .collect();
        let (mean, sd) = mean_sd(&differences);
        let e = &c.availability_difference;
        assert!((e.mean - mean).abs() < 1e-12);
        // Faster repair is better: the difference is positive, and its interval's ends are
        // in order (a swap would put the low end above the estimate).
        assert!(e.mean > 0.0 && c.significant);
        check(
            "compare",
            e.mean,
            e.ci_low.unwrap(),
            e.ci_high.unwrap(),
            t,
            sd / (differences.len() as f64).sqrt(),
            1e-9,
        );
    }
}

#[test]
fn no_event_gives_a_bound_never_a_zero_width_interval() {
    let rare = SCENARIO
        .replace("mean = \"1000h\"", "mean = \"100000y\"")
        .replace("trials = 6000", "trials = 50");
    let (s, _) = run(&rare, 0.95);
    assert_eq!(s.outages.count, 0);
    // Clopper-Pearson with 0 of 50: 1 - 0.025^(1/50) = 0.07115...
    let bound = 1.0 - 0.025f64.powf(1.0 / 50.0);
    let a = &s.availability;
    assert!((a.ci_low.unwrap() - (1.0 - bound)).abs() < 1e-12);
    assert_eq!(a.ci_high, Some(1.0));
    assert_eq!(a.nines, None);
    assert!((a.nines_lower_bound.unwrap() + bound.log10()).abs() < 1e-9);
    assert_eq!(s.target.verdict, "not demonstrated");
    assert!(!s.target.met);
    // Garwood with no event: [0, ln(40)] per 50 trial-years.
    assert_eq!(s.outages.per_year_ci_low, 0.0);
    assert!((s.outages.per_year_ci_high - 40f64.ln() / 50.0).abs() < 1e-9);
    let breach = s.sla.p_window_breach.unwrap();
    assert_eq!(breach.ci_low, Some(0.0));
    assert!((breach.ci_high.unwrap() - (1.0 - 0.025f64.powf(1.0 / 600.0))).abs() < 1e-9);
    assert!(s.target.p_trial_meets_ci_low < 1.0);
}
