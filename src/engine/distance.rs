//! Failure distance and the on-cut set: the importance function of the rare-event method
//! (docs/design/rare-events.md §3.1).
//!
//! The *failure distance* of a node is the least number of further instance unavailabilities
//! that bring it down: `max(0, a − k + 1)` for a component with `a` available instances of
//! which it needs `k`, and for a block needing `k` of its up children the sum of the
//! `up − k + 1` smallest child distances; a failover group's available standbys add to its
//! component's distance. A trial leaves its nominal redundancy when the
//! root's distance drops below its all-up value `d0`: that is where the method branches.
//!
//! The *on-cut* instances are those whose failure moves the root towards failure along a
//! cheapest path: marked top-down from the root through the children that realise each
//! block's distance (ties included), then from each marked instance to the instances it
//! depends on. Only their failure clocks are biased.
//!
//! Correctness never depends on this notion, only efficiency: another measure of how close
//! the system is to failure (a data set's stripes, say) can replace [`Distance`] as long as it
//! offers `distance` and `mark`.

use super::trial::Simulator;
use crate::model::Layout;

/// Stands for "cannot go down" (a node needing none of its children).
const FAR: u32 = u32::MAX / 4;

/// The structure's failure distance and on-cut marks, with storage for computing them.
#[derive(Debug, Clone)]
pub struct Distance {
    /// Structure nodes ordered children first.
    order: Vec<u32>,
    /// Child nodes of each block node (components have instances, not child nodes).
    children: Vec<Vec<u32>>,
    /// Instances each instance depends on.
    depends_on: Vec<Vec<u32>>,
    /// Number of component nodes (they come first).
    components: usize,
    /// The failover group of each component node, if any: its available standbys count as
    /// redundancy too.
    node_group: Vec<Option<u32>>,
    /// Distance of each node, as last computed.
    node_distance: Vec<u32>,
    /// Marks: nodes on a cheapest path to failure.
    node_marked: Vec<bool>,
    /// Marks: instances whose failure is on such a path.
    instance_on_cut: Vec<bool>,
    /// Scratch for sorting child distances and for the marking walk.
    scratch: Vec<u32>,
    /// Scratch stack for the marking walk.
    stack: Vec<u32>,
}

impl Distance {
    /// The distance of `layout`'s structure, with all storage allocated.
    pub fn new(layout: &Layout) -> Distance {
        let nodes = layout.node_count();
        let components = layout.component_first_instance.len();
        let mut children = vec![Vec::new(); nodes];
        for node in 0..nodes {
            for &parent in layout.node_parents.of(node) {
                children[parent as usize].push(node as u32);
            }
        }
        let mut depends_on = vec![Vec::new(); layout.instance_count()];
        for instance in 0..layout.instance_count() {
            for &dependent in layout.dependents.of(instance) {
                depends_on[dependent as usize].push(instance as u32);
            }
        }
        // Children before parents: a depth-first post-order from every node.
        let mut order = Vec::with_capacity(nodes);
        let mut seen = vec![false; nodes];
        fn visit(node: usize, children: &[Vec<u32>], seen: &mut [bool], order: &mut Vec<u32>) {
            if seen[node] {
                return;
            }
            seen[node] = true;
            for &child in &children[node] {
                visit(child as usize, children, seen, order);
            }
            order.push(node as u32);
        }
        for node in 0..nodes {
            visit(node, &children, &mut seen, &mut order);
        }
        let mut node_group = vec![None; components];
        for (g, group) in layout.groups.iter().enumerate() {
            node_group[group.component as usize] = Some(g as u32);
        }
        let widest = children.iter().map(Vec::len).max().unwrap_or(0);
        Distance {
            order,
            children,
            depends_on,
            components,
            node_group,
            node_distance: vec![0; nodes],
            node_marked: vec![false; nodes],
            instance_on_cut: vec![false; layout.instance_count()],
            scratch: Vec::with_capacity(widest.max(layout.instance_count())),
            stack: Vec::with_capacity(layout.instance_count()),
        }
    }

