//! From key paths to line numbers and back, through toml_edit's spans, so that every error
//! can say where in the file it is.

use std::ops::Range;

use toml_edit::{ImDocument, Item, Table, TableLike, Value};

use super::path::{KeyPath, Segment};

/// A parsed document kept only for its spans.
pub struct Locator<'s> {
    source: &'s str,
    document: Option<ImDocument<&'s str>>,
}

#[derive(Clone, Copy)]
enum Node<'a> {
    Item(&'a Item),
    Value(&'a Value),
    Table(&'a Table),
}

impl<'a> Node<'a> {
    fn table_like(&self) -> Option<&'a dyn TableLike> {
        match *self {
            Node::Item(item) => item.as_table_like(),
            Node::Value(value) => value.as_inline_table().map(|t| t as &dyn TableLike),
            Node::Table(table) => Some(table as &dyn TableLike),
        }
    }

    fn index(&self, index: usize) -> Option<Node<'a>> {
        match *self {
            Node::Item(Item::ArrayOfTables(array)) => array.get(index).map(Node::Table),
            Node::Item(item) => item.as_array()?.get(index).map(Node::Value),
            Node::Value(value) => value.as_array()?.get(index).map(Node::Value),
            Node::Table(_) => None,
        }
    }

    fn span(&self) -> Option<Range<usize>> {
        match *self {
            Node::Item(item) => item.span(),
            Node::Value(value) => value.span(),
            Node::Table(table) => table.span(),
        }
    }
}

impl<'s> Locator<'s> {
    /// Parses `source` for its spans; a syntax error leaves a locator that finds nothing.
    pub fn new(source: &'s str) -> Locator<'s> {
        Locator {
            source,
            document: ImDocument::parse(source).ok(),
        }
    }

    /// The 1-based line of a byte offset.
    pub fn line_of_offset(&self, offset: usize) -> usize {
        let end = offset.min(self.source.len());
        self.source.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    /// The line where `path` is written, or of its nearest written ancestor.
    pub fn line_of(&self, path: &KeyPath) -> Option<usize> {
        let document = self.document.as_ref()?;
        let mut node = Node::Table(document.as_table());
        let mut best = None;
        for segment in path.segments() {
            let next = match segment {
                Segment::Key(key) => {
                    let Some((k, item)) = node.table_like().and_then(|t| t.get_key_value(key))
                    else {
                        break;
                    };
                    best = k.span().or_else(|| item.span()).or(best);
                    Node::Item(item)
                }
                Segment::Index(index) => {
                    let Some(child) = node.index(*index) else {
                        break;
                    };
                    best = child.span().or(best);
                    child
                }
            };
            node = next;
        }
        best.map(|span| self.line_of_offset(span.start))
    }

    /// The path of the deepest key whose name or value contains byte `offset`.
    pub fn path_at(&self, offset: usize) -> Option<KeyPath> {
        let document = self.document.as_ref()?;
        let mut segments = Vec::new();
        descend(Node::Table(document.as_table()), offset, &mut segments);
        (!segments.is_empty()).then(|| KeyPath::from_segments(segments))
    }
}

fn contains(span: Option<Range<usize>>, offset: usize) -> bool {
    span.is_some_and(|s| s.contains(&offset))
}

fn descend(node: Node<'_>, offset: usize, path: &mut Vec<Segment>) {
    if let Some(table) = node.table_like() {
        for (key, item) in table.iter() {
            let key_span = table.key(key).and_then(|k| k.span());
            if contains(key_span, offset) {
                path.push(Segment::Key(key.to_string()));
                return;
            }
            // Tables written with a [header] have no span of their own: look inside them.
            let inside =
                contains(item.span(), offset) || item.is_table() || item.is_array_of_tables();
            if inside {
                let depth = path.len();
                path.push(Segment::Key(key.to_string()));
                descend(Node::Item(item), offset, path);
                if path.len() > depth + 1 || contains(item.span(), offset) {
                    return;
                }
                path.truncate(depth);
            }
        }
        return;
    }
    for index in 0.. {
        let Some(child) = node.index(index) else {
            break;
        };
        let is_table = matches!(child, Node::Table(_));
        if contains(child.span(), offset) || is_table {
            let depth = path.len();
            path.push(Segment::Index(index));
            descend(child, offset, path);
            if path.len() > depth + 1 || contains(child.span(), offset) {
                return;
            }
            path.truncate(depth);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "name = \"x\"\n\n[components.app]\ncount = 2\nfailure = { dist = \"exponential\", mean = \"2y\" }\n\n[[components.db.modes]]\nname = \"disk\"\n";

    #[test]
    fn finds_the_line_of_a_path() {
        let locator = Locator::new(SOURCE);
        let app = KeyPath::root("components").key("app");
        assert_eq!(locator.line_of(&app.key("count")), Some(4));
        assert_eq!(locator.line_of(&app.key("failure").key("mean")), Some(5));
        // A missing key points at its nearest ancestor.
        assert_eq!(locator.line_of(&app.key("failure").key("shape")), Some(5));
        let mode = KeyPath::root("components").key("db").key("modes").index(0);
        assert_eq!(locator.line_of(&mode.key("name")), Some(8));
    }

    #[test]
    fn finds_the_path_at_an_offset() {
        let locator = Locator::new(SOURCE);
        let offset = SOURCE.find("mean").unwrap();
        assert_eq!(
            locator.path_at(offset).unwrap().to_string(),
            "components.app.failure.mean"
        );
        let offset = SOURCE.find("count").unwrap();
        assert_eq!(
            locator.path_at(offset).unwrap().to_string(),
            "components.app.count"
        );
    }
}
