//! The one definition of every key a content file or site.yaml may hold:
//! its name, type, whether it is required, its default, its allowed values,
//! what it means and an example. The parsers are tested against it (each
//! key a parser reads is here and nothing more), and the generated artefacts
//! read it: the JSON Schemas (`schema`) and the reference `docs/content.md`
//! (`reference`). A leaf: it imports no other stage.

mod documents;
mod index;
mod news;
mod page;
mod parts;
mod plan;
mod procedure;
pub mod reference;
pub mod schema;
mod site;

/// The type of a key's value, as the parser reads it.
#[derive(Debug, Clone, Copy)]
pub enum Ty {
    /// Text; a number or true/false is read as its written form.
    Text,
    /// A YAML string only (where a mapping is the other choice).
    Str,
    /// `YYYY-MM-DD`, `YYYY-MM-DD HH:MM` or RFC 3339.
    Date,
    Bool,
    /// A number; a quoted one may use a decimal comma ("1,5").
    Number,
    /// A number of 0 or more (working days).
    Days,
    /// A whole number of 0 or more.
    Count,
    /// A whole number written as a YAML number (not quoted).
    CountNumber,
    /// A whole number of 1 or more (a rank).
    Rank,
    /// An address starting with https:// or http://.
    Url,
    /// site.yaml `base_url`: an http(s) address or a path starting with `/`.
    BaseUrl,
    /// A URL segment: letters, digits, dashes (Vietnamese is folded).
    Slug,
    /// A path inside the site, `/tin-tuc/bai-cu.html`.
    SitePath,
    /// A file inside `content/` of a document type (PDF, DOC, DOCX, ODT, XLSX).
    DocumentFile,
    /// `2021`, `2021-Q3`, `2021-07`, `2021-H1` (or `~`: none stated).
    Period,
    /// An offset such as `+07:00`, or `UTC`.
    Timezone,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// A list of texts; one text alone is a list of one.
    TextList,
    /// A list of numbers, where `~` marks one not stated.
    NumberList,
    /// A list of language codes, without repeats.
    LangList,
    /// A list whose entries have the given type.
    List(&'static Ty),
    Object(&'static Obj),
    /// Any of these types.
    Either(&'static [Ty]),
    /// Anything YAML can write (passed to templates as is).
    Any,
}

/// A relation between keys of one mapping that no single key says.
#[derive(Debug, Clone, Copy)]
pub enum Rule {
    /// The two keys are never both given.
    NotBoth(&'static str, &'static str),
    /// When the first key is given, the second must be too.
    Needs(&'static str, &'static str),
    /// When the first key is given, at least one of the others must be.
    OneOf(&'static str, &'static [&'static str]),
    /// Every entry of this list has the key, or none has.
    AllOrNone(&'static str, &'static str),
}

/// One key of a mapping.
#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
    /// What an absent key means, in words ("the file name", "10").
    pub default: Option<&'static str>,
    pub meaning: &'static str,
    /// A value as it is written in YAML.
    pub example: &'static str,
}

/// A mapping: its keys and the rules between them. Keys not listed are
/// warned about by the parser and refused by the schema.
#[derive(Debug, Clone, Copy)]
pub struct Obj {
    pub name: &'static str,
    pub keys: &'static [Key],
    pub rules: &'static [Rule],
}

impl Obj {
    pub fn names(&self) -> Vec<&'static str> {
        self.keys.iter().map(|k| k.name).collect()
    }

    pub fn key(&self, name: &str) -> Option<&'static Key> {
        self.keys.iter().find(|k| k.name == name)
    }
}

/// How a kind of file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// YAML front matter between `---` lines, then a Markdown body.
    FrontMatter,
    /// A YAML file of settings.
    Yaml,
    /// A YAML mapping from a document number to its record.
    Registry,
}

/// A kind of file.
#[derive(Debug, Clone, Copy)]
pub struct Kind {
    /// The name `minhbach schema --kind` takes and the schema's file name.
    pub name: &'static str,
    pub title: &'static str,
    /// Where such files live.
    pub files: &'static str,
    pub format: Format,
    /// What the body (or, for a registry, each entry) holds.
    pub about: &'static str,
    pub root: &'static Obj,
}

/// Every kind, in the order of the reference.
pub const KINDS: &[&Kind] = &[
    &news::NEWS,
    &procedure::PROCEDURE,
    &plan::PLAN,
    &index::INDEX,
    &page::PAGE,
    &page::INTRO,
    &documents::DOCUMENTS,
    &site::SITE,
];

pub fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().copied().find(|k| k.name == name)
}

/// The mappings inside files, for the parsers' tests and the reference.
pub mod objects {
    pub use super::documents::DOCUMENT;
    pub use super::index::{BAND, UNIT};
    pub use super::parts::{
        IMAGE, INSPECTED, INSPECTION, LANGUAGE_SETTINGS, MENU_ITEM, OUTCOME, RECOMMENDATION,
        RESULT, ROUND,
    };
    pub use super::site::{CMS, IMAGES};
}

/// The fixed sets of words, for the model's tests.
pub mod choices {
    pub use super::parts::{BETTER, LANGS, ONE_STOP, ONLINE, PROCEDURE_LEVEL, STATUS, UNIT_LEVEL};
    pub use super::site::{CMS_BACKENDS, DECAP_SCRIPT};
}

/// The `lang` key every kind of content file accepts.
pub(crate) const LANG: Key = Key {
    name: "lang",
    ty: Ty::Choice(parts::LANGS),
    required: false,
    default: Some("the language of the file's name (`x.en.md`), else the site's default"),
    meaning: "the language the file is written in; one of site.yaml `languages`",
    example: "en",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_is_found_by_its_name_and_keys_are_unique() {
        for k in KINDS {
            assert!(kind(k.name).is_some());
            let mut names = k.root.names();
            names.sort_unstable();
            let before = names.len();
            names.dedup();
            assert_eq!(before, names.len(), "{} repeats a key", k.name);
        }
        assert!(kind("nothing").is_none());
    }
}
