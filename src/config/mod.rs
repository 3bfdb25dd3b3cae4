//! `site.yaml` to `SiteConfig`, with every default applied here, once.
//! Errors name `site.yaml:line:col` and the key, like content errors.

use std::path::Path;

use chrono::FixedOffset;
use serde_yaml::Value;

use crate::dates;
use crate::error::{Diagnostic, Fix};
use crate::frontmatter::fields::{Fields, Reader};
use crate::frontmatter::{self, KeyPath, Locator};
use crate::locale::{Lang, Texts};

mod cms;
mod images;
mod languages;
pub use cms::CmsSettings;
pub use languages::with_site_texts;

#[derive(Debug, Clone, PartialEq, Hash, serde::Serialize)]
pub struct MenuItem {
    pub name: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// In `language`: the site's own, or the one `LANG.title` gives.
    pub title: String,
    /// Where the pages of `language` live; always ends with `/`: the site's
    /// root for the default language, `ROOT/LANG/` for another.
    pub base_url: String,
    /// The site's root (ends with `/`): the theme's files and open data,
    /// which every language shares.
    pub root_url: String,
    pub language: Lang,
    /// The words of `language` (labels, page titles, generated phrases).
    pub texts: std::sync::Arc<Texts>,
    /// Every language of the site, the default first (`languages`; else the
    /// one `language`), with what differs between them.
    pub languages: Vec<Language>,
    pub timezone: FixedOffset,
    pub description: Option<String>,
    pub theme: String,
    pub paginate: usize,
    pub menu: Vec<MenuItem>,
    pub extra: serde_json::Value,
    /// Lets Markdown bodies carry scripts and event handlers (off by default).
    pub unsafe_html: bool,
    /// `cms:`: write the browser editor under /admin/.
    pub cms: Option<cms::CmsSettings>,
    /// `images:`: the widths, qualities and cache folder of published pictures.
    pub images: crate::images::ImageSettings,
}

/// What a language of the site has of its own.
#[derive(Debug, Clone, PartialEq, Hash)]
pub struct Language {
    pub lang: Lang,
    pub texts: std::sync::Arc<Texts>,
    /// `LANG.title` (`LANG.description`, `LANG.menu`) in site.yaml; `None`
    /// (empty) takes the default language's.
    pub title: Option<String>,
    pub description: Option<String>,
    pub menu: Option<Vec<MenuItem>>,
}

pub(crate) const MENU_KEYS: &[&str] = &["name", "url"];

pub(crate) const KNOWN_KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "languages",
    "vi",
    "en",
    "timezone",
    "description",
    "theme",
    "paginate",
    "menu",
    "extra",
    "unsafe_html",
    "cms",
    "images",
];

/// Every setting, so a change to any of them is seen (the plan of pages
/// hashes the config into every page's digest).
impl std::hash::Hash for SiteConfig {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        // Destructured, so a new setting cannot be left out.
        let SiteConfig {
            title,
            base_url,
            root_url,
            language,
            texts,
            languages,
            timezone,
            description,
            theme,
            paginate,
            menu,
            extra,
            unsafe_html,
            cms,
            images,
        } = self;
        (
            title,
            base_url,
            language,
            texts,
            timezone,
            description,
            theme,
        )
            .hash(h);
        (paginate, menu, unsafe_html, root_url, languages, cms).hash(h);
        // serde_json keeps a mapping's keys in order: equal values, equal text.
        extra.to_string().hash(h);
        // Settings that change no byte of a page (the cache folder) are left out.
        images.fingerprint().hash(h);
    }
}

pub const CONFIG_FILE: &str = "site.yaml";

impl SiteConfig {
    /// The language pages are in when they say nothing: the first of `languages`.
    pub fn default_language(&self) -> Lang {
        self.languages.first().map_or(self.language, |l| l.lang)
    }

    /// The languages besides the default: those of `NAME.LANG.md` files.
    pub fn translations(&self) -> Vec<Lang> {
        self.languages.iter().skip(1).map(|l| l.lang).collect()
    }

