//! What the README and the example scenarios say about the examples, checked: the Quick
//! start's printed report is what the built-in example prints (timings aside); the figures
//! scenarios/age-while-down.toml states follow from its Markov chains, which its simulation
//! must agree with; the run preset-cluster.toml quotes and the cause hidden-failures.toml
//! names as costing the most are what `nines run` gives for the files as shipped.

use std::path::Path;

mod common;

use common::cli::{nines, stderr, stdout};
use common::{is_up, Ctmc};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The report block of README's Quick start (between "The built-in example
/// (`scenarios/web-service.toml`) prints:" and the next fence).
fn readme_report() -> String {
    common::readme::block_after("The built-in example (`scenarios/web-service.toml`) prints:")
        .trim_matches('\n')
        .to_string()
}

/// The report with the wall-clock figures (which depend on the machine) cut off: the rest of
/// the line that names the run's seconds, and the importance line's seconds.
fn without_timings(report: &str) -> Vec<String> {
    report
        .lines()
        .map(|line| {
            let line = line.trim_end();
            if line.contains(" trials of ") && line.contains(", seed ") {
                line.rsplit_once(", ")
                    .map_or(line, |(head, _)| head)
                    .to_string()
            } else if line.trim_start().starts_with("importance:") {
                line.rsplit_once(", ")
                    .map_or(line, |(head, _)| head)
                    .to_string()
            } else {
                line.to_string()
            }
        })
        .collect()
}

#[test]
fn readme_quick_start_report_is_what_the_builtin_example_prints() {
    let output = nines(&[], root());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed = without_timings(&stdout(&output));
    let shown = without_timings(&readme_report());
    assert!(
        shown.len() > 30,
        "README's block is the whole report: {shown:?}"
    );
    for (i, (p, s)) in printed.iter().zip(&shown).enumerate() {
        assert_eq!(
            p,
            s,
            "README's report differs from `nines` at line {}",
            i + 1
        );
    }
    assert_eq!(printed.len(), shown.len(), "{printed:#?}");
}

#[test]
fn readme_prose_figures_come_from_its_report() {
    // The paragraph under the report quotes it; each figure must be the report's, rounded.
    let words = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let readme = common::readme::text();
    let report = words(&readme_report());
    let prose = words(
        readme
            .split("Every tier is redundant across two zones")
            .nth(1)
            .and_then(|p| p.split("## Use").next())
            .expect("README explains the report"),
    );
    for (quoted, in_report) in [
        ("it says 99.9897%", "Exact (formula) 99.9897%"),
        ("finds 112 minutes a year more", "+112.33 min/year"),
        ("would save about 58 minutes", "saved 57.81"),
        ("would cost about 130", "lost 131.96"),
        (
            "Zone failures cost about a minute a year",
            "zone failure 1.13 min/y",
        ),
        (
            "about a fifth of the months breach",
            "windows breaching 21.77%",
        ),
        (
            "about every three years an operator error",
            "db operator error of orders 82.42 min/y 49.4% 0.3400 outages/y",
        ),
    ] {
        assert!(prose.contains(quoted), "README no longer says {quoted:?}");
        assert!(
            report.contains(in_report),
            "the report no longer shows {in_report:?}, which {quoted:?} rounds"
        );
    }
}

/// MTTF and MTTR (hours) of scenarios/age-while-down.toml's app and database.
const APP: (f64, f64) = (500.0, 24.0);
const DB: (f64, f64) = (1000.0, 48.0);

/// The series pair whose clocks stop while the service is down: from all up (0), a failure
/// takes it to "app down" (1) or "db down" (2), where the other part cannot fail; its repair
/// brings it back to 0.
fn paused_chain() -> Ctmc {
    let (la, ma) = (1.0 / APP.0, 1.0 / APP.1);
    let (ld, md) = (1.0 / DB.0, 1.0 / DB.1);
    Ctmc {
        rates: vec![vec![0.0, la, ld], vec![ma, 0.0, 0.0], vec![md, 0.0, 0.0]],
    }
}

/// The same pair ageing while down: two independent components.
fn ageing_chain() -> Ctmc {
    Ctmc::independent(&[(1.0 / APP.0, 1.0 / APP.1), (1.0 / DB.0, 1.0 / DB.1)])
}

/// The long-run availability of a chain started all up, as its mean over 10^7 hours: the
/// start's effect (a couple of hours of uptime) is 2e-7 of it, below the third decimal of a
/// percent the example states.
fn steady(chain: &Ctmc, up: impl Fn(usize) -> bool) -> f64 {
    chain.interval_availability(1e7, up)
}

