//! One integration test binary (links once): a module per feature.

mod harness;

mod atomicity;
mod build_basics;
mod cli;
mod demo;
mod errors;
mod escaping;
mod overrides;
mod paths;
mod properties;
mod search;
mod sections;
mod theme;
