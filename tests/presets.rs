//! The catalog's presets against the figures they cite: every parameter is recomputed here
//! from the numbers as written in the sources (copied with their citation from
//! ../shared/field-data.md), the empirical repair presets against the shipped records (and,
//! when ../shared/data is present, against the raw Los Alamos file), and the catalog's and
//! scenarios' handling of presets through the binary.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::cli::{nines, stderr, stdout, temp_dir, write};
use nines::catalog::{durations, find, presets, Preset};
use nines::dist::Dist;
use nines::scenario::compile_distribution;

const YEAR: f64 = 8766.0;
/// The standard normal's 95th and 90th percentiles, for lognormals given by quantiles.
const Z95: f64 = 1.644_853_626_951_472;
const Z90: f64 = 1.281_551_565_544_601;

/// What a preset field must be, derived in the test from the cited figures.
#[derive(Debug, Clone, Copy)]
enum Law {
    /// Exponential with this mean, in hours.
    Exponential(f64),
    /// Lognormal with these parameters of ln(hours).
    LogNormal(f64, f64),
    /// Always this many hours.
    Fixed(f64),
    /// Resamples this shipped data set.
    Empirical(&'static str),
}

/// Rate of an exponential that fails with probability `p` within a year, per hour.
fn probability_per_year(p: f64) -> Law {
    Law::Exponential(YEAR / -(1.0 - p).ln())
}

/// Lognormal from a log-minute fit (the LANL tables give mu and sigma of ln minutes).
fn log_minutes(mu: f64, sigma: f64) -> Law {
    Law::LogNormal(mu - 60f64.ln(), sigma)
}

/// Lognormal whose `z`-quantiles on either side of the median are `low` and `high` hours.
fn central_range(low: f64, high: f64, z: f64) -> Law {
    Law::LogNormal((low * high).sqrt().ln(), (high / low).ln() / (2.0 * z))
}

/// Gill et al. (SIGCOMM 2011, via Bailis & Kingsbury's notes): median time to repair ~5 min;
/// sigma 1.5 is the catalog's stated assumption.
fn gill_repair() -> Law {
    Law::LogNormal((5.0f64 / 60.0).ln(), 1.5)
}

/// One mean outage a year giving availability `a`: mean = 1 y (1 - a) / a.
fn tier(a: f64) -> (Law, Law) {
    (
        Law::Exponential(YEAR),
        Law::Exponential(YEAR * (1.0 - a) / a),
    )
}

/// Every preset's expected failure and repair laws, from the figures its sources give.
fn expected() -> BTreeMap<&'static str, (Option<Law>, Option<Law>)> {
    let gill = gill_repair();
    let (t1f, t1r) = tier(0.99671); // Uptime Institute tier table: Tier I 99.671%
    let (t2f, t2r) = tier(1.0 - 22.0 / YEAR); // Tier II 22.0 h/yr of site-caused downtime
    let (t3f, t3r) = tier(0.99982); // Tier III 99.982%
    let (t4f, t4r) = tier(0.99995); // Tier IV 99.995%
    BTreeMap::from([
        // Ford et al. OSDI 2010, Table 2 p. 5: "Node 4.3 months"; LANL all causes: ln-minute
        // lognormal mu 4.154, sigma 1.402 (field-data.md 1b).
        (
            "server-node",
            (
                Some(Law::Exponential(4.3 * YEAR / 12.0)),
                Some(log_minutes(4.154, 1.402)),
            ),
        ),
        // LANL 4-way SMP nodes: 1.0-1.3 failures per node-year (middle 1.15) times the
        // hardware share of systems 18-20 (7,249 of 9,759 records); their hardware repairs:
        // mu 4.288, sigma 1.058.
        (
            "server-node-hw",
            (
                Some(Law::Exponential(YEAR / (1.15 * 7249.0 / 9759.0))),
                Some(log_minutes(4.288, 1.058)),
            ),
        ),
        // Ford Table 2: "Rack 10.2 years"; Dean LADIS 2009: 1-6 h, read as p5-p95.
        (
            "rack",
            (
                Some(Law::Exponential(10.2 * YEAR)),
                Some(central_range(1.0, 6.0, Z95)),
            ),
        ),
        // Dean LADIS 2009: ~1 PDU failure per cluster-year, ~6 hours.
        (
            "power-domain",
            (Some(Law::Exponential(YEAR)), Some(Law::Fixed(6.0))),
        ),
        ("repair-hpc-all", (None, Some(Law::Empirical("lanl-all")))),
        (
            "repair-hpc-hardware",
            (None, Some(Law::Empirical("lanl-hardware"))),
        ),
        (
            "repair-hpc-software",
            (None, Some(Law::Empirical("lanl-software"))),
        ),
        // Schroeder & Gibson FAST 2007 abstract: "2-4% common"; 3% per drive-year.
        ("disk-hdd", (Some(Law::Exponential(YEAR / 0.03)), None)),
        // Backblaze: "the 2024 yearly AFR was 1.57%" (failures per drive-year).
        (
            "disk-hdd-fleet",
            (Some(Law::Exponential(YEAR / 0.0157)), None),
        ),
        // Pinheiro et al. FAST 2007 section 3.1: 1.7% (first year), over 8.6% (3 years).
        (
            "disk-hdd-year1",
            (Some(Law::Exponential(YEAR / 0.017)), None),
        ),
        (
            "disk-hdd-year3",
            (Some(Law::Exponential(YEAR / 0.086)), None),
        ),
        // Backblaze SSD Edition 2022: boot SSDs 0.98%; Maneas et al. FAST 2020: 0.22% mean.
        ("disk-ssd", (Some(Law::Exponential(YEAR / 0.0098)), None)),
        (
            "disk-ssd-enterprise",
            (Some(Law::Exponential(YEAR / 0.0022)), None),
        ),
        // Gill et al. SIGCOMM 2011 (summary, low): ToR ~5%, AggS ~10%, LB "1 in 5" a year.
        ("switch-tor", (Some(probability_per_year(0.05)), Some(gill))),
        ("switch-agg", (Some(probability_per_year(0.10)), Some(gill))),
        ("lb-hardware", (Some(probability_per_year(0.2)), Some(gill))),
        (
            "lb-hardware-pair",
            (Some(probability_per_year(0.2)), Some(gill)),
        ),
        // Govindan et al. SIGCOMM 2016: ~80% of events lasted 10-100 min, read as p10-p90.
        (
            "network-incident",
            (None, Some(central_range(10.0 / 60.0, 100.0 / 60.0, Z90))),
        ),
        ("facility-tier1", (Some(t1f), Some(t1r))),
        ("facility-tier2", (Some(t2f), Some(t2r))),
        ("facility-tier3", (Some(t3f), Some(t3r))),
        ("facility-tier4", (Some(t4f), Some(t4r))),
        // No public figure: no number shipped.
        ("change-bad-deploy", (None, None)),
        ("zone-outage", (None, None)),
        ("region-outage", (None, None)),
    ])
}

