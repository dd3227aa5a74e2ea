//! Property tests of the whole pipeline on random scenario files (issue 11's guard): parse,
//! check, a short simulation and every text format, on files generated from the format's
//! full breadth (components, failure modes, failover, shocks, maintenance, health checks,
//! data sets with backups, restores and disasters, nested blocks, dependencies) and on
//! corrupted copies of them (lines dropped, duplicated or cut, values replaced by nonsense).
//!
//! Properties: nothing panics; an invalid file is an input error (exit code 2) with a message
//! naming the file; a valid one simulates, and its results hold together: availability in
//! [0, 1], each trial's downtime within its horizon and made of its outages, downtime and
//! outages by cause adding up to the totals, requests served never more than the time up.
//!
//! The case counts are bounded so the file runs in seconds in CI (`cargo test --release`);
//! `PROPTEST_CASES=5000 cargo test --release --test properties` searches longer. A failure
//! prints the scenario text after shrinking (proptest's minimal failing input).

use std::path::Path;

use nines::error::Error;
use nines::report::Format;
use nines::stats::Summary;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Trials per simulated case: enough to reach most mechanisms, few enough to stay fast.
const TRIALS: u64 = 6;

/// Cases per property unless PROPTEST_CASES says otherwise.
const CASES: u32 = 256;

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(CASES),
        // The failing scenario is printed; no regression files are written into tests/.
        failure_persistence: None,
        // Shrinking re-runs cases; bounded so a failure reports within a minute.
        max_shrink_iters: 300,
        max_shrink_time: 60_000,
        ..Config::default()
    }
}

