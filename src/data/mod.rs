//! Open data under `/data/`: the news index, inspections, results and
//! procedures as JSON and CSV from one table definition each, plus a
//! Frictionless `datapackage.json` describing them.

use serde_json::{json, Map, Value};

use crate::locale::{day_iso, Texts};
use crate::model::site::Site;
use crate::model::{Inspection, RecommendationStatus};
use crate::output::OutputTree;
use crate::routes;

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Number,
    Integer,
    Boolean,
    Date,
    DateTime,
}

impl Kind {
    fn frictionless(self) -> &'static str {
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

struct Column {
    name: &'static str,
    kind: Kind,
    description: &'static str,
}

#[derive(Clone)]
enum Cell {
    Text(Option<String>),
    Number(Option<f64>),
    Integer(i64),
    Boolean(bool),
}

struct Table {
    info: &'static DatasetInfo,
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
}

/// What one published table is, for the `/data/` page and its JSON-LD.
pub struct DatasetInfo {
    pub name: &'static str,
}

impl DatasetInfo {
    /// Its title, in the portal's language.
    pub fn title(&self, t: &Texts) -> String {
        t.get(&format!("data.{}.title", self.name)).to_string()
    }

    /// One sentence, in the portal's language, for a citizen.
    pub fn description(&self, t: &Texts) -> String {
        t.get(&format!("data.{}.description", self.name))
            .to_string()
    }
}

const NEWS: DatasetInfo = DatasetInfo { name: "news" };
const INSPECTIONS: DatasetInfo = DatasetInfo {
    name: "inspections",
};
const RESULTS: DatasetInfo = DatasetInfo { name: "results" };
const PROCEDURES: DatasetInfo = DatasetInfo { name: "procedures" };

/// The published tables with how many rows each has, in the order of
/// `datapackage.json`.
pub fn dataset_summaries(site: &Site) -> Vec<(&'static DatasetInfo, usize)> {
    let inspections = site
        .inspections_by_year()
        .values()
        .flatten()
        .filter(|&&i| site.news()[i].inspection.is_some())
        .count()
        + site
            .plans()
            .values()
            .map(|p| p.inspections.len())
            .sum::<usize>();
    let results = site.news().iter().map(|n| n.results.len()).sum();
    vec![
        (&NEWS, site.news().len()),
        (&INSPECTIONS, inspections),
        (&RESULTS, results),
        (&PROCEDURES, site.procedures().len()),
    ]
}

fn col(name: &'static str, kind: Kind, description: &'static str) -> Column {
    Column {
        name,
        kind,
        description,
    }
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(Some(s.into()))
}

fn opt_text(s: Option<impl Into<String>>) -> Cell {
    Cell::Text(s.map(Into::into))
}

fn tables(site: &Site) -> [Table; 4] {
    [
        news_table(site),
        inspections_table(site),
        results_table(site),
        procedures_table(site),
    ]
}

/// What the `/data/` page lists about each file.
#[derive(serde::Serialize)]
pub struct DatasetView {
    pub name: &'static str,
    pub title: String,
    pub description: String,
    pub rows: usize,
    pub csv_url: String,
    pub json_url: String,
    pub fields: Vec<FieldView>,
}

#[derive(serde::Serialize)]
pub struct FieldView {
    pub name: &'static str,
    pub kind: &'static str,
    pub description: &'static str,
}

/// The page's view of each table: counts and column definitions, without
/// building the rows a second time.
pub fn dataset_views(site: &Site) -> Vec<DatasetView> {
    let base = &site.config().base_url;
    let t = &site.config().texts;
    let columns = [
        news_columns(),
        inspections_columns(),
        results_columns(),
        procedures_columns(),
    ];
    dataset_summaries(site)
        .into_iter()
        .zip(columns)
        .map(|((info, rows), columns)| DatasetView {
            name: info.name,
            title: info.title(t),
            description: info.description(t),
            rows,
            csv_url: format!("{base}data/{}.csv", info.name),
            json_url: format!("{base}data/{}.json", info.name),
            fields: columns
                .iter()
                .map(|c| FieldView {
                    name: c.name,
                    kind: c.kind.frictionless(),
                    description: c.description,
                })
                .collect(),
        })
        .collect()
}

pub fn add_open_data(site: &Site, tree: &mut OutputTree) {
    let tables = tables(site);
    let mut resources = Vec::new();
    for table in &tables {
        tree.add_text(&format!("data/{}.json", table.info.name), to_json(table));
        tree.add(
            &format!("data/{}.csv", table.info.name),
            crate::output::Content::Bytes(to_csv(table)),
        );
        resources.push(resource(table, &site.config().texts));
    }
    let package = json!({
        "profile": "tabular-data-package",
        "name": crate::slug::slugify(&site.config().title),
        "title": site.config().title,
        "homepage": site.config().base_url,
        "resources": resources,
    });
    tree.add_text(
        "data/datapackage.json",
        serde_json::to_string_pretty(&package).unwrap_or_default() + "\n",
    );
}

fn resource(table: &Table, t: &Texts) -> Value {
    let fields: Vec<Value> = table
        .columns
        .iter()
        .map(|c| json!({"name": c.name, "type": c.kind.frictionless(), "description": c.description}))
        .collect();
    json!({
        "name": table.info.name,
        "title": table.info.title(t),
        "path": format!("{}.csv", table.info.name),
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": {"fields": fields},
    })
}

fn json_number(n: f64) -> Value {
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number)
    }
}

