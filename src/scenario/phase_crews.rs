//! `crews` in a `[[phases]]` table: the crews of each pool while the phase holds (a holiday's
//! skeleton staff, a peak season's extra on-call), checked against `[repair]`.

use super::crews::{RawCrews, MAX_CREWS};
use super::path::{KeyPath, Problem};
use super::values::whole;
use crate::model::RepairRules;

/// Crews per pool in a phase (as [`RepairRules::pools`] orders them), from the phase's
/// `crews`: a number for the shared pool, a table by kind when `[repair.crews]` has kinds.
/// Pools the phase does not name keep `normal`, their crews outside every phase. A phase
/// may have no crews at all (0): nothing is repaired until it ends.
pub fn compile(
    raw: Option<&RawCrews>,
    path: &KeyPath,
    rules: &RepairRules,
    normal: &[usize],
) -> Result<Vec<usize>, Problem> {
    let mut out = normal.to_vec();
    let kinds = || {
        rules
            .kinds
            .iter()
            .map(|k| format!("\"{}\"", k.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match raw {
        None => {}
        Some(RawCrews::Count(n)) => {
            if let Some(first) = rules.kinds.first() {
                return Err(Problem::at(
                    path,
                    format!(
                        "[repair.crews] has kinds ({}): give the phase's crews by kind, such as crews = {{ {} = 1 }}",
                        kinds(),
                        first.name
                    ),
                ));
            }
            out[0] = whole(path, *n, 0, MAX_CREWS)?;
        }
        Some(RawCrews::Kinds(by_kind)) => {
            if rules.kinds.is_empty() {
                return Err(Problem::at(
                    path,
                    "[repair] gives no crew kinds: give the phase's number of shared crews, such as crews = 1",
                ));
            }
            for (name, &n) in by_kind {
                let at = path.key(name);
                let Some(pool) = rules.kinds.iter().position(|k| &k.name == name) else {
                    return Err(Problem::at(
                        &at,
                        format!(
                            "unknown crew kind \"{name}\"{}; [repair.crews] has {}",
                            super::compile::suggestion(
                                name,
                                rules.kinds.iter().map(|k| k.name.as_str())
                            ),
                            kinds()
                        ),
                    ));
                };
                out[pool] = whole(&at, n, 0, MAX_CREWS)?;
            }
        }
    }
    Ok(out)
}
