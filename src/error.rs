//! Diagnostics: content errors and warnings that name file, line, column and key.
//! Internal failures (I/O on the output folder) are `BuildError`, kept apart.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// What an editor does about a finding: each kind has a short explanation
/// with the fix, in every theme language (`fix.KIND` in the i18n tables), so
/// every constructor of `Diagnostic` names one and no check can forget it.
macro_rules! fixes {
    ($($variant:ident => $key:literal,)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Fix {
            $($variant,)*
        }

        impl Fix {
            pub const ALL: &'static [Fix] = &[$(Fix::$variant,)*];

            /// The key of its explanation in the translation tables.
            pub fn key(self) -> &'static str {
                match self {
                    $(Fix::$variant => concat!("fix.", $key),)*
                }
            }
        }
    };
}

fixes! {
    FrontMatter => "front_matter",
    Yaml => "yaml",
    Encoding => "encoding",
    Unreadable => "unreadable",
    Required => "required",
    UnknownKey => "unknown_key",
    Text => "text",
    YesNo => "yes_no",
    Number => "number",
    Date => "date",
    Period => "period",
    Choice => "choice",
    Shape => "shape",
    Address => "address",
    Slug => "slug",
    Year => "year",
    Rank => "rank",
    Range => "range",
    Figure => "figure",
    Duplicate => "duplicate",
    ProcedureCode => "procedure_code",
    DocumentNumber => "document_number",
    DocumentFile => "document_file",
    NameTheIssuer => "name_the_issuer",
    Replaced => "replaced",
    Picture => "picture",
    Alt => "alt",
    Link => "link",
    SameUrl => "same_url",
    NotPublished => "not_published",
    Translation => "translation",
    Language => "language",
    Theme => "theme",
    ThemeText => "theme_text",
    NoSite => "no_site",
    Setting => "setting",
    Index => "index",
    Symlink => "symlink",
    FileName => "file_name",
    RawHtml => "raw_html",
    EitherKey => "either_key",
    LanguageSettings => "language_settings",
    ThemeName => "theme_name",
}

/// One finding about the content. Lines and columns are 1-based and counted in
/// the whole file (front matter included), so an editor's "go to line" lands on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Relative to the site root, with `/` separators.
    pub path: PathBuf,
    pub line: usize,
    pub column: Option<usize>,
    /// Dotted key path, `inspection.unit_level` or `results[1].total`.
    pub key: Option<String>,
    pub message: String,
    /// How to fix it, explained to the editor in the site's language.
    pub fix: Fix,
}

impl Diagnostic {
    pub fn error(
        path: impl Into<PathBuf>,
        line: usize,
        fix: Fix,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: line.max(1),
            column: None,
            key: None,
            message: message.into(),
            fix,
        }
    }

    pub fn warning(
        path: impl Into<PathBuf>,
        line: usize,
        fix: Fix,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, line, fix, message)
        }
    }

    pub fn at_column(mut self, column: usize) -> Self {
        self.column = Some(column.max(1));
        self
    }

    pub fn with_key(mut self, key: impl Into<String>) -> Self {
        self.key = Some(key.into());
        self
    }

    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{label}: {}:{}", display_path(&self.path), self.line)?;
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Paths in messages always use `/`, whatever the host, so tests and CI logs agree.
pub fn display_path(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Sorts findings the way a reader scans them: by file, then line, errors first.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(diagnostic_order);
}

/// The order of `sort_diagnostics`; it compares every field, so equal means equal.
pub fn diagnostic_order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (
        &a.path, a.line, a.column, a.severity, &a.key, &a.message, a.fix,
    )
        .cmp(&(
            &b.path, b.line, b.column, b.severity, &b.key, &b.message, b.fix,
        ))
}

/// A failure that is not the content's fault: the disk, permissions, a busy port.
#[derive(Debug)]
pub struct BuildError {
    pub path: Option<PathBuf>,
    pub message: String,
}

impl BuildError {
    pub fn io(path: &Path, err: std::io::Error) -> Self {
        BuildError {
            path: Some(path.to_path_buf()),
            message: err.to_string(),
        }
    }

    pub fn other(message: impl Into<String>) -> Self {
        BuildError {
            path: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: {}", path.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl std::error::Error for BuildError {}

/// Why a build did not produce a site.
#[derive(Debug)]
pub enum Failure {
    /// The content has errors; every finding (warnings too) is listed.
    Content(Vec<Diagnostic>),
    Internal(BuildError),
}

impl From<BuildError> for Failure {
    fn from(err: BuildError) -> Self {
        Failure::Internal(err)
    }
}
