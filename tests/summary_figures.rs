//! Every figure of the summary (src/stats/summary.rs) on scenarios with fixed lives, where
//! each outage, window and cause is known by hand: the figures are checked against those
//! hand counts, not against the code's own accumulators.

mod common;

use common::simulate;
use nines::stats::Summary;

const YEAR: f64 = 8766.0;
const MINUTES_PER_YEAR: f64 = 525_960.0;
const TRIALS: f64 = 4.0;
const HORIZON: f64 = 1000.0;

/// Asserts `value` equals `exact` to 1e-9 (relative above 1), printing both.
fn close(label: &str, value: f64, exact: f64) {
    println!("{label}: {value}, exact {exact}");
    assert!(
        (value - exact).abs() <= 1e-9 * exact.abs().max(1.0),
        "{label}: {value}, expected {exact}"
    );
}

/// Two components in series over 1000 h, four identical trials. a fails every 100 h of
/// life and is repaired in 10 h: down 100-110, 210-220, ..., 980-990 (9 outages, 90 h).
/// b fails every 300 h and is repaired in 5 h: down 300-305, 605-610, 910-915 (3 outages,
/// 15 h), never while a is down. So per trial 12 outages, 105 h down. Windows of 100 h hold
/// 0, 10, 10, 15, 10, 10, 15, 10, 10, 15 h of downtime.
fn series(target: &str, sla: &str) -> Summary {
    simulate(&format!(
        r#"
        [simulation]
        horizon = "1000h"
        trials = 4
        seed = 3
        target = "{target}"
        [components.a]
        failure = {{ dist = "fixed", value = "100h" }}
        repair = {{ dist = "fixed", value = "10h" }}
        [components.b]
        failure = {{ dist = "fixed", value = "300h" }}
        repair = {{ dist = "fixed", value = "5h" }}
        [system]
        all = ["a", "b"]
        [sla]
        window = "100h"
        {sla}
        "#
    ))
}

const CREDITS: &str = r#"objective = "95%"
        credits = [{ below = "95%", credit = "10%" }, { below = "88%", credit = "25%" }]"#;

/// P(X <= k) for a Poisson mean `mu`, summed term by term.
fn poisson_cdf(k: u64, mu: f64) -> f64 {
    let mut term = (-mu).exp();
    let mut sum = term;
    for i in 1..=k {
        term *= mu / i as f64;
        sum += term;
    }
    sum
}

#[test]
fn availability_downtime_and_outages_of_fixed_lives() {
    let s = series("90%", CREDITS);
    let years = TRIALS * HORIZON / YEAR;
    close("availability", s.availability.mean, 0.895);
    close("nines", s.availability.nines.unwrap(), -(0.105f64).log10());
    // Identical trials: the interval collapses onto the mean or contains it.
    let (low, high) = (
        s.availability.ci_low.unwrap(),
        s.availability.ci_high.unwrap(),
    );
    assert!(
        low <= 0.895 + 1e-12 && 0.895 - 1e-12 <= high,
        "[{low}, {high}]"
    );
    close(
        "nines lower bound",
        s.availability.nines_lower_bound.unwrap(),
        -(1.0 - low).log10(),
    );
    assert_eq!(s.availability.trials_with_downtime, 4);

    let per_trial = 0.105 * MINUTES_PER_YEAR;
    close("downtime mean", s.downtime_minutes_per_year.mean, per_trial);
    for (label, q) in [
        ("p50", s.downtime_minutes_per_year.p50),
        ("p90", s.downtime_minutes_per_year.p90),
        ("p99", s.downtime_minutes_per_year.p99),
        ("max", s.downtime_minutes_per_year.max),
    ] {
        // Histogram quantiles: three significant digits.
        assert!(
            (q - per_trial).abs() <= 1e-3 * per_trial,
            "{label}: {q}, expected {per_trial}"
        );
    }

    let o = &s.outages;
    assert_eq!(o.count, 48);
    close("outages per year", o.per_year, 48.0 / years);
    close(
        "mean outage (min)",
        o.mean_duration_minutes.unwrap(),
        105.0 / 12.0 * 60.0,
    );
    close("mtbf (h)", o.mtbf_hours.unwrap(), (4000.0 - 420.0) / 48.0);
    // 36 outages of 10 h and 12 of 5 h: the 95th percentile is 10 h.
    let p95 = o.p95_duration_minutes.unwrap();
    assert!((p95 - 600.0).abs() <= 0.6, "p95 duration {p95}");

    // Identical trials vary less than Poisson: the interval is Garwood's on 48, whose ends
    // leave alpha/2 in each tail.
    let alpha = 1.0 - s.availability.confidence;
    let (low, high) = (o.per_year_ci_low * years, o.per_year_ci_high * years);
    println!("outage count interval [{low}, {high}]");
    close("upper tail at low", 1.0 - poisson_cdf(47, low), alpha / 2.0);
    close("lower tail at high", poisson_cdf(48, high), alpha / 2.0);

    close("planned", s.planned_downtime.planned_minutes_per_year, 0.0);
    close(
        "unplanned",
        s.planned_downtime.unplanned_minutes_per_year,
        per_trial,
    );
}

