//! `[data.NAME]`: data sets, replication, backups, restores and disasters.

use std::collections::BTreeMap;
use std::path::Path;

use super::dists::compile_delay;
use super::path::{KeyPath, Problem};
use super::raw::{RawBackup, RawDataSet, RawDelay, RawDisaster, RawRestore};
use super::values::{duration, fraction, positive_duration};
use crate::dist::Dist;
use crate::model::{
    BackupKind, BackupSchedule, ComponentId, DataSet, Disaster, DisasterKind, Rebuild, Replication,
    Restore,
};
use crate::units;

/// Compiles every data set.
pub fn compile(
    raw: &BTreeMap<String, RawDataSet>,
    components: &BTreeMap<&str, ComponentId>,
    compiled: &[crate::model::Component],
    base: &Path,
) -> Result<Vec<DataSet>, Problem> {
    raw.iter()
        .map(|(name, data)| {
            compile_one(
                name,
                data,
                &KeyPath::root("data").key(name),
                components,
                compiled,
                base,
            )
        })
        .collect()
}

fn zero() -> Dist {
    Dist::fixed(0.0).expect("zero is a valid fixed delay")
}

fn compile_one(
    name: &str,
    raw: &RawDataSet,
    path: &KeyPath,
    components: &BTreeMap<&str, ComponentId>,
    compiled: &[crate::model::Component],
    base: &Path,
) -> Result<DataSet, Problem> {
    let size = units::parse_size(&raw.size).map_err(|e| Problem::at(&path.key("size"), e))?;
    if size <= 0.0 {
        return Err(Problem::at(
            &path.key("size"),
            "the size must be above zero",
        ));
    }
    let change_rate = match raw.change_rate.as_deref() {
        None => 0.0,
        Some(text) => {
            change_rate(text, size).map_err(|e| Problem::at(&path.key("change_rate"), e))?
        }
    };
    let stored_on = *components.get(raw.stored_on.as_str()).ok_or_else(|| {
        Problem::at(
            &path.key("stored_on"),
            format!(
                "unknown component \"{}\": name the component whose instances hold the replicas",
                raw.stored_on
            ),
        )
    })?;
    let replication = match (raw.replication.as_deref().unwrap_or("sync"), &raw.lag) {
        ("sync", None) => Replication::Sync,
        ("sync", Some(_)) => {
            return Err(Problem::at(
                &path.key("lag"),
                "lag applies to replication = \"async\" only",
            ))
        }
        ("async", Some(lag)) => Replication::Async(compile_delay(lag, &path.key("lag"), base)?),
        ("async", None) => return Err(Problem::at(
            path,
            "asynchronous replication needs lag: how far the replicas trail, such as lag = \"5s\"",
        )),
        (other, _) => {
            return Err(Problem::at(
                &path.key("replication"),
                format!("unknown replication \"{other}\"; expected sync or async"),
            ))
        }
    };
    let backups = raw
        .backups
        .iter()
        .enumerate()
        .map(|(i, b)| backup(b, &path.key("backups").index(i)))
        .collect::<Result<Vec<_>, _>>()?;
    check_chains(&backups, size, path)?;
    let disasters = raw
        .disasters
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let modes: Vec<String> = compiled[stored_on]
                .modes
                .iter()
                .map(|m| m.name.clone())
                .collect();
            disaster(d, &path.key("disasters").index(i), base, &modes)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let restore = match &raw.restore {
        Some(r) => restore(r, &path.key("restore"), base)?,
        None if !backups.is_empty() && !disasters.is_empty() => {
            return Err(Problem::at(
                path,
                "restoring from backups needs [data.NAME.restore] with a throughput, such as throughput = \"200MB/s\"",
            ))
        }
        None => Restore {
            throughput: f64::INFINITY,
            per_piece: 0.0,
            provisioning: zero(),
        },
    };
    let objective = |key: &str, value: &Option<super::raw::Scalar>| {
        value
            .as_ref()
            .map(|v| duration(&path.key(key), v))
            .transpose()
    };
    Ok(DataSet {
        name: name.to_string(),
        size,
        change_rate,
        stored_on,
        replication,
        backups,
        restore,
        disasters,
        rebuild: rebuild(raw.rebuild.as_ref(), &path.key("rebuild"), base)?,
        rpo: objective("rpo", &raw.rpo)?,
        rto: objective("rto", &raw.rto)?,
        durability: super::durability::compile(
            raw, path, stored_on, size, components, compiled, base,
        )?,
    })
}