/// The catalog writes parameters to four significant digits.
const ROUNDING: f64 = 5e-4;

fn close(what: &str, got: f64, want: f64) {
    assert!(
        ((got - want) / want).abs() < ROUNDING,
        "{what}: preset has {got}, the cited figures give {want}"
    );
}

fn check(preset: &Preset, field: &str, dist: Option<Dist>, law: Option<Law>) {
    let what = format!("{} {field}", preset.name);
    match (dist, law) {
        (None, None) => {}
        (Some(Dist::Exponential { mean, .. }), Some(Law::Exponential(want))) => {
            close(&what, mean, want)
        }
        (Some(Dist::LogNormal { mu, sigma, .. }), Some(Law::LogNormal(want_mu, want_sigma))) => {
            // mu is near zero for some presets: compare the median, exp(mu), instead.
            close(&format!("{what} median"), mu.exp(), want_mu.exp());
            close(&format!("{what} sigma"), sigma, want_sigma);
        }
        (Some(Dist::Fixed { value }), Some(Law::Fixed(want))) => close(&what, value, want),
        (Some(Dist::Empirical { values, .. }), Some(Law::Empirical(set))) => {
            let mut want = durations(set).unwrap();
            want.sort_by(f64::total_cmp);
            assert!(values.as_ref() == want.as_slice(), "{what}: not {set}");
        }
        (dist, law) => panic!("{what}: preset gives {dist:?}, the sources {law:?}"),
    }
}

fn compiled(preset: &Preset, raw: &Option<nines::scenario::raw::RawDist>) -> Option<Dist> {
    raw.as_ref()
        .map(|raw| compile_distribution(raw).unwrap_or_else(|e| panic!("{}: {e}", preset.name)))
}

