//! Typed content: what staff wrote in front matter, validated, with bodies
//! rendered. Built per file (in parallel); the keyed site lives in `site`.

/// A value that is one of a fixed set of words, such as `unit_level`.
macro_rules! choice_enum {
    ($name:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($variant),+ }
        impl Choice for $name {
            const CHOICES: &'static [&'static str] = &[$($word),+];
            fn from_word(word: &str) -> Option<Self> {
                match word { $($word => Some($name::$variant),)+ _ => None }
            }
        }
        impl $name {
            /// The word as written in front matter and open data.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $word),+ }
            }
        }
    };
}

mod assemble;
mod clashes;
mod documents;
mod figures;
pub mod indices;
pub mod languages;
mod moves;
mod place;
pub mod site;

use std::path::PathBuf;

use chrono::{DateTime, FixedOffset};

pub use crate::dates::Period;
use crate::frontmatter::fields::Choice;
use crate::markdown::Rendered;
pub use assemble::{assemble, cross_file_errors, Publication};
pub use figures::{Better, Outcome, ResultFigure};
pub use languages::{assemble_portal, cross_file_errors_by_language, Alternate, Portal};
pub use place::{collation_key, inspection_year, inspection_years_of, inspections_in};
pub use site::ParsedContent;

choice_enum!(UnitLevel {
    Province => "province",
    Department => "department",
    District => "district",
    Commune => "commune",
    Other => "other",
});

choice_enum!(RecommendationStatus {
    Open => "open",
    InProgress => "in_progress",
    Done => "done",
});

choice_enum!(ProcedureLevel {
    Province => "province",
    District => "district",
    Commune => "commune",
    Central => "central",
});

choice_enum!(OnlineService {
    Full => "full",
    Partial => "partial",
    None => "none",
});

choice_enum!(OneStop {
    Yes => "true",
    No => "false",
    Interlinked => "interlinked",
});

/// A line-anchored value, for errors found after parsing (duplicate URLs, aliases).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub src: String,
    pub alt: String,
    pub caption: Option<String>,
    /// Who took or owns the picture, as the page says.
    pub credit: Option<String>,
}

#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub struct Recommendation {
    pub text: String,
    pub due: Option<DateTime<FixedOffset>>,
    /// `None`: the report does not say (never shown as open or not done).
    pub status: Option<RecommendationStatus>,
}

/// What a report found: not said, listed one by one, or only counted ("7
/// kiến nghị"). Not said is not zero.
#[derive(Debug, Clone, Default, Hash, PartialEq, Eq)]
pub enum Findings<T> {
    #[default]
    NotStated,
    Listed(Vec<T>),
    Counted(u32),
}

impl<T> Findings<T> {
    /// How many there are, as the report states it; `None` when it does not say.
    pub fn count(&self) -> Option<usize> {
        match self {
            Findings::NotStated => None,
            Findings::Listed(items) => Some(items.len()),
            Findings::Counted(n) => Some(*n as usize),
        }
    }

    /// The ones the report lists (none when it only counts them).
    pub fn listed(&self) -> &[T] {
        match self {
            Findings::Listed(items) => items,
            Findings::NotStated | Findings::Counted(_) => &[],
        }
    }
}

#[derive(Debug, Clone, Hash, PartialEq, Eq)]
pub struct Inspection {
    pub unit: String,
    pub unit_level: UnitLevel,
    /// A news item's inspection defaults to the item's date; a plan's list may omit it.
    pub date: Option<DateTime<FixedOffset>>,
    pub lead: Option<String>,
    /// The inspecting body: "Đoàn kiểm tra CCHC tỉnh".
    pub by: Option<String>,
    pub team_size: Option<u32>,
    /// What was inspected: "công tác chỉ đạo, điều hành".
    pub areas: Vec<String>,
    pub basis: Option<String>,
    pub round: Option<String>,
    pub strengths: Vec<String>,
    pub shortcomings: Findings<String>,
    pub recommendations: Findings<Recommendation>,
}

/// Where a piece of content came from, for messages and bundle assets.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Relative to the site root: `content/news/x.md`.
    pub file: PathBuf,
    /// For a page bundle: the asset files beside `index.md`.
    pub assets: Vec<crate::load::Asset>,
    /// Legal documents cited anywhere in the file, front matter included.
    pub citations: Vec<Located<String>>,
    /// For each citation, the issuer its sentence names after "của", folded
    /// (`ubnd-tinh-tay-ninh`), or empty: tells apart one number of two issuers.
    pub citation_contexts: Vec<String>,
    /// A hash of the file's text and of what the walk found about it (its
    /// place, its bundle's files): equal fingerprints, equal parses.
    pub fingerprint: u64,
    /// The language it is written in: its `lang`, else its name's
    /// (`x.en.md`), else the site's default.
    pub lang: crate::locale::Lang,
    /// For a translation (`x.en.md`): the file it translates (`x.md`).
    pub translation_of: Option<PathBuf>,
    /// The bundle's JPEG, PNG and WebP pictures as published (resized copies,
    /// cleaned original), by their name in the bundle. A picture missing here
    /// is copied as it is (an SVG, a GIF, or one `serve` has not resized yet).
    pub pictures: std::sync::Arc<std::collections::BTreeMap<String, crate::images::Published>>,
}

