//! Data durability against exact answers: the simulated probability of losing data within
//! the horizon against the absorbing birth-death chain of a stripe (exact::durability, itself
//! checked against the design's reference table in its unit tests), for replicas, erasure
//! coding, serial rebuilds, disjoint stripes and declustered placement; placement under zone
//! destruction against figures derived by hand (one solved numerically from its renewal
//! equation); backups covering losses.

mod common;

use common::{simulate, TEST_CONFIDENCE};
use nines::exact::durability::{any_of, StripeChain};
use nines::stats::{DurabilitySummary, Summary};

/// A store of `count` disks failing exponentially (mean `mttf`), replaced within a second
/// (negligible next to the rebuild, as the chain assumes), with one data set whose keys are
/// `data_keys`.
fn store(count: usize, mttf: &str, data_keys: &str, seed: u64) -> String {
    format!(
        r#"name = "durability"
[simulation]
horizon = "1y"
trials = 20000
seed = {seed}
importance_trials = 0
[components.disk]
count = {count}
need = 1
failure = {{ dist = "exponential", mean = "{mttf}" }}
repair = {{ dist = "fixed", value = "1s" }}
[system]
all = ["disk"]
[data.objects]
size = "1TB"
stored_on = "disk"
{data_keys}
"#
    )
}

fn durability(summary: &Summary) -> &DurabilitySummary {
    summary
        .durability
        .get("objects")
        .expect("the data set has durability")
}

/// Asserts the simulated P(loss within the horizon) holds `exact` in its Clopper-Pearson
/// interval (at [`TEST_CONFIDENCE`]), and that the interval is narrow enough to mean it.
fn assert_loss_within(label: &str, summary: &Summary, exact: f64) {
    let d = durability(summary);
    let p = d.p_loss_horizon;
    println!(
        "{label}: P(loss) {:.5} [{:.5}, {:.5}] ({}% CI, {} trials with a loss), exact {exact:.5}",
        p.mean,
        p.ci_low,
        p.ci_high,
        TEST_CONFIDENCE * 100.0,
        d.trials_with_loss
    );
    common::print_z(label, p.mean, p.ci_low, p.ci_high, TEST_CONFIDENCE, exact);
    assert!(
        p.ci_low <= exact && exact <= p.ci_high,
        "{label}: exact {exact} outside [{}, {}]",
        p.ci_low,
        p.ci_high
    );
    assert!(
        p.ci_high - p.ci_low < 0.5 * exact,
        "{label}: interval too wide to test"
    );
}

/// The summary's own exact figure must be the chain's, computed here from the parameters.
fn assert_exact_reported(summary: &Summary, chain: StripeChain, stripes: u64) -> f64 {
    let exact = durability(summary)
        .exact
        .as_ref()
        .expect("the chain applies");
    let p = any_of(chain.p_loss(summary.horizon_hours), stripes);
    assert!(exact.leaves_out.is_empty(), "{:?}", exact.leaves_out);
    assert!(((exact.p_loss_horizon - p) / p).abs() < 1e-12);
    assert!(((exact.stripe_mttdl_hours - chain.mttdl_hours()) / chain.mttdl_hours()).abs() < 1e-12);
    p
}

const EXPONENTIAL_REBUILD: &str =
    r#"fragment_rebuild = { time = { dist = "exponential", mean = "100h" } }"#;

/// One case against the chain: label, data set keys (rebuilds of 100 h on average), disks,
/// their mean life (hours), seed; the chain's (width, tolerated, concurrent) and stripes.
type ChainCase = (
    &'static str,
    &'static str,
    (usize, f64, u64),
    (usize, usize, usize),
    u64,
);

