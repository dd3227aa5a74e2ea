//! The scenario file format: parsing (stage one, [`raw`]), validation and resolution into a
//! [`Model`] (stage two, [`compile`]), and errors that name the file, line and key.

mod capacity_pool;
mod compile;
mod cost;
pub mod crews;
mod data;
mod dists;
pub mod durability;
mod empirical;
mod failover;
mod health_check;
mod inspection;
mod load;
mod locate;
mod maintenance;
mod path;
mod peak_need;
mod phase_crews;
mod phase_laws;
mod phases;
mod pool_peak;
mod preset;
pub mod rare;
pub mod raw;
mod shocks;
mod values;

use std::path::Path;

pub use path::{KeyPath, Problem};

use crate::error::Error;
use crate::model::Model;
use locate::Locator;

/// The built-in example, run by `nines run` without a scenario.
pub const BUILTIN_EXAMPLE: &str = include_str!("../../scenarios/web-service.toml");

/// The name shown for the built-in example in messages.
pub const BUILTIN_LABEL: &str = "<built-in example: scenarios/web-service.toml>";

/// Reads and compiles the scenario at `file`.
pub fn load(file: &Path) -> Result<Model, Error> {
    let shown = file.display().to_string();
    let source = read(file)?;
    let base = file.parent().unwrap_or_else(|| Path::new("."));
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| shown.clone());
    parse(&source, &shown, base, &stem)
}

/// The text of the scenario at `file`, or a one-line reason it cannot be read.
pub fn read(file: &Path) -> Result<String, Error> {
    let shown = file.display().to_string();
    std::fs::read_to_string(file).map_err(|e| {
        let reason = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file".to_string(),
            std::io::ErrorKind::InvalidData => "not a UTF-8 text file".to_string(),
            std::io::ErrorKind::IsADirectory => {
                "is a folder; give a scenario file (.toml) in it".to_string()
            }
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => e.to_string(),
        };
        Error::Input(format!("{shown}: cannot read scenario: {reason}"))
    })
}

/// Compiles the built-in example.
pub fn builtin() -> Result<Model, Error> {
    parse(
        BUILTIN_EXAMPLE,
        BUILTIN_LABEL,
        Path::new("scenarios"),
        "web-service",
    )
}

/// Compiles scenario text. `shown` names it in messages, `base` resolves relative paths, and
/// `default_name` is the scenario's name when the file gives none.
pub fn parse(source: &str, shown: &str, base: &Path, default_name: &str) -> Result<Model, Error> {
    let locator = Locator::new(source);
    let raw: raw::RawScenario = toml::from_str(source).map_err(|e| {
        let span = e.span();
        let line = span.as_ref().map(|s| locator.line_of_offset(s.start));
        let path = span.and_then(|s| locator.path_at(s.start));
        Error::Input(format_problem(
            shown,
            line,
            path.as_ref(),
            &plain_words(e.message()),
        ))
    })?;
    compile::compile(&raw, base, default_name).map_err(|problems| {
        // One line per problem, in the order of the file.
        let mut located: Vec<(Option<usize>, String)> = problems
            .iter()
            .map(|problem| {
                let line = locator.line_of(&problem.path);
                let text = format_problem(shown, line, Some(&problem.path), &problem.message);
                (line, text)
            })
            .collect();
        located.sort_by_key(|(line, _)| line.unwrap_or(usize::MAX));
        located.dedup_by(|a, b| a.1 == b.1);
        let lines: Vec<String> = located.into_iter().map(|(_, text)| text).collect();
        Error::Input(lines.join("\n"))
    })
}

/// serde's messages in the words of the file: "expected i64" becomes "expected a whole
/// number", "expected struct RawDist" a distribution table, and "invalid type: integer `5`"
/// just the value found. Users never see a Rust type name.
fn plain_words(message: &str) -> String {
    const EXPECTED: [(&str, &str); 10] = [
        ("i64", "a whole number"),
        ("u64", "a whole number"),
        ("f64", "a number"),
        ("a sequence", "a list such as [\"a\", \"b\"]"),
        ("a boolean", "true or false"),
        (
            "struct RawDist",
            "a distribution table such as { dist = \"exponential\", mean = \"2y\" }",
        ),
        ("struct RawMode", "a table with name, failure and repair"),
        ("struct RawComponent", "a table such as [components.NAME]"),
        ("struct RawBlock", "a table with all, any, or k and of"),
        ("a map", "a table"),
    ];
    if message.contains("untagged enum Scalar") {
        return "expected a number or a string with units, such as 1.3, \"4h\" or \"99.9%\""
            .to_string();
    }
    if message.contains("too large to fit") {
        return "the number is too large; whole numbers go up to 9223372036854775807".to_string();
    }
    let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
    else {
        return EXPECTED
            .iter()
            .fold(message.to_string(), |text, (rust, words)| {
                text.replace(
                    &format!("struct {}", rust.trim_start_matches("struct ")),
                    words,
                )
            });
    };
    let expected = EXPECTED
        .iter()
        .find(|(rust, _)| expected.trim() == *rust)
        .map_or_else(
            || {
                expected
                    .trim()
                    .strip_prefix("struct Raw")
                    .map_or_else(|| expected.trim().to_string(), |_| "a table".to_string())
            },
            |(_, words)| words.to_string(),
        );
    // "integer `5`", "floating point `1.5`", "string \"x\"": the value as written.
    let found = found
        .split_once('`')
        .map_or(found, |(_, value)| value.trim_end_matches('`'));
    let found = found.strip_prefix("string ").unwrap_or(found);
    format!("expected {expected}, found {found}")
}

/// One line: `file:line: key.path: message`.
fn format_problem(
    shown: &str,
    line: Option<usize>,
    path: Option<&KeyPath>,
    message: &str,
) -> String {
    let message = message.trim().replace('\n', "; ");
    let location = match line {
        Some(line) => format!("{shown}:{line}"),
        None => shown.to_string(),
    };
    match path {
        Some(path) if !path.segments().is_empty() => format!("{location}: {path}: {message}"),
        _ => format!("{location}: {message}"),
    }
}

/// Compiles a distribution table on its own (for the preset catalog).
pub fn compile_distribution(raw: &raw::RawDist) -> Result<crate::dist::Dist, String> {
    dists::compile(raw, &KeyPath::default(), Path::new(".")).map_err(|p| p.message)
}
