//! Coverage of the availability interval, measured: over 400 seeds in each regime (about 0,
//! 3, 30 and 1000 outages per run), the 95% interval must contain the exact availability in
//! at least 93% of seeds and never be zero-width.
//!
//! The model is one component with exponential failures and lognormal repairs with a long
//! tail (median 8 h, p95 50 h: a mean of 15 h, skewness 9): the case where the Student t interval over trials covered
//! only 58% of seeds with about three outages per run (issue 9). Its exact mean availability
//! over a year from new is computed here independently of the simulator, by solving the
//! renewal equation of an alternating renewal process numerically (see [`exact`]).
//!
//! Run with `cargo test --release --test coverage -- --nocapture` to see the coverage per
//! regime, beside that of the plain Student t interval on the same runs; add `--ignored` for
//! a heavier tail (p95 100 h, skewness 39), where no interval computed from the outages
//! observed reaches 93% at 30 outages per run (measured: 91%).

mod common;

use nines::stats::{mean_interval, StopRule, Summary};
use statrs::distribution::{ContinuousCDF, LogNormal, Normal};

/// Seeds per regime: 400 measures coverage to ±1.1% (one standard error).
const SEEDS: u64 = 400;
const CONFIDENCE: f64 = 0.95;
const YEAR: f64 = 8766.0;
/// Lognormal repair: median 8 h.
const MEDIAN: f64 = 8.0;
/// Its 95th percentile in the asserted regimes.
const P95: f64 = 50.0;

fn sigma(p95: f64) -> f64 {
    (p95 / MEDIAN).ln() / Normal::new(0.0, 1.0).unwrap().inverse_cdf(0.95)
}

/// Mean unavailability over [0, horizon] of a component that starts new, fails at rate
/// `lambda` and is repaired in a lognormal time: P(down at t) = p(t) solves the renewal
/// equation p(t) = ∫₀ᵗ λ (1 - p(s)) S(t - s) ds (failures occur at rate λ while up; a failure
/// at s leaves it down at t if its repair outlasts t - s, probability S(t - s)); solved by
/// the trapezoid rule on a grid of `steps` points, then integrated the same way.
fn exact_unavailability(
    lambda: f64,
    horizon: f64,
    steps: usize,
    survival: impl Fn(f64) -> f64,
) -> f64 {
    let h = horizon / steps as f64;
    let s: Vec<f64> = (0..=steps).map(|i| survival(i as f64 * h)).collect();
    let mut p = vec![0.0f64; steps + 1];
    for i in 1..=steps {
        let mut sum = 0.5 * lambda * (1.0 - p[0]) * s[i];
        for j in 1..i {
            sum += lambda * (1.0 - p[j]) * s[i - j];
        }
        p[i] = (h * sum + 0.5 * h * lambda) / (1.0 + 0.5 * h * lambda);
    }
    let integral: f64 = h * (p.iter().sum::<f64>() - 0.5 * (p[0] + p[steps]));
    integral / horizon
}

fn exact(mttf: f64, p95: f64) -> f64 {
    let repair = LogNormal::new(MEDIAN.ln(), sigma(p95)).unwrap();
    let survival = |t: f64| if t <= 0.0 { 1.0 } else { 1.0 - repair.cdf(t) };
    1.0 - exact_unavailability(1.0 / mttf, YEAR, 17_532, survival)
}

#[test]
fn the_renewal_solver_matches_the_exponential_closed_form() {
    // Exponential repair with mean 10 h: p(t) = λ/(λ+μ) (1 - e^{-(λ+μ) t}).
    let (lambda, mu) = (1.0 / 1000.0, 1.0 / 10.0);
    let rate = lambda + mu;
    let closed = lambda / rate * (1.0 - (1.0 - (-rate * YEAR).exp()) / (rate * YEAR));
    let solved = exact_unavailability(lambda, YEAR, 17_532, |t| (-mu * t).exp());
    assert!(
        (solved - closed).abs() < 1e-3 * closed,
        "{solved} vs {closed}"
    );
}

struct Regime {
    name: &'static str,
    trials: u64,
    mttf_years: f64,
    p95: f64,
}

