//! The exact solvers against hand-derived closed forms and hand-built chains, to 1e-9
//! relative error, down to unavailabilities of 1e-15; and `nines solve` on the command line.

mod common;

use std::process::Command;

use common::chains::{chain, failback_pair, hot_pair_failed_switchovers, latent_standby_pair};
use common::closed_forms::{close, ln_choose};
use common::{model, Ctmc};
use nines::exact::{self, Figures};

const YEAR: f64 = 8766.0;

fn independent(source: &str) -> Figures {
    exact::independent::solve(&model(source)).expect("the independent formula applies")
}

fn markov(source: &str) -> Figures {
    exact::markov(&model(source), exact::SOLVE_MAX_STATES)
        .figures
        .expect("the Markov chain can be built")
}

/// P(fewer than k of n up), each up with a = μ/(λ+μ): Σ_{j<k} C(n,j) a^j q^(n-j).
fn k_of_n_unavailability(k: usize, n: usize, l: f64, m: f64) -> f64 {
    let (a, q) = (m / (l + m), l / (l + m));
    (0..k)
        .map(|j| (ln_choose(n, j) + j as f64 * a.ln() + (n - j) as f64 * q.ln()).exp())
        .sum()
}

fn k_of_n_scenario(k: usize, n: usize, mttf: &str, mttr: &str) -> String {
    format!(
        r#"
        [components.node]
        count = {n}
        need = {k}
        failure = {{ dist = "exponential", mean = "{mttf}" }}
        repair = {{ dist = "exponential", mean = "{mttr}" }}
        [system]
        all = ["node"]
        "#
    )
}

#[test]
fn k_of_n_matches_binomial_sums() {
    for (k, n) in [(1, 1), (1, 2), (2, 3), (3, 5), (4, 5), (7, 10)] {
        let (l, m) = (1.0 / 1000.0, 1.0 / 10.0);
        let source = k_of_n_scenario(k, n, "1000h", "10h");
        let u = k_of_n_unavailability(k, n, l, m);
        // Outages begin when exactly k are up and one of them fails.
        let a = m / (l + m);
        let q = l / (l + m);
        let exactly_k = (ln_choose(n, k) + k as f64 * a.ln() + (n - k) as f64 * q.ln()).exp();
        let frequency = exactly_k * k as f64 * l * YEAR;
        for (method, f) in [
            ("independent", independent(&source)),
            ("markov", markov(&source)),
        ] {
            close(
                &format!("{k}-of-{n} {method} unavailability"),
                f.unavailability,
                u,
            );
            close(
                &format!("{k}-of-{n} {method} availability"),
                f.availability,
                1.0 - u,
            );
            close(
                &format!("{k}-of-{n} {method} outages"),
                f.outages_per_year,
                frequency,
            );
        }
    }
}

#[test]
fn thousand_instances_k_of_n() {
    let (k, n) = (990, 1000);
    let source = k_of_n_scenario(k, n, "2000h", "4h");
    let u = k_of_n_unavailability(k, n, 1.0 / 2000.0, 1.0 / 4.0);
    let start = std::time::Instant::now();
    let f = independent(&source);
    let seconds = start.elapsed().as_secs_f64();
    close("990-of-1000 independent", f.unavailability, u);
    println!("990-of-1000 independent in {seconds:.4} s");
    // The lumped chain has 1001 states (count of failed instances).
    let chain = markov(&source);
    assert_eq!(chain.states, 1001);
    close("990-of-1000 markov", chain.unavailability, u);
}

#[test]
fn unavailability_of_1e_minus_15_keeps_its_precision() {
    // 1-of-3, MTTF 100,000 h, MTTR 1 h: q = 1/100001, U = q³ ≈ 1.0e-15.
    let source = k_of_n_scenario(1, 3, "100000h", "1h");
    let u = (1.0f64 / 100_001.0).powi(3);
    assert!(u < 1.1e-15);
    close(
        "1-of-3 at 1e-15, independent",
        independent(&source).unavailability,
        u,
    );
    close("1-of-3 at 1e-15, markov", markov(&source).unavailability, u);
    // One crew: 0 -3λ-> 1 -2λ-> 2 -λ-> 3, every repair μ: π3/π0 = 6λ³/μ³.
    let crew = format!("[repair]\ncrews = 1\n{source}");
    let r = 1.0 / 100_000.0;
    let weights = [1.0, 3.0 * r, 6.0 * r * r, 6.0 * r * r * r];
    let u_crew = weights[3] / weights.iter().sum::<f64>();
    close(
        "1-of-3 at 1e-15, one crew, markov",
        markov(&crew).unavailability,
        u_crew,
    );
}

