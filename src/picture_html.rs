//! The `<picture>` markup of a published picture, one writer for the body,
//! the lead picture and the gallery: WebP and original-format `srcset`,
//! `sizes`, the shown `width` and `height` (no layout shift), lazy loading
//! below the lead picture, and a link to the cleaned original.

use crate::escape::html as escape;
use crate::images::{Format, Published};

/// How wide a picture is shown, for the browser's choice in `srcset`; the
/// widths match the theme's columns (style.css: `.prose` 44rem, `.lead-image`
/// 48rem, gallery cells about half of that).
pub const SIZES_BODY: &str = "(min-width: 46rem) 44rem, calc(100vw - 2rem)";
pub const SIZES_LEAD: &str = "(min-width: 50rem) 48rem, calc(100vw - 2rem)";
pub const SIZES_GALLERY: &str = "(min-width: 50rem) 24rem, calc(100vw - 2rem)";

/// One picture to write.
pub struct PictureTag<'a> {
    pub published: &'a Published,
    /// Prepended to every file name: `""` for a page-relative body picture,
    /// the page's address for the lead picture and the gallery.
    pub url_prefix: &'a str,
    pub alt: &'a str,
    pub title: Option<&'a str>,
    pub sizes: &'a str,
    /// The lead picture is above the fold: fetched first, never lazily.
    pub lead: bool,
    /// Wraps the picture in a link to the cleaned original (not inside
    /// another link: a link cannot hold a link).
    pub link_original: bool,
}

impl PictureTag<'_> {
    pub fn html(&self) -> String {
        let p = self.published;
        let mut out = String::with_capacity(512);
        if self.link_original {
            out.push_str(&format!(
                "<a class=\"picture-original\" href=\"{}\">",
                escape(&self.url(&p.original.file_name))
            ));
        }
        out.push_str("<picture>");
        let sizes = escape(self.sizes);
        if p.format != Format::Webp && p.variants_in(Format::Webp).next().is_some() {
            out.push_str(&format!(
                "<source type=\"image/webp\" srcset=\"{}\" sizes=\"{sizes}\">",
                escape(&p.webp_srcset(self.url_prefix))
            ));
        }
        let fallback = p.fallback();
        out.push_str(&format!(
            "<img src=\"{}\"",
            escape(&self.url(&fallback.file_name))
        ));
        let srcset = p.fallback_srcset(self.url_prefix);
        if !srcset.is_empty() {
            out.push_str(&format!(
                " srcset=\"{}\" sizes=\"{sizes}\"",
                escape(&srcset)
            ));
        }
        out.push_str(&format!(
            " width=\"{}\" height=\"{}\" alt=\"{}\"",
            p.width,
            p.height,
            escape(self.alt)
        ));
        if let Some(title) = self.title.filter(|t| !t.is_empty()) {
            out.push_str(&format!(" title=\"{}\"", escape(title)));
        }
        out.push_str(if self.lead {
            " fetchpriority=\"high\" decoding=\"async\">"
        } else {
            " loading=\"lazy\" decoding=\"async\">"
        });
        out.push_str("</picture>");
        if self.link_original {
            out.push_str("</a>");
        }
        out
    }

    /// A file's address: the prefix and the name, percent-encoded like `srcset`.
    fn url(&self, file_name: &str) -> String {
        format!("{}{}", self.url_prefix, url_path(file_name))
    }
}

/// Percent-encodes all but unreserved characters and `/` (as `srcset` does).
pub fn url_path(name: &str) -> String {
    let mut url = String::with_capacity(name.len());
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}