    /// More than one language: pages get alternates and a language switch.
    pub fn is_multilingual(&self) -> bool {
        self.languages.len() > 1
    }

    /// Where a language's pages go under the output folder: `""` for the
    /// default, `en/` for English beside Vietnamese.
    pub fn language_prefix(&self, lang: Lang) -> String {
        if lang == self.default_language() {
            String::new()
        } else {
            format!("{}/", lang.code())
        }
    }

    /// This language's folder under the output folder (see `language_prefix`).
    pub fn folder(&self) -> String {
        self.language_prefix(self.language)
    }

    /// The home page of `lang`.
    pub fn home_url(&self, lang: Lang) -> String {
        format!("{}{}", self.root_url, self.language_prefix(lang))
    }

    /// Moves the whole site to `url` (`--base-url`): every language's pages too.
    pub fn set_root_url(&mut self, url: String) {
        let prefix = self.language_prefix(self.language);
        self.base_url = format!("{url}{prefix}");
        self.root_url = url;
    }

    /// The settings of the site's pages in `lang`: its own title,
    /// description, menu and words, its own home. `None` for a language the
    /// site does not have.
    pub fn in_language(&self, lang: Lang) -> Option<SiteConfig> {
        let default = self.languages.first()?;
        let language = self.languages.iter().find(|l| l.lang == lang)?;
        let mut config = self.clone();
        config.language = lang;
        config.texts = std::sync::Arc::clone(&language.texts);
        config.base_url = self.home_url(lang);
        if lang != default.lang {
            if let Some(title) = &language.title {
                config.title = title.clone();
            }
            if language.description.is_some() {
                config.description = language.description.clone();
            }
            if let Some(menu) = &language.menu {
                config.menu = menu.clone();
            }
        }
        Some(config)
    }

    /// The language the site's title (`.0`) and menu (`.1`) are written
    /// in on this language's pages: the default's when this one has none.
    pub fn settings_languages(&self) -> (Lang, Lang) {
        let default = self.default_language();
        let Some(own) = self.languages.iter().find(|l| l.lang == self.language) else {
            return (self.language, self.language);
        };
        if self.language == default {
            return (default, default);
        }
        let pick = |has: bool| if has { self.language } else { default };
        (pick(own.title.is_some()), pick(own.menu.is_some()))
    }
}

/// Vietnam's offset, the contract's default `timezone`.
pub fn default_timezone() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
}

/// The language the site's editors read findings in: site.yaml's default
/// language as written (the first of `languages`, else `language`), read
/// loosely so that a site.yaml with errors still chooses; else Vietnamese.
pub fn editors_language(root: &Path) -> Lang {
    let Ok(text) = std::fs::read_to_string(root.join(CONFIG_FILE)) else {
        return Lang::Vi;
    };
    let Ok(Value::Mapping(map)) = serde_yaml::from_str::<Value>(&text) else {
        return Lang::Vi;
    };
    let first_listed = match map.get("languages") {
        Some(Value::Sequence(codes)) => codes.first().and_then(Value::as_str),
        _ => None,
    };
    first_listed
        .or_else(|| map.get("language").and_then(Value::as_str))
        .and_then(Lang::parse)
        .unwrap_or(Lang::Vi)
}