#[test]
fn one_of_two_with_one_crew() {
    // 0 -2λ-> 1 -λ-> 2, 1 -μ-> 0, 2 -μ-> 1: U = 2λ² / (μ² + 2λμ + 2λ²).
    let (l, m) = (1.0 / 100.0, 1.0 / 10.0);
    let source = format!(
        "[repair]\ncrews = 1\n{}",
        k_of_n_scenario(1, 2, "100h", "10h")
    );
    let f = markov(&source);
    let u = 2.0 * l * l / (m * m + 2.0 * l * m + 2.0 * l * l);
    close("1-of-2 one crew", f.unavailability, u);
    // Outages: from state 1 at rate λ; π1 = (2λ/μ) π0.
    let pi0 = m * m / (m * m + 2.0 * l * m + 2.0 * l * l);
    close(
        "1-of-2 one crew outages",
        f.outages_per_year,
        pi0 * 2.0 * l / m * l * YEAR,
    );
    close(
        "1-of-2 one crew mean outage",
        f.mean_outage_hours.unwrap(),
        1.0 / m,
    );
    // The formula, unaware of the crew, names it.
    let leaves = exact::independent::leaves_out(&model(&source));
    assert_eq!(leaves, vec!["shared crews".to_string()]);
}

#[test]
fn cold_standby_with_one_crew() {
    // Only the active fails: 0 -λ-> 1 -λ-> 2, repairs μ one at a time:
    // U = λ² / (μ² + λμ + λ²).
    let (l, m) = (1.0 / 100.0, 1.0 / 10.0);
    let source = r#"
        [repair]
        crews = 1
        [components.db]
        count = 2
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [components.db.failover]
        standby = "cold"
        detection = "0s"
        switchover = "0s"
        [system]
        all = ["db"]
    "#;
    let f = markov(source);
    close(
        "cold 1+1 one crew",
        f.unavailability,
        l * l / (m * m + l * m + l * l),
    );
    let exact_chain = Ctmc {
        rates: vec![vec![0.0, l, 0.0], vec![m, 0.0, l], vec![0.0, m, 0.0]],
    };
    let horizon = exact_chain.interval_availability(YEAR, |s| s < 2);
    close(
        "cold 1+1 one crew, horizon",
        f.horizon_availability.unwrap(),
        horizon,
    );
}

#[test]
fn two_zones() {
    // Each replica needs its own zone: U = (1 - a_z a)² = (q_z + a_z q)².
    let source = r#"
        [components.zone]
        count = 2
        failure = { dist = "exponential", mean = "500h" }
        repair = { dist = "exponential", mean = "5h" }
        [components.db]
        count = 2
        need = 1
        depends_on = ["zone"]
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [system]
        all = ["db"]
    "#;
    let (qz, az): (f64, f64) = (5.0 / 505.0, 500.0 / 505.0);
    let (q, a) = (10.0 / 110.0, 100.0 / 110.0);
    let u = (qz + az * q).powi(2);
    // Outages: one replica's path fails (zone or server) while the other path is down.
    let path_frequency = az * (1.0 / 110.0) + a * (1.0 / 505.0);
    let frequency = 2.0 * path_frequency * (qz + az * q) * YEAR;
    for (method, f) in [
        ("independent", independent(source)),
        ("markov", markov(source)),
    ] {
        close(&format!("two zones {method}"), f.unavailability, u);
        close(
            &format!("two zones {method} outages"),
            f.outages_per_year,
            frequency,
        );
    }
    // Lognormal repairs: the formula still applies (alternating renewal), the chain does not.
    let lognormal = source.replace(
        r#"repair = { dist = "exponential", mean = "10h" }"#,
        r#"repair = { dist = "lognormal", mean = "10h", sd = "20h" }"#,
    );
    close(
        "two zones, lognormal repair, independent",
        independent(&lognormal).unavailability,
        u,
    );
    let why = exact::markov(&model(&lognormal), 1000).figures.unwrap_err();
    assert_eq!(
        why,
        "component `db`: repair is lognormal; the Markov solution needs exponential times"
    );
}

