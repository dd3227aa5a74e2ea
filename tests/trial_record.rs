//! One trial's record (src/engine/trial.rs) against timelines worked out by hand: fixed
//! failure and repair times, so every figure of `TrialRecord` and of the simulator's tally
//! is exact. Written for the cargo-mutants survivors of trial.rs (docs/testing.md,
//! "Mutation results"): each test pins figures a mutant of the record keeping changes.

use std::path::Path;

use nines::engine::{Force, RareRecord, RareRunner, Simulator, TrialRecord};
use nines::model::Model;

fn model(source: &str) -> Model {
    nines::scenario::parse(source, "trial.toml", Path::new("."), "trial").expect("valid scenario")
}

/// Asserts two hour figures equal to 1e-9 h.
fn hours(label: &str, value: f64, exact: f64) {
    assert!(
        (value - exact).abs() < 1e-9,
        "{label}: {value}, expected {exact}"
    );
}

/// Total downtime and outages over every cause of the simulator's tally.
fn by_cause(model: &Model, simulator: &Simulator) -> (f64, u64) {
    let tally = simulator.tally();
    (0..model.layout.causes.len()).fold((0.0, 0), |(h, n), c| {
        (
            h + tally.downtime_by_cause(c),
            n + tally.outages_by_cause(c),
        )
    })
}

/// One server up 90 h, down 20 h, over 980 h: outages at 90, 200, ..., 860 (20 h each) and
/// the ninth at 970, cut at the horizon after 10 h. Two SLA windows of 490 h: the first
/// holds four outages (80 h: 83.67%), the second four and the cut one (90 h: 81.63%).
const SAWTOOTH: &str = r#"
[simulation]
horizon = "980h"
trials = 2
[components.server]
failure = { dist = "fixed", value = "90h" }
repair = { dist = "fixed", value = "20h" }
[system]
all = ["server"]
[sla]
window = "490h"
objective = "83%"
credits = [{ below = "83%", credit = "10%" }]
"#;

#[test]
fn a_fixed_timeline_gives_every_figure_of_its_record() {
    let model = model(SAWTOOTH);
    let mut simulator = Simulator::new(&model);
    let expected = TrialRecord {
        downtime: 8.0 * 20.0 + 10.0,
        longest_outage: 20.0,
        outages: 9,
        planned_downtime: 0.0,
        served: 980.0 - 170.0,
        windows_breached: 1,
        credit: 0.1,
    };
    // A second trial on the same simulator starts afresh: the same record again.
    for trial in 0..2 {
        let record = simulator.run(trial);
        assert_eq!(record.outages, expected.outages, "trial {trial}");
        assert_eq!(record.windows_breached, expected.windows_breached);
        for (label, value, exact) in [
            ("downtime", record.downtime, expected.downtime),
            ("longest", record.longest_outage, expected.longest_outage),
            ("planned", record.planned_downtime, 0.0),
            ("served", record.served, expected.served),
            ("credit", record.credit, expected.credit),
            ("counted", record.counted_downtime(true), 170.0),
        ] {
            hours(&format!("trial {trial}: {label}"), value, exact);
        }
    }
    // Per trial 9 failures and 8 repairs (the ninth ends at 990 h, past the horizon).
    assert_eq!(simulator.tally().events, 2 * 17);
    let (downtime, outages) = by_cause(&model, &simulator);
    hours("tally downtime", downtime, 2.0 * 170.0);
    assert_eq!(outages, 2 * 9);
    assert_eq!(simulator.tally().outage_count(), 2 * 9);
    // The tally taken out of the simulator is the same one.
    assert_eq!(simulator.into_tally().events, 2 * 17);
}

/// One server maintained (all at once) from 10 h for 1 h fails at 10.5 h, is repaired at
/// 15.5 h, fails again at 26 h and is back at 31 h, over 40 h. The first outage, 10-15.5 h,
/// is planned only while maintenance holds it: 10-11 h.
const MAINTAINED: &str = r#"
[simulation]
horizon = "40h"
trials = 1
exclude_planned = EXCLUDE
[components.server]
failure = { dist = "fixed", value = "10.5h" }
repair = { dist = "fixed", value = "5h" }
[components.server.maintenance]
every = "1000h"
start = "10h"
duration = "1h"
strategy = "all"
[system]
all = ["server"]
[sla]
window = "20h"
objective = "74%"
"#;