#[test]
fn target_share_of_trials_and_its_exact_interval() {
    // Clopper-Pearson with all or none of n meeting: one end is (alpha/2)^(1/n) from 0 or 1.
    let below = series("90%", CREDITS);
    let alpha = 1.0 - below.availability.confidence;
    let edge = (alpha / 2.0).powf(1.0 / TRIALS);
    let t = &below.target;
    close("objective", t.availability, 0.9);
    close("p meets", t.p_trial_meets, 0.0);
    close("p meets low", t.p_trial_meets_ci_low, 0.0);
    close("p meets high", t.p_trial_meets_ci_high, 1.0 - edge);
    assert!(!t.met);

    let above = series("89%", CREDITS);
    let t = &above.target;
    close("p meets", t.p_trial_meets, 1.0);
    close("p meets low", t.p_trial_meets_ci_low, edge);
    close("p meets high", t.p_trial_meets_ci_high, 1.0);
    assert_eq!(t.met, t.verdict == "met");
}

#[test]
fn sla_windows_breaches_and_credits() {
    let s = series("90%", CREDITS);
    let sla = &s.sla;
    close("window", sla.window_hours, 100.0);
    assert_eq!(sla.windows_per_trial, 10);
    close("objective", sla.objective, 0.95);
    let w = sla.window_availability.as_ref().unwrap();
    close("mean", w.mean, 0.895);
    // Forty windows: 4 at 1.0, 24 at 0.90, 12 at 0.85.
    for (label, value, exact) in [
        ("p1", w.p1, 0.85),
        ("p5", w.p5, 0.85),
        ("p10", w.p10, 0.85),
        ("p50", w.p50, 0.90),
    ] {
        assert!(
            (value - exact).abs() <= 1e-3,
            "{label}: {value}, expected {exact}"
        );
    }
    // Nine windows of ten below 95%; with four trials the share has an interval.
    let breach = sla.p_window_breach.as_ref().unwrap();
    close("breach", breach.mean, 0.9);
    let (low, high) = (breach.ci_low.unwrap(), breach.ci_high.unwrap());
    assert!(low <= 0.9 && 0.9 <= high, "[{low}, {high}]");
    // Six windows at 90% earn 10%, three at 85% earn 25%: 1.35 fees per 1000 h, at most
    // 25% of ten windows.
    let credit = sla.expected_credit_per_year.as_ref().unwrap();
    close("credit", credit.mean, 1.35 * YEAR / HORIZON);
    let most = 0.25 * 10.0 * YEAR / HORIZON;
    let (low, high) = (credit.ci_low.unwrap(), credit.ci_high.unwrap());
    assert!(0.0 <= low && low <= credit.mean, "[{low}, {high}]");
    assert!(
        credit.mean <= high && high <= most,
        "[{low}, {high}] above {most}"
    );

    // Without a credit table no credit is counted; the objective falls back to the target.
    let plain = series("90%", "");
    assert!(plain.sla.expected_credit_per_year.is_none());
    // At 90% only the three windows at 85% breach: a window exactly on it meets it.
    close("objective", plain.sla.objective, 0.9);
    close(
        "breach",
        plain.sla.p_window_breach.as_ref().unwrap().mean,
        0.3,
    );
}

