//! site.yaml `cms:`: the browser editor (Decap CMS) written under /admin/.

use crate::error::Fix;
use crate::frontmatter::describe;
use crate::frontmatter::fields::{Fields, Reader};

/// What the editor needs to know; the keys of `spec::objects::CMS`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CmsSettings {
    pub backend: String,
    pub repo: Option<String>,
    pub branch: String,
    pub script: String,
    pub local_backend: bool,
}

pub(super) const CMS_KEYS: &[&str] = &["backend", "repo", "branch", "script", "local_backend"];

pub(super) fn read_cms(f: &Fields, r: &mut Reader) -> Option<CmsSettings> {
    let map = f.mapping(r, "cms")?;
    let path = f.path("cms");
    let fc = Fields::new(map, &path);
    let backends = crate::spec::choices::CMS_BACKENDS;
    let backend = fc.text(r, "backend", true).and_then(|b| {
        let b = b.trim().to_string();
        if backends.contains(&b.as_str()) {
            Some(b)
        } else {
            r.error(
                &fc.path("backend"),
                Fix::Choice,
                format!("expected one of {}; found {:?}", backends.join(", "), b),
            );
            None
        }
    });
    let repo = fc.text(r, "repo", false);
    let branch = fc.text(r, "branch", false).unwrap_or_else(|| "main".into());
    let script = match fc.text(r, "script", false) {
        None => crate::spec::choices::DECAP_SCRIPT.to_string(),
        Some(url) if is_script_address(url.trim()) => url.trim().to_string(),
        Some(url) => {
            r.error(
                &fc.path("script"),
                Fix::Address,
                format!("expected an address starting with https:// or http://, or a path of the site such as /js/decap-cms.js; found {url:?}"),
            );
            return None;
        }
    };
    let local_backend = fc.boolean(r, "local_backend").unwrap_or(false);
    fc.warn_unknown(r, CMS_KEYS);
    if let Some(value) = map.get("repo").filter(|_| repo.is_none()) {
        r.error(
            &fc.path("repo"),
            Fix::Setting,
            format!("expected OWNER/NAME, found {}", describe(value)),
        );
    }
    Some(CmsSettings {
        backend: backend?,
        repo,
        branch,
        script,
        local_backend,
    })
}

/// Decap's script: from a CDN, or a copy the portal serves itself.
fn is_script_address(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let web = lower.starts_with("https://") || lower.starts_with("http://");
    let own = url.starts_with('/') && !url.starts_with("//");
    (web || own) && !url.contains(char::is_whitespace) && !url.contains(['"', '<', '>'])
}