/// Runs the regime over every seed; returns (coverage, Student t coverage, zero-width count,
/// mean outages per run).
fn measure(regime: &Regime) -> (f64, f64, u64, f64) {
    let mttf = regime.mttf_years * YEAR;
    let exact = exact(mttf, regime.p95);
    let source = format!(
        "name = \"{name}\"\n[simulation]\nhorizon = \"1y\"\ntrials = {trials}\nconfidence = {CONFIDENCE}\n\
         [components.c]\nfailure = {{ dist = \"exponential\", mean = \"{mttf}h\" }}\n\
         repair = {{ dist = \"lognormal\", median = \"{MEDIAN}h\", p95 = \"{p95}h\" }}\n\
         [system]\nall = [\"c\"]\n",
        name = regime.name,
        trials = regime.trials,
        p95 = regime.p95,
    );
    let (mut covered, mut t_covered, mut zero_width, mut outages) = (0u64, 0u64, 0u64, 0u64);
    let (mut above, mut below) = (0u64, 0u64);
    for seed in 0..SEEDS {
        let mut model = common::model(&source);
        model.settings.seed = seed;
        // Per-trial availabilities collected batch by batch, for the plain t interval.
        let mut availabilities = Vec::new();
        let run = nines::engine::simulate_until(
            &model,
            1,
            &StopRule::fixed(model.settings.trials),
            &|_| {},
            &mut |_, records| {
                availabilities.extend(records.iter().map(|r| 1.0 - r.downtime / YEAR))
            },
        )
        .expect("simulation runs");
        let summary = Summary::new(&model, &run, None);
        let a = &summary.availability;
        let (low, high) = (a.ci_low.unwrap(), a.ci_high.unwrap());
        assert!(
            low <= a.mean && a.mean <= high,
            "{}: seed {seed}",
            regime.name
        );
        covered += u64::from(low <= exact && exact <= high);
        above += u64::from(exact > high);
        below += u64::from(exact < low);
        zero_width += u64::from(high <= low);
        outages += summary.outages.count;
        let t = mean_interval(availabilities, CONFIDENCE);
        t_covered += u64::from(t.low.unwrap() <= exact && exact <= t.high.unwrap());
    }
    let n = SEEDS as f64;
    let result = (
        covered as f64 / n,
        t_covered as f64 / n,
        zero_width,
        outages as f64 / n,
    );
    println!(
        "{}: {} trials, MTTF {} y, repair p95 {} h, exact availability {exact:.7}, {:.1} outages per run: \
         coverage {:.1}% (exact above {above}, below {below}; Student t alone {:.1}%), zero-width {}",
        regime.name,
        regime.trials,
        regime.mttf_years,
        regime.p95,
        result.3,
        result.0 * 100.0,
        result.1 * 100.0,
        result.2
    );
    result
}

fn check(regime: Regime) {
    let (coverage, _, zero_width, _) = measure(&regime);
    assert!(
        coverage >= 0.93,
        "{}: coverage {coverage} below 93%",
        regime.name
    );
    assert_eq!(zero_width, 0, "{}: zero-width intervals", regime.name);
}

#[test]
fn no_outages() {
    check(Regime {
        name: "about 0 outages",
        trials: 20,
        mttf_years: 200.0,
        p95: P95,
    });
}

#[test]
fn three_outages() {
    check(Regime {
        name: "about 3 outages",
        trials: 100,
        mttf_years: 33.0,
        p95: P95,
    });
}

#[test]
fn thirty_outages() {
    check(Regime {
        name: "about 30 outages",
        trials: 100,
        mttf_years: 3.3,
        p95: P95,
    });
}

#[test]
fn a_thousand_outages() {
    check(Regime {
        name: "about 1000 outages",
        trials: 1000,
        mttf_years: 1.0,
        p95: P95,
    });
}

/// A heavier tail, measured but not asserted (see the module doc).
#[test]
#[ignore]
fn heavier_tail() {
    for (name, trials, mttf_years) in [
        ("heavier tail, about 3 outages", 100, 33.0),
        ("heavier tail, about 30 outages", 100, 3.3),
        ("heavier tail, about 1000 outages", 1000, 1.0),
    ] {
        measure(&Regime {
            name,
            trials,
            mttf_years,
            p95: 100.0,
        });
    }
}

/// Recovery points, from per-trial totals (a ratio estimator): daily full backups taking
/// D = 10,000 s, site losses every 2 years on average; E[RPO] = T/2 + D (+ about 15 s from
/// a second loss within a period of the first; see tests/validation_dr.rs), so the 95%
/// interval of the mean recovery point should contain 53,200 s in 95% of seeds.
#[test]
fn recovery_points() {
    let exact = 86400.0 / 2.0 + 1e4 + 15.0;
    let mut covered = 0;
    let seeds = 200;
    for seed in 0..seeds {
        let source = format!(
            r#"
            [simulation]
            trials = 1000
            seed = {seed}
            confidence = 0.95
            [components.db]
            failure = {{ dist = "fixed", value = "1000y" }}
            repair = {{ dist = "fixed", value = "1h" }}
            [system]
            all = ["db"]
            [data.orders]
            size = "100GB"
            stored_on = "db"
            [[data.orders.backups]]
            kind = "full"
            every = "1d"
            throughput = "10MB/s"
            retention = "3d"
            [data.orders.restore]
            throughput = "1GB/s"
            [[data.orders.disasters]]
            name = "site loss"
            kind = "loss"
            every = {{ dist = "exponential", mean = "2y" }}
            "#
        );
        let model = common::model(&source);
        let run = nines::engine::simulate(&model, 1, &|_| {}).expect("simulation runs");
        let summary = Summary::new(&model, &run, None);
        let r = &summary.rpo;
        let (low, high) = (r.ci_low_seconds.unwrap(), r.ci_high_seconds.unwrap());
        assert!(low < r.mean_seconds.unwrap() && r.mean_seconds.unwrap() < high);
        covered += u32::from(low <= exact && exact <= high);
    }
    let coverage = f64::from(covered) / f64::from(seeds);
    println!(
        "recovery points: 1000 trials, about 500 incidents per run: coverage {:.1}%",
        coverage * 100.0
    );
    assert!(coverage >= 0.93, "recovery points: coverage {coverage}");
}