#[test]
fn age_while_down_example_states_its_chains_steady_states() {
    let text = std::fs::read_to_string(root().join("scenarios/age-while-down.toml")).unwrap();
    // The file's own parameters are the ones this test's chains use.
    for line in [
        "failure = { dist = \"exponential\", mean = \"500h\" }",
        "repair  = { dist = \"exponential\", mean = \"24h\" }",
        "failure = { dist = \"exponential\", mean = \"1000h\" }",
        "repair  = { dist = \"exponential\", mean = \"48h\" }",
    ] {
        assert!(text.contains(line), "the example changed: {line}");
    }
    let paused = steady(&paused_chain(), |s| s == 0);
    let ageing = steady(&ageing_chain(), |s| s == 0);
    for (label, value) in [("false", paused), ("true", ageing)] {
        let stated = format!("= {:.3}%", value * 100.0);
        let line = text
            .lines()
            .find(|l| l.contains(&format!("age_while_down = {label}:")))
            .unwrap_or_else(|| panic!("the example states age_while_down = {label}"));
        assert!(line.ends_with(&stated), "{line:?} should end {stated:?}");
    }
}

#[test]
fn age_while_down_example_simulates_to_its_chains() {
    // Both runs of the table in docs/scenario-format.md: the file as shipped, and without its
    // age_while_down line; each over its one-year trials from all up against the chain's
    // mean over the same year.
    let text = std::fs::read_to_string(root().join("scenarios/age-while-down.toml")).unwrap();
    let flag = "age_while_down = false";
    assert!(text.contains(flag));
    let shipped = common::simulate(&text);
    let exact = paused_chain().interval_availability(8766.0, |s| s == 0);
    common::assert_availability_within_interval("age-while-down.toml", &shipped, exact);

    let ageing_text: String = text
        .lines()
        .filter(|line| !line.trim_start().starts_with(flag))
        .map(|line| format!("{line}\n"))
        .collect();
    let ageing = common::simulate(&ageing_text);
    let exact = ageing_chain().interval_availability(8766.0, |s| is_up(s, 0) && is_up(s, 1));
    common::assert_availability_within_interval(
        "age-while-down.toml, ageing while down",
        &ageing,
        exact,
    );
}

/// `nines run FILE --format json` on a shipped scenario, as its comment's command runs it.
fn run_json(file: &str) -> serde_json::Value {
    let output = nines(&["run", file, "--format", "json"], root());
    assert_eq!(output.status.code(), Some(0), "{file}: {}", stderr(&output));
    serde_json::from_str(&stdout(&output)).unwrap()
}

/// (component, cause, share of downtime) of a summary, largest first.
fn causes(summary: &serde_json::Value) -> Vec<(String, String, f64)> {
    let mut causes: Vec<_> = summary["attribution"]["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["component"].as_str().unwrap().to_string(),
                c["cause"].as_str().unwrap().to_string(),
                c["share_of_downtime"].as_f64().unwrap(),
            )
        })
        .collect();
    causes.sort_by(|a, b| b.2.total_cmp(&a.2));
    causes
}

#[test]
fn preset_cluster_example_prints_what_its_comment_quotes() {
    // The comment quotes a run of the file as shipped (seed 14, 10,000 trials): availability
    // with its interval, and the power domain's and the site's shares of the downtime.
    let text = std::fs::read_to_string(root().join("scenarios/preset-cluster.toml")).unwrap();
    let summary = run_json("scenarios/preset-cluster.toml");
    assert_eq!(summary["seed"], 14);
    assert_eq!(summary["trials"], 10_000);
    let percent = |key: &str| {
        format!(
            "{:.3}%",
            summary["availability"][key].as_f64().unwrap() * 100.0
        )
    };
    let quoted = format!(
        "gives {}\n# [{}, {}]",
        percent("mean"),
        percent("ci_low"),
        percent("ci_high")
    );
    assert!(
        text.contains(&quoted),
        "the comment should quote {quoted:?}"
    );
    let causes = causes(&summary);
    let share = |component: &str| {
        causes
            .iter()
            .filter(|c| c.0 == component)
            .map(|c| c.2)
            .sum::<f64>()
    };
    let quoted = format!(
        "{:.0}% of the downtime is the one power domain's, {:.0}% the\n# site's",
        share("power") * 100.0,
        share("site") * 100.0
    );
    assert!(
        text.contains(&quoted),
        "the comment should quote {quoted:?}"
    );
}

#[test]
fn hidden_failures_example_costs_most_in_inspections() {
    // The comment: downtime by cause shows hidden faults ("failure (hidden)") apart from
    // repairs ("failure") and the inspections, "which here cost the most"; the database's
    // failed starts count to "failed to start".
    let text = std::fs::read_to_string(root().join("scenarios/hidden-failures.toml")).unwrap();
    assert!(text.contains("the inspections themselves, which\n# here cost the most"));
    let causes = causes(&run_json("scenarios/hidden-failures.toml"));
    assert_eq!(
        (causes[0].0.as_str(), causes[0].1.as_str()),
        ("battery", "inspection"),
        "{causes:?}"
    );
    for (component, cause) in [
        ("battery", "failure (hidden)"),
        ("battery", "failure"),
        ("db", "failed to start"),
    ] {
        assert!(
            causes
                .iter()
                .any(|c| c.0 == component && c.1 == cause && c.2 > 0.0),
            "no downtime counted to {component} {cause}: {causes:?}"
        );
    }
}
