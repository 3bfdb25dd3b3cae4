//! Walks `content/` and reads each source as NFC text, sorted into the kind of
//! content its place says it is. It parses nothing; bad bytes become diagnostics.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;
use unicode_normalization::{is_nfc, UnicodeNormalization};
use walkdir::WalkDir;

use crate::error::{BuildError, Diagnostic, Fix};
use crate::locale::Lang;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum SourceKind {
    News,
    Procedure,
    InspectionPlan,
    Page,
    /// `_index.md` of the site (section `None`) or of a section folder.
    SectionIndex {
        section: Option<String>,
    },
    /// `content/documents.yaml`: titles and replacements of cited documents.
    DocumentRegistry,
    /// `content/indices/SLUG/YYYY.md`: one year of a performance index.
    IndexYear {
        index: String,
    },
}

/// One file of content, read and normalised.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Relative to the site root, NFC, e.g. `content/news/2021-x/index.md`.
    pub rel_path: PathBuf,
    pub kind: SourceKind,
    pub text: String,
    /// File stem, or the folder name of a page bundle: the default slug's source.
    pub stem: String,
    /// The bundle folder on disk, when the file is a bundle's `index.md`.
    pub bundle_dir: Option<PathBuf>,
    /// Asset files of the bundle.
    pub assets: Vec<Asset>,
    /// See `fingerprint`.
    pub fingerprint: u64,
    /// `NAME.LANG.md`: the translation into `LANG` of `NAME.md`.
    pub translation: Option<Lang>,
}

/// A non-Markdown file of a page bundle, copied next to the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it is on disk, as the file system spells it.
    pub disk_path: PathBuf,
    /// Relative to the bundle folder, NFC: the name it gets in the output.
    pub rel_path: PathBuf,
}

/// The content files, each made into a `T` as it was read, and what reading them found.
pub struct Loaded<T> {
    /// What `each` made of every file that could be read, in walk order.
    pub made: Vec<T>,
    pub diagnostics: Vec<Diagnostic>,
}

/// A content file found by the walk, not read yet: everything of a
/// `SourceFile` but its text, so a rebuild can skip files it has seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// Where it is on disk.
    pub disk_path: PathBuf,
    pub rel_path: PathBuf,
    pub kind: SourceKind,
    pub stem: String,
    pub bundle_dir: Option<PathBuf>,
    pub assets: Vec<Asset>,
    pub translation: Option<Lang>,
}

/// What the walk of `content/` found, in the order a build reads it.
pub struct Found {
    pub files: Vec<FoundFile>,
    pub diagnostics: Vec<Diagnostic>,
}

const SECTIONS: [&str; 5] = ["news", "procedures", "inspections", "indices", "pages"];

/// Reads every content file under `root/content`. Missing `content/` is an
/// empty site, not an error: a new portal starts that way.
/// `translations`: the site's languages besides the default, whose files
/// are `NAME.LANG.md`. `each` makes what the caller keeps of a file (`build`
/// parses it), so that its text can go as soon as that is made.
pub fn load_content<T: Send>(
    root: &Path,
    translations: &[Lang],
    each: impl Fn(SourceFile) -> T + Sync,
) -> Result<Loaded<T>, BuildError> {
    let Found {
        files,
        mut diagnostics,
    } = find_content(root, translations)?;
    // Reading and normalising is a tenth of a large build: spread it over the
    // cores. Each text goes to `each` as soon as it is read and is dropped
    // after, so the texts of a large site are never all in memory at once.
    let read: Vec<Result<T, ReadFailure>> = files
        .into_par_iter()
        .map(|file| read_source(file).map(&each))
        .collect();
    let mut made = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(one) => made.push(one),
            Err(ReadFailure::Diagnostic(d)) => diagnostics.push(d),
            Err(ReadFailure::Io(e)) => return Err(e),
        }
    }
    Ok(Loaded { made, diagnostics })
}

/// Reads one found file as NFC text.
pub fn read_source(file: FoundFile) -> Result<SourceFile, ReadFailure> {
    let text = read_text(&file.disk_path, &file.rel_path)?;
    Ok(SourceFile {
        fingerprint: fingerprint(&file, &text),
        rel_path: file.rel_path,
        kind: file.kind,
        text,
        stem: file.stem,
        bundle_dir: file.bundle_dir,
        assets: file.assets,
        translation: file.translation,
    })
}

/// A hash of a file's text and of everything the walk found about it (its
/// kind, name and bundle files): what a parse depends on, besides the
/// settings. Stable for one build of minhbach.
pub fn fingerprint(file: &FoundFile, text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    file.kind.hash(&mut hasher);
    file.stem.hash(&mut hasher);
    file.bundle_dir.hash(&mut hasher);
    file.translation.hash(&mut hasher);
    for asset in &file.assets {
        asset.rel_path.hash(&mut hasher);
    }
    hasher.finish()
}

