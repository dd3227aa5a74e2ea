//! Shared helpers of the integration tests: running scenarios through the library, and exact
//! answers for continuous-time Markov chains to compare them with.
#![allow(dead_code)]

pub mod binomial;
pub mod chains;
pub mod cli;
pub mod closed_forms;
pub mod inspection;
pub mod kofn;
pub mod phased;
pub mod phases;
pub mod rare;
pub mod readme;
pub mod studies;

use std::cell::RefCell;
use std::path::Path;

use nines::model::Model;
use nines::stats::Summary;
use statrs::distribution::{ContinuousCDF, Normal};

/// Confidence level of the intervals the statistical tests check exact values against. With
/// a fixed seed each test is deterministic; at this level a correct simulator would fail one
/// such check in a thousand seeds, so a failure here points at a bug, not at bad luck.
pub const TEST_CONFIDENCE: f64 = 0.999;

/// The environment variable that moves every statistical test to another seed, for the seed
/// sweep (scripts/seed-sweep.sh): unset, each test runs on the seed its scenario states.
pub const SEED_VARIABLE: &str = "NINES_TEST_SEED";

/// The seed a test runs on: the scenario's own, or, with `NINES_TEST_SEED=s`, one derived
/// from both (so two scenarios of one test still get different streams, and the same `s`
/// always gives the same run).
pub fn test_seed(scenario_seed: u64) -> u64 {
    match std::env::var(SEED_VARIABLE) {
        Ok(value) => {
            let sweep: u64 = value
                .parse()
                .unwrap_or_else(|_| panic!("{SEED_VARIABLE}={value} is not a whole number"));
            scenario_seed ^ sweep.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        }
        Err(_) => scenario_seed,
    }
}

/// A service of one component that never fails (a fixed 1000-year life), storing the data
/// of data-protection tests so that only their disasters act. Scenario text to append after
/// `[simulation]`.
pub const NEVER_FAILING_STORE: &str = r#"[components.db]
failure = { dist = "fixed", value = "1000y" }
repair = { dist = "fixed", value = "1h" }
[system]
all = ["db"]"#;

/// Compiles scenario text, on the seed [`test_seed`] picks.
pub fn model(source: &str) -> Model {
    let mut model = nines::scenario::parse(source, "test.toml", Path::new("."), "test")
        .unwrap_or_else(|e| panic!("scenario does not compile: {e}"));
    model.settings.seed = test_seed(model.settings.seed);
    model
}

/// Asserts that `exact` lies in the interval `[low, high]` of an estimate `mean` at
/// [`TEST_CONFIDENCE`], printing both (and the z-score line the seed sweep collects).
pub fn assert_within(label: &str, mean: f64, low: f64, high: f64, exact: f64) {
    println!(
        "{label}: {mean:.7} [{low:.7}, {high:.7}] ({}% CI), exact {exact:.7}",
        TEST_CONFIDENCE * 100.0
    );
    print_z(label, mean, low, high, TEST_CONFIDENCE, exact);
    assert!(
        low <= exact && exact <= high,
        "{label}: {exact} outside [{low}, {high}]"
    );
}

/// Simpson's rule weight of point `k` of `0..=n` (n even), before the step / 3 factor.
pub fn simpson_weight(k: usize, n: usize) -> f64 {
    if k == 0 || k == n {
        1.0
    } else if k % 2 == 1 {
        4.0
    } else {
        2.0
    }
}

/// Prints how many standard errors an estimate lies from the exact value, as one line
/// `z-score<TAB>label<TAB>z` that scripts/seed-sweep.sh collects. The standard error is the
/// interval's half-width over the normal quantile of its confidence (the simulator's
/// Student-t quantile differs by under 0.2% at the trial counts of these tests).
pub fn print_z(label: &str, estimate: f64, low: f64, high: f64, confidence: f64, exact: f64) {
    let quantile = Normal::new(0.0, 1.0)
        .unwrap()
        .inverse_cdf(0.5 + confidence / 2.0);
    // An interval for few events is not symmetric (it stops at 1, or follows a skewed
    // count): the z takes the half on the exact value's side, which is the half-width of a
    // symmetric interval and what the assertion of such a check tests.
    let half = if exact >= estimate {
        high - estimate
    } else {
        estimate - low
    };
    print_z_se(label, estimate, half / quantile, exact);
}

/// [`print_z`] with the standard error given.
pub fn print_z_se(label: &str, estimate: f64, se: f64, exact: f64) {
    println!("z-score\t{label}\t{:+.3}", (estimate - exact) / se);
}

