//! Schema and parser agree: files made from the key definitions, and near
//! misses of them (one required key dropped, one value of the wrong shape,
//! one unknown key), are accepted by the JSON Schema (checked with the
//! `jsonschema` crate, an implementation independent of ours) exactly when
//! `minhbach check` finds no error and ignores nothing (an unknown key, a
//! language's settings it does not use) in the site holding them. Values come from pools of written forms per type, so a failure
//! names a real disagreement, printed with the file.

use std::path::Path;

use minhbach::spec::{self, schema, Format, Kind, Obj, Ty};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// A small deterministic source of choices, seeded by proptest.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
    fn pick(&mut self, values: &[Value]) -> Value {
        values[self.below(values.len())].clone()
    }
}

/// Written forms the parser accepts, per type (and per key where the key's
/// meaning limits them beyond the type: a theme that exists, a menu link
/// that resolves).
fn valid(ty: &Ty, key: &str, d: &mut Dice) -> Value {
    match (key, ty) {
        ("theme", _) => json!("default"),
        ("min", _) => d.pick(&[json!(1), json!("2,5")]),
        ("max", _) => d.pick(&[json!(32), json!(40.5)]),
        ("of", _) => d.pick(&[json!(63), json!("100")]),
        ("year", _) => d.pick(&[json!(2021), json!("2021")]),
        ("aliases", _) => d.pick(&[json!("/cu/trang"), json!(["/tin-tuc/bai-cu.html", "/a/"])]),
        ("url", Ty::Text) => d.pick(&[json!("/news/"), json!("https://example.org/")]),
        ("src", _) => json!("https://example.org/anh.jpg"),
        ("components", Ty::TextList) => json!(["Chỉ đạo", "Thủ tục"]),
        ("components", Ty::NumberList) => d.pick(&[json!([9.5, 8]), json!([null, "7,5"])]),
        ("code", _) => d.pick(&[json!("1.001612"), json!("2.000150"), json!("TT-01")]),
        ("replaced_by", _) => json!("61/2018/NĐ-CP"),
        // Widths of picture copies: at least one, at most the largest the pipeline makes.
        ("widths", _) => d.pick(&[json!([360]), json!([360, 720, 1200])]),
        // Relative to the site folder; a number or true/false would be a folder's name.
        ("cache", _) => json!(".cache/anh"),
        _ => valid_of_type(ty, d),
    }
}

fn valid_of_type(ty: &Ty, d: &mut Dice) -> Value {
    match ty {
        Ty::Text => d.pick(&[
            json!("Sở Nội vụ"),
            json!("Kiểm tra theo Thông báo số 151/TB-SNV"),
            json!(2021),
            json!(true),
        ]),
        Ty::Str => d.pick(&[json!("Đợt I"), json!("Cấp phép")]),
        Ty::Date => d.pick(&[
            json!("2021-06-25"),
            json!("2021-06-25 08:30"),
            json!("2021-06-25T08:30:00+07:00"),
        ]),
        Ty::Bool => d.pick(&[json!(true), json!(false)]),
        Ty::Number => d.pick(&[json!(98.5), json!(3), json!("1,5"), json!(-2)]),
        Ty::Days => d.pick(&[json!(15), json!(0.5), json!("3")]),
        Ty::Count => d.pick(&[json!(0), json!(7), json!("12")]),
        Ty::CountNumber => d.pick(&[json!(0), json!(4)]),
        Ty::Rank => d.pick(&[json!(1), json!(3), json!("2")]),
        Ty::Url => json!("https://baonghean.vn/bai-goc.html"),
        Ty::BaseUrl => d.pick(&[json!("https://cchc.example.gov.vn/"), json!("/portal")]),
        Ty::Slug => d.pick(&[json!("ket-qua"), json!("Kiểm tra năm 2021"), json!(2021)]),
        Ty::SitePath => d.pick(&[json!("/tin-tuc/bai-cu.html"), json!("/cu/trang")]),
        // builds_cleanly writes this file beside every documents.yaml.
        Ty::DocumentFile => json!(SAMPLE_DOCUMENT),
        Ty::Period => d.pick(&[
            json!(2021),
            json!("2021-Q3"),
            json!("2021-07"),
            json!("Quý III/2021"),
        ]),
        Ty::Timezone => d.pick(&[json!("+07:00"), json!("UTC"), json!("-05:30")]),
        Ty::Choice(words) => json!(words[d.below(words.len())]),
        Ty::TextList => d.pick(&[json!(["kiểm tra", "một cửa"]), json!("một mục"), json!([])]),
        Ty::NumberList => json!([1, 2]),
        Ty::LangList => json!(["vi", "en"]),
        Ty::List(item) => {
            let n = d.below(3);
            Value::Array((0..n).map(|_| valid(item, "", d)).collect())
        }
        Ty::Object(obj) => object(obj, d),
        Ty::Either(types) => valid(&types[d.below(types.len())], "", d),
        Ty::Any => d.pick(&[json!({}), json!({"hotline": "0251 3822 222"})]),
    }
}

