//! minhbach: a static-site generator for public-administration-reform portals.
//!
//! The modules below are listed in pipeline order; each stage imports only
//! the stages above it, and a rule two stages need lives once, in a leaf.
//!
//! ```text
//!   leaves: error escape locale paging routes slug spec dates citations timings image_size
//!           picture_html (the <picture> markup of a published picture)
//!           images (pictures: decode, strip, resize, encode, cache)
//!      │
//!   frontmatter (the `---` split, YAML, the field reader)
//!      │
//!   config (site.yaml) ── load (content/ → source files)
//!      │                       │
//!      └──── parse (one file per kind, one driver) ──┐
//!                                                    │
//!                 model (types; assemble; where an item files itself; Site)
//!                                                    │
//!        ┌───────────────┬──────────────┬────────────┤
//!     render           feeds          data         search
//!   (plan + pages)  (RSS, sitemap) (open data)  (the index)
//!        └───────────────┴──────┬───────┴────────────┘
//!                             links (internal links)
//!                               │
//!                            output (staging folder, atomic swap)
//!                               │
//!                            build (orchestration only)
//!                               │
//!                  incremental (asks the render plan) ── serve
//!                               │
//!                  scaffold, init, cli → main
//! ```

// Leaves: one owner for each rule every stage shares.
pub mod citations;
pub mod dates;
pub mod error;
pub mod escape;
pub mod image_size;
pub mod picture_html;
pub mod images;
pub mod locale;
pub mod paging;
pub mod routes;
pub mod slug;
pub mod spec;

pub mod timings;

// Reading the site.
pub mod frontmatter;
pub mod config;
pub mod load;
pub mod markdown;
pub mod parse;
pub mod model;

// Making its files, side by side.
pub mod render;
pub mod feeds;
pub mod data;
pub mod search;
pub mod cms;
pub mod links;

// Writing and running them.
pub mod output;
pub mod build;
pub mod incremental;
pub mod serve;
pub mod init;
pub mod scaffold;
pub mod cli;

/// `minhbach --version`: the package version and the commit it was built
/// from (build.rs; "unknown" without git).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (commit ",
    env!("MINHBACH_COMMIT"),
    ")"
);

/// The commit alone, which `minhbach init` pins the workflow files to.
pub const COMMIT: &str = env!("MINHBACH_COMMIT");

/// Where minhbach's source is (the `origin` remote when it was built; "unknown" without one).
pub const REPOSITORY: &str = env!("MINHBACH_REPOSITORY");
