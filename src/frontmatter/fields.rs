//! Typed reading of front-matter mappings: each accessor validates one key and
//! records a diagnostic at the key's position instead of stopping at the first.

use std::collections::HashSet;
use std::path::Path;

use chrono::{DateTime, FixedOffset};
use serde_yaml::{Mapping, Value};

use super::{describe, KeyPath, Locator, Pos};
use crate::dates;
use crate::error::{Diagnostic, Fix};

/// Collects the findings for one file while its keys are read.
pub struct Reader<'a> {
    pub file: &'a Path,
    pub locator: &'a Locator,
    pub timezone: FixedOffset,
    pub diagnostics: Vec<Diagnostic>,
}

impl<'a> Reader<'a> {
    pub fn new(file: &'a Path, locator: &'a Locator, timezone: FixedOffset) -> Self {
        Reader {
            file,
            locator,
            timezone,
            diagnostics: Vec::new(),
        }
    }

    pub fn error(&mut self, path: &KeyPath, fix: Fix, message: impl Into<String>) {
        let pos = self.locator.find(path);
        self.diagnostics.push(
            Diagnostic::error(self.file, pos.line, fix, message)
                .at_column(pos.column)
                .with_key(path.to_string()),
        );
    }

    pub fn warn(&mut self, path: &KeyPath, fix: Fix, message: impl Into<String>) {
        let pos = self.locator.find(path);
        self.diagnostics.push(
            Diagnostic::warning(self.file, pos.line, fix, message)
                .at_column(pos.column)
                .with_key(path.to_string()),
        );
    }

    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// A view of one YAML mapping at a key path.
#[derive(Clone, Copy)]
pub struct Fields<'m> {
    map: &'m Mapping,
    path: &'m KeyPath,
}

/// Values that are one of a fixed set of words, such as `unit_level`.
pub trait Choice: Sized {
    const CHOICES: &'static [&'static str];
    fn from_word(word: &str) -> Option<Self>;
}

impl<'m> Fields<'m> {
    pub fn new(map: &'m Mapping, path: &'m KeyPath) -> Self {
        Fields { map, path }
    }

    pub fn path(&self, key: &str) -> KeyPath {
        self.path.key(key)
    }

    /// A key whose value is YAML null (`key:` with nothing after it) counts as absent.
    pub fn get(&self, key: &str) -> Option<&'m Value> {
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => Some(value),
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The key is written with no value (`period: ~` or `period:`): for the
    /// few keys where "none" differs from "not given".
    pub fn is_null(&self, key: &str) -> bool {
        matches!(self.map.get(key), Some(Value::Null))
    }

    fn missing(&self, r: &mut Reader, key: &str, expected: &str) {
        // A missing key has no position of its own: point at the mapping that
        // lacks it, or at the opening `---` for a top-level key.
        let pos = if self.path.0.is_empty() {
            Pos { line: 1, column: 1 }
        } else {
            r.locator.find(self.path)
        };
        r.diagnostics.push(
            Diagnostic::error(
                r.file,
                pos.line,
                Fix::Required,
                format!("required key is missing: expected {expected}"),
            )
            .at_column(pos.column)
            .with_key(self.path(key).to_string()),
        );
    }

    /// Text. Numbers and booleans are accepted as their written form.
    pub fn text(&self, r: &mut Reader, key: &str, required: bool) -> Option<String> {
        match self.get(key) {
            None => {
                if required {
                    self.missing(r, key, "a text");
                }
                None
            }
            Some(value) => match scalar_text(value) {
                Some(text) if required && text.trim().is_empty() => {
                    r.error(
                        &self.path(key),
                        Fix::Text,
                        "expected a text, found an empty one",
                    );
                    None
                }
                Some(text) => Some(text),
                None => {
                    r.error(
                        &self.path(key),
                        Fix::Text,
                        format!("expected a text, found {}", describe(value)),
                    );
                    None
                }
            },
        }
    }