/// A distribution table with a mean of about `mean_hours`, in any family but empirical (the
/// empirical family needs a file; `EMPIRICAL` adds one).
fn dist(mean_hours: f64) -> impl Strategy<Value = String> {
    prop_oneof![
        9 => positive_dist(mean_hours),
        1 => Just(r#"{ dist = "fixed", value = "0s" }"#.to_string()),
    ]
}

/// [`dist`] without the zero duration, for times between events (failures, shocks,
/// disasters), which must have a mean above zero.
fn positive_dist(mean_hours: f64) -> impl Strategy<Value = String> {
    let m = mean_hours;
    prop_oneof![
        (0.5..2.0f64)
            .prop_map(move |f| format!(r#"{{ dist = "exponential", mean = "{:.3}h" }}"#, m * f)),
        (0.5..3.0f64, 0.5..2.0f64).prop_map(move |(shape, f)| format!(
            r#"{{ dist = "weibull", shape = {shape:.2}, mean = "{:.3}h" }}"#,
            m * f
        )),
        (0.5..3.0f64).prop_map(move |shape| format!(
            r#"{{ dist = "weibull", shape = {shape:.2}, scale = "{:.3}h" }}"#,
            m
        )),
        (1.5..6.0f64).prop_map(move |ratio| format!(
            r#"{{ dist = "lognormal", median = "{:.3}h", p95 = "{:.3}h" }}"#,
            m / 2.0,
            m / 2.0 * ratio
        )),
        (0.2..3.0f64).prop_map(move |cv| format!(
            r#"{{ dist = "lognormal", mean = "{:.3}h", sd = "{:.3}h" }}"#,
            m,
            m * cv
        )),
        (0.3..4.0f64).prop_map(move |shape| format!(
            r#"{{ dist = "gamma", shape = {shape:.2}, mean = "{:.3}h" }}"#,
            m
        )),
        Just(format!(r#"{{ dist = "fixed", value = "{m:.3}h" }}"#)),
        Just(format!(
            r#"{{ dist = "uniform", min = "{:.3}h", max = "{:.3}h" }}"#,
            m / 2.0,
            m * 1.5
        )),
        Just(r#"{ dist = "empirical", file = "repairs.csv" }"#.to_string()),
    ]
}

/// The empirical file every generated scenario may name, beside it in a temporary folder.
const EMPIRICAL: &str = "hours\n30m\n2h\n45m\n8h\n1h\n";

/// One generated component, before the structure is known.
#[derive(Debug, Clone)]
struct Component {
    count: u32,
    need_offset: u32,
    modes: Vec<(String, String)>,
    depends: Option<usize>,
    failover: Option<String>,
    shock: Option<String>,
    maintenance: Option<String>,
}

fn component() -> impl Strategy<Value = Component> {
    (
        1u32..=3,
        0u32..3,
        prop::collection::vec((positive_dist(400.0), dist(4.0)), 1..=2),
        prop::option::weighted(0.3, 0usize..8),
        prop::option::weighted(0.3, failover()),
        prop::option::weighted(0.2, shock()),
        prop::option::weighted(0.2, maintenance()),
    )
        .prop_map(
            |(count, need_offset, modes, depends, failover, shock, maintenance)| Component {
                count,
                need_offset,
                modes,
                depends,
                failover,
                shock,
                maintenance,
            },
        )
}

/// The body of a `[components.X.failover]` table (its `active` is set from the count).
fn failover() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("standby = \"hot\"".to_string()),
            Just("standby = \"cold\"".to_string()),
            (0.0..1.0f64).prop_map(|f| format!("standby = \"warm\"\nwarm_factor = {f:.2}")),
        ],
        prop_oneof![Just("0s"), Just("30s"), Just("5m")],
        dist(0.05),
        prop_oneof![
            Just(String::new()),
            dist(2.0).prop_map(|manual| format!("success = \"90%\"\nmanual = {manual}")),
        ],
        any::<bool>(),
        prop_oneof![Just("standby"), Just("failback")],
    )
        .prop_map(
            |(standby, detection, switchover, success, monitored, on_repair)| {
                format!(
                "{standby}\ndetection = \"{detection}\"\nswitchover = {switchover}\n{success}\n\
                 monitored = {monitored}\non_repair = \"{on_repair}\""
            )
            },
        )
}

fn shock() -> impl Strategy<Value = String> {
    (positive_dist(1000.0), 1u32..=100, dist(2.0)).prop_map(|(every, reach, recovery)| {
        format!(
            "name = \"bad deploy\"\nevery = {every}\nreach = \"{reach}%\"\nrecovery = {recovery}"
        )
    })
}

fn maintenance() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("7d"), Just("30d"), Just("1w")],
        prop::option::of(prop_oneof![Just("1d"), Just("0s"), Just("12h")]),
        positive_dist(2.0),
        prop_oneof![Just("rolling"), Just("all")],
    )
        .prop_map(|(every, start, duration, strategy)| {
            let start = start
                .map(|s| format!("start = \"{s}\"\n"))
                .unwrap_or_default();
            format!("every = \"{every}\"\n{start}duration = {duration}\nstrategy = \"{strategy}\"")
        })
}

/// A `[data.d]` section stored on component `on` (with its tables).
fn data(on: usize) -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just("replication = \"sync\"".to_string()),
            dist(0.001).prop_map(|lag| format!("replication = \"async\"\nlag = {lag}")),
        ],
        prop_oneof![Just("full"), Just("incremental"), Just("differential")],
        prop_oneof![Just("1d"), Just("12h"), Just("7d")],
        any::<bool>(),
        prop::collection::vec(
            prop_oneof![
                positive_dist(2000.0).prop_map(|every| format!("kind = \"loss\"\nevery = {every}")),
                positive_dist(2000.0).prop_map(|every| format!("kind = \"corruption\"\nevery = {every}\ndetection = \"2h\"")),
                Just("kind = \"replicas\"".to_string()),
            ],
            0..=2,
        ),
    )
        .prop_map(move |(replication, second, every, success, disasters)| {
            let mut text = format!(
                "[data.d]\nsize = \"200GB\"\nchange_rate = \"5%/d\"\nstored_on = \"c{on}\"\n\
                 {replication}\n\
                 [[data.d.backups]]\nkind = \"full\"\nevery = \"7d\"\nthroughput = \"100MB/s\"\n\
                 retention = \"21d\"\n"
            );
            if second != "full" || every != "7d" {
                text += &format!(
                    "[[data.d.backups]]\nkind = \"{second}\"\nevery = \"{every}\"\n\
                     throughput = \"50MB/s\"\nretention = \"21d\"\n{}",
                    if success { "success = \"95%\"\n" } else { "" }
                );
            }
            text += "[data.d.restore]\nthroughput = \"500MB/s\"\nper_piece = \"5m\"\nprovisioning = \"30m\"\n";
            for (i, disaster) in disasters.iter().enumerate() {
                text += &format!("[[data.d.disasters]]\nname = \"disaster {i}\"\n{disaster}\n");
            }
            text
        })
}

