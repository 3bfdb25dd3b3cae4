//! The theme: the default one embedded in the binary, with a site's
//! `themes/NAME/templates/x.html` replacing `x.html` file by file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use tera::Tera;

use std::sync::Arc;

use crate::error::{Diagnostic, Fix};
use crate::locale::Texts;

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// Parsed templates and the static files to copy to the output root.
pub struct Theme {
    pub tera: Tera,
    /// Output path (relative, `/`-separated) → bytes.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// A hash of every template and static file: equal for the same theme.
    pub fingerprint: u64,
}

/// Loads the default theme and the site's overrides. A broken override is an
/// error naming its file, never a silent fallback to the default.
pub fn load_theme(root: &Path, name: &str, texts: Arc<Texts>) -> Result<Theme, Vec<Diagnostic>> {
    let mut files = ThemeFiles::default();
    collect_embedded(
        &DEFAULT_THEME,
        &mut files.templates,
        &mut files.static_files,
    );
    let site_theme = root.join("themes").join(name);
    let errors = if site_theme.is_dir() {
        files.add_overrides(&site_theme, name)
    } else if name != "default" {
        vec![Diagnostic::error(
            "site.yaml",
            1,
            Fix::ThemeName,
            format!("theme {name:?} not found: expected a folder themes/{name}/ with templates/"),
        )
        .with_key("theme")]
    } else {
        Vec::new()
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut tera = files.compile(name)?;
    tera.register_function("t", TextLookup(texts));
    let fingerprint = files.fingerprint();
    Ok(Theme {
        tera,
        static_files: files.static_files,
        fingerprint,
    })
}

impl Theme {
    /// The same theme with the words of another language for `t()`: one
    /// theme is read and checked once, however many languages use it.
    pub fn in_language(&self, texts: Arc<Texts>) -> Theme {
        let mut tera = self.tera.clone();
        tera.register_function("t", TextLookup(texts));
        Theme {
            tera,
            static_files: self.static_files.clone(),
            fingerprint: self.fingerprint,
        }
    }
}

/// `{{ t(k="page.search") }}` in a template: the text of a key in the
/// site's language, with any other argument filling its `{name}` hole
/// (`t(k="page.nth", title=page_title, n=2)`).
struct TextLookup(Arc<Texts>);

impl tera::Function for TextLookup {
    fn call(
        &self,
        args: &std::collections::HashMap<String, tera::Value>,
    ) -> tera::Result<tera::Value> {
        let Some(key) = args.get("k").and_then(tera::Value::as_str) else {
            return Err(tera::Error::msg(
                "t() needs the key of a text: t(k=\"page.search\")",
            ));
        };
        if !self.0.has(key) {
            return Err(tera::Error::msg(format!(
                "t(): no text for the key {key:?} in the {:?} words (themes/default/i18n/{}.yaml, or the site theme's i18n/ folder)",
                self.0.lang().code(),
                self.0.lang().code()
            )));
        }
        // Most labels have no holes: every page calls t() dozens of times.
        if args.len() == 1 {
            return Ok(tera::Value::String(self.0.get(key).to_string()));
        }
        let values: Vec<(&str, String)> = args
            .iter()
            .filter(|(name, _)| name.as_str() != "k")
            .map(|(name, value)| {
                let shown = match value {
                    tera::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (name.as_str(), shown)
            })
            .collect();
        let holes: Vec<(&str, &dyn std::fmt::Display)> = values
            .iter()
            .map(|(name, value)| (*name, value as &dyn std::fmt::Display))
            .collect();
        // A count of one takes `KEY.one` where the language has it.
        let one = match args.get("n").and_then(tera::Value::as_u64) {
            Some(1) => Some(format!("{key}.one")).filter(|one| self.0.has(one)),
            _ => None,
        };
        let key = one.as_deref().unwrap_or(key);
        Ok(tera::Value::String(self.0.fill(key, &holes)))
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// A theme's files: templates by name (with the site's file each came from,
/// when it overrides the default) and static files by output path.
#[derive(Default)]
struct ThemeFiles {
    templates: BTreeMap<String, (String, Option<PathBuf>)>,
    static_files: BTreeMap<String, Vec<u8>>,
}

impl ThemeFiles {
    /// The site's `themes/NAME/templates/` and `static/` over the default's.
    fn add_overrides(&mut self, site_theme: &Path, name: &str) -> Vec<Diagnostic> {
        let mut errors = Vec::new();
        let theme_path = Path::new("themes").join(name);
        for (rel, file) in walk_files(&site_theme.join("templates")) {
            let shown = theme_path.join("templates").join(&rel);
            match std::fs::read_to_string(&file) {
                Ok(text) => {
                    self.templates.insert(rel, (text, Some(shown)));
                }
                Err(e) => errors.push(Diagnostic::error(
                    shown,
                    1,
                    Fix::Theme,
                    format!("cannot read template: {e}"),
                )),
            }
        }
        for (rel, file) in walk_files(&site_theme.join("static")) {
            match std::fs::read(&file) {
                Ok(bytes) => {
                    self.static_files.insert(rel, bytes);
                }
                Err(e) => errors.push(Diagnostic::error(
                    theme_path.join("static").join(&rel),
                    1,
                    Fix::Unreadable,
                    format!("cannot read: {e}"),
                )),
            }
        }
        errors
    }

    /// The templates parsed; a broken one is an error naming its file.
    fn compile(&self, name: &str) -> Result<Tera, Vec<Diagnostic>> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(crate::escape::html);
        let sources: Vec<(String, String)> = self
            .templates
            .iter()
            .map(|(k, (text, _))| (k.clone(), text.clone()))
            .collect();
        let Err(err) = tera.add_raw_templates(sources) else {
            return Ok(tera);
        };
        let message = error_chain(&err);
        let file = self
            .templates
            .iter()
            .find(|(k, _)| message.contains(&format!("'{k}'")))
            .map(|(k, (_, path))| {
                path.clone()
                    .unwrap_or_else(|| Path::new("themes/default/templates").join(k))
            });
        let file = file.unwrap_or_else(|| PathBuf::from("themes").join(name).join("templates"));
        Err(vec![Diagnostic::error(
            file,
            1,
            Fix::Theme,
            format!("template error: {message}"),
        )])
    }

    fn fingerprint(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut h = rustc_hash::FxHasher::default();
        for (name, (text, _)) in &self.templates {
            name.hash(&mut h);
            text.hash(&mut h);
        }
        self.static_files.hash(&mut h);
        h.finish()
    }
}

fn collect_embedded(
    dir: &Dir<'static>,
    templates: &mut BTreeMap<String, (String, Option<PathBuf>)>,
    static_files: &mut BTreeMap<String, Vec<u8>>,
) {
    for file in dir.files() {
        let path = file.path().to_string_lossy().replace('\\', "/");
        if let Some(rel) = path.strip_prefix("templates/") {
            templates.insert(
                rel.to_string(),
                (String::from_utf8_lossy(file.contents()).into_owned(), None),
            );
        } else if let Some(rel) = path.strip_prefix("static/") {
            static_files.insert(rel.to_string(), file.contents().to_vec());
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, templates, static_files);
    }
}

fn walk_files(dir: &Path) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .ok()?
                .to_string_lossy()
                .replace('\\', "/");
            Some((rel, e.path().to_path_buf()))
        })
        .collect()
}

/// Tera hides the useful part of a message in its source chain.
pub fn error_chain(err: &tera::Error) -> String {
    let mut message = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(inner) = source {
        message.push_str(": ");
        message.push_str(&inner.to_string());
        source = inner.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locale::Lang;

    /// Every `t(k="...")` of the default theme names a key both tables have.
    #[test]
    fn every_key_the_templates_use_is_in_every_table() {
        let pattern = regex::Regex::new(r#"t\(k="([^"]+)""#).expect("pattern");
        let tables = [Texts::builtin(Lang::Vi), Texts::builtin(Lang::En)];
        let mut used = 0;
        for file in DEFAULT_THEME
            .get_dir("templates")
            .expect("templates")
            .files()
        {
            let text = file.contents_utf8().expect("UTF-8 template");
            for key in pattern.captures_iter(text).map(|c| c[1].to_string()) {
                used += 1;
                for table in &tables {
                    assert!(
                        table.has(&key),
                        "{:?} lacks {key} ({:?})",
                        table.lang(),
                        file.path()
                    );
                }
            }
        }
        assert!(used > 100, "{used} keys used");
    }
}
