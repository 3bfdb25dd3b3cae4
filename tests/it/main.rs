//! One integration test binary (links once): a module per feature.

mod harness;

mod atomicity;
mod build_basics;
mod cli;
mod cms;
mod compress;
mod demo;
mod documents;
mod errors;
mod escaping;
mod incremental;
mod init;
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
mod workflows;
mod truthful;