/// A change rate as a share per hour: "5%/d", or bytes per time ("20GB/d") over the size.
fn change_rate(text: &str, size: f64) -> Result<f64, String> {
    if text.contains("B/") {
        units::parse_throughput(text).map(|bytes_per_hour| bytes_per_hour / size)
    } else {
        units::parse_rate(text)
    }
    .map_err(|_| format!("\"{text}\" is not a change rate such as \"5%/d\" or \"20GB/d\""))
}

fn throughput(text: &str, path: &KeyPath) -> Result<f64, Problem> {
    let value = units::parse_throughput(text).map_err(|e| Problem::at(path, e))?;
    if value > 0.0 && value.is_finite() {
        Ok(value)
    } else {
        Err(Problem::at(path, "the throughput must be above zero"))
    }
}

fn backup(raw: &RawBackup, path: &KeyPath) -> Result<BackupSchedule, Problem> {
    let kind = match raw.kind.as_str() {
        "full" => BackupKind::Full,
        "incremental" => BackupKind::Incremental,
        "differential" => BackupKind::Differential,
        other => {
            return Err(Problem::at(
                &path.key("kind"),
                format!(
                    "unknown backup kind \"{other}\"; expected full, incremental or differential"
                ),
            ))
        }
    };
    Ok(BackupSchedule {
        kind,
        every: positive_duration(&path.key("every"), &raw.every)?,
        start: raw
            .start
            .as_ref()
            .map(|s| duration(&path.key("start"), s))
            .transpose()?,
        throughput: throughput(&raw.throughput, &path.key("throughput"))?,
        success: match &raw.success {
            Some(value) => fraction(&path.key("success"), value, true)?,
            None => 1.0,
        },
        retention: positive_duration(&path.key("retention"), &raw.retention)?,
    })
}

/// What an unrecoverable disaster costs: `"never"` (the default: down for the rest of the
/// trial) or a delay to rebuild the data from elsewhere.
fn rebuild(raw: Option<&RawDelay>, path: &KeyPath, base: &Path) -> Result<Rebuild, Problem> {
    match raw {
        None => Ok(Rebuild::Never),
        Some(RawDelay::Fixed(text)) if text.trim() == "never" => Ok(Rebuild::Never),
        Some(RawDelay::Fixed(text)) if units::parse_duration(text).is_err() => Err(Problem::at(
            path,
            format!(
                "\"{text}\" is not a rebuild time: give a duration such as \"72h\", a distribution, or \"never\" (down for the rest of the trial)"
            ),
        )),
        Some(delay) => compile_delay(delay, path, base).map(Rebuild::After),
    }
}

/// A restore needs a full backup to start from; incremental and differential chains do not
/// mix; a full must be kept until the next one is restorable (`size` bytes written at its
/// throughput), else a loss while it is written finds nothing to restore.
fn check_chains(backups: &[BackupSchedule], size: f64, path: &KeyPath) -> Result<(), Problem> {
    let has = |kind| backups.iter().any(|b| b.kind == kind);
    let at = |kind| {
        let i = backups.iter().position(|b| b.kind == kind).unwrap_or(0);
        path.key("backups").index(i)
    };
    if !backups.is_empty() && !has(BackupKind::Full) {
        return Err(Problem::at(
            &at(BackupKind::Incremental).key("kind"),
            "a chain with no full backup cannot be restored: add a full backup schedule",
        ));
    }
    if has(BackupKind::Incremental) && has(BackupKind::Differential) {
        return Err(Problem::at(
            &at(BackupKind::Differential).key("kind"),
            "use incremental or differential backups with the full ones, not both",
        ));
    }
    for (i, b) in backups.iter().enumerate() {
        // Each simulated trial starts with the backups still kept from before it, so their
        // number must stay bounded (a retention of "1e308h" would never finish).
        let kept = b.retention / b.every;
        if kept > MAX_KEPT_BACKUPS {
            return Err(Problem::at(
                &path.key("backups").index(i).key("retention"),
                format!(
                    "retention ({}) keeps {kept:.3e} backups taken every {}; at most {MAX_KEPT_BACKUPS:.0} per schedule: shorten the retention",
                    if b.retention < 1e9 {
                        units::format_duration(b.retention)
                    } else {
                        format!("{:.3e}h", b.retention)
                    },
                    units::format_duration(b.every)
                ),
            ));
        }
        if b.kind == BackupKind::Full && b.retention < b.every {
            return Err(Problem::at(
                &path.key("backups").index(i).key("retention"),
                format!(
                    "retention ({}) is shorter than the full-backup period ({}): there would be times with no full backup to restore",
                    units::format_duration(b.retention),
                    units::format_duration(b.every)
                ),
            ));
        }
        let write = size / b.throughput;
        if b.kind == BackupKind::Full && b.retention < b.every + write {
            return Err(Problem::at(
                &path.key("backups").index(i).key("retention"),
                format!(
                    "retention ({}) must cover the full-backup period ({}) plus the time to write the next full ({}): each full would expire before the next is restorable; keep it at least {}",
                    units::format_duration(b.retention),
                    units::format_duration(b.every),
                    units::format_duration(write),
                    units::format_duration(b.every + write)
                ),
            ));
        }
    }
    Ok(())
}

