//! A redundant block of the structure seen as if it alone were the service: the models the
//! per-block figures of `--method rare` are estimated on (docs/rare-events.md, "Per-block
//! figures").
//!
//! Both views keep every component and mechanism of the model that decides whether a node is
//! up, so the simulated dynamics of the block are the model's own; only what counts as
//! "down" changes (health checks, which only route requests, and data sets stored outside
//! the block, are left out):
//!
//! - [`block_model`]: the structure's root is the block's node, so an outage is the block's
//!   (its subtree, with whatever it depends_on, zones included);
//! - [`all_down_model`]: the block counts as down only while *no* instance of its subtree is
//!   available (every node of the subtree needs one of its children). The rare method's
//!   failure distance of that root is then the number of instances still up.

use super::{Child, Layout, Model, NodeId};

/// One redundant node of the structure, named for reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RedundantBlock {
    /// The component's or block's name.
    pub name: String,
    /// "component" or "block".
    pub kind: &'static str,
    /// Its node in the layout.
    pub node: NodeId,
}

/// Every node below the root that has redundancy (a component with more instances than it
/// needs, failover groups included; a block needing fewer children than it has), in the
/// structure's order from the root down, each once.
pub fn redundant_blocks(model: &Model) -> Vec<RedundantBlock> {
    let components = model.components.len();
    let mut found = Vec::new();
    let mut seen = vec![false; components + model.blocks.len()];
    let mut stack = vec![model.root];
    while let Some(b) = stack.pop() {
        for child in &model.blocks[b].children {
            let (node, redundant, name, kind) = match *child {
                Child::Component(c) => {
                    let comp = &model.components[c];
                    (c, comp.count > comp.need, &comp.name, "component")
                }
                Child::Block(inner) => {
                    let block = &model.blocks[inner];
                    let r = block.k < block.children.len();
                    (components + inner, r, &block.name, "block")
                }
            };
            if std::mem::replace(&mut seen[node], true) {
                continue;
            }
            if redundant {
                found.push(RedundantBlock {
                    name: name.clone(),
                    kind,
                    node: node as NodeId,
                });
            }
        }
        // Nested blocks after this block's own members, in their written order.
        for child in model.blocks[b].children.iter().rev() {
            if let Child::Block(inner) = *child {
                stack.push(inner);
            }
        }
    }
    found
}

/// `model` with `node` as the structure's root: the block as if it alone were the service.
/// Its price is left out (a block has none of its own).
pub fn block_model(model: &Model, node: NodeId) -> Model {
    let mut view = time_view(model, node);
    view.layout.root = node;
    view
}

/// `model` without what cannot change whether `node` is up: health checks (they decide which
/// backends receive requests, never whether a node is up) and the data sets stored outside
/// its subtree and what that depends_on (their backups are events every day, which a
/// rare-method branch would re-simulate one by one). Its price goes too.
fn time_view(model: &Model, node: NodeId) -> Model {
    let mut view = model.clone();
    view.cost = None;
    let (_, mut reach) = subtree(model, node);
    let mut i = 0;
    while i < reach.len() {
        for &dep in &model.components[reach[i]].depends_on {
            if !reach.contains(&dep) {
                reach.push(dep);
            }
        }
        i += 1;
    }
    let checks = view.components.iter().any(|c| c.health_check.is_some());
    let data = view.data.len();
    view.data.retain(|d| reach.contains(&d.stored_on));
    if checks || view.data.len() < data {
        for component in &mut view.components {
            component.health_check = None;
        }
        view.layout = Layout::build(&view.components, &view.blocks, view.root, &view.data);
    }
    view
}

/// The nodes of `node`'s subtree (itself included) and the components among them.
fn subtree(model: &Model, node: NodeId) -> (Vec<NodeId>, Vec<usize>) {
    let components = model.components.len();
    let (mut nodes, mut comps) = (Vec::new(), Vec::new());
    let mut stack = vec![node as usize];
    while let Some(n) = stack.pop() {
        if nodes.contains(&(n as NodeId)) {
            continue;
        }
        nodes.push(n as NodeId);
        if n < components {
            comps.push(n);
            continue;
        }
        for child in &model.blocks[n - components].children {
            stack.push(match *child {
                Child::Component(c) => c,
                Child::Block(b) => components + b,
            });
        }
    }
    (nodes, comps)
}

