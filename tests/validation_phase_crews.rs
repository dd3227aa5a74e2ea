//! Crews by phase (`crews` in `[[phases]]`) against the exact piecewise-constant chain.
//!
//! n identical exponential units share one pool of crews. The state is (d, r): d units
//! down, r of them under repair. In a phase with c crews: a failure starts a repair when
//! r < c; a completion lets its crew take a waiting unit only when r − 1 < c (crews cut by a
//! phase leave as their repairs finish), so r may exceed c after a cut. At a boundary into
//! c' crews nothing under repair stops and waiting units are taken up to c':
//! r' = max(r, min(d, c')). Each stretch is solved by uniformisation
//! (tests/common/phased.rs), from the distribution the previous one ended with, mapped
//! through that boundary rule.

mod common;

use common::cli::{refused_run, temp_dir, write};
use common::phased::{
    advance, app_scenario, assert_phase_within, assert_same_on_any_thread_count, YEAR,
};
use common::simulate;

/// The states (d, r) with r ≤ d ≤ n, in a fixed order.
fn states(n: usize) -> Vec<(usize, usize)> {
    (0..=n).flat_map(|d| (0..=d).map(move |r| (d, r))).collect()
}

/// The chain's rates with `crews` crews (n or more: unlimited).
fn chain(n: usize, crews: usize, fail: f64, repair: f64) -> Vec<Vec<f64>> {
    let all = states(n);
    let index = |s: (usize, usize)| all.iter().position(|&x| x == s).unwrap();
    let mut rates = vec![vec![0.0; all.len()]; all.len()];
    for (i, &(d, r)) in all.iter().enumerate() {
        if d < n {
            let to = (d + 1, r + usize::from(r < crews));
            rates[i][index(to)] += (n - d) as f64 * fail;
        }
        if r > 0 {
            let (d1, r1) = (d - 1, r - 1);
            let to = (d1, r1 + usize::from(r1 < crews && d1 > r1));
            rates[i][index(to)] += r as f64 * repair;
        }
    }
    rates
}

/// Moves the distribution across a boundary into a phase of `crews` crews.
fn enter(n: usize, crews: usize, pi: &[f64]) -> Vec<f64> {
    let all = states(n);
    let mut out = vec![0.0; pi.len()];
    for (i, &(d, r)) in all.iter().enumerate() {
        let to = (d, r.max(d.min(crews)));
        out[all.iter().position(|&x| x == to).unwrap()] += pi[i];
    }
    out
}

/// Exact availability per phase over one year from all up: `stretches` are (start, end,
/// phase) covering [0, YEAR); phase p has `crews[p]` crews; up while fewer than n − need + 1
/// units are down.
fn exact(
    n: usize,
    need: usize,
    fail: f64,
    repair: f64,
    crews: &[usize],
    stretches: &[(f64, f64, usize)],
) -> Vec<f64> {
    let all = states(n);
    let mut pi = vec![0.0; all.len()];
    pi[0] = 1.0;
    let mut up = vec![0.0; crews.len()];
    let mut hours = vec![0.0; crews.len()];
    for &(start, end, p) in stretches {
        pi = enter(n, crews[p], &pi);
        let integral = advance(&chain(n, crews[p], fail, repair), &mut pi, end - start);
        up[p] += all
            .iter()
            .zip(&integral)
            .filter(|((d, _), _)| n - d >= need)
            .map(|(_, t)| t)
            .sum::<f64>();
        hours[p] += end - start;
    }
    up.iter().zip(&hours).map(|(u, h)| u / h).collect()
}

/// Hours from the start of the year of day `day` (0 = 1 January).
fn day(day: f64) -> f64 {
    day * 24.0
}

/// `count` units needing `need` failing in 100 h and repaired in 50 h (exponential), `rest`
/// after their laws (their crew, `[repair]`); `[[phases]]` may follow.
fn units(count: usize, need: usize, seed: u64, rest: &str) -> String {
    let laws = "failure = { dist = \"exponential\", mean = \"100h\" }\nrepair = { dist = \"exponential\", mean = \"50h\" }";
    app_scenario(count, need, seed, &format!("{laws}\n{rest}"))
}

const HOLIDAY: &str = r#"
        [[phases]]
        name = "holiday"
        from = "11-01"
        days = 60
        crews = 1
"#;