#[test]
fn planned_downtime_is_the_part_maintenance_holds() {
    for exclude in [false, true] {
        let model = model(&MAINTAINED.replace("EXCLUDE", &exclude.to_string()));
        let record = Simulator::new(&model).run(0);
        assert_eq!(record.outages, 2);
        hours("downtime", record.downtime, 5.5 + 5.0);
        hours("longest", record.longest_outage, 5.5);
        hours("planned", record.planned_downtime, 1.0);
        hours(
            "counted, planned left out",
            record.counted_downtime(true),
            9.5,
        );
        hours("counted, all", record.counted_downtime(false), 10.5);
        // Window 0-20 h holds 5.5 h of downtime (4.5 h unplanned), window 20-40 h 5 h: at
        // most 5.2 h keep 74%, so the first breaches only when planned downtime counts.
        let breached = if exclude { 0 } else { 1 };
        assert_eq!(
            record.windows_breached, breached,
            "exclude_planned {exclude}"
        );
    }
}

/// `a` never fails; each of `b`'s three instances is down 5 h every 55 h (at 50 h, 105 h,
/// ...: 18 outages, the last from 985 h to 990 h); `c`'s two instances are down 10 h every
/// 290 h (at 280, 570 and 860 h: none meets one of b's), together, and either keeps c up.
/// Every instance of b is needed. Instances 0 (a), 1-3 (b), 4-5 (c).
const THREE: &str = r#"
[simulation]
horizon = "1000h"
trials = 3
[components.a]
failure = { dist = "fixed", value = "1000y" }
repair = { dist = "fixed", value = "1h" }
[components.b]
count = 3
need = 3
failure = { dist = "fixed", value = "50h" }
repair = { dist = "fixed", value = "5h" }
[components.c]
count = 2
need = 1
failure = { dist = "fixed", value = "280h" }
repair = { dist = "fixed", value = "10h" }
[system]
all = ["a", "b", "c"]
"#;

/// Runs trials 0-2 with `force` on one simulator; each must give `downtime` and `outages`.
fn forced(model: &Model, force: Force, downtime: f64, outages: u32) {
    let mut simulator = Simulator::with_force(model, None);
    simulator.set_force(Some(force));
    for trial in 0..3 {
        let record = simulator.run(trial);
        let label = format!("{force:?}, trial {trial}");
        hours(&label, record.downtime, downtime);
        assert_eq!(record.outages, outages, "{label}");
    }
}

#[test]
fn a_forced_component_holds_exactly_its_own_instances() {
    let model = model(THREE);
    let names: Vec<&str> = model.components.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["a", "b", "c"]);
    let force = |component, up, one_instance| Force {
        component,
        up,
        one_instance,
    };
    // b held up: only c's three outages remain (none if c's first instance were held too).
    forced(&model, force(1, true, false), 30.0, 3);
    // c held up: only b's.
    forced(&model, force(2, true, false), 18.0 * 5.0, 18);
    // b held down, all of it or its first instance, or all of c: down the whole trial.
    for (component, one) in [(1, false), (1, true), (2, false)] {
        forced(&model, force(component, false, one), 1000.0, 1);
    }
    // Only b's first instance held up (its other two still fail in step), or only c's
    // first held down (its second still fails alone): the same outages as without a force.
    let unforced = Simulator::new(&model).run(0);
    let (downtime, outages) = (unforced.downtime, unforced.outages);
    forced(&model, force(1, true, true), downtime, outages);
    forced(&model, force(2, false, true), downtime, outages);
    // ... which are b's and c's, apart.
    hours("unforced", unforced.downtime, 90.0 + 30.0);
    assert_eq!(unforced.outages, 18 + 3);
}

/// A pair of databases failing after 100 h of age, repaired in 150 h, switched over
/// instantly, over 550 h; `STANDBY` is the idle standby's kind.
const PAIR: &str = r#"
[simulation]
horizon = "550h"
trials = 1
[components.db]
count = 2
failure = { dist = "fixed", value = "100h" }
repair = { dist = "fixed", value = "150h" }
[components.db.failover]
detection = "0s"
switchover = "0s"
STANDBY
[system]
all = ["db"]
"#;