/// Walks `root/content` and sorts what it finds into kinds, reading nothing.
pub fn find_content(root: &Path, translations: &[Lang]) -> Result<Found, BuildError> {
    let content_dir = root.join("content");
    let mut diagnostics = Vec::new();
    if !content_dir.is_dir() {
        return Ok(Found {
            files: Vec::new(),
            diagnostics,
        });
    }
    let canonical_root = fs::canonicalize(root).map_err(|e| BuildError::io(root, e))?;
    let (markdown, others) = walk_files(root, &content_dir, &canonical_root, &mut diagnostics);
    let bundle_dirs: BTreeSet<PathBuf> = markdown
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|dir| dir != &content_dir)
        .collect();
    // Grouped once: asking each bundle for its files by scanning them all
    // was quadratic (600 bundles of one picture: 0.4 s).
    let mut bundle_files: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for path in &others {
        if let Some(dir) = nearest_bundle(path, &bundle_dirs) {
            bundle_files.entry(dir).or_default().push(path.clone());
        }
    }
    let place = Place {
        root,
        content_dir: &content_dir,
        bundle_dirs: &bundle_dirs,
        bundle_files: &bundle_files,
        translations,
    };
    let mut files: Vec<FoundFile> = markdown
        .iter()
        .filter_map(|path| place.markdown_file(path, &mut diagnostics))
        .collect();
    let registry_path = content_dir.join("documents.yaml");
    let has_registry = others.contains(&registry_path);
    let mut document_files = Vec::new();
    for path in &others {
        let rel_in_content = path.strip_prefix(&content_dir).unwrap_or(path);
        if rel_in_content == Path::new("documents.yaml") {
            continue;
        }
        let outside_bundles = nearest_bundle(path, &bundle_dirs).is_none();
        if outside_bundles && has_registry && is_document_file(path) {
            // Files a documents.yaml entry may name: it decides, when parsed,
            // which are published and which name is missing.
            document_files.push(Asset {
                disk_path: path.clone(),
                rel_path: nfc_path(rel_in_content),
            });
        } else if outside_bundles {
            diagnostics.push(Diagnostic::warning(
                rel_to(root, path),
                1,
                Fix::NotPublished,
                "file is neither Markdown nor part of a page bundle (a folder with index.md); not published",
            ));
        }
    }
    if has_registry {
        files.push(FoundFile {
            disk_path: registry_path.clone(),
            rel_path: rel_to(root, &registry_path),
            kind: SourceKind::DocumentRegistry,
            stem: "documents".into(),
            bundle_dir: None,
            assets: document_files,
            translation: None,
        });
    }
    diagnostics.extend(orphan_translations(&files));
    Ok(Found { files, diagnostics })
}

/// The kinds of file a document's record may attach (PDF, DOC, DOCX, ODT,
/// XLSX), by extension in any case.
pub const DOCUMENT_FILE_TYPES: &[&str] = &["pdf", "doc", "docx", "odt", "xlsx"];

fn is_document_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| DOCUMENT_FILE_TYPES.contains(&e.to_ascii_lowercase().as_str()))
}

/// A translation whose original is not there is an error: it would be a
/// page no other language links to, under a name that says it has one.
fn orphan_translations(files: &[FoundFile]) -> Vec<Diagnostic> {
    let originals: BTreeSet<&Path> = files
        .iter()
        .filter(|f| f.translation.is_none())
        .map(|f| f.rel_path.as_path())
        .collect();
    files
        .iter()
        .filter_map(|file| {
            let lang = file.translation?;
            let original = original_of(&file.rel_path, lang);
            (!originals.contains(original.as_path())).then(|| {
                Diagnostic::error(
                    &file.rel_path,
                    1,
                    Fix::Translation,
                    format!(
                        "translation into {:?} of {}, which does not exist: add it, or rename this file without `.{}` and give it `lang: {}` to publish it in that language only",
                        lang.code(),
                        original.display(),
                        lang.code(),
                        lang.code()
                    ),
                )
            })
        })
        .collect()
}

/// `content/news/x.en.md` → `content/news/x.md`: what a translation translates.
pub fn original_of(rel_path: &Path, lang: Lang) -> PathBuf {
    let name = rel_path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let suffix = format!(".{}.md", lang.code());
    match name.strip_suffix(&suffix) {
        Some(stem) => rel_path.with_file_name(format!("{stem}.md")),
        None => rel_path.to_path_buf(),
    }
}