/// Reads `root/site.yaml`. Returns the config when it has no errors, and every finding.
pub fn load_config(root: &Path) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let path = Path::new(CONFIG_FILE);
    let text = match std::fs::read(root.join(path)) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => return (None, vec![Diagnostic::error(path, 1, Fix::Encoding, "file is not valid UTF-8; save it as UTF-8")]),
        },
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return (
                None,
                vec![Diagnostic::error(
                    path,
                    1,
                    Fix::NoSite,
                    "file not found: a site needs site.yaml with at least `title` and `base_url` (is --root the site folder?)",
                )],
            )
        }
        Err(err) => return (None, vec![Diagnostic::error(path, 1, Fix::Unreadable, format!("cannot read: {err}"))]),
    };
    let (mut config, mut diagnostics) = parse_config(&text);
    if let Some(c) = config.as_mut() {
        let found = with_site_texts(root, c);
        let failed = found.iter().any(Diagnostic::is_error);
        diagnostics.extend(found);
        if failed {
            return (None, diagnostics);
        }
        if c.theme != "default" && !root.join("themes").join(&c.theme).is_dir() {
            let locator = Locator::new(&text, 1);
            let pos = locator.find(&KeyPath::default().key("theme"));
            diagnostics.push(
                Diagnostic::error(
                    path,
                    pos.line,
                    Fix::ThemeName,
                    format!(
                        "theme {:?} not found: expected a folder themes/{}/ with templates/",
                        c.theme, c.theme
                    ),
                )
                .at_column(pos.column)
                .with_key("theme"),
            );
            return (None, diagnostics);
        }
    }
    (config, diagnostics)
}

pub fn parse_config(text: &str) -> (Option<SiteConfig>, Vec<Diagnostic>) {
    let path = Path::new(CONFIG_FILE);
    let map = match frontmatter::parse_mapping(text, 1) {
        Ok(map) => map,
        Err(err) => {
            let mut d = Diagnostic::error(path, err.line, Fix::Yaml, err.message);
            d.column = err.column;
            return (None, vec![d]);
        }
    };
    let locator = Locator::new(text, 1);
    let utc = FixedOffset::east_opt(0).expect("zero offset is valid");
    let mut r = Reader::new(path, &locator, utc);
    let root = KeyPath::default();
    let f = Fields::new(&map, &root);
    let config = read_config(&f, &mut r);
    f.warn_unknown(&mut r, KNOWN_KEYS);
    if let Some(config) = &config {
        languages::warn_untranslated_settings(config, &mut r, &root);
    }
    let config = config.filter(|_| !r.has_errors());
    (config, r.diagnostics)
}

/// Every key of site.yaml, each with its default. Missing top-level keys
/// point at line 1 of site.yaml.
fn read_config(f: &Fields, r: &mut Reader) -> Option<SiteConfig> {
    let title = f.text(r, "title", true);
    let base_url = f.text(r, "base_url", true).and_then(|url| {
        let normalized = normalize_base_url(&url);
        if normalized.is_none() {
            r.error(
                &f.path("base_url"),
                Fix::Address,
                format!("expected an address like https://cchc.example.gov.vn/ or a path like /portal/, found {url:?}"),
            );
        }
        normalized
    });
    let langs = languages::read_languages(f, r);
    let languages = languages::read_language_settings(f, r, &langs);
    let timezone = read_timezone(f, r);
    let description = f.text(r, "description", false);
    let theme = f
        .text(r, "theme", false)
        .unwrap_or_else(|| "default".into());
    if theme.is_empty() || theme.contains(['/', '\\', '\0']) || theme.starts_with('.') {
        r.error(
            &f.path("theme"),
            Fix::ThemeName,
            format!("expected a theme folder name, found {theme:?}"),
        );
    }
    let paginate = match f.count(r, "paginate", false) {
        Some(0) => {
            r.error(
                &f.path("paginate"),
                Fix::Number,
                "expected a number of items per page of 1 or more, found 0",
            );
            DEFAULT_PAGINATE
        }
        Some(n) => n as usize,
        None => DEFAULT_PAGINATE,
    };
    let menu = read_menu(f, r);
    let extra = match f.get("extra") {
        None => serde_json::Value::Object(Default::default()),
        Some(value) => serde_json::to_value(value).unwrap_or(serde_json::Value::Null),
    };
    let unsafe_html = f.boolean(r, "unsafe_html").unwrap_or(false);
    let cms = cms::read_cms(f, r);
    let images = images::read_images(f, r);
    let base_url = base_url?;
    Some(SiteConfig {
        title: title?,
        root_url: base_url.clone(),
        base_url,
        language: langs[0],
        texts: std::sync::Arc::clone(&languages[0].texts),
        languages,
        timezone: timezone?,
        description,
        theme,
        paginate,
        menu,
        extra,
        unsafe_html,
        cms,
        images: images?,
    })
}

