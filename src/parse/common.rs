//! Key readers more than one kind of file shares: the URL segment, web
//! addresses, aliases, the lead picture, and where cited documents are.

use serde_yaml::Value;

use super::pictures::BundlePictures;
use crate::error::Fix;
use crate::frontmatter::fields::{Fields, Reader};
use crate::load::SourceFile;
use crate::model::{Image, Located, Origin};
use crate::slug::slugify;

pub(super) fn origin(source: &SourceFile) -> Origin {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(source.text.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let found = crate::citations::find_citations(&source.text);
    let citation_contexts = found
        .iter()
        .map(|c| issuer_context(&source.text[c.end..]))
        .collect();
    let citations = found
        .into_iter()
        .map(|c| {
            let line = line_starts.partition_point(|&start| start <= c.start);
            let column = source.text[line_starts[line - 1]..c.start].chars().count() + 1;
            Located {
                value: c.number,
                line,
                column,
            }
        })
        .collect();
    Origin {
        file: source.rel_path.clone(),
        assets: source.assets.clone(),
        citations,
        citation_contexts,
        fingerprint: source.fingerprint,
        // Set by the driver, which publishes the bundle's pictures.
        pictures: Default::default(),
        // Set by the driver, which reads `lang` (see `driver::read_lang`).
        lang: source.translation.unwrap_or_default(),
        translation_of: source
            .translation
            .map(|lang| crate::load::original_of(&source.rel_path, lang)),
    }
}

/// What names the issuer after a citation, folded: the rest of its sentence
/// from "của" on ("của UBND tỉnh Tây Ninh" → `ubnd-tinh-tay-ninh`), up to a
/// digit or comma; empty when the sentence names none.
fn issuer_context(after: &str) -> String {
    let end = after
        .char_indices()
        .find(|&(i, c)| matches!(c, '.' | ';' | '\n' | '(' | ')') || i > 200)
        .map_or(after.len(), |(i, _)| i);
    let sentence = &after[..end];
    // A date or a following citation starts with digits: the name ends there.
    let Some(at) = sentence.find("của ") else {
        return String::new();
    };
    let named = &sentence[at + "của ".len()..];
    let stop = named
        .find(|c: char| c.is_ascii_digit() || c == ',')
        .unwrap_or(named.len());
    slugify(&named[..stop])
}

/// The URL segment: `slug` when given, else the file or bundle name without
/// its leading `YYYY-MM-DD-`. Always ASCII `[a-z0-9-]`.
pub(super) fn read_slug(f: &Fields, r: &mut Reader, stem: &str) -> Option<Located<String>> {
    let path = f.path("slug");
    let (source_text, explicit) = match f.text(r, "slug", false) {
        Some(text) => (text, true),
        None => (strip_date_prefix(stem).to_string(), false),
    };
    if explicit
        && (source_text.contains(['/', '\\', '\0'])
            || source_text.contains("..")
            || source_text.contains('%'))
    {
        r.error(
            &path,
            Fix::Slug,
            format!(
                "expected one URL segment of letters, digits and dashes, found {source_text:?}"
            ),
        );
        return None;
    }
    let slug = slugify(&source_text);
    if slug.is_empty() {
        if explicit {
            r.error(
                &path,
                Fix::Slug,
                format!("expected letters or digits, found {source_text:?}"),
            );
        } else {
            r.error(
                &path,
                Fix::Slug,
                format!("the file name {stem:?} gives an empty URL: add a `slug` with letters or digits"),
            );
        }
        return None;
    }
    let pos = r.locator.find(&path);
    Some(Located {
        value: slug,
        line: if explicit { pos.line } else { 1 },
        column: if explicit { pos.column } else { 1 },
    })
}

fn strip_date_prefix(stem: &str) -> &str {
    let bytes = stem.as_bytes();
    let is_date = bytes.len() > 11
        && bytes[..10].iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        })
        && bytes[10] == b'-';
    if is_date {
        &stem[11..]
    } else {
        stem
    }
}

/// A picture is an http(s) address, or a path inside the site: never one
/// that climbs out (`..`, `%2e%2e`), a drive letter, a NUL or another scheme.
fn is_safe_picture_source(src: &str) -> bool {
    let lower = src.trim().to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return !lower.contains(char::is_whitespace);
    }
    !lower.is_empty()
        && !lower.contains("..")
        && !lower.contains("%2e")
        && !lower.contains("%2f")
        && !lower.contains("%5c")
        && !lower.contains(['\\', '\0', ':', '<', '>', '"', '|', '*', '?'])
        && !lower.starts_with("//")
}

pub(super) fn read_url(f: &Fields, r: &mut Reader, key: &str) -> Option<String> {
    let url = f.text(r, key, false)?;
    let lower = url.trim().to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        Some(url.trim().to_string())
    } else {
        r.error(
            &f.path(key),
            Fix::Address,
            format!("expected an address starting with https:// or http://, found {url:?}"),
        );
        None
    }
}

/// Old URLs that must redirect here, normalised to `/path/` or `/file.html`.
pub(super) fn read_aliases(f: &Fields, r: &mut Reader) -> Vec<Located<String>> {
    let list = f.text_list(r, "aliases");
    let mut aliases = Vec::new();
    for (i, alias) in list.into_iter().enumerate() {
        let path = if matches!(f.get("aliases"), Some(Value::Sequence(_))) {
            f.path("aliases").index(i)
        } else {
            f.path("aliases")
        };
        match normalize_alias(&alias) {
            Some(normalized) => {
                let pos = r.locator.find(&path);
                aliases.push(Located {
                    value: normalized,
                    line: pos.line,
                    column: pos.column,
                });
            }
            None => r.error(
                &path,
                Fix::Address,
                format!(
                    "expected a path inside the site such as /tin-tuc/bai-cu.html, found {alias:?}"
                ),
            ),
        }
    }
    aliases
}