/// `x.en.md` → (`x.md`, English) when English is one of `translations`.
fn untranslated_name(name: &str, translations: &[Lang]) -> (String, Option<Lang>) {
    for &lang in translations {
        if let Some(stem) = name.strip_suffix(&format!(".{}.md", lang.code())) {
            if !stem.is_empty() {
                return (format!("{stem}.md"), Some(lang));
            }
        }
    }
    (name.to_string(), None)
}

/// Every file under `content_dir`, Markdown apart from the rest, sorted by
/// name; hidden files are skipped, and symlinks leading outside the site or
/// in a loop are warned about and not followed.
fn walk_files(
    root: &Path,
    content_dir: &Path,
    canonical_root: &Path,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<PathBuf>, Vec<PathBuf>) {
    // Symlinks that lead outside the site are pruned before walkdir descends.
    let mut escaping_links: Vec<PathBuf> = Vec::new();
    let walker = WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() > 0 && is_hidden(entry.file_name().to_string_lossy().as_ref()) {
                return false;
            }
            if entry.path_is_symlink() {
                let inside =
                    fs::canonicalize(entry.path()).is_ok_and(|t| t.starts_with(canonical_root));
                if !inside {
                    escaping_links.push(entry.path().to_path_buf());
                    return false;
                }
            }
            true
        });
    let (mut markdown, mut others) = (Vec::new(), Vec::new());
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.path().to_path_buf();
                if path.extension().is_some_and(|e| e == "md") {
                    markdown.push(path);
                } else {
                    others.push(path);
                }
            }
            Ok(_) => {}
            Err(err) => diagnostics.push(walk_warning(root, &err)),
        }
    }
    for link in escaping_links {
        diagnostics.push(Diagnostic::warning(
            rel_to(root, &link),
            1,
            Fix::Symlink,
            "symbolic link leads outside the site folder; not followed",
        ));
    }
    (markdown, others)
}

fn walk_warning(root: &Path, err: &walkdir::Error) -> Diagnostic {
    let path = err
        .path()
        .map(|p| rel_to(root, p))
        .unwrap_or_else(|| PathBuf::from("content"));
    let message = if err.loop_ancestor().is_some() {
        "symbolic link loop; skipped".to_string()
    } else {
        format!(
            "cannot read: {}",
            err.io_error()
                .map_or_else(|| err.to_string(), ToString::to_string)
        )
    };
    Diagnostic::warning(path, 1, Fix::Unreadable, message)
}

/// What deciding a Markdown file's kind and bundle needs from the walk.
struct Place<'a> {
    root: &'a Path,
    content_dir: &'a Path,
    bundle_dirs: &'a BTreeSet<PathBuf>,
    /// Each bundle's own files (not those of a bundle inside it), in walk order.
    bundle_files: &'a BTreeMap<PathBuf, Vec<PathBuf>>,
    /// The site's languages besides the default.
    translations: &'a [Lang],
}

impl Place<'_> {
    /// A Markdown file as a source of its kind, with its bundle's files;
    /// `None` for one that is no page (inside another bundle, or misplaced).
    fn markdown_file(&self, path: &Path, diagnostics: &mut Vec<Diagnostic>) -> Option<FoundFile> {
        let rel_in_content = path.strip_prefix(self.content_dir).unwrap_or(path);
        let rel_path = nfc_path(&rel_to(self.root, path));
        let file_name = path.file_name()?.to_string_lossy();
        let (name, translation) = untranslated_name(&file_name, self.translations);
        if name.starts_with('_') && name != "_index.md" {
            // `_index.LANG.md` in a site without LANG: hidden, like any `_x`.
            return None;
        }
        let kind = classify(
            &rel_in_content.with_file_name(&name),
            diagnostics,
            &rel_path,
        )?;
        let is_index = name == "index.md";
        // A Markdown file inside a bundle other than its index.md belongs to the bundle.
        if !is_index
            && path
                .ancestors()
                .skip(1)
                .any(|a| self.bundle_dirs.contains(a))
        {
            return None;
        }
        let bundle = path
            .parent()
            .filter(|d| is_index && self.bundle_dirs.contains(*d));
        let stem: String = match bundle {
            Some(dir) => dir.file_name().map(|s| s.to_string_lossy().nfc().collect()),
            None => Path::new(&name)
                .file_stem()
                .map(|s| s.to_string_lossy().nfc().collect()),
        }
        .unwrap_or_default();
        let assets = bundle.map(|dir| self.assets_of(dir)).unwrap_or_default();
        Some(FoundFile {
            disk_path: path.to_path_buf(),
            rel_path,
            kind,
            stem,
            bundle_dir: bundle.map(Path::to_path_buf),
            assets,
            translation,
        })
    }

    /// The files of the bundle at `dir` (not those of a bundle inside it).
    fn assets_of(&self, dir: &Path) -> Vec<Asset> {
        self.bundle_files
            .get(dir)
            .into_iter()
            .flatten()
            .filter_map(|asset| {
                asset.strip_prefix(dir).ok().map(|rel| Asset {
                    disk_path: asset.clone(),
                    rel_path: nfc_path(rel),
                })
            })
            .collect()
    }
}