/// News items on a page of a list, when site.yaml does not say.
const DEFAULT_PAGINATE: usize = 10;

fn read_timezone(f: &Fields, r: &mut Reader) -> Option<FixedOffset> {
    let Some(text) = f.text(r, "timezone", false) else {
        return Some(default_timezone());
    };
    let parsed = dates::parse_offset(&text);
    if parsed.is_none() {
        r.error(
            &f.path("timezone"),
            Fix::Setting,
            format!("expected an offset like +07:00, found {text:?}"),
        );
    }
    parsed
}

pub(super) fn read_menu(f: &Fields, r: &mut Reader) -> Vec<MenuItem> {
    let mut menu = Vec::new();
    for (i, item) in f.sequence(r, "menu").into_iter().flatten().enumerate() {
        let item_path = f.path("menu").index(i);
        let Value::Mapping(m) = item else {
            r.error(
                &item_path,
                Fix::Shape,
                format!(
                    "expected {{name, url}}, found {}",
                    frontmatter::describe(item)
                ),
            );
            continue;
        };
        let fi = Fields::new(m, &item_path);
        let name = fi.text(r, "name", true);
        let url = fi.text(r, "url", true);
        fi.warn_unknown(r, MENU_KEYS);
        if let (Some(name), Some(url)) = (name, url) {
            menu.push(MenuItem { name, url });
        }
    }
    menu
}

/// `https://x.vn` → `https://x.vn/`; `/portal` → `/portal/`. Other forms are refused.
pub fn normalize_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let ok = match url.split_once("://") {
        Some((scheme, rest)) => {
            (scheme == "http" || scheme == "https") && !rest.is_empty() && !rest.starts_with('/')
        }
        None => url.starts_with('/') && !url.starts_with("//"),
    };
    if !ok || url.contains(char::is_whitespace) || url.contains(['"', '<', '>', '\\']) {
        return None;
    }
    Some(if url.ends_with('/') {
        url.to_string()
    } else {
        format!("{url}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_defaults() {
        let (config, diags) = parse_config("title: T\nbase_url: https://x.vn\n");
        let config = config.unwrap();
        assert!(diags.is_empty());
        assert_eq!(config.base_url, "https://x.vn/");
        assert_eq!(config.language, Lang::Vi);
        assert_eq!(config.timezone.local_minus_utc(), 7 * 3600);
        assert_eq!(config.paginate, 10);
        assert_eq!(config.theme, "default");
    }

    #[test]
    fn reports_every_bad_key_with_its_position() {
        let (config, diags) =
            parse_config("title: T\nbase_url: ftp://x\ntimezone: Asia/Saigon\npaginat: 5\n");
        assert!(config.is_none());
        let shown: Vec<String> = diags.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "error: site.yaml:2:11: `base_url`: expected an address like https://cchc.example.gov.vn/ or a path like /portal/, found \"ftp://x\"",
                "error: site.yaml:3:11: `timezone`: expected an offset like +07:00, found \"Asia/Saigon\"",
                "warning: site.yaml:4:10: `paginat`: unknown key, ignored; did you mean `paginate`?",
            ]
        );
    }

    /// site.yaml's keys are the spec's (the schema and docs are made from it).
    #[test]
    fn reads_the_keys_of_the_spec() {
        let sorted = |mut v: Vec<&'static str>| {
            v.sort_unstable();
            v
        };
        let site = crate::spec::kind("site").map(|k| k.root.names());
        assert_eq!(Some(sorted(KNOWN_KEYS.to_vec())), site.map(sorted));
        let objects = [
            (MENU_KEYS, &crate::spec::objects::MENU_ITEM),
            (
                languages::LANGUAGE_KEYS,
                &crate::spec::objects::LANGUAGE_SETTINGS,
            ),
            (images::KNOWN, &crate::spec::objects::IMAGES),
        ];
        for (parser, spec) in objects {
            assert_eq!(sorted(parser.to_vec()), sorted(spec.names()));
        }
    }
}
