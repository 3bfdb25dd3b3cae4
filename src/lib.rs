//! minhbach: a static-site generator for public-administration-reform portals.
//! Pipeline: load → parse → model → render → index → write (see README).

pub mod build;
pub mod citations;
pub mod cli;
pub mod config;
pub mod error;
pub mod frontmatter;
pub mod image_size;
pub mod incremental;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod timings;
