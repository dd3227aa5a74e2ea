//! Plan's eliminations between racing rounds: the designs still in the race that a round
//! shows to cost more than a design shown to meet every objective.
//!
//! On total cost the comparison is paired: every design runs the same trials (common random
//! numbers), so the incumbent (the cheapest design shown feasible this round) and a rival
//! lose on the same failures, and the interval of their per-trial cost difference is far
//! narrower than either design's own (study::paired_cost). Against a design decided exactly,
//! whose cost has no error, a rival's own interval is compared with it. Either way each
//! design faces one cost decision a round, as plan's Bonferroni count assumes. On
//! infrastructure cost, known exactly, the comparison makes no error.
//!
//! Designs racing cannot separate are tied (ranking and selection's indifference zone,
//! Bechhofer 1954; Kim and Nelson 2001 race with one): a rival no cheaper in infrastructure
//! whose paired interval shows it costs at most δ (a share of the incumbent's cost) less
//! than the incumbent is dropped in the incumbent's favour, from the same interval and so
//! the same decision. The slack is taken once on any chain of discards (plan's keepers).
//! Designs identical to another on every trial run (a varied key that changes nothing
//! priced on these trials) are kept once whatever δ; no interval can show them apart.

use std::collections::HashMap;

use super::figures::Figures;
use super::parallel;
use super::plan::{cost_of, Minimize, PlanSpec};
use crate::report::money;
use crate::stats::Estimate;

use super::carry::Carried;
use super::paired_cost::paired_difference;

/// What a round's eliminations read.
pub(crate) struct Round<'a> {
    /// The plan's search.
    pub spec: &'a PlanSpec,
    /// The varied keys and each design's values, to name designs in reasons.
    pub keys: &'a [String],
    /// Each design's values.
    pub points: &'a [Vec<String>],
    /// Each design's infrastructure per year.
    pub infra: &'a [f64],
    /// Threads for the paired intervals.
    pub workers: usize,
    /// Confidence of the round's intervals.
    pub confidence: f64,
    /// Designs that may be dropped only when shown costlier outright, not as tied.
    pub keepers: &'a [bool],
}

/// A design dropped between rounds.
pub(crate) struct Elimination {
    /// Which.
    pub design: usize,
    /// Its cost at this round.
    pub cost: Estimate,
    /// Why, in a sentence.
    pub reason: String,
    /// The racing design it was dropped for, if one.
    pub kept: Option<usize>,
    /// Dropped as tied with `kept` rather than as costlier.
    pub tied: bool,
    /// The indifference zone's slack was taken: `kept` may cost up to δ more.
    pub slack: bool,
}

impl Elimination {
    fn costlier(design: usize, cost: Estimate, reason: String, kept: Option<usize>) -> Self {
        Elimination {
            design,
            cost,
            reason,
            kept,
            tied: false,
            slack: false,
        }
    }
}