#[test]
fn attribution_by_cause_and_component() {
    let s = series("90%", "");
    let years = TRIALS * HORIZON / YEAR;
    let causes = &s.attribution.causes;
    assert_eq!(causes.len(), 2, "{causes:?}");
    // Most downtime first: a (90 h a trial) before b (15 h).
    let (a, b) = (&causes[0], &causes[1]);
    assert_eq!((a.component.as_str(), b.component.as_str()), ("a", "b"));
    close("a outages/y", a.outages_per_year, 36.0 / years);
    close("b outages/y", b.outages_per_year, 12.0 / years);
    close("a min/y", a.downtime_minutes_per_year, 360.0 * 60.0 / years);
    close("b min/y", b.downtime_minutes_per_year, 60.0 * 60.0 / years);
    close("a share", a.share_of_downtime.unwrap(), 90.0 / 105.0);
    close("b share", b.share_of_downtime.unwrap(), 15.0 / 105.0);
    assert!(!a.planned && !b.planned);

    let components = &s.attribution.components;
    assert_eq!(components[0].component, "a");
    assert_eq!(components[1].component, "b");
    close(
        "a min/y",
        components[0].downtime_minutes_per_year,
        360.0 * 60.0 / years,
    );
    close(
        "b min/y",
        components[1].downtime_minutes_per_year,
        60.0 * 60.0 / years,
    );
    close("a criticality", components[0].criticality.unwrap(), 0.75);
    close("b criticality", components[1].criticality.unwrap(), 0.25);
    assert!(components[0]
        .improvement_potential_minutes_per_year
        .is_none());
    assert!(components[0].importance_cost_trials.is_none());
    assert_eq!(s.attribution.importance_trials, 0);
    assert_eq!(s.attribution.importance_components, 0);
}

#[test]
fn performance_rate_is_events_over_time() {
    let s = series("90%", "");
    let p = &s.performance;
    assert!(p.events > 0);
    assert!(p.wall_seconds > 1e-9, "{}", p.wall_seconds);
    close(
        "events per second",
        p.events_per_second,
        p.events as f64 / p.wall_seconds,
    );
    close("importance seconds", p.importance_seconds, 0.0);
}

/// One component a, down 10 h after every 100 h up, over 1000 h: `trials` trials, `sla`
/// the `[sla]` table's lines.
fn one_component(trials: u32, sla: &str) -> Summary {
    simulate(&format!(
        r#"
        [simulation]
        horizon = "1000h"
        trials = {trials}
        [components.a]
        failure = {{ dist = "fixed", value = "100h" }}
        repair = {{ dist = "fixed", value = "10h" }}
        [system]
        all = ["a"]
        [sla]
        {sla}
        "#
    ))
}

#[test]
fn sla_without_a_whole_window_or_with_one_trial() {
    // A window longer than the horizon: nothing is judged.
    let long = one_component(
        2,
        r#"window = "2000h"
        credits = [{ below = "95%", credit = "10%" }]"#,
    );
    assert_eq!(long.sla.windows_per_trial, 0);
    assert!(long.sla.window_availability.is_none());
    assert!(long.sla.p_window_breach.is_none());
    assert!(long.sla.expected_credit_per_year.is_none());

    // One trial: a share without an interval. Windows 2 to 10 hold one 10 h outage each.
    let one = one_component(1, "window = \"100h\"\n        objective = \"95%\"");
    let breach = one.sla.p_window_breach.as_ref().unwrap();
    close("breach", breach.mean, 0.9);
    assert!(breach.ci_low.is_none() && breach.ci_high.is_none());
}

