//! site.yaml `cms:`: the build writes Decap CMS's page and configuration
//! under /admin/, its forms made from the key definitions.

use serde_yaml::Value;

use crate::harness::*;

fn collection<'a>(config: &'a Value, name: &str) -> &'a Value {
    config["collections"]
        .as_sequence()
        .and_then(|cs| cs.iter().find(|c| c["name"].as_str() == Some(name)))
        .unwrap_or_else(|| panic!("no collection {name}"))
}

fn field<'a>(fields: &'a Value, name: &str) -> &'a Value {
    fields
        .as_sequence()
        .and_then(|fs| fs.iter().find(|f| f["name"].as_str() == Some(name)))
        .unwrap_or_else(|| panic!("no field {name} in {fields:?}"))
}

#[test]
fn cms_writes_the_editor_with_forms_from_the_spec() {
    let site = demo();
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site.write(
        "site.yaml",
        &format!("{yaml}\ncms:\n  backend: github\n  repo: so-noi-vu/cong-cchc\n"),
    );
    site.build();
    let page = site.page("admin/index.html");
    assert_eq!(
        page.attr("script", "src"),
        "https://unpkg.com/decap-cms@^3.0.0/dist/decap-cms.js"
    );
    assert_eq!(page.attr("link[rel=cms-config-url]", "href"), "config.yml");
    let config: Value = serde_yaml::from_str(&site.read("admin/config.yml")).expect("YAML");
    assert_eq!(config["backend"]["name"].as_str(), Some("github"));
    assert_eq!(
        config["backend"]["repo"].as_str(),
        Some("so-noi-vu/cong-cchc")
    );
    assert_eq!(config["backend"]["branch"].as_str(), Some("main"));
    assert_eq!(config["slug"]["encoding"].as_str(), Some("ascii"));
    assert_eq!(config["slug"]["clean_accents"].as_bool(), Some(true));
    for name in ["news", "procedures", "plans", "pages"] {
        assert_eq!(
            collection(&config, name)["create"].as_bool(),
            Some(true),
            "{name}"
        );
    }
    let indices: Vec<&str> = config["collections"]
        .as_sequence()
        .into_iter()
        .flatten()
        .filter_map(|c| c["folder"].as_str())
        .filter(|f| f.starts_with("content/indices/"))
        .collect();
    assert!(
        !indices.is_empty(),
        "a collection for each index of the demo"
    );

    let news = collection(&config, "news");
    assert_eq!(news["folder"].as_str(), Some("content/news"));
    assert_eq!(
        news["media_folder"].as_str(),
        Some(""),
        "bundles hold their pictures"
    );
    let fields = &news["fields"];
    let title = field(fields, "title");
    assert_eq!(title["label"].as_str(), Some("Tiêu đề"));
    assert_eq!(title["required"].as_bool(), Some(true));
    assert_eq!(field(fields, "summary")["required"].as_bool(), Some(false));
    assert_eq!(field(fields, "draft")["widget"].as_str(), Some("boolean"));
    assert_eq!(field(fields, "date")["widget"].as_str(), Some("datetime"));
    let inspection = field(fields, "inspection");
    assert_eq!(inspection["widget"].as_str(), Some("object"));
    let level = field(&inspection["fields"], "unit_level");
    assert_eq!(level["widget"].as_str(), Some("select"));
    // Decap would demand it even for an item without an inspection; the
    // build's check requires it once there is one.
    assert_eq!(level["required"].as_bool(), Some(false));
    assert_eq!(inspection["collapsed"].as_bool(), Some(false));
    let recommendations = field(&inspection["fields"], "recommendations");
    assert_eq!(recommendations["widget"].as_str(), Some("list"));
    let status = field(&recommendations["fields"], "status");
    assert_eq!(status["options"].as_sequence().map(|o| o.len()), Some(3));
    assert_eq!(
        status["required"].as_bool(),
        Some(false),
        "a status is never assumed"
    );
    let results = field(fields, "results");
    assert_eq!(results["widget"].as_str(), Some("list"));
    assert_eq!(
        field(&results["fields"], "indicator")["required"].as_bool(),
        Some(true)
    );
    assert_eq!(
        field(&results["fields"], "unit")["label"].as_str(),
        Some("Đơn vị tính")
    );
    assert_eq!(field(fields, "body")["widget"].as_str(), Some("markdown"));
}

#[test]
fn without_cms_no_editor_is_written_and_a_bad_backend_is_an_error() {
    let site = demo();
    site.build();
    assert!(!site.public().join("admin").exists());
    let yaml = std::fs::read_to_string(site.root().join("site.yaml")).expect("site.yaml");
    site.write(
        "site.yaml",
        &format!("{yaml}\ncms:\n  backend: wordpress\n"),
    );
    let run = site.run(&["build"]).expect_exit(1);
    assert!(
        run.error_lines()
            .iter()
            .any(|l| l.contains("site.yaml:") && l.contains("`cms.backend`")),
        "{}",
        run.stderr()
    );
}
