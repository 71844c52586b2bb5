//! `quire serve`: the site on 127.0.0.1 with live reload.
//!
//! A request is answered, in this order, by a generated file (index, feed,
//! prerendered pages, 404.html, all kept in memory, so serving never writes
//! into the site and drafts never leak into a later upload), a runtime file
//! (embedded in the binary, or the site's theme over it), a file under the
//! site directory (and only there: `..`, its encoded forms and symlinks that
//! leave the directory are refused), or the shell itself for its own routes
//! (`/edit/…`), with status 200.

use crate::runtime::{Runtime, THEME_DIR};
use crate::site::{self, Mode, Outputs};
use anyhow::{Context, Result};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use notify::{EventKind, RecursiveMode, Watcher, event::ModifyKind};
use std::collections::BTreeSet;
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, RwLock};
use std::time::{Duration, Instant};
use tokio::sync::broadcast;
use tower::ServiceExt;
use tower_http::services::ServeFile;

/// Used when `index.html` carries no Content-Security-Policy meta tag.
pub const DEFAULT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; frame-src https:; object-src 'none'; base-uri 'self'; form-action 'self'";

/// How long the watcher waits for more events of one save.
const DEBOUNCE: Duration = Duration::from_millis(150);

/// One build, as served.
struct Generated {
    outputs: Outputs,
    /// `search/`: built after the rest, in the background, so that a page
    /// shows an edit without waiting for the search index (about half of a
    /// rebuild at 10,000 posts). A request for it waits until it is there.
    search: Arc<OnceLock<Outputs>>,
    baseurl: String,
    csp: HeaderValue,
    /// The template as the shell boots from it, for the shell's own routes.
    shell: Vec<u8>,
}

struct AppState {
    root: PathBuf,
    runtime: Runtime,
    generated: RwLock<Arc<Generated>>,
    /// The last build's parses, for the next one.
    parsed: Arc<Mutex<site::Parsed>>,
    changes: broadcast::Sender<String>,
}

/// The policy of the template's CSP meta tag, so header and meta agree.
fn csp_of(text: &str) -> HeaderValue {
    let policy = text
        .find("http-equiv=\"Content-Security-Policy\"")
        .and_then(|at| {
            let rest = &text[at..];
            let start = rest.find("content=\"")? + "content=\"".len();
            let end = start + rest[start..].find('"')?;
            Some(rest[start..end].to_string())
        })
        .unwrap_or_else(|| DEFAULT_CSP.to_string());
    HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static(DEFAULT_CSP))
}

/// Builds the site in memory, parsing again only the files that changed
/// since `parsed` was filled; prints its problems. Errors only when the site
/// as a whole cannot be read (config, template).
fn generate(dir: &Path, runtime: &Runtime, parsed: &Mutex<site::Parsed>) -> Result<Generated> {
    // Each kept parse is whole, so one left by a rebuild that panicked is still right.
    let mut parsed = parsed.lock().unwrap_or_else(PoisonError::into_inner);
    let site = site::load_again(dir, runtime, Mode::SERVE, &mut parsed)?;
    drop(parsed);
    for problem in &site.problems {
        eprintln!("{problem}");
    }
    let outputs = site::outputs_but_search(&site, Mode::SERVE)?;
    let template = runtime.template()?;
    let generated = Generated {
        outputs,
        search: Arc::new(OnceLock::new()),
        baseurl: site.config.baseurl.clone(),
        csp: csp_of(&template),
        shell: site.shell_page().into_bytes(),
    };
    let search = Arc::clone(&generated.search);
    std::thread::spawn(move || {
        background_priority();
        // Set even if the build panics: a request for `search/` must not wait forever.
        let out = std::panic::catch_unwind(AssertUnwindSafe(|| {
            let mut out = Outputs::new();
            crate::search::outputs(&site, &mut out);
            out
        }));
        let _ = search.set(out.unwrap_or_default());
    });
    Ok(generated)
}

/// Gives the calling thread, and the threads it starts, the lowest priority
/// (Linux; elsewhere a no-op): the search index a rebuild leaves to build in
/// the background then no longer slows the rebuild after the next edit.
fn background_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: plain system calls on this thread; nothing is shared.
    unsafe {
        // A thread's own id names the thread alone to `setpriority`.
        let thread = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, thread, 19);
    }
}

pub fn serve_command(dir: PathBuf, host: IpAddr, port: u16) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server runtime")?;
    runtime.block_on(serve(dir, host, port))
}