/// Widest block whose no-instance-up part is estimated: the rare method's branches force
/// that many failures, one window at a time, in every excursion (an object store's 60 disks
/// would make each branch long and the answer, ~0, useless).
pub const MAX_ALL_DOWN_INSTANCES: usize = 8;

/// `model` with `node` as root, down only while no instance of its subtree is available;
/// `Err` says why that cannot be had without changing the simulated dynamics.
///
/// A failover group counts filled active positions, not available instances, so its group is
/// removed: exact only where the failover machinery leaves instance availability alone (hot,
/// monitored standbys that never fail to start). Operational phases reset each component's
/// need at every phase change, which would undo the "one is enough" threshold.
pub fn all_down_model(model: &Model, node: NodeId) -> Result<Model, String> {
    if model.phases.is_some() {
        return Err(
            "operational phases reset each component's need, so 'no instance up' is not estimated with [phases]"
                .into(),
        );
    }
    let (nodes, comps) = subtree(model, node);
    let instances: usize = comps.iter().map(|&c| model.components[c].count).sum();
    if instances > MAX_ALL_DOWN_INSTANCES {
        return Err(format!(
            "{instances} instances (more than {MAX_ALL_DOWN_INSTANCES}): losing every one at once is not estimated, its rare run would force that many failures in every excursion"
        ));
    }
    let mut view = time_view(model, node);
    let mut rebuilt = false;
    for &c in &comps {
        let component = &mut view.components[c];
        let Some(failover) = &component.failover else {
            continue;
        };
        let idle_ages = failover.standby.idle_speed() == 1.0;
        if !idle_ages || !failover.monitored || failover.fails_to_start > 0.0 {
            return Err(format!(
                "'{}' has warm, cold, unmonitored or failing-to-start standbys, whose failover changes when its instances are up: 'no instance up' is not estimated",
                component.name
            ));
        }
        component.failover = None;
        rebuilt = true;
    }
    if rebuilt {
        view.layout = Layout::build(&view.components, &view.blocks, view.root, &view.data);
    }
    for &n in &nodes {
        let t = &mut view.layout.node_threshold[n as usize];
        *t = (*t).min(1);
    }
    view.layout.root = node;
    Ok(view)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(toml: &str) -> Model {
        crate::scenario::parse(toml, "test.toml", std::path::Path::new("."), "test")
            .expect("valid scenario")
    }

    const PAIR_AND_TIER: &str = r#"
[components.edge]
failure = { dist = "exponential", mean = "1y" }
repair = { dist = "exponential", mean = "30m" }
[components.db]
count = 2
failure = { dist = "exponential", mean = "1y" }
repair = { dist = "exponential", mean = "4h" }
[components.db.failover]
detection = "30s"
switchover = "1m"
[components.app]
count = 3
need = 1
failure = { dist = "exponential", mean = "1y" }
repair = { dist = "exponential", mean = "4h" }
[system]
all = ["edge", "db", "app"]
"#;

    #[test]
    fn finds_the_redundant_members_only() {
        let m = model(PAIR_AND_TIER);
        let names: Vec<_> = redundant_blocks(&m).into_iter().map(|b| b.name).collect();
        assert_eq!(names, ["db", "app"]);
    }

    #[test]
    fn all_down_needs_one_instance_and_drops_the_hot_group() {
        let m = model(PAIR_AND_TIER);
        let db = redundant_blocks(&m)[0].node;
        let view = all_down_model(&m, db).expect("hot monitored standby");
        assert_eq!(view.layout.root, db);
        assert!(view.layout.groups.is_empty());
        assert_eq!(view.layout.node_threshold[db as usize], 1);
        // Two instances, both counted: a failover group would count one active position.
        assert_eq!(view.layout.node_children[db as usize], 2);
        assert_eq!(block_model(&m, db).layout.groups.len(), 1);
    }
}
