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

use std::collections::BTreeMap;

use serde::Serialize;

use crate::dist::Dist;
use crate::model::{device_domains, disjoint, place_stripes, Model, Spread, Stripes};
use crate::units::YEAR;

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

/// The chain's answer for one data set (the `exact` object of its `durability` entry).
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ExactDurability {
    /// Independent stripes (declustered over devices: one stripe as wide as the set).
    pub stripes: u64,
    /// Fragments per stripe.
    pub width: usize,
    /// Lost fragments a stripe survives.
    pub tolerated: usize,
    /// Rebuilds at once within a stripe.
    pub concurrent: usize,
    /// Destructive failures per device-hour.
    pub failure_rate: f64,
    /// Rebuilds per hour.
    pub rebuild_rate: f64,
    /// Mean hours to the first loss of one stripe.
    pub stripe_mttdl_hours: f64,
    /// One stripe's MTTDL over the number of stripes: the inverse of the set's long-run
    /// loss rate.
    pub mttdl_hours: f64,
    /// Probability of a loss within a year from all intact.
    pub p_loss_per_year: f64,
    /// Probability of a loss within the horizon from all intact.
    pub p_loss_horizon: f64,
    /// −log10 of `p_loss_per_year`.
    pub nines: f64,
    /// What the simulation models that the chain does not (empty: exact).
    pub leaves_out: Vec<String>,
}

fn exponential_rate(dist: &Dist) -> Option<f64> {
    match dist {
        Dist::Exponential { mean, .. } => Some(1.0 / mean),
        _ => None,
    }
}

/// The chain of data set `d` of `model`, or why it does not apply. It applies when every
/// destructive failure is an exponential failure mode of the storing component itself,
/// the rebuild time is exponential, stripes are independent (disjoint, each with its own
/// rebuilds: one stripe, or a pool no smaller than the devices; declustered over devices),
/// and no backup covers losses.
pub fn for_data_set(model: &Model, d: usize) -> Result<ExactDurability, String> {
    let set = &model.data[d];
    let dur = set.durability.as_ref().ok_or("no redundancy")?;
    let disk = &model.components[set.stored_on];
    let mut failure_rate = 0.0;
    let mut repair_mean: f64 = 0.0;
    for destructive in &dur.destructive {
        if destructive.component != set.stored_on {
            return Err(format!(
                "failures of \"{}\" destroy many devices at once; the one-stripe chain assumes devices fail independently",
                model.components[destructive.component].name
            ));
        }
        let mode = &disk.modes[destructive.mode];
        failure_rate += exponential_rate(&mode.failure).ok_or_else(|| {
            format!(
                "\"{}\" fails with a non-exponential law; the chain needs constant failure rates",
                mode.name
            )
        })?;
        repair_mean = repair_mean.max(mode.repair.mean());
    }
    let rebuild_rate = exponential_rate(&dur.rebuild).ok_or(
        "the rebuild time is not exponential (a throughput gives a fixed time); the chain needs an exponential rebuild, and to leading order a fixed time τ gives the same loss rate as 1/μ = τ",
    )?;
    if !set.backups.is_empty() {
        return Err("backups cover losses, which the chain counts".into());
    }
    if disk.failover.is_some() {
        return Err("standbys of the storing component age differently when idle".into());
    }
    let width = dur.width();
    let (stripes, width, concurrent) = match dur.stripes {
        Stripes::All => match dur.spread {
            Spread::Device => (1, disk.count, dur.concurrent.min(disk.count)),
            Spread::Domain(_) => {
                return Err("declustered over domains holding several devices: a loss depends on which devices fail, not only how many".into())
            }
        },
        Stripes::Count(count) => {
            let placed = place_stripes(&device_domains(&model.components, set), width, count, model.settings.seed);
            if !disjoint(&placed) {
                return Err(format!(
                    "{count} stripes of {width} on {} devices share devices, so they are not independent",
                    disk.count
                ));
            }
            if count > 1 && dur.concurrent < count * width {
                return Err(format!(
                    "{count} stripes share a pool of {} rebuilds, which couples them",
                    dur.concurrent
                ));
            }
            (count as u64, width, dur.concurrent.min(width))
        }
    };
    let chain = StripeChain {
        width,
        tolerated: dur.parity,
        failure_rate,
        rebuild_rate,
        concurrent,
    };
    let mut leaves_out = Vec::new();
    if repair_mean > 0.01 / rebuild_rate {
        leaves_out.push(format!(
            "a destroyed device is replaced after {} on average, and cannot fail again meanwhile; the chain lets a rebuilt fragment fail at once (exact when the replacement is under 1% of the rebuild)",
            crate::units::format_duration(repair_mean)
        ));
    }
    let stripe_mttdl = chain.mttdl_hours();
    let p_year = any_of(chain.p_loss(YEAR), stripes);
    Ok(ExactDurability {
        stripes,
        width,
        tolerated: dur.parity,
        concurrent,
        failure_rate,
        rebuild_rate,
        stripe_mttdl_hours: stripe_mttdl,
        mttdl_hours: stripe_mttdl / stripes as f64,
        p_loss_per_year: p_year,
        p_loss_horizon: any_of(chain.p_loss(model.settings.horizon), stripes),
        nines: -p_year.log10(),
        leaves_out,
    })
}

/// Every data set with redundancy, by name: its chain, or why none applies.
pub fn all(model: &Model) -> BTreeMap<String, Result<ExactDurability, String>> {
    model
        .data
        .iter()
        .enumerate()
        .filter(|(_, set)| set.durability.is_some())
        .map(|(d, set)| (set.name.clone(), for_data_set(model, d)))
        .collect()
}

/// The durability lines of `nines solve` (text; `markdown` makes a list of them).
pub fn solve_text(model: &Model, markdown: bool) -> String {
    let all = all(model);
    if all.is_empty() {
        return String::new();
    }
    let mut out = if markdown {
        "\n### Durability (absorbing chain of a stripe)\n\n".to_string()
    } else {
        "\nDurability (absorbing chain of a stripe)\n".to_string()
    };
    let bullet = if markdown { "- " } else { "  " };
    for (name, answer) in all {
        let line = match answer {
            Ok(e) => format!(
                "{name}: P(loss)/year {:.6e}, nines {:.2}, MTTDL {:.6e} h ({} stripe(s) of {} tolerating {}){}",
                e.p_loss_per_year,
                e.nines,
                e.mttdl_hours,
                e.stripes,
                e.width,
                e.tolerated,
                if e.leaves_out.is_empty() {
                    String::new()
                } else {
                    format!("; leaves out: {}", e.leaves_out.join("; "))
                }
            ),
            Err(reason) => format!("{name}: no exact chain: {reason}"),
        };
        out.push_str(bullet);
        out.push_str(&line);
        out.push('\n');
    }
    out
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
