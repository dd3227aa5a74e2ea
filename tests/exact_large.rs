//! The Markov solution on large chains: products of independent k-of-n tiers (every instance
//! repaired at once, so the tiers are independent and the answer is a product of binomial
//! sums) of more than 100,000 states, to 1e-9 relative, down to an unavailability of about
//! 1e-15; and Gauss–Seidel against GTH on mid-size chains with shared crews and failover.

mod common;

use common::closed_forms::{close, ln_choose};
use common::model;
use nines::exact::{self, chain, gth, iterative};

const YEAR: f64 = 8766.0;

/// One tier: `n` instances, `need` of them up, failure and repair rates per hour.
struct Tier {
    n: usize,
    need: usize,
    fail: f64,
    repair: f64,
}

/// A tier of `n` instances needing `need`, with failure and repair rates per hour.
fn tier(n: usize, need: usize, fail: f64, repair: f64) -> Tier {
    Tier {
        n,
        need,
        fail,
        repair,
    }
}

impl Tier {
    /// P(exactly j up).
    fn up_exactly(&self, j: usize) -> f64 {
        let (l, m) = (self.fail, self.repair);
        let (a, q) = (m / (l + m), l / (l + m));
        (ln_choose(self.n, j) + j as f64 * a.ln() + (self.n - j) as f64 * q.ln()).exp()
    }

    /// P(fewer than `need` up), summed from the smallest term up.
    fn unavailability(&self) -> f64 {
        (0..self.need).map(|j| self.up_exactly(j)).sum()
    }

    /// Outages per hour: exactly `need` up and one of them fails.
    fn frequency(&self) -> f64 {
        self.up_exactly(self.need) * self.need as f64 * self.fail
    }

    fn toml(&self, name: &str) -> String {
        format!(
            "[components.{name}]\ncount = {}\nneed = {}\n\
             failure = {{ dist = \"exponential\", mean = \"{}h\" }}\n\
             repair = {{ dist = \"exponential\", mean = \"{}h\" }}\n",
            self.n,
            self.need,
            1.0 / self.fail,
            1.0 / self.repair
        )
    }
}

/// The scenario of tiers in series, with unlimited crews.
fn series(tiers: &[Tier]) -> String {
    let mut text = String::new();
    let mut names = Vec::new();
    for (t, tier) in tiers.iter().enumerate() {
        text += &tier.toml(&format!("tier{t}"));
        names.push(format!("\"tier{t}\""));
    }
    text + &format!("[system]\nall = [{}]\n", names.join(", "))
}

/// Unavailability and outages per hour of independent tiers in series, without subtraction:
/// U = U₁ + A₁U₂ + A₁A₂U₃ + …, f = Σᵢ fᵢ Πⱼ≠ᵢ Aⱼ.
fn series_exact(tiers: &[Tier]) -> (f64, f64) {
    let mut u = 0.0;
    let mut up_before = 1.0;
    for tier in tiers {
        u += up_before * tier.unavailability();
        up_before *= 1.0 - tier.unavailability();
    }
    let f = (0..tiers.len())
        .map(|i| {
            tiers[i].frequency()
                * (0..tiers.len())
                    .filter(|&j| j != i)
                    .map(|j| 1.0 - tiers[j].unavailability())
                    .product::<f64>()
        })
        .sum();
    (u, f)
}

#[test]
fn three_tiers_of_150k_states_match_the_binomial_product() {
    let tiers = [
        tier(60, 55, 1.0 / 2000.0, 1.0 / 8.0),
        tier(60, 56, 1.0 / 3000.0, 1.0 / 12.0),
        tier(40, 38, 1.0 / 5000.0, 1.0 / 24.0),
    ];
    let answer = exact::markov(&model(&series(&tiers)), exact::SOLVE_MAX_STATES);
    let f = answer.figures.expect("the chain is solved");
    println!("{} states in {:.2} s", f.states, answer.seconds);
    assert_eq!(f.states, 61 * 61 * 41);
    let (u, freq) = series_exact(&tiers);
    close("150k-state product unavailability", f.unavailability, u);
    close("150k-state product availability", f.availability, 1.0 - u);
    close(
        "150k-state product outages per year",
        f.outages_per_year,
        freq * YEAR,
    );
    // The horizon mean is either computed or refused with its reason, never guessed.
    assert!(f.horizon_availability.is_some() != f.horizon_reason.is_some());
}

