//! Static files for the local server: a front end served next to the API.
//!
//! With `SLS_STATIC_DIR=web/dist`, a `GET` or `HEAD` request whose path no operation matches is
//! answered from that directory (`/` and directories by their `index.html`), so a page and the
//! API it calls share one origin, as they do behind a CDN in production. Only files inside the
//! directory are served: `..` segments, encoded slashes and symbolic links leading out are
//! refused, and anything not found keeps the API's 404 problem.

use std::path::{Component, Path, PathBuf};

use http::{header, HeaderValue, Method, StatusCode};

use crate::response::{Body, HttpResponse};

/// A directory of static files.
#[derive(Debug, Clone)]
pub struct StaticDir {
    root: PathBuf,
}

impl StaticDir {
    /// Serves the files under `root`, which must be a directory.
    pub fn new(root: impl AsRef<Path>) -> std::io::Result<Self> {
        let root = std::fs::canonicalize(root.as_ref())?;
        if !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("{} is not a directory", root.display()),
            ));
        }
        Ok(StaticDir { root })
    }

    /// The directory served.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The file that `path` (a request path, percent-encoded) names, if it exists inside the
    /// directory.
    pub fn resolve(&self, path: &str) -> Option<PathBuf> {
        let mut file = self.root.clone();
        for segment in path.split('/').filter(|s| !s.is_empty()) {
            let decoded = percent_encoding::percent_decode_str(segment)
                .decode_utf8()
                .ok()?;
            let mut components = Path::new(decoded.as_ref()).components();
            match (components.next(), components.next()) {
                (Some(Component::Normal(name)), None) if !decoded.contains(['/', '\\', '\0']) => {
                    file.push(name);
                }
                _ => return None,
            }
        }
        if file.is_dir() {
            file.push("index.html");
        }
        let file = std::fs::canonicalize(file).ok()?;
        (file.starts_with(&self.root) && file.is_file()).then_some(file)
    }

    /// The answer to a `GET` or `HEAD` of `path`, or `None` when there is no such file (or the
    /// method is another one).
    pub async fn serve(&self, method: &Method, path: &str) -> Option<HttpResponse> {
        if method != Method::GET && method != Method::HEAD {
            return None;
        }
        let file = self.resolve(path)?;
        let read = file.clone();
        let bytes = tokio::task::spawn_blocking(move || std::fs::read(read))
            .await
            .ok()?
            .ok()?;
        let length = bytes.len();
        let body = if method == Method::HEAD {
            Body::empty()
        } else {
            Body::from(bytes)
        };
        let mut response = http::Response::new(body);
        *response.status_mut() = StatusCode::OK;
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(content_type(&file)),
        );
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from(length));
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        Some(response)
    }
}

/// The media type of a file, by its extension.
fn content_type(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("wasm") => "application/wasm",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture() -> (PathBuf, StaticDir) {
        let base = std::env::temp_dir().join(format!("sls-static-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        std::fs::create_dir_all(base.join("web/app")).expect("dirs");
        std::fs::write(base.join("web/index.html"), "<p>home</p>").expect("index");
        std::fs::write(base.join("web/app/main.js"), "export {};").expect("js");
        std::fs::write(base.join("web/app/index.html"), "<p>app</p>").expect("app index");
        std::fs::write(base.join("secret.txt"), "no").expect("secret");
        let dir = StaticDir::new(base.join("web")).expect("static dir");
        (base, dir)
    }

    #[tokio::test]
    async fn serves_files_inside_the_directory_only() {
        let (base, dir) = fixture();
        let root = dir.root().to_owned();
        assert_eq!(dir.resolve("/"), Some(root.join("index.html")));
        assert_eq!(dir.resolve("/app"), Some(root.join("app/index.html")));
        assert_eq!(dir.resolve("/app/main.js"), Some(root.join("app/main.js")));
        assert_eq!(
            dir.resolve("/app/%6Dain.js"),
            Some(root.join("app/main.js"))
        );
        for outside in [
            "/../secret.txt",
            "/app/../../secret.txt",
            "/%2E%2E/secret.txt",
            "/app%2F..%2F..%2Fsecret.txt",
            "/missing.js",
            "/%FF",
        ] {
            assert_eq!(dir.resolve(outside), None, "{outside}");
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(base.join("secret.txt"), root.join("link.txt"))
                .expect("symlink");
            assert_eq!(dir.resolve("/link.txt"), None, "a link leading out");
        }

        let response = dir
            .serve(&Method::GET, "/app/main.js")
            .await
            .expect("found");
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/javascript; charset=utf-8"
        );
        assert_eq!(response.headers()[header::CONTENT_LENGTH], "10");
        let head = dir.serve(&Method::HEAD, "/").await.expect("found");
        assert_eq!(
            head.headers()[header::CONTENT_TYPE],
            "text/html; charset=utf-8"
        );
        assert!(dir.serve(&Method::POST, "/").await.is_none());
        assert!(dir.serve(&Method::GET, "/nope").await.is_none());
        std::fs::remove_dir_all(&base).expect("cleanup");
    }

    #[test]
    fn a_file_is_not_a_directory() {
        let path = std::env::temp_dir().join(format!("sls-static-file-{}", std::process::id()));
        std::fs::write(&path, "x").expect("file");
        assert!(StaticDir::new(&path).is_err());
        assert!(StaticDir::new(path.with_extension("missing")).is_err());
        std::fs::remove_file(&path).expect("cleanup");
    }
}