#[test]
fn shock_is_an_independent_two_state_process() {
    // A shock reaching every instance, every ~ exp(mean 200 h), recovery ~ exp(mean 2 h),
    // on a single server: U = 1 - a_own · a_shock.
    let source = r#"
        [components.app]
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "1h" }
        [[components.app.shocks]]
        name = "bad deploy"
        every = { dist = "exponential", mean = "200h" }
        reach = 1
        recovery = { dist = "exponential", mean = "2h" }
        [system]
        all = ["app"]
    "#;
    let (a_own, a_shock) = (100.0 / 101.0, 200.0 / 202.0);
    let u = 1.0 / 101.0 + a_own * 2.0 / 202.0;
    close("shock on one server", markov(source).unavailability, u);
    let leaves = exact::independent::leaves_out(&model(source));
    assert_eq!(leaves, vec!["shocks".to_string()]);
    let _ = a_shock;
}

#[test]
fn failover_chains_match_the_hand_derived_ones() {
    // The chains of tests/validation_failover.rs, derived by hand from the documented
    // semantics; the builder derives them from the engine's rules.
    let (l, m) = (1.0 / 100.0, 1.0 / 10.0);
    // Hot pair, switchover exp(30 min), 90% success, manual exp(2 h).
    let (delta, p, manual) = (2.0, 0.9, 0.5);
    let source = r#"
        [components.db]
        count = 2
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [components.db.failover]
        active = 1
        standby = "hot"
        detection = "0s"
        switchover = { dist = "exponential", mean = "30m" }
        success = "90%"
        manual = { dist = "exponential", mean = "2h" }
        [system]
        all = ["db"]
    "#;
    let hand = hot_pair_failed_switchovers(l, m, delta, p, manual);
    let f = markov(source);
    close(
        "hot pair with failed switchovers, horizon",
        f.horizon_availability.unwrap(),
        hand.interval_availability(YEAR, |s| s <= 1),
    );
    // Instances of a failover group are not lumped (the engine promotes the lowest-numbered
    // standby), so the chain keeps which instance holds which role: more states than the
    // hand-derived 6, the same answer.
    assert!(f.states >= 6);

    // Unmonitored hot standby: latent failures.
    let latent = r#"
        [components.db]
        count = 2
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [components.db.failover]
        detection = "0s"
        switchover = "0s"
        monitored = false
        [system]
        all = ["db"]
    "#;
    let hand = latent_standby_pair(l, m);
    let f = markov(latent);
    close(
        "latent standby, horizon",
        f.horizon_availability.unwrap(),
        hand.interval_availability(YEAR, |s| s < 3),
    );

    // Failback with its own switchover (exp, 1 h).
    let failback = r#"
        [components.db]
        count = 2
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [components.db.failover]
        detection = "0s"
        switchover = { dist = "exponential", mean = "1h" }
        on_repair = "failback"
        [system]
        all = ["db"]
    "#;
    let d = 1.0;
    let hand = failback_pair(l, m, d);
    let f = markov(failback);
    close(
        "failback, horizon",
        f.horizon_availability.unwrap(),
        hand.interval_availability(YEAR, |s| matches!(s, 0 | 1 | 2 | 8)),
    );
    assert!(f.states >= 10);

    // Warm standby at 0.3 of the rate.
    let warm = r#"
        [components.db]
        count = 2
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [components.db.failover]
        standby = "warm"
        warm_factor = 0.3
        detection = "0s"
        switchover = "0s"
        [system]
        all = ["db"]
    "#;
    let hand = chain(3, &[(0, 1, l * 1.3), (1, 2, l), (1, 0, m), (2, 1, 2.0 * m)]);
    close(
        "warm standby, horizon",
        markov(warm).horizon_availability.unwrap(),
        hand.interval_availability(YEAR, |s| s < 2),
    );
}