const CHAIN_CASES: &[ChainCase] = &[
    (
        "3 replicas, parallel rebuild",
        "redundancy = { replicas = 3 }\nplacement = { stripes = 1 }",
        (3, 2000.0, 7),
        (3, 2, 3),
        1,
    ),
    (
        "6+3, one rebuild at a time",
        "redundancy = { data = 6, parity = 3 }\nplacement = { stripes = 1 }",
        (9, 3000.0, 8),
        (9, 3, 1),
        1,
    ),
    (
        "6+3, parallel rebuild",
        "redundancy = { data = 6, parity = 3 }\nplacement = { stripes = 1 }",
        (9, 1500.0, 9),
        (9, 3, 9),
        1,
    ),
    // Four stripes of two replicas on eight disks are drawn disjoint: 1 − (1 − p)^4.
    (
        "4 disjoint stripes of 2 replicas",
        "redundancy = { replicas = 2 }\nplacement = { stripes = 4 }",
        (8, 20000.0, 10),
        (2, 1, 2),
        4,
    ),
    // Declustered over six disks: any two destroyed at once lose data, which is one chain
    // of width six tolerating one loss.
    (
        "declustered 2 replicas on 6 disks",
        "redundancy = { replicas = 2 }\nplacement = { stripes = \"all\" }",
        (6, 20000.0, 11),
        (6, 1, 6),
        1,
    ),
];

/// Each case simulated against the chain of its stripes (a pool limit below the width is
/// given to the scenario as `concurrent`).
#[test]
fn stripes_match_the_chain() {
    for &(label, keys, (disks, mttf, seed), (width, tolerated, concurrent), stripes) in CHAIN_CASES
    {
        let limit = if concurrent < width {
            format!(", concurrent = {concurrent}")
        } else {
            String::new()
        };
        let keys = format!(
            "{keys}\nfragment_rebuild = {{ time = {{ dist = \"exponential\", mean = \"100h\" }}{limit} }}"
        );
        let summary = simulate(&store(disks, &format!("{mttf}h"), &keys, seed));
        let chain = StripeChain {
            width,
            tolerated,
            failure_rate: 1.0 / mttf,
            rebuild_rate: 1.0 / 100.0,
            concurrent,
        };
        let p = assert_exact_reported(&summary, chain, stripes);
        assert_loss_within(label, &summary, p);
    }
}

/// A fixed rebuild time, overlapping stripes or a shared pool: no exact figure, and the
/// reason says why.
#[test]
fn exact_refused_where_it_does_not_apply() {
    let fixed = "redundancy = { replicas = 3 }\nplacement = { stripes = 1 }\nfragment_rebuild = { time = \"24h\" }";
    let overlapping = format!(
        "redundancy = {{ replicas = 3 }}\nplacement = {{ stripes = 50 }}\n{EXPONENTIAL_REBUILD}"
    );
    let shared = "redundancy = { replicas = 2 }\nplacement = { stripes = 3 }\nfragment_rebuild = { time = { dist = \"exponential\", mean = \"10h\" }, concurrent = 2 }";
    for (keys, why) in [
        (fixed.to_string(), "not exponential"),
        (overlapping, "share devices"),
        (shared.to_string(), "couples them"),
    ] {
        let model = common::model(&store(6, "20000h", &keys, 1));
        let reason = nines::exact::durability::for_data_set(&model, 0).unwrap_err();
        assert!(reason.contains(why), "{reason}");
    }
}

