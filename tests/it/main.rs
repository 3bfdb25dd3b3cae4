//! One integration test binary (links once): a module per feature.

mod harness;

mod atomicity;
mod build_basics;
mod cli;
mod compress;
mod demo;
mod errors;
mod escaping;
mod incremental;
mod languages;
mod overrides;
mod paths;
mod pictures;
mod properties;
mod scaffold;
mod search;
mod search_golden;
mod sections;
mod serve;
mod theme;
mod truthful;