async fn serve(dir: PathBuf, host: IpAddr, port: u16) -> Result<()> {
    let root = dir
        .canonicalize()
        .with_context(|| format!("{} is not a site directory", dir.display()))?;
    let started = Instant::now();
    let runtime = Runtime::for_site(&root);
    let parsed = Arc::new(Mutex::new(site::Parsed::default()));
    let generated = generate(&root, &runtime, &parsed)?;
    let posts = generated.outputs.len();
    let (changes, _) = broadcast::channel(16);
    let state = Arc::new(AppState {
        root: root.clone(),
        runtime: runtime.clone(),
        generated: RwLock::new(Arc::new(generated)),
        parsed,
        changes,
    });

    // Only real changes: notify also reports reads (inotify's OPEN/ACCESS),
    // and every rebuild reads every post, so counting those would rebuild
    // forever.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<PathBuf>();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        let Ok(event) = res else { return };
        let change = match event.kind {
            EventKind::Create(_) | EventKind::Remove(_) => true,
            EventKind::Modify(kind) => !matches!(kind, ModifyKind::Metadata(_)),
            _ => false,
        };
        if change {
            for path in event.paths {
                let _ = tx.send(path);
            }
        }
    })
    .context("cannot watch the site for changes")?;
    watcher
        .watch(&root, RecursiveMode::Recursive)
        .with_context(|| format!("cannot watch {}", root.display()))?;

    let watch_state = state.clone();
    tokio::spawn(async move {
        while let Some(first) = rx.recv().await {
            // One rebuild for a burst (an editor's save is several events).
            let mut paths = vec![first];
            while let Ok(Some(path)) = tokio::time::timeout(DEBOUNCE, rx.recv()).await {
                paths.push(path);
            }
            let changed = relevant(&watch_state.root, &paths);
            if changed.is_empty() {
                continue;
            }
            let root = watch_state.root.clone();
            let runtime = watch_state.runtime.clone();
            let parsed = watch_state.parsed.clone();
            let started = Instant::now();
            match tokio::task::spawn_blocking(move || generate(&root, &runtime, &parsed)).await {
                Ok(Ok(generated)) => {
                    *watch_state.generated.write().expect("not poisoned") = Arc::new(generated);
                    let list: Vec<&String> = changed.iter().collect();
                    eprintln!(
                        "rebuilt in {:.0?}: {}",
                        started.elapsed(),
                        changed.iter().cloned().collect::<Vec<_>>().join(", ")
                    );
                    let data = serde_json::json!({ "paths": list }).to_string();
                    let _ = watch_state.changes.send(data);
                }
                Ok(Err(err)) => eprintln!("error: {err:#} (still serving the last good build)"),
                Err(err) => {
                    eprintln!(
                        "error: the rebuild failed: {err} (still serving the last good build)"
                    )
                }
            }
        }
    });

    let app = axum::Router::new()
        .fallback(handle)
        .with_state(state.clone());
    let listener = tokio::net::TcpListener::bind(SocketAddr::new(host, port))
        .await
        .with_context(|| format!("cannot listen on {host}:{port}"))?;
    let addr = listener.local_addr()?;
    let base = state
        .generated
        .read()
        .expect("not poisoned")
        .baseurl
        .clone();
    let shown = if addr.is_ipv6() {
        format!("[{}]", addr.ip())
    } else {
        addr.ip().to_string()
    };
    println!(
        "Serving {} on http://{shown}:{}{base}/ ({posts} generated files in {:.0?}; Ctrl-C to stop)",
        root.display(),
        addr.port(),
        started.elapsed()
    );
    if !addr.ip().is_loopback() {
        println!(
            "warning: listening on {}: other machines can read this site, drafts included",
            addr.ip()
        );
    }
    tokio::select! {
        result = axum::serve(listener, app) => result.context("the server stopped")?,
        _ = tokio::signal::ctrl_c() => {}
    }
    drop(watcher);
    Ok(())
}

/// The site files among changed paths that need a rebuild, relative to root.
fn relevant(root: &Path, paths: &[PathBuf]) -> BTreeSet<String> {
    paths
        .iter()
        .filter_map(|p| p.strip_prefix(root).ok())
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .filter(|rel| {
            let name = rel.rsplit('/').next().unwrap_or_default();
            let source =
                (rel.starts_with("posts/") || rel.starts_with("pages/")) && site::is_markdown(name);
            source || rel == "_config.yml" || rel.starts_with(&format!("{THEME_DIR}/"))
        })
        .collect()
}

/// Percent-decodes a request path; `None` if it is not UTF-8 or could leave
/// the root once decoded (`..`, backslashes, NUL).
pub fn safe_path(raw: &str) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .ok()?;
    if decoded.contains('\\') || decoded.contains('\0') || !decoded.starts_with('/') {
        return None;
    }
    if decoded.split('/').any(|s| s == ".." || s == ".") {
        return None;
    }
    Some(decoded.into_owned())
}

