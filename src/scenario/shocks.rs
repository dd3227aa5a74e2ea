//! `[[components.NAME.shocks]]`: common-cause events such as bad deploys.

use std::path::Path;

use super::dists::compile_delay;
use super::path::{KeyPath, Problem};
use super::raw::RawShock;
use super::values::fraction;
use crate::model::Shock;

/// Compiles a component's shocks; `path` is the component's.
pub fn compile(raw: &[RawShock], path: &KeyPath, base: &Path) -> Result<Vec<Shock>, Problem> {
    let mut shocks: Vec<Shock> = Vec::with_capacity(raw.len());
    for (i, shock) in raw.iter().enumerate() {
        let at = path.key("shocks").index(i);
        if shocks.iter().any(|s| s.name == shock.name) {
            return Err(Problem::at(
                &at.key("name"),
                format!("shock \"{}\" is defined twice", shock.name),
            ));
        }
        let every = compile_delay(&shock.every, &at.key("every"), base)?;
        if every.mean() <= 0.0 {
            return Err(Problem::at(
                &at.key("every"),
                "shocks need time between them: a mean above zero",
            ));
        }
        shocks.push(Shock {
            name: shock.name.clone(),
            every,
            reach: match &shock.reach {
                Some(value) => fraction(&at.key("reach"), value, true)?,
                None => 1.0,
            },
            recovery: compile_delay(&shock.recovery, &at.key("recovery"), base)?,
        });
    }
    Ok(shocks)
}
