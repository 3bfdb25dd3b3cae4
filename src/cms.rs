//! The browser editor: with site.yaml `cms:`, the build writes
//! `/admin/index.html` (which loads Decap CMS) and `/admin/config.yml`, a
//! collection per kind of content whose form fields are made from the key
//! definitions of `spec` — the same types, required keys, allowed words and
//! defaults the parser reads — with the Vietnamese labels of
//! i18n/fields.vi.yaml. Slugs are folded to ASCII as the build folds them.

use std::collections::HashMap;

use serde_json::{json, Value};

use crate::config::{CmsSettings, SiteConfig};
use crate::escape;
use crate::spec::{self, Key, Obj, Ty};

const LABELS: &str = include_str!("../i18n/fields.vi.yaml");

/// The labels, `key` or `MAPPING.key` to its Vietnamese words.
struct Labels(HashMap<String, String>);

impl Labels {
    fn load() -> Self {
        Labels(serde_yaml::from_str(LABELS).unwrap_or_default())
    }

    fn of(&self, obj: &Obj, key: &str) -> String {
        self.0
            .get(&format!("{}.{key}", obj.name))
            .or_else(|| self.0.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    fn collection(&self, name: &str) -> String {
        self.0
            .get(&format!("collection.{name}"))
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}

/// `/admin/index.html` and `/admin/config.yml`, when the site has `cms:`.
/// `index_slugs` are the indices the content has (one collection each).
pub fn admin_files(config: &SiteConfig, index_slugs: &[String]) -> Vec<(String, String)> {
    let Some(cms) = &config.cms else {
        return Vec::new();
    };
    let yaml = serde_yaml::to_string(&decap_config(config, cms, index_slugs)).unwrap_or_default();
    vec![
        ("admin/index.html".into(), admin_page(config, cms)),
        ("admin/config.yml".into(), yaml),
    ]
}

fn admin_page(config: &SiteConfig, cms: &CmsSettings) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"robots\" content=\"noindex\">\n<title>{}</title>\n\
         <link href=\"config.yml\" type=\"text/yaml\" rel=\"cms-config-url\">\n</head>\n\
         <body>\n<script src=\"{}\"></script>\n</body>\n</html>\n",
        config.language.code(),
        escape::html(&config.title),
        escape::html(&cms.script)
    )
}

/// Decap's configuration: the backend, folded ASCII slugs, and the collections.
pub fn decap_config(config: &SiteConfig, cms: &CmsSettings, index_slugs: &[String]) -> Value {
    let labels = Labels::load();
    let mut backend = json!({ "name": cms.backend, "branch": cms.branch });
    if let Some(repo) = &cms.repo {
        backend["repo"] = json!(repo);
    }
    let mut collections = vec![
        collection(
            &labels,
            "news",
            &labels.collection("news"),
            "content/news",
            kind_obj("news"),
        )
        .with_bundles(),
        collection(
            &labels,
            "procedures",
            &labels.collection("procedures"),
            "content/procedures",
            kind_obj("procedure"),
        ),
        collection(
            &labels,
            "plans",
            &labels.collection("plans"),
            "content/inspections",
            kind_obj("plan"),
        )
        .slugged("{{fields.year}}"),
        collection(
            &labels,
            "pages",
            &labels.collection("pages"),
            "content/pages",
            kind_obj("page"),
        ),
    ];
    for slug in index_slugs {
        let name = format!("indices-{slug}");
        let label = format!("{}: {slug}", labels.collection("indices"));
        collections.push(
            collection(
                &labels,
                &name,
                &label,
                &format!("content/indices/{slug}"),
                kind_obj("index"),
            )
            .slugged("{{fields.year}}"),
        );
    }
    json!({
        "backend": backend,
        "local_backend": cms.local_backend,
        "locale": config.language.code(),
        "site_url": config.base_url,
        "media_folder": "static/uploads",
        "public_folder": "/uploads",
        "slug": { "encoding": "ascii", "clean_accents": true, "sanitize_replacement": "-" },
        "collections": collections.into_iter().map(|c| c.0).collect::<Vec<_>>(),
    })
}

fn kind_obj(name: &str) -> &'static Obj {
    spec::kind(name).map_or(&EMPTY, |k| k.root)
}

const EMPTY: Obj = Obj {
    name: "",
    keys: &[],
    rules: &[],
};

struct Collection(Value);

impl Collection {
    /// A news item may be a page bundle: its pictures beside its index.md.
    fn with_bundles(mut self) -> Self {
        self.0["path"] = json!("{{year}}-{{month}}-{{day}}-{{slug}}/index");
        self.0["media_folder"] = json!("");
        self.0["public_folder"] = json!("");
        self
    }

    fn slugged(mut self, slug: &str) -> Self {
        self.0["slug"] = json!(slug);
        self
    }
}

