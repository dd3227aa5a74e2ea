//! The rare-event method on hidden failures with inspections and on maintenance left out of
//! availability (`exclude_planned`), against closed forms at unavailabilities of 1e-9 to
//! 1e-10, where a plain run of the same size sees nothing.
//!
//! Each check: the exact value within the reported interval's half-width × 1.2, on a fixed
//! seed, at 95% confidence (as tests/validation_rare.rs). Figures:
//! `cargo test --release --test validation_rare_ext2 -- --nocapture`.

mod common;

use common::inspection::{down_at, integrate_over, simpson, states_after_inspections};
use common::rare::{check, check_weights, rare_model, run, MAINTENANCE};

/// Three hidden units in parallel (`any`), MTTF 500,000 h, each inspected every 1000 h
/// (staggered by a third of that), each fault found with probability 0.9, repairs of a fixed
/// 48 h. The units are independent, so the service is down ∫ q_a q_b q_c over a window, each
/// q from the inspection chain of tests/common/inspection.rs. The warm-up is set by hand: the
/// automatic one would be ten mean cycles of the fixed-repair modes (5e6 h).
fn hidden() -> String {
    let unit = |name: &str, start: &str| {
        format!(
            "[components.{name}]\nfailure = {{ dist = \"exponential\", mean = \"500000h\" }}\nrepair = {{ dist = \"fixed\", value = \"48h\" }}\nhidden = true\ninspection = {{ every = \"1000h\", start = \"{start}\", finds = \"90%\" }}\n"
        )
    };
    format!(
        "[simulation]\nhorizon = \"8760h\"\ntrials = 200000\nseed = 29\n[simulation.rare]\nwarmup = \"7000h\"\n{}{}{}[system]\nany = [\"a\", \"b\", \"c\"]\n",
        unit("a", "1000h"),
        unit("b", "333h"),
        unit("c", "667h")
    )
}

/// The exact mean unavailability of [`hidden`] over `[from, to]`.
fn hidden_exact(from: f64, to: f64) -> f64 {
    let (lambda, every, r, p) = (1.0 / 500_000.0, 1000.0, 48.0, 0.9);
    let starts = [1000.0, 333.0, 667.0];
    let states: Vec<_> = starts
        .iter()
        .map(|&start| states_after_inspections(lambda, start, every, 0.0, r, p, to))
        .collect();
    let kinks: Vec<f64> = states
        .iter()
        .flatten()
        .flat_map(|(e, _)| [*e, e + r])
        .collect();
    let down = integrate_over(from, to, &kinks, |t| {
        starts
            .iter()
            .zip(&states)
            .map(|(&start, s)| down_at(t, lambda, start, every, r, s))
            .product()
    });
    down / (to - from)
}

#[test]
fn hidden_failures_found_by_staggered_inspections() {
    let model = rare_model(&hidden());
    let s = run(&model, 0);
    let (h, w) = (8760.0, s.warmup_hours);
    assert_eq!(w, 7000.0);
    let first_year = hidden_exact(0.0, h);
    check("hidden 1-of-3 first year", &s.horizon, first_year);
    check(
        "hidden 1-of-3 after warm-up",
        &s.steady_state,
        hidden_exact(w, w + h),
    );
    check_weights("hidden 1-of-3", &s);
    assert!(
        (1e-10..1e-8).contains(&first_year),
        "rare enough: {first_year:e}"
    );
    // Most of the downtime is of faults nobody has found yet; from the moment an
    // inspection finds one, the rest of the outage (its 48 h repair) counts to the mode.
    let share = |cause: &str| -> f64 {
        s.attribution
            .iter()
            .filter(|c| c.cause == cause)
            .map(|c| c.share)
            .sum()
    };
    let (hidden, found) = (share("failure (hidden)"), share("failure"));
    println!("downtime shares: hidden {hidden:.3}, found {found:.3}");
    assert!(hidden > 0.5 && found > 0.01, "shares {hidden} {found}");
    assert!((hidden + found - 1.0).abs() < 1e-9);
    assert!(s.plain_outages < 5, "{}", s.plain_outages);
}

#[test]
fn the_automatic_warm_up_waits_for_inspections_to_find_hidden_faults() {
    // Exponential repairs: the modes' own rule gives ln 200 / (λ + μ), about 21 h; a hidden
    // fault lasts until found, every / finds = 1250 h on average.
    let model = rare_model(
        r#"
[simulation]
trials = 10
[components.a]
count = 2
need = 1
failure = { dist = "exponential", mean = "100000h" }
repair = { dist = "exponential", mean = "4h" }
hidden = true
inspection = { every = "1000h", start = "200h", finds = "80%" }
[system]
all = ["a"]
"#,
    );
    let s = run(&model, 1);
    let expected = 200.0 + 200f64.ln() / (1.0 / 100_000.0 + 0.8 / 1000.0);
    assert!(
        (s.warmup_hours - expected).abs() < 1e-9,
        "{} vs {expected}",
        s.warmup_hours
    );
}

/// [`MAINTENANCE`] (`any = [a, b]`) with `exclude_planned`: a single server with weekly maintenance (all at
/// once, 1 h, random phase) beside a 1-of-2 pair, as in tests/validation_rare_ha.rs, with
/// planned downtime left out. The service is down when a is unavailable and both b are
/// down; that downtime is planned while a maintenance window that began with a up and both
/// b down lasts and neither b has come back. Window starts have density m = 1/168 at every
/// instant, so the planned rate at t is m ∫₀¹ (1 − u(t−x)) u(t−x)² e^{−2μx} dx.
fn excluded() -> String {
    let source = MAINTENANCE.replace(
        "trials = 100000\nseed = 13\n",
        "trials = 200000\nseed = 31\nexclude_planned = true\n",
    );
    assert!(source.contains("exclude_planned"));
    source
}

