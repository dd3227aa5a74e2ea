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

use super::parallel;
use super::plan::{cost_of, Minimize, PlanSpec};
use crate::report::money;
use crate::stats::{Estimate, Summary};

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
}

/// A design shown to cost more: which, its cost, why.
pub(crate) type Elimination = (usize, Estimate, String);

impl Round<'_> {
    /// The designs of `still` (in the race, in plan order, each with its summary in
    /// `seen` and its trials in `carried`) shown to cost more than a design in `met` (shown
    /// to meet every objective this round, in plan order), than `exact` (the cheapest design
    /// decided feasible exactly, and its cost), or, on infrastructure cost, than `best_high`.
    pub fn eliminate(
        &self,
        still: &[usize],
        seen: &[Option<Summary>],
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
                .map(|(i, c)| (i, c, "its cost is above a feasible design's".to_string()))
                .collect();
        }
        let incumbent = met
            .iter()
            .copied()
            .min_by(|&a, &b| cost(a).mean.total_cmp(&cost(b).mean));
        let against_exact = exact.filter(|&(_, c)| incumbent.is_none_or(|a| c <= cost(a).mean));
        let mut out = Vec::new();
        if let Some((e, value)) = against_exact {
            for &i in still {
                let c = cost(i);
                if c.ci_low.is_some_and(|low| low > value) {
                    let why = format!(
                        "its cost interval is above the total of {}, known exactly ({})",
                        name(e),
                        money(value)
                    );
                    out.push((i, c, why));
                }
            }
            return out;
        }
        let Some(a) = incumbent else { return out };
        let Some(a_losses) = carried[a].as_ref().and_then(Carried::losses) else {
            return out;
        };
        // Only a rival dearer on average can be shown dearer.
        let rivals: Vec<(usize, &[f64])> = still
            .iter()
            .filter(|&&i| i != a && cost(i).mean > cost(a).mean)
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
                    out.push((i, cost(i), why));
                }
            }
        }
        out
    }
}
