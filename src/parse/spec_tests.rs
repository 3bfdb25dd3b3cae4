//! Every key a parser reads is in `spec`, and every key of `spec` is read:
//! the definitions the schemas and docs/content.md are made from cannot
//! drift from what the build accepts.

use crate::frontmatter::fields::Choice;
use crate::model::{
    Better, OneStop, OnlineService, ProcedureLevel, RecommendationStatus, UnitLevel,
};
use crate::spec::{self, choices, objects, Obj};

fn same_keys(what: &str, parser: &[&str], spec: &Obj) {
    let mut a: Vec<&str> = parser.to_vec();
    let mut b = spec.names();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(
        a, b,
        "{what}: the parser's keys (left) and the spec's (right) differ"
    );
}

fn kind(name: &str) -> &'static Obj {
    spec::kind(name).expect("a kind of the spec").root
}

#[test]
fn every_kind_reads_the_keys_of_the_spec() {
    same_keys("news", super::NEWS_KEYS, kind("news"));
    same_keys("procedure", super::PROCEDURE_KEYS, kind("procedure"));
    same_keys("plan", super::PLAN_KEYS, kind("plan"));
    same_keys("index", super::INDEX_KEYS, kind("index"));
    same_keys("page", super::PAGE_KEYS, kind("page"));
    same_keys("intro", super::INTRO_KEYS, kind("intro"));
    same_keys(
        "documents.yaml",
        super::documents::DOCUMENT_KEYS,
        kind("documents"),
    );
}

#[test]
fn every_mapping_inside_a_file_reads_the_keys_of_the_spec() {
    same_keys(
        "inspection",
        super::inspection::INSPECTION_KEYS,
        &objects::INSPECTION,
    );
    same_keys("result", super::figures::RESULT_KEYS, &objects::RESULT);
    same_keys("outcome", super::figures::OUTCOME_KEYS, &objects::OUTCOME);
    same_keys(
        "recommendation",
        super::inspection::RECOMMENDATION_KEYS,
        &objects::RECOMMENDATION,
    );
    same_keys("image", super::common::IMAGE_KEYS, &objects::IMAGE);
    same_keys("index unit", super::index::UNIT_KEYS, &objects::UNIT);
    same_keys("band", super::index::BAND_KEYS, &objects::BAND);
    same_keys("round", super::plan::ROUND_KEYS, &objects::ROUND);
    same_keys("inspected", UnitLevel::CHOICES, &objects::INSPECTED);
}

#[test]
fn the_fixed_sets_of_words_are_the_models() {
    assert_eq!(UnitLevel::CHOICES, choices::UNIT_LEVEL);
    assert_eq!(RecommendationStatus::CHOICES, choices::STATUS);
    assert_eq!(ProcedureLevel::CHOICES, choices::PROCEDURE_LEVEL);
    assert_eq!(OnlineService::CHOICES, choices::ONLINE);
    assert_eq!(OneStop::CHOICES, choices::ONE_STOP);
    assert_eq!(Better::CHOICES, choices::BETTER);
    assert_eq!(crate::locale::Lang::CODES, choices::LANGS);
}