/// A whole scenario file: components c0..cN, a random tree of blocks over them, maybe a
/// load-balanced group, maybe a data set, maybe an SLA.
fn scenario() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(component(), 1..=5),
        prop::collection::vec((0u8..3, 0usize..4), 0..=3),
        any::<bool>(),
        prop::option::weighted(0.4, 0usize..5),
        any::<bool>(),
        any::<u32>(),
    )
        .prop_flat_map(|(components, blocks, balanced, data_on, sla, seed)| {
            let n = components.len();
            let data_on = data_on.map(|d| d % n);
            let data = match data_on {
                Some(on) => data(on).prop_map(Some).boxed(),
                None => Just(None).boxed(),
            };
            data.prop_map(move |data| {
                render(&components, &blocks, balanced, data.as_deref(), sla, seed)
            })
        })
}

fn render(
    components: &[Component],
    blocks: &[(u8, usize)],
    balanced: bool,
    data: Option<&str>,
    sla: bool,
    seed: u32,
) -> String {
    let n = components.len();
    // With two or more components, c0 may balance c1 (a group with health checks, which
    // must be reached from [system] through `all` blocks only and have no failover).
    let balanced = balanced && n >= 2 && components[1].failover.is_none();
    let mut text = format!(
        "name = \"generated\"\n[simulation]\nhorizon = \"60d\"\ntrials = {TRIALS}\nseed = {seed}\n\
         target = \"99.9%\"\nimportance_trials = 0\n"
    );
    for (i, c) in components.iter().enumerate() {
        text += &format!("[components.c{i}]\ncount = {}\n", c.count);
        let failover = c
            .failover
            .as_ref()
            .filter(|_| c.count >= 2 && !(balanced && i == 1));
        let active = 1 + c.need_offset % c.count.saturating_sub(1).max(1);
        // A failover group's need counts positions: at most `active`.
        let mut need = c.count.saturating_sub(c.need_offset).max(1);
        if failover.is_some() {
            need = need.min(active);
        }
        text += &format!("need = {need}\n");
        if let Some(d) = c.depends {
            if d % n < i {
                text += &format!("depends_on = [\"c{}\"]\n", d % n);
            }
        }
        if c.modes.len() == 1 {
            text += &format!("failure = {}\nrepair = {}\n", c.modes[0].0, c.modes[0].1);
        }
        if let Some(failover) = failover {
            text += &format!("[components.c{i}.failover]\nactive = {active}\n{failover}\n");
        }
        if c.modes.len() > 1 {
            for (m, (failure, repair)) in c.modes.iter().enumerate() {
                text += &format!(
                    "[[components.c{i}.modes]]\nname = \"mode{m}\"\nfailure = {failure}\nrepair = {repair}\n"
                );
            }
        }
        if let Some(shock) = &c.shock {
            text += &format!("[[components.c{i}.shocks]]\n{shock}\n");
        }
        if let Some(maintenance) = &c.maintenance {
            // Rolling maintenance needs an instance to spare.
            let maintenance = if need >= c.count {
                maintenance.replace("\"rolling\"", "\"all\"")
            } else {
                maintenance.clone()
            };
            text += &format!("[components.c{i}.maintenance]\n{maintenance}\n");
        }
        if balanced && i == 1 {
            text += "[components.c1.health_check]\nbalancer = \"c0\"\ninterval = \"10s\"\n";
        }
    }
    // The structure: the balanced pair at the top in series; the others spread over nested
    // blocks b0..bK of random kinds, each block holding the next one.
    let first_free = if balanced { 2 } else { 0 };
    let mut top: Vec<String> = (0..first_free).map(|i| format!("\"c{i}\"")).collect();
    let mut groups: Vec<Vec<String>> = vec![Vec::new(); blocks.len()];
    for i in first_free..n {
        match blocks.get(i % (blocks.len() + 1)) {
            Some(_) => groups[i % (blocks.len() + 1)].push(format!("\"c{i}\"")),
            None => top.push(format!("\"c{i}\"")),
        }
    }
    let mut nested: Option<String> = None;
    for (b, ((kind, k), members)) in blocks.iter().zip(groups).enumerate().rev() {
        let mut members = members;
        if let Some(inner) = nested.take() {
            members.push(inner);
        }
        if members.is_empty() {
            continue;
        }
        let list = members.join(", ");
        let body = match kind {
            0 => format!("all = [{list}]"),
            1 => format!("any = [{list}]"),
            _ => format!("k = {}\nof = [{list}]", 1 + k % members.len()),
        };
        text += &format!("[blocks.b{b}]\n{body}\n");
        nested = Some(format!("\"b{b}\""));
    }
    if let Some(inner) = nested {
        top.push(inner);
    }
    text += &format!("[system]\nall = [{}]\n", top.join(", "));
    if let Some(data) = data {
        text += data;
    }
    if sla {
        text += "[sla]\nwindow = \"1w\"\ncredits = [{ below = \"99.9%\", credit = \"10%\" }]\n";
    }
    text
}

