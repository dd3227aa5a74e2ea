//! The designs of a study: varied keys combined as a product, or moving together where
//! `--zip` says so, each point applied to the scenario's TOML and compiled into a model.

use std::path::Path;

use toml_edit::DocumentMut;

use super::edit;
use crate::error::{Error, Result};
use crate::model::{Model, Settings};
use crate::scenario;

/// One varied key and its values, as written.
#[derive(Debug, Clone)]
pub struct Axis {
    /// Dotted key path.
    pub key: String,
    /// The values, as written.
    pub values: Vec<String>,
}

/// Parses `KEY=V1,V2,...`, with `modes[0]` accepted for `modes.0`.
pub fn parse_axis(text: &str) -> std::result::Result<Axis, String> {
    const EXPECTED: &str = "expected KEY=V1,V2,... such as components.app.count=2,3,4";
    let (key, values) = text.split_once('=').ok_or_else(|| EXPECTED.to_string())?;
    let values: Vec<String> = values
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect();
    if key.trim().is_empty() || values.is_empty() {
        return Err(EXPECTED.to_string());
    }
    // `modes[0]`, as messages write array elements, means the same as `modes.0`.
    let key = key.trim().replace('[', ".").replace(']', "");
    if key.split('.').any(str::is_empty) {
        return Err(format!(
            "\"{key}\" has an empty part; expected a dotted key such as components.app.count"
        ));
    }
    Ok(Axis { key, values })
}

/// Parses `--zip KEY,KEY,...`: keys already varied that move together.
pub fn parse_zip(text: &str) -> std::result::Result<Vec<String>, String> {
    let keys: Vec<String> = text
        .split(',')
        .map(|k| k.trim().replace('[', ".").replace(']', ""))
        .filter(|k| !k.is_empty())
        .collect();
    if keys.len() < 2 {
        return Err(
            "expected two or more varied keys that move together: KEY,KEY such as components.app.count,cost.app"
                .to_string(),
        );
    }
    Ok(keys)
}

/// Every point of a study, in grid order.
#[derive(Debug, Clone)]
pub struct Grid {
    /// The varied keys, those moving together next to each other.
    pub keys: Vec<String>,
    /// How many of `keys` make the first (fastest) axis: 1, or the keys zipped with it.
    pub first_axis: usize,
    /// Each point's values, one per key; the first axis moves fastest.
    pub points: Vec<Vec<String>>,
}

impl Grid {
    /// Combines `axes` as a product, except the keys each of `zips` names, which take their
    /// i-th values together. `flag` names the option in messages ("--set", "--vary").
    pub fn new(axes: &[Axis], zips: &[Vec<String>], flag: &str) -> Result<Grid> {
        for (i, a) in axes.iter().enumerate() {
            if let Some(b) = axes[..i].iter().find(|b| b.key == a.key) {
                return Err(Error::Input(format!(
                    "{flag} {} is given twice; list all its values in one {flag} ({}={},{}), or vary two different keys",
                    a.key,
                    a.key,
                    b.values.join(","),
                    a.values.join(",")
                )));
            }
        }
        // Which group each axis belongs to: its zip's first axis, or itself.
        let mut group: Vec<usize> = (0..axes.len()).collect();
        let mut zipped = vec![false; axes.len()];
        for zip in zips {
            let mut members = Vec::new();
            for key in zip {
                let i = axes.iter().position(|a| a.key == *key).ok_or_else(|| {
                    Error::Input(format!(
                        "--zip {}: {key} is not varied; give it with {flag} {key}=V1,V2,... first",
                        zip.join(",")
                    ))
                })?;
                if zipped[i] || members.contains(&i) {
                    return Err(Error::Input(format!(
                        "--zip {}: {key} is zipped twice; name each key in one --zip",
                        zip.join(",")
                    )));
                }
                members.push(i);
            }
            let lead = *members.iter().min().expect("a zip has two keys or more");
            for &i in &members {
                if axes[i].values.len() != axes[lead].values.len() {
                    return Err(Error::Input(format!(
                        "--zip {}: {} has {} values and {} has {}; keys that move together need as many values each",
                        zip.join(","),
                        axes[lead].key,
                        axes[lead].values.len(),
                        axes[i].key,
                        axes[i].values.len()
                    )));
                }
                zipped[i] = true;
                group[i] = lead;
            }
        }
        // Groups in the order their first key was given; keys of a group side by side.
        let mut leads: Vec<usize> = group.clone();
        leads.sort_unstable();
        leads.dedup();
        let group = &group;
        let order: Vec<usize> = leads
            .iter()
            .flat_map(|&lead| (0..axes.len()).filter(move |&i| group[i] == lead))
            .collect();
        let keys = order.iter().map(|&i| axes[i].key.clone()).collect();
        let first_axis = order.iter().filter(|&&i| group[i] == leads[0]).count();
        let sizes: Vec<usize> = leads.iter().map(|&l| axes[l].values.len()).collect();
        let total: usize = sizes.iter().product();
        let mut points = Vec::with_capacity(total);
        for n in 0..total {
            // Mixed radix, the first group fastest.
            let mut rest = n;
            let mut at = vec![0; axes.len()];
            for (&lead, &size) in leads.iter().zip(&sizes) {
                for i in 0..axes.len() {
                    if group[i] == lead {
                        at[i] = rest % size;
                    }
                }
                rest /= size;
            }
            points.push(
                order
                    .iter()
                    .map(|&i| axes[i].values[at[i]].clone())
                    .collect(),
            );
        }
        Ok(Grid {
            keys,
            first_axis,
            points,
        })
    }

