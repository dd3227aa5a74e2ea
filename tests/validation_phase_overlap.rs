//! Overlapping phases: weekends inside a peak season. Factors multiply where both hold;
//! an hour in both counts to both; two phases changing one thing differently are refused.
//! Exact values by uniformisation of the two-unit chain, interval by interval, the
//! intervals found here by testing each phase's dates (not through the engine's sweep).

mod common;

use common::cli::{refused_run, temp_dir, write};
use common::phased::{
    advance, assert_phase_within, assert_same_on_any_thread_count, pair, phase, units, YEAR,
};
use common::simulate;

/// 1 November for 60 days.
const SEASON: (f64, f64) = (304.0 * 24.0, 364.0 * 24.0);

/// Every week, two days from day 5 (hours [120, 168) of each week).
fn in_weekend(t: f64) -> bool {
    t.rem_euclid(168.0) >= 120.0
}

fn in_season(t: f64) -> bool {
    (SEASON.0..SEASON.1).contains(&t)
}

/// The pair with failures ×5 in a season and ×2 at weekends (×10 in the season's
/// weekends); `extra` goes into the weekend. Factors of failure clocks, not of repairs: a
/// repair keeps the length drawn when it started, so a repair factor's effect would
/// outlast its phase and the chain below would not be exact.
fn scenario(seed: u64, extra: &str) -> String {
    pair(
        &format!(
            r#"
        [[phases]]
        name = "season"
        from = "11-01"
        days = 60
        failure_factor = 5.0
        [[phases]]
        name = "weekend"
        every = "1w"
        duration = "2d"
        start = "5d"
        failure_factor = 2.0
        {extra}
        "#
        ),
        seed,
    )
}

#[test]
fn a_weekend_inside_the_season_has_both_effects() {
    let summary = simulate(&scenario(401, ""));
    let (lambda, mu) = (1.0 / 500.0, 1.0 / 24.0);
    // Every boundary of either phase within the year, in order.
    let mut cuts: Vec<f64> = (0..=52)
        .flat_map(|w| [w as f64 * 168.0 + 120.0, (w + 1) as f64 * 168.0])
        .chain([0.0, SEASON.0, SEASON.1, YEAR])
        .filter(|&t| t <= YEAR)
        .collect();
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let mut pi = vec![1.0, 0.0, 0.0];
    // Up hours and hours: normal, season, weekend.
    let (mut up, mut hours) = ([0.0; 3], [0.0; 3]);
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let mid = (start + end) / 2.0;
        let (season, weekend) = (in_season(mid), in_weekend(mid));
        let factor = if season { 5.0 } else { 1.0 } * if weekend { 2.0 } else { 1.0 };
        let integral = advance(&units(2, factor * lambda, mu), &mut pi, end - start);
        let up_hours = integral[0] + integral[1];
        for (p, holds) in [(0, !season && !weekend), (1, season), (2, weekend)] {
            if holds {
                up[p] += up_hours;
                hours[p] += end - start;
            }
        }
    }
    for (p, name) in ["normal", "season", "weekend"].iter().enumerate() {
        assert!(
            (phase(&summary, name).hours_per_year - hours[p]).abs() < 1e-6,
            "{name}: {} hours, expected {}",
            phase(&summary, name).hours_per_year,
            hours[p]
        );
        assert_phase_within("season with weekends", &summary, name, up[p] / hours[p]);
    }
    // The season's weekends count to both: the phases' hours exceed the year.
    assert!(hours.iter().sum::<f64>() > YEAR + 300.0);
}

#[test]
fn overlapping_phases_are_the_same_on_any_thread_count() {
    assert_same_on_any_thread_count(&scenario(402, ""));
}

#[test]
fn overlapping_phases_that_change_one_thing_differently_are_refused() {
    let dir = temp_dir();
    // A need in each, different where they meet: refused at the later phase's key.
    let conflicting = scenario(403, "").replace(
        "failure_factor = 5.0",
        "failure_factor = 5.0\n        need = { db = 2 }",
    )
        + "\n[[phases]]\nname = \"drill\"\nfrom = \"11-10\"\ndays = 2\nneed = { db = 1 }\n";
    // need = 1 is db's own: "drill" changes nothing, so no conflict; make it a real one
    // with three units.
    let conflicting = conflicting
        .replace("count = 2", "count = 3")
        .replace("need = { db = 1 }", "need = { db = 3 }");
    let file = write(dir.path(), "need.toml", &conflicting);
    let message = refused_run(dir.path(), &file, "need");
    assert!(
        message.contains("phases[2].need.db: phases \"season\" and \"drill\" overlap (from"),
        "{message}"
    );
    assert!(
        message.contains("both change the need of \"db\""),
        "{message}"
    );
    // Crews in each (unlimited outside both), different where they meet.
    let crews = scenario(404, "crews = 2").replace(
        "failure_factor = 5.0",
        "failure_factor = 5.0\n        crews = 1",
    );
    let file = write(dir.path(), "crews.toml", &crews);
    let message = refused_run(dir.path(), &file, "crews");
    assert!(
        message.contains("phases[1].crews: phases \"season\" and \"weekend\" overlap"),
        "{message}"
    );
    assert!(
        message.contains("both change the shared crews"),
        "{message}"
    );
}