/// A value of the wrong shape for the type; `None` where every value is right.
fn invalid(ty: &Ty, required: bool, d: &mut Dice) -> Option<Value> {
    Some(match ty {
        Ty::Text if required => d.pick(&[json!(""), json!(["a"]), json!({"a": 1})]),
        Ty::Text => d.pick(&[json!(["a"]), json!({"a": 1})]),
        Ty::Str => d.pick(&[json!(12), json!(["a"])]),
        Ty::Date => d.pick(&[json!("27/3/2019"), json!("2019-3-27"), json!(20190327)]),
        Ty::Bool => d.pick(&[json!("yes"), json!(1)]),
        Ty::Number => d.pick(&[json!("nhiều"), json!([1])]),
        Ty::Days => d.pick(&[json!(-1), json!("abc")]),
        Ty::Count => d.pick(&[json!(-1), json!(2.5), json!("bảy")]),
        Ty::CountNumber => json!(-1),
        Ty::Rank => d.pick(&[json!(0), json!(-3), json!(1.5)]),
        Ty::Url => d.pick(&[json!("www.example.org"), json!(5)]),
        Ty::BaseUrl => d.pick(&[json!("cchc.example.gov.vn"), json!("//x")]),
        Ty::Slug => d.pick(&[json!("a/b"), json!("..."), json!("--")]),
        Ty::SitePath => d.pick(&[json!("tin-tuc/x"), json!("/../x"), json!("/a?b")]),
        Ty::DocumentFile => d.pick(&[
            json!("/van-ban/mau.pdf"),
            json!("../mau.pdf"),
            json!("mau.exe"),
        ]),
        Ty::Period => d.pick(&[json!("2021-Q5"), json!("quý 2021"), json!(21)]),
        Ty::Timezone => d.pick(&[json!("GMT+7"), json!("+25:00")]),
        Ty::Choice(_) => d.pick(&[json!("khác"), json!(3)]),
        Ty::TextList => json!({"a": 1}),
        Ty::NumberList => json!(["x"]),
        Ty::LangList => d.pick(&[json!(["fr"]), json!(["vi", "vi"]), json!([]), json!("vi")]),
        Ty::List(_) => json!("một"),
        Ty::Object(_) => json!("x"),
        Ty::Either(_) => json!({"khong_co": 1}),
        Ty::Any => return None,
    })
}

fn object(obj: &Obj, d: &mut Dice) -> Value {
    let mut map = Map::new();
    for key in obj.keys {
        // `lang` other than the site's default and a second language's
        // settings are tried, but not on every file.
        if key.required || d.chance(2) {
            map.insert(key.name.into(), valid(&key.ty, key.name, d));
        }
    }
    Value::Object(map)
}

