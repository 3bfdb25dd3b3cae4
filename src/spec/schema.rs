//! JSON Schema (draft 2020-12) of each kind of file, made from the key
//! definitions. A front-matter kind's schema describes its front matter
//! (YAML read as JSON). Keys the parser does not know are refused here
//! (the parser warns about them and goes on), so an editor sees a typo at
//! once; every other rule is the parser's own.

use serde_json::{json, Map, Value};

use super::{Format, Key, Kind, Obj, Rule, Ty};

pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema's file name: `news.schema.json`.
pub fn file_name(kind: &Kind) -> String {
    format!("{}.schema.json", kind.name)
}

/// The schema of one kind of file.
pub fn of_kind(kind: &Kind) -> Value {
    let body = match kind.format {
        Format::FrontMatter | Format::Yaml => object(kind.root),
        Format::Registry => json!({
            "type": "object",
            "propertyNames": { "pattern": DOCUMENT_NUMBER },
            "additionalProperties": { "anyOf": [
                object(kind.root),
                // One number under several issuers: each entry names its issuer.
                {
                    "type": "array",
                    "minItems": 1,
                    "items": { "allOf": [object(kind.root), { "required": ["issuer"] }] },
                },
            ] },
        }),
    };
    let mut schema = Map::new();
    schema.insert("$schema".into(), json!(DRAFT));
    schema.insert("$id".into(), json!(format!("minhbach:{}", file_name(kind))));
    schema.insert("title".into(), json!(kind.title));
    schema.insert(
        "description".into(),
        json!(format!("{} ({})", kind.files, kind.about)),
    );
    if let Value::Object(fields) = body {
        schema.extend(fields);
    }
    Value::Object(schema)
}

/// A relative path (no drive, no backslash) ending in a document type.
const DOCUMENT_FILE: &str =
    r"^[^/\\:][^\\:]*\.([pP][dD][fF]|[dD][oO][cC][xX]?|[oO][dD][tT]|[xX][lL][sS][xX])$";

/// What a document number looks like: `43/2011/NĐ-CP`, `151/TB-SNV`.
const DOCUMENT_NUMBER: &str = r"^\s*\d+[a-zA-Z]?(/\d{4})?/[A-ZĐa-zđ0-9]+(-[A-ZĐa-zđ0-9]+)*\s*$";

