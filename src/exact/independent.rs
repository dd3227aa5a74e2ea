//! The independent-components answer: each failure mode of each instance is an alternating
//! renewal process (up for a draw of its failure law, down for a draw of its repair law),
//! independent of everything else, and the structure function turns their long-run states
//! into the service's.
//!
//! A mode's long-run unavailability is MTTR / (MTTF + MTTR) and its failure frequency
//! 1 / (MTTF + MTTR), whatever the two laws (Barlow & Proschan). The service's unavailability
//! is the structure function evaluated on these probabilities, and its outage frequency is
//! the sum over modes of frequency times Birnbaum importance (a service outage begins exactly
//! when a mode fails while it is critical). Instances that others depend on (zones) and
//! components used in more than one place are conditioned on: every joint state of them is
//! enumerated, and given it the rest of the structure is a tree of independent parts, where
//! each k-of-n is a dynamic programme over counts, in "down" space so that nothing is
//! computed as 1 minus a number close to 1.

use super::Figures;
use crate::model::{Child, Model};
use crate::units::YEAR;

/// Joint states of conditioned instances this method enumerates at most (2^16).
const MAX_CONDITIONED: usize = 16;

/// A probability and its complement, each computed without subtraction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    /// Probability of being up.
    pub up: f64,
    /// Probability of being down.
    pub down: f64,
}

impl Pair {
    const UP: Pair = Pair { up: 1.0, down: 0.0 };
    const DOWN: Pair = Pair { up: 0.0, down: 1.0 };
}

/// Distribution of the number of up items among independent ones, kept only up to `cap`
/// (the last cell holds "cap or more"), built by adding items one at a time.
struct CountDp {
    cells: Vec<f64>,
}

impl CountDp {
    fn new(cap: usize) -> CountDp {
        let mut cells = vec![0.0; cap + 1];
        cells[0] = 1.0;
        CountDp { cells }
    }

    /// Adds `copies` independent items, each up with `p.up` and down with `p.down`.
    fn add(&mut self, p: Pair, copies: usize) {
        let cap = self.cells.len() - 1;
        for _ in 0..copies {
            // From the top down so that each cell is used before it is overwritten.
            for j in (0..=cap).rev() {
                let stay = self.cells[j] * p.down;
                let from_below = if j > 0 { self.cells[j - 1] * p.up } else { 0.0 };
                let top_up = if j == cap { self.cells[j] * p.up } else { 0.0 };
                self.cells[j] = stay + from_below + top_up;
            }
        }
    }

    /// P(at least k up) and P(fewer than k up), both as sums of positive terms.
    fn at_least(&self, k: usize) -> Pair {
        let down: f64 = self.cells[..k.min(self.cells.len())].iter().sum();
        let up: f64 = self.cells[k.min(self.cells.len())..].iter().sum();
        Pair { up, down }
    }

    /// P(exactly j up), for j below the cap.
    fn exactly(&self, j: usize) -> f64 {
        self.cells.get(j).copied().unwrap_or(0.0)
    }
}

/// Per-mode long-run figures of one component.
struct ModeFigures {
    /// Up and down probabilities.
    p: Pair,
    /// Failures per hour.
    frequency: f64,
}

