//! News items, `content/news/**`.

use super::parts::{def, opt, req, IMAGE, INSPECTION, OUTCOME, RESULT};
use super::{Format, Kind, Obj, Rule, Ty, LANG};

const OUTCOME_ENTRY: Ty = Ty::Either(&[Ty::Str, Ty::Object(&OUTCOME)]);

pub const NEWS: Kind = Kind {
    name: "news",
    title: "News items",
    files: "content/news/NAME.md, or content/news/NAME/index.md (a page bundle with its pictures)",
    format: Format::FrontMatter,
    about: "The body is the article in Markdown.",
    root: &Obj {
        name: "news item",
        keys: &[
            req("title", Ty::Text, "the headline", "\"Kết quả kiểm tra công tác CCHC năm 2021\""),
            req("date", Ty::Date, "publication time; without an offset it is in site.yaml `timezone`; a future one is published from then on", "2021-12-29"),
            opt("updated", Ty::Date, "the last substantive change", "2022-01-05 08:30"),
            def("slug", Ty::Slug, "the file (or bundle folder) name without a leading YYYY-MM-DD-, folded", "the URL segment", "ket-qua-kiem-tra-2021"),
            def("summary", Ty::Text, "the first paragraph, about 200 characters", "the teaser in lists and feeds", "\"Năm 2021, Đoàn kiểm tra đã kiểm tra 12 cơ quan.\""),
            opt("author", Ty::Text, "who wrote it", "\"Đào Mai Cường – Phòng CCHC Sở Nội vụ\""),
            opt("source", Ty::Text, "the publication the item comes from", "Baonghean.vn"),
            opt("source_url", Ty::Url, "a link to the original", "https://baonghean.vn/bai-goc.html"),
            opt("agency", Ty::Text, "the agency the item is about (a taxonomy)", "\"Sở Nội vụ\""),
            opt("location", Ty::Text, "the province or district (a taxonomy)", "\"Huyện Tân Kỳ\""),
            opt("tags", Ty::TextList, "tags (a taxonomy)", "[kiểm tra, một cửa]"),
            def("featured", Ty::Bool, "false", "shown under the home page's featured news", "true"),
            def("draft", Ty::Bool, "false", "not built unless `--drafts`", "true"),
            opt("image", Ty::Object(&IMAGE), "the lead picture; `alt` is required", "{src: anh.jpg, alt: \"Buổi kiểm tra\"}"),
            opt("gallery", Ty::List(&Ty::Object(&IMAGE)), "more pictures of the bundle, shown as a list of figures; each needs `alt`", "[{src: anh-2.jpg, alt: \"Người dân nộp hồ sơ\", credit: \"Ảnh: Sở Nội vụ\"}]"),
            opt("aliases", Ty::Either(&[Ty::SitePath, Ty::List(&Ty::SitePath)]), "old addresses that redirect here", "[/tin-tuc/bai-cu.html]"),
            opt("inspection", Ty::Object(&INSPECTION), "the inspection this item reports", "{unit: \"Sở Tư pháp\", unit_level: department}"),
            opt("inspections", Ty::List(&Ty::Object(&INSPECTION)), "several inspections (instead of `inspection`)", "[{unit: \"Sở Tư pháp\", unit_level: department}]"),
            opt("results", Ty::List(&Ty::Object(&RESULT)), "measured figures the item reports", "[{indicator: \"Hồ sơ đúng hạn\", value: 98.5, unit: \"%\"}]"),
            opt("outcomes", Ty::List(&OUTCOME_ENTRY), "featured outcomes (kết quả nổi bật): texts or {text, before, after, unit}", "[{text: \"Cấp phép xây dựng\", before: 15, after: 5, unit: ngày}]"),
            LANG,
        ],
        rules: &[Rule::NotBoth("inspection", "inspections")],
    },
};
