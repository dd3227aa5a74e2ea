//! Edits of a scenario's TOML document by dotted key path, as `--set` and `--vary` write
//! them: the document keeps its comments and layout, and a missing table is named with what
//! is there instead.

use toml_edit::{DocumentMut, Item, Value};

/// A value as TOML: a whole number, a number, a boolean, or else a string ("4h", "99.9%").
fn toml_value(text: &str) -> Value {
    if let Ok(n) = text.parse::<i64>() {
        Value::from(n)
    } else if let Ok(x) = text.parse::<f64>() {
        Value::from(x)
    } else if let Ok(b) = text.parse::<bool>() {
        Value::from(b)
    } else {
        Value::from(text)
    }
}

/// Sets `key` (dotted; a number steps into an array) to `value` in the document, creating
/// the last key if needed, and `[simulation]` if the file has none; messages name `flag`
/// ("--set", "--vary") as the user wrote it.
pub fn set(
    document: &mut DocumentMut,
    flag: &str,
    key: &str,
    value: &str,
) -> std::result::Result<(), String> {
    let segments: Vec<&str> = key.split('.').collect();
    let (last, parents) = segments.split_last().expect("split always yields one part");
    if parents == ["simulation"] && !document.contains_key("simulation") {
        document.insert("simulation", Item::Table(toml_edit::Table::new()));
    }
    let mut item = document.as_item_mut();
    for (i, segment) in parents.iter().enumerate() {
        let missing = |what: String| format!("{flag} {key}: the scenario has no {what}");
        let here = segments[..=i].join(".");
        item = match (segment.parse::<usize>(), item) {
            (Ok(index), Item::ArrayOfTables(array)) => {
                let len = array.len();
                let table = array.get_mut(index).ok_or_else(|| {
                    missing(format!(
                        "{here}: {} has {len} elements, numbered from 0",
                        segments[..i].join(".")
                    ))
                })?;
                // A table of an array is reached through its own item below.
                return set_in(table, flag, key, &segments[i + 1..], value);
            }
            (Ok(index), Item::Value(Value::Array(array))) => {
                let len = array.len();
                let element = array.get_mut(index).ok_or_else(|| {
                    missing(format!(
                        "{here}: {} has {len} elements, numbered from 0",
                        segments[..i].join(".")
                    ))
                })?;
                let table = element
                    .as_inline_table_mut()
                    .ok_or_else(|| missing(format!("table at {here}")))?;
                return set_in(table, flag, key, &segments[i + 1..], value);
            }
            (_, item) => {
                let table = item
                    .as_table_like_mut()
                    .ok_or_else(|| missing(format!("table {}", segments[..i].join("."))))?;
                if table.get(segment).is_none() {
                    let known: Vec<String> = table.iter().map(|(k, _)| k.to_string()).collect();
                    return Err(missing(format!(
                        "{here}{}",
                        if known.is_empty() {
                            String::new()
                        } else {
                            format!(" (there: {})", known.join(", "))
                        }
                    )));
                }
                table.get_mut(segment).expect("checked above")
            }
        };
    }
    let table = item
        .as_table_like_mut()
        .ok_or_else(|| format!("{flag} {key}: {} is not a table", parents.join(".")))?;
    table.insert(last, Item::Value(toml_value(value)));
    Ok(())
}

/// Continues [`set`] inside an array's table: `rest` is the path below it.
fn set_in(
    table: &mut dyn toml_edit::TableLike,
    flag: &str,
    key: &str,
    rest: &[&str],
    value: &str,
) -> std::result::Result<(), String> {
    let (last, parents) = rest
        .split_last()
        .ok_or_else(|| format!("{flag} {key}: name a key inside the array's element"))?;
    let mut table = table;
    for segment in parents {
        table = table
            .get_mut(segment)
            .and_then(Item::as_table_like_mut)
            .ok_or_else(|| format!("{flag} {key}: the scenario has no table {segment} there"))?;
    }
    table.insert(last, Item::Value(toml_value(value)));
    Ok(())
}
