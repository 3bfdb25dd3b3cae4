//! `content/documents.yaml`: records of cited legal documents.

use super::parts::opt;
use super::{Format, Kind, Obj, Ty};

pub const DOCUMENT: Obj = Obj {
    name: "document",
    keys: &[
        opt(
            "kind",
            Ty::Text,
            "the kind of document (Luật, Nghị định, Quyết định …); default: read from the number's type code (NĐ-CP: Nghị định). A kind the theme has a word for is shown in each page's language (Decree on English pages); any other as written",
            "\"Nghị định\"",
        ),
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
        opt(
            "file",
            Ty::DocumentFile,
            "the document's file, a path inside content/ (PDF, DOC, DOCX, ODT or XLSX), copied into the portal and linked with its type and size",
            "\"van-ban/151-tb-snv.pdf\"",
        ),
    ],
    rules: &[],
};

pub const DOCUMENTS: Kind = Kind {
    name: "documents",
    title: "Legal documents (documents.yaml)",
    files: "content/documents.yaml",
    format: Format::Registry,
    about: "A mapping from a document number (43/2011/NĐ-CP, 151/TB-SNV) to its record, or to a list of records when several issuers use one number (486/QĐ-UBND of two provinces), each with its `issuer`. Each document cited or registered gets its own page.",
    root: &DOCUMENT,
};
