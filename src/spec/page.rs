//! Plain pages, `content/pages/**`, and a section's `_index.md`.

use super::parts::{def, opt, req};
use super::{Format, Kind, Obj, Ty, LANG};

pub const PAGE: Kind = Kind {
    name: "page",
    title: "Pages",
    files: "content/pages/NAME.md (gioi-thieu.md, lien-he.md ...)",
    format: Format::FrontMatter,
    about: "The body is the page in Markdown.",
    root: &Obj {
        name: "page",
        keys: &[
            req("title", Ty::Text, "the page's title", "\"Giới thiệu\""),
            def(
                "slug",
                Ty::Slug,
                "the file name, folded",
                "the URL segment",
                "gioi-thieu",
            ),
            def(
                "summary",
                Ty::Text,
                "the first paragraph",
                "the description in lists and search",
                "\"Chức năng, nhiệm vụ của Phòng CCHC\"",
            ),
            opt("date", Ty::Date, "when it was written", "2021-01-04"),
            opt(
                "updated",
                Ty::Date,
                "the last substantive change",
                "2022-03-01",
            ),
            def(
                "draft",
                Ty::Bool,
                "false",
                "not built unless `--drafts`",
                "true",
            ),
            opt(
                "aliases",
                Ty::Either(&[Ty::SitePath, Ty::List(&Ty::SitePath)]),
                "old addresses that redirect here",
                "[/gioi-thieu.html]",
            ),
            LANG,
        ],
        rules: &[],
    },
};

pub const INTRO: Kind = Kind {
    name: "intro",
    title: "Section introductions",
    files: "content/_index.md (the home page), content/SECTION/_index.md",
    format: Format::FrontMatter,
    about: "The body is the text shown at the top of the section (the home page for content/_index.md). The front matter is optional.",
    root: &Obj {
        name: "section introduction",
        keys: &[
            def("title", Ty::Text, "the section's usual title", "the section's title", "\"Tin cải cách hành chính\""),
            opt("description", Ty::Text, "the section's description", "\"Tin tức về công tác CCHC của tỉnh\""),
            LANG,
        ],
        rules: &[],
    },
};
