//! The words of the portal that are not content: labels of the content
//! model's codes, page titles, generated phrases. One table a language
//! (`themes/default/i18n/LANG.yaml`, embedded); keys are looked up, never
//! written in code as text.

use std::collections::BTreeMap;
use std::fmt::Display;

use super::Lang;
use crate::error::Fix;

const VI: &str = include_str!("../../themes/default/i18n/vi.yaml");
const EN: &str = include_str!("../../themes/default/i18n/en.yaml");

/// One language's table: key → text with `{name}` holes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Texts {
    lang: Lang,
    table: BTreeMap<String, String>,
}

impl Texts {
    /// The default theme's table for `lang`.
    pub fn builtin(lang: Lang) -> Texts {
        let source = match lang {
            Lang::Vi => VI,
            Lang::En => EN,
        };
        // The tables are ours and tested: a broken one is caught by the
        // unit tests, not by a reader's build.
        let table = serde_yaml::from_str(source).unwrap_or_default();
        Texts { lang, table }
    }

    /// This table with `site`'s texts in place of its own, key by key
    /// (a site's `themes/NAME/i18n/LANG.yaml`; keys of its own theme too).
    pub fn with_overrides(mut self, site: BTreeMap<String, String>) -> Texts {
        self.table.extend(site);
        self
    }

    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// The text of `key`; the key itself when the table lacks it (a test
    /// keeps the tables complete, so a reader never sees one).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.table.get(key).map_or(key, String::as_str)
    }

    /// The label of a code of the content model: `label("unit_level", "district")`.
    pub fn label(&self, group: &str, code: &str) -> String {
        let key = format!("{group}.{code}");
        self.get(&key).to_string()
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &dyn Display)]) -> String {
        fill(self.get(key), values)
    }

    /// `key` for a count `n` (`{n}` filled): `key.one` when `n` is 1 and the
    /// table has it ("1 department", "3 departments").
    pub fn count(&self, key: &str, n: usize) -> String {
        let one = format!("{key}.one");
        let key = if n == 1 && self.table.contains_key(&one) {
            one.as_str()
        } else {
            key
        };
        self.fill(key, &[("n", &n)])
    }

    /// How to fix a finding of this kind, after its label: "Cách sửa: …".
    pub fn fix(&self, fix: Fix) -> String {
        format!("{}: {}", self.get("fix.label"), self.get(fix.key()))
    }

    /// Every key of the table, for checks.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.table.keys().map(String::as_str)
    }
}

fn fill(template: &str, values: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let name = &after[..close];
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => out.push_str(&value.to_string()),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_tables_parse_and_have_the_same_keys() {
        let vi = Texts::builtin(Lang::Vi);
        let en = Texts::builtin(Lang::En);
        assert!(vi.keys().count() > 50);
        let plain = |t: &Texts| -> Vec<String> {
            t.keys()
                .filter(|k| !k.ends_with(".one"))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(plain(&vi), plain(&en));
    }

    #[test]
    fn every_kind_of_finding_is_explained_in_both_languages() {
        for lang in [Lang::Vi, Lang::En] {
            let texts = Texts::builtin(lang);
            assert!(texts.has("fix.label"));
            for fix in Fix::ALL {
                assert!(texts.has(fix.key()), "{lang:?} has no {}", fix.key());
            }
        }
        assert_eq!(
            Texts::builtin(Lang::Vi).fix(Fix::Date),
            "Cách sửa: ngày phải viết dạng năm-tháng-ngày: 2019-03-27 (không viết 27/3/2019)."
        );
        // No text is left without a kind that uses it.
        let used: Vec<&str> = Fix::ALL.iter().map(|f| f.key()).collect();
        let vi = Texts::builtin(Lang::Vi);
        let unused: Vec<&str> = vi
            .keys()
            .filter(|k| k.starts_with("fix.") && *k != "fix.label" && !used.contains(k))
            .collect();
        assert!(unused.is_empty(), "{unused:?}");
    }

    #[test]
    fn fills_holes_by_name_and_leaves_unknown_ones() {
        let n = 3;
        assert_eq!(fill("{n} sở", &[("n", &n)]), "3 sở");
        assert_eq!(fill("{x} and {n}", &[("n", &n)]), "{x} and 3");
        assert_eq!(fill("no hole {", &[]), "no hole {");
    }

    #[test]
    fn counts_take_the_singular_where_the_language_has_one() {
        let en = Texts::builtin(Lang::En);
        assert_eq!(en.count("unit_count.department", 1), "1 department");
        assert_eq!(en.count("unit_count.department", 4), "4 departments");
        let vi = Texts::builtin(Lang::Vi);
        assert_eq!(vi.count("unit_count.department", 1), "1 sở");
    }

    #[test]
    fn a_missing_key_reads_as_itself() {
        assert_eq!(Texts::builtin(Lang::Vi).get("no.such.key"), "no.such.key");
    }
}