#[test]
fn an_idle_standby_ages_at_its_own_speed() {
    // Warm at half speed: db1, promoted at 100 h at age 50, fails at 150 h; down until db0
    // is back at 250 h (new life: fails at 350 h). db1 is back at 300 h, a standby again: at
    // 350 h its age is 25, so it fails at 425 h; down until db0 is back at 500 h.
    let warm = model(&PAIR.replace("STANDBY", "standby = \"warm\"\nwarm_factor = 0.5"));
    let mut simulator = Simulator::new(&warm);
    let record = simulator.run(0);
    // Events: 4 failures, 3 repairs (db1's at 575 h is past the horizon) and the 2
    // promotions (a switchover is an event, even of 0 s). db1's failure due at 200 h, and
    // the one due at 500 h from its return at 300 h, were superseded by its promotions:
    // popped, but stale, they are not counted.
    assert_eq!(simulator.tally().events, 4 + 3 + 2);
    hours("warm: downtime", record.downtime, 100.0 + 75.0);
    hours("warm: longest", record.longest_outage, 100.0);
    assert_eq!(record.outages, 2);
    // Cold: db1 keeps its whole life while idle, fails at 200 h (down to 250 h), and again
    // 100 h after its promotion at 350 h (down from 450 h to 500 h).
    let cold = model(&PAIR.replace("STANDBY", "standby = \"cold\""));
    let record = Simulator::new(&cold).run(0);
    hours("cold: downtime", record.downtime, 50.0 + 50.0);
    hours("cold: longest", record.longest_outage, 50.0);
    assert_eq!(record.outages, 2);
    // Hot: db1 fails at 100 h with db0: down until 250 h, when both are back; then the same
    // again from 350 h to 500 h.
    let hot = model(&PAIR.replace("STANDBY", ""));
    let record = Simulator::new(&hot).run(0);
    hours("hot: downtime", record.downtime, 150.0 + 150.0);
    assert_eq!(record.outages, 2);
}

#[test]
fn downtime_is_split_between_the_phases_it_falls_in() {
    // SAWTOOTH's outages against a phase holding the first 50 h of every 100 h: of the
    // outages 90-110, 200-220, 310-330, 420-440, 530-550, 640-660 h, 10, 20, 20, 20, 20
    // and 10 h fall in the phase; none of 750-770, 860-880, 970-980 h does.
    let phased = model(&format!(
        "{SAWTOOTH}\n[[phases]]\nname = \"peak\"\nevery = \"100h\"\nduration = \"50h\"\nrepair_factor = 1.0\n"
    ));
    let mut simulator = Simulator::new(&phased);
    assert!(simulator.phase_downtime().iter().all(|&h| h == 0.0));
    let record = simulator.run(0);
    hours("downtime", record.downtime, 170.0);
    // In phase order: `normal` (the time in no phase) first.
    let split = simulator.phase_downtime();
    assert_eq!(split.len(), 2);
    hours("normal", split[0], 70.0);
    hours("peak", split[1], 100.0);
    // Without phases there is nothing to split.
    assert!(Simulator::new(&model(SAWTOOTH)).phase_downtime().is_empty());
}

/// `source` run by the rare method: trials 0 and 1 on one runner, each checked by `check`
/// with its weighted downtime by cause; then the main runs' tally.
fn rare(source: &str, check: impl Fn(&RareRecord, &[f64])) -> nines::stats::Tally {
    let model = model(&source.replace("[simulation]", "[simulation]\nmethod = \"rare\""));
    let mut runner = RareRunner::new(&model);
    for trial in 0..2 {
        let mut causes = vec![0.0; model.layout.causes.len()];
        let record = runner.run(trial, &mut causes).expect("within budget");
        check(&record, &causes);
    }
    runner.into_tally()
}

