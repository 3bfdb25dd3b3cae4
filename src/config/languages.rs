//! The languages of a site: `languages` in site.yaml, what each language
//! has of its own (`en: {title, description, menu}`), and the words of each,
//! the default theme's tables with the site's own
//! (`themes/THEME/i18n/LANG.yaml`) laid over them key by key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_yaml::Value;

use super::{read_menu, Language, SiteConfig};
use crate::error::{Diagnostic, Fix};
use crate::frontmatter::fields::{Fields, Reader};
use crate::frontmatter::{self, describe, KeyPath, Locator};
use crate::locale::{Lang, Texts};

/// `languages` (the first is the default) and `language`, checked against
/// each other; one language when neither is given.
pub(super) fn read_languages(f: &Fields, r: &mut Reader) -> Vec<Lang> {
    let single = read_language(f, r);
    let Some(items) = f.sequence(r, "languages") else {
        return vec![single.unwrap_or_default()];
    };
    let mut langs: Vec<Lang> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let path = f.path("languages").index(i);
        let code = frontmatter::fields::scalar_text(item).unwrap_or_else(|| describe(item));
        match Lang::parse(&code) {
            Some(lang) if langs.contains(&lang) => {
                r.error(&path, Fix::Duplicate, format!("{code:?} is listed twice"));
            }
            Some(lang) => langs.push(lang),
            None => r.error(
                &path,
                Fix::Language,
                format!("expected one of {}; found {code:?}", Lang::CODES.join(", ")),
            ),
        }
    }
    let Some(&first) = langs.first() else {
        r.error(
            &f.path("languages"),
            Fix::Language,
            "expected a list of language codes, the default first: [vi, en]",
        );
        return vec![single.unwrap_or_default()];
    };
    if let Some(single) = single.filter(|&l| l != first) {
        r.error(
            &f.path("language"),
            Fix::Language,
            format!(
                "is {:?} but `languages` starts with {:?}: the first of `languages` is the default; remove `language`",
                single.code(),
                first.code()
            ),
        );
    }
    langs
}

fn read_language(f: &Fields, r: &mut Reader) -> Option<Lang> {
    let code = f.text(r, "language", false)?;
    let lang = Lang::parse(&code);
    if lang.is_none() {
        r.error(
            &f.path("language"),
            Fix::Language,
            format!("expected one of {}; found {code:?}", Lang::CODES.join(", ")),
        );
    }
    lang
}

/// Each language with its own settings (`LANG:` mappings; the default
/// language's are the top-level keys). Words are the default theme's here;
/// `with_site_texts` lays the site's over them.
pub(super) fn read_language_settings(f: &Fields, r: &mut Reader, langs: &[Lang]) -> Vec<Language> {
    for &code in Lang::CODES {
        let Some(lang) = Lang::parse(code).filter(|_| f.has(code)) else {
            continue;
        };
        if langs.first() == Some(&lang) {
            r.warn(
                &f.path(code),
                Fix::LanguageSettings,
                format!("{code:?} is the default language: its title, description and menu are the top-level keys; ignored"),
            );
        } else if !langs.contains(&lang) {
            r.warn(
                &f.path(code),
                Fix::Language,
                format!("{code:?} is not in `languages`; ignored"),
            );
        }
    }
    langs
        .iter()
        .enumerate()
        .map(|(i, &lang)| {
            let own = (i > 0)
                .then(|| f.mapping(r, lang.code()))
                .flatten()
                .map(|map| read_own(map, &f.path(lang.code()), r));
            let (title, description, menu) = own.unwrap_or_default();
            Language {
                lang,
                texts: Arc::new(Texts::builtin(lang)),
                title,
                description,
                menu,
            }
        })
        .collect()
}

pub(super) const LANGUAGE_KEYS: &[&str] = &["title", "description", "menu"];

type OwnSettings = (Option<String>, Option<String>, Option<Vec<super::MenuItem>>);

fn read_own(map: &serde_yaml::Mapping, path: &KeyPath, r: &mut Reader) -> OwnSettings {
    let f = Fields::new(map, path);
    let title = f.text(r, "title", false);
    let description = f.text(r, "description", false);
    let menu = f.has("menu").then(|| read_menu(&f, r));
    f.warn_unknown(r, LANGUAGE_KEYS);
    (title, description, menu)
}