#[test]
fn every_preset_follows_from_the_figures_it_cites() {
    let expected = expected();
    let names: Vec<&str> = presets().iter().map(|p| p.name.as_str()).collect();
    // A preset added without a derivation here fails, as does one removed.
    assert_eq!(
        names
            .iter()
            .copied()
            .collect::<std::collections::BTreeSet<_>>(),
        expected.keys().copied().collect(),
    );
    for preset in presets() {
        let (failure, repair) = expected[preset.name.as_str()];
        check(
            preset,
            "failure",
            compiled(preset, &preset.failure),
            failure,
        );
        check(preset, "repair", compiled(preset, &preset.repair), repair);
    }
    // Potharaju & Jain IMC 2013 abstract: failover "ineffective in about 33% of the cases".
    let pair = find("lb-hardware-pair").unwrap();
    assert!((pair.failover_success.unwrap() - (1.0 - 0.33)).abs() < 1e-12);
    // Facility tiers: the preset's long-run availability is the tier's.
    for (name, a) in [("facility-tier3", 0.99982), ("facility-tier4", 0.99995)] {
        let p = find(name).unwrap();
        let (up, down) = (
            compiled(p, &p.failure).unwrap().mean(),
            compiled(p, &p.repair).unwrap().mean(),
        );
        assert!((up / (up + down) - a).abs() < 1e-7, "{name}");
    }
}

/// Quantile by linear interpolation between order statistics (numpy's default, which
/// field-data.md's figures use).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let (i, frac) = (h.floor() as usize, h.fract());
    sorted[i] + frac * (sorted[(i + 1).min(sorted.len() - 1)] - sorted[i])
}

#[test]
fn shipped_repair_records_have_the_published_summary() {
    // field-data.md 1b (P-DATA): n, median (min), mean (h), p95 (h), lognormal fit of the
    // positive durations' ln(minutes): mu, sigma. Figures rounded as printed there.
    for (set, n, median, mean, p95, mu, sigma) in [
        ("lanl-all", 23_739, 59.0, 5.87, 10.3, 4.154, 1.402),
        ("lanl-hardware", 14_341, 68.0, 5.73, 9.0, 4.318, 1.253),
        ("lanl-software", 5_361, 43.0, 5.80, 8.0, 3.877, 1.467),
    ] {
        let mut hours = durations(set).unwrap();
        hours.sort_by(f64::total_cmp);
        assert_eq!(hours.len(), n, "{set}");
        assert!((quantile(&hours, 0.5) * 60.0 - median).abs() < 0.5, "{set}");
        let got_mean = hours.iter().sum::<f64>() / n as f64;
        assert!((got_mean - mean).abs() < 0.005, "{set}: mean {got_mean}");
        let got_p95 = quantile(&hours, 0.95);
        assert!((got_p95 - p95).abs() < 0.05, "{set}: p95 {got_p95}");
        let logs: Vec<f64> = hours
            .iter()
            .filter(|&&h| h > 0.0)
            .map(|h| (h * 60.0).ln())
            .collect();
        let m = logs.iter().sum::<f64>() / logs.len() as f64;
        let s = (logs.iter().map(|x| (x - m).powi(2)).sum::<f64>() / logs.len() as f64).sqrt();
        assert!(
            (m - mu).abs() < 5e-4 && (s - sigma).abs() < 5e-4,
            "{set}: {m} {s}"
        );
    }
    // 187 records of zero minutes (field-data.md: "187 zero-minute records dropped").
    let zeros = durations("lanl-all")
        .unwrap()
        .iter()
        .filter(|&&h| h == 0.0)
        .count();
    assert_eq!(zeros, 187);
}

/// The raw Los Alamos file, when the workspace has it.
fn raw_data() -> Option<PathBuf> {
    let dir = std::env::var_os("NINES_FIELD_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data"));
    let file = dir.join("LA-UR-05-7318-failure-data-1996-2005.csv.xz");
    file.exists().then_some(file)
}

