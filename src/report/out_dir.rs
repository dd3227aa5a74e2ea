//! The `--out DIR` folder as a whole. It is checked before anything is simulated (so a bad
//! `--out` fails in a second, not after an hour), built in a staging folder beside it, and
//! swapped in when complete: a reader never sees one run's summary beside another's charts,
//! charts of sections the new run lacks do not linger, and an interrupted run (an error,
//! Ctrl-C, SIGTERM) leaves the old report as it was and no temporary files behind (except
//! the staging folder of `nines run`, [`Staging::resumable`], kept for `--resume`).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, Once};

use crate::error::{Error, Result};

/// Extensions of the files nines writes into an output folder (a report, or a shard's
/// partial result with its downtime.bin). A folder holding only such files (or nothing) is
/// an earlier report and may be replaced; anything else is the user's and is never deleted.
const REPORT_EXTENSIONS: [&str; 6] = ["html", "json", "csv", "svg", "png", "bin"];

/// Staging folders in progress, removed by the signal handler if the run is interrupted.
static IN_PROGRESS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A report being built; [`Staging::commit`] swaps it into place, dropping it discards it
/// (except a resumable one, which stays for `--resume`).
#[derive(Debug)]
pub struct Staging {
    target: PathBuf,
    temp: Option<tempfile::TempDir>,
    /// The fixed staging folder of a resumable run ([`Staging::resumable`]).
    fixed: Option<PathBuf>,
}

impl Staging {
    /// Checks that `dir` can become a report (absent, or a folder of an earlier report, its
    /// parent writable; parent folders are created) and creates the staging folder beside it.
    pub fn new(dir: &Path) -> Result<Staging> {
        let shown = dir.display();
        let target = resolve(dir)?;
        check_replaceable(dir, &target)?;
        let parent = target.parent().unwrap_or_else(|| Path::new("/"));
        let name = target
            .file_name()
            .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
        let temp = tempfile::Builder::new()
            .prefix(&format!(".{name}.nines-"))
            .tempdir_in(parent)
            .map_err(|e| {
                Error::Runtime(format!(
                    "--out {shown}: cannot write in {}: {}",
                    parent.display(),
                    reason(&e)
                ))
            })?;
        #[cfg(unix)]
        {
            // Readable by others like any folder the user makes (temporary ones are 0700).
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(temp.path(), std::fs::Permissions::from_mode(0o755));
        }
        install_cleanup();
        lock().push(temp.path().to_path_buf());
        Ok(Staging {
            target,
            temp: Some(temp),
            fixed: None,
        })
    }

    /// Like [`Staging::new`], but the staging folder has a fixed name beside `dir`
    /// (`.NAME.nines-run`) and outlives an interruption (an error, Ctrl-C, SIGTERM,
    /// SIGKILL), so that the run's checkpoint in it can be resumed. With `resume` the
    /// folder is kept as it is (it must exist); without, any earlier one is started afresh.
    pub fn resumable(dir: &Path, resume: bool) -> Result<Staging> {
        let shown = dir.display();
        let target = resolve(dir)?;
        check_replaceable(dir, &target)?;
        let fixed = resumable_path(&target);
        if resume {
            if !fixed.is_dir() {
                return Err(Error::Input(format!(
                    "--resume: no interrupted run of --out {shown} to resume (no {}); run without --resume",
                    fixed.display()
                )));
            }
        } else {
            let fail = |e: std::io::Error| {
                Error::Runtime(format!(
                    "--out {shown}: cannot prepare {}: {}",
                    fixed.display(),
                    reason(&e)
                ))
            };
            if fixed.exists() {
                std::fs::remove_dir_all(&fixed).map_err(fail)?;
            }
            std::fs::create_dir(&fixed).map_err(fail)?;
        }
        Ok(Staging {
            target,
            temp: None,
            fixed: Some(fixed),
        })
    }

    /// Where the report is being written.
    pub fn path(&self) -> &Path {
        match (&self.temp, &self.fixed) {
            (Some(temp), _) => temp.path(),
            (None, Some(fixed)) => fixed,
            (None, None) => unreachable!("present until committed"),
        }
    }