fn to_json(table: &Table) -> String {
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
                    Cell::Integer(i) => Value::from(*i),
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

fn to_csv(table: &Table) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(table.columns.iter().map(|c| c.name));
    for row in &table.rows {
        let record: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(Some(s)) => defuse_formula(s),
                Cell::Text(None) | Cell::Number(None) => String::new(),
                Cell::Number(Some(n)) => number_text(*n),
                Cell::Integer(i) => i.to_string(),
                Cell::Boolean(b) => b.to_string(),
            })
            .collect();
        let _ = writer.write_record(&record);
    }
    writer.into_inner().unwrap_or_default()
}

fn news_columns() -> Vec<Column> {
    vec![
        col("slug", Kind::Text, "URL segment"),
        col("url", Kind::Text, "address of the item"),
        col("title", Kind::Text, "headline"),
        col("date", Kind::DateTime, "publication time, ISO 8601"),
        col("updated", Kind::DateTime, "last substantive change"),
        col("summary", Kind::Text, "teaser"),
        col("author", Kind::Text, "author"),
        col("source", Kind::Text, "publication the item comes from"),
        col("source_url", Kind::Text, "link to the original"),
        col("agency", Kind::Text, "agency the item is about"),
        col("location", Kind::Text, "province or district"),
        col("tags", Kind::Text, "tags, separated by '; '"),
        col("featured", Kind::Boolean, "shown among the featured news"),
        col(
            "inspection_unit",
            Kind::Text,
            "inspected agency, when the item reports an inspection",
        ),
    ]
}

fn inspections_columns() -> Vec<Column> {
    vec![
        col("year", Kind::Integer, "year of the inspection"),
        col("date", Kind::Date, "day of the inspection"),
        col("unit", Kind::Text, "inspected agency"),
        col(
            "unit_level",
            Kind::Text,
            "province, department, district, commune or other",
        ),
        col("lead", Kind::Text, "head of the inspection team"),
        col("basis", Kind::Text, "plan or decision it follows"),
        col("round", Kind::Text, "round"),
        col("strengths", Kind::Integer, "number of strengths found"),
        col(
            "shortcomings",
            Kind::Integer,
            "number of shortcomings found",
        ),
        col(
            "recommendations",
            Kind::Integer,
            "number of recommendations",
        ),
        col(
            "recommendations_open",
            Kind::Integer,
            "recommendations not started",
        ),
        col(
            "recommendations_in_progress",
            Kind::Integer,
            "recommendations in progress",
        ),
        col(
            "recommendations_done",
            Kind::Integer,
            "recommendations done",
        ),
        col("item_url", Kind::Text, "news item reporting the inspection"),
    ]
}

fn results_columns() -> Vec<Column> {
    vec![
        col("item_url", Kind::Text, "news item reporting the figure"),
        col("item_title", Kind::Text, "headline of that item"),
        col("indicator", Kind::Text, "what was measured"),
        col("value", Kind::Number, "measured value"),
        col("unit", Kind::Text, "unit of the value"),
        col("total", Kind::Number, "the value is value of total"),
        col(
            "percent_of_total",
            Kind::Number,
            "value / total × 100, two decimals",
        ),
        col("target", Kind::Number, "target value"),
        col("period", Kind::Text, "YYYY, YYYY-Qn, YYYY-Hn or YYYY-MM"),
    ]
}

fn procedures_columns() -> Vec<Column> {
    vec![
        col("code", Kind::Text, "procedure code"),
        col("title", Kind::Text, "name of the procedure"),
        col("field", Kind::Text, "field"),
        col("agency", Kind::Text, "agency that carries it out"),
        col(
            "level",
            Kind::Text,
            "province, district, commune or central",
        ),
        col(
            "processing_days",
            Kind::Number,
            "processing time, working days",
        ),
        col(
            "previous_processing_days",
            Kind::Number,
            "time before it was cut",
        ),
        col("online", Kind::Text, "full, partial or none"),
        col("one_stop", Kind::Text, "true, false or interlinked"),
        col("fee", Kind::Text, "fees and charges"),
        col("effective_from", Kind::Date, "in force from"),
        col(
            "documents",
            Kind::Text,
            "documents to submit, separated by '; '",
        ),
        col("legal_basis", Kind::Text, "legal basis, separated by '; '"),
        col("decision", Kind::Text, "decision that published it"),
        col(
            "dvc_url",
            Kind::Text,
            "record on the national public-service portal",
        ),
        col("url", Kind::Text, "page of the procedure"),
    ]
}

