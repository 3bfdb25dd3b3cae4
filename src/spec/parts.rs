//! Mappings more than one kind of file holds, and the fixed sets of words.

use super::{Key, Obj, Rule, Ty};

pub const UNIT_LEVEL: &[&str] = &["province", "department", "district", "commune", "other"];
pub const PROCEDURE_LEVEL: &[&str] = &["province", "district", "commune", "central"];
pub const ONLINE: &[&str] = &["full", "partial", "none"];
pub const ONE_STOP: &[&str] = &["true", "false", "interlinked"];
pub const STATUS: &[&str] = &["open", "in_progress", "done"];
pub const BETTER: &[&str] = &["higher", "lower"];
pub const LANGS: &[&str] = &["vi", "en"];

/// A key with no default, optional.
pub(super) const fn opt(
    name: &'static str,
    ty: Ty,
    meaning: &'static str,
    example: &'static str,
) -> Key {
    Key {
        name,
        ty,
        required: false,
        default: None,
        meaning,
        example,
    }
}

/// A required key.
pub(super) const fn req(
    name: &'static str,
    ty: Ty,
    meaning: &'static str,
    example: &'static str,
) -> Key {
    Key {
        name,
        ty,
        required: true,
        default: None,
        meaning,
        example,
    }
}

/// An optional key with a default.
pub(super) const fn def(
    name: &'static str,
    ty: Ty,
    default: &'static str,
    meaning: &'static str,
    example: &'static str,
) -> Key {
    Key {
        name,
        ty,
        required: false,
        default: Some(default),
        meaning,
        example,
    }
}

pub const IMAGE: Obj = Obj {
    name: "image",
    keys: &[
        req(
            "src",
            Ty::Text,
            "a picture file of the page bundle, or an http(s) address",
            "anh-buoi-kiem-tra.jpg",
        ),
        req(
            "alt",
            Ty::Text,
            "what the picture shows, for readers who cannot see it",
            "\"Đoàn kiểm tra làm việc với Văn phòng UBND tỉnh\"",
        ),
        opt(
            "caption",
            Ty::Text,
            "the caption shown under the picture",
            "\"Buổi kiểm tra ngày 25/6/2014\"",
        ),
        opt(
            "credit",
            Ty::Text,
            "who took or made the picture, shown beside it",
            "\"Ảnh: Văn phòng UBND tỉnh\"",
        ),
    ],
    rules: &[],
};

pub const RECOMMENDATION: Obj = Obj {
    name: "recommendation",
    keys: &[
        req("text", Ty::Text, "the recommendation (kiến nghị)", "\"Niêm yết công khai thủ tục hành chính\""),
        opt("due", Ty::Date, "when it is to be carried out", "2014-09-30"),
        opt(
            "status",
            Ty::Choice(STATUS),
            "how far it is carried out; without it the portal says \"not stated\", never open or not done",
            "in_progress",
        ),
    ],
    rules: &[],
};

const RECOMMENDATION_ENTRY: Ty = Ty::Either(&[Ty::Str, Ty::Object(&RECOMMENDATION)]);
const RECOMMENDATION_LIST: Ty = Ty::List(&RECOMMENDATION_ENTRY);

pub const INSPECTION: Obj = Obj {
    name: "inspection",
    keys: &[
        req("unit", Ty::Text, "the inspected agency", "\"Văn phòng UBND tỉnh Bà Rịa – Vũng Tàu\""),
        req("unit_level", Ty::Choice(UNIT_LEVEL), "its level (cấp): tỉnh, sở/ngành, huyện, xã, other", "department"),
        def("date", Ty::Date, "the item's date", "the day of the inspection", "2014-06-25"),
        opt("lead", Ty::Text, "the head of the inspection team", "\"Ông Nguyễn Văn A, Phó Giám đốc Sở Nội vụ\""),
        opt("by", Ty::Text, "the inspecting body", "\"Đoàn kiểm tra CCHC tỉnh\""),
        opt("team_size", Ty::Count, "members of the team", "7"),
        opt("areas", Ty::TextList, "what was inspected", "[\"công tác chỉ đạo, điều hành\", \"thủ tục hành chính\"]"),
        opt("basis", Ty::Text, "the plan or decision the inspection follows", "\"Thông báo số 151/TB-SNV ngày 29/5/2014\""),
        opt("round", Ty::Text, "the round of the year's plan", "\"Đợt I\""),
        opt("strengths", Ty::TextList, "what the team found done well", "[\"Niêm yết đầy đủ thủ tục\"]"),
        opt(
            "shortcomings",
            Ty::Either(&[Ty::CountNumber, Ty::TextList]),
            "shortcomings found (hạn chế, tồn tại): a list, or a number the report states without listing",
            "[\"Chưa cập nhật thủ tục mới\"]",
        ),
        opt(
            "recommendations",
            Ty::Either(&[Ty::CountNumber, RECOMMENDATION_LIST]),
            "recommendations (kiến nghị): texts or {text, due, status}, or a number the report states",
            "[{text: \"Cập nhật thủ tục\", due: 2014-09-30, status: done}]",
        ),
    ],
    rules: &[],
};

