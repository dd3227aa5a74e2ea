//! Markov chains of failover pairs derived by hand from the documented semantics, shared by
//! the simulator's validation (tests/validation_failover.rs) and the exact solver's
//! (tests/solve.rs). Rates per hour: l failure, m repair, delta switchover.

use super::Ctmc;

/// A chain from its transitions (from, to, rate); rates between the same states add up.
pub fn chain(states: usize, transitions: &[(usize, usize, f64)]) -> Ctmc {
    let mut rates = vec![vec![0.0; states]; states];
    for &(from, to, rate) in transitions {
        rates[from][to] += rate;
    }
    Ctmc { rates }
}

/// Hot 1+1 pair, detection 0 s, switchover at rate `delta` succeeding with probability `p`,
/// an operator's manual failover at rate `manual`. Up states: 0 and 1.
/// States: 0 {A,S} up, 1 {A,O} up, 2 {O,P}, 3 {S,P} (S back from repair during the
/// switchover), 4 {O,O}, 5 {O,S,k}.
/// 0: A fails -> switchover starts {O,P}; S fails -> {A,O}.
/// 1: A fails -> no standby {O,O}; O repaired -> it becomes the standby {A,S}.
/// 2: switchover succeeds -> {O,A} = 1; fails -> {O,S,k}; O repaired -> no empty position
///    left unattended, so it waits as standby {S,P}; P fails -> {O,O}.
/// 3: switchover succeeds -> {S,A} = 0; fails -> the returned S takes the position at
///    once, as it would had it returned a moment later {A,S} = 0 (so δ in all to state 0);
///    S fails -> {O,P}; P fails -> the returned S takes the position at once {A,O} = 1.
/// 4: either repair (2μ) fills the empty position directly -> {A,O}.
/// 5: O repaired -> fills the stuck position {A,S}; operator -> promotes S {O,A} = 1;
///    S fails -> {O,O,k}, which behaves as {O,O}: nothing to promote, repairs fill it.
pub fn hot_pair_failed_switchovers(l: f64, m: f64, delta: f64, p: f64, manual: f64) -> Ctmc {
    chain(
        6,
        &[
            (0, 2, l),
            (0, 1, l),
            (1, 4, l),
            (1, 0, m),
            (2, 1, delta * p),
            (2, 5, delta * (1.0 - p)),
            (2, 3, m),
            (2, 4, l),
            (3, 0, delta),
            (3, 2, l),
            (3, 1, l),
            (4, 1, 2.0 * m),
            (5, 0, m),
            (5, 1, manual),
            (5, 4, l),
        ],
    )
}

/// Hot pair with an unmonitored standby and instantaneous, always successful failover.
/// Up states: 0, 1 and 2.
/// 0 {A,S} up, 1 {A,O} up, 2 {A,L} up, 3 {O,O} down.
/// 0: A fails -> failover to S {O,A} = 1; S fails unnoticed -> {A,L}.
/// 1: A fails -> {O,O}; O repaired -> becomes the (unmonitored) standby {A,S}.
/// 2: A fails -> failover finds L broken, both go to repair {O,O}. L is never repaired
///    before that: nobody knows.
/// 3: either repair (2μ) fills the position -> {A,O}.
pub fn latent_standby_pair(l: f64, m: f64) -> Ctmc {
    chain(
        4,
        &[
            (0, 1, l),
            (0, 2, l),
            (1, 3, l),
            (1, 0, m),
            (2, 3, l),
            (3, 1, 2.0 * m),
        ],
    )
}

/// Hot pair, detection 0 s, every switchover exponential with rate δ: failovers and
/// failbacks alike. When the original active (instance 0) returns while instance 1
/// serves, it takes its position back by a switchover during which nobody serves, and
/// instance 1 returns to standby. A return while a switchover is under way makes it a
/// standby (no failback then), which takes the position at once if the promotion falls
/// through (the instance being promoted fails).
/// 0 {A0,S1} up, 1 {O0,A1} up, 2 {A0,O1} up, 3 {O0,O1}, 4 {P0,S1}, 5 {P0,O1},
/// 6 {O0,P1}, 7 {S0,P1} (S0 back during the switchover), 8 {S0,A1} up,
/// 9 {P0,S1} (S1 back during the switchover).
/// 0: A0 fails -> failover {O0,P1}; S1 fails -> {A0,O1}.
/// 1: A1 fails -> nothing to promote {O0,O1}; O0 repaired -> failback {P0,S1}.
/// 2: A0 fails -> {O0,O1}; O1 repaired -> standby {A0,S1}.
/// 3: O0 repaired -> fills the position {A0,O1}; O1 repaired -> fills it {O0,A1}.
/// 4: switchover done -> {A0,S1}; P0 fails -> S1 promoted {O0,P1}; S1 fails -> {P0,O1}.
/// 5: switchover done -> {A0,O1}; P0 fails -> {O0,O1}; O1 repaired -> standby, back
///    during the switchover {P0,S1} = 9.
/// 6: switchover done -> {O0,A1}; P1 fails -> {O0,O1}; O0 repaired -> standby {S0,P1}.
/// 7: switchover done -> {S0,A1}; P1 fails -> S0 takes the position at once {A0,O1};
///    S0 fails -> {O0,P1}.
/// 8: A1 fails -> failover {P0,O1}; S0 fails -> {O0,A1}.
/// 9: switchover done -> {A0,S1}; P0 fails -> S1 takes the position at once {O0,A1};
///    S1 fails -> {P0,O1}.
pub fn failback_pair(l: f64, m: f64, delta: f64) -> Ctmc {
    chain(
        10,
        &[
            (0, 6, l),
            (0, 2, l),
            (1, 3, l),
            (1, 4, m),
            (2, 3, l),
            (2, 0, m),
            (3, 2, m),
            (3, 1, m),
            (4, 0, delta),
            (4, 6, l),
            (4, 5, l),
            (5, 2, delta),
            (5, 3, l),
            (5, 9, m),
            (6, 1, delta),
            (6, 3, l),
            (6, 7, m),
            (7, 8, delta),
            (7, 2, l),
            (7, 6, l),
            (8, 5, l),
            (8, 1, l),
            (9, 0, delta),
            (9, 1, l),
            (9, 5, l),
        ],
    )
}