#[test]
fn the_rare_method_reads_a_fixed_timeline_exactly() {
    // With fixed lives every branch is the main run's own future (weight 1): the horizon's
    // figures are SAWTOOTH's, and so are the steady window's (it starts at 1100 h, ten
    // periods of 110 h in: the same timeline again).
    let tally = rare(SAWTOOTH, |record, causes| {
        let plain = &record.plain;
        hours("plain downtime", plain.downtime, 170.0);
        hours("plain longest", plain.longest_outage, 20.0);
        hours("plain served", plain.served, 810.0);
        assert_eq!(plain.outages, 9);
        for counted in [&record.horizon, &record.steady] {
            hours("downtime", counted.downtime, 170.0);
            hours("outages", counted.outages, 9.0);
            // Each window has downtime: its first outage (and only that) counts once.
            hours("first", counted.first, 1.0);
        }
        hours("by cause", causes.iter().sum(), 170.0);
    });
    // The main runs' own tally counts the horizon only, the outage cut there for its 10 h.
    assert_eq!(tally.outage_count(), 2 * 9);
    hours("tally", tally.downtime_by_cause(0), 2.0 * 170.0);

    // One outage, 90-290 h, cut at a 200 h horizon: the longest, at 110 h.
    let cut = SAWTOOTH
        .replace("\"980h\"", "\"200h\"")
        .replace("\"20h\"", "\"200h\"");
    rare(&cut, |record, _| {
        hours("cut: downtime", record.plain.downtime, 110.0);
        hours("cut: longest", record.plain.longest_outage, 110.0);
        assert_eq!(record.plain.outages, 1);
    });

    // MAINTAINED with planned downtime left out: the horizon counts 9.5 h, 1 h of it
    // planned; by cause, the failure at 26 h its 5 h, maintenance its outage's unplanned
    // 4.5 h. The steady window, 155-195 h, holds the failures at 165.5 and 181 h (5 h
    // each; the next window opens at 1010 h).
    let maintained = MAINTAINED.replace("EXCLUDE", "true");
    let tally = rare(&maintained, |record, causes| {
        let plain = &record.plain;
        hours("plain downtime", plain.downtime, 10.5);
        hours("plain planned", plain.planned_downtime, 1.0);
        hours("plain longest", plain.longest_outage, 5.5);
        assert_eq!(plain.outages, 2);
        hours("horizon downtime", record.horizon.downtime, 9.5);
        hours("horizon planned", record.horizon.planned, 1.0);
        hours("horizon outages", record.horizon.outages, 2.0);
        hours("steady downtime", record.steady.downtime, 10.0);
        hours("steady planned", record.steady.planned, 0.0);
        hours("horizon first", record.horizon.first, 1.0);
        hours("steady first", record.steady.first, 1.0);
        assert_eq!(causes.len(), 2);
        hours("failure", causes[0], 5.0);
        hours("maintenance", causes[1], 4.5);
    });
    // The tally counts whole outages to the cause that began them: 5 h and 5.5 h a trial.
    hours("tally, failure", tally.downtime_by_cause(0), 10.0);
    hours("tally, maintenance", tally.downtime_by_cause(1), 11.0);
    assert_eq!(tally.outage_count(), 4);
}

#[test]
fn downtime_after_a_takeover_moves_to_the_disaster() {
    // web is down 100-110 h; both replicas of the data on db fail at 104 h (db is back at
    // 105 h, the data rebuilt at 109 h). The outage began with web's failure; the loss at
    // 104 h takes it over: web keeps its first 4 h, the disaster gets the last 6 h.
    let model = model(
        r#"
        [simulation]
        horizon = "150h"
        trials = 1
        [components.web]
        failure = { dist = "fixed", value = "100h" }
        repair = { dist = "fixed", value = "10h" }
        [components.db]
        count = 2
        need = 1
        failure = { dist = "fixed", value = "104h" }
        repair = { dist = "fixed", value = "1h" }
        [system]
        all = ["web", "db"]
        [data.d]
        size = "1TB"
        stored_on = "db"
        rebuild = "5h"
        [[data.d.disasters]]
        name = "both replicas lost"
        kind = "replicas"
        "#,
    );
    let mut simulator = Simulator::new(&model);
    let record = simulator.run(0);
    hours("downtime", record.downtime, 10.0);
    assert_eq!(record.outages, 1);
    let cause = |what: &str| {
        let causes = &model.layout.causes;
        let found = causes.iter().position(|c| {
            c.label.contains(what) || model.components[c.component as usize].name == what
        });
        found.unwrap_or_else(|| panic!("no cause {what} in {causes:?}"))
    };
    let tally = simulator.tally();
    hours("web", tally.downtime_by_cause(cause("web")), 4.0);
    hours("loss", tally.downtime_by_cause(cause("both replicas")), 6.0);
}

