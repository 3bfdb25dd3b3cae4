use crate::harness::*;

#[test]
fn demo_portal_builds_every_page() {
    let site = fixture("minimal");
    site.build();
    assert!(site.exists("index.html"));
}
