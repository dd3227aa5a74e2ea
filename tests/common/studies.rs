//! Helpers of the tests of studies' reports: comparing their folders and JSON documents
//! once the timings, which differ between two identical runs, are removed.

use std::path::Path;

use super::cli::file_names;

/// A JSON document with every timing removed (`performance`, `seconds`): they differ
/// between two identical runs too.
pub fn without_timing(text: &str) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("performance");
                map.remove("seconds");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut value: serde_json::Value = serde_json::from_str(text).unwrap();
    strip(&mut value);
    value
}

/// Asserts that two report folders hold the same files: JSON equal once timings are
/// removed, everything else byte for byte.
pub fn assert_same_folder(actual: &Path, expected: &Path) {
    assert_eq!(file_names(actual), file_names(expected));
    for name in file_names(expected) {
        let (a, e) = (actual.join(&name), expected.join(&name));
        if name.ends_with(".json") {
            let read = |p: &Path| without_timing(&std::fs::read_to_string(p).unwrap());
            assert_eq!(read(&a), read(&e), "{name}");
        } else {
            assert!(
                std::fs::read(&a).unwrap() == std::fs::read(&e).unwrap(),
                "{} differs from {}",
                a.display(),
                e.display()
            );
        }
    }
}
