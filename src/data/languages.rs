//! One table for every language: the default language's rows, each with a
//! column per other language for its text (`title_en` beside `title`),
//! filled from the row of the same file's translation and empty where there
//! is none; then the rows only another language has, whose default-language
//! text is empty (not written), never copied from the other language.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::table::{Cell, Column, RowKey, Table};
use crate::locale::Lang;

/// `tables` in the site's languages, the default first; `translated`: the
/// text columns that get a column per other language.
pub(super) fn in_languages<'s>(
    mut tables: Vec<(Lang, Table<'s>)>,
    translated: &[&str],
) -> Table<'s> {
    let (_, mut merged) = tables.remove(0);
    let text_columns: Vec<usize> = merged
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| translated.contains(&c.name.as_ref()))
        .map(|(i, _)| i)
        .collect();
    for (lang, table) in tables {
        add_language(&mut merged, lang, table, &text_columns);
    }
    merged
}

/// How many rows `in_languages` makes of tables whose rows have these keys
/// (the default language's first), without their cells: the rows of the
/// first, then each other language's rows that match none before them.
pub(super) fn rows_in_languages(tables: Vec<Vec<RowKey<'_>>>) -> usize {
    let mut tables = tables.into_iter();
    let Some(mut merged) = tables.next() else {
        return 0;
    };
    for keys in tables {
        let mut used = vec![false; keys.len()];
        for i in matches(&merged, &keys).into_iter().flatten() {
            used[i] = true;
        }
        let alone = keys.iter().zip(used).filter(|(_, used)| !used);
        let alone: Vec<RowKey> = alone.map(|(key, _)| *key).collect();
        merged.extend(alone);
    }
    merged.len()
}

/// For each merged row's key, the row of `keys` with the same key (the
/// same file's translation), if any.
fn matches(merged: &[RowKey], keys: &[RowKey]) -> Vec<Option<usize>> {
    let index: FxHashMap<&RowKey, usize> = keys.iter().enumerate().map(|(i, k)| (k, i)).collect();
    merged.iter().map(|key| index.get(key).copied()).collect()
}

fn add_language<'s>(merged: &mut Table<'s>, lang: Lang, table: Table<'s>, text_columns: &[usize]) {
    let added: Vec<Column> = text_columns
        .iter()
        .map(|&i| Column {
            name: Cow::Owned(format!("{}_{}", merged.columns[i].name, lang.code())),
            kind: merged.columns[i].kind,
            description: merged.columns[i].description,
        })
        .collect();
    let width = merged.columns.len();
    merged.columns.extend(added);
    let matches = matches(&merged.keys, &table.keys);
    let mut used = vec![false; table.rows.len()];
    for (row, at) in merged.rows.iter_mut().zip(&matches) {
        let translation = at.map(|i| {
            used[i] = true;
            &table.rows[i]
        });
        row.extend(text_columns.iter().map(|&i| match translation {
            Some(cells) => cells[i].clone(),
            None => Cell::Text(None),
        }));
    }
    // Rows only this language has, in its own order.
    for ((key, cells), used) in table.keys.iter().zip(&table.rows).zip(used) {
        if used {
            continue;
        }
        let mut row = cells.clone();
        for &i in text_columns {
            row[i] = Cell::Text(None);
        }
        // Earlier languages' columns: this row has none of their text.
        row.resize(width, Cell::Text(None));
        row.extend(text_columns.iter().map(|&i| cells[i].clone()));
        merged.keys.push(*key);
        merged.rows.push(row);
    }
}