    /// Puts the finished report in place of the output folder, replacing an earlier report.
    pub fn commit(mut self) -> Result<()> {
        let staged = match (self.temp.take(), self.fixed.take()) {
            (Some(temp), _) => temp.keep(),
            (None, Some(fixed)) => fixed,
            (None, None) => unreachable!("committed once"),
        };
        forget(&staged);
        let fail = |e: std::io::Error| {
            let _ = std::fs::remove_dir_all(&staged);
            Error::Runtime(format!(
                "cannot write {}: {}",
                self.target.display(),
                reason(&e)
            ))
        };
        if self.target.exists() {
            // Two renames: the old report steps aside, the new one takes its name, and only
            // then is the old one deleted; a failure in between puts the old one back.
            let parent = self.target.parent().unwrap_or_else(|| Path::new("/"));
            let old = tempfile::Builder::new()
                .prefix(".nines-old-")
                .tempdir_in(parent)
                .map_err(fail)?
                .keep();
            let aside = old.join("report");
            std::fs::rename(&self.target, &aside).map_err(|e| {
                let _ = std::fs::remove_dir_all(&old);
                fail(e)
            })?;
            if let Err(e) = std::fs::rename(&staged, &self.target) {
                let _ = std::fs::rename(&aside, &self.target);
                let _ = std::fs::remove_dir_all(&old);
                return Err(fail(e));
            }
            let _ = std::fs::remove_dir_all(&old);
        } else {
            std::fs::rename(&staged, &self.target).map_err(fail)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if let Some(temp) = &self.temp {
            forget(temp.path());
        }
        // The TempDir, if still held, removes the unfinished report.
    }
}

/// The fixed staging folder of a resumable run into `target`.
fn resumable_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.nines-run"))
}

/// `dir` made absolute with its parents created, so that renaming works for `--out .` too.
fn resolve(dir: &Path) -> Result<PathBuf> {
    let shown = dir.display();
    if dir.as_os_str().is_empty() {
        return Err(Error::Input("--out needs a folder name".into()));
    }
    if let Ok(path) = dir.canonicalize() {
        return Ok(path);
    }
    let name = dir
        .file_name()
        .ok_or_else(|| Error::Input(format!("--out {shown}: not a folder name")))?;
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(|e| {
        Error::Runtime(format!(
            "--out {shown}: cannot create {}: {}",
            parent.display(),
            reason(&e)
        ))
    })?;
    let parent = parent.canonicalize().map_err(|e| {
        Error::Runtime(format!(
            "--out {shown}: cannot use {}: {}",
            parent.display(),
            reason(&e)
        ))
    })?;
    Ok(parent.join(name))
}

/// Refuses a file, or a folder holding anything nines did not write.
fn check_replaceable(dir: &Path, target: &Path) -> Result<()> {
    let shown = dir.display();
    let Ok(meta) = std::fs::metadata(target) else {
        return Ok(());
    };
    if !meta.is_dir() {
        return Err(Error::Input(format!(
            "--out {shown}: is a file; give a folder for the report (it is created if needed)"
        )));
    }
    let here = std::env::current_dir()
        .ok()
        .and_then(|d| d.canonicalize().ok());
    if target.parent().is_none() || here.as_deref() == Some(target) {
        return Err(Error::Input(format!(
            "--out {shown}: the report replaces the whole folder, so it cannot be the current or the root folder; give a folder of its own, such as report"
        )));
    }
    let entries = std::fs::read_dir(target).map_err(|e| {
        Error::Runtime(format!(
            "--out {shown}: cannot read the folder: {}",
            reason(&e)
        ))
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        let ours = Path::new(&name)
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| REPORT_EXTENSIONS.contains(&e))
            || name.starts_with(".tmp");
        if !(is_file && ours) {
            return Err(Error::Input(format!(
                "--out {shown}: holds {name}, which is not part of a nines report; the report replaces the whole folder, so give a new or empty folder or an earlier report's"
            )));
        }
    }
    Ok(())
}

/// An I/O error in words, without "(os error 2)" or the temporary path.
fn reason(error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match error.kind() {
        ErrorKind::NotFound => "no such folder".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        ErrorKind::ReadOnlyFilesystem => "read-only file system".to_string(),
        ErrorKind::StorageFull => "no space left on the device".to_string(),
        ErrorKind::NotADirectory => "a part of the path is a file".to_string(),
        _ => {
            let text = error.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_string()
        }
    }
}

fn lock() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    // A panic elsewhere while holding the list leaves it usable.
    IN_PROGRESS.lock().unwrap_or_else(|e| e.into_inner())
}

fn forget(path: &Path) {
    lock().retain(|p| p != path);
}

/// On Ctrl-C or SIGTERM, removes the unfinished reports and exits as an interrupted
/// program does (130).
fn install_cleanup() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Without a handler (another one is set) the default action still stops the run;
        // only the staging folder would remain.
        let _ = ctrlc::set_handler(|| {
            for path in lock().drain(..) {
                let _ = std::fs::remove_dir_all(path);
            }
            std::process::exit(130);
        });
    });
}