/// Warnings for a site of several languages whose other languages lack a
/// title or a menu of their own (their pages would show the default's).
pub(super) fn warn_untranslated_settings(config: &SiteConfig, r: &mut Reader, root: &KeyPath) {
    for language in config.languages.iter().skip(1) {
        let code = language.lang.code();
        let path = root.key(code);
        if language.title.is_none() {
            r.warn(
                &path,
                Fix::LanguageSettings,
                format!("no `{code}.title`: the {code:?} pages show the default language's title"),
            );
        }
        if language.menu.is_none() && !config.menu.is_empty() {
            r.warn(
                &path,
                Fix::LanguageSettings,
                format!("no `{code}.menu`: the {code:?} pages show the default language's menu"),
            );
        }
    }
}

/// The site's own words (`themes/THEME/i18n/LANG.yaml`) over the default
/// theme's, for every language. A key the site gives in its default
/// language's table but not in another's is a warning, and reads there as
/// in the default language.
pub fn with_site_texts(root: &Path, config: &mut SiteConfig) -> Vec<Diagnostic> {
    let folder = PathBuf::from("themes").join(&config.theme).join("i18n");
    let mut diagnostics = Vec::new();
    let mut tables: Vec<(Lang, PathBuf, BTreeMap<String, String>)> = Vec::new();
    for language in &config.languages {
        let rel = folder.join(format!("{}.yaml", language.lang.code()));
        let table = match std::fs::read_to_string(root.join(&rel)) {
            Ok(text) => read_table(&rel, &text, &mut diagnostics),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => BTreeMap::new(),
            Err(e) => {
                diagnostics.push(Diagnostic::error(
                    &rel,
                    1,
                    Fix::Unreadable,
                    format!("cannot read: {e}"),
                ));
                BTreeMap::new()
            }
        };
        tables.push((language.lang, rel, table));
    }
    let Some((default_lang, _, default_table)) = tables.first().cloned() else {
        return diagnostics;
    };
    let default_words = Texts::builtin(default_lang).with_overrides(default_table.clone());
    for (language, (lang, rel, mut table)) in config.languages.iter_mut().zip(tables) {
        let builtin = Texts::builtin(lang);
        for (key, text) in &default_table {
            if !table.contains_key(key) && !builtin.has(key) {
                diagnostics.push(Diagnostic::warning(
                    &rel,
                    1,
                    Fix::ThemeText,
                    format!(
                        "no text for `{key}` (themes/{}/i18n/{}.yaml has one): {:?} pages show it as {text:?}",
                        config.theme,
                        default_lang.code(),
                        lang.code()
                    ),
                )
                .with_key(key.clone()));
                table.insert(key.clone(), default_words.get(key).to_string());
            }
        }
        language.texts = Arc::new(builtin.with_overrides(table));
    }
    if let Some(first) = config.languages.first() {
        config.texts = Arc::clone(&first.texts);
    }
    diagnostics
}

/// One table: every key a text; anything else is an error on its line.
fn read_table(
    rel: &Path,
    text: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let map = match frontmatter::parse_mapping(text, 1) {
        Ok(map) => map,
        Err(err) => {
            let mut d = Diagnostic::error(rel, err.line, Fix::Yaml, err.message);
            d.column = err.column;
            diagnostics.push(d);
            return BTreeMap::new();
        }
    };
    let locator = Locator::new(text, 1);
    let utc = chrono::FixedOffset::east_opt(0).expect("zero offset is valid");
    let mut r = Reader::new(rel, &locator, utc);
    let mut table = BTreeMap::new();
    for (key, value) in &map {
        let Value::String(key) = key else {
            r.error(
                &KeyPath::default(),
                Fix::UnknownKey,
                format!("key {} is not a name", describe(key)),
            );
            continue;
        };
        match frontmatter::fields::scalar_text(value) {
            Some(text) => {
                table.insert(key.clone(), text);
            }
            None => r.error(
                &KeyPath::default().key(key),
                Fix::Text,
                format!("expected a text, found {}", describe(value)),
            ),
        }
    }
    diagnostics.extend(r.diagnostics);
    table
}
