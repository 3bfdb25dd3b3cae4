//! minhbach: a static-site generator for public-administration-reform portals.
//! Pipeline: load → parse → model → render → index → write (see README).

pub mod build;
pub mod citations;
pub mod cli;
pub mod config;
pub mod data;
pub mod dates;
pub mod error;
pub mod escape;
pub mod feeds;
pub mod frontmatter;
pub mod image_size;
pub mod incremental;
pub mod links;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod model;
pub mod output;
pub mod paging;
pub mod parse;
pub mod render;
pub mod routes;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod timings;
