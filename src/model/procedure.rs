//! Procedures of the catalog (`content/procedures/**`): contract section 3 plus
//! the national portal's optional keys (`dvc_url`, `decision`, `targets`, ...).

use std::sync::LazyLock;

use regex::Regex;
use serde_yaml::Value;

use super::fields::{Fields, Reader};
use super::news::{origin, read_url};
use super::{prepare, Located, ParseContext, Parsed, Procedure};
use crate::frontmatter::KeyPath;
use crate::load::SourceFile;
use crate::markdown;
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
];

/// The national catalog numbers procedures `1.001612`, `2.000150`.
static NATIONAL_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d\.\d{6}$").expect("valid regex"));

pub fn parse_procedure(source: &SourceFile, ctx: &ParseContext) -> Parsed<Procedure> {
    let prepared = match prepare(source) {
        Ok(p) => p,
        Err(d) => return Parsed::failed(d),
    };
    let mut r = Reader::new(&source.rel_path, &prepared.locator, ctx.timezone);
    let root = KeyPath::default();
    let f = Fields::new(&prepared.map, &root);

    let code = read_code(&f, &mut r);
    let title = f.text(&mut r, "title", true);
    let field = f.text(&mut r, "field", true);
    let agency = f.text(&mut r, "agency", true);
    let level = f.choice(&mut r, "level", false);
    let processing_days = f.number(&mut r, "processing_days", false);
    let previous_processing_days = f.number(&mut r, "previous_processing_days", false);
    for (key, days) in [
        ("processing_days", processing_days),
        ("previous_processing_days", previous_processing_days),
    ] {
        if days.is_some_and(|d| d < 0.0) {
            r.error(
                &f.path(key),
                "expected a number of working days of 0 or more",
            );
        }
    }
    let online = f.choice(&mut r, "online", false);
    let one_stop = f.choice(&mut r, "one_stop", false);
    let fee = f.text(&mut r, "fee", false);
    let documents = f.text_list(&mut r, "documents");
    let legal_basis = f.text_list(&mut r, "legal_basis");
    let effective_from = f.date(&mut r, "effective_from", false);
    let dvc_url = read_url(&f, &mut r, "dvc_url");
    let decision = f.text(&mut r, "decision", false);
    let targets = f.text_list(&mut r, "targets");
    let result = f.text(&mut r, "result", false);
    let conditions = f.text_list(&mut r, "conditions");
    let draft = f.boolean(&mut r, "draft").unwrap_or(false);
    let slug = match (&code, f.has("slug")) {
        (_, true) => super::news::read_slug(&f, &mut r, ""),
        (Some(code), false) => {
            let slug = slugify(&code.value);
            (!slug.is_empty()).then_some(Located {
                value: slug,
                line: code.line,
                column: code.column,
            })
        }
        (None, false) => None,
    };
    f.warn_unknown(&mut r, PROCEDURE_KEYS);

    let body = markdown::render(prepared.body, prepared.body_line, &ctx.base_url);
    r.diagnostics
        .extend(super::body_findings(&source.rel_path, &body, ctx));
    let item = match (code, title, field, agency, slug, r.has_errors()) {
        (Some(code), Some(title), Some(field), Some(agency), Some(slug), false) => {
            Some(Procedure {
                origin: origin(source),
                slug,
                code,
                title,
                field,
                agency,
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
        _ => None,
    };
    Parsed {
        item,
        diagnostics: r.diagnostics,
    }
}

fn read_code(f: &Fields, r: &mut Reader) -> Option<Located<String>> {
    if let Some(Value::Number(n)) = f.get("code") {
        // 1.001610 would silently become 1.00161: insist on quotes.
        r.error(
            &f.path("code"),
            format!("expected the code in quotes, e.g. code: \"{n}\" (a bare number loses trailing zeros)"),
        );
        return None;
    }
    let code = f.text(r, "code", true)?.trim().to_string();
    let pos = r.locator.find(&f.path("code"));
    if !NATIONAL_CODE.is_match(&code) {
        r.warn(
            &f.path("code"),
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
