//! The command line of contract section 7 (clap). Raw flags become
//! `BuildOptions`; usage errors exit with status 2 before anything is written.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser, Debug)]
#[command(
    name = "minhbach",
    version = crate::VERSION,
    about = "Static-site generator for administrative-reform (CCHC) portals",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into the output folder (replaced only when the build succeeds)
    Build {
        /// Site folder (holds site.yaml and content/)
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Output folder [default: ROOT/public]
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Publish under this address instead of site.yaml's base_url
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Include drafts and items dated in the future
        #[arg(long)]
        drafts: bool,
        /// Also write precompressed .gz and .br beside each text file
        #[arg(long)]
        compress: bool,
    },
    /// Build in memory, serve on 127.0.0.1, rebuild and reload the browser on every save
    Serve {
        /// Site folder (holds site.yaml and content/)
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Port on 127.0.0.1 (0: any free port, printed at start)
        #[arg(long, value_name = "N", default_value_t = 1111)]
        port: u16,
        /// Include drafts and items dated in the future
        #[arg(long)]
        drafts: bool,
    },
    /// Validate content and internal links; write nothing
    Check {
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
    },
    /// Create a news item or a procedure with its front matter
    New {
        kind: NewKind,
        /// Title (headline or procedure name)
        title: String,
        #[arg(long, value_name = "DIR", default_value = ".")]
        root: PathBuf,
        /// Create a page bundle (a folder with index.md) for a news item with pictures
        #[arg(long)]
        bundle: bool,
    },
    /// Create a new portal in DIR (an empty or new folder) that builds at once
    Init {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Write the JSON Schema (draft 2020-12) of each kind of file, or the key reference
    Schema {
        /// Only this kind: news, procedure, plan, index, page, intro, documents, site
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// Write NAME.schema.json files into this folder instead of printing
        #[arg(long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// Print the key reference (docs/content.md) in Markdown instead
        #[arg(long, conflicts_with_all = ["kind", "output"])]
        markdown: bool,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewKind {
    News,
    Procedure,
}

impl From<NewKind> for crate::scaffold::NewKind {
    fn from(kind: NewKind) -> Self {
        match kind {
            NewKind::News => crate::scaffold::NewKind::News,
            NewKind::Procedure => crate::scaffold::NewKind::Procedure,
        }
    }
}

/// What the environment says, read once at start: `SOURCE_DATE_EPOCH`
/// (reproducible builds), `MINHBACH_TIMINGS` (stage times on stderr) and the
/// test hook that pauses `build` at a known moment (see `fault_pause`).
#[derive(Debug, Clone)]
pub struct Environment {
    pub clock: crate::build::Clock,
    pub timings: bool,
    pub fault: Option<crate::output::FaultPause>,
}

impl Environment {
    pub fn read() -> Self {
        let epoch = std::env::var("SOURCE_DATE_EPOCH")
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0));
        Environment {
            clock: epoch.map_or(crate::build::Clock::System, crate::build::Clock::Fixed),
            timings: std::env::var_os("MINHBACH_TIMINGS").is_some(),
            fault: fault_pause(),
        }
    }

    /// Build options for the site at `root` under this environment.
    pub fn options(&self, root: std::path::PathBuf) -> crate::build::BuildOptions {
        crate::build::BuildOptions {
            clock: self.clock,
            timings: self.timings,
            fault: self.fault.clone(),
            ..crate::build::BuildOptions::new(root)
        }
    }
}

/// For tests only: `MINHBACH_FAULT_MARKER=PATH` with
/// `MINHBACH_FAULT_PAUSE_AFTER_PAGES=N` (once N pages are in the staging
/// folder) or `MINHBACH_FAULT_PAUSE_AFTER_SWAP=1` (once the new site is in
/// place) makes `build` create PATH there and pause, so a test can kill it at
/// that moment. Without a marker nothing pauses: a paused build nobody
/// watches would only be a slow one.
fn fault_pause() -> Option<crate::output::FaultPause> {
    use crate::output::{FaultPause, PausePoint};
    let marker = PathBuf::from(std::env::var_os("MINHBACH_FAULT_MARKER")?);
    let after_pages = std::env::var("MINHBACH_FAULT_PAUSE_AFTER_PAGES")
        .ok()
        .and_then(|n| n.trim().parse::<usize>().ok());
    let at = match after_pages {
        Some(pages) => PausePoint::AfterPages(pages.max(1)),
        None if std::env::var_os("MINHBACH_FAULT_PAUSE_AFTER_SWAP").is_some() => {
            PausePoint::AfterSwap
        }
        None => return None,
    };
    Some(FaultPause { at, marker })
}
