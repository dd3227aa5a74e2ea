//! `need = "peak"` (and `headroom`) on a block that pools its members' capacity: the block
//! is up only while its members' instances up cover demand × (1 + headroom).
//!
//! Only a pool has a capacity to compare with demand, so the keys are refused on any other
//! block, and without `[load]`. The block's `k` keeps its meaning (members up, each by its
//! own `need`) as a floor: capacity says how much the block can serve, `k` how the design
//! must be spread (a zone lost, a quorum), and neither implies the other.

use super::path::{KeyPath, Problem};
use super::raw::{RawBlock, RawNeed, RawScenario};
use crate::model::CapacityPool;

/// Checks `need` and `headroom` on every block of `raw` (`[system]` last, as in
/// `Model::blocks`) and sets the headroom of each pool whose need is `"peak"`. `pools` is
/// empty without `[load]` (`has_load` false).
pub fn compile(
    raw: &RawScenario,
    pools: &mut [CapacityPool],
    has_load: bool,
) -> Result<(), Problem> {
    let named = raw
        .blocks
        .iter()
        .map(|(name, block)| (KeyPath::root("blocks").key(name), block));
    let system = raw
        .system
        .iter()
        .map(|block| (KeyPath::root("system"), block));
    for (b, (path, block)) in named.chain(system).enumerate() {
        if let Some(headroom) = need(&path, block, pools.iter().any(|p| p.block == b), has_load)? {
            if let Some(pool) = pools.iter_mut().find(|p| p.block == b) {
                pool.peak = Some(headroom);
            }
        }
    }
    Ok(())
}

/// The headroom of a block whose need is `"peak"`, `None` for a block without `need`; an
/// error for a need other than `"peak"`, on a block that is not a pool (`pooled`), without
/// `[load]`, or for `headroom` alone.
fn need(
    path: &KeyPath,
    block: &RawBlock,
    pooled: bool,
    has_load: bool,
) -> Result<Option<f64>, Problem> {
    let key = path.key("need");
    let Some(need) = &block.need else {
        return match block.headroom {
            Some(_) => Err(super::peak_need::headroom_without_peak(path)),
            None => Ok(None),
        };
    };
    match need {
        RawNeed::Derived(word) if word == "peak" => {}
        RawNeed::Derived(word) => {
            return Err(Problem::at(
                &key,
                format!("\"{word}\" is not a block's need; expected \"peak\" (k counts members)"),
            ))
        }
        RawNeed::Count(_) => {
            return Err(Problem::at(
                &key,
                "a block counts members with k = N; its need can only be \"peak\" (pooled capacity against demand)",
            ))
        }
    }
    if !has_load {
        return Err(super::peak_need::peak_without_load(path));
    }
    if !pooled {
        return Err(Problem::at(
            &key,
            "need = \"peak\" on a block compares its members' pooled capacity with demand: it needs a k-of-n or any block in series whose members are components, each with a capacity",
        ));
    }
    let headroom = match &block.headroom {
        None => 0.0,
        Some(value) => super::peak_need::headroom(&path.key("headroom"), value)?,
    };
    Ok(Some(headroom))
}
