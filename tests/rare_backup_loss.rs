//! The rare method's probability of a loss with no usable backup (`--method rare` on a data
//! set with redundancy and full backups), against a closed form derived here.
//!
//! The model: one stripe of two replicas on two disks failing exponentially (MTTF 50,000 h,
//! replaced within a second), each destroyed replica rebuilt in an exponential time of mean
//! 24 h, in parallel; a full backup every day, written in D = size / throughput hours,
//! succeeding with probability s = 90%, kept R = 3 days from its start. A stripe loss is
//! covered when some backup is restorable then (written, unexpired, successful).
//!
//! Exact value. The destroyed-replica count is a Markov chain 0 → 1 at 2λ, 1 → 0 at μ,
//! 1 → 2 at λ (a loss event), 2 → 1 at 2μ. The expected loss events within the year from
//! all intact are N = λ ∫₀ᵀ P₁(t) dt (forward equations integrated below by RK4). Backups
//! do not touch the disks, and the schedule's origin is uniform over the day, independent of
//! the loss times: at a loss, with x the time since the last snapshot (uniform on [0, E)),
//! the usable snapshots are those taken between R and D before, x + jE ∈ [D, R), j ≥ 0:
//! two (j = 1, 2) when x < D, three when x ≥ D. Outcomes are independent, so a loss is
//! uncovered with probability q̄ = (D/E)(1 − s)² + (1 − D/E)(1 − s)³, and the expected
//! uncovered loss events a year are N·q̄. The probability of at least one differs from that
//! by the chance of two loss events in one year (~N², 1e-4 of N), far inside the interval.
//!
//! About 5e-7 a year: a plain run of the same trials sees none (its stripe losses, ~2e-4 a
//! year, are all covered), and drawing backup outcomes in the branches left the estimate at
//! 0 with no interval. Figures: `cargo test --release --test rare_backup_loss -- --nocapture`.

mod common;

use nines::engine::simulate_rare_data;

const STORE: &str = r#"
[simulation]
horizon = "1y"
trials = 20000
seed = 47
importance_trials = 0
[components.disk]
count = 2
need = 1
failure = { dist = "exponential", mean = "50000h" }
repair = { dist = "fixed", value = "1s" }
[system]
all = ["disk"]
[data.objects]
size = "1TB"
stored_on = "disk"
redundancy = { replicas = 2 }
placement = { stripes = 1 }
fragment_rebuild = { time = { dist = "exponential", mean = "24h" } }
[[data.objects.backups]]
kind = "full"
every = "1d"
throughput = "50MB/s"
success = "90%"
retention = "3d"
"#;

/// λ ∫₀ᵀ P₁(t) dt for the chain above, from state 0, by RK4 on the forward equations.
fn expected_losses(lambda: f64, mu: f64, horizon: f64) -> f64 {
    let deriv = |p: [f64; 3]| {
        [
            -2.0 * lambda * p[0] + mu * p[1],
            2.0 * lambda * p[0] - (mu + lambda) * p[1] + 2.0 * mu * p[2],
            lambda * p[1] - 2.0 * mu * p[2],
        ]
    };
    let steps = 200_000;
    let h = horizon / steps as f64;
    let (mut p, mut integral) = ([1.0, 0.0, 0.0], 0.0);
    let add =
        |a: [f64; 3], b: [f64; 3], k: f64| [a[0] + k * b[0], a[1] + k * b[1], a[2] + k * b[2]];
    for _ in 0..steps {
        let k1 = deriv(p);
        let k2 = deriv(add(p, k1, h / 2.0));
        let k3 = deriv(add(p, k2, h / 2.0));
        let k4 = deriv(add(p, k3, h));
        let before = p[1];
        for i in 0..3 {
            p[i] += h / 6.0 * (k1[i] + 2.0 * k2[i] + 2.0 * k3[i] + k4[i]);
        }
        // Trapezoids: h·μ < 1e-3, so the rule's error is below 1e-7 of the integral.
        integral += h / 2.0 * (before + p[1]);
    }
    lambda * integral
}

#[test]
fn losses_with_no_usable_backup_match_the_closed_form() {
    let model = common::rare::rare_model(STORE);
    let set = &model.data[0];
    let backup = &set.backups[0];
    let (every, duration, fail) = (
        backup.every,
        set.size / backup.throughput,
        1.0 - backup.success,
    );
    assert_eq!(backup.retention, 3.0 * every);
    let q = duration / every * fail.powi(2) + (1.0 - duration / every) * fail.powi(3);
    let horizon = model.settings.horizon;
    let n = expected_losses(1.0 / 50_000.0, 1.0 / 24.0, horizon);
    let exact = n * q;
    println!("stripe losses/year {n:.4e}, uncovered share {q:.4e}, uncovered/year {exact:.4e}");
    let stats = simulate_rare_data(&model, 0, 0, &|_| {}).expect("rare data run");
    let entry = stats.entry(&model, "objects").expect("a durable data set");
    let rare = entry.rare.as_ref().expect("rare diagnostics");
    println!(
        "branches {} with loss {}, ESS {:.0}, mean weight {:.4} {:?}, warnings {:?}",
        rare.branches,
        rare.branches_with_loss,
        entry.effective_sample_size.unwrap_or(0.0),
        rare.weight_mean,
        rare.weight_mean_ci,
        rare.warnings
    );
    assert!(rare.weight_mean_ci[0] <= 1.0 && 1.0 <= rare.weight_mean_ci[1]);
    for (label, share) in [
        ("P(uncovered loss)/year", entry.p_loss_per_year),
        ("uncovered losses/year", entry.losses_per_year),
    ] {
        let half = common::rare::half_facing(share.mean, share.ci_low, share.ci_high, exact);
        println!(
            "{label}: {:.4e} [{:.4e}, {:.4e}] ±{:.1}% exact {exact:.4e}",
            share.mean,
            share.ci_low,
            share.ci_high,
            100.0 * half / share.mean
        );
        assert!(
            (share.mean - exact).abs() <= 1.2 * half,
            "{label}: {:.4e} ± {half:.3e} vs {exact:.4e}",
            share.mean
        );
    }
    // What the unbiased main runs saw themselves, as a plain run would: no uncovered loss.
    assert_eq!(rare.plain_trials_with_loss, 0);
}

/// The same on one and two threads, to the last bit.
#[test]
fn the_backup_estimate_does_not_depend_on_threads() {
    let mut model = common::rare::rare_model(STORE);
    model.settings.trials = 3000;
    let run = |threads| {
        let stats = simulate_rare_data(&model, 0, threads, &|_| {}).expect("rare data run");
        stats.entry(&model, "objects").expect("a durable data set")
    };
    assert_eq!(run(1), run(2));
}