#[test]
fn two_units_lose_one_of_their_two_crews_for_sixty_days() {
    let source = units(2, 1, 201, "crew = \"ops\"\n[repair.crews]\nops = 2")
        + &HOLIDAY.replace("crews = 1", "crews = { ops = 1 }");
    let summary = simulate(&source);
    let (from, to) = (day(304.0), day(364.0));
    let stretches = [(0.0, from, 0), (from, to, 1), (to, YEAR, 0)];
    let exact = exact(2, 1, 0.01, 0.02, &[2, 1], &stretches);
    assert_phase_within("2 crews -> 1", &summary, "normal", exact[0]);
    assert_phase_within("2 crews -> 1", &summary, "holiday", exact[1]);
    // One crew matters: with both units down, repairs go one at a time.
    assert!(exact[1] < exact[0] - 0.02, "{exact:?}");
}

#[test]
fn unlimited_repairs_but_one_crew_in_the_phase() {
    let source = units(3, 2, 202, "") + HOLIDAY;
    let summary = simulate(&source);
    let (from, to) = (day(304.0), day(364.0));
    let stretches = [(0.0, from, 0), (from, to, 1), (to, YEAR, 0)];
    let exact = exact(3, 2, 0.01, 0.02, &[3, 1], &stretches);
    assert_phase_within("unlimited -> 1", &summary, "normal", exact[0]);
    assert_phase_within("unlimited -> 1", &summary, "holiday", exact[1]);
    common::assert_availability_within_interval(
        "unlimited -> 1, year",
        &summary,
        (exact[0] * (YEAR - (to - from)) + exact[1] * (to - from)) / YEAR,
    );
    assert!(exact[1] < exact[0] - 0.05, "{exact:?}");
}

/// Three phases: one crew normally, three on call for June, none over Christmas (the
/// queue builds, then drains at once when the crew comes back).
const ON_CALL_AND_CLOSED: &str = r#"
        [[phases]]
        name = "on-call"
        from = "06-01"
        days = 30
        crews = { ops = 3 }
        [[phases]]
        name = "closed"
        from = "12-24"
        to = "12-28"
        crews = { ops = 0 }
"#;

fn on_call_and_closed(seed: u64) -> String {
    units(3, 2, seed, "crew = \"ops\"\n[repair.crews]\nops = 1") + ON_CALL_AND_CLOSED
}

#[test]
fn crews_grow_in_june_and_vanish_over_christmas() {
    let summary = simulate(&on_call_and_closed(203));
    let (june, july) = (day(151.0), day(181.0));
    let (christmas, after) = (day(357.0), day(362.0));
    let stretches = [
        (0.0, june, 0),
        (june, july, 1),
        (july, christmas, 0),
        (christmas, after, 2),
        (after, YEAR, 0),
    ];
    let exact = exact(3, 2, 0.01, 0.02, &[1, 3, 0], &stretches);
    for (p, name) in ["normal", "on-call", "closed"].iter().enumerate() {
        assert_phase_within("1 / 3 / 0 crews", &summary, name, exact[p]);
    }
    assert!(
        exact[1] > exact[0] + 0.05 && exact[2] < exact[0],
        "{exact:?}"
    );
}

#[test]
fn crews_by_phase_are_the_same_on_any_thread_count() {
    assert_same_on_any_thread_count(&on_call_and_closed(204));
}

#[test]
fn bad_phase_crews_are_refused_with_one_line() {
    let dir = temp_dir();
    let phase = |crews: &str| {
        format!("[[phases]]\nname = \"a\"\nfrom = \"11-01\"\ndays = 3\ncrews = {crews}\n")
    };
    let shared = units(2, 1, 205, "[repair]\ncrews = 2");
    let kinds = units(2, 1, 205, "crew = \"ops\"\n[repair.crews]\nops = 2");
    for (case, base, crews, expected) in [
        (
            "number with kinds",
            &kinds,
            "1",
            "phases[0].crews: [repair.crews] has kinds (\"ops\"): give the phase's crews by kind, such as crews = { ops = 1 }",
        ),
        (
            "kinds without kinds",
            &shared,
            "{ ops = 1 }",
            "phases[0].crews: [repair] gives no crew kinds",
        ),
        (
            "unknown kind",
            &kinds,
            "{ opps = 1 }",
            "unknown crew kind \"opps\"",
        ),
        (
            "negative",
            &shared,
            "-1",
            "-1 is out of range; expected a whole number from 0 to",
        ),
        (
            "not a number",
            &shared,
            "\"two\"",
            "phases[0].crews: expected a number of crews, such as 2, or a table of crew kinds",
        ),
    ] {
        let file = write(
            dir.path(),
            &format!("{}.toml", case.replace(' ', "-")),
            &(base.clone() + &phase(crews)),
        );
        let message = refused_run(dir.path(), &file, case);
        assert!(message.contains(expected), "{case}: {message}");
    }
}
