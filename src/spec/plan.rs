//! Yearly inspection plans, `content/inspections/YYYY.md`.

use super::parts::{opt, req, INSPECTED, INSPECTION, ROUND};
use super::{Format, Kind, Obj, Ty, LANG};

const ROUND_ENTRY: Ty = Ty::Either(&[Ty::Str, Ty::Object(&ROUND)]);

pub const PLAN: Kind = Kind {
    name: "plan",
    title: "Yearly inspection plans",
    files: "content/inspections/YYYY.md",
    format: Format::FrontMatter,
    about: "The body is shown on that year's page, /inspections/YYYY/.",
    root: &Obj {
        name: "inspection plan",
        keys: &[
            req(
                "year",
                Ty::Count,
                "the plan's year; must be the file's name",
                "2021",
            ),
            opt(
                "title",
                Ty::Text,
                "the plan's title",
                "\"Kế hoạch kiểm tra CCHC năm 2021\"",
            ),
            opt(
                "basis",
                Ty::Text,
                "the plan's decision",
                "\"Kế hoạch số 12/KH-UBND\"",
            ),
            opt(
                "planned",
                Ty::Count,
                "how many units are to be inspected",
                "12",
            ),
            opt(
                "rounds",
                Ty::List(&ROUND_ENTRY),
                "the rounds: names or {name, period}",
                "[{name: \"Đợt I\", period: \"Quý II\"}]",
            ),
            opt(
                "inspections",
                Ty::List(&Ty::Object(&INSPECTION)),
                "inspections the plan reports itself, dated in its year",
                "[{unit: \"UBND huyện Tân Kỳ\", unit_level: district}]",
            ),
            opt(
                "inspected",
                Ty::Either(&[Ty::CountNumber, Ty::Object(&INSPECTED)]),
                "how many units were inspected: a number, or a count by level",
                "{department: 4, district: 3}",
            ),
            LANG,
        ],
        rules: &[],
    },
};
