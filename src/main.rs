//! Thin entry point: parse the command line, run the library, map the outcome
//! to the exit status of contract section 7 (0 ok, 1 content errors, 2 usage).

use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use minhbach::build::{self, BuildOptions};
use minhbach::cli::{Cli, Command, Environment};
use minhbach::error::{display_path, Diagnostic, Failure};
use minhbach::output::Precompress;

// A build makes and frees millions of small strings across threads; glibc's
// allocator took a quarter of a 10,000-item build's CPU time (perf).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// For `serve`: memory freed stays with the process for the next rebuild.
/// Returning it to the system (mimalloc's purge, a second after the free)
/// ran as madvise calls at the start of the next rebuild: 10 ms of every
/// save on a 10,000-item portal (perf). The peak is the first build's.
fn keep_freed_memory() {
    // `mi_option_purge_delay` in mimalloc.h, the same in its v2 and v3;
    // -1 is "never purge". The -sys crate names no constant for it.
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets an integer option; mimalloc reads options atomically.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let env = Environment::read();
    match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            compress,
        } => {
            let options = BuildOptions {
                output,
                base_url,
                drafts,
                precompress: if compress {
                    Precompress::GzipAndBrotli
                } else {
                    Precompress::No
                },
                ..env.options(root)
            };
            run_build(&options)
        }
        Command::Check { root } => run_check(&env.options(root)),
        Command::New {
            kind,
            title,
            root,
            bundle,
        } => {
            match minhbach::scaffold::create(&root, kind.into(), &title, bundle, env.clock.now()) {
                Ok(path) => {
                    println!("Created {}", display_path(&path));
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            }
        }
        Command::Init { dir } => run_init(&dir),
        Command::Schema {
            kind,
            output,
            markdown,
        } => run_schema(kind.as_deref(), output.as_deref(), markdown),
        Command::Serve { root, port, drafts } => {
            keep_freed_memory();
            let options = BuildOptions {
                drafts,
                ..env.options(root)
            };
            let root = options.root.clone();
            match minhbach::serve::serve(options, port) {
                Ok(()) => ExitCode::SUCCESS,
                Err(failure) => report_failure(failure, &root, None),
            }
        }
    }
}

fn run_build(options: &BuildOptions) -> ExitCode {
    let started = Instant::now();
    match build::build(options) {
        Ok(built) => {
            print_diagnostics(&built.warnings, &options.root);
            let pages = built
                .tree
                .files
                .keys()
                .filter(|p| p.ends_with(".html"))
                .count();
            let site = built.portal.default_site();
            let others: String = built.portal.sites()[1..]
                .iter()
                .map(|s| {
                    format!(
                        " ({}: {} news items, {} procedures)",
                        s.config().language.code(),
                        s.news().len(),
                        s.procedures().len()
                    )
                })
                .collect();
            println!(
                "Built {} news items, {} procedures{others}: {pages} pages, {} files in {} ms → {}",
                site.news().len(),
                site.procedures().len(),
                built.tree.files.len(),
                started.elapsed().as_millis(),
                display_path(&options.output_dir())
            );
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(failure, &options.root, Some(options)),
    }
}

fn run_check(options: &BuildOptions) -> ExitCode {
    match build::check(options) {
        Ok(warnings) => {
            print_diagnostics(&warnings, &options.root);
            println!("No errors found.");
            ExitCode::SUCCESS
        }
        Err(failure) => report_failure(failure, &options.root, None),
    }
}

/// `minhbach init DIR`.
fn run_init(dir: &std::path::Path) -> ExitCode {
    match minhbach::init::init(dir, minhbach::init::Origin::of_this_build()) {
        Ok(done) => {
            for note in &done.notes {
                eprintln!("note: {note}");
            }
            println!(
                "Created a portal of {} files in {}. Next: minhbach serve --root {}",
                done.files.len(),
                display_path(dir),
                display_path(dir)
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

/// `minhbach schema`: one kind printed, or every kind written to a folder
/// (printed one after another without `--output`), or the reference.
fn run_schema(kind: Option<&str>, output: Option<&std::path::Path>, markdown: bool) -> ExitCode {
    use minhbach::spec;
    if markdown {
        print!("{}", spec::reference::markdown());
        return ExitCode::SUCCESS;
    }
    let kinds: Vec<&spec::Kind> = match kind {
        None => spec::KINDS.to_vec(),
        Some(name) => match spec::kind(name) {
            Some(k) => vec![k],
            None => {
                let names: Vec<&str> = spec::KINDS.iter().map(|k| k.name).collect();
                eprintln!(
                    "error: no kind {name:?}: expected one of {}",
                    names.join(", ")
                );
                return ExitCode::from(2);
            }
        },
    };
    for k in kinds {
        let text = format!("{:#}\n", spec::schema::of_kind(k));
        let Some(dir) = output else {
            print!("{text}");
            continue;
        };
        let path = dir.join(spec::schema::file_name(k));
        let written = std::fs::create_dir_all(dir).and_then(|()| std::fs::write(&path, text));
        if let Err(err) = written {
            eprintln!("error: cannot write {}: {err}", display_path(&path));
            return ExitCode::from(1);
        }
        println!("Wrote {}", display_path(&path));
    }
    ExitCode::SUCCESS
}

/// Each finding, then how to fix it in the language of the site's editors.
fn print_diagnostics(diagnostics: &[Diagnostic], root: &std::path::Path) {
    if diagnostics.is_empty() {
        return;
    }
    let editors = build::editors_texts(root);
    for d in diagnostics {
        eprintln!("{}", build::explained(d, &editors));
    }
}

/// `written` is the build whose output folder was left as it was.
fn report_failure(
    failure: Failure,
    root: &std::path::Path,
    written: Option<&BuildOptions>,
) -> ExitCode {
    match failure {
        Failure::Content(diagnostics) => {
            print_diagnostics(&diagnostics, root);
            let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).collect();
            let mut files: Vec<&std::path::Path> =
                errors.iter().map(|d| d.path.as_path()).collect();
            files.sort();
            files.dedup();
            let plural = |n: usize, word: &str| {
                if n == 1 {
                    format!("{n} {word}")
                } else {
                    format!("{n} {word}s")
                }
            };
            let kept = match written {
                Some(o) => format!("; {} was left as it was", display_path(&o.output_dir())),
                None => String::new(),
            };
            eprintln!(
                "error: {} in {}{kept}",
                plural(errors.len(), "error"),
                plural(files.len(), "file")
            );
        }
        Failure::Internal(err) => eprintln!("error: {err}"),
    }
    ExitCode::from(1)
}
