//! The command line: one module per subcommand, parsed with clap.

mod catalog;
mod check;
mod compare;
mod compare_rare;
mod evaluate;
mod merge;
mod parse;
mod plan;
mod plan_stage;
mod precision;
mod progress;
mod progress_lines;
mod rare;
mod rare_blocks;
mod rare_choice;
mod rare_durability;
mod run;
mod shard_run;
mod solve;
mod study_args;
mod study_merge;
mod study_shard;
mod sweep;

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
    /// What to do; without a subcommand, nines runs the built-in example (as `nines run`
    /// does), so that `cargo run --release` shows a result at once.
    #[command(subcommand)]
    pub command: Option<Command>,
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
    /// Vary scenario keys over a grid and find the smallest value that meets the objective.
    Sweep(sweep::SweepArgs),
    /// Exact availability without simulating: the independent formula and, when every time
    /// is exponential, the Markov chain.
    Solve(solve::SolveArgs),
    /// Combine the partial results of `nines run --shard I/N` into the report one unsharded
    /// run would have written (docs/partials.md).
    Merge(merge::MergeArgs),
    /// Find the cheapest design meeting the objectives over a grid of varied keys, racing
    /// designs on common random numbers.
    Plan(plan::PlanArgs),
}

/// Runs the command line and returns the process exit code: 0 success, 2 bad input, 1 other
/// failures.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout with code 0; a usage error is one line with code 2.
            if error.exit_code() == 0 {
                // A closed stdout (`nines --help | head -1`) is no error.
                let _ = error.print();
            } else {
                say(&format!("{} (see --help)", one_line(&error.to_string())));
            }
            return error.exit_code();
        }
    };
    let command = cli
        .command
        .unwrap_or_else(|| Command::Run(run::RunArgs::default()));
    let result = match command {
        Command::Run(args) => run::execute(args),
        Command::Check(args) => check::execute(args),
        Command::Catalog(args) => catalog::execute(args),
        Command::Compare(args) => compare::execute(args),
        Command::Sweep(args) => sweep::execute(args),
        Command::Solve(args) => solve::execute(args),
        Command::Merge(args) => merge::execute(args),
        Command::Plan(args) => plan::execute(args),
    };
    match result {
        Ok(()) => 0,
        Err(error) => report_error(&error),
    }
}

/// Folds clap's several-line message into one line: the message, the values it lists on the
/// next lines (the missing arguments, the possible values), its tip and the usage, but not
/// the pointer to --help that the caller adds.
fn one_line(text: &str) -> String {
    let mut parts: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line.starts_with("For more information") {
            break;
        }
        let line = line
            .strip_prefix("Usage: ")
            .map_or_else(|| line.to_string(), |usage| format!("usage: {usage}"));
        match parts.last_mut() {
            // A list after "...not provided:" continues the sentence.
            Some(last) if last.ends_with(':') => {
                last.push(' ');
                last.push_str(&line);
            }
            Some(last) if line.starts_with('[') => {
                last.push(' ');
                last.push_str(&line);
            }
            _ => parts.push(line),
        }
    }
    if parts.is_empty() {
        "error: invalid arguments".to_string()
    } else {
        parts.join("; ")
    }
}

/// Prints one line to stderr; a closed stderr is ignored rather than a panic.
pub(super) fn say(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn report_error(error: &Error) -> i32 {
    // Several problems (nines check of several files) come one per line, each marked.
    for line in error.to_string().lines() {
        say(&format!("error: {line}"));
    }
    error.exit_code()
}
