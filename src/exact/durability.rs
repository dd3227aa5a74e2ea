//! Exact durability of one stripe: the absorbing birth-death chain of its lost fragments.
//!
//! A stripe of width `w` survives `m` lost fragments. Each intact fragment's device fails at
//! rate λ, each lost fragment is rebuilt at rate μ with at most `c` rebuilds at once: from `j`
//! lost, `j → j+1` at `(w−j)λ`, `j → j−1` at `min(j,c)μ`, and `m+1` lost is the absorbing
//! loss. Both answers are computed without subtracting nearly equal numbers, because the
//! figures of interest sit at 1e-10 to 1e-13 (docs/design/rare-events.md §6.2):
//! - the mean time to data loss by the closed-form double sum of the birth-death chain
//!   (every term positive);
//! - the probability of a loss by time `t` by uniformization, integrating the probability
//!   flux into the loss state (`1 − Σ p_j` would cancel to nothing at 1e-12).

/// One stripe's chain: width, tolerated losses, rates, rebuild limit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StripeChain {
    /// Fragments in the stripe (`k + m`; replicas: `r`).
    pub width: usize,
    /// Lost fragments it survives (parity; replicas: `r − 1`).
    pub tolerated: usize,
    /// Failure rate of a device holding an intact fragment, per hour.
    pub failure_rate: f64,
    /// Rebuild rate of one lost fragment, per hour.
    pub rebuild_rate: f64,
    /// Rebuilds that run at once (at least 1).
    pub concurrent: usize,
}

impl StripeChain {
    /// Rate out of `j` lost towards `j + 1`.
    fn up(&self, j: usize) -> f64 {
        (self.width - j) as f64 * self.failure_rate
    }

    /// Rate out of `j` lost towards `j − 1`.
    fn down(&self, j: usize) -> f64 {
        j.min(self.concurrent.max(1)) as f64 * self.rebuild_rate
    }

    /// Mean hours from all intact to the first loss:
    /// `Σ_{i=0}^{m} Σ_{j=0}^{i} Π_{l=j+1}^{i} b_l / Π_{l=j}^{i} a_l`, each term a positive
    /// product, so exact to rounding whatever the conditioning of the generator.
    pub fn mttdl_hours(&self) -> f64 {
        let mut total = 0.0;
        for i in 0..=self.tolerated {
            for j in 0..=i {
                let mut term = 1.0 / self.up(j);
                for l in j + 1..=i {
                    term *= self.down(l) / self.up(l);
                }
                total += term;
            }
        }
        total
    }

    /// Probability of a loss within `hours` from all intact.
    ///
    /// Uniformization at rate `L`: the transient states' distribution at time `s` is
    /// `Σ_k Pois(k; Ls) v_k` with `v_{k+1} = v_k P`, so the flux into loss integrates to
    /// `a_m / L · Σ_k P(N > k) v_k[m]`, `N ~ Pois(Lt)`. Every factor is non-negative; the
    /// Poisson tails are summed from the far end so none is a difference.
    pub fn p_loss(&self, hours: f64) -> f64 {
        let n = self.tolerated + 1;
        let out: Vec<f64> = (0..n).map(|j| self.up(j) + self.down(j)).collect();
        let rate = out.iter().cloned().fold(0.0, f64::max) * 1.02;
        let lt = rate * hours;
        // Beyond mean + 40 standard deviations (+ 50) the Poisson mass is below 1e-300.
        let last = (lt + 40.0 * lt.sqrt() + 50.0).ceil() as usize;
        let tails = poisson_tails(lt, last);
        let stay: Vec<f64> = out.iter().map(|o| 1.0 - o / rate).collect();
        let mut v = vec![0.0; n];
        let mut next = vec![0.0; n];
        v[0] = 1.0;
        let mut sum = 0.0;
        for &tail in &tails {
            sum += tail * v[n - 1];
            for j in 0..n {
                let mut p = v[j] * stay[j];
                if j > 0 {
                    p += v[j - 1] * self.up(j - 1) / rate;
                }
                if j + 1 < n {
                    p += v[j + 1] * self.down(j + 1) / rate;
                }
                next[j] = p;
            }
            std::mem::swap(&mut v, &mut next);
        }
        (self.up(n - 1) / rate * sum).min(1.0)
    }
}

/// `P(N > k)` for `k = 0..=last`, `N ~ Poisson(mean)`, each a sum of probabilities from the
/// top down (no `1 − CDF`). Probabilities come from logarithms, so a mean in the thousands
/// does not underflow `e^{−mean}` first.
fn poisson_tails(mean: f64, last: usize) -> Vec<f64> {
    let ln_mean = mean.ln();
    let mut ln_p = -mean;
    let mut pmf = Vec::with_capacity(last + 2);
    pmf.push(ln_p.exp());
    for k in 1..=last + 1 {
        ln_p += ln_mean - (k as f64).ln();
        pmf.push(ln_p.exp());
    }
    let mut tails = vec![0.0; last + 1];
    let mut above = 0.0;
    for k in (0..=last).rev() {
        above += pmf[k + 1];
        tails[k] = above;
    }
    tails
}