/// One change that may make the file wrong.
fn mutate(root: &mut Value, obj: &Obj, d: &mut Dice) {
    let Value::Object(map) = root else { return };
    match d.below(4) {
        0 => {
            map.insert("titel".into(), json!("x"));
        }
        1 => {
            let required: Vec<_> = obj.keys.iter().filter(|k| k.required).collect();
            if !required.is_empty() {
                map.remove(required[d.below(required.len())].name);
            }
        }
        _ => {
            let key = &obj.keys[d.below(obj.keys.len())];
            if let Some(v) = invalid(&key.ty, key.required, d) {
                map.insert(key.name.into(), v);
            }
        }
    }
}

/// Rules the schema cannot say (two values compared, names unique),
/// kept by the generator: they have their own tests in tests/it.
fn keep_cross_value_rules(kind: &Kind, fm: &mut Value) {
    if kind.name == "index" {
        if let Some(Value::Array(units)) = fm.get_mut("units") {
            for (i, u) in units.iter_mut().enumerate() {
                u["unit"] = json!(format!("Đơn vị {i}"));
            }
        }
        if let Some(Value::Array(bands)) = fm.get_mut("bands") {
            bands.truncate(1);
        }
        fm["components"] = json!(["Chỉ đạo", "Thủ tục"]);
    }
    if let (true, Some(map)) = (kind.name == "site", fm.as_object_mut()) {
        // The default language's settings are the top-level keys; another
        // language's block needs that language listed.
        map.remove("vi");
        if map.contains_key("languages") {
            map.remove("language");
        } else {
            map.remove("en");
        }
    }
}

/// The file's path in the site, which the year keys must agree with.
fn file_of(kind: &Kind, fm: &Value) -> String {
    let year = match fm.get("year") {
        Some(Value::Number(n)) => n.as_u64().filter(|y| (1000..=9999).contains(y)),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    }
    .unwrap_or(2021);
    match kind.name {
        "news" => "content/news/2021-06-25-tin.md".into(),
        "procedure" => "content/procedures/thu-tuc.md".into(),
        "plan" => format!("content/inspections/{year}.md"),
        "index" => format!("content/indices/par-index/{year}.md"),
        "page" => "content/pages/gioi-thieu.md".into(),
        "intro" => "content/_index.md".into(),
        "documents" => "content/documents.yaml".into(),
        _ => "site.yaml".into(),
    }
}

/// The document file a generated documents.yaml may name.
const SAMPLE_DOCUMENT: &str = "van-ban/mau.pdf";

const SITE: &str = "title: Cổng CCHC\nbase_url: https://cchc.example.gov.vn/\nlanguages: [vi, en]\nen: {title: Portal}\n";

