//! Failover groups against exact answers. Each model below has exponential delays, so it is a
//! continuous-time Markov chain; the states and rates are derived by hand in each test from
//! the semantics in docs/scenario-format.md, and the chain is integrated over the horizon
//! from the all-up start (see `common::Ctmc`). The simulated availability must contain the
//! exact value in its 99.9% interval.
//!
//! Notation: A active, S standby, P promoting (switchover under way), O out (failed, under
//! repair), L latently failed standby, k a position whose switchover failed ("stuck").

mod common;

use common::chains::{chain, failback_pair, hot_pair_failed_switchovers, latent_standby_pair};
use common::{assert_availability_within_interval, is_up, simulate, Ctmc};

const YEAR: f64 = 8766.0;
const LAMBDA: f64 = 1.0 / 100.0; // failure rate: MTTF 100 h
const MU: f64 = 1.0 / 10.0; // repair rate: MTTR 10 h

#[test]
fn hot_pair_with_switchover_time_and_failed_switchovers() {
    // Detection 0 s; switchover exponential, rate δ; success p; a failed switchover leaves
    // the position empty until the failed instance returns from repair or an operator's
    // manual failover (exponential, rate m), whichever is first.
    let (delta, p, m) = (2.0, 0.9, 0.5);
    let summary = simulate(
        r#"
        [simulation]
        trials = 20000
        seed = 31
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
        "#,
    );
    // States and transitions: common::chains::hot_pair_failed_switchovers.
    let exact_chain = hot_pair_failed_switchovers(LAMBDA, MU, delta, p, m);
    let exact = exact_chain.interval_availability(YEAR, |s| s <= 1);
    assert_availability_within_interval("hot 1+1, switchover 30m, 90% success", &summary, exact);
}

#[test]
fn cold_pair_with_one_repair_crew() {
    // Instantaneous, always successful failover; the cold standby does not fail while idle;
    // one crew. By number failed: 0 -λ-> 1 (only the active can fail), 1 -λ-> 2, 1 -μ-> 0,
    // 2 -μ-> 1 (one crew: one repair at a time).
    let summary = simulate(
        r#"
        [simulation]
        trials = 20000
        seed = 32
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
        "#,
    );
    let exact_chain = chain(3, &[(0, 1, LAMBDA), (1, 2, LAMBDA), (1, 0, MU), (2, 1, MU)]);
    let exact = exact_chain.interval_availability(YEAR, |s| s < 2);
    assert_availability_within_interval("cold 1+1, one crew", &summary, exact);
    // Instantaneous failovers are not outages.
    assert!(summary.outages.mean_duration_minutes.unwrap() > 60.0);
}

#[test]
fn latent_standby_failure_found_at_failover() {
    // Hot, unmonitored standby; instantaneous, always successful failover.
    // States and transitions: common::chains::latent_standby_pair.
    let scenario = |monitored: bool, seed: u64| {
        format!(
            r#"
            [simulation]
            trials = 20000
            seed = {seed}
            [components.db]
            count = 2
            failure = {{ dist = "exponential", mean = "100h" }}
            repair = {{ dist = "exponential", mean = "10h" }}
            [components.db.failover]
            detection = "0s"
            switchover = "0s"
            monitored = {monitored}
            [system]
            all = ["db"]
            "#
        )
    };
    let latent = simulate(&scenario(false, 33));
    let exact_chain = latent_standby_pair(LAMBDA, MU);
    let exact_latent = exact_chain.interval_availability(YEAR, |s| s < 3);
    assert_availability_within_interval("hot 1+1, unmonitored standby", &latent, exact_latent);

    // Monitored, the pair is a plain 1-of-2 with independent repair.
    let monitored = simulate(&scenario(true, 34));
    let exact_monitored =
        Ctmc::independent(&[(LAMBDA, MU), (LAMBDA, MU)]).interval_availability(YEAR, |s| s != 0b11);
    assert_availability_within_interval("hot 1+1, monitored standby", &monitored, exact_monitored);
    // What monitoring buys: latent failures cost availability.
    assert!(latent.availability.ci_high.unwrap() < monitored.availability.ci_low.unwrap());
}

#[test]
fn pair_sharing_a_zone() {
    // Hot pair, instantaneous failover, both replicas in one zone. Roles do not change
    // availability here: the service is up while the zone and either replica are, exactly
    // the independent chain of zone, db0, db1. Exercises failover through dependency
    // outages (both replicas out at once, both back at once).
    let summary = simulate(
        r#"
        [simulation]
        trials = 20000
        seed = 35
        [components.zone]
        failure = { dist = "exponential", mean = "500h" }
        repair = { dist = "exponential", mean = "5h" }
        [components.db]
        count = 2
        depends_on = ["zone"]
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [components.db.failover]
        detection = "0s"
        switchover = "0s"
        [system]
        all = ["db"]
        "#,
    );
    let exact = Ctmc::independent(&[(1.0 / 500.0, 1.0 / 5.0), (LAMBDA, MU), (LAMBDA, MU)])
        .interval_availability(YEAR, |s| is_up(s, 0) && (is_up(s, 1) || is_up(s, 2)));
    assert_availability_within_interval("hot 1+1 in one zone", &summary, exact);
}

#[test]
fn warm_standby_fails_at_a_fraction_of_the_rate() {
    // Instantaneous failover; the idle standby fails at rate fλ, f = 0.3. Every promotion
    // and demotion changes the speed of a failure clock, so this checks the rescheduling.
    // 0 {A,S} -(λ + fλ)-> 1 (one failed, one serving); 1 -λ-> 2 {O,O}; 1 -μ-> 0;
    // 2 -2μ-> 1.
    let f = 0.3;
    let summary = simulate(
        r#"
        [simulation]
        trials = 20000
        seed = 36
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
        "#,
    );
    let exact_chain = chain(
        3,
        &[
            (0, 1, LAMBDA * (1.0 + f)),
            (1, 2, LAMBDA),
            (1, 0, MU),
            (2, 1, 2.0 * MU),
        ],
    );
    let exact = exact_chain.interval_availability(YEAR, |s| s < 2);
    assert_availability_within_interval("warm 1+1, factor 0.3", &summary, exact);
}

#[test]
fn failback_takes_its_own_switchover() {
    // Hot pair, detection 0 s, every switchover exponential with rate δ: failovers and
    // failbacks alike. When the original active (instance 0) returns while instance 1
    // serves, it takes its position back by a switchover during which nobody serves, and
    // instance 1 returns to standby. A return while a switchover is under way makes it a
    // standby (no failback then), which takes the position at once if the promotion falls
    // through (the instance being promoted fails).
    // States and transitions: common::chains::failback_pair.
    let delta = 1.0;
    let summary = simulate(
        r#"
        [simulation]
        trials = 20000
        seed = 37
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
        "#,
    );
    let exact_chain = failback_pair(LAMBDA, MU, delta);
    let exact = exact_chain.interval_availability(YEAR, |s| matches!(s, 0 | 1 | 2 | 8));
    assert_availability_within_interval("hot 1+1 with failback", &summary, exact);
}
