//! `minhbach serve`: builds the site in memory, serves it on 127.0.0.1,
//! rebuilds on every save and reloads the open tabs. It never writes public/.

mod http;
mod live;
mod watch;

use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::build::{self, BuildOptions};
use crate::error::{display_path, BuildError, Diagnostic, Failure};
use crate::incremental::{Later, Rebuilder};
use crate::output::OutputTree;
use live::Hub;
use watch::{Changes, SourceWatcher};

/// Threads answering requests; event streams get threads of their own.
const WORKERS: usize = 4;
/// The longest a request for open data waits for it to be made.
const LATER_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// What is served now: the last good build, and the findings of the last attempt.
struct Served {
    /// Names the build the pages come from; tabs showing an older one reload.
    build: String,
    /// `None` until a first build succeeds.
    tree: Option<Arc<OutputTree>>,
    /// Files of the same build made after its pages (open data).
    later: Option<Arc<Later>>,
    diagnostics: Vec<Diagnostic>,
}

/// What one request sees: all from the same build.
pub struct Snapshot {
    pub build: String,
    pub tree: Option<Arc<OutputTree>>,
    pub later: Option<Arc<Later>>,
    pub diagnostics: Vec<Diagnostic>,
}

pub struct State {
    served: RwLock<Served>,
    /// Where files served from disk may be: content/ and the picture cache.
    copy_roots: Vec<PathBuf>,
}

impl State {
    /// A consistent copy of what is served, taken without holding the lock.
    fn snapshot(&self) -> Snapshot {
        match self.served.read() {
            Ok(s) => Snapshot {
                build: s.build.clone(),
                tree: s.tree.clone(),
                later: s.later.clone(),
                diagnostics: s.diagnostics.clone(),
            },
            Err(_) => Snapshot {
                build: String::new(),
                tree: None,
                later: None,
                diagnostics: Vec::new(),
            },
        }
    }

    /// The site folder (the parent of `content/`, the first copy root), for
    /// the overlay's links to files.
    fn site_root(&self) -> &std::path::Path {
        let content = self
            .copy_roots
            .first()
            .map_or(std::path::Path::new("."), |c| c);
        content.parent().unwrap_or(content)
    }

    fn copy_roots(&self) -> &[PathBuf] {
        &self.copy_roots
    }
}

/// Serves the site of `options.root` on 127.0.0.1:`port` (`--base-url`
/// is set to the server's own address).
pub fn serve(options: BuildOptions, port: u16) -> Result<(), Failure> {
    let root = options.root.clone();
    let root = root.as_path();
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        // Most likely the wrong folder: say so instead of serving an error page forever.
        let (_, diagnostics) = crate::config::load_config(root);
        return Err(Failure::Content(diagnostics));
    }
    let server = bind(port)?;
    let port = server
        .server_addr()
        .to_ip()
        .map_or(port, |address| address.port());
    let address = format!("http://127.0.0.1:{port}/");
    let show_timings = options.timings;
    let options = BuildOptions {
        base_url: Some(address.clone()),
        ..options
    };
    // Started before the first build, so saves made while it runs are seen.
    let mut watcher = SourceWatcher::start(root)?;
    let state = Arc::new(State {
        served: RwLock::new(Served {
            build: String::new(),
            tree: None,
            later: None,
            diagnostics: Vec::new(),
        }),
        // The cache as site.yaml names it at start (a change needs a restart).
        copy_roots: vec![
            root.join("content"),
            crate::build::configure(&options)
                .0
                .map(|c| c.images)
                .unwrap_or_default()
                .cache_dir(root),
        ],
    });
    let hub = Arc::new(Hub::default());
    let mut session = Session {
        rebuilder: Rebuilder::new(options)
            .with_open_data_later(crate::incremental::Priority::Lowest),
        state: Arc::clone(&state),
        hub: Arc::clone(&hub),
        started: SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_millis()),
        builds: 0,
        show_timings,
        poker: watcher.poker(),
    };
    session.rebuild(None);
    println!(
        "Serving {} at {address} (Ctrl+C to stop; public/ is not written)",
        display_path(root)
    );

    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let (server, state, hub) = (Arc::clone(&server), Arc::clone(&state), Arc::clone(&hub));
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                http::handle(request, &state, &hub);
            }
        });
    }
    while let Some(changes) = watcher.wait() {
        session.rebuild(Some(&changes));
    }
    Ok(())
}

/// Each finding with how to fix it. site.yaml is read for the editors'
/// language only when there is a finding (not on the path of every reload),
/// and again each time, as an edit of site.yaml may change it.
fn print_explained(root: &std::path::Path, diagnostics: &[Diagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let editors = build::editors_texts(root);
    for d in diagnostics {
        eprintln!("{}", build::explained(d, &editors));
    }
}

fn bind(port: u16) -> Result<tiny_http::Server, BuildError> {
    tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| {
        let in_use = e
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::AddrInUse);
        if in_use {
            BuildError::other(format!(
                "port {port} on 127.0.0.1 is already in use (another `minhbach serve`?); stop it or choose another port with --port N"
            ))
        } else {
            BuildError::other(format!("cannot listen on 127.0.0.1:{port}: {e}"))
        }
    })
}