/// Ways to damage a file: each keeps most of it, so parsing gets past the first line.
#[derive(Debug, Clone)]
enum Damage {
    DropLine(usize),
    DuplicateLine(usize),
    Truncate(usize),
    /// Replace the `index`-th value (after an `=`) with one of `NONSENSE`.
    Value(usize, usize),
    /// Rename the `index`-th key.
    Key(usize, usize),
}

const NONSENSE: [&str; 16] = [
    "-1",
    "0",
    "1e308",
    "\"nan\"",
    "\"-5h\"",
    "\"1e308h\"",
    "\"0s\"",
    "\"abc\"",
    "\"\"",
    "[]",
    "{}",
    "\"150%\"",
    "\"0%\"",
    "true",
    "9999999999999",
    "\"c9\"",
];

const KEYS: [&str; 6] = ["count", "need", "every", "kind", "colour", "k"];

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        any::<usize>().prop_map(Damage::DropLine),
        any::<usize>().prop_map(Damage::DuplicateLine),
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), 0..NONSENSE.len()).prop_map(|(i, v)| Damage::Value(i, v)),
        (any::<usize>(), 0..KEYS.len()).prop_map(|(i, k)| Damage::Key(i, k)),
    ]
}

fn apply(text: &str, damage: &Damage) -> String {
    let lines: Vec<&str> = text.lines().collect();
    if lines.is_empty() {
        return text.to_string();
    }
    let pick = |i: usize| i % lines.len();
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    match *damage {
        Damage::DropLine(i) => {
            out.remove(pick(i));
        }
        Damage::DuplicateLine(i) => {
            let line = out[pick(i)].clone();
            out.insert(pick(i), line);
        }
        Damage::Truncate(i) => {
            let mut cut = i % text.len().max(1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            return text[..cut].to_string();
        }
        Damage::Value(i, v) | Damage::Key(i, v) => {
            let with_value: Vec<usize> =
                (0..out.len()).filter(|&l| out[l].contains(" = ")).collect();
            if with_value.is_empty() {
                return text.to_string();
            }
            let l = with_value[i % with_value.len()];
            let (key, value) = out[l].split_once(" = ").unwrap();
            out[l] = match damage {
                Damage::Value(..) => format!("{key} = {}", NONSENSE[v]),
                _ => format!("{} = {value}", KEYS[v]),
            };
        }
    }
    out.join("\n") + "\n"
}

/// Parses, checks, simulates and renders `text`, asserting the properties.
fn run_pipeline(text: &str, dir: &Path) -> Result<(), TestCaseError> {
    let mut model = match nines::scenario::parse(text, "generated.toml", dir, "generated") {
        Ok(model) => model,
        Err(Error::Input(message)) => {
            if std::env::var_os("NINES_PROPERTIES_VERBOSE").is_some() {
                println!("rejected: {message}");
            }
            prop_assert!(
                message.contains("generated.toml") && !message.trim().is_empty(),
                "an input error must name the file: {message}"
            );
            prop_assert!(!message.contains("panicked"), "{message}");
            return Ok(());
        }
        Err(other) => {
            return Err(TestCaseError::fail(format!(
                "invalid scenario is not an input error (exit 2): {other:?}"
            )))
        }
    };
    // What `nines check` prints.
    let description = model.describe();
    prop_assert!(!description.is_empty());

    // KNOWN ENGINE BUG, not a property of the file (issue 11, item 10, owned by the driver's
    // bounded-memory work): memory grows with the trial count, so a corrupted value such as
    // Memory no longer grows with trials (tests/scale.rs), but a generated count like
    // 9999999999999 would run for days, and the invariants below read every trial's record:
    // large counts are simulated with the generator's own count; the file was still parsed
    // and checked above.
    if model.settings.trials > 10_000 {
        println!(
            "trials = {} lowered to {TRIALS} (time, and every record is checked)",
            model.settings.trials
        );
        model.settings.trials = TRIALS;
    }

    if std::env::var_os("NINES_PROPERTIES_VERBOSE").is_some() {
        println!("simulating:\n{text}\n----");
    }
    let started = std::time::Instant::now();
    let run = nines::engine::simulate(&model, 1, &|_| {})
        .map_err(|e| TestCaseError::fail(format!("simulation failed: {e}")))?;
    if std::env::var_os("NINES_PROPERTIES_VERBOSE").is_some() {
        println!("simulated in {:?}", started.elapsed());
    }
    let summary = Summary::new(&model, &run, None);
    // The run keeps no records (memory is bounded); the same trials again, kept.
    let records = nines::engine::trial_records(&model, 1)
        .map_err(|e| TestCaseError::fail(format!("simulation failed: {e}")))?;
    check_invariants(&model, &records, &summary, text.contains("health_check"))?;
    for format in [Format::Table, Format::Json, Format::Csv, Format::Markdown] {
        nines::report::render(&summary, format)
            .map_err(|e| TestCaseError::fail(format!("{format:?}: {e}")))?;
    }
    Ok(())
}

fn check_invariants(
    model: &nines::model::Model,
    records: &[nines::engine::TrialRecord],
    summary: &Summary,
    balanced: bool,
) -> Result<(), TestCaseError> {
    let horizon = model.settings.horizon;
    let eps = 1e-9 * horizon;
    prop_assert_eq!(records.len() as u64, model.settings.trials);
    for (i, r) in records.iter().enumerate() {
        prop_assert!(
            (0.0..=horizon + eps).contains(&r.downtime),
            "trial {}: downtime {} outside [0, {}]",
            i,
            r.downtime,
            horizon
        );
        prop_assert!(
            r.longest_outage <= r.downtime + eps,
            "trial {}: longest outage {} above the downtime {}",
            i,
            r.longest_outage,
            r.downtime
        );
        // Downtime is made of outages, each at most the longest.
        prop_assert!(
            r.downtime <= r.outages as f64 * r.longest_outage + eps,
            "trial {}: downtime {} from {} outages of at most {}",
            i,
            r.downtime,
            r.outages,
            r.longest_outage
        );
        prop_assert!(
            r.downtime <= eps || r.outages >= 1,
            "trial {}: downtime {} without an outage",
            i,
            r.downtime
        );
        prop_assert!(
            (-eps..=r.downtime + eps).contains(&r.planned_downtime),
            "trial {}: planned downtime {} of {}",
            i,
            r.planned_downtime,
            r.downtime
        );
        // A group below its capacity still serves a share of requests while the service
        // counts as down, so served time is bounded by the horizon only; without balanced
        // groups a request is served exactly while the service is up.
        prop_assert!(
            r.served >= -eps && r.served <= horizon + eps,
            "trial {}: served {} h of {}",
            i,
            r.served,
            horizon
        );
        if !balanced {
            prop_assert!(
                (r.served - (horizon - r.downtime)).abs() <= eps,
                "trial {}: served {} h, up {} h, without balanced groups",
                i,
                r.served,
                horizon - r.downtime
            );
        }
    }
    let a = &summary.availability;
    prop_assert!((0.0..=1.0).contains(&a.mean), "availability {}", a.mean);
    let r = &summary.request_availability;
    prop_assert!((0.0..=1.0).contains(&r.mean), "requests served {}", r.mean);

    // Downtime and outages by cause add up to the totals (durations are summed in whole
    // nanoseconds, hence the tolerance).
    let years = horizon / 8766.0;
    let total_minutes: f64 = records.iter().map(|r| r.downtime).sum::<f64>() * 60.0
        / (years * model.settings.trials as f64);
    let by_cause: f64 = summary
        .attribution
        .causes
        .iter()
        .map(|c| c.downtime_minutes_per_year)
        .sum();
    prop_assert!(
        (by_cause - total_minutes).abs() <= 1e-6 * total_minutes.max(1.0),
        "downtime by cause {} vs total {}",
        by_cause,
        total_minutes
    );
    let outages: f64 = summary
        .attribution
        .causes
        .iter()
        .map(|c| c.outages_per_year)
        .sum();
    let total_outages: u64 = records.iter().map(|r| r.outages as u64).sum();
    prop_assert!(
        (outages - summary.outages.per_year).abs() <= 1e-9 * outages.max(1.0),
        "outages by cause {} vs {}",
        outages,
        summary.outages.per_year
    );
    prop_assert!(
        (summary.outages.per_year * years * model.settings.trials as f64 - total_outages as f64)
            .abs()
            < 1e-6,
        "outages per year {} vs {} outages",
        summary.outages.per_year,
        total_outages
    );
    Ok(())
}

/// A folder holding the empirical file the generated scenarios may name.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("repairs.csv"), EMPIRICAL).unwrap();
    dir
}

