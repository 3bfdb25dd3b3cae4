//! Key paths (`results[1].total`) and where their values are in the file.
//! serde_yaml keeps no positions, so the YAML text is scanned once here.

use std::collections::HashMap;
use std::fmt;

use super::LineIter;

/// One step in a key path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path such as `results[1].total`, displayed the way messages show it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    pub fn key(&self, key: &str) -> KeyPath {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_string()));
        KeyPath(segs)
    }
    pub fn index(&self, index: usize) -> KeyPath {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        KeyPath(segs)
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Key(k) if i == 0 => f.write_str(k)?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// A position in the file: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

/// Maps key paths to the line and column of their value in block-style YAML,
/// the style staff write. serde_yaml keeps no positions, so we scan the text
/// once; a path inside flow style (`[a, b]`) resolves to its nearest parent.
#[derive(Debug, Default)]
pub struct Locator {
    positions: HashMap<KeyPath, Pos>,
    first_line: usize,
}

struct Frame {
    column: usize,
    path: KeyPath,
    is_item: bool,
    items_seen: usize,
}

/// The scan's state between lines: the open mappings and lists, innermost
/// last, and the indentation of a block scalar (`|`, `>`) being skipped.
#[derive(Default)]
struct Scan {
    stack: Vec<Frame>,
    block_scalar_parent: Option<usize>,
}

impl Locator {
    pub fn new(yaml: &str, yaml_line: usize) -> Self {
        let mut locator = Locator {
            positions: HashMap::new(),
            first_line: yaml_line,
        };
        let mut scan = Scan::default();
        for (index, (_, raw)) in LineIter::new(yaml).enumerate() {
            locator.scan_line(&mut scan, yaml_line + index, raw);
        }
        locator
    }

    fn scan_line(&mut self, scan: &mut Scan, line_no: usize, raw: &str) {
        let indent = raw.chars().take_while(|c| *c == ' ').count();
        let content = &raw[indent..];
        if content.trim().is_empty() || content.starts_with('#') {
            return;
        }
        if let Some(parent) = scan.block_scalar_parent {
            if indent > parent {
                return;
            }
            scan.block_scalar_parent = None;
        }
        // 0-based char column; YAML indentation is ASCII spaces.
        let (column, rest) = self.list_items(scan, line_no, indent, content);
        let Some((key, value_offset)) = split_key(rest) else {
            return;
        };
        while scan.stack.last().is_some_and(|f| f.column >= column) {
            scan.stack.pop();
        }
        let parent_path = scan
            .stack
            .last()
            .map(|f| f.path.clone())
            .unwrap_or_default();
        let path = parent_path.key(&key);
        let value = rest[value_offset..].trim_start();
        let value_column = if value.is_empty() || value.starts_with('#') {
            column + 1
        } else {
            column + char_len(&rest[..rest.len() - value.len()]) + 1
        };
        let pos = Pos {
            line: line_no,
            column: value_column,
        };
        self.positions.insert(path.clone(), pos);
        if value.starts_with('|') || value.starts_with('>') {
            scan.block_scalar_parent = Some(column);
        }
        scan.stack.push(Frame {
            column,
            path,
            is_item: false,
            items_seen: 0,
        });
    }

    /// Records the list items (`- `, perhaps several) a line starts with;
    /// gives the column and text after them.
    fn list_items<'l>(
        &mut self,
        scan: &mut Scan,
        line_no: usize,
        mut column: usize,
        mut rest: &'l str,
    ) -> (usize, &'l str) {
        while rest == "-" || rest.starts_with("- ") {
            while scan
                .stack
                .last()
                .is_some_and(|f| f.column > column || (f.column == column && f.is_item))
            {
                scan.stack.pop();
            }
            let parent_path = scan
                .stack
                .last()
                .map(|f| f.path.clone())
                .unwrap_or_default();
            let seen = scan.stack.last().map_or(0, |f| f.items_seen);
            if let Some(parent) = scan.stack.last_mut() {
                parent.items_seen += 1;
            }
            let path = parent_path.index(seen);
            let after = rest[1..].len() - rest[1..].trim_start().len() + 1;
            let pos = Pos {
                line: line_no,
                column: column + after + 1,
            };
            self.positions.insert(path.clone(), pos);
            scan.stack.push(Frame {
                column,
                path,
                is_item: true,
                items_seen: 0,
            });
            column += after;
            rest = rest[after..].trim_start();
        }
        (column, rest)
    }

    /// The top-level key written on `line` or above it, for errors that the
    /// YAML parser reports without a key.
    pub fn top_level_key_at(&self, line: usize) -> Option<String> {
        self.positions
            .iter()
            .filter(|(path, pos)| path.0.len() == 1 && pos.line <= line)
            .max_by_key(|(_, pos)| pos.line)
            .map(|(path, _)| path.to_string())
    }

    /// The position of a path's value, or of its nearest located parent.
    pub fn find(&self, path: &KeyPath) -> Pos {
        let mut segs = path.0.clone();
        loop {
            if let Some(pos) = self.positions.get(&KeyPath(segs.clone())) {
                return *pos;
            }
            if segs.pop().is_none() {
                return Pos {
                    line: self.first_line,
                    column: 1,
                };
            }
        }
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Recognises `key:` at the start of `rest`; returns the key and the byte
/// offset just past the colon.
fn split_key(rest: &str) -> Option<(String, usize)> {
    let (key, after_key) =
        if let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let close = rest[1..].find(quote)? + 1;
            (rest[1..close].to_string(), close + 1)
        } else {
            if rest.starts_with(['{', '[', '&', '*', '!', '|', '>', '%', '@', '`']) {
                return None;
            }
            let mut end = None;
            for (i, c) in rest.char_indices() {
                if c == ':' {
                    let next = rest[i + 1..].chars().next();
                    if next.is_none() || next == Some(' ') || next == Some('\t') {
                        end = Some(i);
                        break;
                    }
                }
                if c == '#' && i > 0 && rest[..i].ends_with(' ') {
                    return None;
                }
            }
            let end = end?;
            (rest[..end].trim_end().to_string(), end)
        };
    let tail = &rest[after_key..];
    let colon = tail.find(':')?;
    if !tail[..colon].trim().is_empty() {
        return None;
    }
    Some((key, after_key + colon + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(parts: &[&str]) -> KeyPath {
        KeyPath(
            parts
                .iter()
                .map(|p| match p.parse::<usize>() {
                    Ok(n) => Seg::Index(n),
                    Err(_) => Seg::Key(p.to_string()),
                })
                .collect(),
        )
    }

    #[test]
    fn locates_top_level_value_at_first_character() {
        let loc = Locator::new("title: A\ndate: 27/3/2019\n", 2);
        assert_eq!(loc.find(&path(&["date"])), Pos { line: 3, column: 7 });
        assert_eq!(loc.find(&path(&["title"])), Pos { line: 2, column: 8 });
    }

    #[test]
    fn locates_nested_keys_and_list_items() {
        let yaml = "inspection:\n  unit: X\n  unit_level: ward\n  recommendations:\n    - a\n    - text: b\n      status: shut\nresults:\n- indicator: x\n  value: 1\n- indicator: y\n  total: z\n";
        let loc = Locator::new(yaml, 2);
        assert_eq!(
            loc.find(&path(&["inspection", "unit_level"])),
            Pos {
                line: 4,
                column: 15
            }
        );
        assert_eq!(
            loc.find(&path(&["inspection", "recommendations", "0"]))
                .line,
            6
        );
        assert_eq!(
            loc.find(&path(&["inspection", "recommendations", "1", "status"])),
            Pos {
                line: 8,
                column: 15
            }
        );
        assert_eq!(
            loc.find(&path(&["results", "1", "total"])),
            Pos {
                line: 13,
                column: 10
            }
        );
        assert_eq!(loc.find(&path(&["results", "0", "value"])).line, 11);
    }

    #[test]
    fn skips_block_scalars_and_falls_back_to_parent() {
        let yaml = "summary: |\n  a: b\n  c\nslug: x\ntags: [a, b]\n";
        let loc = Locator::new(yaml, 2);
        assert_eq!(loc.find(&path(&["slug"])).line, 5);
        assert_eq!(loc.find(&path(&["tags", "1"])).line, 6);
        assert!(!loc.positions.contains_key(&path(&["a"])));
    }
}