/// `trials` of 1000 h of one db failing every 100 h for 10 h, its data set lost for good
/// (no backup) every `loss_every` (fixed): the first loss decides the rest of the trial.
fn db_lost_at(trials: u64, loss_every: &str) -> String {
    format!(
        r#"
        [simulation]
        horizon = "1000h"
        trials = {trials}
        [components.db]
        failure = {{ dist = "fixed", value = "100h" }}
        repair = {{ dist = "fixed", value = "10h" }}
        [system]
        all = ["db"]
        [data.d]
        size = "1TB"
        stored_on = "db"
        [[data.d.disasters]]
        name = "site loss"
        kind = "loss"
        every = {{ dist = "fixed", value = "{loss_every}" }}
        "#
    )
}

#[test]
fn a_disaster_taking_over_an_outage_is_a_cause_without_outages() {
    // db fails at 100 h and is repaired in 10 h; the data set is lost at 105 h, during the
    // repair, with no backup: the outage begun by db's failure runs on to the end of the
    // trial, and the loss, which began no outage, still has downtime to its name.
    let s = simulate(&db_lost_at(2, "105h"));
    let loss = s
        .attribution
        .causes
        .iter()
        .find(|c| c.cause.contains("site loss"))
        .expect("the loss is listed");
    // Per trial: 5 h begun by the failure (100-105 h), 895 h after the loss.
    let years = 2.0 * HORIZON / YEAR;
    close("loss outages/y", loss.outages_per_year, 0.0);
    close(
        "loss min/y",
        loss.downtime_minutes_per_year,
        2.0 * 895.0 * 60.0 / years,
    );
    close("loss share", loss.share_of_downtime.unwrap(), 895.0 / 900.0);
    let shares: f64 = s
        .attribution
        .causes
        .iter()
        .map(|c| c.share_of_downtime.unwrap())
        .sum();
    close("shares", shares, 1.0);
    // One unrecoverable loss a trial, in two trials of 1000 h.
    close(
        "unrecoverable/y",
        s.unrecoverable_per_year(),
        YEAR / HORIZON,
    );
}

#[test]
fn instant_repairs_leave_no_downtime_to_share() {
    let s = simulate(
        r#"
        [simulation]
        horizon = "1000h"
        trials = 2
        [components.a]
        failure = { dist = "fixed", value = "100h" }
        repair = { dist = "fixed", value = "0h" }
        [system]
        all = ["a"]
        "#,
    );
    // A repair of no time is no outage: no cause is listed, so none has a share of zero
    // downtime to take (summary.rs's `total_downtime > 0.0` rests on this).
    assert_eq!(s.outages.count, 0);
    close("availability", s.availability.mean, 1.0);
    assert!(
        s.attribution.causes.is_empty(),
        "{:?}",
        s.attribution.causes
    );
    // No outage at all: no component has a share of them.
    assert_eq!(s.attribution.components[0].criticality, None);
}

#[test]
fn a_failure_taken_over_at_its_start_is_listed_with_no_downtime() {
    // The loss strikes at 100 h, the instant db fails: the failure began the outage (one a
    // trial) and the loss took all of it over, 900 h.
    let s = simulate(&db_lost_at(1, "100h"));
    let years = HORIZON / YEAR;
    let causes = &s.attribution.causes;
    assert_eq!(causes.len(), 2, "{causes:?}");
    assert!(causes[0].cause.contains("site loss"), "{causes:?}");
    close(
        "loss min/y",
        causes[0].downtime_minutes_per_year,
        900.0 * 60.0 / years,
    );
    close("loss share", causes[0].share_of_downtime.unwrap(), 1.0);
    assert_eq!(causes[1].cause, "failure");
    close("failure outages/y", causes[1].outages_per_year, 1.0 / years);
    close("failure min/y", causes[1].downtime_minutes_per_year, 0.0);
    close("failure share", causes[1].share_of_downtime.unwrap(), 0.0);
}

