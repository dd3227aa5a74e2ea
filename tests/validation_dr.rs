//! Disaster recovery against exact answers: recovery points from a backup schedule,
//! restore times of incremental and differential chains, and replication lag at failover.

mod common;

use common::{simulate, TEST_CONFIDENCE};
use nines::stats::RecoverySummary;

/// A component that never fails, so only the data's disasters act.
const STORE: &str = r#"[components.db]
failure = { dist = "fixed", value = "1000y" }
repair = { dist = "fixed", value = "1h" }
[system]
all = ["db"]"#;

fn assert_mean_within(label: &str, r: &RecoverySummary, exact_seconds: f64) {
    let (low, high) = (r.ci_low_seconds.unwrap(), r.ci_high_seconds.unwrap());
    println!(
        "{label}: mean {:.1} s [{low:.1}, {high:.1}] ({}% CI, {} incidents), exact {exact_seconds:.1} s",
        r.mean_seconds.unwrap(),
        TEST_CONFIDENCE * 100.0,
        r.incidents
    );
    common::print_z(
        label,
        r.mean_seconds.unwrap(),
        low,
        high,
        TEST_CONFIDENCE,
        exact_seconds,
    );
    assert!(
        low <= exact_seconds && exact_seconds <= high,
        "{label}: {exact_seconds} outside [{low}, {high}]"
    );
    assert!(
        high - low < 0.05 * exact_seconds,
        "{label}: interval too wide to test"
    );
}

#[test]
fn backups_every_t_taking_d_lose_half_a_period_plus_d() {
    // Full backups every T = 1 d, each a snapshot of its start that takes D = 100 GB at
    // 10 MB/s = 10,000 s to write. A loss at a uniformly random point u of the period finds
    // the latest backup complete if u >= D (it loses u), else still being written, and lost
    // with the source (it loses u + T): E[RPO] = T/2 + D.
    //
    // That holds for losses rare against the period. A loss also dooms the backup being
    // written (probability D/T), so a second loss within about a period of it finds only
    // the one before and loses a period more: a term of about (D/T)·((T + D)/M)·T for losses
    // every M on average. With M = 20 d it is about 500 s (measured: +556 s); with M = 2 y,
    // used here, about 15 s, under a twentieth of the interval's half-width.
    let summary = simulate(&format!(
        r#"
        [simulation]
        trials = 60000
        seed = 71
        {STORE}
        [data.orders]
        size = "100GB"
        stored_on = "db"
        [[data.orders.backups]]
        kind = "full"
        every = "1d"
        throughput = "10MB/s"
        retention = "3d"
        [data.orders.restore]
        throughput = "1GB/s"
        [[data.orders.disasters]]
        name = "site loss"
        kind = "loss"
        every = {{ dist = "exponential", mean = "2y" }}
        "#
    ));
    let exact = 86400.0 / 2.0 + 1e11 / 1e7;
    assert_mean_within("RPO, daily full", &summary.rpo, exact);
}

/// Restore times of a weekly full with daily `kind` backups, on 1 TB changing 5% a day.
fn weekly_chain(kind: &str, seed: u64) -> nines::stats::Summary {
    simulate(&format!(
        r#"
        [simulation]
        trials = 4000
        seed = {seed}
        {STORE}
        [data.orders]
        size = "1TB"
        change_rate = "5%/d"
        stored_on = "db"
        [[data.orders.backups]]
        kind = "full"
        every = "7d"
        throughput = "1000TB/s"
        retention = "14d"
        [[data.orders.backups]]
        kind = "{kind}"
        every = "1d"
        throughput = "1000TB/s"
        retention = "14d"
        [data.orders.restore]
        throughput = "20GB/s"
        per_piece = "30s"
        [[data.orders.disasters]]
        name = "site loss"
        kind = "loss"
        every = {{ dist = "exponential", mean = "30d" }}
        "#
    ))
}