    /// `key=value, ...` for one point, as progress and messages name it.
    pub fn describe(&self, values: &[String]) -> String {
        describe(&self.keys, values)
    }
}

/// `key=value, ...` for keys and their values.
pub fn describe(keys: &[String], values: &[String]) -> String {
    keys.iter()
        .zip(values)
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The scenario a study varies: its TOML, kept with comments, and how messages name it.
pub struct Base {
    document: DocumentMut,
    shown: String,
    folder: std::path::PathBuf,
    stem: String,
}

impl Base {
    /// Reads the scenario at `path`.
    pub fn read(path: &Path) -> Result<Base> {
        Base::from_source(path, &scenario::read(path)?)
    }

    /// The scenario `source` read from `path` (a merge's recorded text: study::Sources).
    pub fn from_source(path: &Path, source: &str) -> Result<Base> {
        let shown = path.display().to_string();
        let folder = path
            .parent()
            .unwrap_or_else(|| Path::new("."))
            .to_path_buf();
        let stem = path
            .file_stem()
            .map_or_else(|| shown.clone(), |s| s.to_string_lossy().into_owned());
        let document = source.parse().map_err(|e: toml_edit::TomlError| {
            Error::Input(format!("{shown}: {}", e.to_string().replace('\n', " ")))
        })?;
        Ok(Base {
            document,
            shown,
            folder,
            stem,
        })
    }

    /// The model at one point of `grid`, with `adjust` applied to its settings. Messages name
    /// the file and line as usual, then the point that broke it.
    pub fn model(
        &self,
        grid: &Grid,
        values: &[String],
        flag: &str,
        adjust: &dyn Fn(&mut Settings),
    ) -> Result<Model> {
        let mut doc = self.document.clone();
        for (key, value) in grid.keys.iter().zip(values) {
            edit::set(&mut doc, flag, key, value).map_err(Error::Input)?;
        }
        let mut model = scenario::parse(&doc.to_string(), &self.shown, &self.folder, &self.stem)
            .map_err(|e| {
                let at = grid.describe(values);
                let lines: Vec<String> = e
                    .to_string()
                    .lines()
                    .map(|l| format!("{l} (with {at})"))
                    .collect();
                Error::Input(lines.join("\n"))
            })?;
        adjust(&mut model.settings);
        Ok(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn axis(key: &str, values: &[&str]) -> Axis {
        Axis {
            key: key.into(),
            values: values.iter().map(|v| v.to_string()).collect(),
        }
    }

    #[test]
    fn keys_combine_as_a_product_first_fastest() {
        let grid = Grid::new(
            &[axis("a", &["1", "2"]), axis("b", &["x", "y", "z"])],
            &[],
            "--set",
        )
        .unwrap();
        assert_eq!(grid.points.len(), 6);
        assert_eq!(grid.points[1], ["2", "x"]);
        assert_eq!(grid.points[2], ["1", "y"]);
        assert_eq!(grid.first_axis, 1);
    }

    #[test]
    fn zipped_keys_move_together() {
        let axes = [
            axis("a", &["1", "2"]),
            axis("c", &["p", "q", "r"]),
            axis("b", &["x", "y"]),
        ];
        let grid = Grid::new(&axes, &[vec!["a".into(), "b".into()]], "--set").unwrap();
        assert_eq!(grid.keys, ["a", "b", "c"]);
        assert_eq!(grid.first_axis, 2);
        assert_eq!(grid.points.len(), 6);
        assert_eq!(grid.points[0], ["1", "x", "p"]);
        assert_eq!(grid.points[1], ["2", "y", "p"]);
        assert_eq!(grid.points[5], ["2", "y", "r"]);
    }

    #[test]
    fn zips_of_unequal_lengths_or_unknown_keys_are_refused() {
        let axes = [axis("a", &["1", "2"]), axis("b", &["x"])];
        let e = Grid::new(&axes, &[vec!["a".into(), "b".into()]], "--set").unwrap_err();
        assert!(e.to_string().contains("as many values"), "{e}");
        let e = Grid::new(&axes, &[vec!["a".into(), "z".into()]], "--set").unwrap_err();
        assert!(e.to_string().contains("z is not varied"), "{e}");
    }
}