    pub fn boolean(&self, r: &mut Reader, key: &str) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                r.error(
                    &self.path(key),
                    Fix::YesNo,
                    format!("expected true or false, found {}", describe(other)),
                );
                None
            }
        }
    }

    pub fn number(&self, r: &mut Reader, key: &str, required: bool) -> Option<f64> {
        match self.get(key) {
            None => {
                if required {
                    self.missing(r, key, "a number");
                }
                None
            }
            Some(value) => match number_of(value) {
                Some(n) => Some(n),
                None => {
                    r.error(
                        &self.path(key),
                        Fix::Number,
                        format!("expected a number, found {}", describe(value)),
                    );
                    None
                }
            },
        }
    }

    /// A whole, non-negative number (counts, days, years).
    pub fn count(&self, r: &mut Reader, key: &str, required: bool) -> Option<u32> {
        let value = self.get(key);
        let n = self.number(r, key, required)?;
        if n < 0.0 || n.fract() != 0.0 || n > f64::from(u32::MAX) {
            let found = value.map(describe).unwrap_or_default();
            r.error(
                &self.path(key),
                Fix::Number,
                format!("expected a whole number of 0 or more, found {found}"),
            );
            return None;
        }
        Some(n as u32)
    }

    pub fn text_list(&self, r: &mut Reader, key: &str) -> Vec<String> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        match value {
            Value::Sequence(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| match scalar_text(item) {
                    Some(text) => Some(text),
                    None => {
                        r.error(
                            &self.path(key).index(i),
                            Fix::Text,
                            format!("expected a text, found {}", describe(item)),
                        );
                        None
                    }
                })
                .collect(),
            // A lone text where a list is expected is almost always one entry.
            Value::String(s) => vec![s.clone()],
            other => {
                r.error(
                    &self.path(key),
                    Fix::Shape,
                    format!("expected a list of texts, found {}", describe(other)),
                );
                Vec::new()
            }
        }
    }

    pub fn date(&self, r: &mut Reader, key: &str, required: bool) -> Option<DateTime<FixedOffset>> {
        let value = match self.get(key) {
            None => {
                if required {
                    self.missing(r, key, "a date like 2019-03-27");
                }
                return None;
            }
            Some(value) => value,
        };
        let parsed = match value {
            Value::String(s) => dates::parse_datetime(s, r.timezone),
            _ => None,
        };
        if parsed.is_none() {
            r.error(
                &self.path(key),
                Fix::Date,
                format!("expected a date like 2019-03-27, found {}", describe(value)),
            );
        }
        parsed
    }

    pub fn choice<T: Choice>(&self, r: &mut Reader, key: &str, required: bool) -> Option<T> {
        let value = match self.get(key) {
            None => {
                if required {
                    self.missing(r, key, &format!("one of {}", T::CHOICES.join(", ")));
                }
                return None;
            }
            Some(value) => value,
        };
        let word = match value {
            Value::Bool(b) => Some(b.to_string()),
            Value::String(s) => Some(s.trim().to_string()),
            _ => None,
        };
        match word.as_deref().and_then(T::from_word) {
            Some(choice) => Some(choice),
            None => {
                r.error(
                    &self.path(key),
                    Fix::Choice,
                    format!(
                        "expected one of {}; found {}",
                        T::CHOICES.join(", "),
                        describe(value)
                    ),
                );
                None
            }
        }
    }

    pub fn mapping(&self, r: &mut Reader, key: &str) -> Option<&'m Mapping> {
        match self.get(key)? {
            Value::Mapping(map) => Some(map),
            other => {
                r.error(
                    &self.path(key),
                    Fix::Shape,
                    format!("expected a mapping of keys, found {}", describe(other)),
                );
                None
            }
        }
    }

    pub fn sequence(&self, r: &mut Reader, key: &str) -> Option<&'m Vec<Value>> {
        match self.get(key)? {
            Value::Sequence(items) => Some(items),
            other => {
                r.error(
                    &self.path(key),
                    Fix::Shape,
                    format!("expected a list, found {}", describe(other)),
                );
                None
            }
        }
    }

    /// Warns about keys this mapping does not know, suggesting the nearest known one.
    pub fn warn_unknown(&self, r: &mut Reader, known: &[&str]) {
        let known_set: HashSet<&str> = known.iter().copied().collect();
        for key in self.map.keys() {
            let name = match key {
                Value::String(s) => s.as_str(),
                other => {
                    r.warn(
                        self.path,
                        Fix::UnknownKey,
                        format!("key {} is not a name; ignored", describe(other)),
                    );
                    continue;
                }
            };
            if known_set.contains(name) {
                continue;
            }
            let message = match nearest(name, known) {
                Some(suggestion) => format!("unknown key, ignored; did you mean `{suggestion}`?"),
                None => "unknown key, ignored".to_string(),
            };
            r.warn(&self.path(name), Fix::UnknownKey, message);
        }
    }
}

/// The closest known key, if it is close enough to be a likely typo.
pub fn nearest<'k>(name: &str, known: &[&'k str]) -> Option<&'k str> {
    let lower = name.to_lowercase();
    known
        .iter()
        .map(|k| (strsim::jaro_winkler(&lower, k), *k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

pub fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        // Vietnamese writes decimals with a comma ("1,5"); accept it when quoted.
        Value::String(s) => s
            .trim()
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .filter(|f| f.is_finite()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_known_key() {
        assert_eq!(nearest("tag", &["title", "tags", "date"]), Some("tags"));
        assert_eq!(nearest("sumary", &["summary", "slug"]), Some("summary"));
        assert_eq!(nearest("xyzzy", &["title", "tags"]), None);
    }

    #[test]
    fn reads_quoted_decimal_comma_as_number() {
        assert_eq!(number_of(&Value::String("1,5".into())), Some(1.5));
    }
}
