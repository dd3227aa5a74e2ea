//! `nines plan`'s ties: designs racing cannot separate. The k-of-n space of tests/plan_paired.rs
//! (downtime priced per hour, total cost per year exact by binomial sums), each design also
//! with repairs 1% longer: with an indifference zone of 5% of cost, the winner must cost at
//! most 5% of its own cost more than the cheapest feasible design, with the stated error rate
//! over seeds; designs spelled two ways (the same model) are kept once, and the plan's winner
//! is the one without twins.

mod common;

use common::kofn::{binomial_at_least, errors_over_seeds, COUNTS, MTTR, NEED, TYPES, YEAR};

const DOWNTIME_PER_HOUR: f64 = 1000.0;
const OBJECTIVE: f64 = 0.999;
const ZONE: f64 = 0.05;

fn scenario() -> String {
    common::kofn::priced_downtime()
}

/// The exact total cost per year of (count, mean time to failure), if feasible.
fn exact_total(n: u32, mttf: f64) -> Option<f64> {
    let price = TYPES.iter().find(|t| t.0 == mttf)?.1;
    let a = binomial_at_least(n, NEED, mttf / (mttf + MTTR));
    (a >= OBJECTIVE).then(|| f64::from(n) * price * YEAR + (1.0 - a) * YEAR * DOWNTIME_PER_HOUR)
}

/// The cheapest feasible total (with 10h repairs: longer ones only add downtime).
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
    // Each design also with repairs 1% longer (606 minutes): pairs a dollar or so apart,
    // which the 5% zone ties, so the guarantee is tested where ties are made.
    let zone = format!("{}%", ZONE * 100.0);
    let best = cheapest();
    let (mut outside, mut zone_ties, mut trials, mut trials_without) = (0, 0, 0, 0);
    let seeds = 24u64;
    for seed in 0..seeds {
        let seed = seed.to_string();
        let at = |zone: &str| {
            plan(&[
                "--seed",
                &seed,
                "--indifference",
                zone,
                "--vary",
                "components.app.repair.mean=10h,606m",
            ])
        };
        let report = at(&zone);
        let without = at("0");
        assert_eq!(with_reason(&without, "indifference zone"), 0);
        zone_ties += with_reason(&report, "indifference zone");
        trials += report["simulated_trials"].as_u64().unwrap();
        trials_without += without["simulated_trials"].as_u64().unwrap();
        let w = report["winner"].as_u64().unwrap() as usize;
        let cost = exact_of(&report["designs"][w]);
        if cost > best + ZONE * cost {
            outside += 1;
        }
    }
    eprintln!("winner outside the zone {outside}/{seeds}, zone ties {zone_ties}, trials {trials} vs {trials_without} without the zone");
    // At the stated 5% for interim discards plus the final ranking's 2.5% on one near
    // design (7.5%), more than 6 of 24 has probability 0.15%.
    assert!(outside <= 6, "{outside} of {seeds}");
    assert!(zone_ties > 0);
    assert!(trials < trials_without, "{trials} vs {trials_without}");
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

/// The exact total cost per year of (count, mean time to failure) with repairs of mean
/// `mttr` hours, feasible or not.
fn exact_total_repaired_in(n: u32, mttf: f64, mttr: f64) -> f64 {
    let price = TYPES.iter().find(|t| t.0 == mttf).unwrap().1;
    let a = binomial_at_least(n, NEED, mttf / (mttf + mttr));
    f64::from(n) * price * YEAR + (1.0 - a) * YEAR * DOWNTIME_PER_HOUR
}

/// The exact total cost per year of a design of the plan over count, type and repair
/// (`10h` or `606m`), as plan.json writes its values.
fn exact_of(design: &serde_json::Value) -> f64 {
    let v = design["values"].as_array().unwrap();
    let n: u32 = v[0].as_str().unwrap().parse().unwrap();
    let mttf: f64 = v[1]
        .as_str()
        .unwrap()
        .trim_end_matches('h')
        .parse()
        .unwrap();
    let mttr = if v[3] == "606m" { 10.1 } else { MTTR };
    exact_total_repaired_in(n, mttf, mttr)
}

#[test]
fn designs_within_the_zone_are_tied_and_the_one_kept_is_within_it() {
    // Repairs 1% longer (606 minutes) cost about a dollar a year more on the cheap designs:
    // far below what the paired intervals at 1,000 trials resolve (about ±$30 at the
    // interim confidence), and inside a zone of 5% of cost (about $110).
    let zoned = plan(&[
        "--vary",
        "components.app.repair.mean=10h,606m",
        "--indifference",
        "5%",
    ]);
    let unzoned = plan(&[
        "--vary",
        "components.app.repair.mean=10h,606m",
        "--indifference",
        "0",
    ]);
    assert_eq!(with_reason(&unzoned, "indifference zone"), 0);
    let designs = zoned["designs"].as_array().unwrap();
    let mut ties = 0;
    for d in designs.iter().filter(|d| {
        d["status"] == "tied" && d["reason"].as_str().unwrap().contains("indifference zone")
    }) {
        ties += 1;
        let kept = &designs[d["tied_with"].as_u64().unwrap() as usize];
        let exact = exact_of;
        // Kept no dearer to build, and within the zone of the one it stands for.
        assert!(kept["infrastructure_per_year"].as_f64() <= d["infrastructure_per_year"].as_f64());
        assert!(exact(kept) - exact(d) <= 0.05 * exact(kept), "{kept} {d}");
    }
    let trials = |r: &serde_json::Value| r["simulated_trials"].as_u64().unwrap();
    eprintln!(
        "{ties} zone ties; {} trials against {} without the zone",
        trials(&zoned),
        trials(&unzoned)
    );
    assert!(ties > 0, "{zoned}");
    assert!(trials(&zoned) < trials(&unzoned));
    // The same count and type win either way.
    let winner = |r: &serde_json::Value| {
        let w = r["winner"].as_u64().unwrap() as usize;
        r["designs"][w]["values"].as_array().unwrap()[..2].to_vec()
    };
    assert_eq!(winner(&zoned), winner(&unzoned));
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
