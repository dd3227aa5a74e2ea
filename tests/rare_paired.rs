//! Paired differences under `--method rare` (`nines compare`): designs whose excursions
//! correspond draw their main runs and branches from the same streams (common random
//! numbers), and the difference's interval comes from per-trial differences of their
//! weighted contributions. Checked against the difference of the designs' exact values (the
//! exact solver's horizon mean), and the paired interval against the unpaired one.

mod common;

use common::cli::{nines, stderr, stdout, temp_dir, write};
use nines::model::{Method, Model};
use nines::stats::{RareSummary, StopRule};
use nines::study::run_rare_in_lockstep;

/// 1-of-`n` exponential instances with own repair, run with the rare method.
fn kofn(name: &str, n: usize, mttf: &str, mttr: &str) -> String {
    format!(
        r#"
name = "{name}"
[simulation]
horizon = "1y"
trials = 20000
seed = 41
importance_trials = 0
[components.app]
count = {n}
need = 1
failure = {{ dist = "exponential", mean = "{mttf}" }}
repair = {{ dist = "exponential", mean = "{mttr}" }}
[system]
all = ["app"]
"#
    )
}

fn rare_model(source: &str) -> Model {
    let mut model = common::model(source);
    model.settings.method = Method::Rare;
    model.settings.confidence = 0.95;
    model
}

/// The exact solver's mean unavailability over the horizon from all-up.
fn exact_horizon(model: &Model) -> f64 {
    let figures = nines::exact::solve(model, 200_000)
        .markov
        .figures
        .expect("a Markov chain");
    1.0 - figures.horizon_availability.expect("horizon mean")
}

/// Half-width of a summary's horizon unavailability interval.
fn half_width(s: &RareSummary) -> f64 {
    let u = &s.horizon.unavailability;
    (u.ci_high.unwrap() - u.ci_low.unwrap()) / 2.0
}

#[test]
fn paired_difference_matches_the_exact_difference_and_is_narrower() {
    // Model A of issue 10 (MTTR 4 h, ≈ 6.4e-11) against faster repairs (3 h, ≈ 2.7e-11).
    let models = [
        rare_model(&kofn("4 h repairs", 3, "10000h", "4h")),
        rare_model(&kofn("3 h repairs", 3, "10000h", "3h")),
    ];
    let trials = models[0].settings.trials;
    let lockstep = run_rare_in_lockstep(&models, 0, &StopRule::fixed(trials), &|_| {}).unwrap();
    assert!(lockstep.obstacle.is_none(), "{:?}", lockstep.obstacle);
    let comparison = lockstep.pairs[0].compare("3 h repairs", "4 h repairs", 0.95);
    let d = &comparison.availability_difference;
    let (low, high) = (d.ci_low.unwrap(), d.ci_high.unwrap());
    let paired = (high - low) / 2.0;
    // Availability of the design minus the baseline's: the baseline's unavailability minus
    // the design's.
    let exact = exact_horizon(&models[0]) - exact_horizon(&models[1]);
    let summaries: Vec<RareSummary> = models
        .iter()
        .zip(&lockstep.runs)
        .map(|(m, run)| RareSummary::new(m, &run.rare, run.warmup))
        .collect();
    // Independent runs' difference would have the half-width of the two combined.
    let unpaired = half_width(&summaries[0]).hypot(half_width(&summaries[1]));
    println!(
        "difference {:.4e} ± {paired:.3e} (±{:.1}%), exact {exact:.4e}; unpaired ± {unpaired:.3e}: paired/unpaired {:.2}",
        d.mean,
        100.0 * paired / d.mean.abs(),
        paired / unpaired
    );
    assert!(
        (d.mean - exact).abs() <= 1.2 * paired,
        "{:.4e} ± {paired:.3e} vs exact {exact:.4e}",
        d.mean
    );
    assert!(
        paired < unpaired,
        "paired ± {paired:.3e}, unpaired ± {unpaired:.3e}"
    );
    assert!(
        comparison.significant,
        "3 h repairs are better: {comparison:?}"
    );
    // Each design's own figure is still right.
    for (s, m) in summaries.iter().zip(&models) {
        let e = exact_horizon(m);
        let half = common::rare::half_towards(&s.horizon.unavailability, e);
        assert!((s.horizon.unavailability.mean - e).abs() <= 1.2 * half);
    }
}

#[test]
fn paired_differences_do_not_depend_on_the_thread_count() {
    let models = [
        rare_model(&kofn("a", 3, "10000h", "4h")),
        rare_model(&kofn("b", 3, "8000h", "4h")),
    ];
    let rule = StopRule::fixed(3000);
    let one = run_rare_in_lockstep(&models, 1, &rule, &|_| {}).unwrap();
    let two = run_rare_in_lockstep(&models, 2, &rule, &|_| {}).unwrap();
    assert_eq!(one.pairs, two.pairs);
    assert!(one.pairs[0].differences.n == 3000);
}

#[test]
fn the_command_pairs_designs_alike_and_says_why_it_cannot_pair_others() {
    let dir = temp_dir();
    let d = dir.path();
    write(d, "a.toml", &kofn("three", 3, "10000h", "4h"));
    write(
        d,
        "b.toml",
        &kofn("three, faster repairs", 3, "10000h", "3h"),
    );
    write(d, "c.toml", &kofn("four", 4, "10000h", "4h"));
    let run = |files: &[&str], format: &str| {
        let mut args = vec!["compare"];
        args.extend_from_slice(files);
        args.extend(["--method", "rare", "--trials", "3000", "--format", format]);
        let out = nines(&args, d);
        assert!(out.status.success(), "{}", stderr(&out));
        stdout(&out)
    };
    let json: serde_json::Value =
        serde_json::from_str(&run(&["a.toml", "b.toml"], "json")).unwrap();
    assert!(json.get("paired_note").is_none(), "{json}");
    let comparison = &json["comparisons"][0];
    assert!(comparison["method"]
        .as_str()
        .unwrap()
        .contains("common random numbers"));
    assert!(comparison["availability_difference"]["ci_low"].is_number());
    let table = run(&["a.toml", "b.toml"], "table");
    assert!(table.contains("vs first (paired)"), "{table}");
    assert!(table.contains("per-trial rare-event estimates"), "{table}");

    // A 1-of-4 design leaves its nominal redundancy differently: no pairing, one line why.
    let json: serde_json::Value =
        serde_json::from_str(&run(&["a.toml", "c.toml"], "json")).unwrap();
    assert_eq!(json["comparisons"].as_array().unwrap().len(), 0);
    let note = json["paired_note"].as_str().unwrap();
    assert!(
        note.contains("'four' has 4 failure clocks 4 failures from an outage"),
        "{note}"
    );
    let table = run(&["a.toml", "c.toml"], "table");
    assert_eq!(table.matches("do not correspond").count(), 1, "{table}");
}
