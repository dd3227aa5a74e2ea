//! `need = "peak"` on a block pooling its members' capacity: the block is down while the
//! capacity of its members' instances up falls short of demand × (1 + headroom), or fewer
//! than `k` members are up by their own `need`, against exact values.
//!
//! Members m = 1..M, member m with n_m instances of capacity c_m, every instance failing and
//! repaired exponentially (means MTTF and MTTR, unlimited repair), independently of every
//! other. An instance new at time 0 is up at t with probability
//! a(t) = a + (1 − a)·e^{−(λ+μ)t}, a = μ/(λ+μ) (the steady state, 0.9 here, reached after a
//! few 1/(λ+μ) = 9 h: the transient is kept, as the simulation starts all up). So member m's
//! instances up are K_m ~ Binomial(n_m, a(t)), the K_m independent, and the pooled capacity
//! up is S(t) = Σ c_m K_m. With demand D(h) in hour h and headroom r, the block is down at t
//! in hour h when S(t) < D(h)·(1 + r) or #{m : K_m ≥ need_m} < k; its probability is the sum
//! of Π_m P(K_m = j_m) over the outcomes (j_1, ..., j_M) where that holds (the product of the
//! binomial pmfs, by independence). The exact unavailability over the horizon is the time
//! average of that probability, integrated within each hour by Simpson's rule (16 panels:
//! a(t) is a smooth exponential of rate 1/9 per hour, so the error is far below 1e-9).

mod common;

use common::{assert_availability_within_interval, binomial, simulate};

const MTTF: f64 = 90.0;
const MTTR: f64 = 10.0;
const HOURS: usize = 24 * 91;
const TRIALS: usize = 3000;