#[test]
fn importance_of_fixed_lives_in_series() {
    // a as in `series`; b two instances, both needed, each down 300-305, 605-610, 910-915
    // (together: one outage each time). Per trial 105 h down, 90 h a's and 15 h b's. Every
    // trial is the same, so each importance interval is its mean.
    let mut model = common::model(
        r#"
        [simulation]
        horizon = "1000h"
        trials = 4
        seed = 3
        [components.a]
        failure = { dist = "fixed", value = "100h" }
        repair = { dist = "fixed", value = "10h" }
        [components.b]
        count = 2
        need = 2
        failure = { dist = "fixed", value = "300h" }
        repair = { dist = "fixed", value = "5h" }
        [system]
        all = ["a", "b"]
        "#,
    );
    model.settings.confidence = common::TEST_CONFIDENCE;
    let run = nines::engine::simulate(&model, 0, &|_| {}).unwrap();
    let (classes, trials) = nines::engine::importance_plan(&model, &run.tally, 4, true, 4);
    assert_eq!(trials, 4);
    let importance = nines::engine::importance(&model, &classes, trials, 0, &|_| {}).unwrap();
    let s = Summary::new(&model, &run, Some(&importance));
    assert_eq!(s.attribution.importance_trials, 4);
    assert_eq!(s.attribution.importance_components, 2);
    // Hours per trial to minutes per year: × 60 × 8766 / 1000.
    let minutes = |hours: f64| hours * 60.0 * YEAR / HORIZON;
    let exact = |label: &str, e: Option<&nines::stats::Estimate>, hours: f64| {
        let e = e.unwrap_or_else(|| panic!("{label}: no estimate"));
        close(label, e.mean, minutes(hours));
        close(label, e.ci_low.unwrap(), minutes(hours));
        close(label, e.ci_high.unwrap(), minutes(hours));
    };
    let components = &s.attribution.components;
    let (a, b) = (&components[0], &components[1]);
    assert_eq!((a.component.as_str(), b.component.as_str()), ("a", "b"));
    // a never failing leaves b's 15 h; b never failing leaves a's 90 h; either's first
    // instance down for good takes the whole 1000 h.
    exact(
        "a improvement",
        a.improvement_potential_minutes_per_year.as_ref(),
        90.0,
    );
    exact(
        "b improvement",
        b.improvement_potential_minutes_per_year.as_ref(),
        15.0,
    );
    exact(
        "a risk",
        a.risk_achievement_minutes_per_year.as_ref(),
        895.0,
    );
    exact(
        "b risk",
        b.risk_achievement_minutes_per_year.as_ref(),
        895.0,
    );
    // a has one instance: its instance improvement is its improvement. b's second
    // instance still fails with the first never failing: nothing saved.
    exact(
        "a instance improvement",
        a.instance_improvement_potential_minutes_per_year.as_ref(),
        90.0,
    );
    exact(
        "b instance improvement",
        b.instance_improvement_potential_minutes_per_year.as_ref(),
        0.0,
    );
    // Two variant runs for a, three for b, of 4 trials each.
    assert_eq!(a.importance_cost_trials, Some(8));
    assert_eq!(b.importance_cost_trials, Some(12));
}

/// Relative error allowed for figures read from a histogram (three significant digits).
const HISTOGRAM: f64 = 2e-3;

/// Asserts `value` equals `exact` to `rel` relative error, printing both.
fn near(label: &str, value: f64, exact: f64, rel: f64) {
    println!("{label}: {value}, exact {exact}");
    assert!(
        (value - exact).abs() <= rel * exact.abs(),
        "{label}: {value}, expected {exact}"
    );
}

