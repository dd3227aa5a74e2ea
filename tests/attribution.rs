//! Attribution: downtime by cause adds up, and the importance measures (improvement
//! potential, risk achievement) match exact values from Markov chains.

mod common;

use common::{is_up, Ctmc, TEST_CONFIDENCE};
use std::path::Path;

use nines::stats::{Estimate, Summary};

const YEAR: f64 = 8766.0;
const MINUTES_PER_YEAR: f64 = 525_960.0;
/// Trials behind each importance estimate: intervals about 3% wide.
const IMPORTANCE_TRIALS: u64 = 4000;

fn run_with_importance(source: &str) -> Summary {
    let mut model = common::model(source);
    model.settings.confidence = TEST_CONFIDENCE;
    let run = nines::engine::simulate(&model, 0, &|_| {}).unwrap();
    let trials = model.settings.trials;
    let (components, importance_trials) =
        nines::engine::importance_plan(&model, &run.tally, IMPORTANCE_TRIALS, true, trials);
    let importance =
        nines::engine::importance(&model, &components, importance_trials, 0, &|_| {}).unwrap();
    Summary::new(&model, &run, Some(&importance))
}

fn two_components(structure: &str, seed: u64) -> String {
    format!(
        r#"
        [simulation]
        trials = 20000
        seed = {seed}
        [components.a]
        failure = {{ dist = "exponential", mean = "100h" }}
        repair = {{ dist = "exponential", mean = "10h" }}
        [components.b]
        failure = {{ dist = "exponential", mean = "50h" }}
        repair = {{ dist = "exponential", mean = "5h" }}
        [system]
        {structure} = ["a", "b"]
        "#
    )
}

fn component<'s>(summary: &'s Summary, name: &str) -> &'s nines::stats::ComponentImportance {
    summary
        .attribution
        .components
        .iter()
        .find(|c| c.component == name)
        .unwrap()
}

fn assert_within(label: &str, estimate: Option<&Estimate>, exact: f64) {
    let estimate = estimate.unwrap_or_else(|| panic!("{label}: not computed"));
    let (low, high) = (estimate.ci_low.unwrap(), estimate.ci_high.unwrap());
    println!(
        "{label}: {:.3} [{low:.3}, {high:.3}] min/y, exact {exact:.3}",
        estimate.mean
    );
    assert!(
        low <= exact && exact <= high,
        "{label}: {exact} outside [{low}, {high}]"
    );
    // Narrow enough for the check to mean something.
    assert!(
        high - low < 0.25 * exact,
        "{label}: [{low}, {high}] too wide"
    );
}

/// Exact unavailabilities over one year from all up, of independent components a and b
/// (rates per hour): a alone, b alone, both down, either down.
fn exact_pair(a: (f64, f64), b: (f64, f64)) -> (f64, f64, f64, f64) {
    let chain = Ctmc::independent(&[a, b]);
    let u = |up: &dyn Fn(usize) -> bool| 1.0 - chain.interval_availability(YEAR, up);
    (
        u(&|s| is_up(s, 0)),
        u(&|s| is_up(s, 1)),
        u(&|s| is_up(s, 0) || is_up(s, 1)),
        u(&|s| is_up(s, 0) && is_up(s, 1)),
    )
}

#[test]
fn importance_in_series_matches_exact_downtime() {
    // Series: a perfect leaves b's own downtime, so a's improvement potential is the
    // series downtime minus b's; a down for good takes the service down all year, so its
    // risk achievement is the series' up time.
    let summary = run_with_importance(&two_components("all", 41));
    let (u_a, u_b, _, u_series) = exact_pair((0.01, 0.1), (0.02, 0.2));
    let a = component(&summary, "a");
    let b = component(&summary, "b");
    assert_within(
        "series, improvement potential of a",
        a.improvement_potential_minutes_per_year.as_ref(),
        (u_series - u_b) * MINUTES_PER_YEAR,
    );
    assert_within(
        "series, improvement potential of b",
        b.improvement_potential_minutes_per_year.as_ref(),
        (u_series - u_a) * MINUTES_PER_YEAR,
    );
    assert_within(
        "series, risk achievement of a",
        a.risk_achievement_minutes_per_year.as_ref(),
        (1.0 - u_series) * MINUTES_PER_YEAR,
    );
    // A single instance: the instance's figure is the component's.
    assert_eq!(
        a.instance_improvement_potential_minutes_per_year,
        a.improvement_potential_minutes_per_year
    );
    assert_eq!(a.importance_cost_trials, Some(2 * IMPORTANCE_TRIALS));
}

#[test]
fn importance_in_parallel_matches_exact_downtime() {
    // Parallel: a perfect removes every outage; a down for good leaves b alone.
    let summary = run_with_importance(&two_components("any", 42));
    let (u_a, u_b, u_both, _) = exact_pair((0.01, 0.1), (0.02, 0.2));
    let a = component(&summary, "a");
    assert_within(
        "parallel, improvement potential of a",
        a.improvement_potential_minutes_per_year.as_ref(),
        u_both * MINUTES_PER_YEAR,
    );
    assert_within(
        "parallel, risk achievement of a",
        a.risk_achievement_minutes_per_year.as_ref(),
        (u_b - u_both) * MINUTES_PER_YEAR,
    );
    assert_within(
        "parallel, risk achievement of b",
        component(&summary, "b")
            .risk_achievement_minutes_per_year
            .as_ref(),
        (u_a - u_both) * MINUTES_PER_YEAR,
    );
}

