//! Steady state of chains too large for state reduction: Gauss–Seidel sweeps on the balance
//! equations, alternating forward and backward over the breadth-first order (which is the
//! order of failure levels from all-up), stopped by a checked residual.
//!
//! The stopping test is per equation and relative (|inflow − outflow| ≤ ε·outflow for every
//! state), not a norm of the whole vector: a norm would be satisfied long before the states
//! of probability 1e-15 (the down states of a good design) have converged, while the
//! relative test holds each of them to its own scale. Accuracy on the unavailability is
//! checked against GTH and closed forms in tests/exact_large.rs.

use super::chain::Chain;

/// Relative residual every balance equation must reach.
const TOLERANCE: f64 = 1e-13;

/// Probability below which a state's residual is not held to [`TOLERANCE`]: a million such
/// states change no figure by more than 1e-144, while states far from all-up (hundreds of
/// instances failed) have probabilities that underflow.
const FLOOR: f64 = 1e-150;

/// Sweeps before giving up.
const MAX_SWEEPS: usize = 20_000;

/// Incoming rates of every state, in compressed columns: the transpose of the chain.
struct Incoming {
    start: Vec<usize>,
    source: Vec<u32>,
    rate: Vec<f64>,
    exit: Vec<f64>,
}

impl Incoming {
    fn new(chain: &Chain) -> Incoming {
        let n = chain.len();
        let mut count = vec![0usize; n + 1];
        for row in &chain.rates {
            for &(j, _) in row {
                count[j as usize + 1] += 1;
            }
        }
        for j in 0..n {
            count[j + 1] += count[j];
        }
        let start = count.clone();
        let nnz = start[n];
        let mut fill = count;
        let mut source = vec![0u32; nnz];
        let mut rate = vec![0.0; nnz];
        for (i, row) in chain.rates.iter().enumerate() {
            for &(j, r) in row {
                let p = fill[j as usize];
                source[p] = i as u32;
                rate[p] = r;
                fill[j as usize] += 1;
            }
        }
        let exit = chain
            .rates
            .iter()
            .map(|row| row.iter().map(|&(_, r)| r).sum())
            .collect();
        Incoming {
            start,
            source,
            rate,
            exit,
        }
    }

    fn inflow(&self, pi: &[f64], j: usize) -> f64 {
        let range = self.start[j]..self.start[j + 1];
        self.source[range.clone()]
            .iter()
            .zip(&self.rate[range])
            .map(|(&i, &r)| pi[i as usize] * r)
            .sum()
    }

    /// The largest residual of a balance equation relative to its outflow, with the
    /// outflow taken as at least [`FLOOR`] times the exit rate.
    fn worst_residual(&self, pi: &[f64]) -> f64 {
        (0..pi.len())
            .map(|j| {
                let outflow = pi[j] * self.exit[j];
                let scale = outflow.max(FLOOR * self.exit[j]);
                (self.inflow(pi, j) - outflow).abs() / scale
            })
            .fold(0.0, f64::max)
    }
}

/// The stationary distribution, with the sweeps it took; an error naming the residual
/// reached when the sweeps ran out.
pub fn gauss_seidel(chain: &Chain) -> Result<(Vec<f64>, usize), String> {
    let n = chain.len();
    let incoming = Incoming::new(chain);
    if let Some(j) = (0..n).find(|&j| incoming.exit[j] <= 0.0) {
        return Err(format!(
            "state {j} of the Markov chain has no way out; the chain is not irreducible"
        ));
    }
    // Start from all-up alone: the first forward sweep then fills every state from the
    // states before it in breadth-first order, which puts each at about its own scale
    // (1e-15 where that is its probability). A uniform start leaves states far from all-up
    // hundreds of orders of magnitude too high, and sweeps bring them down only slowly.
    let mut pi = vec![0.0; n];
    pi[0] = 1.0;
    let mut worst = f64::INFINITY;
    for sweep in 1..=MAX_SWEEPS {
        if sweep % 2 == 1 {
            // The first sweep keeps all-up's 1: every other state is still 0.
            let from = usize::from(sweep == 1);
            for j in from..n {
                pi[j] = incoming.inflow(&pi, j) / incoming.exit[j];
            }
        } else {
            for j in (0..n).rev() {
                pi[j] = incoming.inflow(&pi, j) / incoming.exit[j];
            }
        }
        let total: f64 = pi.iter().sum();
        pi.iter_mut().for_each(|p| *p /= total);
        if sweep % 10 == 0 {
            worst = incoming.worst_residual(&pi);
            if worst < TOLERANCE {
                return Ok((pi, sweep));
            }
        }
    }
    Err(format!(
        "the iterative solver reached a relative residual of {worst:.1e} (not {TOLERANCE:e}) \
         after {MAX_SWEEPS} sweeps on the {n}-state chain"
    ))
}
