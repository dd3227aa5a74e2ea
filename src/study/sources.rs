//! Where a study reads its scenario files: from disk, or from the texts a sharded study
//! recorded (so that `nines merge` rebuilds the same designs without the shards' files).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Base;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::scenario;

/// A scenario file a sharded study read: its absolute path and its text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedScenario {
    /// The path as given, made absolute against the shard's working folder.
    pub path: PathBuf,
    /// Its text.
    pub source: String,
}

impl RecordedScenario {
    /// Reads the scenario at `path` to record it.
    pub fn read(path: &Path) -> Result<RecordedScenario> {
        Ok(RecordedScenario {
            path: std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
            source: scenario::read(path)?,
        })
    }
}

/// Where scenario texts come from.
pub enum Sources {
    /// The files on disk.
    Disk,
    /// The texts recorded by a sharded study whose working folder was `cwd`.
    Recorded {
        /// The shards' working folder: relative paths on their command line start there.
        cwd: PathBuf,
        /// The texts, by absolute path.
        scenarios: Vec<RecordedScenario>,
    },
}

impl Sources {
    /// The path `path` stands for and its text.
    fn text(&self, path: &Path) -> Result<(PathBuf, String)> {
        match self {
            Sources::Disk => Ok((path.to_path_buf(), scenario::read(path)?)),
            Sources::Recorded { cwd, scenarios } => {
                let absolute = cwd.join(path);
                scenarios
                    .iter()
                    .find(|s| s.path == absolute)
                    .map(|s| (absolute.clone(), s.source.clone()))
                    .ok_or_else(|| {
                        Error::Input(format!(
                            "{}: the partials do not hold this scenario's text; run the shards again",
                            absolute.display()
                        ))
                    })
            }
        }
    }

    /// The scenario at `path`, compiled as `scenario::load` does.
    pub fn load(&self, path: &Path) -> Result<Model> {
        let (path, source) = self.text(path)?;
        let base = path.parent().unwrap_or_else(|| Path::new("."));
        let shown = path.display().to_string();
        let stem = path
            .file_stem()
            .map_or_else(|| shown.clone(), |s| s.to_string_lossy().into_owned());
        scenario::parse(&source, &shown, base, &stem)
    }

    /// The scenario at `path`, as a study's base to edit.
    pub fn base(&self, path: &Path) -> Result<Base> {
        let (path, source) = self.text(path)?;
        Base::from_source(&path, &source)
    }
}
