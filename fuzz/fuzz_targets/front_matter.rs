//! Front-matter splitting, YAML parsing and key location on any text.
#![no_main]
use libfuzzer_sys::fuzz_target;
use minhbach::frontmatter::{parse_mapping, split, KeyPath, Locator};

fuzz_target!(|text: &str| {
    if let Ok(Some(s)) = split(text) {
        let _ = parse_mapping(s.yaml, s.yaml_line);
        let locator = Locator::new(s.yaml, s.yaml_line);
        let pos = locator.find(&KeyPath::default().key("inspection").key("unit_level"));
        assert!(pos.line >= s.yaml_line && pos.column >= 1);
        let _ = locator.top_level_key_at(pos.line);
    }
});
