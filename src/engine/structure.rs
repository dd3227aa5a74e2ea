//! Incremental evaluation of the reliability structure: each node counts its up children and
//! is up while the count reaches its threshold.

use crate::model::{Adjacency, NodeId};

/// Counts one child of `node` going up or down and propagates the flips to the parents;
/// returns the root's new state if it flipped.
///
/// All, any and k-of-n are monotone, so one child's change moves every node the same way and
/// the root flips at most once per call, even when blocks share children.
#[inline]
pub fn propagate(
    up_children: &mut [u32],
    thresholds: &[u32],
    parents: &Adjacency,
    root: NodeId,
    node: NodeId,
    up: bool,
) -> Option<bool> {
    let n = node as usize;
    let threshold = thresholds[n];
    let was_up = up_children[n] >= threshold;
    if up {
        up_children[n] += 1;
    } else {
        up_children[n] -= 1;
    }
    let is_up = up_children[n] >= threshold;
    if was_up == is_up {
        return None;
    }
    if node == root {
        return Some(is_up);
    }
    let mut root_flip = None;
    for &parent in parents.of(n) {
        if let Some(flip) = propagate_parent(up_children, thresholds, parents, root, parent, is_up)
        {
            root_flip = Some(flip);
        }
    }
    root_flip
}

/// The recursive part of [`propagate`], kept out of line so the first step inlines.
#[inline(never)]
fn propagate_parent(
    up_children: &mut [u32],
    thresholds: &[u32],
    parents: &Adjacency,
    root: NodeId,
    node: NodeId,
    up: bool,
) -> Option<bool> {
    propagate(up_children, thresholds, parents, root, node, up)
}