fn object(obj: &Obj) -> Value {
    let properties: Map<String, Value> = obj
        .keys
        .iter()
        .map(|k| (k.name.to_string(), property(k)))
        .collect();
    let required: Vec<&str> = obj
        .keys
        .iter()
        .filter(|k| k.required)
        .map(|k| k.name)
        .collect();
    let mut schema = json!({
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    let rules: Vec<Value> = obj.rules.iter().map(rule).collect();
    if !rules.is_empty() {
        schema["allOf"] = json!(rules);
    }
    schema
}

/// A key's schema; an optional key may be written empty (`key:`), which the
/// parser reads as absent.
fn property(key: &Key) -> Value {
    let mut schema = of_type(&key.ty, key.required);
    if !key.required {
        schema = json!({ "anyOf": [{ "type": "null" }, schema] });
    }
    schema["description"] = json!(key.meaning);
    schema
}

/// The keys are given, and not written empty.
fn given(keys: &[&str]) -> Value {
    let not_null: Map<String, Value> = keys
        .iter()
        .map(|k| (k.to_string(), json!({ "not": { "type": "null" } })))
        .collect();
    json!({ "required": keys, "properties": not_null })
}

fn rule(rule: &Rule) -> Value {
    match rule {
        Rule::NotBoth(a, b) => json!({ "not": given(&[a, b]) }),
        Rule::Needs(a, b) => json!({ "if": given(&[a]), "then": given(&[b]) }),
        Rule::OneOf(a, others) => {
            let any: Vec<Value> = others.iter().map(|o| given(&[o])).collect();
            json!({ "if": given(&[a]), "then": { "anyOf": any } })
        }
        Rule::AllOrNone(list, key) => json!({
            "properties": { *list: { "anyOf": [
                { "not": { "type": "array" } },
                { "items": given(&[key]) },
                { "items": { "not": given(&[key]) } },
            ] } }
        }),
    }
}

const NUMBER: &str = r"^\s*[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?\s*$";
const NON_NEGATIVE: &str = r"^\s*\+?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?\s*$";
const WHOLE: &str = r"^\s*\+?\d{1,9}([.,]0*)?\s*$";
const RANK: &str = r"^\s*\+?0*[1-9]\d{0,8}([.,]0*)?\s*$";
const DATE: &str = r"^\s*\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?|[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2}))?\s*$";
const URL: &str = r"^\s*[Hh][Tt][Tt][Pp][Ss]?://";
const BASE_URL: &str = r#"^\s*(https?://[^/\s"<>\\][^\s"<>\\]*|/([^/\s"<>\\][^\s"<>\\]*)?)\s*$"#;
const SLUG_LETTER: &str = r"[0-9A-Za-z\u00C0-\u024F\u1E00-\u1EFF]";
const SLUG_FORBIDDEN: &str = r"[/\\%\u0000]|\.\.";
const SITE_PATH: &str = r#"^\s*(/(?!\.\.?(/|\s*$))[^/\\?#:%<>"|*\u0000-\u001F]+)+/?\s*$"#;
const PERIOD: &str = r"^\s*(\d{4}(-([Qq][1-4]|[Hh][12]|0[1-9]|1[0-2]))?|[Nn]ăm \d{4}|6 tháng (đầu|cuối) năm \d{4}|[Qq]uý ([Ii]{1,3}|[Ii][Vv]|[1-4])/\d{4}|[Tt]háng (0?[1-9]|1[0-2])/\d{4})\s*$";
const TIMEZONE: &str = r"^\s*([Uu][Tt][Cc]|Z|[+-](0?\d|1[0-4])(:[0-5]?\d)?)\s*$";
const U32_MAX: u64 = u32::MAX as u64;

fn number_or(pattern: &str, number: Value) -> Value {
    json!({ "anyOf": [number, { "type": "string", "pattern": pattern }] })
}

fn of_type(ty: &Ty, required: bool) -> Value {
    match ty {
        Ty::Text if required => json!({ "anyOf": [
            { "type": "string", "pattern": r"\S" },
            { "type": ["number", "boolean"] },
        ] }),
        Ty::Text => json!({ "type": ["string", "number", "boolean"] }),
        Ty::Str if required => json!({ "type": "string", "pattern": r"\S" }),
        Ty::Str => json!({ "type": "string" }),
        Ty::Date => json!({ "type": "string", "pattern": DATE }),
        Ty::Bool => json!({ "type": "boolean" }),
        Ty::Number => number_or(NUMBER, json!({ "type": "number" })),
        Ty::Days => number_or(NON_NEGATIVE, json!({ "type": "number", "minimum": 0 })),
        Ty::Count => number_or(
            WHOLE,
            json!({ "type": "integer", "minimum": 0, "maximum": U32_MAX }),
        ),
        Ty::CountNumber => json!({ "type": "integer", "minimum": 0, "maximum": U32_MAX }),
        Ty::Rank => number_or(
            RANK,
            json!({ "type": "integer", "minimum": 1, "maximum": U32_MAX }),
        ),
        Ty::Url => json!({ "type": "string", "pattern": URL }),
        Ty::BaseUrl => json!({ "type": "string", "pattern": BASE_URL }),
        Ty::Slug => json!({ "anyOf": [
            { "type": "integer" },
            { "type": "string", "pattern": SLUG_LETTER, "not": { "pattern": SLUG_FORBIDDEN } },
        ] }),
        Ty::SitePath => json!({ "type": "string", "pattern": SITE_PATH }),
        Ty::DocumentFile => json!({
            "type": "string",
            "pattern": DOCUMENT_FILE,
            "not": { "pattern": r"(^|/)\.\.(/|$)" },
        }),
        Ty::Period => json!({ "anyOf": [
            { "type": "integer", "minimum": 1000, "maximum": 9999 },
            { "type": "string", "pattern": PERIOD },
        ] }),
        Ty::Timezone => json!({ "type": "string", "pattern": TIMEZONE }),
        Ty::Choice(words) => choice(words),
        Ty::TextList => json!({ "anyOf": [
            { "type": "string" },
            { "type": "array", "items": { "type": ["string", "number", "boolean"] } },
        ] }),
        Ty::NumberList => json!({
            "type": "array",
            "items": { "anyOf": [{ "type": "null" }, of_type(&Ty::Number, true)] },
        }),
        Ty::LangList => json!({
            "type": "array",
            "items": choice(super::parts::LANGS),
            "minItems": 1,
            "uniqueItems": true,
        }),
        Ty::List(item) => json!({ "type": "array", "items": of_type(item, true) }),
        Ty::Object(obj) => object(obj),
        Ty::Either(types) => {
            let any: Vec<Value> = types.iter().map(|t| of_type(t, required)).collect();
            json!({ "anyOf": any })
        }
        Ty::Any => json!({}),
    }
}

/// A word of the set; `true`/`false` may be written as YAML booleans.
fn choice(words: &[&str]) -> Value {
    let mut values: Vec<Value> = words.iter().map(|w| json!(w)).collect();
    for (word, b) in [("true", true), ("false", false)] {
        if words.contains(&word) {
            values.push(json!(b));
        }
    }
    json!({ "enum": values })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_schema_names_its_draft_and_refuses_unknown_keys() {
        let news = of_kind(&super::super::news::NEWS);
        assert_eq!(news["$schema"], DRAFT);
        assert_eq!(news["additionalProperties"], false);
        assert_eq!(news["required"], json!(["title", "date"]));
        let registry = of_kind(&super::super::documents::DOCUMENTS);
        let entry = &registry["additionalProperties"]["anyOf"][0];
        assert_eq!(entry["properties"]["url"]["anyOf"][1]["pattern"], URL);
        let shared = &registry["additionalProperties"]["anyOf"][1];
        assert_eq!(shared["items"]["allOf"][1]["required"], json!(["issuer"]));
        assert_eq!(
            entry["properties"]["file"]["anyOf"][1]["pattern"],
            DOCUMENT_FILE
        );
    }
}