fn collection(labels: &Labels, name: &str, label: &str, folder: &str, obj: &Obj) -> Collection {
    let mut fields: Vec<Value> = obj
        .keys
        .iter()
        .filter(|k| k.name != "lang")
        .map(|k| field(labels, obj, k))
        .collect();
    fields.push(json!({ "name": "body", "label": labels.collection("body"), "widget": "markdown", "required": false }));
    let identifier = if obj.key("title").is_some() {
        "title"
    } else {
        obj.keys.first().map_or("title", |k| k.name)
    };
    Collection(json!({
        "name": name,
        "label": label,
        "folder": folder,
        "create": true,
        "extension": "md",
        "format": "frontmatter",
        "identifier_field": identifier,
        "slug": "{{slug}}",
        "summary": format!("{{{{{identifier}}}}}"),
        "fields": fields,
    }))
}

fn field(labels: &Labels, obj: &Obj, key: &Key) -> Value {
    let mut f = widget(labels, &key.ty);
    // Decap requires a nested required field even when its optional parent
    // is left empty (no picture, no inspection): there the build's check,
    // which knows the parent is absent, is the judge.
    if !key.required {
        relax_nested(&mut f);
    }
    f["name"] = json!(key.name);
    f["label"] = json!(labels.of(obj, key.name));
    f["required"] = json!(key.required);
    f["hint"] = json!(key.meaning);
    if matches!(key.ty, Ty::Bool) {
        f["default"] = json!(false);
    }
    f
}

/// The form widget for a type; a choice between shapes takes the richest
/// (a list of recommendations rather than their number).
fn widget(labels: &Labels, ty: &Ty) -> Value {
    match ty {
        Ty::Text
        | Ty::Str
        | Ty::Slug
        | Ty::SitePath
        | Ty::DocumentFile
        | Ty::Period
        | Ty::Timezone
        | Ty::BaseUrl
        | Ty::Any => {
            json!({ "widget": "string" })
        }
        Ty::Url => json!({ "widget": "string", "pattern": ["^https?://", "https://…"] }),
        Ty::Date => {
            json!({ "widget": "datetime", "format": "YYYY-MM-DD", "date_format": "DD/MM/YYYY", "time_format": false })
        }
        Ty::Bool => json!({ "widget": "boolean" }),
        Ty::Number | Ty::Days => json!({ "widget": "number", "value_type": "float" }),
        Ty::Count | Ty::CountNumber => json!({ "widget": "number", "value_type": "int", "min": 0 }),
        Ty::Rank => json!({ "widget": "number", "value_type": "int", "min": 1 }),
        Ty::Choice(words) => json!({ "widget": "select", "options": words }),
        Ty::TextList | Ty::LangList => json!({ "widget": "list" }),
        Ty::NumberList => json!({ "widget": "list" }),
        Ty::List(item) => match item {
            Ty::Object(obj) => json!({ "widget": "list", "fields": fields_of(labels, obj) }),
            Ty::Either(types) => richest(types).map_or(
                json!({ "widget": "list" }),
                |obj| json!({ "widget": "list", "fields": fields_of(labels, obj) }),
            ),
            _ => json!({ "widget": "list" }),
        },
        Ty::Object(obj) => {
            json!({ "widget": "object", "collapsed": false, "fields": fields_of(labels, obj) })
        }
        Ty::Either(types) => match types
            .iter()
            .find(|t| matches!(t, Ty::List(_) | Ty::TextList))
        {
            Some(list) => widget(labels, list),
            None => types
                .iter()
                .find(|t| matches!(t, Ty::Object(_)))
                .map_or(json!({ "widget": "string" }), |t| widget(labels, t)),
        },
    }
}

fn relax_nested(f: &mut Value) {
    if f["widget"] == "object" {
        if let Some(fields) = f["fields"].as_array_mut() {
            for nested in fields {
                nested["required"] = json!(false);
                relax_nested(nested);
            }
        }
    }
}

fn richest(types: &[Ty]) -> Option<&'static Obj> {
    types.iter().find_map(|t| match t {
        Ty::Object(obj) => Some(*obj),
        _ => None,
    })
}

fn fields_of(labels: &Labels, obj: &Obj) -> Vec<Value> {
    obj.keys.iter().map(|k| field(labels, obj, k)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every key of the spec has its Vietnamese label.
    #[test]
    fn every_key_has_a_vietnamese_label() {
        let labels = Labels::load();
        let mut missing = Vec::new();
        let mut visit: Vec<&Obj> = spec::KINDS.iter().map(|k| k.root).collect();
        let mut seen = Vec::new();
        while let Some(obj) = visit.pop() {
            if seen.contains(&obj.name) {
                continue;
            }
            seen.push(obj.name);
            for key in obj.keys {
                if !labels.0.contains_key(key.name) {
                    missing.push(format!("{}.{}", obj.name, key.name));
                }
                collect(&key.ty, &mut visit);
            }
        }
        assert!(
            missing.is_empty(),
            "no label in i18n/fields.vi.yaml for {missing:?}"
        );
        assert_eq!(labels.of(&spec::objects::RESULT, "unit"), "Đơn vị tính");
    }

    fn collect(ty: &Ty, out: &mut Vec<&'static Obj>) {
        match ty {
            Ty::Object(obj) => out.push(obj),
            Ty::List(item) => collect(item, out),
            Ty::Either(types) => types.iter().for_each(|t| collect(t, out)),
            _ => {}
        }
    }
}
