//! A cache entry's manifest: every file it holds with its size, dimensions and
//! checksum, so a hit needs no decoding. It reads and writes no file itself.

use serde::{Deserialize, Serialize};

use super::plan::PlannedCopy;
use super::settings::FORMAT_VERSION;
use super::{CacheKey, Format, PictureInfo};

pub(super) const MANIFEST_FILE: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct Manifest {
    pub format_version: u32,
    pub key: String,
    pub variants: Vec<FileRecord>,
    pub original: FileRecord,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileRecord {
    /// A plain name inside the entry's folder.
    pub file: String,
    pub format: Format,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
    /// BLAKE3 of the file, hex.
    pub blake3: String,
}

/// What a valid entry for a picture must hold, from its header and the plan.
#[derive(Debug, Clone)]
pub(super) struct Expected {
    pub key: CacheKey,
    pub info: PictureInfo,
    pub copies: Vec<PlannedCopy>,
}

impl Expected {
    pub fn original_file(&self) -> String {
        format!("original.{}", self.info.format.extension())
    }
}

impl FileRecord {
    pub fn new(file: String, format: Format, size: (u32, u32), bytes: &[u8]) -> Self {
        FileRecord {
            file,
            format,
            width: size.0,
            height: size.1,
            bytes: bytes.len() as u64,
            blake3: blake3::hash(bytes).to_hex().to_string(),
        }
    }

    fn describes(&self, copy: &PlannedCopy) -> bool {
        self.file == copy.cache_file()
            && self.format == copy.format
            && (self.width, self.height) == (copy.width, copy.height)
    }

    /// The checksum of `bytes` matches and the length too.
    pub fn matches(&self, bytes: &[u8]) -> bool {
        bytes.len() as u64 == self.bytes && blake3::hash(bytes).to_hex().as_str() == self.blake3
    }
}

impl Manifest {
    /// Parses a manifest and checks that it is this build's kind and lists
    /// exactly the files the plan asks for, by name, format and size; a
    /// manifest written by another version or for other settings is refused.
    pub fn parse_for(text: &[u8], expected: &Expected) -> Option<Manifest> {
        let manifest: Manifest = serde_json::from_slice(text).ok()?;
        let info = &expected.info;
        let original = &manifest.original;
        let fits = manifest.format_version == FORMAT_VERSION
            && manifest.key == expected.key.to_hex()
            && manifest.variants.len() == expected.copies.len()
            && manifest
                .variants
                .iter()
                .zip(&expected.copies)
                .all(|(record, copy)| record.describes(copy))
            && original.file == expected.original_file()
            && original.format == info.format
            && (original.width, original.height) == (info.width(), info.height());
        fits.then_some(manifest)
    }

    pub fn to_json(&self) -> Vec<u8> {
        // A struct of strings and numbers always serialises.
        serde_json::to_vec_pretty(self).unwrap_or_default()
    }

    pub fn records(&self) -> impl Iterator<Item = &FileRecord> {
        self.variants.iter().chain(std::iter::once(&self.original))
    }
}