/// Writes the site and checks it: no error and no unknown key.
fn builds_cleanly(dir: &Path, kind: &Kind, fm: &Value) -> (bool, String) {
    let yaml = serde_yaml::to_string(fm).expect("YAML of JSON");
    let text = match kind.format {
        Format::FrontMatter => format!("---\n{yaml}---\nNội dung.\n"),
        _ => yaml,
    };
    let rel = file_of(kind, fm);
    let path = dir.join(&rel);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
    std::fs::write(&path, &text).expect("file");
    if kind.name != "site" {
        std::fs::write(dir.join("site.yaml"), SITE).expect("site.yaml");
    }
    let sample = dir.join("content").join(SAMPLE_DOCUMENT);
    std::fs::create_dir_all(sample.parent().expect("a folder")).expect("folders");
    std::fs::write(&sample, b"%PDF-1.4\n%%EOF\n").expect("sample document");
    let options = minhbach::build::BuildOptions::new(dir);
    let outcome = match minhbach::build::check(&options) {
        Ok(warnings) => {
            let unknown: Vec<String> = warnings
                .iter()
                .filter(|w| w.to_string().contains("ignored"))
                .map(|w| w.to_string())
                .collect();
            (unknown.is_empty(), unknown.join("\n"))
        }
        Err(minhbach::error::Failure::Content(ds)) => (
            false,
            ds.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        Err(other) => (false, format!("{other:?}")),
    };
    (outcome.0, format!("{rel}:\n{text}\n{}", outcome.1))
}

fn agree(kind: &Kind, seed: u64) -> Result<(), TestCaseError> {
    let mut d = Dice(seed | 1);
    let root = kind.root;
    let mut fm = match kind.format {
        Format::Registry => {
            let mut map = Map::new();
            for number in ["43/2011/NĐ-CP", "151/TB-SNV"] {
                if d.chance(2) || map.is_empty() {
                    map.insert(number.into(), object(root, &mut d));
                }
            }
            if d.chance(4) {
                map.insert("không phải số".into(), object(root, &mut d));
            }
            Value::Object(map)
        }
        _ => object(root, &mut d),
    };
    keep_cross_value_rules(kind, &mut fm);
    if d.chance(2) {
        match kind.format {
            Format::Registry => {
                if let Some((_, entry)) = fm.as_object_mut().and_then(|m| m.iter_mut().next()) {
                    mutate(entry, root, &mut d);
                }
            }
            _ => mutate(&mut fm, root, &mut d),
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let (built, report) = builds_cleanly(dir.path(), kind, &fm);
    // The schema judges what a YAML reader gives, as an editor's would.
    let yaml = serde_yaml::to_string(&fm).expect("YAML");
    let read: Value = serde_yaml::from_str(&yaml).expect("YAML back");
    let validator = jsonschema::validator_for(&schema::of_kind(kind)).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&read)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    prop_assert_eq!(
        errors.is_empty(),
        built,
        "schema says {:?}; build says:\n{}",
        errors,
        report
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn news(seed in any::<u64>()) { agree(spec::kind("news").unwrap(), seed)?; }
    #[test]
    fn procedure(seed in any::<u64>()) { agree(spec::kind("procedure").unwrap(), seed)?; }
    #[test]
    fn plan(seed in any::<u64>()) { agree(spec::kind("plan").unwrap(), seed)?; }
    #[test]
    fn index(seed in any::<u64>()) { agree(spec::kind("index").unwrap(), seed)?; }
    #[test]
    fn page(seed in any::<u64>()) { agree(spec::kind("page").unwrap(), seed)?; }
    #[test]
    fn intro(seed in any::<u64>()) { agree(spec::kind("intro").unwrap(), seed)?; }
    #[test]
    fn documents(seed in any::<u64>()) { agree(spec::kind("documents").unwrap(), seed)?; }
    #[test]
    fn site(seed in any::<u64>()) { agree(spec::kind("site").unwrap(), seed)?; }
}

/// Every schema is itself valid draft 2020-12 (the validator refuses one that is not).
#[test]
fn every_schema_is_a_valid_draft_2020_12_schema() {
    for kind in spec::KINDS {
        let s = schema::of_kind(kind);
        assert_eq!(s["$schema"], schema::DRAFT);
        assert!(jsonschema::draft202012::meta::is_valid(&s), "{}", kind.name);
    }
}

/// docs/content.md is the reference the spec writes: a key added to the
/// parser and the spec, but not to the docs, fails here with the lines that differ.
#[test]
fn docs_content_md_is_the_reference_the_spec_writes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content.md");
    let written = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = spec::reference::markdown();
    if written == generated {
        return;
    }
    let (old, new): (Vec<&str>, Vec<&str>) =
        (written.lines().collect(), generated.lines().collect());
    let mut diff = String::new();
    for line in old.iter().filter(|l| !new.contains(l)) {
        diff.push_str(&format!("- {line}\n"));
    }
    for line in new.iter().filter(|l| !old.contains(l)) {
        diff.push_str(&format!("+ {line}\n"));
    }
    panic!(
        "docs/content.md differs from the spec (- in the file, + generated); \
         run `minhbach schema --markdown > docs/content.md`:\n{diff}"
    );
}
