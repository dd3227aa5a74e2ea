//! Where the time of a Markov solution goes: builds the chain of generated k-of-n tiers and
//! times generation, steady state and horizon mean separately.
//!
//! Run: `cargo run --release --example exact_phases -- TIERS [CREWS] [ZONES]`, TIERS as
//! comma-separated counts (each tier needs all but one of its instances), CREWS a number or
//! `unlimited`, ZONES `zones` to put every tier in two zones.

use std::path::Path;
use std::time::Instant;

use nines::exact::{chain, gth, transient};

/// The scenario text of the tiers.
fn scenario(tiers: &[usize], crews: Option<usize>, zones: bool) -> String {
    let mut s = String::new();
    if let Some(c) = crews {
        s += &format!("[repair]\ncrews = {c}\n");
    }
    if zones {
        s += "[components.zone]\ncount = 2\nfailure = { dist = \"exponential\", mean = \"2y\" }\n\
              repair = { dist = \"exponential\", mean = \"2h\" }\n";
    }
    let mut names = Vec::new();
    for (t, &n) in tiers.iter().enumerate() {
        let depends = if zones {
            "depends_on = [\"zone\"]\n"
        } else {
            ""
        };
        s += &format!(
            "[components.tier{t}]\ncount = {n}\nneed = {}\n{depends}\
             failure = {{ dist = \"exponential\", mean = \"{}h\" }}\n\
             repair = {{ dist = \"exponential\", mean = \"{}h\" }}\n",
            n.saturating_sub(1).max(1),
            2000 + 500 * t,
            4 + t
        );
        names.push(format!("\"tier{t}\""));
    }
    s += &format!("[system]\nall = [{}]\n", names.join(", "));
    s
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let tiers: Vec<usize> = args
        .first()
        .map(|a| a.split(',').map(|n| n.parse().expect("a count")).collect())
        .unwrap_or_else(|| vec![50, 50]);
    let crews = args.get(1).and_then(|c| c.parse().ok());
    let zones = args.get(2).is_some_and(|z| z == "zones");
    let text = scenario(&tiers, crews, zones);
    let model = nines::scenario::parse(&text, "phases", Path::new("."), "phases")
        .expect("the generated scenario compiles");
    let start = Instant::now();
    let chain = chain::build(&model, 5_000_000).expect("the chain fits");
    let built = start.elapsed().as_secs_f64();
    let transitions: usize = chain.rates.iter().map(Vec::len).sum();
    let start = Instant::now();
    let (pi, method) = if std::env::var_os("ITERATIVE").is_some() {
        let (pi, sweeps) = nines::exact::iterative::gauss_seidel(&chain).expect("a steady state");
        println!("{sweeps} sweeps");
        (pi, gth::Method::GaussSeidel)
    } else {
        gth::steady_state(&chain).expect("a steady state")
    };
    let solved = start.elapsed().as_secs_f64();
    let down: f64 = (0..chain.len())
        .filter(|&i| !chain.up[i])
        .map(|i| pi[i])
        .sum();
    let start = Instant::now();
    let horizon = transient::horizon_availability(&chain, &pi, model.settings.horizon);
    let transient_s = start.elapsed().as_secs_f64();
    println!(
        "tiers {tiers:?} crews {crews:?} zones {zones}: {} states, {transitions} transitions; \
         build {built:.3} s, steady {solved:.3} s ({method:?}), horizon {transient_s:.3} s; \
         unavailability {down:e}, horizon {horizon:?}",
        chain.len()
    );
}
