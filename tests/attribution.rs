//! Attribution: downtime by cause adds up, and Birnbaum importance matches its exact value.

mod common;

use common::{is_up, Ctmc, TEST_CONFIDENCE};
use nines::stats::Summary;

const YEAR: f64 = 8766.0;

fn run_with_importance(source: &str) -> Summary {
    let mut model = common::model(source);
    model.settings.confidence = TEST_CONFIDENCE;
    let run = nines::engine::simulate(&model, 0, &|_| {}).unwrap();
    let trials = model.settings.trials;
    let importance =
        nines::engine::birnbaum_importance(&model, trials, 0, TEST_CONFIDENCE, &|_| {}).unwrap();
    Summary::new(&model, &run, Some(&importance), trials)
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

fn birnbaum_of<'s>(summary: &'s Summary, component: &str) -> &'s nines::stats::Estimate {
    summary
        .attribution
        .components
        .iter()
        .find(|c| c.component == component)
        .and_then(|c| c.birnbaum.as_ref())
        .unwrap()
}

fn assert_within(label: &str, estimate: &nines::stats::Estimate, exact: f64) {
    let (low, high) = (estimate.ci_low.unwrap(), estimate.ci_high.unwrap());
    println!(
        "{label}: {:.6} [{low:.6}, {high:.6}], exact {exact:.6}",
        estimate.mean
    );
    assert!(
        low <= exact && exact <= high,
        "{label}: {exact} outside [{low}, {high}]"
    );
}

#[test]
fn birnbaum_importance_in_series_is_the_other_components_availability() {
    // Series: the system is up iff both are, so I_B(a) = P(b up) and I_B(b) = P(a up).
    let summary = run_with_importance(&two_components("all", 41));
    let a = Ctmc::independent(&[(0.01, 0.1)]).interval_availability(YEAR, |s| is_up(s, 0));
    let b = Ctmc::independent(&[(0.02, 0.2)]).interval_availability(YEAR, |s| is_up(s, 0));
    assert_within("series, I_B(a)", birnbaum_of(&summary, "a"), b);
    assert_within("series, I_B(b)", birnbaum_of(&summary, "b"), a);
}

#[test]
fn birnbaum_importance_in_parallel_is_the_other_components_unavailability() {
    // Parallel: with a up the system is up; with a down it is up iff b is:
    // I_B(a) = 1 - P(b up).
    let summary = run_with_importance(&two_components("any", 42));
    let a = Ctmc::independent(&[(0.01, 0.1)]).interval_availability(YEAR, |s| is_up(s, 0));
    let b = Ctmc::independent(&[(0.02, 0.2)]).interval_availability(YEAR, |s| is_up(s, 0));
    assert_within("parallel, I_B(a)", birnbaum_of(&summary, "a"), 1.0 - b);
    assert_within("parallel, I_B(b)", birnbaum_of(&summary, "b"), 1.0 - a);
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
