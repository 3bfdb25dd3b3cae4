//! Procedures of the catalog (`content/procedures/**`): contract section 3 plus
//! the national portal's optional keys (`dvc_url`, `decision`, `targets`, ...).

use std::sync::LazyLock;

use regex::Regex;
use serde_yaml::Value;

use super::common::{origin, read_slug, read_url};
use super::driver::{front_matter, Body};
use super::{ParseContext, Parsed};
use crate::error::Fix;
use crate::frontmatter::fields::{Fields, Reader};
use crate::load::SourceFile;
use crate::model::{Located, Procedure};
use crate::slug::slugify;

pub const PROCEDURE_KEYS: &[&str] = &[
    "code",
    "title",
    "field",
    "agency",
    "level",
    "processing_days",
    "previous_processing_days",
    "online",
    "one_stop",
    "fee",
    "documents",
    "legal_basis",
    "effective_from",
    "dvc_url",
    "decision",
    "targets",
    "result",
    "conditions",
    "slug",
    "draft",
    "lang",
];

/// The national catalog numbers procedures `1.001612`, `2.000150`.
static NATIONAL_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d\.\d{6}$").expect("valid regex"));

pub fn parse_procedure(source: &SourceFile, ctx: &ParseContext) -> Parsed<Procedure> {
    front_matter(source, ctx, PROCEDURE_KEYS, |f, r, body| {
        read_procedure(source, f, r, body)
    })
}

fn read_procedure(
    source: &SourceFile,
    f: &Fields,
    r: &mut Reader,
    body: Body,
) -> Option<Procedure> {
    let code = read_code(f, r);
    let title = f.text(r, "title", true);
    let field = f.text(r, "field", true);
    let agency = f.text(r, "agency", true);
    let level = f.choice(r, "level", false);
    let processing_days = read_days(f, r, "processing_days");
    let previous_processing_days = read_days(f, r, "previous_processing_days");
    let online = f.choice(r, "online", false);
    let one_stop = f.choice(r, "one_stop", false);
    let fee = f.text(r, "fee", false);
    let documents = f.text_list(r, "documents");
    let legal_basis = f.text_list(r, "legal_basis");
    let effective_from = f.date(r, "effective_from", false);
    let dvc_url = read_url(f, r, "dvc_url");
    let decision = f.text(r, "decision", false);
    let targets = f.text_list(r, "targets");
    let result = f.text(r, "result", false);
    let conditions = f.text_list(r, "conditions");
    let draft = f.boolean(r, "draft").unwrap_or(false);
    let slug = procedure_slug(f, r, code.as_ref());
    let body = body.render(r);
    Some(Procedure {
        origin: origin(source),
        slug: slug?,
        code: code?,
        title: title?,
        field: field?,
        agency: agency?,
        level,
        processing_days,
        previous_processing_days,
        online,
        one_stop,
        fee,
        documents,
        legal_basis,
        effective_from,
        dvc_url,
        decision,
        targets,
        result,
        conditions,
        draft,
        body,
    })
}

/// Working days, never negative.
fn read_days(f: &Fields, r: &mut Reader, key: &str) -> Option<f64> {
    let days = f.number(r, key, false);
    if days.is_some_and(|d| d < 0.0) {
        r.error(
            &f.path(key),
            Fix::Number,
            "expected a number of working days of 0 or more",
        );
    }
    days
}

/// `slug` when given, else the code folded: `1.001612` → `1-001612`.
fn procedure_slug(
    f: &Fields,
    r: &mut Reader,
    code: Option<&Located<String>>,
) -> Option<Located<String>> {
    if f.has("slug") {
        return read_slug(f, r, "");
    }
    let code = code?;
    let slug = slugify(&code.value);
    (!slug.is_empty()).then_some(Located {
        value: slug,
        line: code.line,
        column: code.column,
    })
}

fn read_code(f: &Fields, r: &mut Reader) -> Option<Located<String>> {
    if let Some(Value::Number(n)) = f.get("code") {
        // 1.001610 would silently become 1.00161: insist on quotes.
        r.error(
            &f.path("code"),
            Fix::ProcedureCode,
            format!("expected the code in quotes, e.g. code: \"{n}\" (a bare number loses trailing zeros)"),
        );
        return None;
    }
    let code = f.text(r, "code", true)?.trim().to_string();
    let pos = r.locator.find(&f.path("code"));
    if !NATIONAL_CODE.is_match(&code) {
        r.warn(
            &f.path("code"),
            Fix::ProcedureCode,
            format!(
                "code {code:?} is not of the national catalog's shape D.DDDDDD (e.g. 1.001612)"
            ),
        );
    }
    Some(Located {
        value: code,
        line: pos.line,
        column: pos.column,
    })
}
