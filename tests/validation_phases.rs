//! `[[phases]]`: operational phases against exact values.
//!
//! With exponential lives and repairs, a scenario with phases is a Markov chain whose
//! generator is constant within each phase; the exact availability over a phase is the time
//! average of the transient solution over its stretches, each stretch started from the
//! distribution the previous one ended with. Both come from uniformisation here (written
//! in this file, independently of src/exact): over a stretch of length T with Λ at least
//! every exit rate and P = I + Q/Λ, π(T) = Σ_k π(0) P^k · Pois(k; ΛT) and
//! ∫_0^T π(t) dt = (1/Λ) Σ_k π(0) P^k · P(N ≥ k + 1).

mod common;

use common::cli::{nines, refused_run, stderr, temp_dir, write};
use common::phased::{
    assert_phase_within, assert_same_on_any_thread_count, exact_by_phase, pair, phase, units, YEAR,
};
use common::simulate;
use nines::stats::Summary;

/// 1 November for 60 days: hours [304 d, 364 d) of the year.
const PEAK_FROM: f64 = 304.0 * 24.0;
const PEAK_TO: f64 = 364.0 * 24.0;

/// A phase "peak" from 1 November for 60 days, with `overrides`.
fn peak(overrides: &str) -> String {
    format!("[[phases]]\nname = \"peak\"\nfrom = \"11-01\"\ndays = 60\n{overrides}\n")
}

#[test]
fn failure_rates_five_times_higher_for_sixty_days() {
    let summary = simulate(&pair(&peak("failure_factor = { db = 5.0 }"), 91));
    let (lambda, mu) = (1.0 / 500.0, 1.0 / 24.0);
    let (normal, peak, year) = exact_by_phase(
        PEAK_FROM,
        PEAK_TO,
        |p| units(2, if p == 1 { 5.0 * lambda } else { lambda }, mu),
        |_, down| down < 2,
    );
    assert_phase_within("x5 for 60 days", &summary, "normal", normal);
    assert_phase_within("x5 for 60 days", &summary, "peak", peak);
    common::assert_availability_within_interval("x5 for 60 days, year", &summary, year);
    let p = phase(&summary, "peak");
    assert_eq!(p.hours_per_year, PEAK_TO - PEAK_FROM);
    assert!((phase(&summary, "normal").hours_per_year + p.hours_per_year - YEAR).abs() < 1e-9);
    // The phase matters: its availability is far from the normal one.
    assert!(peak < normal - 0.02, "peak {peak}, normal {normal}");
    // Downtime per year in the phases adds up to the year's.
    let per_year: f64 = summary
        .phases
        .iter()
        .map(|p| p.downtime_minutes.per_year)
        .sum();
    let whole = summary.downtime_minutes_per_year.mean;
    assert!(
        (per_year - whole).abs() < 1e-6 * whole,
        "{per_year} vs {whole}"
    );
    let outages: u64 = summary.phases.iter().map(|p| p.outages.count).sum();
    assert_eq!(outages, summary.outages.count);
}

#[test]
fn a_need_that_rises_in_a_phase() {
    // Three units; one is enough normally, two are needed in the phase.
    let source = r#"
        name = "need rises"
        [simulation]
        horizon = "1y"
        trials = 4000
        seed = 92
        [components.web]
        count = 3
        need = 1
        failure = { dist = "exponential", mean = "200h" }
        repair = { dist = "exponential", mean = "20h" }
        [system]
        all = ["web"]
        [[phases]]
        name = "season"
        from = "11-01"
        to = "12-30"
        need = { web = 2 }
    "#;
    let summary = simulate(source);
    let (normal, season, year) = exact_by_phase(
        PEAK_FROM,
        PEAK_TO,
        |_| units(3, 1.0 / 200.0, 1.0 / 20.0),
        |p, down| 3 - down >= if p == 1 { 2 } else { 1 },
    );
    assert_phase_within("need 1 -> 2", &summary, "normal", normal);
    assert_phase_within("need 1 -> 2", &summary, "season", season);
    common::assert_availability_within_interval("need 1 -> 2, year", &summary, year);
    assert!(season < normal - 0.01, "season {season}, normal {normal}");
}

/// The figures of a summary that a run with neutral phases must reproduce to the bit.
fn figures(s: &Summary) -> Vec<u64> {
    let mut out = vec![
        s.availability.mean.to_bits(),
        s.availability.ci_low.unwrap().to_bits(),
        s.availability.ci_high.unwrap().to_bits(),
        s.downtime_minutes_per_year.mean.to_bits(),
        s.downtime_minutes_per_year.p99.to_bits(),
        s.outages.count,
        s.outages.per_year.to_bits(),
    ];
    out.extend(
        s.attribution
            .causes
            .iter()
            .map(|c| c.downtime_minutes_per_year.to_bits()),
    );
    out
}