#[test]
fn backups_from_before_the_trial_are_held_to_their_retention() {
    // A 1 TB full every 24 h from 0 h, written in 1 h, kept 72 h, over 100 h. From before the
    // trial: the fulls of -24 h and -48 h, held until 48 h and 24 h (the one of -72 h has
    // expired at 0 h). In the trial: those of 0, 24, 48, 72 and 96 h, held from their
    // completion to their expiry or the horizon: 71, 71, 51, 27 and 3 h. 295 TB h in all.
    let model = model(
        r#"
        [simulation]
        horizon = "100h"
        trials = 1
        [components.db]
        failure = { dist = "fixed", value = "1000y" }
        repair = { dist = "fixed", value = "1h" }
        [system]
        all = ["db"]
        [data.d]
        size = "1TB"
        stored_on = "db"
        [[data.d.backups]]
        kind = "full"
        every = "24h"
        start = "0h"
        throughput = "1TB/h"
        retention = "72h"
        "#,
    );
    let mut simulator = Simulator::new(&model);
    simulator.run(0);
    let mean_tb = simulator.tally().data[0].storage_mean(100.0) / 1e12;
    assert!(
        (mean_tb - 2.95).abs() < 1e-9,
        "mean storage {mean_tb} TB, expected 2.95"
    );
}

#[test]
fn a_failed_backend_loses_requests_until_the_checks_take_it_out() {
    // Three backends, two carry the load; a failed one keeps its third of the requests,
    // which fail, for two to three hourly checks (the third failed check takes it out). So
    // every backend failure while the rest is up costs at least 2/3 h of full service on
    // top of the downtime. Exponential lives (mean 100 h over 1000 h: about 27 failures,
    // fixed by the seed); the test asks for the cost of two.
    let model = model(
        r#"
        [simulation]
        horizon = "1000h"
        trials = 1
        seed = 3
        [components.lb]
        failure = { dist = "fixed", value = "1000y" }
        repair = { dist = "fixed", value = "1h" }
        [components.web]
        count = 3
        need = 2
        failure = { dist = "exponential", mean = "100h" }
        repair = { dist = "fixed", value = "10h" }
        [components.web.health_check]
        balancer = "lb"
        interval = "1h"
        [system]
        all = ["lb", "web"]
        "#,
    );
    let mut simulator = Simulator::new(&model);
    let record = simulator.run(0);
    let up = 1000.0 - record.downtime;
    println!("up {up} h, served {} h", record.served);
    assert!(record.served > 0.0 && record.served < up - 2.0 * 2.0 / 3.0);
}

#[test]
fn the_rare_main_run_ends_its_record_at_the_horizon_as_a_plain_run_does() {
    // Horizons that end an outage's first instant (970 h: SAWTOOTH's ninth outage begins
    // there, a zero-length outage a plain run drops), inside maintenance (10.75 h: the
    // outage so far all planned) and after it (12 h: planned until 11 h): the rare
    // method's main-run record is the plain run's.
    let cases = [
        (SAWTOOTH.replace("\"980h\"", "\"970h\""), 8, 160.0, 0.0),
        (
            MAINTAINED
                .replace("EXCLUDE", "false")
                .replace("\"40h\"", "\"10.75h\""),
            1,
            0.75,
            0.75,
        ),
        (
            MAINTAINED
                .replace("EXCLUDE", "false")
                .replace("\"40h\"", "\"12h\""),
            1,
            2.0,
            1.0,
        ),
    ];
    for (source, outages, downtime, planned) in cases {
        let plain = Simulator::new(&model(&source)).run(0);
        assert_eq!(plain.outages, outages, "{source}");
        hours("plain downtime", plain.downtime, downtime);
        hours("plain planned", plain.planned_downtime, planned);
        let tally = rare(&source, |record, _| {
            let main = &record.plain;
            assert_eq!(main.outages, outages, "{source}");
            hours("downtime", main.downtime, downtime);
            hours("planned", main.planned_downtime, planned);
            hours("longest", main.longest_outage, plain.longest_outage);
            hours("served", main.served, plain.served);
        });
        // The main runs' tally (two trials) closes at the horizon too: an outage begun
        // exactly there is none, in the tally as in the record.
        assert_eq!(tally.outage_count(), 2 * u64::from(outages), "{source}");
        let causes = model(&source).layout.causes.len();
        let tally_downtime: f64 = (0..causes).map(|c| tally.downtime_by_cause(c)).sum();
        hours("tally downtime", tally_downtime, 2.0 * downtime);
    }
}
