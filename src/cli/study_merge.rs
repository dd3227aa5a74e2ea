//! `nines merge` of a sharded study's partials: the study's command line, recorded by its
//! shards, is parsed again and run with its designs' runs folded from the pieces, so the
//! merge writes what the unsharded study writes (docs/partials.md).

use std::path::PathBuf;

use clap::Parser;

use super::merge::MergeArgs;
use super::study_shard::{Mode, Output};
use super::{Cli, Command};
use crate::error::{Error, Result};
use crate::study::shard::{StudyHeader, StudyPieces};
use crate::study::Sources;

/// Merges the study partials in `args.partials`, whose headers are `headers`.
pub fn execute(args: &MergeArgs, headers: Vec<StudyHeader>) -> Result<()> {
    let pieces = StudyPieces::gather(&args.partials, headers)?;
    let header = &pieces.header;
    let words = std::iter::once("nines".to_string()).chain(header.command.iter().cloned());
    let command = Cli::try_parse_from(words)
        .ok()
        .and_then(|cli| cli.command)
        .ok_or_else(|| {
            Error::Input(format!(
                "{}: its recorded command line is not one this nines reads: nines {}",
                args.partials[0].display(),
                header.command.join(" ")
            ))
        })?;
    let mode = Mode {
        sources: Sources::Recorded {
            cwd: header.cwd.clone(),
            scenarios: header.scenarios.clone(),
        },
        pieces: Some(&pieces),
        output: Output {
            format: args.format,
            out: Some(args.out.clone()),
            threads: args.threads,
        },
        paired: args.paired,
    };
    if args.paired.is_some() && !matches!(command, Command::Plan(_)) {
        return Err(Error::Input(
            "--paired: only a plan has a paired stage; merge these partials without it".into(),
        ));
    }
    match command {
        Command::Sweep(study) => super::sweep::run(&study, &mode),
        Command::Compare(study) => super::compare::run(&study, &mode),
        Command::Plan(study) => super::plan::run(&study, &mode),
        _ => Err(Error::Input(format!(
            "{}: its recorded command is not a study (sweep, compare, plan)",
            args.partials[0].display()
        ))),
    }
}

/// The study headers of the partials in `dirs`: all of them, or none (runs' partials);
/// a mix is an input error naming the odd one out.
pub fn headers(dirs: &[PathBuf]) -> Result<Option<Vec<StudyHeader>>> {
    let mut headers = Vec::new();
    for dir in dirs {
        headers.push(StudyHeader::read(dir)?);
    }
    let studies = headers.iter().filter(|h| h.is_some()).count();
    if studies == 0 {
        return Ok(None);
    }
    if studies < headers.len() {
        let (odd, what) = match headers.iter().position(Option::is_none) {
            Some(i) if headers[0].is_some() => {
                (i, "a run's partial (or no partial), not a study's")
            }
            _ => (
                headers.iter().position(Option::is_some).unwrap_or(0),
                "a study's partial, not a run's",
            ),
        };
        return Err(Error::Input(format!(
            "{}: {what}; merge the partials of one run or one study",
            dirs[odd].display()
        )));
    }
    Ok(Some(headers.into_iter().flatten().collect()))
}