fn plain(status: StatusCode, text: &str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text.to_string(),
    )
        .into_response()
}

/// 403 for a path that would leave the site (`..`, its encodings, symlinks).
fn leaves_site() -> Response {
    plain(
        StatusCode::FORBIDDEN,
        "forbidden: that path leaves the site\n",
    )
}

fn redirect(to: &str) -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, to.to_string())],
    )
        .into_response()
}

fn bytes_response(rel: &str, bytes: &[u8], status: StatusCode, head: bool) -> Response {
    let mime = mime_guess::from_path(rel).first_or_octet_stream();
    let mut mime = mime.essence_str().to_string();
    if mime.starts_with("text/") || mime == "application/json" || mime == "application/xml" {
        mime.push_str("; charset=utf-8");
    }
    let body = if head {
        Body::empty()
    } else {
        Body::from(bytes.to_vec())
    };
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&mime).expect("a MIME type is a header value"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from(bytes.len()));
    response
}

async fn handle(State(state): State<Arc<AppState>>, request: Request) -> Response {
    let generated = state.generated.read().expect("not poisoned").clone();
    let mut response = route(&state, &generated, request).await;
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, generated.csp.clone());
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

async fn route(state: &AppState, generated: &Generated, request: Request) -> Response {
    let head = request.method() == Method::HEAD;
    if request.method() == Method::PUT {
        return save(state, generated, request).await;
    }
    if request.method() != Method::GET && !head {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET, HEAD and the editor's PUT\n",
        );
    }
    let Some(path) = safe_path(request.uri().path()) else {
        return leaves_site();
    };
    let base = &generated.baseurl;
    let Some(rest) = path.strip_prefix(base.as_str()) else {
        return if path == "/" {
            redirect(&format!("{base}/"))
        } else {
            not_found(generated, head)
        };
    };
    if rest.is_empty() {
        return redirect(&format!("{base}/"));
    }
    if rest == "/_quire/events" {
        return events(state);
    }
    let rel = rest.trim_start_matches('/');
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    };
    if let Some(bytes) = generated.outputs.get(&file) {
        return bytes_response(&file, bytes, StatusCode::OK, head);
    }
    if file.starts_with("search/") {
        let (search, name) = (Arc::clone(&generated.search), file.clone());
        let found = tokio::task::spawn_blocking(move || search.wait().get(&name).cloned()).await;
        if let Ok(Some(bytes)) = found {
            return bytes_response(&file, &bytes, StatusCode::OK, head);
        }
    }
    if !rel.ends_with('/') && generated.outputs.contains_key(&format!("{rel}/index.html")) {
        return redirect(&format!("{path}/"));
    }
    match state.runtime.get(&file) {
        Ok(Some(bytes)) => return bytes_response(&file, &bytes, StatusCode::OK, head),
        Ok(None) => {}
        Err(err) => {
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("cannot read the theme: {err:#}\n"),
            );
        }
    }
    if rel == "edit" || rel.starts_with("edit/") {
        return bytes_response("index.html", &generated.shell, StatusCode::OK, head);
    }
    let on_disk = state.root.join(&file);
    match on_disk.canonicalize() {
        Ok(real) if !real.starts_with(&state.root) => leaves_site(),
        Ok(real) if real.is_file() => match ServeFile::new(&real).oneshot(request).await {
            Ok(response) => response.map(Body::new),
            Err(err) => plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("cannot read the file: {err}\n"),
            ),
        },
        Ok(real) if real.is_dir() && !rel.is_empty() && !rel.ends_with('/') => {
            redirect(&format!("{path}/"))
        }
        _ => not_found(generated, head),
    }
}

/// The largest post file the editor may save.
const MAX_SAVE_BYTES: usize = 32 * 1024 * 1024;