#[test]
fn neutral_phases_change_nothing() {
    let plain = simulate(&pair("", 93));
    let neutral = simulate(&pair(
        &(peak("failure_factor = 1.0\nrepair_factor = { db = 1.0 }\nneed = { db = 1 }")
            + r#"
        [[phases]]
        name = "spring"
        from = "03-01"
        to = "03-31"
        failure_factor = 1.0
        maintenance_freeze = true"#),
        93,
    ));
    assert_eq!(figures(&plain), figures(&neutral));
    assert!(plain.phases.is_empty());
    assert_eq!(neutral.phases.len(), 3);
}

#[test]
fn the_same_phases_on_any_thread_count() {
    assert_same_on_any_thread_count(&pair(
        &peak("failure_factor = 3.0\nrepair_factor = 2.0"),
        94,
    ));
}

/// Downtime per phase of one component with fixed life and repair walked by hand: the
/// clock's age left runs `speed` times faster in the phase (the retime mechanism), and a
/// repair that starts in the phase takes `factor` times longer.
fn walked_downtime(
    life: f64,
    repair: f64,
    speed: f64,
    factor: f64,
    in_phase: impl Fn(f64) -> bool,
    next_boundary: impl Fn(f64) -> f64,
    horizon: f64,
) -> [f64; 2] {
    let mut down = [0.0; 2];
    let mut t = 0.0;
    while t < horizon {
        // Up: age left runs out, stretch by stretch.
        let mut left = life;
        loop {
            let rate = if in_phase(t) { speed } else { 1.0 };
            let boundary = next_boundary(t);
            if t >= horizon {
                break;
            }
            if t + left / rate <= boundary {
                t += left / rate;
                break;
            }
            left -= (boundary - t) * rate;
            t = boundary;
        }
        if t >= horizon {
            break;
        }
        let end = (t + repair * if in_phase(t) { factor } else { 1.0 }).min(horizon);
        // Down from t to end, split at boundaries.
        let mut s = t;
        while s < end {
            let e = next_boundary(s).min(end);
            down[usize::from(in_phase(s))] += e - s;
            s = e;
        }
        t = end;
    }
    down
}

#[test]
fn fixed_lives_age_faster_and_repairs_take_longer_in_the_phase() {
    // Every week, two days (from day 5) of double-speed ageing and triple-length repairs.
    let source = r#"
        name = "fixed weekly"
        [simulation]
        horizon = "30w"
        trials = 2
        seed = 95
        [components.app]
        failure = { dist = "fixed", value = "100h" }
        repair = { dist = "fixed", value = "10h" }
        [system]
        all = ["app"]
        [[phases]]
        name = "weekend"
        every = "1w"
        duration = "2d"
        start = "5d"
        failure_factor = 2.0
        repair_factor = { app = 3.0 }
    "#;
    let summary = simulate(source);
    let horizon = 30.0 * 168.0;
    let in_phase = |t: f64| t.rem_euclid(168.0) >= 120.0;
    let next_boundary = |t: f64| {
        let week = (t / 168.0).floor() * 168.0;
        let next = if t - week < 120.0 {
            week + 120.0
        } else {
            week + 168.0
        };
        next.min(horizon)
    };
    let down = walked_downtime(100.0, 10.0, 2.0, 3.0, in_phase, next_boundary, horizon);
    let hours_in_phase = 30.0 * 48.0;
    for (name, downtime, hours) in [
        ("normal", down[0], horizon - hours_in_phase),
        ("weekend", down[1], hours_in_phase),
    ] {
        let simulated = phase(&summary, name).availability.mean;
        let exact = 1.0 - downtime / hours;
        println!("{name}: simulated {simulated}, walked {exact}");
        assert!(
            (simulated - exact).abs() < 1e-9,
            "{name}: {simulated} vs {exact}"
        );
    }
    // Without the phase's effects the weekend would be as available as the rest.
    assert!(down[1] / hours_in_phase > 1.5 * down[0] / (horizon - hours_in_phase));
}

#[test]
fn a_maintenance_freeze_skips_the_windows_that_open_in_it() {
    // A window every day at 02:00 for an hour takes the single server down; a freeze over
    // days 10 to 19 skips ten of them.
    let source = |freeze: &str| {
        format!(
            r#"
            name = "freeze"
            [simulation]
            horizon = "30d"
            trials = 2
            seed = 96
            [components.app]
            failure = {{ dist = "fixed", value = "1000y" }}
            repair = {{ dist = "fixed", value = "1h" }}
            [components.app.maintenance]
            every = "1d"
            start = "2h"
            duration = {{ dist = "fixed", value = "1h" }}
            strategy = "all"
            [system]
            all = ["app"]
            [[phases]]
            name = "freeze"
            from = "01-11"
            to = "01-20"
            {freeze}
            "#
        )
    };
    let frozen = simulate(&source("maintenance_freeze = true"));
    let open = simulate(&source(""));
    let minutes = |s: &Summary, name: &str| {
        let p = phase(s, name);
        p.downtime_minutes.per_phase_hour * p.hours_per_year / YEAR * (30.0 * 24.0)
    };
    assert!((minutes(&open, "freeze") - 600.0).abs() < 1e-6);
    assert!(minutes(&frozen, "freeze").abs() < 1e-6);
    assert!((minutes(&frozen, "normal") - 1200.0).abs() < 1e-6);
    assert_eq!(phase(&frozen, "freeze").outages.count, 0);
}

#[test]
fn bad_phases_are_refused_with_one_line() {
    let dir = temp_dir();
    let base = pair("", 97);
    for (case, phases, expected) in [
        (
            "unknown component",
            "[[phases]]\nname = \"a\"\nfrom = \"11-01\"\ndays = 3\nfailure_factor = { dbb = 2.0 }\n",
            "\"dbb\" is not a component; expected one of db",
        ),
        (
            "unknown key",
            "[[phases]]\nname = \"a\"\nfrom = \"11-01\"\ndays = 3\nfailure_factr = 2.0\n",
            "failure_factr",
        ),
        (
            "bad date",
            "[[phases]]\nname = \"a\"\nfrom = \"02-30\"\ndays = 3\n",
            "is not a date \"MM-DD\"",
        ),
        (
            "need too high",
            "[[phases]]\nname = \"a\"\nfrom = \"11-01\"\ndays = 3\nneed = { db = 3 }\n",
            "expected a whole number from 1 to the component's count (2)",
        ),
        (
            "negative factor",
            "[[phases]]\nname = \"a\"\nfrom = \"11-01\"\ndays = 3\nrepair_factor = -1.0\n",
            "is not a factor",
        ),
        (
            "no dates",
            "[[phases]]\nname = \"a\"\nfailure_factor = 2.0\n",
            "says nothing of when it applies",
        ),
        (
            "duration too long",
            "[[phases]]\nname = \"a\"\nevery = \"1d\"\nduration = \"2d\"\n",
            "is not shorter than every",
        ),
        (
            "normal",
            "[[phases]]\nname = \"normal\"\nfrom = \"11-01\"\ndays = 3\n",
            "give each phase its own name",
        ),
    ] {
        let file = write(dir.path(), &format!("{}.toml", case.replace(' ', "-")), &(base.clone() + phases));
        let message = refused_run(dir.path(), &file, case);
        assert!(message.contains(expected), "{case}: {message}");
        assert!(message.contains("phases"), "{case}: no key path: {message}");
    }
}

#[test]
fn solve_refuses_phases() {
    let dir = temp_dir();
    write(
        dir.path(),
        "s.toml",
        &pair(
            "[[phases]]\nname = \"a\"\nfrom = \"11-01\"\ndays = 3\nfailure_factor = 2.0\n",
            98,
        ),
    );
    let solve = nines(&["solve", "s.toml"], dir.path());
    assert_eq!(solve.status.code(), Some(2), "{}", stderr(&solve));
    assert!(stderr(&solve).contains("[[phases]]"), "{}", stderr(&solve));
    assert_eq!(stderr(&solve).trim().lines().count(), 1);
    // --method rare accepts phases: tests/validation_rare_phases.rs.
}

/// Both exact methods refuse phases for the same reason: the run's exact note says it once.
#[test]
fn the_exact_note_gives_the_phases_reason_once() {
    let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/retail-season.toml");
    let dir = temp_dir();
    let out = nines(
        &["run", scenario, "--trials", "200", "--format", "json"],
        dir.path(),
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let json: serde_json::Value =
        serde_json::from_str(&String::from_utf8_lossy(&out.stdout)).unwrap();
    let reason = json["exact"]["reason"].as_str().unwrap();
    assert!(reason.contains("[[phases]]"), "{reason}");
    assert_eq!(reason.matches("[[phases]]").count(), 1, "{reason}");
}
