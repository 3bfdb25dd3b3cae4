//! `minhbach new`: a news item or procedure with valid front matter, today's
//! date in the site time zone, `draft: true` and a folded slug. Never overwrites.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::config;
use crate::slug::slugify;

/// What `new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewKind {
    News,
    Procedure,
}

/// Creates the file and returns its path relative to `root`.
pub fn create(
    root: &Path,
    kind: NewKind,
    title: &str,
    bundle: bool,
    now: DateTime<Utc>,
) -> Result<PathBuf, String> {
    let title = title.trim();
    let slug = shorten(&slugify(title), MAX_SLUG_BYTES);
    if slug.is_empty() {
        return Err(format!(
            "the title {title:?} has no letters or digits to make a URL from"
        ));
    }
    let (timezone, diagnostics) = match config::load_config(root) {
        (Some(c), _) => (c.timezone, Vec::new()),
        (None, d) => (config::default_timezone(), d),
    };
    if let Some(first) = diagnostics.iter().find(|d| d.is_error()) {
        return Err(format!(
            "{first}\n(fix site.yaml first, or pass --root with the site folder)"
        ));
    }
    let local = now.with_timezone(&timezone);
    let quoted = yaml_quote(title);
    let (rel, text) = match kind {
        NewKind::News => {
            let name = format!("{}-{slug}", local.format("%Y-%m-%d"));
            let rel = if bundle {
                PathBuf::from("content/news").join(&name).join("index.md")
            } else {
                PathBuf::from("content/news").join(format!("{name}.md"))
            };
            (
                rel,
                news_template(&quoted, &local.format("%Y-%m-%d %H:%M").to_string()),
            )
        }
        NewKind::Procedure => {
            if bundle {
                return Err("--bundle is for news items; a procedure is one file".into());
            }
            (
                PathBuf::from("content/procedures").join(format!("{slug}.md")),
                procedure_template(&quoted, &local.format("%Y-%m-%d").to_string()),
            )
        }
    };
    let path = root.join(&rel);
    let existing = if bundle {
        path.parent().unwrap_or(&path)
    } else {
        &path
    };
    if existing.exists() {
        return Err(format!("{} already exists; not overwritten", rel.display()));
    }
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    // create_new: a file that appeared meanwhile is still not overwritten.
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", rel.display()))?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", rel.display()))?;
    Ok(rel)
}

/// File names stay far below the 255-byte limit of common file systems,
/// with room for the date and `.md`.
const MAX_SLUG_BYTES: usize = 120;

/// Cuts a slug at a `-` so it fits in `max` bytes (slugs are ASCII).
fn shorten(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    let cut = slug[..=max].rfind('-').unwrap_or(max);
    slug[..cut].trim_end_matches('-').to_string()
}

/// Double-quoted YAML scalar: safe for any title (colons, quotes, `#`).
fn yaml_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn news_template(title: &str, date: &str) -> String {
    format!(
        "---\n\
title: {title}\n\
date: {date}\n\
draft: true            # xoá dòng này (hoặc đặt false) để xuất bản\n\
# updated: {date}\n\
# slug: \"duong-dan-khac\"   # mặc định: tên tệp bỏ ngày ở đầu\n\
# summary: \"Tóm tắt ngắn; mặc định là đoạn đầu của bài\"\n\
author:\n\
source:\n\
# source_url: \"https://...\"\n\
agency:\n\
location:\n\
tags: []\n\
featured: false\n\
# aliases: [\"/duong-dan-cu/\"]\n\
# image: {{src: anh.jpg, alt: \"Mô tả ảnh cho người không xem được ảnh\", caption: \"\"}}\n\
# inspection:\n\
#   unit: \"Tên cơ quan được kiểm tra\"\n\
#   unit_level: department   # province, department, district, commune, other\n\
#   lead: \"Trưởng đoàn\"\n\
#   basis: \"Kế hoạch số .../KH-UBND ngày ...\"\n\
#   shortcomings: []\n\
#   recommendations: []\n\
# results:\n\
#   - {{indicator: \"Hồ sơ giải quyết đúng hạn\", value: 201, total: 201, unit: \"hồ sơ\"}}\n\
# outcomes:\n\
#   - {{text: \"Rút ngắn thời hạn giải quyết\", before: 15, after: 5, unit: \"ngày\"}}\n\
---\n\
\n\
Nội dung bài viết.\n"
    )
}

fn procedure_template(title: &str, date: &str) -> String {
    format!(
        "---\n\
code: \"0.000000\"       # mã thủ tục trên Cơ sở dữ liệu quốc gia, dạng D.DDDDDD\n\
title: {title}\n\
field: \"Lĩnh vực\"\n\
agency: \"Cơ quan thực hiện\"\n\
level: province        # province, district, commune, central\n\
processing_days: 5\n\
# previous_processing_days: 15\n\
online: partial        # full, partial, none\n\
one_stop: true         # true, false, interlinked\n\
fee: \"Không\"\n\
documents: []\n\
legal_basis: []\n\
effective_from: {date}\n\
# targets: []          # đối tượng thực hiện\n\
# conditions: []       # yêu cầu, điều kiện\n\
# result: \"\"          # kết quả thực hiện\n\
# decision: \"\"        # quyết định công bố\n\
# dvc_url: \"https://dichvucong.gov.vn/...\"\n\
draft: true            # xoá dòng này để xuất bản\n\
---\n\
\n\
## Trình tự thực hiện\n\
\n\
1. Nộp hồ sơ.\n\
2. Tiếp nhận và giải quyết.\n\
3. Trả kết quả.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortens_long_slugs_at_a_word() {
        assert_eq!(shorten("kiem-tra-cai-cach", 12), "kiem-tra-cai");
        assert_eq!(shorten("kiem-tra-cai-cach", 11), "kiem-tra");
        assert_eq!(shorten("kiem-tra", 12), "kiem-tra");
        assert_eq!(shorten("abcdefghijklmnop", 12), "abcdefghijkl");
    }

    #[test]
    fn quotes_titles_with_yaml_syntax() {
        assert_eq!(
            yaml_quote("Kế hoạch: \"A\" #1"),
            "\"Kế hoạch: \\\"A\\\" #1\""
        );
    }
}
