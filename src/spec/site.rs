//! site.yaml, the site's settings.

use super::parts::{def, opt, req, LANGS, LANGUAGE_SETTINGS, MENU};
use super::{Format, Kind, Obj, Ty};

pub const CMS_BACKENDS: &[&str] = &["github", "gitlab", "git-gateway"];

/// Decap CMS's script when site.yaml names none: version 3 from a public CDN.
pub const DECAP_SCRIPT: &str = "https://unpkg.com/decap-cms@^3.0.0/dist/decap-cms.js";

/// `images:`, how the pictures of bundles are published.
pub const IMAGES: Obj = Obj {
    name: "images",
    keys: &[
        def(
            "widths",
            Ty::List(&Ty::Rank),
            "[360, 720, 1200]",
            "the widths in pixels of the resized copies (never wider than the original)",
            "[360, 720, 1200]",
        ),
        def(
            "jpeg_quality",
            Ty::Rank,
            "80",
            "the quality of JPEG copies, 1 to 100",
            "80",
        ),
        def(
            "webp_quality",
            Ty::Count,
            "75",
            "the quality of WebP copies, 0 to 100",
            "75",
        ),
        def(
            "cache",
            Ty::Text,
            ".cache/images",
            "the folder that keeps the copies between builds, relative to the site folder",
            ".cache/images",
        ),
        def(
            "max_pixels",
            Ty::Rank,
            "100000000",
            "the largest picture, in pixels, that is decoded (a bigger one is an error)",
            "100000000",
        ),
    ],
    rules: &[],
};

/// `cms:`, the browser editor (Decap CMS) the build writes under /admin/.
pub const CMS: Obj = Obj {
    name: "cms",
    keys: &[
        req("backend", Ty::Choice(CMS_BACKENDS), "where the editor saves: the portal's repository on GitHub or GitLab, or Netlify's Git Gateway", "github"),
        opt("repo", Ty::Text, "the repository, OWNER/NAME (github, gitlab)", "so-noi-vu/cong-cchc"),
        def("branch", Ty::Text, "main", "the branch the editor commits to", "main"),
        def("script", Ty::Either(&[Ty::Url, Ty::SitePath]), DECAP_SCRIPT, "the address of Decap CMS's script, or the path of a copy the portal serves itself", "https://cchc.example.gov.vn/js/decap-cms.js"),
        def("local_backend", Ty::Bool, "false", "save through `npx decap-server` on this computer instead (trying it out)", "true"),
    ],
    rules: &[],
};

pub const SITE: Kind = Kind {
    name: "site",
    title: "Site settings (site.yaml)",
    files: "site.yaml",
    format: Format::Yaml,
    about: "The settings of the whole site.",
    root: &Obj {
        name: "site settings",
        keys: &[
            req("title", Ty::Text, "the site's title", "\"Cổng thông tin cải cách hành chính tỉnh\""),
            req("base_url", Ty::BaseUrl, "where the site is published: an address, or a path such as /portal/", "https://cchc.example.gov.vn/"),
            def("language", Ty::Choice(LANGS), "vi", "the site's language (for one language)", "vi"),
            def("languages", Ty::LangList, "[language]", "the site's languages, the default first; the others under /LANG/", "[vi, en]"),
            opt("vi", Ty::Object(&LANGUAGE_SETTINGS), "the Vietnamese title, description and menu, when it is not the default", "{title: \"Cổng CCHC\"}"),
            opt("en", Ty::Object(&LANGUAGE_SETTINGS), "the English title, description and menu", "{title: \"Administrative reform portal\", menu: [{name: About, url: /en/pages/about/}]}"),
            def("timezone", Ty::Timezone, "+07:00", "the offset of dates written without one", "\"+07:00\""),
            opt("description", Ty::Text, "the site's description (home page, feeds)", "\"Tin tức và kết quả cải cách hành chính\""),
            def("theme", Ty::Text, "default", "the theme folder under themes/", "default"),
            def("paginate", Ty::Rank, "10", "news items on one page of a list", "10"),
            def("menu", MENU, "none", "the main menu", "[{name: \"Giới thiệu\", url: /pages/gioi-thieu/}]"),
            opt("extra", Ty::Any, "anything, passed to templates as `config.extra`", "{hotline: \"0251 3822 222\"}"),
            opt("images", Ty::Object(&IMAGES), "the resized copies of pictures: widths, qualities, cache", "{widths: [360, 720, 1200]}"),
            opt("cms", Ty::Object(&CMS), "a browser editor for the content at /admin/ (Decap CMS)", "{backend: github, repo: so-noi-vu/cong-cchc}"),
            def("unsafe_html", Ty::Bool, "false", "allow scripts and raw HTML in bodies (trusted writers only)", "false"),
        ],
        rules: &[],
    },
};
