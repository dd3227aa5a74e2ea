//! Which blocks pool their members' `capacity`, and the one-line errors for the shapes whose
//! flow of requests would be undefined.
//!
//! A pool is a k-of-n or `any` block whose children are components with `capacity`: app
//! servers spread over zones, each zone's servers one component with `depends_on` its zone.
//! The flow through it is only defined when every request reaches it and reaches nothing
//! else there, so the block must be in series on every request's path and list components
//! only, each with a capacity, each listed in no other block. A block where some members
//! have no capacity is no pool: its members' capacities get the error for capacity outside
//! series, which names the forms that are valid.

use super::path::{KeyPath, Problem};
use super::raw::{RawBlock, RawNeed, RawScenario};
use crate::model::{Block, CapacityPool, Child, Component};

/// The blocks of `blocks` (the root last) whose members pool their capacity. A block where
/// some members have none, or whose members are all in series elsewhere (`in_series`),
/// pools nothing: each capacity is then judged alone, as before pools existed.
pub fn compile(
    raw: &RawScenario,
    components: &[Component],
    blocks: &[Block],
    in_series: &[bool],
) -> Result<Vec<CapacityPool>, Problem> {
    let root = blocks.len() - 1;
    let raw_components: Vec<_> = raw.components.iter().collect();
    let has_capacity = |c: usize| raw_components[c].1.capacity.is_some();
    let block_in_series = blocks_in_series(blocks, root);
    let mut listed = vec![0usize; components.len()];
    for block in blocks {
        for child in &block.children {
            if let Child::Component(c) = *child {
                listed[c] += 1;
            }
        }
    }
    let mut pools = Vec::new();
    for (b, block) in blocks.iter().enumerate() {
        let members_of = || {
            block.children.iter().filter_map(|child| match *child {
                Child::Component(c) => Some(c),
                Child::Block(_) => None,
            })
        };
        let pooled = block.k < block.children.len()
            && members_of().any(has_capacity)
            && members_of().all(has_capacity)
            // Members all in series elsewhere each keep their own capacity, as before.
            && !members_of().all(|c| in_series[c]);
        if !pooled {
            continue;
        }
        let (path, key) = block_path(raw, block, b == root);
        let mut members = Vec::with_capacity(block.children.len());
        for (i, child) in block.children.iter().enumerate() {
            let at = path.key(key).index(i);
            let c = match *child {
                Child::Component(c) => c,
                Child::Block(inner) => {
                    return Err(Problem::at(
                        &at,
                        format!(
                            "a block whose members pool capacity lists components only, and \"{}\" is a block: make each member one component (with depends_on its zone)",
                            blocks[inner].name
                        ),
                    ))
                }
            };
            let (name, rc) = raw_components[c];
            let member = KeyPath::root("components").key(name);
            if components[c].failover.is_some() || components[c].health_check.is_some() {
                return Err(Problem::at(
                    &member.key("capacity"),
                    format!(
                        "a member of \"{}\" pools its instances' capacity: it cannot be a failover or balanced group",
                        block.name
                    ),
                ));
            }
            if matches!(rc.need, Some(RawNeed::Derived(_))) {
                return Err(Problem::at(
                    &member.key("need"),
                    format!(
                        "need = \"peak\" is for a balanced group or a component in series; a member of \"{}\" sees only part of the demand: give a whole number (and need = \"peak\" on the block itself, for its pooled capacity)",
                        block.name
                    ),
                ));
            }
            if listed[c] > 1 {
                return Err(Problem::at(
                    &member.key("capacity"),
                    format!(
                        "a member of \"{}\" pools its capacity there, so it must be listed in no other block",
                        block.name
                    ),
                ));
            }
            members.push(c);
        }
        if !block_in_series[b] {
            return Err(Problem::at(
                &path,
                format!(
                    "\"{}\" pools its members' capacity, so every request must pass it: put it in series (reached from [system] through all = [...] blocks only), or make it [system]",
                    block.name
                ),
            ));
        }
        pools.push(CapacityPool {
            block: b,
            members,
            peak: None,
        });
    }
    Ok(pools)
}

/// Whether each block is reached from the root through `all` blocks only (the root is).
fn blocks_in_series(blocks: &[Block], root: usize) -> Vec<bool> {
    let mut in_series = vec![false; blocks.len()];
    let mut stack = vec![root];
    in_series[root] = true;
    while let Some(b) = stack.pop() {
        let block = &blocks[b];
        if block.k < block.children.len() {
            continue;
        }
        for child in &block.children {
            if let Child::Block(inner) = *child {
                if !in_series[inner] {
                    in_series[inner] = true;
                    stack.push(inner);
                }
            }
        }
    }
    in_series
}

/// The key path of a block and the key that lists its children.
fn block_path(raw: &RawScenario, block: &Block, is_root: bool) -> (KeyPath, &'static str) {
    let (path, rb): (KeyPath, Option<&RawBlock>) = if is_root {
        (KeyPath::root("system"), raw.system.as_ref())
    } else {
        (
            KeyPath::root("blocks").key(&block.name),
            raw.blocks.get(&block.name),
        )
    };
    let key = match rb {
        Some(rb) if rb.any.is_some() => "any",
        Some(rb) if rb.all.is_some() => "all",
        _ => "of",
    };
    (path, key)
}
