//! A whole news item: front matter, validation and Markdown to HTML. Any
//! input gives an item or diagnostics, never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use minhbach::load::{SourceFile, SourceKind};
use minhbach::model::{news::parse_news, ParseContext};

fuzz_target!(|text: &str| {
    let source = SourceFile {
        rel_path: "content/news/fuzz.md".into(),
        kind: SourceKind::News,
        text: text.to_string(),
        stem: "2021-01-01-fuzz".into(),
        bundle_dir: None,
        assets: Vec::new(),
    };
    let ctx = ParseContext {
        timezone: chrono::FixedOffset::east_opt(7 * 3600).unwrap(),
        base_url: "https://x.vn/".into(),
        allow_unsafe_html: false,
    };
    let parsed = parse_news(&source, &ctx);
    for d in &parsed.diagnostics {
        assert!(d.line >= 1);
    }
});