#[test]
fn weekly_full_with_daily_incrementals_versus_differentials() {
    // The schedules share a random origin, so a loss falls at a uniform point u (in days)
    // of the week after the full. Backups take at most 1 ms at 1000 TB/s (a share of the
    // week below 2e-9: neglected). Restoring reads the full (1 TB at 20 GB/s: 50 s) and
    // then, with k = floor(u) days since the full:
    //   incrementals: k pieces of one day's changes (50 GB: 2.5 s) each;
    //   differential: one piece of k days' changes (k·2.5 s), if k >= 1;
    // each piece costing 30 s more. E[k] = 3, P(k >= 1) = 6/7:
    //   E[restore | incrementals]  = 50 + 30 + 3·(2.5 + 30)       = 177.5 s
    //   E[restore | differentials] = 50 + 30 + 3·2.5 + (6/7)·30 ≈ 113.2 s
    // Detection and provisioning are 0, so the recovery time is the restore time.
    //
    // Why restores are this fast: a backup due while a restore runs is skipped (the data is
    // gone), which the formulas above ignore. With restores of 10 minutes a piece (about
    // an hour in all) one disaster in 25 skipped a backup and the next disaster, 30 days on
    // average later, sometimes still paid for it: a bias of about one standard error in the
    // RPO (a skipped daily backup costs a day to a disaster before the next one) and in the
    // RTO. A restore now takes at most 50 + 30 + 6·32.5 = 275 s, so at most 0.32% of
    // disasters skip a backup; the RPO bias is below 0.32% · (1 d / 30 d) · 86,400 s ≈ 9 s
    // (0.08 of its standard error, 114 s). In the RTO, a skipped full (one skip in seven)
    // lengthens the chains of the disasters in the next week (7/30 of them) by up to 7
    // pieces: below 0.32%/7 · (7/30) · 230 s ≈ 0.025 s; a skipped incremental or
    // differential changes later chains by a piece: below 0.32% · (7/30) · 32.5 s ≈ 0.025 s;
    // each under 0.1 of the standard error (about 0.3 s).
    let incremental = weekly_chain("incremental", 72);
    assert_mean_within(
        "RTO, weekly full + daily incrementals",
        &incremental.rto,
        50.0 + 30.0 + 3.0 * (2.5 + 30.0),
    );
    let differential = weekly_chain("differential", 73);
    assert_mean_within(
        "RTO, weekly full + daily differentials",
        &differential.rto,
        50.0 + 30.0 + 3.0 * 2.5 + 6.0 / 7.0 * 30.0,
    );
    // Both restore to the last daily backup: half a day lost on average.
    assert_mean_within("RPO, incrementals", &incremental.rpo, 43200.0);
    assert_mean_within("RPO, differentials", &differential.rpo, 43200.0);
    // Storage: differentials grow through the week (1+...+6 days of changes), incrementals
    // do not (one day each): incrementals store less.
    let storage = |s: &nines::stats::Summary| s.data_sets[0].backup_storage.mean_bytes;
    assert!(storage(&incremental) < storage(&differential));
}

#[test]
fn asynchronous_lag_fixed_at_l_loses_l_at_each_failover() {
    // A hot pair with asynchronous replication trailing by exactly 5 s: every failover loses
    // 5 s of writes, and takes detection + switchover = 60 s.
    let summary = simulate(
        r#"
        [simulation]
        trials = 500
        seed = 74
        [components.db]
        count = 2
        failure = { dist = "exponential", mean = "200h" }
        repair = { dist = "exponential", mean = "10h" }
        [components.db.failover]
        detection = "30s"
        switchover = "30s"
        [system]
        all = ["db"]
        [data.orders]
        size = "1TB"
        stored_on = "db"
        replication = "async"
        lag = "5s"
        "#,
    );
    let rpo = &summary.rpo;
    assert!(rpo.incidents > 1000, "{} incidents", rpo.incidents);
    println!(
        "failover RPO: mean {:?} s, max {:?} s over {} incidents",
        rpo.mean_seconds, rpo.max_seconds, rpo.incidents
    );
    assert!((rpo.mean_seconds.unwrap() - 5.0).abs() < 1e-6);
    assert!((rpo.max_seconds.unwrap() - 5.0).abs() < 1e-6);
    assert!((rpo.p50_seconds.unwrap() - 5.0).abs() < 0.005);
    let rto = &summary.rto;
    assert!((rto.mean_seconds.unwrap() - 60.0).abs() < 1e-6);
    assert!((rto.max_seconds.unwrap() - 60.0).abs() < 1e-6);
}

#[test]
fn data_is_lost_when_the_last_replica_fails() {
    // Two replicas, failures at rate λ = 1/100 h, repairs 10 h. The data is lost each time
    // the second replica fails while the first is down: transitions from "one down" to "both
    // down" happen at rate λ while exactly one is down, so over the horizon the expected
    // number is λ·∫P(exactly one down)dt, from the chain. With no backup the loss is
    // unrecoverable; `rebuild = "0s"` (the data rebuilt at once: the default would keep the
    // service down for the rest of the trial) and no detection, so each incident takes no
    // time.
    // The count is a sum of rare transitions, close to Poisson: the check allows 4 standard
    // deviations of a Poisson count.
    let trials = 4000.0;
    let summary = simulate(
        r#"
        [simulation]
        trials = 4000
        seed = 75
        [components.db]
        count = 2
        need = 1
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "exponential", mean = "10h" }
        [system]
        all = ["db"]
        [data.orders]
        size = "1TB"
        stored_on = "db"
        rebuild = "0s"
        [[data.orders.disasters]]
        name = "both replicas lost"
        kind = "replicas"
        "#,
    );
    let one_down = common::Ctmc::independent(&[(0.01, 0.1), (0.01, 0.1)])
        .interval_availability(8766.0, |s| s == 0b01 || s == 0b10);
    let expected = 0.01 * one_down * 8766.0 * trials;
    let observed = summary.data_sets[0].incidents_per_year * trials;
    println!("replicas lost: {observed} incidents, expected {expected:.1}");
    assert!(
        (observed - expected).abs() < 4.0 * expected.sqrt(),
        "{observed} vs {expected}"
    );
    assert!((summary.data_sets[0].unrecoverable_per_year * trials - observed).abs() < 1e-6);
}