/// The independent-components solution of `model`, with the model's failover groups taken as
/// instant and perfect (a group is up while `need` of its instances are available). `None`
/// with a reason when the structure needs more conditioning than this method enumerates.
pub fn solve(model: &Model) -> Result<Figures, String> {
    if let Some(reason) = super::peak_need_refusal(model) {
        return Err(reason);
    }
    let n_components = model.components.len();
    let modes: Vec<Vec<ModeFigures>> = model
        .components
        .iter()
        .map(|c| {
            c.modes
                .iter()
                .map(|m| {
                    let (mttf, mttr) = (m.failure.mean(), m.repair.mean());
                    let cycle = mttf + mttr;
                    ModeFigures {
                        p: Pair {
                            up: mttf / cycle,
                            down: mttr / cycle,
                        },
                        frequency: 1.0 / cycle,
                    }
                })
                .collect()
        })
        .collect();
    // An instance's own state: up while every mode is.
    let own: Vec<Pair> = modes
        .iter()
        .map(|ms| {
            let mut p = Pair::UP;
            for m in ms {
                // down = 1 - Π up, accumulated as down + up·q: no cancellation.
                p = Pair {
                    up: p.up * m.p.up,
                    down: p.down + p.up * m.p.down,
                };
            }
            p
        })
        .collect();

    // Conditioned components: depended on, or used by more than one block.
    let mut uses = vec![0usize; n_components];
    for block in &model.blocks {
        for child in &block.children {
            if let Child::Component(c) = child {
                uses[*c] += 1;
            }
        }
    }
    let mut block_uses = vec![0usize; model.blocks.len()];
    for block in &model.blocks {
        for child in &block.children {
            if let Child::Block(b) = child {
                block_uses[*b] += 1;
            }
        }
    }
    if let Some(b) = block_uses.iter().position(|&u| u > 1) {
        return Err(format!(
            "block `{}` is used in more than one place; the independent formula needs a tree of blocks",
            model.blocks[b].name
        ));
    }
    let mut conditioned = vec![false; n_components];
    for (c, component) in model.components.iter().enumerate() {
        for &d in &component.depends_on {
            conditioned[d] = true;
        }
        if uses[c] > 1 {
            conditioned[c] = true;
        }
    }
    // The conditioned instances, as (component, instance) in a fixed order.
    let cond_instances: Vec<(usize, usize)> = (0..n_components)
        .filter(|&c| conditioned[c])
        .flat_map(|c| (0..model.components[c].count).map(move |i| (c, i)))
        .collect();
    if cond_instances.len() > MAX_CONDITIONED {
        return Err(format!(
            "{} instances of components that others depend on (or used twice); the independent \
             formula conditions on at most {MAX_CONDITIONED}",
            cond_instances.len()
        ));
    }
    let order = dependency_order(model);

    let mut unavailability = 0.0;
    let mut availability = 0.0;
    let mut frequency = 0.0;
    let scenarios = 1usize << cond_instances.len();
    // Own state of each conditioned instance per scenario bit: bit set = own-down.
    for s in 0..scenarios {
        let mut weight = 1.0;
        for (bit, &(c, _)) in cond_instances.iter().enumerate() {
            weight *= if s >> bit & 1 == 1 {
                own[c].down
            } else {
                own[c].up
            };
        }
        if weight == 0.0 {
            continue;
        }
        let given = Given::new(model, &cond_instances, &order, s);
        let eval = given.evaluate(model, &own);
        availability += weight * eval.root.up;
        unavailability += weight * eval.root.down;
        // Modes of unconditioned instances: frequency × P(critical) given the scenario.
        for c in 0..n_components {
            if conditioned[c] {
                continue;
            }
            let Some(pivot) = eval.component_pivot[c] else {
                continue;
            };
            let component = &model.components[c];
            for (class_ok, &n) in given.ok_counts[c].iter().enumerate() {
                let _ = class_ok;
                if n == 0 {
                    continue;
                }
                // An available-capable instance is critical for its component when exactly
                // need - 1 of the other capable instances are up.
                let mut dp = CountDp::new(component.need);
                dp.add(own[c], n - 1);
                let critical = if component.need == 0 {
                    0.0
                } else {
                    dp.exactly(component.need - 1)
                };
                for (m, mode) in modes[c].iter().enumerate() {
                    let others_up: f64 = modes[c]
                        .iter()
                        .enumerate()
                        .filter(|&(m2, _)| m2 != m)
                        .map(|(_, x)| x.p.up)
                        .product();
                    frequency += weight * n as f64 * mode.frequency * others_up * critical * pivot;
                }
            }
        }
    }
    // Modes of conditioned instances: the scenario changes; the service fails when it is up
    // with the mode up and down with it down (same realisation of the rest).
    for (bit, &(c, _)) in cond_instances.iter().enumerate() {
        for (m, mode) in modes[c].iter().enumerate() {
            let others_up: f64 = modes[c]
                .iter()
                .enumerate()
                .filter(|&(m2, _)| m2 != m)
                .map(|(_, x)| x.p.up)
                .product();
            for s in 0..scenarios {
                if s >> bit & 1 == 1 {
                    continue;
                }
                let mut weight = 1.0;
                for (b2, &(c2, _)) in cond_instances.iter().enumerate() {
                    if b2 != bit {
                        weight *= if s >> b2 & 1 == 1 {
                            own[c2].down
                        } else {
                            own[c2].up
                        };
                    }
                }
                if weight == 0.0 {
                    continue;
                }
                let up_case = Given::new(model, &cond_instances, &order, s).evaluate(model, &own);
                let down_case =
                    Given::new(model, &cond_instances, &order, s | 1 << bit).evaluate(model, &own);
                let critical = (down_case.root.down - up_case.root.down).max(0.0);
                frequency += weight * mode.frequency * others_up * critical;
            }
        }
    }
    let states = scenarios as u64;
    Ok(Figures {
        availability,
        unavailability,
        outages_per_year: frequency * YEAR,
        mean_outage_hours: (frequency > 0.0).then(|| unavailability / frequency),
        horizon_availability: None,
        horizon_reason: None,
        states,
    })
}