/// A db that never fails holds a data set d with a full backup every 100 h from 50 h (each
/// written in 1 h) and a site loss 480 h after the start and after each recovery: lost at
/// 480 h, restored from the 450 h backup in 1 h; lost again at 961 h, restored from 950 h.
/// Per trial two incidents: RPO 30 h and 11 h (objective 20 h), RTO 1 h each (objective
/// 2 h). Four trials at 95% confidence; `extra`: more data sets.
fn backed_up_store(extra: &str) -> Summary {
    let mut model = common::model(&format!(
        r#"
        [simulation]
        horizon = "1000h"
        trials = 4
        seed = 3
        [components.db]
        failure = {{ dist = "fixed", value = "1000y" }}
        repair = {{ dist = "fixed", value = "1h" }}
        [system]
        all = ["db"]
        [data.d]
        size = "1TB"
        stored_on = "db"
        rpo = "20h"
        rto = "2h"
        [[data.d.backups]]
        kind = "full"
        every = "100h"
        start = "50h"
        throughput = "1TB/h"
        retention = "300h"
        [data.d.restore]
        throughput = "1TB/h"
        [[data.d.disasters]]
        name = "site loss"
        kind = "loss"
        every = {{ dist = "fixed", value = "480h" }}
        {extra}
        "#
    ));
    // At 99.9% the RPO interval would reach below zero and be cut there.
    model.settings.confidence = 0.95;
    let run = nines::engine::simulate(&model, 0, &|_| {}).unwrap();
    Summary::new(&model, &run, None)
}

#[test]
fn recovery_points_and_times_of_fixed_disasters() {
    // d alone: per trial RPO 30 h and 11 h, RTO 1 h each.
    let s = backed_up_store("");
    close("availability", s.availability.mean, 0.998);
    let set = &s.data_sets[0];
    close("incidents/y", set.incidents_per_year, 2.0 * YEAR / HORIZON);
    close("unrecoverable/y", s.unrecoverable_per_year(), 0.0);
    // Eight incidents in four identical trials: the per-trial ratio has no spread, so the
    // interval is the incidents' own, t(0.975, 3) × sd / sqrt(8), with the population sd
    // (9.5 h for RPO, 0 for RTO) read from the histogram.
    let t = nines::stats::t_quantile(0.975, 3.0);
    let half = t * 9.5 / 8f64.sqrt() * 3600.0;
    for (label, rpo, objective) in [("set", &set.rpo, Some(72_000.0)), ("all", &s.rpo, None)] {
        assert_eq!(rpo.incidents, 8, "{label}");
        close(label, rpo.mean_seconds.unwrap(), 20.5 * 3600.0);
        close(label, rpo.max_seconds.unwrap(), 30.0 * 3600.0);
        near(
            label,
            rpo.ci_low_seconds.unwrap(),
            20.5 * 3600.0 - half,
            HISTOGRAM,
        );
        near(
            label,
            rpo.ci_high_seconds.unwrap(),
            20.5 * 3600.0 + half,
            HISTOGRAM,
        );
        near(label, rpo.p99_seconds.unwrap(), 30.0 * 3600.0, HISTOGRAM);
        assert_eq!(rpo.objective_seconds, objective, "{label}");
        // 11 h meets 20 h, 30 h does not.
        close(label, rpo.met_share.unwrap(), 0.5);
        let (low, high) = (
            rpo.met_share_ci_low.unwrap(),
            rpo.met_share_ci_high.unwrap(),
        );
        assert!(
            0.0 < low && low < 0.5 && 0.5 < high && high < 1.0,
            "[{low}, {high}]"
        );
    }
    for (label, rto, objective) in [("set", &set.rto, Some(7200.0)), ("all", &s.rto, None)] {
        assert_eq!(rto.incidents, 8, "{label}");
        close(label, rto.mean_seconds.unwrap(), 3600.0);
        close(label, rto.ci_low_seconds.unwrap(), 3600.0);
        close(label, rto.ci_high_seconds.unwrap(), 3600.0);
        near(label, rto.p50_seconds.unwrap(), 3600.0, HISTOGRAM);
        assert_eq!(rto.objective_seconds, objective, "{label}");
        close(label, rto.met_share.unwrap(), 1.0);
    }
}

