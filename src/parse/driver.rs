//! What every kind of front-matter file shares: the `---` split and YAML
//! (errors placed on their line and key), a reader for the kind's own keys,
//! unknown keys warned about, the body rendered and checked for scripts.

use serde_yaml::Mapping;

use super::pictures::BundlePictures;
use super::{ParseContext, Parsed};
use crate::error::{Diagnostic, Fix};
use crate::frontmatter::fields::{Fields, Reader};
use crate::frontmatter::{self, KeyPath, Locator};
use crate::load::SourceFile;
use crate::locale::Lang;
use crate::markdown::{self, Rendered};
use crate::model::Sourced;

/// A source file's front matter, parsed and located, and its body.
struct Prepared<'a> {
    map: Mapping,
    locator: Locator,
    body: &'a str,
    body_line: usize,
}

/// The body of a file being parsed, rendered on request (after the keys,
/// so its findings come with theirs).
pub(super) struct Body<'a> {
    source: &'a SourceFile,
    ctx: &'a ParseContext,
    text: &'a str,
    first_line: usize,
    pictures: &'a BundlePictures,
}

impl<'a> Body<'a> {
    /// The bundle's pictures, published, for the keys that show them.
    pub fn pictures(&self) -> &'a BundlePictures {
        self.pictures
    }

    /// The body as HTML, pictures of the file's bundle published (or sized);
    /// scripts are findings unless the site allows them.
    pub fn render(&self, r: &mut Reader) -> Rendered {
        let assets = &self.source.assets;
        let pictures = self.pictures;
        let body = markdown::render_with_pictures(
            self.text,
            self.first_line,
            &self.ctx.base_url,
            &|shown| body_picture(pictures, assets, shown),
        );
        for link in body.links.iter().filter(|l| l.is_image) {
            pictures.shown_in_body(&link.destination, link.line, &mut r.diagnostics);
        }
        r.diagnostics
            .extend(body_findings(&self.source.rel_path, &body, self.ctx));
        body
    }
}

/// A body picture published, else sized from its file's header.
fn body_picture(
    pictures: &BundlePictures,
    assets: &[crate::load::Asset],
    shown: &markdown::BodyImage,
) -> markdown::BodyPicture {
    if let Some(published) = pictures.published(shown.src) {
        return markdown::BodyPicture::Markup(
            crate::picture_html::PictureTag {
                published,
                url_prefix: "",
                alt: shown.alt,
                title: Some(shown.title),
                sizes: crate::picture_html::SIZES_BODY,
                lead: false,
                link_original: !shown.in_link,
            }
            .html(),
        );
    }
    match crate::image_size::bundle_picture_size(assets, shown.src) {
        Some(size) => markdown::BodyPicture::Sized(size),
        None => markdown::BodyPicture::Unknown,
    }
}