/// The rebuild loop's own state.
struct Session {
    rebuilder: Rebuilder,
    state: Arc<State>,
    hub: Arc<Hub>,
    /// Milliseconds since the epoch at start: build names differ across restarts.
    started: u128,
    builds: u64,
    /// `MINHBACH_TIMINGS` set: print the time of each stage of each rebuild.
    show_timings: bool,
    /// Tells the watcher which files to rebuild once their pictures are resized.
    poker: watch::Poker,
}

impl Session {
    fn rebuild(&mut self, changes: Option<&Changes>) {
        let cause = self.cause(changes);
        let result = match changes {
            Some(changes) if !changes.rescan => self.rebuilder.rebuild_changed(&changes.paths),
            _ => self.rebuilder.rebuild(),
        };
        match result {
            Ok(rebuilt) => self.serve_new(rebuilt, &cause),
            Err(Failure::Content(diagnostics)) => self.keep_serving(diagnostics, &cause),
            Err(Failure::Internal(err)) => {
                eprintln!("{cause}error: {err}; the last good build is still served");
            }
        }
    }

    /// What the log names as the reason for a rebuild: the file saved.
    fn cause(&self, changes: Option<&Changes>) -> String {
        let changed = changes.map(|c| c.paths.as_slice());
        // Editors and tools save through temporary files: name the file that stayed.
        let root = &self.rebuilder.options().root;
        let kept: Vec<&PathBuf> = changed
            .unwrap_or_default()
            .iter()
            .filter(|p| root.join(p).exists())
            .collect();
        match (changed, kept.as_slice()) {
            (None, _) => String::new(),
            (Some(_), [one]) => format!("{}: ", display_path(one)),
            (Some(all), _) => format!("{} files changed: ", all.len()),
        }
    }

    /// Serves a new build and tells the open tabs to reload, then says so
    /// on the terminal (the tabs need not wait for the warnings).
    fn serve_new(&mut self, rebuilt: crate::incremental::Rebuilt, cause: &str) {
        self.builds += 1;
        let build = format!("{:x}-{}", self.started, self.builds);
        if let Some(job) = rebuilt.pictures {
            // Resized beside the server: the page shows the originals until then.
            let poker = self.poker.clone();
            std::thread::spawn(move || {
                job.run();
                poker.saved(&job.files);
            });
        }
        if let Some(later) = rebuilt.later.clone() {
            // Links to /data/ can be checked once it exists.
            let root = self.rebuilder.options().root.clone();
            std::thread::spawn(move || {
                print_explained(&root, &later.warnings(LATER_WAIT).unwrap_or_default());
            });
        }
        let warnings = rebuilt.warnings.clone();
        // The last build is let go after the tabs are told, not before.
        let _last = match self.state.served.write() {
            Ok(mut served) => {
                served.build = build.clone();
                served.diagnostics = rebuilt.warnings;
                let later = std::mem::replace(&mut served.later, rebuilt.later);
                Some((served.tree.replace(rebuilt.tree), later))
            }
            Err(_) => None,
        };
        self.hub
            .broadcast("reload", &serde_json::json!({ "build": build }));
        print_explained(&self.rebuilder.options().root, &warnings);
        self.log(&rebuilt.stats, cause);
    }

    fn log(&self, s: &crate::incremental::RebuildStats, cause: &str) {
        let scope = if s.full {
            "every page".to_string()
        } else {
            format!("{} pages, {} kept", s.rendered, s.kept)
        };
        let parsed = match s.parsed {
            1 => "1 file parsed".to_string(),
            n => format!("{n} files parsed"),
        };
        println!(
            "{cause}built in {} ms ({parsed}, {scope})",
            s.elapsed.as_millis()
        );
        if self.show_timings {
            let phases: Vec<String> = s
                .phases
                .iter()
                .map(|(name, time)| format!("{name} {:.1}", time.as_secs_f64() * 1000.0))
                .collect();
            println!("  ms: {}", phases.join(", "));
        }
    }

    /// Keeps the last good build served and shows the errors on every open tab.
    fn keep_serving(&mut self, diagnostics: Vec<Diagnostic>, cause: &str) {
        print_explained(&self.rebuilder.options().root, &diagnostics);
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        let counted = if errors == 1 {
            "1 content error".to_string()
        } else {
            format!("{errors} content errors")
        };
        eprintln!("{cause}error: {counted}; the last good build is still served");
        let build = match self.state.served.write() {
            Ok(mut served) => {
                served.diagnostics = diagnostics;
                served.build.clone()
            }
            Err(_) => String::new(),
        };
        self.hub.broadcast(
            "errors",
            &serde_json::json!({ "build": build, "errors": errors }),
        );
    }
}