#[test]
fn generated_scenarios_parse_simulate_and_add_up() {
    let dir = workspace();
    let mut runner = TestRunner::new(config());
    let valid = std::cell::Cell::new(0u32);
    let result = runner.run(&scenario(), |text| {
        let compiled = nines::scenario::parse(&text, "generated.toml", dir.path(), "g").is_ok();
        valid.set(valid.get() + compiled as u32);
        run_pipeline(&text, dir.path())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    // The generator aims at valid files: if most are rejected, the engine goes untested.
    let cases = config().cases;
    println!("{} of {cases} generated scenarios valid", valid.get());
    assert!(
        valid.get() * 4 >= cases * 3,
        "only {} of {cases} generated scenarios were valid",
        valid.get()
    );
}

#[test]
fn corrupted_scenarios_fail_cleanly_or_run() {
    let dir = workspace();
    let mut runner = TestRunner::new(config());
    let result = runner.run(
        &(scenario(), prop::collection::vec(damage(), 1..=3)),
        |(text, damages)| {
            let damaged = damages.iter().fold(text, |t, d| apply(&t, d));
            run_pipeline(&damaged, dir.path())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

// Bugs the properties found, each as the minimal scenario that showed it.

/// Parses `text`, expecting an input error that mentions `fragment`.
fn assert_rejected(text: &str, fragment: &str) {
    match nines::scenario::parse(text, "found.toml", Path::new("."), "found") {
        Err(Error::Input(message)) => {
            assert!(message.contains(fragment), "{message}");
        }
        Err(other) => panic!("not an input error: {other:?}"),
        Ok(_) => panic!("accepted:\n{text}"),
    }
}

#[test]
fn zero_times_to_failure_are_rejected_not_simulated_forever() {
    // Failure and repair both fixed at 0 s: the engine failed and repaired the component at
    // t = 0 without end (the run never finished). A time to failure needs a mean above zero.
    assert_rejected(
        r#"
        [components.a]
        failure = { dist = "fixed", value = "0s" }
        repair = { dist = "fixed", value = "0s" }
        [system]
        all = ["a"]
        "#,
        "components.a.failure",
    );
    assert_rejected(
        r#"
        [[components.a.modes]]
        name = "crash"
        failure = { dist = "fixed", value = "0s" }
        repair = { dist = "fixed", value = "1h" }
        [system]
        all = ["a"]
        "#,
        "components.a.modes[0].failure",
    );
}

#[test]
fn disasters_every_zero_are_rejected_not_simulated_forever() {
    // A loss every 0 s with no backups: each (instant, unrecoverable) recovery restarted the
    // disaster clock at the same instant, without end.
    assert_rejected(
        r#"
        [components.a]
        failure = { dist = "exponential", mean = "1y" }
        repair = { dist = "fixed", value = "1h" }
        [system]
        all = ["a"]
        [data.d]
        size = "1GB"
        stored_on = "a"
        [[data.d.disasters]]
        name = "x"
        kind = "loss"
        every = "0s"
        "#,
        "data.d.disasters[0].every",
    );
}

#[test]
fn zero_length_maintenance_is_rejected_not_simulated_forever() {
    // Rolling maintenance lasting 0 s while an instance was down: the next instance could not
    // be spared, so the window retried after its duration, 0 s, at the same instant forever.
    assert_rejected(
        r#"
        [components.a]
        count = 2
        need = 1
        failure = { dist = "exponential", mean = "10h" }
        repair = { dist = "exponential", mean = "10h" }
        [components.a.maintenance]
        every = "1d"
        duration = "0s"
        strategy = "rolling"
        [system]
        all = ["a"]
        "#,
        "components.a.maintenance.duration",
    );
}

#[test]
fn endless_backup_retention_is_rejected_not_kept_forever() {
    // Found by `corrupted_scenarios_fail_cleanly_or_run`: a retention of "1e308h" made each
    // trial's start push backups from before it without end (out of memory).
    assert_rejected(
        r#"
        [components.a]
        failure = { dist = "exponential", mean = "1y" }
        repair = { dist = "fixed", value = "1h" }
        [system]
        all = ["a"]
        [data.d]
        size = "1GB"
        stored_on = "a"
        [[data.d.backups]]
        kind = "full"
        every = "1d"
        throughput = "100MB/s"
        retention = "1e308h"
        "#,
        "data.d.backups[0].retention",
    );
}

#[test]
fn horizons_with_endless_sla_windows_are_rejected_when_parsed() {
    // A horizon of "1e308h" overflowed the SLA windows' buffer; the file is refused as it is
    // read, so every command (and this test's in-process pipeline) sees an input error.
    assert_rejected(
        r#"
        [simulation]
        horizon = "1e308h"
        [components.a]
        failure = { dist = "exponential", mean = "1y" }
        repair = { dist = "fixed", value = "1h" }
        [system]
        all = ["a"]
        "#,
        "simulation.horizon",
    );
}