#[test]
fn unavailability_of_1e_15_on_a_132k_state_chain() {
    let tiers = [
        tier(50, 38, 1.0 / 1000.0, 1.0 / 10.0),
        tier(50, 37, 1.0 / 1000.0, 1.0 / 10.0),
        tier(50, 39, 1.0 / 1500.0, 1.0 / 8.0),
    ];
    let (u, _) = series_exact(&tiers);
    assert!(
        (1e-16..1e-14).contains(&u),
        "the case is about 1e-15: {u:e}"
    );
    let chain = chain::build(&model(&series(&tiers)), exact::SOLVE_MAX_STATES).unwrap();
    assert_eq!(chain.len(), 51 * 51 * 51);
    let (pi, method) = gth::steady_state(&chain).unwrap();
    assert_eq!(
        method,
        gth::Method::GaussSeidel,
        "the large chain goes to the iterative solver"
    );
    let down: f64 = (0..chain.len())
        .filter(|&s| !chain.up[s])
        .map(|s| pi[s])
        .sum();
    close("132k-state unavailability near 1e-15", down, u);
}

/// Mid-size chains that GTH solves exactly: shared crews (queue orders in the state), a
/// cold failover pair with failed switchovers, tiers in zones.
fn mid_size() -> Vec<(&'static str, String)> {
    let pair = r#"
        [components.db]
        count = 2
        failure = { dist = "exponential", mean = "300h" }
        repair = { dist = "exponential", mean = "6h" }
        [components.db.failover]
        standby = "cold"
        detection = { dist = "exponential", mean = "1m" }
        switchover = { dist = "exponential", mean = "5m" }
        startup = { dist = "exponential", mean = "2m" }
        success = "95%"
        manual = { dist = "exponential", mean = "1h" }
    "#;
    let web = tier(3, 2, 1.0 / 900.0, 1.0 / 5.0).toml("web");
    let web6 = tier(6, 5, 1.0 / 900.0, 1.0 / 5.0).toml("web");
    let app5 = tier(5, 3, 1.0 / 700.0, 1.0 / 3.0).toml("app");
    let app = tier(3, 2, 1.0 / 700.0, 1.0 / 3.0).toml("app");
    let zones = r#"
        [components.zone]
        count = 2
        failure = { dist = "exponential", mean = "1y" }
        repair = { dist = "exponential", mean = "3h" }
        [components.node]
        count = 6
        need = 4
        depends_on = ["zone"]
        failure = { dist = "exponential", mean = "1000h" }
        repair = { dist = "exponential", mean = "4h" }
        [system]
        all = ["node"]
    "#;
    vec![
        (
            "one crew, web and app tiers, failover pair",
            format!(
                "[repair]\ncrews = 1\n{web}{app}{pair}[system]\nall = [\"web\", \"app\", \"db\"]\n"
            ),
        ),
        (
            "one crew, web and app tiers",
            format!("[repair]\ncrews = 1\n{web6}{app5}[system]\nall = [\"web\", \"app\"]\n"),
        ),
        (
            "two crews, a tier in two zones",
            format!("[repair]\ncrews = 2\n{zones}"),
        ),
    ]
}

#[test]
fn gauss_seidel_agrees_with_gth_on_mid_size_chains() {
    for (label, source) in mid_size() {
        let chain = chain::build(&model(&source), exact::SOLVE_MAX_STATES).unwrap();
        println!("{label}: {} states", chain.len());
        let exact = gth::gth(&chain, usize::MAX).expect("GTH with no work limit");
        let (pi, sweeps) = iterative::gauss_seidel(&chain).expect("Gauss-Seidel converges");
        println!("{label}: {} states, {sweeps} sweeps", chain.len());
        assert!(
            chain.len() > 1000,
            "{label}: a mid-size chain ({} states)",
            chain.len()
        );
        let down = |p: &[f64]| -> f64 {
            (0..chain.len())
                .filter(|&s| !chain.up[s])
                .map(|s| p[s])
                .sum()
        };
        close(&format!("{label}: unavailability"), down(&pi), down(&exact));
        // Every state of some weight, not only their sum.
        let worst = (0..chain.len())
            .filter(|&s| exact[s] > 1e-100)
            .map(|s| ((pi[s] - exact[s]) / exact[s]).abs())
            .fold(0.0, f64::max);
        println!("{label}: worst relative difference of a state {worst:.1e}");
        assert!(
            worst < 1e-9,
            "{label}: a state differs by {worst:e} relative"
        );
    }
}

#[test]
fn the_state_limit_names_what_makes_the_chain_large() {
    let source = format!(
        "[repair]\ncrews = 1\n{}{}[system]\nall = [\"a\", \"b\"]\n",
        Tier {
            n: 6,
            need: 5,
            fail: 1e-3,
            repair: 0.1
        }
        .toml("a"),
        Tier {
            n: 6,
            need: 5,
            fail: 2e-3,
            repair: 0.2
        }
        .toml("b"),
    );
    let why = exact::markov(&model(&source), 500).figures.unwrap_err();
    println!("{why}");
    assert!(why.contains("more than 500 states"), "{why}");
    assert!(why.contains("12 instances"), "{why}");
    assert!(
        why.contains("1 crew whose first-come-first-served queue order"),
        "{why}"
    );
}
