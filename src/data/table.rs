//! One table of open data and its two writings, CSV and JSON, with the
//! column descriptions `datapackage.json` carries. A cell that is not
//! stated is empty (CSV) or `null` (JSON), never 0.

use serde_json::{Map, Value};

#[derive(Clone, Copy)]
pub enum Kind {
    Text,
    Number,
    Integer,
    Boolean,
    Date,
    DateTime,
}

impl Kind {
    pub fn frictionless(self) -> &'static str {
        match self {
            Kind::Text => "string",
            Kind::Number => "number",
            Kind::Integer => "integer",
            Kind::Boolean => "boolean",
            Kind::Date => "date",
            Kind::DateTime => "datetime",
        }
    }
}

pub struct Column {
    /// `title`; `title_en` for the English of a text column.
    pub name: std::borrow::Cow<'static, str>,
    pub kind: Kind,
    pub description: &'static str,
}

#[derive(Clone)]
pub enum Cell {
    Text(Option<String>),
    Number(Option<f64>),
    Integer(Option<i64>),
    Boolean(bool),
}

pub struct Table<'s> {
    pub info: &'static super::DatasetInfo,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// What each row is of: the same in every language's table for a
    /// file and its translations (see `languages`).
    pub keys: Vec<RowKey<'s>>,
}

/// A row's content file (the path its translations share) and its place
/// among that file's rows.
pub type RowKey<'s> = (&'s std::path::Path, usize, usize);

pub fn col(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name: std::borrow::Cow::Borrowed(name),
        kind,
        description,
    }
}

pub fn text(s: impl Into<String>) -> Cell {
    Cell::Text(Some(s.into()))
}

pub fn opt_text(s: Option<impl Into<String>>) -> Cell {
    Cell::Text(s.map(Into::into))
}

pub fn integer(n: usize) -> Cell {
    Cell::Integer(Some(n as i64))
}

pub fn opt_integer(n: Option<usize>) -> Cell {
    Cell::Integer(n.map(|n| n as i64))
}

/// A number for JSON: whole numbers as integers (`1`, not `1.0`).
pub fn json_number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

pub fn to_json(table: &Table) -> String {
    let rows: Vec<Value> = table
        .rows
        .iter()
        .map(|row| {
            let mut object = Map::new();
            for (column, cell) in table.columns.iter().zip(row) {
                let value = match cell {
                    Cell::Text(Some(s)) => Value::String(s.clone()),
                    Cell::Text(None) | Cell::Number(None) => Value::Null,
                    Cell::Number(Some(n)) => json_number(*n),
                    Cell::Integer(Some(i)) => Value::from(*i),
                    Cell::Integer(None) => Value::Null,
                    Cell::Boolean(b) => Value::Bool(*b),
                };
                object.insert(column.name.to_string(), value);
            }
            Value::Object(object)
        })
        .collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into()) + "\n"
}

/// A text cell that a spreadsheet would run as a formula gets a leading `'`.
pub fn defuse_formula(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

pub fn to_csv(table: &Table) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(table.columns.iter().map(|c| c.name.as_ref()));
    for row in &table.rows {
        let record: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(Some(s)) => defuse_formula(s),
                Cell::Text(None) | Cell::Number(None) => String::new(),
                Cell::Number(Some(n)) => number_text(*n),
                Cell::Integer(Some(i)) => i.to_string(),
                Cell::Integer(None) => String::new(),
                Cell::Boolean(b) => b.to_string(),
            })
            .collect();
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defuses_cells_a_spreadsheet_would_run() {
        assert_eq!(defuse_formula("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse_formula("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse_formula("Sở Nội vụ"), "Sở Nội vụ");
    }
}
