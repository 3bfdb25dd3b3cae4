//! Performance indices, `content/indices/SLUG/YYYY.md`.

use super::parts::{def, opt, req, BETTER, UNIT_LEVEL};
use super::{Format, Kind, Obj, Rule, Ty, LANG};

pub const BAND: Obj = Obj {
    name: "band",
    keys: &[
        req("name", Ty::Text, "the class's name", "Tốt"),
        req(
            "from",
            Ty::Number,
            "the lowest score of the class; bands are listed highest first",
            "90",
        ),
    ],
    rules: &[],
};

pub const UNIT: Obj = Obj {
    name: "ranked unit",
    keys: &[
        req(
            "unit",
            Ty::Text,
            "the ranked unit; each once a year",
            "\"Sở Tư pháp\"",
        ),
        opt(
            "unit_level",
            Ty::Choice(UNIT_LEVEL),
            "its level",
            "department",
        ),
        opt("score", Ty::Number, "its score", "91.25"),
        def(
            "rank",
            Ty::Rank,
            "derived from the scores, ties sharing a rank",
            "its rank; given for every unit or for none",
            "1",
        ),
        opt(
            "components",
            Ty::NumberList,
            "its score in each of the index's `components`, as many; `~` for one not stated",
            "[9.5, 8, ~]",
        ),
        opt("note", Ty::Text, "a remark", "\"Tăng 3 bậc\""),
    ],
    rules: &[],
};

pub const INDEX: Kind = Kind {
    name: "index",
    title: "Performance indices",
    files: "content/indices/SLUG/YYYY.md (SLUG names the index, one file per year)",
    format: Format::FrontMatter,
    about: "The body (optional) is shown on the year's page.",
    root: &Obj {
        name: "index year",
        keys: &[
            req(
                "index",
                Ty::Text,
                "the index's name, the same in every year of SLUG",
                "\"Chỉ số cải cách hành chính (PAR INDEX)\"",
            ),
            req(
                "year",
                Ty::Count,
                "the year; must be the file's name",
                "2023",
            ),
            opt(
                "scope",
                Ty::Text,
                "what is ranked",
                "\"các sở, ban, ngành tỉnh Bình Dương\"",
            ),
            opt(
                "published",
                Ty::Date,
                "when the result was announced",
                "2024-02-20",
            ),
            opt(
                "basis",
                Ty::Text,
                "the decision that announced it",
                "\"Quyết định số 486/QĐ-UBND ngày 20/02/2024\"",
            ),
            opt("max_score", Ty::Number, "the highest possible score", "100"),
            def(
                "better",
                Ty::Choice(BETTER),
                "higher",
                "the direction of `score`",
                "lower",
            ),
            opt(
                "components",
                Ty::TextList,
                "the names of the sub-indices, in order",
                "[\"Công tác chỉ đạo\", \"Thủ tục hành chính\"]",
            ),
            opt(
                "bands",
                Ty::List(&Ty::Object(&BAND)),
                "the classification, highest `from` first",
                "[{name: Tốt, from: 90}, {name: Khá, from: 80}]",
            ),
            req(
                "units",
                Ty::List(&Ty::Object(&UNIT)),
                "one entry per ranked unit",
                "[{unit: \"Sở Tư pháp\", score: 91.25}]",
            ),
            opt(
                "of",
                Ty::Count,
                "how many units the whole ranking has when `units` lists only some",
                "63",
            ),
            LANG,
        ],
        rules: &[Rule::AllOrNone("units", "rank")],
    },
};