/// Probability that at least one of `stripes` independent stripes, each lost with
/// probability `p`, is lost: `1 − (1 − p)^G` without cancelling at small `p`.
pub fn any_of(p: f64, stripes: u64) -> f64 {
    -((stripes as f64) * (-p).ln_1p()).exp_m1()
}

#[cfg(test)]
mod tests {
    use super::*;

    const YEAR: f64 = 8766.0;

    fn chain(width: usize, tolerated: usize, concurrent: usize) -> StripeChain {
        StripeChain {
            width,
            tolerated,
            failure_rate: 0.02 / YEAR,
            rebuild_rate: 1.0 / 24.0,
            concurrent,
        }
    }

    fn close(value: f64, reference: f64, relative: f64) {
        assert!(
            ((value - reference) / reference).abs() <= relative,
            "{value:e} vs {reference:e}"
        );
    }

    /// docs/design/rare-events.md §6.2, from proto/exact.py (expm) and proto/uniformization.py.
    #[test]
    fn matches_the_design_table() {
        let cases = [
            (chain(2, 1, 2), 4.002884e9, 2.183924e-06),
            (chain(3, 2, 3), 4.873645e13, 1.791268e-10),
            (chain(3, 2, 1), 2.436889e13, 3.577513e-10),
            (chain(9, 3, 9), 5.300090e15, 1.645634e-12),
            (chain(9, 3, 1), 8.835419e14, 9.839941e-12),
        ];
        for (c, mttdl, p) in cases {
            // The table prints 7 significant digits: 1e-6 relative is its rounding.
            close(c.mttdl_hours(), mttdl, 1e-6);
            close(c.p_loss(YEAR), p, 1e-6);
        }
    }

    #[test]
    fn two_replicas_closed_form() {
        let c = chain(2, 1, 1);
        let (l, m) = (c.failure_rate, c.rebuild_rate);
        close(c.mttdl_hours(), (3.0 * l + m) / (2.0 * l * l), 1e-13);
    }

    /// Against the leading-order rates the design lists: the next-order terms are
    /// relative O(wλ/μ) with coefficients below w, so the bound is w²λ/μ (5e-4 for 6+3).
    #[test]
    fn leading_orders() {
        let (l, m) = (0.02 / YEAR, 1.0 / 24.0);
        let order = |c: StripeChain, rate: f64| {
            let bound = (c.width * c.width) as f64 * l / m;
            close(1.0 / c.mttdl_hours(), rate, bound)
        };
        order(chain(3, 2, 3), 3.0 * l.powi(3) / (m * m));
        order(chain(3, 2, 1), 6.0 * l.powi(3) / (m * m));
        order(chain(9, 3, 9), 504.0 * l.powi(4) / m.powi(3));
        order(chain(9, 3, 1), 3024.0 * l.powi(4) / m.powi(3));
    }

    /// A single device with no redundancy: the loss time is exponential.
    #[test]
    fn no_redundancy_is_exponential() {
        let c = StripeChain {
            width: 1,
            tolerated: 0,
            failure_rate: 1e-3,
            rebuild_rate: 1.0,
            concurrent: 1,
        };
        close(c.mttdl_hours(), 1000.0, 1e-14);
        close(c.p_loss(500.0), -(-0.5f64).exp_m1(), 1e-12);
    }

    /// The uniformized flux against the transient solution of a common case computed
    /// another way: two replicas' absorption probability by the eigenvalues of the 2x2
    /// transient generator.
    #[test]
    fn flux_matches_eigen_solution() {
        let (l, m) = (0.3, 2.0);
        let c = StripeChain {
            width: 2,
            tolerated: 1,
            failure_rate: l,
            rebuild_rate: m,
            concurrent: 1,
        };
        // Transient generator [[-2l, 2l], [m, -(l+m)]]; survival = Σ c_i e^{r_i t}.
        let tr = -(3.0 * l + m);
        let det = 2.0 * l * (l + m) - 2.0 * l * m;
        let disc = (tr * tr - 4.0 * det).sqrt();
        let (r1, r2) = ((tr + disc) / 2.0, (tr - disc) / 2.0);
        // S(0) = 1, S'(0) = 0 (no loss rate from all intact).
        let c1 = -r2 / (r1 - r2);
        let c2 = r1 / (r1 - r2);
        let t = 3.0;
        let survival = c1 * (r1 * t).exp() + c2 * (r2 * t).exp();
        close(c.p_loss(t), 1.0 - survival, 1e-12);
    }

    #[test]
    fn many_stripes() {
        close(any_of(1e-12, 1000), 1e-9, 1e-9);
        close(any_of(0.5, 2), 0.75, 1e-15);
    }
}
