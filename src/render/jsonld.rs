//! Structured data for search engines and aggregators (schema.org JSON-LD):
//! `NewsArticle` for news items, `GovernmentService` for procedures,
//! `Dataset` for the open data, `WebSite` for the home page.
//!
//! It does not decide where the block goes (the theme's `base.html` prints
//! `json_ld` inside `<script type="application/ld+json">`); it makes the text
//! safe there, whatever a title contains.

use serde_json::{json, Map, Value};

use super::views::url;
use crate::data::DatasetInfo;
use crate::model::site::Site;
use crate::model::{NewsItem, Procedure, ResultFigure};
use crate::routes;

/// The portal as the organisation that publishes everything on it.
fn publisher(site: &Site) -> Value {
    json!({
        "@type": "GovernmentOrganization",
        "name": site.config().title,
        "url": site.config().base_url,
    })
}

/// Adds `key: value` when the value is present and not empty.
fn put(map: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value.map(Into::into) {
        let empty = match &value {
            Value::String(s) => s.trim().is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        if !empty {
            map.insert(key.to_string(), value);
        }
    }
}

pub fn website(site: &Site) -> Value {
    let mut map = Map::new();
    map.insert("@context".into(), "https://schema.org".into());
    map.insert("@type".into(), "WebSite".into());
    map.insert("name".into(), site.config().title.clone().into());
    map.insert("url".into(), site.config().base_url.clone().into());
    map.insert("inLanguage".into(), site.config().language.code().into());
    put(&mut map, "description", site.config().description.clone());
    map.insert("publisher".into(), publisher(site));
    map.insert(
        "potentialAction".into(),
        json!({
            "@type": "SearchAction",
            "target": format!("{}?q={{search_term_string}}", url(site, &routes::search())),
            "query-input": "required name=search_term_string",
        }),
    );
    Value::Object(map)
}

/// `image_url` is the lead picture's address, already resolved by the view.
pub fn news_article(site: &Site, item: &NewsItem, image_url: Option<&str>) -> Value {
    let page_url = url(site, &routes::news_item(&item.slug.value));
    let mut map = Map::new();
    map.insert("@context".into(), "https://schema.org".into());
    map.insert("@type".into(), "NewsArticle".into());
    map.insert("headline".into(), item.title.clone().into());
    map.insert("url".into(), page_url.clone().into());
    map.insert("mainEntityOfPage".into(), page_url.into());
    map.insert("datePublished".into(), item.date.to_rfc3339().into());
    map.insert(
        "dateModified".into(),
        item.updated.unwrap_or(item.date).to_rfc3339().into(),
    );
    map.insert("inLanguage".into(), site.config().language.code().into());
    put(&mut map, "description", Some(item.summary.clone()));
    put(
        &mut map,
        "author",
        Some(match &item.author {
            Some(name) => json!({"@type": "Person", "name": name}),
            None => publisher(site),
        }),
    );
    map.insert("publisher".into(), publisher(site));
    put(&mut map, "image", image_url.map(str::to_string));
    put(&mut map, "isBasedOn", item.source_url.clone());
    put(&mut map, "keywords", Some(item.tags.clone()));
    let mut about: Vec<Value> = Vec::new();
    if let Some(agency) = &item.agency {
        about.push(json!({"@type": "GovernmentOrganization", "name": agency}));
    }
    for ins in &item.inspections {
        if item.agency.as_deref() != Some(ins.unit.as_str()) {
            about.push(json!({"@type": "GovernmentOrganization", "name": ins.unit}));
        }
    }
    put(&mut map, "about", Some(about));
    put(
        &mut map,
        "contentLocation",
        item.location
            .as_ref()
            .map(|l| json!({"@type": "Place", "name": l})),
    );
    let observations: Vec<Value> = item.results.iter().map(observation).collect();
    put(&mut map, "mentions", Some(observations));
    Value::Object(map)
}

/// A result as a schema.org `Observation`, with only the keys the content
/// gives: no value is made up for one it does not state.
fn observation(r: &ResultFigure) -> Value {
    let number = |n: Option<f64>| n.map(crate::data::json_number);
    let mut map = Map::new();
    map.insert("@type".into(), "Observation".into());
    map.insert("name".into(), r.indicator.clone().into());
    put(
        &mut map,
        "observationAbout",
        r.subject
            .as_ref()
            .map(|s| json!({"@type": "Thing", "name": s})),
    );
    put(&mut map, "value", number(r.value));
    put(&mut map, "minValue", number(r.min));
    put(&mut map, "maxValue", number(r.max));
    put(&mut map, "unitText", r.unit.clone());
    put(&mut map, "observationPeriod", r.period.map(|p| p.code()));
    let mut extra: Vec<Value> = Vec::new();
    let mut property = |name: &str, value: Option<Value>| {
        if let Some(value) = value {
            extra.push(json!({"@type": "PropertyValue", "name": name, "value": value}));
        }
    };
    property("total", number(r.total));
    property("target", number(r.target));
    property("previous", number(r.previous));
    property("change", number(r.value_change()));
    property("rank", r.rank.map(Value::from));
    property("of", r.of.map(Value::from));
    property("previous_rank", r.previous_rank.map(Value::from));
    put(&mut map, "additionalProperty", Some(extra));
    Value::Object(map)
}

pub fn government_service(site: &Site, p: &Procedure) -> Value {
    let page_url = url(site, &routes::procedure(&p.slug.value));
    let mut map = Map::new();
    map.insert("@context".into(), "https://schema.org".into());
    map.insert("@type".into(), "GovernmentService".into());
    map.insert("name".into(), p.title.clone().into());
    map.insert("identifier".into(), p.code.value.clone().into());
    map.insert("url".into(), page_url.clone().into());
    map.insert("serviceType".into(), p.field.clone().into());
    map.insert(
        "provider".into(),
        json!({"@type": "GovernmentOrganization", "name": p.agency}),
    );
    map.insert(
        "serviceOperator".into(),
        json!({"@type": "GovernmentOrganization", "name": p.agency}),
    );
    put(&mut map, "audience", {
        let targets = p.targets.join("; ");
        (!targets.is_empty()).then(|| json!({"@type": "Audience", "audienceType": targets}))
    });
    let mut channel = Map::new();
    channel.insert("@type".into(), "ServiceChannel".into());
    put(
        &mut channel,
        "serviceUrl",
        Some(p.dvc_url.clone().unwrap_or(page_url)),
    );
    put(
        &mut channel,
        "description",
        p.processing_days.map(|d| {
            let t = &site.config().texts;
            let days = super::views::working_days(t, d);
            t.fill("procedure.processing_time", &[("days", &days)])
        }),
    );
    map.insert("availableChannel".into(), Value::Object(channel));
    put(&mut map, "termsOfService", Some(p.legal_basis.join("; ")));
    put(&mut map, "description", {
        let text = crate::markdown::collapse_whitespace(&p.body.text);
        Some(crate::markdown::truncate_words(&text, 300))
    });
    Value::Object(map)
}

/// One `Dataset` per published table, each with its CSV and JSON files.
pub fn datasets(site: &Site, tables: &[(&DatasetInfo, usize)]) -> Value {
    let graph: Vec<Value> = tables
        .iter()
        .map(|(info, _)| {
            // The files are the site's, at its root, whatever the page's language.
            let root = &site.config().root_url;
            let file = |ext: &str| format!("{root}{}{}.{ext}", routes::data(), info.name);
            json!({
                "@type": "Dataset",
                "name": format!("{} – {}", info.title(&site.config().texts), site.config().title),
                "description": info.description(&site.config().texts),
                "url": format!("{}#{}", url(site, &routes::data()), info.name),
                "inLanguage": site.config().language,
                "isAccessibleForFree": true,
                "creator": publisher(site),
                "distribution": [
                    {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": file("csv")},
                    {"@type": "DataDownload", "encodingFormat": "application/json", "contentUrl": file("json")},
                ],
            })
        })
        .collect();
    json!({"@context": "https://schema.org", "@graph": graph})
}

/// A document's page as `Legislation`, with only what its record states.
pub fn legislation(site: &Site, d: &crate::model::site::CitedDocument, kind: &str) -> Value {
    let mut map = Map::new();
    map.insert("@context".into(), "https://schema.org".into());
    map.insert("@type".into(), "Legislation".into());
    map.insert("legislationIdentifier".into(), d.number.clone().into());
    map.insert("legislationType".into(), kind.into());
    map.insert(
        "url".into(),
        url(site, &routes::document(&d.slug, 1)).into(),
    );
    let info = d.info.as_ref();
    put(&mut map, "name", info.and_then(|i| i.title.clone()));
    put(
        &mut map,
        "legislationPassedBy",
        info.and_then(|i| i.issuer.clone())
            .map(|name| json!({"@type": "GovernmentOrganization", "name": name})),
    );
    put(
        &mut map,
        "legislationDate",
        info.and_then(|i| i.issued)
            .map(|d| d.format("%Y-%m-%d").to_string()),
    );
    put(
        &mut map,
        "legislationLegalForce",
        d.replaced_by
            .as_ref()
            .map(|_| "https://schema.org/NotInForce"),
    );
    put(&mut map, "sameAs", info.and_then(|i| i.url.clone()));
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_out_empty_values() {
        let mut map = Map::new();
        put(&mut map, "a", Some(""));
        put(&mut map, "b", Some(Vec::<String>::new()));
        put(&mut map, "c", None::<String>);
        put(&mut map, "d", Some("x"));
        assert_eq!(Value::Object(map), json!({"d": "x"}));
    }
}
