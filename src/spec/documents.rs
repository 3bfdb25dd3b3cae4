//! `content/documents.yaml`: records of cited legal documents.

use super::parts::opt;
use super::{Format, Kind, Obj, Ty};

pub const DOCUMENT: Obj = Obj {
    name: "document",
    keys: &[
        opt(
            "title",
            Ty::Text,
            "what it is about (trích yếu)",
            "\"Quy định về kiểm soát thủ tục hành chính\"",
        ),
        opt("issuer", Ty::Text, "who issued it", "\"Chính phủ\""),
        opt("issued", Ty::Date, "the day it was issued", "2011-06-08"),
        opt(
            "effective_from",
            Ty::Date,
            "when it took effect",
            "2011-08-01",
        ),
        opt(
            "replaced_by",
            Ty::Text,
            "the number of the document that replaced it",
            "\"61/2018/NĐ-CP\"",
        ),
        opt(
            "url",
            Ty::Url,
            "where the text is published",
            "https://vanban.chinhphu.vn/",
        ),
    ],
    rules: &[],
};

pub const DOCUMENTS: Kind = Kind {
    name: "documents",
    title: "Legal documents (documents.yaml)",
    files: "content/documents.yaml",
    format: Format::Registry,
    about: "A mapping from a document number (43/2011/NĐ-CP, 151/TB-SNV) to its record. Each document cited or registered gets its own page.",
    root: &DOCUMENT,
};