    /// The root's failure distance in `sim`'s current state (0: the service is down).
    pub fn distance(&mut self, sim: &Simulator<'_>) -> u32 {
        let layout = sim.layout;
        for i in 0..self.order.len() {
            let node = self.order[i] as usize;
            // The simulator's needs: a phase may change a component's.
            let need = sim.node_threshold[node];
            let up = sim.node_up_children[node];
            self.node_distance[node] = if need == 0 {
                FAR
            } else if up < need {
                0
            } else if node < self.components {
                let spares = self.node_group[node].map_or(0, |g| sim.group_spares(g as usize));
                up - need + 1 + spares
            } else {
                self.sort_child_distances(node);
                // Above a re-rooted view's root (per-block figures) counts go stale: clamp.
                let take = ((up - need + 1) as usize).min(self.scratch.len());
                self.scratch[..take]
                    .iter()
                    .fold(0u32, |sum, &d| sum.saturating_add(d))
                    .min(FAR)
            };
        }
        self.node_distance[layout.root as usize]
    }

    /// Marks the on-cut instances for `sim`'s current state; call right after
    /// [`Distance::distance`] on the same state.
    pub fn mark(&mut self, sim: &Simulator<'_>) {
        let layout = sim.layout;
        self.node_marked.fill(false);
        self.instance_on_cut.fill(false);
        let root = layout.root as usize;
        if self.node_distance[root] == 0 {
            return;
        }
        self.node_marked[root] = true;
        // Parents come after their children in `order`: walk it backwards.
        for i in (0..self.order.len()).rev() {
            let node = self.order[i] as usize;
            if !self.node_marked[node] {
                continue;
            }
            if node < self.components {
                let first = layout.component_first_instance[node] as usize;
                let end = layout
                    .component_first_instance
                    .get(node + 1)
                    .map_or(layout.instance_count(), |&e| e as usize);
                for instance in first..end {
                    if sim.is_available(instance) {
                        self.instance_on_cut[instance] = true;
                        self.stack.push(instance as u32);
                    }
                }
                continue;
            }
            let need = sim.node_threshold[node];
            let up = sim.node_up_children[node];
            if need == 0 || up < need {
                continue;
            }
            self.sort_child_distances(node);
            let last = self.scratch[(up - need) as usize];
            for &child in &self.children[node] {
                let d = self.node_distance[child as usize];
                if d > 0 && d <= last {
                    self.node_marked[child as usize] = true;
                }
            }
        }
        self.mark_dependencies(sim);
    }

    /// What a marked instance (those on `stack`) depends on is on the cut too (a zone takes
    /// it down).
    fn mark_dependencies(&mut self, sim: &Simulator<'_>) {
        while let Some(instance) = self.stack.pop() {
            for &dep in &self.depends_on[instance as usize] {
                if !self.instance_on_cut[dep as usize] && sim.is_available(dep as usize) {
                    self.instance_on_cut[dep as usize] = true;
                    self.stack.push(dep);
                }
            }
        }
    }

    /// Clears every on-cut mark (before [`Distance::mark_instances`]).
    pub fn clear_marks(&mut self) {
        self.instance_on_cut.fill(false);
    }

    /// Marks the available instances of `instances`, and what they depend on, as on-cut:
    /// another importance function's cheapest path (rare_load.rs) in place of the
    /// structure's.
    pub fn mark_instances(&mut self, sim: &Simulator<'_>, instances: std::ops::Range<usize>) {
        for instance in instances {
            if sim.is_available(instance) {
                self.instance_on_cut[instance] = true;
                self.stack.push(instance as u32);
            }
        }
        self.mark_dependencies(sim);
    }

    /// Puts the distances of `node`'s up children, ascending, in `scratch`.
    fn sort_child_distances(&mut self, node: usize) {
        self.scratch.clear();
        self.scratch.extend(
            self.children[node]
                .iter()
                .map(|&c| self.node_distance[c as usize])
                .filter(|&d| d > 0),
        );
        self.scratch.sort_unstable();
    }

    /// Whether `instance` was marked on-cut by the last [`Distance::mark`].
    #[inline]
    pub fn on_cut(&self, instance: usize) -> bool {
        self.instance_on_cut[instance]
    }
}