/// Components in an order where every component comes after those it depends on.
fn dependency_order(model: &Model) -> Vec<usize> {
    let n = model.components.len();
    let mut done = vec![false; n];
    let mut order = Vec::with_capacity(n);
    fn visit(c: usize, model: &Model, done: &mut [bool], order: &mut Vec<usize>) {
        if done[c] {
            return;
        }
        done[c] = true;
        for &d in &model.components[c].depends_on {
            visit(d, model, done, order);
        }
        order.push(c);
    }
    for c in 0..n {
        visit(c, model, &mut done, &mut order);
    }
    order
}

/// The structure given one joint state of the conditioned instances.
struct Given {
    /// Per conditioned component: availability of each instance; empty for the others.
    fixed: Vec<Vec<bool>>,
    /// Per unconditioned component: number of instances whose dependencies are all
    /// available (one entry; the vector keeps room for classes).
    ok_counts: Vec<Vec<usize>>,
}

/// Results of evaluating the structure given a scenario.
struct Evaluation {
    root: Pair,
    /// Probability that a component's state decides the root's (its Birnbaum factor), for
    /// components in the tree.
    component_pivot: Vec<Option<f64>>,
}

impl Given {
    fn new(model: &Model, cond: &[(usize, usize)], order: &[usize], scenario: usize) -> Given {
        let n = model.components.len();
        let mut own_down = vec![Vec::new(); n];
        for (bit, &(c, i)) in cond.iter().enumerate() {
            if own_down[c].is_empty() {
                own_down[c] = vec![false; model.components[c].count];
            }
            own_down[c][i] = scenario >> bit & 1 == 1;
        }
        let mut fixed: Vec<Vec<bool>> = vec![Vec::new(); n];
        let mut ok_counts = vec![Vec::new(); n];
        for &c in order {
            let component = &model.components[c];
            let deps_ok = |i: usize, fixed: &Vec<Vec<bool>>| {
                component.depends_on.iter().all(|&d| {
                    let m = model.components[d].count;
                    fixed[d][i % m]
                })
            };
            if !own_down[c].is_empty() {
                fixed[c] = (0..component.count)
                    .map(|i| !own_down[c][i] && deps_ok(i, &fixed))
                    .collect();
            } else {
                let ok = (0..component.count).filter(|&i| deps_ok(i, &fixed)).count();
                ok_counts[c] = vec![ok];
            }
        }
        Given { fixed, ok_counts }
    }