/// One member: (name, instances, capacity per instance, own need).
type Member = (&'static str, usize, f64, usize);

/// Members of different counts and capacities, 8000 rps in all.
const UNEVEN: [Member; 3] = [
    ("app-a", 3, 1000.0, 1),
    ("app-b", 2, 1500.0, 1),
    ("app-c", 4, 500.0, 1),
];

/// P(block down) at one moment: each member up with probability `p` per instance, the block
/// needing `k` members up by their own need and capacity `needed`.
fn down_at(members: &[Member], k: usize, needed: f64, p: f64) -> f64 {
    let pmfs: Vec<Vec<f64>> = members.iter().map(|m| binomial::pmf(m.1, p)).collect();
    // Walks every outcome (j_1, ..., j_M) as a mixed-radix counter.
    let mut ups = vec![0usize; members.len()];
    let mut down = 0.0;
    loop {
        let prob: f64 = ups.iter().zip(&pmfs).map(|(&j, pmf)| pmf[j]).product();
        let capacity: f64 = ups.iter().zip(members).map(|(&j, m)| j as f64 * m.2).sum();
        let members_up = ups.iter().zip(members).filter(|(&j, m)| j >= m.3).count();
        // Capacity exactly at the need covers it (6000 rps against 5000 × 1.2): the engine
        // forgives a relative 1e-9 so that the product's rounding cannot decide.
        if members_up < k || capacity < needed * (1.0 - 1e-9) {
            down += prob;
        }
        let mut i = 0;
        loop {
            if i == members.len() {
                return down;
            }
            ups[i] += 1;
            if ups[i] <= members[i].1 {
                break;
            }
            ups[i] = 0;
            i += 1;
        }
    }
}

/// Exact time availability over the horizon with demand × (1 + headroom) `needed(h)` in
/// hour h.
fn exact_availability(members: &[Member], k: usize, needed: impl Fn(usize) -> f64) -> f64 {
    let down = binomial::hourly_average(HOURS, 16, |h, t| {
        down_at(
            members,
            k,
            needed(h),
            binomial::up_probability(MTTF, MTTR, t),
        )
    });
    1.0 - down
}

/// A day of 12 busy hours at `busy` rps then 12 quiet hours at `quiet` rps.
fn two_level_day(busy: f64, quiet: f64) -> String {
    let daily = (0..24)
        .map(|h| {
            if h < 12 {
                "1.0".to_string()
            } else {
                (quiet / busy).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!("demand = \"{busy} rps\"\ndaily = [{daily}]")
}

/// The pool `app` of `members` with `block_keys` (its form and need), alone in series.
fn scenario(members: &[Member], block_keys: &str, load: &str, seed: u64) -> String {
    let mut text = format!(
        r#"
        name = "pool peak {seed}"
        [simulation]
        horizon = "{HOURS}h"
        trials = {TRIALS}
        seed = {seed}
        [load]
        {load}
        "#
    );
    for (name, count, capacity, need) in members {
        text.push_str(&format!(
            r#"
            [components.{name}]
            count = {count}
            need = {need}
            capacity = "{capacity} rps"
            failure = {{ dist = "exponential", mean = "{MTTF}h" }}
            repair = {{ dist = "exponential", mean = "{MTTR}h" }}
            "#
        ));
    }
    text.push_str(&format!(
        "[blocks.app]\n{block_keys}\n[system]\nall = [\"app\"]\n"
    ));
    text
}

#[test]
fn a_pool_is_down_while_its_capacity_up_misses_the_hours_demand() {
    // 5000 rps for 12 hours, 2000 for 12, against 8000 rps of uneven members: with 0%
    // the busy hours need 5000 (3000 may be lost), with 20% 6000 (2000 may be lost).
    let load = two_level_day(5000.0, 2000.0);
    for (headroom, factor, seed) in [("0%", 1.0, 91), ("20%", 1.2, 92)] {
        let summary = simulate(&scenario(
            &UNEVEN,
            &format!(
                "any = [\"app-a\", \"app-b\", \"app-c\"]\nneed = \"peak\"\nheadroom = \"{headroom}\""
            ),
            &load,
            seed,
        ));
        let needed = |h: usize| if h % 24 < 12 { 5000.0 } else { 2000.0 } * factor;
        let exact = exact_availability(&UNEVEN, 1, needed);
        assert_availability_within_interval(
            &format!("pool peak, two levels, headroom {headroom}"),
            &summary,
            exact,
        );
        // Neither level alone explains it: the busy need all day is far lower, the quiet
        // one far higher.
        let busy_all_day = exact_availability(&UNEVEN, 1, |_| 5000.0 * factor);
        let quiet_all_day = exact_availability(&UNEVEN, 1, |_| 2000.0 * factor);
        assert!(busy_all_day < exact - 0.005 && exact < quiet_all_day - 0.005);
    }
}

#[test]
fn k_stays_a_floor_and_a_members_own_need_counts_towards_it() {
    // 2 of 3 members, app-a needing 2 of its 3 instances: at the quiet 1500 rps any one
    // member covers demand, so the floor of two members up is what brings the block down.
    let members: [Member; 3] = [
        ("app-a", 3, 1000.0, 2),
        ("app-b", 1, 3000.0, 1),
        ("app-c", 1, 2500.0, 1),
    ];
    let load = two_level_day(4500.0, 1500.0);
    let summary = simulate(&scenario(
        &members,
        "k = 2\nof = [\"app-a\", \"app-b\", \"app-c\"]\nneed = \"peak\"\nheadroom = \"10%\"",
        &load,
        93,
    ));
    let needed = |h: usize| if h % 24 < 12 { 4950.0 } else { 1650.0 };
    let exact = exact_availability(&members, 2, needed);
    assert_availability_within_interval("pool peak, 2 of 3 with own needs", &summary, exact);
    // The floor matters: capacity alone (k = 1, every member's need 1) is outside the
    // interval.
    let loose: Vec<Member> = members
        .iter()
        .map(|&(n, c, cap, _)| (n, c, cap, 1))
        .collect();
    let capacity_only = exact_availability(&loose, 1, needed);
    let a = &summary.availability;
    assert!(
        capacity_only > a.ci_high.unwrap(),
        "{capacity_only} vs {a:?}"
    );
}

#[test]
fn pool_peak_results_do_not_depend_on_threads() {
    let text = scenario(
        &UNEVEN,
        "any = [\"app-a\", \"app-b\", \"app-c\"]\nneed = \"peak\"\nheadroom = \"20%\"",
        &two_level_day(5000.0, 2000.0),
        94,
    );
    let mut model = common::model(&text);
    model.settings.trials = 400;
    let run = |threads: usize| {
        let result = nines::engine::simulate(&model, threads, &|_| {}).expect("simulation runs");
        let summary = nines::stats::Summary::new(&model, &result, None);
        (
            summary.availability.mean.to_bits(),
            summary.request_availability.mean.to_bits(),
            summary.outages.per_year.to_bits(),
        )
    };
    assert_eq!(run(1), run(2));
}