fn news_table(site: &Site) -> Table {
    let base = &site.config().base_url;
    Table {
        info: &NEWS,
        columns: news_columns(),
        rows: site
            .news()
            .iter()
            .map(|n| {
                vec![
                    text(n.slug.value.clone()),
                    text(format!("{base}{}", routes::news_item(&n.slug.value))),
                    text(n.title.clone()),
                    text(n.date.to_rfc3339()),
                    opt_text(n.updated.map(|u| u.to_rfc3339())),
                    text(n.summary.clone()),
                    opt_text(n.author.clone()),
                    opt_text(n.source.clone()),
                    opt_text(n.source_url.clone()),
                    opt_text(n.agency.clone()),
                    opt_text(n.location.clone()),
                    text(n.tags.join("; ")),
                    Cell::Boolean(n.featured),
                    opt_text(n.inspection.as_ref().map(|i| i.unit.clone())),
                ]
            })
            .collect(),
    }
}

fn inspection_row(year: i32, ins: &Inspection, url: Option<String>) -> Vec<Cell> {
    let count = |s: RecommendationStatus| {
        ins.recommendations.iter().filter(|r| r.status == s).count() as i64
    };
    vec![
        Cell::Integer(i64::from(year)),
        opt_text(ins.date.as_ref().map(day_iso)),
        text(ins.unit.clone()),
        text(ins.unit_level.code()),
        opt_text(ins.lead.clone()),
        opt_text(ins.basis.clone()),
        opt_text(ins.round.clone()),
        Cell::Integer(ins.strengths.len() as i64),
        Cell::Integer(ins.shortcomings.len() as i64),
        Cell::Integer(ins.recommendations.len() as i64),
        Cell::Integer(count(RecommendationStatus::Open)),
        Cell::Integer(count(RecommendationStatus::InProgress)),
        Cell::Integer(count(RecommendationStatus::Done)),
        opt_text(url),
    ]
}

fn inspections_table(site: &Site) -> Table {
    let base = &site.config().base_url;
    let mut rows = Vec::new();
    for (&year, items) in site.inspections_by_year() {
        for &i in items {
            let n = &site.news()[i];
            if let Some(ins) = &n.inspection {
                rows.push(inspection_row(
                    year,
                    ins,
                    Some(format!("{base}{}", routes::news_item(&n.slug.value))),
                ));
            }
        }
    }
    for (&year, plan) in site.plans() {
        for ins in &plan.inspections {
            rows.push(inspection_row(year, ins, None));
        }
    }
    Table {
        info: &INSPECTIONS,
        columns: inspections_columns(),
        rows,
    }
}

fn results_table(site: &Site) -> Table {
    let base = &site.config().base_url;
    let rows = site
        .news()
        .iter()
        .flat_map(|n| {
            n.results.iter().map(move |r| {
                vec![
                    text(format!("{base}{}", routes::news_item(&n.slug.value))),
                    text(n.title.clone()),
                    text(r.indicator.clone()),
                    Cell::Number(Some(r.value)),
                    opt_text(r.unit.clone()),
                    Cell::Number(r.total),
                    Cell::Number(
                        r.total
                            .filter(|t| *t > 0.0)
                            .map(|t| (r.value / t * 10000.0).round() / 100.0),
                    ),
                    Cell::Number(r.target),
                    text(r.period.code()),
                ]
            })
        })
        .collect();
    Table {
        info: &RESULTS,
        columns: results_columns(),
        rows,
    }
}

fn procedures_table(site: &Site) -> Table {
    let base = &site.config().base_url;
    let rows = site
        .procedures()
        .iter()
        .map(|p| {
            vec![
                text(p.code.value.clone()),
                text(p.title.clone()),
                text(p.field.clone()),
                text(p.agency.clone()),
                opt_text(p.level.map(|l| l.code())),
                Cell::Number(p.processing_days),
                Cell::Number(p.previous_processing_days),
                opt_text(p.online.map(|o| o.code())),
                opt_text(p.one_stop.map(|o| o.code())),
                opt_text(p.fee.clone()),
                opt_text(p.effective_from.as_ref().map(day_iso)),
                text(p.documents.join("; ")),
                text(p.legal_basis.join("; ")),
                opt_text(p.decision.clone()),
                opt_text(p.dvc_url.clone()),
                text(format!("{base}{}", routes::procedure(&p.slug.value))),
            ]
        })
        .collect();
    Table {
        info: &PROCEDURES,
        columns: procedures_columns(),
        rows,
    }
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