/// `/a/b` and `/a/b/` → `/a/b/`; `/a/b.html` stays. Refuses anything that
/// could leave the output folder or is not a plain path.
pub fn normalize_alias(alias: &str) -> Option<String> {
    let alias = alias.trim();
    let rest = alias.strip_prefix('/')?;
    if rest.is_empty()
        || alias.contains(['\\', '\0', '?', '#', ':', '%', '<', '>', '"', '|', '*'])
        || alias.starts_with("//")
    {
        return None;
    }
    let segments: Vec<&str> = rest.trim_end_matches('/').split('/').collect();
    if segments
        .iter()
        .any(|s| s.is_empty() || *s == "." || *s == ".." || s.chars().any(char::is_control))
    {
        return None;
    }
    let joined = segments.join("/");
    let is_file = segments
        .last()
        .is_some_and(|s| s.ends_with(".html") || s.ends_with(".htm"));
    Some(if is_file {
        format!("/{joined}")
    } else {
        format!("/{joined}/")
    })
}

pub(super) const IMAGE_KEYS: &[&str] = &["src", "alt", "caption", "credit"];

/// `image:`: the lead picture.
pub(super) fn read_image(f: &Fields, r: &mut Reader, pictures: &BundlePictures) -> Option<Image> {
    let map = f.mapping(r, "image")?;
    let path = f.path("image");
    read_picture(&Fields::new(map, &path), r, pictures)
}

/// `gallery:`: a list of pictures like `image`, each with its own `alt`.
pub(super) fn read_gallery(f: &Fields, r: &mut Reader, pictures: &BundlePictures) -> Vec<Image> {
    let mut gallery = Vec::new();
    for (i, item) in f.sequence(r, "gallery").into_iter().flatten().enumerate() {
        let item_path = f.path("gallery").index(i);
        let serde_yaml::Value::Mapping(map) = item else {
            r.error(
                &item_path,
                Fix::Shape,
                format!(
                    "expected {{src, alt, caption, credit}}, found {}",
                    crate::frontmatter::describe(item)
                ),
            );
            continue;
        };
        gallery.extend(read_picture(&Fields::new(map, &item_path), r, pictures));
    }
    gallery
}

/// One picture's keys: `src` (a file of the bundle, a site path or an
/// http(s) address), `alt` (required), `caption`, `credit`.
fn read_picture(fi: &Fields, r: &mut Reader, pictures: &BundlePictures) -> Option<Image> {
    let src = fi.text(r, "src", true);
    let alt = match fi.get("alt") {
        None => {
            r.error(
                &fi.path("alt"),
                Fix::Alt,
                "required key is missing: expected a text describing the picture for readers who cannot see it",
            );
            None
        }
        Some(_) => fi.text(r, "alt", true),
    };
    let caption = fi.text(r, "caption", false);
    let credit = fi.text(r, "credit", false);
    fi.warn_unknown(r, IMAGE_KEYS);
    let src = src?;
    if !is_safe_picture_source(&src) {
        r.error(
            &fi.path("src"),
            Fix::Picture,
            format!("expected a picture file of the bundle or an http(s) address, found {src:?}"),
        );
        return None;
    }
    let elsewhere = src.starts_with('/') || src.contains("://");
    if !elsewhere && pictures.lacks_file(&src) {
        r.error(
            &fi.path("src"),
            Fix::Picture,
            format!("no file {src:?} beside the page: put it in the page's bundle folder (with index.md)"),
        );
        return None;
    }
    // Reports a picture that cannot be published at this key.
    pictures.shown_at_key(r, &fi.path("src"), &src);
    Some(Image {
        src,
        alt: alt?,
        caption,
        credit: credit.filter(|c| !c.trim().is_empty()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_issuer_a_sentence_names_after_cua() {
        assert_eq!(
            issuer_context(" ngày 05/3/2020 của UBND tỉnh Tây Ninh về kế hoạch."),
            "ubnd-tinh-tay-ninh-ve-ke-hoach"
        );
        assert_eq!(
            issuer_context(" của UBND tỉnh Bình Phước, và 12/QĐ-UBND của Sở"),
            "ubnd-tinh-binh-phuoc"
        );
        // The sentence ends before any "của": no issuer.
        assert_eq!(issuer_context(" đã nêu. Báo cáo của Sở Nội vụ"), "");
        assert_eq!(issuer_context(""), "");
    }

    #[test]
    fn strips_a_leading_date_from_file_names() {
        assert_eq!(strip_date_prefix("2021-12-29-ket-qua"), "ket-qua");
        assert_eq!(strip_date_prefix("2021-ket-qua"), "2021-ket-qua");
    }

    #[test]
    fn normalizes_aliases_and_refuses_escapes() {
        assert_eq!(
            normalize_alias("/tin-tuc/a").as_deref(),
            Some("/tin-tuc/a/")
        );
        assert_eq!(
            normalize_alias("/tin-tuc/a.html").as_deref(),
            Some("/tin-tuc/a.html")
        );
        assert_eq!(normalize_alias("/../etc/passwd"), None);
        assert_eq!(normalize_alias("/a/%2e%2e/b"), None);
        assert_eq!(normalize_alias("C:/x"), None);
        assert_eq!(normalize_alias("relative/x"), None);
    }
}