pub const RESULT: Obj = Obj {
    name: "result",
    keys: &[
        req(
            "indicator",
            Ty::Text,
            "what is measured",
            "\"Tỷ lệ hồ sơ giải quyết đúng hạn\"",
        ),
        opt(
            "subject",
            Ty::Text,
            "what the figure is about (not the item's agency unless it says so)",
            "\"Sở Tư pháp\"",
        ),
        def(
            "better",
            Ty::Choice(BETTER),
            "higher",
            "which direction is an improvement",
            "lower",
        ),
        opt(
            "value",
            Ty::Number,
            "the figure; optional when `target`, `rank`, `change` or `min` and `max` are given",
            "98.5",
        ),
        opt(
            "min",
            Ty::Number,
            "the low end of a measured range (with `max`)",
            "1",
        ),
        opt(
            "max",
            Ty::Number,
            "the high end of a measured range (with `min`)",
            "32",
        ),
        opt("unit", Ty::Text, "the unit of the figure", "\"%\""),
        opt(
            "total",
            Ty::Number,
            "the value is \"value of total\" (needs `value`)",
            "1200",
        ),
        opt(
            "target",
            Ty::Number,
            "a threshold: at least (better: higher) or at most (lower)",
            "95",
        ),
        opt(
            "previous",
            Ty::Number,
            "the same indicator's earlier value (needs `value`)",
            "95.9",
        ),
        opt(
            "previous_period",
            Ty::Period,
            "the period of `previous`, `previous_rank` and `change`",
            "2020",
        ),
        opt(
            "change",
            Ty::Number,
            "a stated difference when the earlier value is not given",
            "1.3783",
        ),
        def(
            "period",
            Ty::Period,
            "the item's year",
            "the period of the figure; `~` says the source states none",
            "2021-Q3",
        ),
        opt(
            "rank",
            Ty::Rank,
            "a rank, 1 the best (never drawn as a ratio)",
            "23",
        ),
        opt("of", Ty::Count, "how many are ranked", "63"),
        opt(
            "previous_rank",
            Ty::Rank,
            "the earlier rank (needs `rank`)",
            "47",
        ),
    ],
    rules: &[
        Rule::OneOf(
            "indicator",
            &["value", "target", "rank", "min", "max", "change"],
        ),
        Rule::Needs("min", "max"),
        Rule::Needs("max", "min"),
        Rule::Needs("total", "value"),
        Rule::Needs("previous", "value"),
        Rule::Needs("previous_rank", "rank"),
    ],
};

pub const OUTCOME: Obj = Obj {
    name: "outcome",
    keys: &[
        req(
            "text",
            Ty::Text,
            "the outcome",
            "\"Rút ngắn thời gian cấp phép xây dựng\"",
        ),
        opt("before", Ty::Number, "the figure before", "15"),
        opt("after", Ty::Number, "the figure after", "5"),
        opt("unit", Ty::Text, "the unit of both figures", "ngày"),
    ],
    rules: &[],
};

pub const ROUND: Obj = Obj {
    name: "round",
    keys: &[
        req("name", Ty::Text, "the round's name", "\"Đợt I\""),
        opt("period", Ty::Text, "when it runs", "\"Quý II\""),
    ],
    rules: &[],
};

/// A count of inspected units by level.
pub const INSPECTED: Obj = Obj {
    name: "inspected",
    keys: &[
        opt("province", Ty::Count, "units of the province level", "1"),
        opt("department", Ty::Count, "departments (sở, ngành)", "4"),
        opt("district", Ty::Count, "districts (huyện)", "3"),
        opt("commune", Ty::Count, "communes (xã)", "5"),
        opt("other", Ty::Count, "other units", "1"),
    ],
    rules: &[],
};

pub const MENU_ITEM: Obj = Obj {
    name: "menu item",
    keys: &[
        req("name", Ty::Text, "the link's text", "\"Giới thiệu\""),
        req("url", Ty::Text, "where it goes", "/pages/gioi-thieu/"),
    ],
    rules: &[],
};

pub(super) const MENU: Ty = Ty::List(&Ty::Object(&MENU_ITEM));

/// site.yaml `en:` (or `vi:`): a language's own settings.
pub const LANGUAGE_SETTINGS: Obj = Obj {
    name: "language settings",
    keys: &[
        def(
            "title",
            Ty::Text,
            "the default language's title",
            "the site's title in this language",
            "\"Administrative reform portal\"",
        ),
        opt(
            "description",
            Ty::Text,
            "the site's description in this language",
            "\"News and results of administrative reform\"",
        ),
        def(
            "menu",
            MENU,
            "the default language's menu",
            "the menu in this language",
            "[{name: About, url: /en/pages/about/}]",
        ),
    ],
    rules: &[],
};
