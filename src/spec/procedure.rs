//! Procedures of the catalog, `content/procedures/**`.

use super::parts::{def, opt, req, ONE_STOP, ONLINE, PROCEDURE_LEVEL};
use super::{Format, Kind, Obj, Ty, LANG};

pub const PROCEDURE: Kind = Kind {
    name: "procedure",
    title: "Procedures",
    files: "content/procedures/NAME.md",
    format: Format::FrontMatter,
    about: "The body holds the steps (trình tự thực hiện) in Markdown.",
    root: &Obj {
        name: "procedure",
        keys: &[
            req("code", Ty::Str, "the procedure's code (mã thủ tục), in quotes; unique in the site; the default slug", "\"1.001612\""),
            req("title", Ty::Text, "the procedure's name (tên thủ tục)", "\"Cấp giấy phép xây dựng\""),
            req("field", Ty::Text, "its field (lĩnh vực)", "\"Xây dựng\""),
            req("agency", Ty::Text, "the agency that carries it out", "\"Sở Xây dựng\""),
            opt("level", Ty::Choice(PROCEDURE_LEVEL), "the level that carries it out", "province"),
            opt("processing_days", Ty::Days, "working days to settle it", "15"),
            opt("previous_processing_days", Ty::Days, "the time before it was cut; makes it a simplified procedure", "20"),
            opt("online", Ty::Choice(ONLINE), "online service: full, partial or none", "partial"),
            opt("one_stop", Ty::Choice(ONE_STOP), "one-stop shop (một cửa): true, false, or interlinked (liên thông)", "true"),
            opt("fee", Ty::Text, "fees and charges", "\"50.000 đồng\""),
            opt("documents", Ty::TextList, "the papers to hand in (thành phần hồ sơ)", "[\"Đơn đề nghị\", \"Bản sao giấy tờ\"]"),
            opt("legal_basis", Ty::TextList, "the legal basis (căn cứ pháp lý)", "[\"Nghị định số 15/2021/NĐ-CP\"]"),
            opt("effective_from", Ty::Date, "when it takes effect", "2021-07-01"),
            opt("dvc_url", Ty::Url, "its page on the online public-service portal", "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=1.001612"),
            opt("decision", Ty::Text, "the decision that published it", "\"Quyết định số 1957/QĐ-UBND\""),
            opt("targets", Ty::TextList, "who may use it", "[Công dân, Doanh nghiệp]"),
            opt("result", Ty::Text, "what the applicant receives", "\"Giấy phép xây dựng\""),
            opt("conditions", Ty::TextList, "conditions to be met", "[\"Có quyền sử dụng đất\"]"),
            def("slug", Ty::Slug, "the code folded (1.001612 → 1-001612)", "the URL segment", "cap-giay-phep-xay-dung"),
            def("draft", Ty::Bool, "false", "not built unless `--drafts`", "true"),
            LANG,
        ],
        rules: &[],
    },
};