#[test]
fn returned_unit_takes_over_after_a_failed_switchover() {
    // Cold 1+1, detection 0 s, switchover exp(30 min) (δ = 2/h), success p = 80%, manual
    // failover exp(2 h) (m = 0.5/h), one crew. A cold standby does not fail while idle or
    // being promoted (its clock runs at the idle speed until it serves). By hand, with A
    // active, S standby, P promoting, O out (repairing or waiting), k a stuck position, S'
    // a standby back from repair while the switchover was under way:
    // 0 {A,S} up:      A fails (λ) -> failover starts {O,P}.
    // 1 {O,P}:         O repaired (μ) -> every empty position is being switched, so it waits
    //                  as a standby {S',P}; switchover succeeds (δp) -> {O,A};
    //                  fails (δ(1-p)) -> {O,S,k} and the operator is called.
    // 2 {S',P}:        succeeds (δp) -> {S,A} = 0; fails (δ(1-p)) -> S' takes the position at
    //                  once, P steps back to standby: {A,S} = 0. So 2 -> 0 at δ in all
    //                  (under the old rule the failure went to {S,S,k}, waiting for the
    //                  operator: U = 0.015835324..., not this one).
    // 3 {O,A} up:      A fails (λ) -> its repair waits for the crew {O,O}; O repaired (μ) ->
    //                  standby {S,A} = 0.
    // 4 {O,S,k}:       O repaired (μ) -> fills the stuck position, the operator has nothing
    //                  left to do {A,S} = 0; operator (m) -> promotes S by hand {O,A} = 3.
    // 5 {O,O}:         the one repair (μ) -> fills the position, the other repair starts
    //                  {A,O} = 3.
    // Balance: π1 = λπ0/(μ+δ), π2 = μπ1/δ, π4 = δ(1-p)π1/(μ+m), π3 = (δpπ1 + mπ4)/μ,
    // π5 = λπ3/μ; U = (π1+π2+π4+π5)/Σπ = 0.0156663566778739... for λ = 1/100, μ = 1/10.
    let (l, m): (f64, f64) = (1.0 / 100.0, 1.0 / 10.0);
    let (delta, p, manual): (f64, f64, f64) = (2.0, 0.8, 0.5);
    let source = r#"
        [repair]
        crews = 1
        [components.db]
        count = 2
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [components.db.failover]
        standby = "cold"
        detection = "0s"
        switchover = { dist = "exponential", mean = "30m" }
        success = "80%"
        manual = { dist = "exponential", mean = "2h" }
        [system]
        all = ["db"]
    "#;
    let pi0 = 1.0;
    let pi1 = l * pi0 / (m + delta);
    let pi2 = m * pi1 / delta;
    let pi4 = delta * (1.0 - p) * pi1 / (m + manual);
    let pi3 = (delta * p * pi1 + manual * pi4) / m;
    let pi5 = l * pi3 / m;
    let down = pi1 + pi2 + pi4 + pi5;
    let unavailability = down / (pi0 + pi3 + down);
    assert!((unavailability - 0.015_666_356_677_873_95).abs() < 1e-15);
    let f = markov(source);
    close(
        "cold 1+1, failed switchover taken over by the returned unit",
        f.unavailability,
        unavailability,
    );
    let mut rates = vec![vec![0.0; 6]; 6];
    for (from, to, rate) in [
        (0, 1, l),
        (1, 2, m),
        (1, 3, delta * p),
        (1, 4, delta * (1.0 - p)),
        (2, 0, delta * p),
        (2, 0, delta * (1.0 - p)),
        (3, 5, l),
        (3, 0, m),
        (4, 0, m),
        (4, 3, manual),
        (5, 3, m),
    ] {
        rates[from][to] += rate;
    }
    let hand = Ctmc { rates };
    close(
        "cold 1+1, failed switchover taken over by the returned unit, horizon",
        f.horizon_availability.unwrap(),
        hand.interval_availability(YEAR, |s| s == 0 || s == 3),
    );
    // The instances of a failover group are not lumped: each of the 6 states at most once
    // per labelling of the two instances.
    assert!((6..=12).contains(&f.states), "{} states", f.states);
}

#[test]
fn refusals_name_the_component_and_feature() {
    let base = k_of_n_scenario(2, 3, "1000h", "10h");
    let maintenance = base.replace(
        "[system]",
        "[components.node.maintenance]\nevery = \"30d\"\nduration = \"20m\"\n[system]",
    );
    let why = exact::markov(&model(&maintenance), 1000)
        .figures
        .unwrap_err();
    assert!(why.starts_with("component `node`: maintenance"), "{why}");
    let big = k_of_n_scenario(2, 3, "1000h", "10h").replace("count = 3", "count = 30");
    let why = exact::markov(&model(&big), 10).figures.unwrap_err();
    assert!(
        why.starts_with("the Markov chain has more than 10 states (the limit;"),
        "{why}"
    );
}

fn nines(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_nines"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("nines runs")
}

#[test]
fn solve_command_prints_both_methods_and_json() {
    let output = nines(&["solve", "scenarios/single-server.toml", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let exact = &value["exact"];
    for key in [
        "availability",
        "unavailability",
        "outages_per_year",
        "mean_outage_hours",
        "horizon_availability",
        "method",
        "states",
        "seconds",
    ] {
        assert!(exact.get(key).is_some(), "exact.{key}");
    }
    assert_eq!(exact["method"], "markov");
    let u = exact["unavailability"].as_f64().unwrap();
    close("single server", u, 8.0 / (8766.0 + 8.0));

    let output = nines(&["solve"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.contains("leaves out"), "{text}");

    let output = nines(&["solve", "no-such-file.toml"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(String::from_utf8(output.stderr).unwrap().lines().count(), 1);
}