    fn component(&self, model: &Model, own: &[Pair], c: usize) -> Pair {
        let component = &model.components[c];
        if !self.fixed[c].is_empty() {
            let available = self.fixed[c].iter().filter(|&&a| a).count();
            return if available >= component.need {
                Pair::UP
            } else {
                Pair::DOWN
            };
        }
        let mut dp = CountDp::new(component.need);
        dp.add(own[c], self.ok_counts[c][0]);
        dp.at_least(component.need)
    }

    fn evaluate(&self, model: &Model, own: &[Pair]) -> Evaluation {
        let mut component_pivot = vec![None; model.components.len()];
        let root = self.block(model, own, model.root, 1.0, &mut component_pivot);
        Evaluation {
            root,
            component_pivot,
        }
    }

    /// The block's up/down pair; records `pivot` × criticality for every component below.
    fn block(
        &self,
        model: &Model,
        own: &[Pair],
        b: usize,
        pivot: f64,
        pivots: &mut Vec<Option<f64>>,
    ) -> Pair {
        let block = &model.blocks[b];
        let children: Vec<Pair> = block
            .children
            .iter()
            .map(|child| match *child {
                Child::Component(c) => self.component(model, own, c),
                // Pivots below are filled in the second pass, when this block's is known.
                Child::Block(inner) => self.block(model, own, inner, 0.0, &mut Vec::new()),
            })
            .collect();
        let mut dp = CountDp::new(block.k);
        for p in &children {
            dp.add(*p, 1);
        }
        let result = dp.at_least(block.k);
        if pivot > 0.0 || !pivots.is_empty() {
            for (j, child) in block.children.iter().enumerate() {
                // Child j decides the block when exactly k - 1 of the others are up.
                let mut others = CountDp::new(block.k);
                for (j2, p) in children.iter().enumerate() {
                    if j2 != j {
                        others.add(*p, 1);
                    }
                }
                let critical = if block.k == 0 {
                    0.0
                } else {
                    others.exactly(block.k - 1)
                };
                match *child {
                    Child::Component(c) => {
                        if !pivots.is_empty() {
                            pivots[c] = Some(pivot * critical);
                        }
                    }
                    Child::Block(inner) => {
                        if !pivots.is_empty() {
                            self.block(model, own, inner, pivot * critical, pivots);
                        }
                    }
                }
            }
        }
        result
    }
}

/// What the simulation models that the independent formula leaves out, as phrases for the
/// report; empty when the formula is exact for this model.
pub fn leaves_out(model: &Model) -> Vec<String> {
    let mut out = Vec::new();
    if model.repair.can_wait(model.crews, &model.components) {
        out.push("shared crews".to_string());
    }
    let groups = || model.components.iter().filter_map(|c| c.failover.as_ref());
    if groups().any(|f| {
        !f.detection.is_zero()
            || !f.switchover.is_zero()
            || (f.standby != crate::model::Standby::Hot && !f.startup.is_zero())
            || f.success < 1.0
    }) {
        out.push("failover time and failed switchovers".to_string());
    }
    if groups().any(|f| f.standby != crate::model::Standby::Hot) {
        out.push("standbys ageing slower while idle".to_string());
    }
    if groups().any(|f| !f.monitored) {
        out.push("latent standby failures".to_string());
    }
    if model.components.iter().any(|c| !c.shocks.is_empty()) {
        out.push("shocks".to_string());
    }
    if model.components.iter().any(|c| c.maintenance.is_some()) {
        out.push("maintenance".to_string());
    }
    if model.data.iter().any(|d| !d.disasters.is_empty()) {
        out.push("data restores".to_string());
    }
    out.extend(super::mechanisms::left_out(model));
    out
}
