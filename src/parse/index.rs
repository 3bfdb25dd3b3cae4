//! One year of a performance index (`content/indices/SLUG/YYYY.md`,
//! contract section 9): the ranked units, their scores and components, the
//! bands. Ranks missing from the file are derived from the scores here.

use serde_yaml::Value;

use super::common::origin;
use super::driver::{front_matter, Body};
use super::{ParseContext, Parsed};
use crate::error::Fix;
use crate::frontmatter::describe;
use crate::frontmatter::fields::{Fields, Reader};
use crate::load::SourceFile;
use crate::model::indices::{
    contradicting_ranks, derive_ranks, sort_by_rank, Band, IndexYear, RankedUnit,
};
use crate::model::Located;

pub const INDEX_KEYS: &[&str] = &[
    "index",
    "year",
    "scope",
    "published",
    "basis",
    "max_score",
    "better",
    "components",
    "bands",
    "units",
    "of",
    "lang",
];

pub(super) const BAND_KEYS: &[&str] = &["name", "from"];
pub(super) const UNIT_KEYS: &[&str] =
    &["unit", "unit_level", "score", "rank", "components", "note"];

pub fn parse_index_year(source: &SourceFile, ctx: &ParseContext, slug: &str) -> Parsed<IndexYear> {
    front_matter(source, ctx, INDEX_KEYS, |f, r, body| {
        read_index_year(source, slug, f, r, body)
    })
}

fn read_index_year(
    source: &SourceFile,
    slug: &str,
    f: &Fields,
    r: &mut Reader,
    body: Body,
) -> Option<IndexYear> {
    let name = f.text(r, "index", true).map(|value| {
        let pos = r.locator.find(&f.path("index"));
        Located {
            value,
            line: pos.line,
            column: pos.column,
        }
    });
    let year = read_year(source, f, r);
    let components = f.text_list(r, "components");
    let better = f.choice(r, "better", false).unwrap_or_default();
    let mut units = read_units(f, r, components.len());
    check_ranks(f, r, &units, better);
    derive_ranks(&mut units, better);
    sort_by_rank(&mut units);
    let index = IndexYear {
        origin: origin(source),
        slug: crate::slug::slugify(slug),
        name: name?,
        year: year?,
        scope: f.text(r, "scope", false),
        published: f.date(r, "published", false),
        basis: f.text(r, "basis", false),
        max_score: f.number(r, "max_score", false),
        better,
        components,
        bands: read_bands(f, r),
        units,
        of: f.count(r, "of", false),
        body: body.render(r),
    };
    check_of(f, r, &index);
    Some(index)
}

/// `year`, which must be the file's name.
fn read_year(source: &SourceFile, f: &Fields, r: &mut Reader) -> Option<i32> {
    let year = f.count(r, "year", true)?;
    if source.stem.parse::<u32>().ok() == Some(year) {
        return Some(year as i32);
    }
    r.error(
        &f.path("year"),
        Fix::Year,
        format!(
            "expected the year of the file name ({}), found {year}",
            source.stem
        ),
    );
    None
}

fn read_units(f: &Fields, r: &mut Reader, components: usize) -> Vec<RankedUnit> {
    let Some(items) = f.sequence(r, "units") else {
        if !f.has("units") {
            r.error(
                &f.path("units"),
                Fix::Required,
                "required key is missing: expected a list of {unit, score, rank, ...}",
            );
        }
        return Vec::new();
    };
    let mut units: Vec<RankedUnit> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = f.path("units").index(i);
        let Value::Mapping(m) = item else {
            r.error(
                &path,
                Fix::Shape,
                format!(
                    "expected {{unit, score, rank, ...}}, found {}",
                    describe(item)
                ),
            );
            continue;
        };
        let fu = Fields::new(m, &path);
        let Some(unit) = read_unit(&fu, r, components) else {
            continue;
        };
        if let Some(first) = units.iter().find(|u| u.unit.value == unit.unit.value) {
            r.error(
                &fu.path("unit"),
                Fix::Duplicate,
                format!(
                    "{:?} is already ranked on line {}: each unit once a year",
                    unit.unit.value, first.unit.line
                ),
            );
            continue;
        }
        units.push(unit);
    }
    units
}