impl Round<'_> {
    /// The designs of `still` (in the race, in plan order, each with its summary in
    /// `seen` and its trials in `carried`) shown to cost more than a design in `met` (shown
    /// to meet every objective this round, in plan order), than `exact` (the cheapest design
    /// decided feasible exactly, and its cost), or, on infrastructure cost, than `best_high`.
    pub fn eliminate(
        &self,
        still: &[usize],
        seen: &[Option<Figures>],
        carried: &[Option<Carried>],
        met: &[usize],
        best_high: f64,
        exact: Option<(usize, f64)>,
    ) -> Vec<Elimination> {
        let minimize = self.spec.minimize;
        let cost = |i: usize| cost_of(seen[i].as_ref().expect("a racing design ran"), minimize);
        let name = |i: usize| super::grid::describe(self.keys, &self.points[i]);
        if minimize == Minimize::InfrastructureCost {
            return still
                .iter()
                .map(|&i| (i, cost(i)))
                .filter(|(_, c)| c.ci_low.is_some_and(|low| low > best_high))
                .map(|(i, c)| {
                    let why = "its cost is above a feasible design's".to_string();
                    Elimination::costlier(i, c, why, None)
                })
                .collect();
        }
        let mut out = self.twins(still, seen, carried);
        let twin: Vec<usize> = out.iter().map(|e| e.design).collect();
        let still: Vec<usize> = still
            .iter()
            .copied()
            .filter(|i| !twin.contains(i))
            .collect();
        let met: Vec<usize> = met.iter().copied().filter(|i| !twin.contains(i)).collect();
        let incumbent = met
            .iter()
            .copied()
            .min_by(|&a, &b| cost(a).mean.total_cmp(&cost(b).mean));
        let against_exact = exact.filter(|&(_, c)| incumbent.is_none_or(|a| c <= cost(a).mean));
        if let Some((e, value)) = against_exact {
            for &i in &still {
                let c = cost(i);
                if c.ci_low.is_some_and(|low| low > value) {
                    let why = format!(
                        "its cost interval is above the total of {}, known exactly ({})",
                        name(e),
                        money(value)
                    );
                    out.push(Elimination::costlier(i, c, why, None));
                }
            }
            return out;
        }
        let Some(a) = incumbent else { return out };
        let Some(a_losses) = carried[a].as_ref().and_then(Carried::losses) else {
            return out;
        };
        let delta = self.spec.indifference * cost(a).mean.abs();
        // A rival may be dropped as tied if no keeper and no cheaper in infrastructure
        // (of two designs racing cannot separate, the cheaper to build stays).
        let may_tie = |i: usize| delta > 0.0 && !self.keepers[i] && self.infra[i] >= self.infra[a];
        // Only a rival dearer on average, or within δ of the incumbent, can be dropped.
        let rivals: Vec<(usize, &[f64])> = still
            .iter()
            .filter(|&&i| {
                i != a
                    && (cost(i).mean > cost(a).mean
                        || (may_tie(i) && cost(i).mean > cost(a).mean - delta))
            })
            .filter_map(|&i| {
                let losses = carried[i].as_ref().and_then(Carried::losses)?;
                (losses.len() == a_losses.len()).then_some((i, losses))
            })
            .collect();
        let most = |i: usize| {
            carried[i]
                .as_ref()
                .and_then(Carried::pricing)
                .map_or(f64::INFINITY, |p| p.most())
        };
        let differences = parallel::in_order(rivals.clone(), self.workers, &|(i, losses)| {
            paired_difference(
                a_losses,
                self.infra[a],
                losses,
                self.infra[i],
                most(a).max(most(i)),
                self.confidence,
            )
        });
        for ((i, _), d) in rivals.into_iter().zip(differences) {
            if let (Some(low), Some(high)) = (d.ci_low, d.ci_high) {
                if low > 0.0 {
                    let why = format!(
                        "costs more than {} on the same trials: {} a year more (paired interval {} to {})",
                        name(a),
                        money(d.mean),
                        money(low),
                        money(high)
                    );
                    out.push(Elimination::costlier(i, cost(i), why, Some(a)));
                } else if may_tie(i) && low > -delta {
                    let why = format!(
                        "tied with {} within the indifference zone of {}: on the same trials it costs {} a year more (paired interval {} to {}), so at most {} less",
                        name(a),
                        money(delta),
                        money(d.mean),
                        money(low),
                        money(high),
                        money(-low)
                    );
                    out.push(Elimination {
                        tied: true,
                        slack: true,
                        ..Elimination::costlier(i, cost(i), why, Some(a))
                    });
                }
            }
        }
        out
    }
}

impl Round<'_> {
    /// Designs of `still` identical to an earlier one (in plan order) on every trial run:
    /// the same infrastructure cost, priced loss on each trial, and objectives' figures.
    /// Each is dropped as tied with the first of its kind.
    fn twins(
        &self,
        still: &[usize],
        seen: &[Option<Figures>],
        carried: &[Option<Carried>],
    ) -> Vec<Elimination> {
        let mut first: HashMap<Vec<u64>, usize> = HashMap::new();
        let mut out = Vec::new();
        for &i in still {
            let (Some(losses), Some(figures)) = (
                carried[i].as_ref().and_then(Carried::losses),
                seen[i].as_ref(),
            ) else {
                continue;
            };
            let bits = |e: Option<Estimate>| {
                e.map_or([u64::MAX; 3], |e| {
                    [
                        e.mean,
                        e.ci_low.unwrap_or(f64::NAN),
                        e.ci_high.unwrap_or(f64::NAN),
                    ]
                    .map(f64::to_bits)
                })
            };
            let key: Vec<u64> = std::iter::once(self.infra[i].to_bits())
                .chain(losses.iter().map(|l| l.to_bits()))
                .chain(
                    self.spec
                        .objectives
                        .iter()
                        .flat_map(|o| bits(o.estimate(figures))),
                )
                .collect();
            match first.get(&key) {
                Some(&k) => {
                    let why = format!(
                        "identical to {} on all {} trials run (same priced loss on each, same figures, same infrastructure): no interval can tell them apart",
                        super::grid::describe(self.keys, &self.points[k]),
                        losses.len()
                    );
                    let cost = cost_of(figures, self.spec.minimize);
                    out.push(Elimination {
                        tied: true,
                        ..Elimination::costlier(i, cost, why, Some(k))
                    });
                }
                None => {
                    first.insert(key, i);
                }
            }
        }
        out
    }
}