/// Zone destruction, replicas placed blind to zones or one per zone.
///
/// Six disks that never fail on their own, disk i in zone i mod 3; each zone is destroyed
/// (every disk in it) at rate λ = 1 / 2 years and rebuilt in a fixed τ = 1 week, all disks
/// at once. Blind placement draws 200 stripes of two replicas, so some stripe has both
/// replicas in each zone (checked below): the first zone event loses data, P = 1 − e^{−3λT}.
/// Zone-aware placement loses data only when another zone is destroyed while one is being
/// rebuilt: [`zone_aware_loss`] solves that exactly. (The first-order rate 3λ · 2(1 − e^{−λτ})
/// it replaced, P ≈ 1 − e^{−6λ(1 − e^{−λτ})T} = 0.02820, is 4.2% above the exact 0.02706:
/// one standard error of 20,000 trials, so every seed's z was biased by about −1.)
#[test]
fn zone_aware_placement_loses_less() {
    let scenario = |spread: &str| {
        format!(
            r#"name = "zones {spread}"
[simulation]
horizon = "1y"
trials = 20000
seed = 12
importance_trials = 0
[components.zone]
count = 3
need = 1
failure = {{ dist = "exponential", mean = "2y" }}
repair = {{ dist = "fixed", value = "1s" }}
[components.disk]
count = 6
need = 1
depends_on = ["zone"]
failure = {{ dist = "fixed", value = "1000y" }}
repair = {{ dist = "fixed", value = "1s" }}
[system]
all = ["disk"]
[data.objects]
size = "1TB"
stored_on = "disk"
redundancy = {{ replicas = 2 }}
placement = {{ spread = "{spread}", stripes = 200 }}
fragment_rebuild = {{ time = "168h" }}
destructive_modes = ["zone.failure"]
"#
        )
    };
    let year: f64 = 8766.0;
    let lambda = 1.0 / (2.0 * year);
    let tau: f64 = 168.0;

    let blind = simulate(&scenario("disk"));
    // Blind placement keeps replicas on distinct disks only: its domains are the disks.
    let disks: Vec<u32> = (0..6).collect();
    let placed = nines::model::place_stripes(&disks, 2, 200, blind.seed);
    for zone in 0..3 {
        assert!(
            placed.iter().any(|s| s.iter().all(|&d| d % 3 == zone)),
            "zone {zone} holds no whole stripe: the derivation assumes one"
        );
    }
    let p_blind = -(-3.0 * lambda * year).exp_m1();
    assert_loss_within("replicas blind to zones", &blind, p_blind);

    let aware = simulate(&scenario("zone"));
    // One replica per zone: the derivation needs every pair of zones to share a stripe.
    let zones: Vec<u32> = (0..6).map(|d| d % 3).collect();
    let placed = nines::model::place_stripes(&zones, 2, 200, aware.seed);
    for (a, b) in [(0, 1), (0, 2), (1, 2)] {
        assert!(
            placed.iter().any(|s| {
                let (x, y) = (s[0] % 3, s[1] % 3);
                (x, y) == (a, b) || (x, y) == (b, a)
            }),
            "zones {a} and {b} share no stripe: the derivation assumes one"
        );
    }
    let p_aware = zone_aware_loss(lambda, tau, year);
    assert_loss_within("replicas one per zone", &aware, p_aware);
    let d = durability(&aware).p_loss_horizon;
    assert!(
        d.ci_high < durability(&blind).p_loss_horizon.ci_low,
        "zone-aware placement must lose less"
    );
    assert!(durability(&aware).exact.is_none());
}

/// P(a loss within `horizon`) for three zones destroyed at rate `lambda` each, every pair of
/// zones sharing a stripe of two replicas, rebuilt in a fixed `tau` from the destruction (a
/// zone destroyed again meanwhile changes nothing: docs/durability.md).
///
/// With at most one zone under rebuild before the first loss, let h(t) = P(no loss within a
/// remaining time t, starting with every fragment whole). The next destruction comes at rate
/// 3λ; after it, the other two zones (rate 2λ) must stay whole for min(τ, r) of the remaining
/// r, and the process starts afresh at its end:
///   h(t) = e^{−3λt} + ∫₀ᵗ 3λ e^{−3λ(t−r)} g(r) dr,
///   g(r) = e^{−2λr} (r ≤ τ),  e^{−2λτ} h(r − τ) (r > τ).
/// g needs h only τ back, so h is built forward on a grid; the convolution with the
/// exponential kernel advances one step at a time (trapezoid rule: relative error
/// (3λ Δ)² ≈ 1e-8 at Δ = 0.5 h). For t ≤ τ, h(t) = 3e^{−2λt} − 2e^{−3λt} (checked).
/// The zones' 1 s repairs, during which a zone cannot be destroyed, are left out (1e-8).
fn zone_aware_loss(lambda: f64, tau: f64, horizon: f64) -> f64 {
    let step = 0.5;
    let n = (horizon / step).round() as usize;
    let m = (tau / step).round() as usize;
    let rate = 3.0 * lambda;
    let decay = (-rate * step).exp();
    let mut h = vec![1.0; n + 1];
    let g = |k: usize, h: &[f64]| {
        if k <= m {
            (-2.0 * lambda * k as f64 * step).exp()
        } else {
            (-2.0 * lambda * tau).exp() * h[k - m]
        }
    };
    let mut convolution = 0.0;
    for k in 1..=n {
        convolution = decay * convolution + step / 2.0 * rate * (decay * g(k - 1, &h) + g(k, &h));
        h[k] = (-rate * k as f64 * step).exp() + convolution;
    }
    let t = tau;
    let closed = 3.0 * (-2.0 * lambda * t).exp() - 2.0 * (-3.0 * lambda * t).exp();
    assert!((h[m] - closed).abs() < 1e-9, "{} vs {closed}", h[m]);
    1.0 - h[n]
}

