//! The expected share of [0, T] a chain spends in up states, starting all-up, by
//! uniformization (Jensen 1953; Reibman & Trivedi 1988): with Λ at least every exit rate and
//! P = I + Q/Λ, ∫₀ᵀ π(t) dt = (1/Λ) Σₖ π(0) Pᵏ · P(N ≥ k + 1), N ~ Poisson(ΛT). Once Pᵏ has
//! converged to the steady state, the remaining terms are summed in closed form
//! (steady-state detection), so that stiff chains (seconds-long switchovers over a year)
//! take as many steps as the chain needs to mix, not ΛT.

use super::chain::Chain;

/// Multiply-adds the method may spend (steps × transitions) before giving up: about 3 s.
/// Λ is set by the fastest state (every instance of a large tier under repair), which is
/// rarely visited, so big chains with fast repairs can need many thousand steps to mix.
const MAX_WORK: usize = 400_000_000;

/// The mean availability over `[0, horizon]` from state 0; an error saying why when it
/// would take too long (never an approximation).
pub fn horizon_availability(chain: &Chain, steady: &[f64], horizon: f64) -> Result<f64, String> {
    let n = chain.len();
    let exit: Vec<f64> = chain
        .rates
        .iter()
        .map(|row| row.iter().map(|&(_, r)| r).sum())
        .collect();
    let lambda = exit.iter().copied().fold(0.0, f64::max) * 1.02;
    if lambda <= 0.0 {
        return Ok(if chain.up[0] { 1.0 } else { 0.0 });
    }
    let nnz: usize = chain.rates.iter().map(Vec::len).sum::<usize>() + n;
    let lt = lambda * horizon;
    let steady_down: f64 = (0..n).filter(|&i| !chain.up[i]).map(|i| steady[i]).sum();
    let mut x = vec![0.0; n];
    x[0] = 1.0;
    let mut next = vec![0.0; n];
    // Poisson terms in log space: e^{-ΛT} underflows for long horizons.
    let mut cdf = 0.0; // P(N ≤ k)
    let mut ln_factorial = 0.0;
    // Σₖ P(N ≥ k+1)·down(xₖ), and Σₖ (k) terms of E[(K-N)^+] for the closed-form tail.
    let mut down_integral = 0.0;
    let mut k = 0usize;
    let right = (lt + 12.0 * lt.sqrt() + 50.0) as usize;
    let mut tail_sum_below = 0.0; // Σ_{j<k} (k - j) pmf(j), maintained incrementally
    let mut cdf_below = 0.0; // P(N < k)
    loop {
        let down: f64 = (0..n).filter(|&i| !chain.up[i]).map(|i| x[i]).sum();
        let distance: f64 = x.iter().zip(steady).map(|(a, b)| (a - b).abs()).sum();
        // Rounding in the steps leaves xₖ about 1e-14 from π at best; once the down mass
        // is within 1e-11 of its limit (relative), the terms left differ from the steady
        // state's by less than that, on a tail that is itself a fraction of the horizon.
        let converged = distance < 1e-9 && (down - steady_down).abs() <= 1e-11 * steady_down;
        if converged || k >= right {
            // Remaining weight Σ_{j≥k} P(N ≥ j+1) = E[(N - k)^+] = ΛT - k + E[(k - N)^+].
            let remaining = (lt - k as f64 + tail_sum_below).max(0.0);
            down_integral += remaining * if converged { steady_down } else { down };
            break;
        }
        if k > 0 {
            ln_factorial += (k as f64).ln();
        }
        let pmf = (-lt + k as f64 * lt.ln() - ln_factorial).exp();
        cdf += pmf;
        down_integral += (1.0 - cdf).max(0.0) * down;
        // E[(k+1 - N)^+] = E[(k - N)^+] + P(N ≤ k).
        cdf_below += pmf;
        tail_sum_below += cdf_below;
        k += 1;
        if k * nnz > MAX_WORK {
            return Err(format!(
                "the mean over the horizon was not computed: uniformization had not reached the \
                 steady state after {k} steps of the {nnz}-entry chain (Λ = {lambda:.3e}/h, a \
                 budget of {MAX_WORK} operations); the steady-state figures are exact"
            ));
        }
        next.iter_mut()
            .zip(&x)
            .zip(&exit)
            .for_each(|((y, &xi), &e)| *y = xi * (1.0 - e / lambda));
        for (i, row) in chain.rates.iter().enumerate() {
            let xi = x[i];
            if xi == 0.0 {
                continue;
            }
            for &(j, r) in row {
                next[j as usize] += xi * r / lambda;
            }
        }
        std::mem::swap(&mut x, &mut next);
    }
    let unavailability = down_integral / lt;
    Ok(1.0 - unavailability)
}
