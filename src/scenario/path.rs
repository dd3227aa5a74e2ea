//! Key paths such as `components.app.modes[1].failure.mean`: where in the file a problem is.

use std::fmt;

/// One step of a key path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// A table key.
    Key(String),
    /// An array index.
    Index(usize),
}

/// A path from the document root to a key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(Vec<Segment>);

impl KeyPath {
    /// The path of a top-level key.
    pub fn root(key: &str) -> KeyPath {
        KeyPath(vec![Segment::Key(key.to_string())])
    }

    /// This path extended by a key.
    pub fn key(&self, key: &str) -> KeyPath {
        let mut segments = self.0.clone();
        segments.push(Segment::Key(key.to_string()));
        KeyPath(segments)
    }

    /// This path extended by an array index.
    pub fn index(&self, index: usize) -> KeyPath {
        let mut segments = self.0.clone();
        segments.push(Segment::Index(index));
        KeyPath(segments)
    }

    /// The steps of the path.
    pub fn segments(&self) -> &[Segment] {
        &self.0
    }

    /// Builds a path from its steps.
    pub fn from_segments(segments: Vec<Segment>) -> KeyPath {
        KeyPath(segments)
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => write!(f, "{key}")?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// A problem found in a scenario: where, and what would be valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// Where the offending key is.
    pub path: KeyPath,
    /// What is wrong, and what would be valid.
    pub message: String,
}

impl Problem {
    /// A problem at `path`.
    pub fn at(path: &KeyPath, message: impl Into<String>) -> Problem {
        Problem {
            path: path.clone(),
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_dotted_with_indices() {
        let path = KeyPath::root("components")
            .key("app")
            .key("modes")
            .index(1)
            .key("mean");
        assert_eq!(path.to_string(), "components.app.modes[1].mean");
    }
}