/// `_index.LANG.md` is kept for `Place::markdown_file` to decide: it is
/// the translation of a section's `_index.md` in a site of that language.
fn is_hidden(name: &str) -> bool {
    let index = name == "_index.md"
        || Lang::CODES
            .iter()
            .any(|code| name == format!("_index.{code}.md"));
    (name.starts_with('_') && !index) || name.starts_with('.')
}

fn nearest_bundle(path: &Path, bundle_dirs: &BTreeSet<PathBuf>) -> Option<PathBuf> {
    path.ancestors()
        .skip(1)
        .find(|a| bundle_dirs.contains(*a))
        .map(Path::to_path_buf)
}

/// Decides the kind of a Markdown file from its place under `content/`.
fn classify(rel: &Path, diagnostics: &mut Vec<Diagnostic>, rel_path: &Path) -> Option<SourceKind> {
    let parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let file_name = parts.last()?.as_str();
    if parts.len() == 1 {
        if file_name == "_index.md" {
            return Some(SourceKind::SectionIndex { section: None });
        }
        diagnostics.push(Diagnostic::warning(
            rel_path,
            1,
            Fix::NotPublished,
            "Markdown at the top of content/ is not published: put pages in content/pages/",
        ));
        return None;
    }
    let section = parts[0].as_str();
    if !SECTIONS.contains(&section) {
        diagnostics.push(Diagnostic::warning(
            rel_path,
            1,
            Fix::NotPublished,
            format!("`{section}` is not a section (news, procedures, inspections, indices, pages); not published"),
        ));
        return None;
    }
    if file_name == "_index.md" {
        return if parts.len() == 2 {
            Some(SourceKind::SectionIndex {
                section: Some(section.to_string()),
            })
        } else {
            None
        };
    }
    if section == "indices" {
        return index_year(&parts, diagnostics, rel_path);
    }
    Some(match section {
        "news" => SourceKind::News,
        "procedures" => SourceKind::Procedure,
        "inspections" => SourceKind::InspectionPlan,
        _ => SourceKind::Page,
    })
}

/// `indices/SLUG/YYYY.md`: one year of one index.
fn index_year(
    parts: &[String],
    diagnostics: &mut Vec<Diagnostic>,
    rel_path: &Path,
) -> Option<SourceKind> {
    match parts {
        [_, slug, _] => Some(SourceKind::IndexYear {
            index: slug.clone(),
        }),
        _ => {
            diagnostics.push(Diagnostic::warning(
                rel_path,
                1,
                Fix::NotPublished,
                "an index's years go in content/indices/SLUG/YYYY.md (SLUG names the index); not published",
            ));
            None
        }
    }
}

/// Why a found file could not be read: its bytes (a content error) or the disk.
pub enum ReadFailure {
    Diagnostic(Diagnostic),
    Io(BuildError),
}

/// Reads UTF-8 text as NFC. Invalid bytes are a content error on their line.
fn read_text(path: &Path, rel_path: &Path) -> Result<String, ReadFailure> {
    let mut bytes = fs::read(path).map_err(|e| ReadFailure::Io(BuildError::io(path, e)))?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) if is_nfc(&text) => Ok(text),
        Ok(text) => Ok(text.nfc().collect()),
        Err(err) => {
            let bytes = err.as_bytes();
            let err = err.utf8_error();
            let good = &bytes[..err.valid_up_to()];
            let line = 1 + good.iter().filter(|b| **b == b'\n').count();
            let column = 1 + std::str::from_utf8(
                &good[good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1)..],
            )
            .map_or(0, |s| s.chars().count());
            Err(ReadFailure::Diagnostic(
                Diagnostic::error(
                    rel_path,
                    line,
                    Fix::Encoding,
                    format!(
                        "file is not valid UTF-8 (byte 0x{:02X}); save it as UTF-8",
                        bytes[err.valid_up_to()]
                    ),
                )
                .at_column(column),
            ))
        }
    }
}

fn rel_to(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// File names written on macOS arrive decomposed (NFD); slugs and URLs need NFC.
fn nfc_path(path: &Path) -> PathBuf {
    let text = path.to_string_lossy();
    if is_nfc(&text) {
        path.to_path_buf()
    } else {
        PathBuf::from(text.nfc().collect::<String>())
    }
}