fn read_unit(fu: &Fields, r: &mut Reader, components: usize) -> Option<RankedUnit> {
    let name = fu.text(r, "unit", true);
    let pos = r.locator.find(&fu.path("unit"));
    let unit_level = fu.choice(r, "unit_level", false);
    let score = fu.number(r, "score", false);
    let rank = fu.count(r, "rank", false);
    if rank == Some(0) {
        r.error(
            &fu.path("rank"),
            Fix::Rank,
            "expected a rank of 1 or more, found 0",
        );
    }
    let scores = read_components(fu, r);
    if fu.has("components") && scores.len() != components {
        r.error(
            &fu.path("components"),
            Fix::Index,
            format!(
                "expected {components} component scores (one per name in `components`), found {}",
                scores.len()
            ),
        );
    }
    let note = fu.text(r, "note", false);
    fu.warn_unknown(r, UNIT_KEYS);
    Some(RankedUnit {
        unit: Located {
            value: name?,
            line: pos.line,
            column: pos.column,
        },
        unit_level,
        score,
        rank,
        components: scores,
        note,
    })
}

/// A unit's component scores; `~` for one the source does not give.
fn read_components(fu: &Fields, r: &mut Reader) -> Vec<Option<f64>> {
    let Some(items) = fu.sequence(r, "components") else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Value::Null => None,
            other => {
                let n = crate::frontmatter::fields::number_of(other);
                if n.is_none() {
                    r.error(
                        &fu.path("components").index(i),
                        Fix::Number,
                        format!("expected a number, found {}", describe(other)),
                    );
                }
                n
            }
        })
        .collect()
}

fn read_bands(f: &Fields, r: &mut Reader) -> Vec<Band> {
    let mut bands: Vec<Band> = Vec::new();
    for (i, item) in f.sequence(r, "bands").into_iter().flatten().enumerate() {
        let path = f.path("bands").index(i);
        let Value::Mapping(m) = item else {
            r.error(
                &path,
                Fix::Shape,
                format!("expected {{name, from}}, found {}", describe(item)),
            );
            continue;
        };
        let fb = Fields::new(m, &path);
        let name = fb.text(r, "name", true);
        let from = fb.number(r, "from", true);
        fb.warn_unknown(r, BAND_KEYS);
        if let (Some(name), Some(from)) = (name, from) {
            if bands.last().is_some_and(|b| b.from <= from) {
                r.error(
                    &fb.path("from"),
                    Fix::Index,
                    "expected the bands highest `from` first",
                );
            }
            bands.push(Band { name, from });
        }
    }
    bands
}

/// A rank for some units and not others is an error; a given rank that
/// contradicts the scores is a warning (the file is what was published).
fn check_ranks(f: &Fields, r: &mut Reader, units: &[RankedUnit], better: crate::model::Better) {
    let ranked = units.iter().filter(|u| u.rank.is_some()).count();
    if ranked > 0 && ranked < units.len() {
        let missing = units
            .iter()
            .find(|u| u.rank.is_none())
            .map(|u| u.unit.value.clone());
        r.error(
            &f.path("units"),
            Fix::Rank,
            format!(
                "a `rank` is given for {ranked} of {} units ({} has none): give every unit its rank, or none (then the scores decide)",
                units.len(),
                missing.unwrap_or_default()
            ),
        );
        return;
    }
    if let Some((a, b)) = contradicting_ranks(units, better) {
        r.warn(
            &f.path("units"),
            Fix::Rank,
            format!(
                "{:?} is ranked above {:?} with a worse score (better: {}); check the ranks",
                a.unit.value,
                b.unit.value,
                better.code()
            ),
        );
    }
}

fn check_of(f: &Fields, r: &mut Reader, index: &IndexYear) {
    if let Some(of) = index.of {
        if (of as usize) < index.units.len() {
            r.error(
                &f.path("of"),
                Fix::Rank,
                format!(
                    "expected `of` to count at least the {} units listed, found {of}",
                    index.units.len()
                ),
            );
        }
    }
}
