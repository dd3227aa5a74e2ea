//! README.md as the tests that check what it says read it.

use std::path::Path;

/// README.md's text.
pub fn text() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

/// The first fenced code block after `marker` in README.md, without its fences (the opening
/// fence's language, such as `sh`, is dropped with its line).
pub fn block_after(marker: &str) -> String {
    let readme = text();
    let after = readme
        .split_once(marker)
        .unwrap_or_else(|| panic!("README has {marker:?}"))
        .1;
    let opened = after
        .split_once("```")
        .unwrap_or_else(|| panic!("a code block follows {marker:?}"))
        .1;
    let body = opened.split_once('\n').map_or("", |(_, body)| body);
    body.split("```").next().unwrap_or("").to_string()
}