/// Most backups one schedule may keep at once (retention ÷ period): ten years of hourly
/// backups fit.
const MAX_KEPT_BACKUPS: f64 = 100_000.0;

fn disaster(
    raw: &RawDisaster,
    path: &KeyPath,
    base: &Path,
    modes: &[String],
) -> Result<Disaster, Problem> {
    let kind = match raw.kind.as_str() {
        "loss" => DisasterKind::Loss,
        "corruption" => DisasterKind::Corruption,
        "replicas" => {
            let indices = match &raw.modes {
                None => (0..modes.len()).collect(),
                Some(names) => names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| {
                        modes.iter().position(|m| m == name).ok_or_else(|| {
                            Problem::at(
                                &path.key("modes").index(i),
                                format!(
                                    "the storing component has no failure mode \"{name}\"; its modes: {}",
                                    modes.join(", ")
                                ),
                            )
                        })
                    })
                    .collect::<Result<Vec<_>, _>>()?,
            };
            DisasterKind::Replicas(indices)
        }
        other => {
            return Err(Problem::at(
                &path.key("kind"),
                format!("unknown disaster kind \"{other}\"; expected loss, corruption or replicas"),
            ))
        }
    };
    let replicas = matches!(kind, DisasterKind::Replicas(_));
    if raw.modes.is_some() && !replicas {
        return Err(Problem::at(
            &path.key("modes"),
            "modes applies to kind = \"replicas\" only",
        ));
    }
    let every = match (&raw.every, replicas) {
        (Some(_), true) => {
            return Err(Problem::at(
                &path.key("every"),
                "a replicas disaster happens when the replicas' own failures leave no copy: it takes no every",
            ))
        }
        (Some(every), false) => {
            let every = compile_delay(every, &path.key("every"), base)?;
            // Disasters restart their clock at each recovery: with no time between them a
            // quick restore would meet the next one at the same instant, forever.
            if every.mean() <= 0.0 {
                return Err(Problem::at(
                    &path.key("every"),
                    "disasters need time between them: a mean above zero",
                ));
            }
            Some(every)
        }
        (None, true) => None,
        (None, false) => {
            return Err(Problem::at(
                path,
                "needs every: the time between disasters, such as every = { dist = \"exponential\", mean = \"5y\" }",
            ))
        }
    };
    Ok(Disaster {
        name: raw.name.clone(),
        kind,
        every,
        detection: match &raw.detection {
            Some(d) => compile_delay(d, &path.key("detection"), base)?,
            None => zero(),
        },
    })
}

fn restore(raw: &RawRestore, path: &KeyPath, base: &Path) -> Result<Restore, Problem> {
    Ok(Restore {
        throughput: throughput(&raw.throughput, &path.key("throughput"))?,
        per_piece: raw
            .per_piece
            .as_ref()
            .map(|p| duration(&path.key("per_piece"), p))
            .transpose()?
            .unwrap_or(0.0),
        provisioning: match &raw.provisioning {
            Some(p) => compile_delay(p, &path.key("provisioning"), base)?,
            None => zero(),
        },
    })
}
