//! The picture pipeline of page bundles: resized WebP and original-format copies, a cleaned
//! original and a content-addressed cache. It writes no HTML and no output folder: the renderer does.
//!
//! Entry point: [`publish`]. Decoding is pure Rust (`image`), resizing
//! `fast_image_resize` (Lanczos3), WebP encoding libwebp, JPEG `jpeg-encoder`.
//!
//! How a build uses it: one [`ImageCache`] shared by every worker thread,
//! `publish` for each picture a page shows (from rayon workers, beside
//! rendering), the files of each [`Published`] copied next to the page, and
//! after the build `prune` with the keys it used.
//!
//! ```no_run
//! use minhbach::images::{publish, ImageCache, ImageSettings, Publication};
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let settings = ImageSettings::default();
//! let cache = ImageCache::for_site(std::path::Path::new("."), &settings);
//! let bytes = std::fs::read("content/news/le-ky-ket/anh.jpg")?;
//! if let Publication::Resized(picture) = publish(&bytes, "anh.jpg", &settings, &cache)? {
//!     let webp = picture.webp_srcset("");
//!     let fallback = picture.fallback_srcset("");
//!     let src = &picture.fallback().file_name;
//!     println!("{src} {}x{}: {webp} / {fallback}", picture.width, picture.height);
//!     cache.prune([&picture.key])?;
//! }
//! # Ok(())
//! # }
//! ```

mod cache;
mod clean;
mod encode;
mod error;
mod jpeg_segments;
mod manifest;
mod pixels;
mod plan;
mod png_chunks;
mod probe;
mod publish;
mod published;
mod settings;
mod sources;
mod webp_chunks;

#[cfg(test)]
mod fixtures;
#[cfg(test)]
mod publish_tests;

pub use cache::{CacheKey, ImageCache, PruneReport};
pub use error::ImageError;
pub use plan::{planned_widths, scaled_height};
pub use probe::{probe, Format, PassThrough, PictureInfo, Probe};
pub use publish::{cached, cached_file, publish, publish_file};
pub use published::{Publication, Published, PublishedFile};
pub use settings::{
    ImageSettings, DEFAULT_JPEG_QUALITY, DEFAULT_MAX_PIXELS, DEFAULT_WEBP_QUALITY, DEFAULT_WIDTHS,
    FORMAT_VERSION, MAX_WIDTH,
};

// The renderer publishes pictures from rayon workers, sharing one cache.
const _: () = {
    const fn shared_between_threads<T: Send + Sync>() {}
    shared_between_threads::<ImageCache>();
    shared_between_threads::<ImageSettings>();
    shared_between_threads::<Publication>();
    shared_between_threads::<ImageError>();
};
