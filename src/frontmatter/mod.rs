//! Splits a Markdown file into its YAML front matter and body, parses the YAML,
//! and maps key paths back to file lines (`locator`); `fields` reads typed keys.
//! It knows nothing of what the keys mean.

use serde_yaml::{Mapping, Value};

pub mod fields;
mod locator;

pub use locator::{KeyPath, Locator, Pos, Seg};

/// A file split at its `---` fences, with line numbers of each part.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line in the whole file.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line in the whole file.
    pub body_line: usize,
}

/// Where a split or parse went wrong, as a line and column in the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: Option<usize>,
    pub message: String,
}

/// Finds the `---` fences. A file without an opening fence has no front matter.
pub fn split(text: &str) -> Result<Option<Split<'_>>, SyntaxError> {
    let mut lines = LineIter::new(text);
    let Some((_, first)) = lines.next() else {
        return Ok(None);
    };
    if first.trim_end() != "---" {
        return Ok(None);
    }
    let yaml_start = first.len() + newline_len(text, first.len());
    for (offset, line) in lines.by_ref() {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            let yaml = &text[yaml_start..offset];
            let body_start =
                (offset + line.len() + newline_len(text, offset + line.len())).min(text.len());
            let body_line = 2 + yaml.matches('\n').count() + 1;
            return Ok(Some(Split {
                yaml,
                yaml_line: 2,
                body: &text[body_start..],
                body_line,
            }));
        }
    }
    Err(SyntaxError {
        line: 1,
        column: Some(1),
        message:
            "front matter opened with `---` is never closed: add a line `---` after the last key"
                .into(),
    })
}

fn newline_len(text: &str, at: usize) -> usize {
    let rest = &text.as_bytes()[at.min(text.len())..];
    if rest.starts_with(b"\r\n") {
        2
    } else if rest.starts_with(b"\n") {
        1
    } else {
        0
    }
}

/// Lines without their terminators, with the byte offset where each starts.
pub(crate) struct LineIter<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> LineIter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        LineIter { text, pos: 0 }
    }
}

impl<'a> Iterator for LineIter<'a> {
    type Item = (usize, &'a str);
    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.text.len() {
            return None;
        }
        let start = self.pos;
        let rest = &self.text[start..];
        let end = rest.find('\n').map_or(self.text.len(), |i| start + i);
        self.pos = end + 1;
        let line = self.text[start..end]
            .strip_suffix('\r')
            .unwrap_or(&self.text[start..end]);
        Some((start, line))
    }
}

/// Parses the YAML of a front matter into a mapping. `yaml_line` shifts the
/// parser's positions so they name lines of the whole file.
pub fn parse_mapping(yaml: &str, yaml_line: usize) -> Result<Mapping, SyntaxError> {
    if yaml.trim().is_empty() {
        return Ok(Mapping::new());
    }
    match serde_yaml::from_str::<Value>(yaml) {
        Ok(Value::Mapping(map)) => Ok(map),
        Ok(Value::Null) => Ok(Mapping::new()),
        Ok(other) => Err(SyntaxError {
            line: yaml_line,
            column: Some(1),
            message: format!("expected `key: value` lines, found {}", describe(&other)),
        }),
        Err(err) => {
            let (mut line, mut column) = err.location().map_or((yaml_line, None), |loc| {
                (yaml_line + loc.line() - 1, Some(loc.column()))
            });
            let mut message = format!("invalid YAML: {}", strip_location(&err.to_string()));
            if message.contains("repetition limit") {
                message.push_str(" (anchors and aliases expand to too much data)");
            }
            // An unclosed `[` or `{` is only noticed at the end of the input,
            // which is the closing fence: point at the last YAML line instead.
            let last_line = yaml_line + yaml.trim_end().matches('\n').count();
            if line > last_line {
                line = last_line;
                column = Some(1);
                message.push_str(" (is a `[` list or `{` mapping left open?)");
            }
            Err(SyntaxError {
                line,
                column,
                message,
            })
        }
    }
}

/// serde_yaml appends " at line L column C"; we print our own position instead.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Short description of a YAML value for "found ..." in messages.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("{n}"),
        Value::String(s) => {
            let shown: String = s.chars().take(60).collect();
            if shown.len() < s.len() {
                format!("{:?}…", shown)
            } else {
                format!("{shown:?}")
            }
        }
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(t) => format!("a value tagged {}", t.tag),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_body_line() {
        let text = "---\ntitle: A\ndate: 2020-01-02\n---\nBody\n";
        let split = split(text).unwrap().unwrap();
        assert_eq!(split.yaml, "title: A\ndate: 2020-01-02\n");
        assert_eq!(split.yaml_line, 2);
        assert_eq!(split.body, "Body\n");
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn file_without_opening_fence_has_no_front_matter() {
        assert!(split("# Title\n").unwrap().is_none());
    }

    #[test]
    fn unclosed_front_matter_is_an_error_on_line_one() {
        let err = split("---\ntitle: A\n").err().unwrap();
        assert_eq!((err.line, err.column), (1, Some(1)));
    }

    #[test]
    fn handles_crlf_line_endings() {
        let split = split("---\r\ntitle: A\r\n---\r\nBody").unwrap().unwrap();
        assert_eq!(split.yaml.trim_end(), "title: A");
        assert_eq!(split.body, "Body");
        assert_eq!(split.body_line, 4);
    }

    #[test]
    fn maps_yaml_syntax_errors_to_file_lines() {
        let err = parse_mapping("title: A\ntags: [a, b\n", 2).unwrap_err();
        assert!(err.line >= 3, "{err:?}");
        assert!(err.message.starts_with("invalid YAML"));
    }
}
