//! `nines plan`'s ties: designs racing cannot separate. The k-of-n space of tests/plan_paired.rs
//! (downtime priced per hour, total cost per year exact by binomial sums): with an
//! indifference zone of 20% of cost, the winner must cost at most 20% of its own cost more
//! than the cheapest feasible design, with the stated error rate over seeds; designs spelled
//! two ways (the same model) are kept once, and the plan's winner is the one without twins.

mod common;

use common::kofn::{binomial_at_least, errors_over_seeds, COUNTS, MTTR, NEED, TYPES, YEAR};

const DOWNTIME_PER_HOUR: f64 = 1000.0;
const OBJECTIVE: f64 = 0.999;
const ZONE: f64 = 0.20;

fn scenario() -> String {
    common::kofn::SCENARIO.replace(
        "[cost.components.app]",
        "[cost]\ndowntime = \"$1000/h\"\n[cost.components.app]",
    )
}

/// The exact total cost per year of (count, mean time to failure), if feasible.
fn exact_total(n: u32, mttf: f64) -> Option<f64> {
    let price = TYPES.iter().find(|t| t.0 == mttf)?.1;
    let a = binomial_at_least(n, NEED, mttf / (mttf + MTTR));
    (a >= OBJECTIVE).then(|| f64::from(n) * price * YEAR + (1.0 - a) * YEAR * DOWNTIME_PER_HOUR)
}

fn cheapest() -> f64 {
    COUNTS
        .iter()
        .flat_map(|&n| TYPES.iter().filter_map(move |t| exact_total(n, t.0)))
        .fold(f64::INFINITY, f64::min)
}

fn plan(extra: &[&str]) -> serde_json::Value {
    common::kofn::plan(
        &scenario(),
        "availability>=99.9%",
        &[&["--no-exact"], extra].concat(),
    )
}

fn with_reason(report: &serde_json::Value, says: &str) -> usize {
    report["designs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["reason"].as_str().unwrap().contains(says))
        .count()
}

#[test]
fn the_winner_is_within_the_zone_of_the_cheapest_over_seeds() {
    let zone = format!("{}%", ZONE * 100.0);
    let best = cheapest();
    let (mut outside, mut zone_ties, mut trials, mut trials_without) = (0, 0, 0, 0);
    let seeds = 24u64;
    for seed in 0..seeds {
        let seed = seed.to_string();
        let report = plan(&["--seed", &seed, "--indifference", &zone]);
        let without = plan(&["--seed", &seed, "--indifference", "0"]);
        assert_eq!(with_reason(&without, "indifference zone"), 0);
        zone_ties += with_reason(&report, "indifference zone");
        trials += report["simulated_trials"].as_u64().unwrap();
        trials_without += without["simulated_trials"].as_u64().unwrap();
        let w = report["winner"].as_u64().unwrap() as usize;
        let values = &report["designs"][w]["values"];
        let n: u32 = values[0].as_str().unwrap().parse().unwrap();
        let mttf: f64 = values[1]
            .as_str()
            .unwrap()
            .trim_end_matches('h')
            .parse()
            .unwrap();
        let cost = exact_total(n, mttf).expect("the winner is feasible");
        if cost > best + ZONE * cost {
            outside += 1;
        }
    }
    eprintln!("winner outside the zone {outside}/{seeds}, zone ties {zone_ties}, trials {trials} vs {trials_without} without the zone");
    // At the stated 5% for interim discards plus the final ranking's 2.5% on one near
    // design (7.5%), more than 6 of 24 has probability 0.15%.
    assert!(outside <= 6, "{outside} of {seeds}");
    assert!(trials <= trials_without, "{trials} vs {trials_without}");
}

#[test]
fn ties_keep_the_error_rate_of_paired_discards_over_seeds() {
    // The zone's default (1%) is far below the gap between the two cheapest (18%): the
    // true winner is discarded early or missed at the rates tests/plan_paired.rs allows.
    let expected = ("5".to_string(), "300h".to_string());
    let (wrong, discarded) = errors_over_seeds(12, &expected, &|seed| plan(seed));
    assert!(discarded <= 3, "{discarded} of 12");
    assert!(wrong <= 4, "{wrong} of 12");
}

#[test]
fn designs_identical_on_every_trial_are_kept_once() {
    // 10h and 600m are the same repair: every design has a twin, identical on every trial.
    let twins = plan(&["--vary", "components.app.repair.mean=10h,600m"]);
    let single = plan(&["--vary", "components.app.repair.mean=10h"]);
    let designs = twins["designs"].as_array().unwrap();
    let tied: Vec<&serde_json::Value> = designs.iter().filter(|d| d["status"] == "tied").collect();
    // Every twin spelled 600m that was still racing after the first round is tied with
    // the design spelled 10h; none reaches the full trials.
    assert!(!tied.is_empty());
    for d in &tied {
        assert_eq!(d["values"][3], "600m", "{d}");
        let kept = &designs[d["tied_with"].as_u64().unwrap() as usize];
        assert_eq!(kept["values"][3], "10h");
        assert_eq!(
            kept["values"].as_array().unwrap()[..3],
            d["values"].as_array().unwrap()[..3]
        );
        assert!(d["reason"].as_str().unwrap().contains("identical"), "{d}");
    }
    for d in designs.iter().filter(|d| d["values"][3] == "600m") {
        assert_ne!(d["decided_by"], "full trials", "{d}");
    }
    // The same winner, with the same figures to the bit, as the plan without twins.
    let w = twins["winner"].as_u64().unwrap() as usize;
    let v = single["winner"].as_u64().unwrap() as usize;
    assert_eq!(
        designs[w]["values"].as_array().unwrap()[..3],
        single["designs"][v]["values"].as_array().unwrap()[..3]
    );
    assert_eq!(
        designs[w]["cost_per_year"],
        single["designs"][v]["cost_per_year"]
    );
    assert_eq!(
        designs[w]["availability"],
        single["designs"][v]["availability"]
    );
}

#[test]
fn the_table_states_the_zone_and_the_ties() {
    let dir = common::cli::temp_dir();
    common::cli::write(dir.path(), "kn.toml", &scenario());
    let output = common::cli::nines(
        &[
            "plan",
            "kn.toml",
            "--vary",
            "components.app.count=4,5,6",
            "--vary",
            "components.app.repair.mean=10h,600m",
            "--objective",
            "availability>=99.9%",
            "--no-exact",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Indifference zone 1% of the kept design's cost"),
        "{text}"
    );
    assert!(text.contains("with probability at least 95%"), "{text}");
    assert!(text.contains("designs tied with the winner"), "{text}");
    for bad in ["-1%", "100%", "x"] {
        let output = common::cli::nines(
            &[
                "plan",
                "kn.toml",
                "--vary",
                "components.app.count=4,5",
                &format!("--indifference={bad}"),
            ],
            dir.path(),
        );
        assert_eq!(output.status.code(), Some(2), "{bad}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("--indifference"));
    }
}