#[test]
fn shipped_repair_records_equal_the_raw_data() {
    let Some(file) = raw_data() else {
        eprintln!("skipped: no ../shared/data (set NINES_FIELD_DATA to the folder of LA-UR-05-7318-failure-data-1996-2005.csv.xz)");
        return;
    };
    let Ok(output) = std::process::Command::new("xz")
        .arg("-dc")
        .arg(&file)
        .output()
    else {
        eprintln!("skipped: no xz to decompress {}", file.display());
        return;
    };
    assert!(output.status.success());
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let down = column("Down Time");
    let causes: Vec<(&str, usize)> = [("lanl-hardware", "Hardware"), ("lanl-software", "Software")]
        .iter()
        .map(|(set, name)| (*set, column(name)))
        .collect();
    let mut raw: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for record in reader.records() {
        let record = record.unwrap();
        let hours = record[down].trim().parse::<f64>().unwrap() / 60.0;
        raw.entry("lanl-all").or_default().push(hours);
        for &(set, i) in &causes {
            if !record[i].trim().is_empty() {
                raw.entry(set).or_default().push(hours);
            }
        }
    }
    for (set, mut want) in raw {
        want.sort_by(f64::total_cmp);
        let mut got = durations(set).unwrap();
        got.sort_by(f64::total_cmp);
        assert!(
            got == want,
            "{set}: shipped records differ from the raw data"
        );
    }
}

#[test]
fn catalog_json_lists_every_preset_with_source_evidence_and_assumptions() {
    let output = nines(&["catalog", "--format", "json"], Path::new("."));
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let list: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), presets().len());
    for entry in list {
        let name = entry["name"].as_str().unwrap();
        assert!(!entry["source"].as_str().unwrap().is_empty(), "{name}");
        assert!(!entry["assumptions"].as_str().unwrap().is_empty(), "{name}");
        let evidence = entry["evidence"].as_str().unwrap();
        assert!(
            ["primary", "data", "secondary", "low"].contains(&evidence),
            "{name}: {evidence}"
        );
        // No number where the catalog says there is none.
        if entry["unavailable"].is_string() {
            assert!(
                entry["failure"].is_null() && entry["repair"].is_null(),
                "{name}"
            );
        }
    }
    let tor = list.iter().find(|e| e["name"] == "switch-tor").unwrap();
    assert_eq!(tor["evidence"], "low");
    let mean = tor["failure"]["mean_hours"].as_f64().unwrap();
    assert!((mean - YEAR / -(0.95f64).ln()).abs() / mean < ROUNDING);
    let hpc = list.iter().find(|e| e["name"] == "repair-hpc-all").unwrap();
    assert_eq!(hpc["evidence"], "data");
    assert!(hpc["assumptions"].as_str().unwrap().contains("1996-2005"));
}

#[test]
fn catalog_text_shows_evidence_and_what_is_missing() {
    let output = nines(&["catalog", "zone"], Path::new("."));
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0));
    assert!(text.contains("zone-outage (zone)"), "{text}");
    assert!(!text.contains("[evidence:"), "{text}");
    assert!(
        text.contains("no number shipped: no public figure"),
        "{text}"
    );
    let output = nines(&["catalog", "rack"], Path::new("."));
    let text = stdout(&output);
    assert!(text.contains("[evidence: secondary]"), "{text}");
    assert!(text.contains("evidence: primary; Table 2, p. 5"), "{text}");
}

fn check_scenario(text: &str) -> (Option<i32>, String, String) {
    let dir = temp_dir();
    write(dir.path(), "s.toml", text);
    let output = nines(&["check", "s.toml"], dir.path());
    (output.status.code(), stdout(&output), stderr(&output))
}

#[test]
fn scenarios_naming_a_preset_without_numbers_are_refused() {
    for name in ["zone-outage", "region-outage", "change-bad-deploy"] {
        let (code, _, err) = check_scenario(&format!(
            "[components.z]\npreset = \"{name}\"\nfailure = {{ dist = \"exponential\", rate = \"1/y\" }}\nrepair = {{ dist = \"fixed\", value = \"1h\" }}\n[system]\nall = [\"z\"]\n"
        ));
        assert_eq!(code, Some(2), "{name}: {err}");
        assert!(
            err.contains("s.toml:2: components.z.preset")
                && err.contains("ships no number")
                && err.lines().count() == 1,
            "{name}: {err}"
        );
    }
    let (code, _, err) =
        check_scenario("[components.n]\npreset = \"network-incident\"\n[system]\nall = [\"n\"]\n");
    assert_eq!(code, Some(2));
    assert!(
        err.contains("gives no failure law") && err.contains("set failure"),
        "{err}"
    );
}

