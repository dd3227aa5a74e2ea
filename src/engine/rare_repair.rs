//! The rare method's repair bias: a branch redraws the repair its excursion opened with,
//! longer (docs/rare-events.md, "The weak case").
//!
//! An outage needs further failures within the opening repair R, and lasts part of it, so an
//! excursion's downtime grows like a power of R. Forcing failures inside windows does not
//! reach the rare long repairs that carry most of it when repairs are heavy-tailed: they are
//! drawn at their natural rate and the per-trial estimates are heavy-tailed in turn. The
//! branch therefore draws R from the lognormal tilted by r^k, which is the same lognormal
//! with its log-mean moved by kσ², and carries the likelihood ratio
//! `f(r) / g(r) = E[R^k] / r^k = exp(−k (ln r − μ) + k²σ²/2)`.
//!
//! Redrawing is exact: the main run's draw of R is part of its own path, not of the state
//! the branch estimates from (the failure's instant and everything before it), so the
//! branch may draw R afresh from its law, as it draws everything after.

use super::queue::Event;
use super::sampler::Sampler;
use super::trial::Simulator;
use crate::dist::Dist;

/// A draw of `law`, the lognormal (`mu`, `sigma`), tilted by r^`k`, and its log likelihood
/// ratio `ln(f(r) / g(r))`: `r` is a natural draw scaled by e^{kσ²}.
fn tilted_lognormal(sampler: &mut Sampler, law: &Dist, mu: f64, sigma: f64, k: f64) -> (f64, f64) {
    let shift = k * sigma * sigma;
    let r = sampler.time(law) * shift.exp();
    (r, -k * (r.ln() - mu) + 0.5 * k * shift)
}

impl Simulator<'_> {
    /// Redraws, tilted by r^`k`, the lognormal repair of the slot whose failure `opened`
    /// the excursion at this instant, if its repair began (it found a crew free): a slot
    /// that failed now has nothing of an earlier repair to resume, so its repair under way
    /// began now. Returns the log likelihood ratio (0 when nothing was redrawn). Other
    /// openings, other laws and `k` = 0 are left as they are.
    pub(super) fn tilt_opening_repair(&mut self, k: f64, opened: Event) -> f64 {
        let Event::Fail { slot, .. } = opened else {
            return 0.0;
        };
        let s = slot as usize;
        if k <= 0.0 || !self.slot_down[s] {
            return 0.0;
        }
        let mode = self.layout.slot_mode[s] as usize;
        let law = super::crews::repair_law(self.phases.as_deref(), self.layout, mode);
        let &Dist::LogNormal { mu, sigma, .. } = law else {
            return 0.0;
        };
        // After the law: the scan is for lognormal repairs only.
        let Some(due) = self.repair_due(slot) else {
            return 0.0;
        };
        let (r, ln_lr) = tilted_lognormal(&mut self.sampler, law, mu, sigma, k);
        let new_due = self.now + r * self.repair_factor[mode];
        if !self.queue.reschedule(Event::Repaired(slot), due, new_due) {
            // Its completion is not pending as drawn (nothing else moves it within the
            // instant); keep the draw as it was rather than guess.
            return 0.0;
        }
        self.note_repair_due(slot, new_due);
        ln_lr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Weighted by their likelihood ratios, tilted draws must give the natural law's
    /// figures: the ratio's mean 1, the mean E[R] = e^{μ+σ²/2} and the share above the
    /// natural p95, e^{μ+1.644854σ} (the quantile written out, not the crate's), 5 %. Each
    /// within 4.4 standard errors estimated from the same draws (one in 10⁵ by chance).
    #[test]
    fn weighted_tilted_draws_keep_the_natural_laws_figures() {
        let law = Dist::lognormal_mean_sd(4.0, 6.0).expect("valid");
        let Dist::LogNormal { mu, sigma, .. } = law else {
            unreachable!()
        };
        let p95 = (mu + 1.644_853_626_951_472_2 * sigma).exp();
        for k in [0.5f64, 1.0, 2.0] {
            let mut sampler = Sampler::for_trial(7, k.to_bits());
            let n = 400_000;
            let (mut w, mut wr, mut tail) = (Vec::new(), Vec::new(), Vec::new());
            for _ in 0..n {
                let (r, ln_lr) = tilted_lognormal(&mut sampler, &law, mu, sigma, k);
                let lr = ln_lr.exp();
                w.push(lr);
                wr.push(lr * r);
                tail.push(if r > p95 { lr } else { 0.0 });
            }
            // The tilt really moves the draws: their median is e^{μ+kσ²}, far above e^μ.
            let mut plain: Vec<f64> = (0..2001)
                .map(|_| tilted_lognormal(&mut sampler, &law, mu, sigma, k).0)
                .collect();
            plain.sort_by(f64::total_cmp);
            let median_ratio = plain[1000] / (mu + k * sigma * sigma).exp();
            assert!((0.9..1.1).contains(&median_ratio), "k {k}: {median_ratio}");
            for (name, xs, expected) in [
                ("ratio", &w, 1.0),
                ("mean", &wr, (mu + sigma * sigma / 2.0).exp()),
                ("tail", &tail, 0.05),
            ] {
                let m = xs.iter().sum::<f64>() / n as f64;
                let var = xs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n as f64 - 1.0);
                let se = (var / n as f64).sqrt();
                assert!(
                    (m - expected).abs() < 4.4 * se,
                    "k {k} {name}: {m} vs {expected} (se {se})"
                );
            }
        }
    }
}