#[test]
fn importance_of_one_instance_of_a_redundant_pair() {
    // 1-of-2 identical instances: one instance perfect removes every outage (as does the
    // whole component); one instance down for good leaves the other alone.
    let summary = run_with_importance(
        r#"
        [simulation]
        trials = 20000
        seed = 45
        [components.db]
        count = 2
        need = 1
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [system]
        all = ["db"]
        "#,
    );
    let (u_one, _, u_both, _) = exact_pair((0.01, 0.1), (0.01, 0.1));
    let db = component(&summary, "db");
    assert_within(
        "1-of-2, improvement potential of the component",
        db.improvement_potential_minutes_per_year.as_ref(),
        u_both * MINUTES_PER_YEAR,
    );
    assert_within(
        "1-of-2, improvement potential of one instance",
        db.instance_improvement_potential_minutes_per_year.as_ref(),
        u_both * MINUTES_PER_YEAR,
    );
    assert_within(
        "1-of-2, risk achievement of one instance",
        db.risk_achievement_minutes_per_year.as_ref(),
        (u_one - u_both) * MINUTES_PER_YEAR,
    );
    assert_eq!(db.importance_cost_trials, Some(3 * IMPORTANCE_TRIALS));
}

#[test]
fn large_models_spread_a_bounded_importance_budget() {
    // 60 components in series, 1000 trials: by default the importance work stays within
    // four times the run's trials, at no fewer than 200 trials per estimate.
    let mut source = String::from("[simulation]\ntrials = 1000\nseed = 3\n");
    let names: Vec<String> = (0..60).map(|i| format!("c{i}")).collect();
    for name in &names {
        source.push_str(&format!(
            "[components.{name}]\nfailure = {{ dist = \"exponential\", mean = \"10000h\" }}\n\
             repair = {{ dist = \"exponential\", mean = \"10h\" }}\n"
        ));
    }
    source.push_str(&format!("[system]\nall = {names:?}\n"));
    let model = nines::scenario::parse(&source, "big.toml", Path::new("."), "big").unwrap();
    let run = nines::engine::simulate(&model, 0, &|_| {}).unwrap();
    let (components, trials) =
        nines::engine::importance_plan(&model, &run.tally, 1000, false, 1000);
    assert_eq!(trials, 200);
    assert_eq!(components.len(), 10, "4 x 1000 trials / (2 variants x 200)");
}

#[test]
fn downtime_by_cause_adds_up_to_the_downtime() {
    let summary = run_with_importance(&two_components("all", 43));
    let attribution = &summary.attribution;
    let by_cause: f64 = attribution
        .causes
        .iter()
        .map(|c| c.downtime_minutes_per_year)
        .sum();
    let total = summary.downtime_minutes_per_year.mean;
    // Durations are summed in whole nanoseconds: agreement to 1e-9 relative.
    assert!(
        (by_cause / total - 1.0).abs() < 1e-9,
        "{by_cause} vs {total}"
    );
    let outages: f64 = attribution.causes.iter().map(|c| c.outages_per_year).sum();
    assert!((outages / summary.outages.per_year - 1.0).abs() < 1e-12);
    // Criticality is the share of outages each component starts. In series every outage
    // begins in the all-up state, where a fails at rate λa = 1/100 h and b at λb = 1/50 h,
    // so each outage is a's with probability λa/(λa + λb) = 1/3, independently: the share
    // is binomial about 1/3. (That the shares add up to 1 holds by construction.)
    let crit = |name: &str| {
        attribution
            .components
            .iter()
            .find(|c| c.component == name)
            .unwrap()
            .criticality
            .unwrap()
    };
    let count = summary.outages.per_year * summary.trials as f64;
    let se = (1.0 / 3.0 * 2.0 / 3.0 / count).sqrt();
    println!("criticality of a: {:.5} (exact 1/3, SE {se:.5})", crit("a"));
    common::print_z_se("criticality", crit("a"), se, 1.0 / 3.0);
    assert!((crit("a") - 1.0 / 3.0).abs() < 4.0 * se, "{}", crit("a"));
    assert!((crit("b") - 2.0 / 3.0).abs() < 4.0 * se, "{}", crit("b"));
}

#[test]
fn a_zone_gets_the_blame_for_what_it_takes_down() {
    // Two replicas in one zone: a zone failure starts an outage by itself; replicas only
    // when both fail. The zone's share must dominate with these figures.
    let summary = run_with_importance(
        r#"
        [simulation]
        trials = 5000
        seed = 44
        [components.zone]
        failure = { dist = "exponential", mean = "500h" }
        repair = { dist = "exponential", mean = "5h" }
        [components.db]
        count = 2
        need = 1
        depends_on = ["zone"]
        failure = { dist = "exponential", mean = "1000h" }
        repair = { dist = "exponential", mean = "10h" }
        [system]
        all = ["db"]
        "#,
    );
    let first = &summary.attribution.causes[0];
    assert_eq!(first.component, "zone");
    assert!(first.share_of_downtime.unwrap() > 0.8);
}
