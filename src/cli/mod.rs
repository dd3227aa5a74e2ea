//! The command line: one module per subcommand, parsed with clap.

mod catalog;
mod check;
mod compare;
mod evaluate;
mod parse;
mod precision;
mod progress;
mod run;
mod solve;
mod sweep;

pub use sweep::{Point, Smallest, Sweep, SweepReport};

use clap::{Parser, Subcommand};

use crate::error::Error;

/// nines: how many nines does your design really have?
///
/// A Monte Carlo availability simulator: describe servers, zones, load balancers and their
/// failure and repair behaviour in a TOML scenario, and nines simulates many years of
/// operation to report availability, downtime and outages with confidence intervals.
#[derive(Debug, Parser)]
#[command(name = "nines", version, about, long_about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and report its availability (the built-in example without one).
    Run(run::RunArgs),
    /// Validate scenarios and print each model as it will be simulated, defaults filled in.
    Check(check::CheckArgs),
    /// List the component presets, their parameters and the field studies they come from.
    Catalog(catalog::CatalogArgs),
    /// Simulate several designs with the same seed and trials and compare them side by side.
    Compare(compare::CompareArgs),
    /// Vary one or two scenario keys and find the smallest value that meets the objective.
    Sweep(sweep::SweepArgs),
    /// Exact availability without simulating: the independent formula and, when every time
    /// is exponential, the Markov chain.
    Solve(solve::SolveArgs),
}

/// Runs the command line and returns the process exit code: 0 success, 2 bad input, 1 other
/// failures.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with code 0; a usage error is one line with code 2.
            if error.exit_code() == 0 {
                let _ = error.print();
            } else {
                let text = error.to_string();
                let line = text.lines().next().unwrap_or("error: invalid arguments");
                eprintln!("{} (see --help)", line.trim_end());
            }
            return error.exit_code();
        }
    };
    let result = match cli.command {
        Command::Run(args) => run::execute(args),
        Command::Check(args) => check::execute(args),
        Command::Catalog(args) => catalog::execute(args),
        Command::Compare(args) => compare::execute(args),
        Command::Sweep(args) => sweep::execute(args),
        Command::Solve(args) => solve::execute(args),
    };
    match result {
        Ok(()) => 0,
        Err(error) => report_error(&error),
    }
}

fn report_error(error: &Error) -> i32 {
    eprintln!("error: {error}");
    error.exit_code()
}
