//! One integration test binary (links once): a module per feature.

mod harness;

mod build_basics;
mod compress;
mod incremental;
mod scaffold;
mod serve;