/// Parses one front-matter file: `read` reads the kind's keys and gives the
/// item when its own required keys are there; the item is kept only when the
/// file has no error at all. Keys not in `known` are warned about.
pub(super) fn front_matter<T: Sourced>(
    source: &SourceFile,
    ctx: &ParseContext,
    known: &[&str],
    read: impl FnOnce(&Fields, &mut Reader, Body<'_>) -> Option<T>,
) -> Parsed<T> {
    let prepared = match prepare(source) {
        Ok(p) => p,
        Err(d) => return Parsed::failed(d),
    };
    let mut r = Reader::new(&source.rel_path, &prepared.locator, ctx.timezone);
    let root = KeyPath::default();
    let fields = Fields::new(&prepared.map, &root);
    let pictures = match &ctx.pictures {
        Some(publisher) if source.bundle_dir.is_some() => publisher.of_bundle(source),
        _ => BundlePictures::none(source),
    };
    let body = Body {
        source,
        ctx,
        text: prepared.body,
        first_line: prepared.body_line,
        pictures: &pictures,
    };
    let lang = read_lang(&fields, &mut r, source, ctx);
    let mut item = read(&fields, &mut r, body);
    // A bundle's translations share its files: the original reports them.
    if source.translation.is_none() {
        r.diagnostics.extend(pictures.unshown_errors());
    }
    if let Some(item) = item.as_mut() {
        item.origin_mut().lang = lang;
        let published = pictures.all_published();
        // Pages are kept by fingerprint: one whose pictures were resized since is new.
        if !published.is_empty() {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            item.origin().fingerprint.hash(&mut h);
            for (name, picture) in &published {
                (name, picture.key.to_hex()).hash(&mut h);
            }
            item.origin_mut().fingerprint = h.finish();
        }
        item.origin_mut().pictures = std::sync::Arc::new(published);
    }
    fields.warn_unknown(&mut r, known);
    let item = item.filter(|_| !r.has_errors());
    Parsed {
        item,
        diagnostics: r.diagnostics,
    }
}

/// The language a file is written in: `lang`, which must be one of the
/// site's and agree with the file's name; else the name's (`x.en.md`);
/// else the site's default.
pub(super) fn read_lang(
    f: &Fields,
    r: &mut Reader,
    source: &SourceFile,
    ctx: &ParseContext,
) -> Lang {
    let default = source
        .translation
        .or(ctx.languages.first().copied())
        .unwrap_or_default();
    let Some(code) = f.text(r, "lang", false) else {
        return default;
    };
    let codes: Vec<&str> = ctx.languages.iter().map(|l| l.code()).collect();
    match Lang::parse(&code).filter(|l| ctx.languages.contains(l)) {
        None => {
            let hint = if codes.len() == 1 {
                " (a site of several languages lists them in site.yaml `languages: [vi, en]`)"
            } else {
                ""
            };
            r.error(
                &f.path("lang"),
                Fix::Language,
                format!(
                    "expected one of the site's languages, {}; found {code:?}{hint}",
                    codes.join(", ")
                ),
            );
            default
        }
        Some(lang) if source.translation.is_some_and(|t| t != lang) => {
            r.error(
                &f.path("lang"),
                Fix::Language,
                format!(
                    "is {code:?} but the file's name says {:?}: remove `lang`, or rename the file",
                    default.code()
                ),
            );
            default
        }
        Some(lang) => lang,
    }
}

/// A file that is all body: `_index.md` without front matter.
pub(super) fn body_only(source: &SourceFile, ctx: &ParseContext) -> (Rendered, Vec<Diagnostic>) {
    let body = markdown::render(&source.text, 1, &ctx.base_url);
    let findings = body_findings(&source.rel_path, &body, ctx);
    (body, findings)
}

/// A YAML file that is all keys (`documents.yaml`), read like front matter.
pub(super) fn yaml_file<T>(
    source: &SourceFile,
    ctx: &ParseContext,
    read: impl FnOnce(&Mapping, &mut Reader) -> Option<T>,
) -> Parsed<T> {
    let map = match frontmatter::parse_mapping(&source.text, 1) {
        Ok(map) => map,
        Err(err) => return Parsed::failed(syntax_diagnostic(source, err)),
    };
    let locator = Locator::new(&source.text, 1);
    let mut r = Reader::new(&source.rel_path, &locator, ctx.timezone);
    let item = read(&map, &mut r).filter(|_| !r.has_errors());
    Parsed {
        item,
        diagnostics: r.diagnostics,
    }
}

/// Splits and parses the front matter every content file must start with.
fn prepare(source: &SourceFile) -> Result<Prepared<'_>, Diagnostic> {
    let split = frontmatter::split(&source.text).map_err(|e| syntax_diagnostic(source, e))?;
    let Some(split) = split else {
        return Err(Diagnostic::error(
            &source.rel_path,
            1,
            Fix::FrontMatter,
            "expected front matter: the file must start with a line `---`, then `title: ...` and the other keys, then `---`",
        )
        .at_column(1));
    };
    let locator = Locator::new(split.yaml, split.yaml_line);
    let map = frontmatter::parse_mapping(split.yaml, split.yaml_line).map_err(|e| {
        // Only an error the parser could place belongs to a key.
        let key = e.column.and_then(|_| locator.top_level_key_at(e.line));
        let d = syntax_diagnostic(source, e);
        match key {
            Some(key) => d.with_key(key),
            None => d,
        }
    })?;
    Ok(Prepared {
        map,
        locator,
        body: split.body,
        body_line: split.body_line,
    })
}

fn syntax_diagnostic(source: &SourceFile, err: frontmatter::SyntaxError) -> Diagnostic {
    let mut d = Diagnostic::error(&source.rel_path, err.line, Fix::Yaml, err.message);
    d.column = err.column;
    d
}

/// Errors for scripts in a body, unless the site allows them.
fn body_findings(file: &std::path::Path, body: &Rendered, ctx: &ParseContext) -> Vec<Diagnostic> {
    if ctx.allow_unsafe_html {
        return Vec::new();
    }
    body.unsafe_html
        .iter()
        .map(|u| {
            Diagnostic::error(
                file,
                u.line,
                Fix::RawHtml,
                format!(
                    "raw HTML with {} is not allowed: it would run in readers' browsers (site.yaml `unsafe_html: true` allows it)",
                    u.what
                ),
            )
            .with_key("body")
        })
        .collect()
}