/// Whether a request comes from a page of this server: a browser sends
/// `Sec-Fetch-Site` and `Origin` with a cross-site PUT, and both must say
/// this origin. (A cross-origin PUT also needs a CORS preflight, which this
/// server never grants.)
fn same_origin(request: &Request) -> bool {
    let headers = request.headers();
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if text("sec-fetch-site").is_some_and(|site| site != "same-origin") {
        return false;
    }
    match (text("origin"), text("host")) {
        (Some(origin), Some(host)) => origin == format!("http://{host}"),
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// `PUT <base>/_quire/save/posts/NAME.md`: the editor saves a post or page
/// file into the site. Only Markdown under `posts/` or `pages/`, only from
/// this server's own pages; written aside and renamed into place, so a
/// reader (or the watcher) never sees half a file. `If-None-Match: *`
/// (a new post) refuses to replace an existing file.
async fn save(state: &AppState, generated: &Generated, request: Request) -> Response {
    if !same_origin(&request) {
        return plain(
            StatusCode::FORBIDDEN,
            "forbidden: only the editor served here may save\n",
        );
    }
    let Some(path) = safe_path(request.uri().path()) else {
        return leaves_site();
    };
    let prefix = format!("{}/_quire/save/", generated.baseurl);
    let Some(rel) = path.strip_prefix(&prefix).map(str::to_string) else {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only the editor's save is a PUT\n",
        );
    };
    let name = rel.rsplit('/').next().unwrap_or_default();
    let content = rel.starts_with("posts/") || rel.starts_with("pages/");
    if !content
        || !site::is_markdown(name)
        || rel
            .split('/')
            .any(|s| s.is_empty() || s.starts_with('.') || s.starts_with('_'))
    {
        return plain(
            StatusCode::FORBIDDEN,
            "forbidden: the editor saves Markdown files under posts/ or pages/ only\n",
        );
    }
    let create_only = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v == "*");
    let body = match axum::body::to_bytes(request.into_body(), MAX_SAVE_BYTES).await {
        Ok(body) => body,
        Err(_) => return plain(StatusCode::PAYLOAD_TOO_LARGE, "the post is too large\n"),
    };
    if std::str::from_utf8(&body).is_err() {
        return plain(StatusCode::BAD_REQUEST, "the post is not UTF-8 text\n");
    }
    let target = state.root.join(&rel);
    let parent = target.parent().expect("under the root").to_path_buf();
    if let Err(err) = std::fs::create_dir_all(&parent) {
        return plain(
            StatusCode::INTERNAL_SERVER_ERROR,
            &format!("cannot create {}: {err}\n", parent.display()),
        );
    }
    match parent.canonicalize() {
        Ok(real) if real.starts_with(&state.root) => {}
        _ => {
            return leaves_site();
        }
    }
    if create_only && target.exists() {
        return plain(
            StatusCode::PRECONDITION_FAILED,
            &format!("{rel} already exists; give the post another title or date\n"),
        );
    }
    let temp = parent.join(format!(".{name}.quire-tmp"));
    let written = std::fs::write(&temp, &body).and_then(|()| std::fs::rename(&temp, &target));
    match written {
        Ok(()) => {
            eprintln!("saved {rel} from the editor");
            let json = serde_json::json!({ "path": rel }).to_string();
            let mut response = bytes_response("saved.json", json.as_bytes(), StatusCode::OK, false);
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(err) => {
            let _ = std::fs::remove_file(&temp);
            plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("cannot write {rel}: {err}\n"),
            )
        }
    }
}

/// 404.html (which boots the shell, as on GitHub Pages) with status 404.
fn not_found(generated: &Generated, head: bool) -> Response {
    match generated.outputs.get("404.html") {
        Some(bytes) => bytes_response("404.html", bytes, StatusCode::NOT_FOUND, head),
        None => plain(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// Server-Sent Events: `change` with the changed paths after each rebuild.
fn events(state: &AppState) -> Response {
    let receiver = state.changes.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let data = match receiver.recv().await {
            Ok(data) => data,
            // Missed some changes: tell the page to refresh everything.
            Err(broadcast::error::RecvError::Lagged(_)) => "{\"paths\":[]}".to_string(),
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        let event = Event::default().event("change").data(data);
        Some((Ok::<_, Infallible>(event), receiver))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::default())
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn the_background_search_build_and_its_threads_give_way_and_the_server_does_not() {
        // SAFETY: reads this thread's own priority.
        let own = || unsafe {
            libc::getpriority(
                libc::PRIO_PROCESS,
                libc::syscall(libc::SYS_gettid) as libc::id_t,
            )
        };
        let before = own();
        let (search, its_worker) = std::thread::spawn(move || {
            background_priority();
            (own(), std::thread::spawn(own).join().unwrap())
        })
        .join()
        .unwrap();
        assert_eq!((search, its_worker), (19, 19));
        assert_eq!(own(), before);
    }

    #[test]
    fn paths_that_leave_the_root_are_refused_in_every_spelling() {
        assert_eq!(safe_path("/posts/a.md").as_deref(), Some("/posts/a.md"));
        assert_eq!(safe_path("/caf%C3%A9/").as_deref(), Some("/café/"));
        for bad in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/a%2f..%2fb",
            "/a%5c..%5cb",
            "/a%00",
            "/%ff",
        ] {
            assert_eq!(safe_path(bad), None, "{bad}");
        }
    }
}