#[test]
fn a_window_as_long_as_the_horizon_is_judged() {
    // One window of 1000 h holding a's nine 10 h outages: 91%, below 95%, so it earns 10%:
    // 0.1 fees per 1000 h.
    let s = one_component(
        2,
        r#"window = "1000h"
        credits = [{ below = "95%", credit = "10%" }]"#,
    );
    assert_eq!(s.sla.windows_per_trial, 1);
    close(
        "window mean",
        s.sla.window_availability.as_ref().unwrap().mean,
        0.91,
    );
    close("breach", s.sla.p_window_breach.as_ref().unwrap().mean, 1.0);
    let credit = s.sla.expected_credit_per_year.as_ref().unwrap();
    close("credit", credit.mean, 0.1 * YEAR / HORIZON);

    // The same under an hour (horizon times window below 1 h²): still one window, and a
    // credit (none earned) is counted.
    let short = simulate(
        r#"
        [simulation]
        horizon = "30m"
        trials = 2
        [components.a]
        failure = { dist = "fixed", value = "100h" }
        repair = { dist = "fixed", value = "10h" }
        [system]
        all = ["a"]
        [sla]
        window = "30m"
        credits = [{ below = "95%", credit = "10%" }]
        "#,
    );
    assert_eq!(short.sla.windows_per_trial, 1);
    // No credit earned in two trials: the interval is the assumption-free one, up to the
    // most a trial can earn (10% of every window, per year) times the exact upper bound
    // on the share of trials earning any, 1 - (alpha / 2)^(1/2).
    let alpha = 1.0 - short.availability.confidence;
    let share = 1.0 - (alpha / 2.0).sqrt();
    let credit = short.sla.expected_credit_per_year.as_ref().unwrap();
    close("short credit", credit.mean, 0.0);
    close("short credit low", credit.ci_low.unwrap(), 0.0);
    close(
        "short credit high",
        credit.ci_high.unwrap(),
        0.1 * YEAR / 0.5 * share,
    );
    // Ten 100 h windows, at 90% or 100%, none below 50%: the most is 10 windows' credit.
    let none = one_component(
        2,
        r#"window = "100h"
        credits = [{ below = "50%", credit = "10%" }]"#,
    );
    close(
        "no credit high",
        none.sla
            .expected_credit_per_year
            .as_ref()
            .unwrap()
            .ci_high
            .unwrap(),
        0.1 * 10.0 * YEAR / HORIZON * share,
    );
}

#[test]
fn the_overall_met_shares_count_only_the_data_sets_judged() {
    // d as in `backed_up_store` (two incidents a trial, one
    // meeting its RPO objective, both their RTO one), beside e, with no objective, lost at
    // 700 h and restored from its 650 h backup: one incident a trial, judged by nothing,
    // and f, with an RPO objective and no disaster. Overall, the met shares and their
    // intervals are d's alone.
    let s = backed_up_store(
        r#"
        [data.e]
        size = "1TB"
        stored_on = "db"
        [[data.e.backups]]
        kind = "full"
        every = "100h"
        start = "50h"
        throughput = "1TB/h"
        retention = "300h"
        [data.e.restore]
        throughput = "1TB/h"
        [[data.e.disasters]]
        name = "region loss"
        kind = "loss"
        every = { dist = "fixed", value = "700h" }
        [data.f]
        size = "1TB"
        stored_on = "db"
        rpo = "1h"
        "#,
    );
    let (d, e) = (&s.data_sets[0], &s.data_sets[1]);
    assert_eq!(
        (d.rpo.incidents, e.rpo.incidents, s.rpo.incidents),
        (8, 4, 12)
    );
    close("e rpo", e.rpo.mean_seconds.unwrap(), 50.0 * 3600.0);
    assert_eq!(e.rpo.met_share, None);
    // f sets an objective but has no incident: no share to give.
    let f = &s.data_sets[2];
    assert_eq!(f.rpo.incidents, 0);
    assert_eq!((f.rpo.met_share, f.rpo.met_share_ci_low), (None, None));
    for (label, all, set) in [("rpo", &s.rpo, &d.rpo), ("rto", &s.rto, &d.rto)] {
        assert_eq!(all.met_share, set.met_share, "{label}");
        assert_eq!(all.met_share_ci_low, set.met_share_ci_low, "{label}");
        assert_eq!(all.met_share_ci_high, set.met_share_ci_high, "{label}");
    }
    close("rpo met", s.rpo.met_share.unwrap(), 0.5);
    close("rto met", s.rto.met_share.unwrap(), 1.0);
}
