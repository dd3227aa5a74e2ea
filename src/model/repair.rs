//! Repair resources beyond one shared pool: crews by kind, priority between components, and
//! preemption (docs/scenario-format.md, "Repair crews by kind, priority and preemption").
//!
//! A *pool* is the crews one failure can be taken by: the single shared pool of
//! [`super::Crews`] when the scenario gives no kinds, else one pool per kind. The engine and
//! the exact chain both read the rules through [`RepairRules::pools`],
//! [`RepairRules::pool_of`] and [`RepairRules::level_of`], so they cannot disagree on them.

use super::Crews;

/// One kind of crew and how many of it there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrewKind {
    /// Name from `[repair.crews]`.
    pub name: String,
    /// Crews of this kind.
    pub crews: usize,
}

/// Who repairs what, and in which order. The default (no kinds, every priority 0, no
/// preemption) is the shared pool, first come first served.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RepairRules {
    /// Kinds of crew; empty: the one pool of [`super::Model::crews`].
    pub kinds: Vec<CrewKind>,
    /// Kind each component's failures need, by component (empty without kinds).
    pub component_kind: Vec<usize>,
    /// Priority of each component's failures, higher served first (empty: all 0).
    pub component_priority: Vec<i64>,
    /// Whether a failure takes a crew from a repair of lower priority when none is free.
    pub preemption: bool,
}

impl RepairRules {
    /// Crews in each pool (`usize::MAX`: unlimited).
    pub fn pools(&self, crews: Crews) -> Vec<usize> {
        if self.kinds.is_empty() {
            vec![match crews {
                Crews::Unlimited => usize::MAX,
                Crews::Limited(n) => n,
            }]
        } else {
            self.kinds.iter().map(|k| k.crews).collect()
        }
    }

    /// The pool that repairs component `component`'s failures.
    pub fn pool_of(&self, component: usize) -> usize {
        self.component_kind.get(component).copied().unwrap_or(0)
    }

    /// Distinct priorities, lowest first: a component's level is its place in this list.
    pub fn priorities(&self) -> Vec<i64> {
        if self.component_priority.is_empty() {
            return vec![0];
        }
        let mut all = self.component_priority.clone();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Priority level of component `component`: 0 the lowest, dense.
    pub fn level_of(&self, component: usize) -> usize {
        let priority = self.component_priority.get(component).copied().unwrap_or(0);
        self.priorities()
            .iter()
            .position(|&p| p == priority)
            .expect("every component's priority is a level")
    }

    /// Pool and priority level of every failure slot of `layout`, by slot.
    pub fn slot_pools_and_levels(&self, layout: &super::Layout) -> (Vec<usize>, Vec<usize>) {
        let priorities = self.priorities();
        let component =
            |s: usize| layout.instance_component[layout.slot_instance[s] as usize] as usize;
        (0..layout.slot_count())
            .map(|s| {
                let c = component(s);
                let priority = self.component_priority.get(c).copied().unwrap_or(0);
                let level = priorities.binary_search(&priority);
                (self.pool_of(c), level.expect("every priority is a level"))
            })
            .unzip()
    }

    /// Whether a failure may ever wait for a crew: some pool has fewer crews than failure
    /// slots (instances times modes) of the components it repairs.
    pub fn can_wait(&self, crews: Crews, components: &[super::Component]) -> bool {
        let mut slots = vec![0usize; self.pools(crews).len()];
        for (c, component) in components.iter().enumerate() {
            slots[self.pool_of(c)] += component.count * component.modes.len();
        }
        self.pools(crews).iter().zip(&slots).any(|(&n, &s)| n < s)
    }

    /// The crews as `nines check` describes them; `shared` describes the shared pool.
    pub fn describe(&self, shared: String) -> String {
        let mut text = if self.kinds.is_empty() {
            shared
        } else {
            let kinds: Vec<String> = self
                .kinds
                .iter()
                .map(|k| format!("{} {}", k.name, k.crews))
                .collect();
            format!("by kind ({}), first come first served", kinds.join(", "))
        };
        if self.priorities().len() > 1 {
            text += " within a priority, higher priority first";
            if self.preemption {
                text += ", preemptive (an interrupted repair resumes)";
            }
        }
        text
    }

    /// Whether the rules are the default's: one pool, first come first served.
    pub fn is_first_come_first_served(&self) -> bool {
        self.kinds.is_empty() && self.priorities().len() <= 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_dense_and_ordered() {
        let rules = RepairRules {
            component_priority: vec![5, -2, 5, 9],
            ..RepairRules::default()
        };
        assert_eq!(rules.priorities(), vec![-2, 5, 9]);
        assert_eq!(
            (0..4).map(|c| rules.level_of(c)).collect::<Vec<_>>(),
            vec![1, 0, 1, 2]
        );
        assert!(!rules.is_first_come_first_served());
        let default = RepairRules::default();
        assert_eq!(default.priorities(), vec![0]);
        assert_eq!(default.level_of(3), 0);
        assert!(default.is_first_come_first_served());
        assert_eq!(default.pools(Crews::Limited(2)), vec![2]);
    }
}
