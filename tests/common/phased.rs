//! Exact values for scenarios with `[[phases]]`: the transient solution of a Markov chain
//! by uniformisation (written here, independently of src/exact), stretch by stretch, and
//! the summary's figures of one phase. Over a stretch of length T with Λ at least every
//! exit rate and P = I + Q/Λ, π(T) = Σ_k π(0) P^k · Pois(k; ΛT) and
//! ∫_0^T π(t) dt = (1/Λ) Σ_k π(0) P^k · P(N ≥ k + 1).

use nines::stats::{PhaseSummary, Summary};

use super::TEST_CONFIDENCE;

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