/// The closed form of [`excluded`]: counted unavailability in steady state and over the
/// first year from new (Simpson's rule: 20 000 steps outside, 100 inside).
fn excluded_exact() -> (f64, f64) {
    let (lambda, mu, m) = (1.0 / 10_000.0, 1.0 / 4.0, 1.0 / 168.0);
    let u = |t: f64| lambda / (lambda + mu) * -(-(lambda + mu) * t).exp_m1();
    let down = |t: f64| (1.0 - (1.0 - m) * (1.0 - u(t))) * u(t) * u(t);
    let planned = |t: f64| {
        let up_to = t.min(1.0);
        if up_to <= 0.0 {
            return 0.0;
        }
        m * simpson(0.0, up_to, 100, |x| {
            let s = t - x;
            (1.0 - u(s)) * u(s) * u(s) * (-2.0 * mu * x).exp()
        })
    };
    let h = 8766.0;
    let steady = down(f64::INFINITY)
        - m * (1.0 - u(f64::INFINITY)) * u(f64::INFINITY).powi(2) * -(-2.0 * mu).exp_m1()
            / (2.0 * mu);
    let first_year = simpson(0.0, h, 20_000, |t| down(t) - planned(t)) / h;
    (steady, first_year)
}

#[test]
fn maintenance_left_out_of_availability() {
    let (steady, first_year) = excluded_exact();
    let model = rare_model(&excluded());
    let s = run(&model, 0);
    check("excluded planned steady", &s.steady_state, steady);
    check("excluded planned first year", &s.horizon, first_year);
    check_weights("excluded planned", &s);
    assert!(steady < 1e-9, "rare enough: {steady:e}");
    // Outages still count the planned ones and last their whole length: more of them, and
    // longer, than the counted downtime alone would give.
    let outages = s.steady_state.outages_per_year.mean;
    let minutes = s.steady_state.mean_outage_minutes.as_ref().unwrap().mean;
    let counted_minutes = steady * 8766.0 * 60.0;
    println!("outages/year {outages:.3e}, mean {minutes:.2} min");
    assert!(outages * minutes > 1.2 * counted_minutes);
}

#[test]
fn same_results_on_any_thread_count_with_inspections_and_exclusion() {
    for source in [hidden(), excluded()] {
        let mut model = rare_model(&source);
        model.settings.trials = 5000;
        assert_eq!(run(&model, 1), run(&model, 2));
    }
}

/// A single copy is lost at its disk's first destructive failure: nothing rare, and the
/// excursions (which begin when a disk's fragments are destroyed) would begin at the loss
/// itself, which no branch would then see. `--method rare` gives it the plain trials'
/// figures and says so; the plain method's figure is the chain's.
#[test]
fn a_single_copy_keeps_the_plain_figures_which_are_exact() {
    let source = r#"
[simulation]
horizon = "1y"
trials = 20000
seed = 37
importance_trials = 0
[components.disk]
count = 2
need = 1
failure = { dist = "exponential", afr = "20%" }
repair = { dist = "fixed", value = "1s" }
[system]
all = ["disk"]
[data.objects]
size = "1TB"
stored_on = "disk"
redundancy = { replicas = 1 }
placement = { stripes = 1 }
fragment_rebuild = { time = { dist = "exponential", mean = "24h" } }
"#;
    let exact = nines::exact::durability::for_data_set(&rare_model(source), 0)
        .expect("the chain applies")
        .p_loss_per_year;
    let dir = common::cli::temp_dir();
    common::cli::write(dir.path(), "s.toml", source);
    // The sweep's seed reaches the binary through --seed.
    let seed = common::test_seed(37).to_string();
    let rare = common::cli::nines(
        &[
            "run", "s.toml", "--method", "rare", "--format", "json", "--seed", &seed,
        ],
        dir.path(),
    );
    assert!(rare.status.success(), "{}", common::cli::stderr(&rare));
    let rare: serde_json::Value = serde_json::from_str(&common::cli::stdout(&rare)).unwrap();
    let method = &rare["data_sets"][0]["method"];
    assert_eq!(method["method"], "plain", "{method}");
    assert!(
        method["reason"].as_str().unwrap().contains("single copy"),
        "{method}"
    );
    assert_eq!(rare["durability"]["objects"]["method"], "plain");
    let output = common::cli::nines(
        &["run", "s.toml", "--format", "json", "--seed", &seed],
        dir.path(),
    );
    assert!(output.status.success(), "{}", common::cli::stderr(&output));
    let json: serde_json::Value = serde_json::from_str(&common::cli::stdout(&output)).unwrap();
    let p = &json["durability"]["objects"]["p_loss_per_year"];
    let (mean, low, high) = (
        p["mean"].as_f64().unwrap(),
        p["ci_low"].as_f64().unwrap(),
        p["ci_high"].as_f64().unwrap(),
    );
    println!("single copy, plain: P(loss)/year {mean:.4} [{low:.4}, {high:.4}] exact {exact:.4}");
    // The CLI's default confidence: 95%, the rare tests' level.
    let confidence = common::rare::RARE_CONFIDENCE;
    common::print_z("single copy, plain", mean, low, high, confidence, exact);
    assert!((mean - exact).abs() <= 1.2 * (high - low) / 2.0);
    // The rare run's figures are those of its plain trials: the same trials, seed and draws.
    assert_eq!(rare["durability"]["objects"]["p_loss_per_year"], *p);
}
