//! Exact values for scenarios with `[[phases]]`: the transient solution of a Markov chain
//! by uniformisation (written here, independently of src/exact), stretch by stretch, and
//! the summary's figures of one phase. Over a stretch of length T with Λ at least every
//! exit rate and P = I + Q/Λ, π(T) = Σ_k π(0) P^k · Pois(k; ΛT) and
//! ∫_0^T π(t) dt = (1/Λ) Σ_k π(0) P^k · P(N ≥ k + 1).

use nines::stats::{PhaseSummary, StopRule, Summary};

use super::TEST_CONFIDENCE;

/// The hours of a year, as the engine counts them.
pub const YEAR: f64 = 8766.0;

/// Advances distribution `pi` over `length` hours of the chain with off-diagonal `rates`;
/// returns ∫ π(t) dt over the stretch and leaves π(length) in `pi`.
pub fn advance(rates: &[Vec<f64>], pi: &mut Vec<f64>, length: f64) -> Vec<f64> {
    let n = rates.len();
    let exit: Vec<f64> = (0..n)
        .map(|i| (0..n).filter(|&j| j != i).map(|j| rates[i][j]).sum())
        .collect();
    let lambda = exit.iter().cloned().fold(0.0, f64::max) * 1.0001;
    let lt = lambda * length;
    let mut step = pi.clone();
    let mut integral = vec![0.0; n];
    let mut end = vec![0.0; n];
    let (mut cdf, mut ln_factorial) = (0.0, 0.0);
    let max_k = (lt + 20.0 * lt.sqrt() + 100.0) as usize;
    for k in 0..max_k {
        if k > 0 {
            ln_factorial += (k as f64).ln();
        }
        let pmf = (-lt + k as f64 * lt.ln() - ln_factorial).exp();
        cdf += pmf;
        let tail = (1.0 - cdf).max(0.0);
        for i in 0..n {
            integral[i] += step[i] * tail / lambda;
            end[i] += step[i] * pmf;
        }
        let mut next: Vec<f64> = (0..n).map(|i| step[i] * (1.0 - exit[i] / lambda)).collect();
        for (i, row) in rates.iter().enumerate() {
            for (j, rate) in row.iter().enumerate() {
                if j != i {
                    next[j] += step[i] * rate / lambda;
                }
            }
        }
        step = next;
    }
    *pi = end;
    integral
}

/// The summary's figures of phase `name`.
pub fn phase<'s>(summary: &'s Summary, name: &str) -> &'s PhaseSummary {
    summary
        .phases
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no phase {name} in {:?}", summary.phases))
}

/// Asserts the exact availability of a phase lies within its reported interval.
pub fn assert_phase_within(label: &str, summary: &Summary, name: &str, exact: f64) {
    let a = &phase(summary, name).availability;
    let (low, high) = (a.ci_low.unwrap(), a.ci_high.unwrap());
    println!(
        "{label}, phase {name}: simulated {:.6} [{low:.6}, {high:.6}] ({}% CI), exact {exact:.6}",
        a.mean,
        TEST_CONFIDENCE * 100.0
    );
    super::print_z(
        &format!("{label} {name}"),
        a.mean,
        low,
        high,
        TEST_CONFIDENCE,
        exact,
    );
    assert!(
        low <= exact && exact <= high,
        "{label}, phase {name}: exact {exact} outside [{low}, {high}]"
    );
}

/// The chain of `n` identical units, each failing at `fail` and repaired at `repair` on its
/// own (unlimited crews): state = units down.
pub fn units(n: usize, fail: f64, repair: f64) -> Vec<Vec<f64>> {
    let mut rates = vec![vec![0.0; n + 1]; n + 1];
    for down in 0..=n {
        if down < n {
            rates[down][down + 1] = (n - down) as f64 * fail;
        }
        if down > 0 {
            rates[down][down - 1] = down as f64 * repair;
        }
    }
    rates
}

/// Exact availability per phase (normal, then the phase) over one year from all up: the
/// phase holds over hours `[from, to)`; `rates(p)` and `up(p, down)` give each phase's chain
/// and up states. Returns (normal, phase, whole year).
pub fn exact_by_phase(
    from: f64,
    to: f64,
    rates: impl Fn(usize) -> Vec<Vec<f64>>,
    up: impl Fn(usize, usize) -> bool,
) -> (f64, f64, f64) {
    let stretches = [(0.0, from, 0), (from, to, 1), (to, YEAR, 0)];
    let states = rates(0).len();
    let mut pi = vec![0.0; states];
    pi[0] = 1.0;
    let mut up_hours = [0.0; 2];
    let mut hours = [0.0; 2];
    for (start, end, phase) in stretches {
        let integral = advance(&rates(phase), &mut pi, end - start);
        up_hours[phase] += (0..states)
            .filter(|&s| up(phase, s))
            .map(|s| integral[s])
            .sum::<f64>();
        hours[phase] += end - start;
    }
    (
        up_hours[0] / hours[0],
        up_hours[1] / hours[1],
        (up_hours[0] + up_hours[1]) / YEAR,
    )
}

/// Asserts that 600 trials of `source` give the same per-phase figures and availability on
/// 1 and on 3 threads.
pub fn assert_same_on_any_thread_count(source: &str) {
    let run = |threads| {
        let summary = summary_on_threads(source, threads);
        (summary.phases, summary.availability.mean.to_bits())
    };
    assert_eq!(run(1), run(3));
}

/// The summary of 600 trials of `source` on `threads` threads.
pub fn summary_on_threads(source: &str, threads: usize) -> Summary {
    let m = super::model(source);
    let out =
        nines::engine::simulate_until(&m, threads, &StopRule::fixed(600), &|_| {}, &mut |_, _| {})
            .expect("runs");
    Summary::new(&m, &out, None)
}

/// A year-long, 4000-trial scenario of `count` instances of `app` needing `need`, with
/// `body` in their table (their laws, crew, and tables such as `[repair]` after it);
/// `[[phases]]` may follow.
pub fn app_scenario(count: usize, need: usize, seed: u64, body: &str) -> String {
    format!(
        r#"
        name = "app with phases {seed}"
        [simulation]
        horizon = "1y"
        trials = 4000
        seed = {seed}
        [components.app]
        count = {count}
        need = {need}
        {body}
        [system]
        all = ["app"]
        "#
    )
}

/// Two `db` units (one needed) failing in 500 h and repaired in 24 h (exponential, no
/// limit on crews), with `phases` after the system: 4000 years.
pub fn pair(phases: &str, seed: u64) -> String {
    format!(
        r#"
        name = "pair with phases {seed}"
        [simulation]
        horizon = "1y"
        trials = 4000
        seed = {seed}
        [components.db]
        count = 2
        need = 1
        failure = {{ dist = "exponential", mean = "500h" }}
        repair = {{ dist = "exponential", mean = "24h" }}
        [system]
        all = ["db"]
        {phases}
        "#
    )
}