#[test]
fn the_pair_preset_sets_switchover_success() {
    let pair = "[components.lb]\npreset = \"lb-hardware-pair\"\ncount = 2\nfailover = { detection = \"10s\", switchover = \"30s\", manual = \"20m\" }\n[system]\nall = [\"lb\"]\n";
    let (code, out, err) = check_scenario(pair);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("switchover success 67%"), "{out}");
    // The scenario's own success wins.
    let (_, out, _) = check_scenario(&pair.replace("manual", "success = 0.9, manual"));
    assert!(out.contains("switchover success 90%"), "{out}");
    // Without manual, or without a failover table, the preset cannot be applied.
    let (code, _, err) = check_scenario(&pair.replace(", manual = \"20m\"", ""));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("components.lb.failover") && err.contains("set manual"),
        "{err}"
    );
    let (code, _, err) = check_scenario(
        "[components.lb]\npreset = \"lb-hardware-pair\"\n[system]\nall = [\"lb\"]\n",
    );
    assert_eq!(code, Some(2));
    assert!(err.contains("add a [failover] table"), "{err}");
}

#[test]
fn scenarios_can_resample_the_shipped_records() {
    let (code, out, err) = check_scenario(
        "[components.s]\nfailure = { dist = \"exponential\", rate = \"1/y\" }\nrepair = { dist = \"empirical\", file = \"catalog:lanl-network\" }\n[system]\nall = [\"s\"]\n",
    );
    assert_eq!(code, Some(0), "{err}");
    // field-data.md 1b: Network, 421 records.
    assert!(out.contains("empirical(421 observations"), "{out}");
    let (code, _, err) = check_scenario(
        "[components.s]\nfailure = { dist = \"exponential\", rate = \"1/y\" }\nrepair = { dist = \"empirical\", file = \"catalog:lanl\" }\n[system]\nall = [\"s\"]\n",
    );
    assert_eq!(code, Some(2));
    assert!(
        err.contains("components.s.repair.file") && err.contains("catalog:lanl-all"),
        "{err}"
    );
}

/// Long-run availability of one preset used alone: mean up time over mean cycle.
fn availability(name: &str) -> f64 {
    let p = find(name).unwrap();
    let up = compiled(p, &p.failure).unwrap().mean();
    let down = compiled(p, &p.repair).unwrap().mean();
    up / (up + down)
}

#[test]
fn preset_cluster_example_states_its_steady_state_availability() {
    // scenarios/preset-cluster.toml: site and power in series with 4 of 6 servers, server i
    // behind rack (i mod 3) and switch (i mod 3). Components are independent, so the
    // steady state is a sum over the 2^6 states of the racks and switches, with the servers
    // of each group up or not by the binomial.
    let (site, power) = (availability("facility-tier3"), availability("power-domain"));
    let (rack, tor, server) = (
        availability("rack"),
        availability("switch-tor"),
        availability("server-node"),
    );
    let mut servers_ok = 0.0;
    for state in 0..64u32 {
        let up = |i: u32| state >> i & 1 == 1;
        let mut p = 1.0;
        // Distribution of the number of servers up, convolved over the three groups.
        let mut count = vec![1.0];
        for g in 0..3 {
            let (r, t) = (up(g), up(g + 3));
            p *= if r { rack } else { 1.0 - rack } * if t { tor } else { 1.0 - tor };
            let group = if r && t {
                vec![
                    (1.0 - server).powi(2),
                    2.0 * server * (1.0 - server),
                    server * server,
                ]
            } else {
                vec![1.0]
            };
            let mut next = vec![0.0; count.len() + group.len() - 1];
            for (i, a) in count.iter().enumerate() {
                for (j, b) in group.iter().enumerate() {
                    next[i + j] += a * b;
                }
            }
            count = next;
        }
        servers_ok += p * count.iter().skip(4).sum::<f64>();
    }
    let exact = site * power * servers_ok;
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios/preset-cluster.toml"),
    )
    .unwrap();
    // The comment states it to three decimals of a percent.
    let stated = format!("{:.3}%", exact * 100.0);
    assert!(
        text.contains(&format!("steady state {stated}")),
        "the example should state {stated}"
    );
}