impl Origin {
    /// What a file and its translations share: the original's path.
    pub fn translation_key(&self) -> &std::path::Path {
        self.translation_of.as_deref().unwrap_or(&self.file)
    }
}

/// Content made from one file, which knows where it came from.
pub trait Sourced {
    fn origin(&self) -> &Origin;
    fn origin_mut(&mut self) -> &mut Origin;
}

macro_rules! sourced {
    ($($kind:ty),*) => {$(
        impl Sourced for $kind {
            fn origin(&self) -> &Origin {
                &self.origin
            }
            fn origin_mut(&mut self) -> &mut Origin {
                &mut self.origin
            }
        }
    )*};
}

sourced!(
    NewsItem,
    Procedure,
    InspectionPlan,
    Page,
    SectionIntro,
    indices::IndexYear
);

#[derive(Debug, Clone)]
pub struct NewsItem {
    pub origin: Origin,
    pub slug: Located<String>,
    pub title: String,
    pub date: DateTime<FixedOffset>,
    pub updated: Option<DateTime<FixedOffset>>,
    pub summary: String,
    pub author: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub agency: Option<String>,
    pub location: Option<String>,
    pub tags: Vec<String>,
    pub featured: bool,
    pub draft: bool,
    pub image: Option<Image>,
    /// `gallery:`: more pictures, in the order written.
    pub gallery: Vec<Image>,
    pub aliases: Vec<Located<String>>,
    /// The inspections the item reports: one (`inspection`) or several
    /// (`inspections`, a report on several units).
    pub inspections: Vec<Inspection>,
    pub results: Vec<ResultFigure>,
    pub outcomes: Vec<Outcome>,
    pub body: Rendered,
}

#[derive(Debug, Clone)]
pub struct Procedure {
    pub origin: Origin,
    pub slug: Located<String>,
    pub code: Located<String>,
    pub title: String,
    pub field: String,
    pub agency: String,
    pub level: Option<ProcedureLevel>,
    pub processing_days: Option<f64>,
    pub previous_processing_days: Option<f64>,
    pub online: Option<OnlineService>,
    pub one_stop: Option<OneStop>,
    pub fee: Option<String>,
    pub documents: Vec<String>,
    pub legal_basis: Vec<String>,
    pub effective_from: Option<DateTime<FixedOffset>>,
    pub dvc_url: Option<String>,
    pub decision: Option<String>,
    pub targets: Vec<String>,
    pub result: Option<String>,
    pub conditions: Vec<String>,
    pub draft: bool,
    pub body: Rendered,
}

#[derive(Debug, Clone)]
pub struct Round {
    pub name: String,
    pub period: Option<String>,
}

/// How many units a year's report says were inspected.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Inspected {
    /// `{department: 4, district: 3}`, in the order of the levels.
    ByLevel(Vec<(UnitLevel, u32)>),
    /// `11`: a number, not broken down.
    Total(u32),
}

impl Inspected {
    pub fn total(&self) -> u32 {
        match self {
            Inspected::ByLevel(counts) => counts.iter().map(|(_, n)| n).sum(),
            Inspected::Total(n) => *n,
        }
    }
}

#[derive(Debug, Clone)]
pub struct InspectionPlan {
    pub origin: Origin,
    pub year: i32,
    pub title: Option<String>,
    pub basis: Option<String>,
    pub planned: Option<u32>,
    pub rounds: Vec<Round>,
    /// Inspections the plan reports directly, for units no news item covers.
    pub inspections: Vec<Inspection>,
    /// The count of inspected units the year's report states, when it
    /// gives numbers but not every unit ("7 cơ quan: 4 sở, 3 huyện").
    pub inspected: Option<Inspected>,
    pub body: Rendered,
}

#[derive(Debug, Clone)]
pub struct Page {
    pub origin: Origin,
    pub slug: Located<String>,
    pub title: String,
    pub summary: String,
    pub date: Option<DateTime<FixedOffset>>,
    pub updated: Option<DateTime<FixedOffset>>,
    pub draft: bool,
    pub aliases: Vec<Located<String>>,
    pub body: Rendered,
}

/// What staff know about a cited legal document (`documents.yaml`).
#[derive(Debug, Clone, Hash)]
pub struct DocumentInfo {
    /// Canonical number as written in the registry key.
    pub number: Located<String>,
    /// The kind as staff write it ("Nghị định"); else the number's type code says.
    pub kind: Option<String>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub issued: Option<DateTime<FixedOffset>>,
    pub effective_from: Option<DateTime<FixedOffset>>,
    pub replaced_by: Option<String>,
    pub url: Option<String>,
    pub file: Option<DocumentFile>,
}

/// A document's file (`file:` in documents.yaml), copied beside its page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct DocumentFile {
    /// On disk, as the walk found it.
    #[serde(skip)]
    pub disk_path: std::path::PathBuf,
    /// The file's own name, its name in the output.
    pub name: String,
    /// `PDF`, `DOCX` ...
    pub format: String,
    pub bytes: u64,
}

/// Registry entries by `citations::number_key`.
pub type Registry = std::collections::BTreeMap<String, DocumentInfo>;

/// `_index.md` of the site or of a section: a title and an introduction.
#[derive(Debug, Clone)]
pub struct SectionIntro {
    pub origin: Origin,
    pub title: Option<String>,
    pub description: Option<String>,
    pub body: Rendered,
}