thread_local! {
    /// Expected widths of the availability intervals of the runs this test thread simulated:
    /// (scenario, seed, mean's bits, width).
    static EXPECTED_WIDTHS: RefCell<Vec<(String, u64, u64, f64)>> = const { RefCell::new(Vec::new()) };
}

/// Runs a scenario at [`TEST_CONFIDENCE`] and returns its summary.
pub fn simulate(source: &str) -> Summary {
    let mut model = model(source);
    model.settings.confidence = TEST_CONFIDENCE;
    // The Student t width, 2 t s / sqrt(n), from the per-trial availabilities (collected
    // from each batch of records as the run goes, independently of the summary's
    // accumulators), for assert_availability_within_interval to hold the reported width to.
    let horizon = model.settings.horizon;
    let exclude_planned = model.settings.exclude_planned;
    let mut values: Vec<f64> = Vec::new();
    let run = nines::engine::simulate_until(
        &model,
        0,
        &nines::stats::StopRule::fixed(model.settings.trials),
        &|_| {},
        &mut |_, records| {
            values.extend(
                records
                    .iter()
                    .map(|r| 1.0 - r.counted_downtime(exclude_planned) / horizon),
            )
        },
    )
    .expect("simulation runs");
    let summary = Summary::new(&model, &run, None);
    if values.len() < 2 {
        // One trial (engine tests of a single timeline): no interval to hold to a width.
        return summary;
    }
    let n = values.len() as f64;
    let mean = values.iter().sum::<f64>() / n;
    let sd = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    let t = nines::stats::t_quantile(0.5 + TEST_CONFIDENCE / 2.0, n - 1.0);
    EXPECTED_WIDTHS.with(|widths| {
        widths.borrow_mut().push((
            summary.scenario.clone(),
            summary.seed,
            summary.availability.mean.to_bits(),
            2.0 * t * sd / n.sqrt(),
        ))
    });
    summary
}

/// The Student t width expected for a summary [`simulate`] returned on this thread.
fn expected_width(summary: &Summary) -> Option<f64> {
    EXPECTED_WIDTHS.with(|widths| {
        widths
            .borrow()
            .iter()
            .find(|(name, seed, mean, _)| {
                *name == summary.scenario
                    && *seed == summary.seed
                    && *mean == summary.availability.mean.to_bits()
            })
            .map(|entry| entry.3)
    })
}

/// Asserts that `exact` lies within the summary's availability interval, and prints both so
/// that test logs (`--nocapture`) show estimates beside exact values.
pub fn assert_availability_within_interval(label: &str, summary: &Summary, exact: f64) {
    let a = &summary.availability;
    let (low, high) = (a.ci_low.unwrap(), a.ci_high.unwrap());
    println!(
        "{label}: simulated {:.7} [{low:.7}, {high:.7}] ({}% CI, {} trials), exact {exact:.7}",
        a.mean,
        TEST_CONFIDENCE * 100.0,
        summary.trials
    );
    print_z(label, a.mean, low, high, TEST_CONFIDENCE, exact);
    assert!(
        low <= exact && exact <= high,
        "{label}: exact availability {exact} outside the {}% interval [{low}, {high}] (mean {})",
        TEST_CONFIDENCE * 100.0,
        a.mean
    );
    assert!(
        low <= a.mean && a.mean <= high,
        "{label}: ends not ordered around the mean"
    );
    // The interval must be as narrow as the data allow, or the check means nothing: with the
    // Student t method, exactly 2 t s / sqrt(n) from the per-trial values; with the
    // bootstrap-t (few trials with downtime), skewed but of the same order.
    if let Some(expected) = expected_width(summary) {
        let width = high - low;
        if a.method == nines::stats::Method::StudentT.name() {
            assert!(
                (width - expected).abs() <= 1e-6 * expected,
                "{label}: width {width}, expected 2 t s / sqrt(n) = {expected}"
            );
        } else {
            assert!(
                width > 0.8 * expected && width < 2.5 * expected,
                "{label}: width {width} ({}), Student t width {expected}",
                a.method
            );
        }
    }
}

/// A continuous-time Markov chain given by its generator's off-diagonal rates.
pub struct Ctmc {
    /// `rates[i][j]`: rate from state i to state j (diagonal ignored).
    pub rates: Vec<Vec<f64>>,
}

