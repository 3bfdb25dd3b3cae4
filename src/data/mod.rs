//! Open data under `/data/`: the news index, inspections, results and
//! procedures as JSON and CSV from one table definition each, plus a
//! Frictionless `datapackage.json` describing them.

mod documents;
mod indices;
mod inspections;
mod languages;
mod news;
mod procedures;
mod table;

use serde_json::{json, Value};

use crate::locale::Texts;
use crate::model::site::Site;
use crate::model::Portal;
use crate::output::{FileSink, OutputTree};
use table::{to_csv, to_json, Column, RowKey, Table};

pub use table::{defuse_formula, json_number};

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
const INDICES: DatasetInfo = DatasetInfo { name: "indices" };
const DOCUMENTS: DatasetInfo = DatasetInfo { name: "documents" };
/// The tables in the order of `TABLES` and of `datapackage.json`.
const INFOS: [&DatasetInfo; 6] = [
    &NEWS,
    &INSPECTIONS,
    &RESULTS,
    &PROCEDURES,
    &INDICES,
    &DOCUMENTS,
];

/// The published tables with how many rows each has, in the order of
/// `datapackage.json`: counted, not built (every rebuild plans the page).
pub fn dataset_summaries(portal: &Portal) -> Vec<(&'static DatasetInfo, usize)> {
    if portal.sites().len() > 1 {
        // Rows of several languages are matched by file: counted by their keys.
        return INFOS
            .iter()
            .zip(&TABLES)
            .map(|(info, kind)| (*info, rows_in_languages(portal, kind)))
            .collect();
    }
    let site = portal.default_site();
    let results = site.news().iter().map(|n| n.results.len()).sum();
    vec![
        (&NEWS, site.news().len()),
        (&INSPECTIONS, inspections::count(site)),
        (&RESULTS, results),
        (&PROCEDURES, site.procedures().len()),
        (&INDICES, indices::count(site)),
        (&DOCUMENTS, site.documents().len()),
    ]
}

fn columns() -> [Vec<Column>; 6] {
    [
        news::news_columns(),
        inspections::inspections_columns(),
        news::results_columns(),
        procedures::procedures_columns(),
        indices::indices_columns(),
        documents::documents_columns(),
    ]
}

/// Each table of one site.
type TableOf = fn(&Site) -> Table<'_>;
/// The row keys of one site's table, without its cells.
type KeysOf = fn(&Site) -> Vec<RowKey<'_>>;

/// A published table: how one site's is made, its text columns that other
/// languages translate, and its row keys alone where they cost less than
/// the table (the large ones; the others' keys come from the table).
struct TableKind {
    table_of: TableOf,
    translated: &'static [&'static str],
    keys_of: Option<KeysOf>,
}

const TABLES: [TableKind; 6] = [
    TableKind {
        table_of: news::news_table,
        translated: news::NEWS_TRANSLATED,
        keys_of: Some(news::news_keys),
    },
    TableKind {
        table_of: inspections::inspections_table,
        translated: inspections::INSPECTIONS_TRANSLATED,
        keys_of: Some(inspections::inspections_keys),
    },
    TableKind {
        table_of: news::results_table,
        translated: news::RESULTS_TRANSLATED,
        keys_of: Some(news::results_keys),
    },
    TableKind {
        table_of: procedures::procedures_table,
        translated: procedures::PROCEDURES_TRANSLATED,
        keys_of: Some(procedures::procedures_keys),
    },
    TableKind {
        table_of: indices::indices_table,
        translated: indices::INDICES_TRANSLATED,
        keys_of: None,
    },
    TableKind {
        table_of: documents::documents_table,
        translated: documents::DOCUMENTS_TRANSLATED,
        keys_of: Some(documents::documents_keys),
    },
];

/// How many rows the table of `kind` has in every language together.
fn rows_in_languages(portal: &Portal, kind: &TableKind) -> usize {
    let keys = portal
        .sites()
        .iter()
        .map(|site| match kind.keys_of {
            Some(keys_of) => keys_of(site),
            None => (kind.table_of)(site).keys,
        })
        .collect();
    languages::rows_in_languages(keys)
}

/// One table of every language, merged (see `languages::in_languages`).
fn table<'p>(portal: &'p Portal, kind: &TableKind) -> Table<'p> {
    let each: Vec<_> = portal
        .sites()
        .iter()
        .map(|site| (site.config().language, (kind.table_of)(site)))
        .collect();
    languages::in_languages(each, kind.translated)
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
    pub name: String,
    pub kind: &'static str,
    pub description: &'static str,
}

/// The page's view of each table: counts and column definitions, without
/// building the rows a second time.
pub fn dataset_views(site: &Site, summaries: &[(&'static DatasetInfo, usize)]) -> Vec<DatasetView> {
    let base = &site.config().root_url;
    let t = &site.config().texts;
    let columns = columns();
    summaries
        .iter()
        .copied()
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
                    name: c.name.to_string(),
                    kind: c.kind.frictionless(),
                    description: c.description,
                })
                .collect(),
        })
        .collect()
}

/// The open data of every language, one set of files at the site's root.
/// One table at a time, each file handed to `sink` as soon as it is made: the
/// tables of a large portal are never all in memory together.
pub fn add_open_data(portal: &Portal, tree: &mut OutputTree, sink: &dyn FileSink) {
    let site = portal.default_site();
    let mut resources = Vec::new();
    for kind in &TABLES {
        let table = table(portal, kind);
        let name = table.info.name;
        tree.add_through(
            sink,
            &format!("data/{name}.json"),
            to_json(&table).into_bytes(),
        );
        tree.add_through(sink, &format!("data/{name}.csv"), to_csv(&table));
        resources.push(resource(&table, &site.config().texts));
    }
    let package = json!({
        "profile": "tabular-data-package",
        "name": crate::slug::slugify(&site.config().title),
        "title": site.config().title,
        "homepage": site.config().root_url,
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