/// With a nightly backup that always succeeds every loss is covered; with backups that
/// succeed 1% of the time (about 7% chance that one of the week kept is usable), most
/// losses are not.
#[test]
fn backups_cover_losses() {
    let with_backup = |success: &str| {
        let keys = format!(
            "redundancy = {{ replicas = 2 }}\nplacement = {{ stripes = 1 }}\n{EXPONENTIAL_REBUILD}\n[[data.objects.backups]]\nkind = \"full\"\nevery = \"1d\"\nthroughput = \"1GB/s\"\nsuccess = \"{success}\"\nretention = \"7d\""
        );
        simulate(&store(2, "3000h", &keys, 13))
    };
    let covered = with_backup("100%");
    let d = durability(&covered);
    assert_eq!(d.loss_events, 0);
    assert!(d.covered_by_backup > 100, "{}", d.covered_by_backup);
    assert!(d.exact.is_none());
    let failing = with_backup("1%");
    let d = durability(&failing);
    assert!(d.loss_events > 100, "{}", d.loss_events);
    assert!(
        d.covered_by_backup * 5 < d.loss_events,
        "{} covered, {} lost",
        d.covered_by_backup,
        d.loss_events
    );
}

/// The same scenario and seed give the same durability figures on one thread and on three
/// (stripes are drawn from the seed, not per simulator; losses are integer counts).
#[test]
fn durability_does_not_depend_on_threads() {
    let keys = format!(
        "redundancy = {{ replicas = 2 }}\nplacement = {{ stripes = 6 }}\n{EXPONENTIAL_REBUILD}"
    );
    let model = common::model(&store(8, "20000h", &keys, 14));
    let run = |threads| {
        let output = nines::engine::simulate(&model, threads, &|_| {}).expect("runs");
        Summary::new(&model, &output, None).durability
    };
    let one = run(1);
    assert!(one["objects"].loss_events > 0);
    assert_eq!(one, run(3));
}

/// The data failure distance: m + 1 with every fragment intact, 0 once a stripe is lost.
#[test]
fn data_distance_counts_down_to_a_loss() {
    // Disks all die at hour 100 and their rebuilds take a century.
    let scenario = |horizon: &str| {
        store(
            3,
            "1000h",
            "redundancy = { replicas = 3 }\nplacement = { stripes = 1 }\nfragment_rebuild = { time = \"100y\" }",
            1,
        )
        .replace("horizon = \"1y\"", &format!("horizon = \"{horizon}\""))
        .replace(
            "{ dist = \"exponential\", mean = \"1000h\" }",
            "{ dist = \"fixed\", value = \"100h\" }",
        )
    };
    let before = common::model(&scenario("50h"));
    let mut simulator = nines::engine::Simulator::new(&before);
    simulator.run(0);
    assert_eq!(simulator.data_distance(0), 3);
    let after = common::model(&scenario("200h"));
    let mut simulator = nines::engine::Simulator::new(&after);
    simulator.run(0);
    assert_eq!(simulator.data_distance(0), 0);
}