impl Ctmc {
    /// The expected share of [0, horizon] spent in states where `up` holds, starting in
    /// state 0: (1/T) ∫ P(X(t) ∈ up) dt, computed exactly (to about 1e-11, rounding in the Poisson sums) by uniformization:
    /// with Λ at least every exit rate and P = I + Q/Λ,
    /// ∫_0^T π(t) dt = (1/Λ) Σ_k π(0) P^k · P(N ≥ k + 1), N ~ Poisson(Λ T).
    pub fn interval_availability(&self, horizon: f64, up: impl Fn(usize) -> bool) -> f64 {
        let n = self.rates.len();
        let exit: Vec<f64> = (0..n)
            .map(|i| (0..n).filter(|&j| j != i).map(|j| self.rates[i][j]).sum())
            .collect();
        let lambda = exit.iter().cloned().fold(0.0, f64::max) * 1.0001;
        let lt = lambda * horizon;
        let mut pi = vec![0.0; n];
        pi[0] = 1.0;
        let mut integral = vec![0.0; n];
        // Poisson(lt) probabilities in log space: e^{-lt} underflows for long horizons.
        let mut cdf = 0.0;
        let mut ln_factorial = 0.0;
        let max_k = (lt + 20.0 * lt.sqrt() + 100.0) as usize;
        for k in 0..max_k {
            if k > 0 {
                ln_factorial += (k as f64).ln();
            }
            let log_pmf = -lt + k as f64 * lt.ln() - ln_factorial;
            cdf += log_pmf.exp();
            let tail = (1.0 - cdf).max(0.0);
            for (total, p) in integral.iter_mut().zip(&pi) {
                *total += p * tail / lambda;
            }
            // One step of the uniformized chain: next = pi P.
            let mut next: Vec<f64> = (0..n).map(|i| pi[i] * (1.0 - exit[i] / lambda)).collect();
            for (i, row) in self.rates.iter().enumerate() {
                for (j, rate) in row.iter().enumerate() {
                    if j != i {
                        next[j] += pi[i] * rate / lambda;
                    }
                }
            }
            pi = next;
        }
        (0..n).filter(|&i| up(i)).map(|i| integral[i]).sum::<f64>() / horizon
    }

    /// The chain of independent two-state components (failure rate, repair rate), each
    /// repaired on its own; state bit i set means component i is down.
    pub fn independent(components: &[(f64, f64)]) -> Ctmc {
        let n = 1usize << components.len();
        let mut rates = vec![vec![0.0; n]; n];
        for (s, row) in rates.iter_mut().enumerate() {
            for (i, &(fail, repair)) in components.iter().enumerate() {
                let bit = 1 << i;
                if s & bit == 0 {
                    row[s | bit] += fail;
                } else {
                    row[s & !bit] += repair;
                }
            }
        }
        Ctmc { rates }
    }
}

/// Whether component `i` is up in a state of [`Ctmc::independent`].
pub fn is_up(state: usize, i: usize) -> bool {
    state & (1 << i) == 0
}

/// A balancer that never fails in front of `count` backends `web` (exponential failures
/// and repairs with means `mttf` and `mttr` hours, `capacity` rps each, `need_keys` as
/// their need), checked every millisecond so that rotation follows the backends; the
/// service needs both.
pub fn balanced_backends(
    count: usize,
    need_keys: &str,
    capacity: f64,
    mttf: f64,
    mttr: f64,
) -> String {
    format!(
        r#"
        [components.lb]
        failure = {{ dist = "fixed", value = "1000y" }}
        repair = {{ dist = "fixed", value = "1h" }}
        [components.web]
        count = {count}
        {need_keys}
        capacity = "{capacity} rps"
        failure = {{ dist = "exponential", mean = "{mttf}h" }}
        repair = {{ dist = "exponential", mean = "{mttr}h" }}
        [components.web.health_check]
        balancer = "lb"
        interval = "1ms"
        unhealthy_threshold = 1
        healthy_threshold = 1
        [system]
        all = ["lb", "web"]
        "#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_component_matches_its_closed_form() {
        let (l, m, t): (f64, f64, f64) = (1.0 / 1000.0, 1.0 / 10.0, 8766.0);
        let exact = m / (l + m) + l / ((l + m).powi(2) * t) * (1.0 - (-(l + m) * t).exp());
        let chain = Ctmc::independent(&[(l, m)]);
        let value = chain.interval_availability(t, |s| is_up(s, 0));
        assert!((value - exact).abs() < 1e-10, "{value} vs {exact}");
    }
}
