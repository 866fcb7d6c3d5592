//! Test support: the real Petstore binary as a child process, and a tiny HTTP/1.1 client over
//! `std::net::TcpStream` (one connection per request, `Connection: close`).

use std::cell::Cell;
use std::fmt;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;

/// How long the server may take to print its `listening on` line.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);
/// How long one request may block on reading or writing.
const IO_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the server may take to exit after SIGTERM.
const SHUTDOWN_TIMEOUT: Duration = Duration::from_secs(30);
/// The prefix of the startup log line that carries the port.
const LISTENING: &str = "listening on http://127.0.0.1:";

/// The running server. Dropping it without [`Server::shutdown`] kills the process; the
/// temporary directory holding the database is removed in every case.
pub struct Server {
    child: Option<Child>,
    port: u16,
    dir: PathBuf,
    log: Receiver<String>,
    startup_log: Vec<String>,
    requests: Cell<usize>,
}

/// What the server left behind once it stopped.
pub struct Stopped {
    /// Its exit status.
    pub status: ExitStatus,
    /// Every line it wrote on stdout, startup included.
    pub log: Vec<String>,
    /// How long it took to exit after SIGTERM.
    pub elapsed: Duration,
}

impl Server {
    /// Starts `binary` with `PORT=0` and a fresh SQLite database in a new temporary directory,
    /// and waits for its `listening on http://127.0.0.1:PORT` line.
    pub fn start(binary: &str) -> Server {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir =
            std::env::temp_dir().join(format!("sls-petstore-http-{}-{nanos}", std::process::id()));
        std::fs::create_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        let database = format!("sqlite://{}/petstore.db", dir.display());
        let spawned = Command::new(binary)
            .env("PORT", "0")
            .env("DATABASE_URL", &database)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn();
        let mut child = match spawned {
            Ok(child) => child,
            Err(error) => {
                let _ = std::fs::remove_dir_all(&dir);
                panic!("cannot start {binary}: {error}");
            }
        };
        // The reader runs until the pipe closes, so per-request log lines never fill the pipe.
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, log) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                let _ = sender.send(line);
            }
        });
        let mut server = Server {
            child: Some(child),
            port: 0,
            dir,
            log,
            startup_log: Vec::new(),
            requests: Cell::new(0),
        };
        server.port = server.wait_for_port();
        server
    }

    fn wait_for_port(&mut self) -> u16 {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.log.recv_timeout(left) {
                Ok(line) => {
                    let port = parse_port(&line);
                    self.startup_log.push(line);
                    if let Some(port) = port {
                        assert_ne!(port, 0, "the server must report the port it bound");
                        return port;
                    }
                }
                Err(RecvTimeoutError::Timeout) => panic!(
                    "no `{LISTENING}` line within {STARTUP_TIMEOUT:?}; stdout so far:\n{}",
                    self.startup_log.join("\n")
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.child.as_mut().map(Child::wait);
                    panic!(
                        "the server closed stdout before listening (exit: {status:?}); stdout:\n{}",
                        self.startup_log.join("\n")
                    )
                }
            }
        }
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// How many requests were sent so far.
    pub fn requests_sent(&self) -> usize {
        self.requests.get()
    }

    /// A request to build and send.
    pub fn request(&self, method: &str, target: &str) -> RequestBuilder<'_> {
        RequestBuilder {
            server: self,
            method: method.to_owned(),
            target: target.to_owned(),
            headers: Vec::new(),
            body: None,
            chunked: false,
        }
    }

    /// `GET target`.
    pub fn get(&self, target: &str) -> Response {
        self.request("GET", target).send()
    }

    /// `DELETE target`.
    pub fn delete(&self, target: &str) -> Response {
        self.request("DELETE", target).send()
    }

    /// `POST target` with a JSON body.
    pub fn post_json(&self, target: &str, body: &Value) -> Response {
        self.request("POST", target).json(body).send()
    }

    /// `PUT target` with a JSON body.
    pub fn put_json(&self, target: &str, body: &Value) -> Response {
        self.request("PUT", target).json(body).send()
    }

    /// Sends SIGTERM, waits for the process to exit (at most 30 s) and collects its stdout.
    pub fn shutdown(mut self) -> Stopped {
        let mut child = self.child.take().expect("the server is running");
        let pid = child.id().to_string();
        let started = Instant::now();
        let signalled = Command::new("kill").args(["-TERM", &pid]).status();
        if !signalled.as_ref().is_ok_and(ExitStatus::success) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`kill -TERM {pid}` failed: {signalled:?}");
        }
        let (sender, exited) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = sender.send(child.wait());
        });
        let status = match exited.recv_timeout(SHUTDOWN_TIMEOUT) {
            Ok(status) => status.expect("waiting for the server"),
            Err(_) => {
                let _ = Command::new("kill").args(["-KILL", &pid]).status();
                panic!("the server did not exit within {SHUTDOWN_TIMEOUT:?} of SIGTERM");
            }
        };
        let elapsed = started.elapsed();
        // The process is gone, so its stdout reaches EOF: the rest of the log is in the channel.
        let mut log = std::mem::take(&mut self.startup_log);
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.log.recv_timeout(left) {
                Ok(line) => log.push(line),
                Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    panic!("the server's stdout stayed open after it exited")
                }
            }
        }
        Stopped {
            status,
            log,
            elapsed,
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn parse_port(line: &str) -> Option<u16> {
    let rest = &line[line.find(LISTENING)? + LISTENING.len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// A request being built.
pub struct RequestBuilder<'s> {
    server: &'s Server,
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    chunked: bool,
}

impl RequestBuilder<'_> {
    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// A JSON body with `Content-Type: application/json`.
    pub fn json(self, body: &Value) -> Self {
        let bytes = serde_json::to_vec(body).expect("a JSON value serializes");
        self.header("Content-Type", "application/json").body(bytes)
    }

    /// A body, sent with a `Content-Length` (or chunked, see [`Self::chunked`]); the content
    /// type, if any, is a separate header.
    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = Some(body.into());
        self
    }

    /// Sends the body with `Transfer-Encoding: chunked` instead of a `Content-Length`.
    pub fn chunked(mut self) -> Self {
        self.chunked = true;
        self
    }

    /// Sends the request and reads the whole response (the server closes the connection).
    ///
    /// The response is read while the body is written, and a connection reset while writing is
    /// tolerated: the server may answer (413, say) before reading a large body.
    pub fn send(self) -> Response {
        let server = self.server;
        server.requests.set(server.requests.get() + 1);
        let what = format!("{} {}", self.method, self.target);
        let mut stream = TcpStream::connect(("127.0.0.1", server.port))
            .unwrap_or_else(|e| panic!("{what}: cannot connect: {e}"));
        stream
            .set_read_timeout(Some(IO_TIMEOUT))
            .expect("set a read timeout");
        stream
            .set_write_timeout(Some(IO_TIMEOUT))
            .expect("set a write timeout");
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n",
            self.method, self.target, server.port
        );
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        match (&self.body, self.chunked) {
            (Some(_), true) => head.push_str("Transfer-Encoding: chunked\r\n"),
            (Some(body), false) => head.push_str(&format!("Content-Length: {}\r\n", body.len())),
            (None, _) => {}
        }
        head.push_str("\r\n");

        let mut reading = stream.try_clone().expect("clone the stream");
        let reader = std::thread::spawn(move || {
            let mut raw = Vec::new();
            let mut chunk = [0u8; 64 * 1024];
            loop {
                match reading.read(&mut chunk) {
                    Ok(0) => return (raw, None),
                    Ok(n) => raw.extend_from_slice(&chunk[..n]),
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return (raw, Some(e)),
                }
            }
        });
        let written = write_request(
            &mut stream,
            head.as_bytes(),
            self.body.as_deref(),
            self.chunked,
        );
        let (raw, read_error) = reader.join().expect("the reader thread does not panic");
        if let Some(error) = &read_error {
            // A reset after the whole response arrived is fine; a timeout never is.
            assert!(
                !matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
                "{what}: no complete response within {IO_TIMEOUT:?}"
            );
        }
        parse_response(&raw).map_or_else(
            |problem| {
                panic!(
                    "{what}: unreadable response ({problem}); write: {written:?}, read: \
                     {read_error:?}; received:\n{}",
                    String::from_utf8_lossy(&raw)
                )
            },
            |(status, reason, headers, body)| Response {
                method: self.method,
                target: self.target,
                status,
                reason,
                headers,
                body,
            },
        )
    }
}

/// Writes the request; an error because the server closed the connection early is returned,
/// not raised.
fn write_request(
    stream: &mut TcpStream,
    head: &[u8],
    body: Option<&[u8]>,
    chunked: bool,
) -> std::io::Result<()> {
    stream.write_all(head)?;
    if let Some(body) = body {
        if chunked {
            for piece in body.chunks(64 * 1024) {
                stream.write_all(format!("{:x}\r\n", piece.len()).as_bytes())?;
                stream.write_all(piece)?;
                stream.write_all(b"\r\n")?;
            }
            stream.write_all(b"0\r\n\r\n")?;
        } else {
            for piece in body.chunks(64 * 1024) {
                stream.write_all(piece)?;
            }
        }
    }
    stream.flush()
}

type Parsed = (u16, String, Vec<(String, String)>, Vec<u8>);

fn parse_response(raw: &[u8]) -> Result<Parsed, String> {
    let end = find(raw, b"\r\n\r\n").ok_or("no end of the header section")?;
    let head = std::str::from_utf8(&raw[..end]).map_err(|_| "the header section is not UTF-8")?;
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let mut parts = status_line.splitn(3, ' ');
    let version = parts.next().unwrap_or_default();
    if version != "HTTP/1.1" && version != "HTTP/1.0" {
        return Err(format!("bad status line `{status_line}`"));
    }
    let status = parts
        .next()
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("bad status line `{status_line}`"))?;
    let reason = parts.next().unwrap_or_default().to_owned();
    let mut headers = Vec::new();
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| format!("bad header line `{line}`"))?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let rest = &raw[end + 4..];
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let body = if header("transfer-encoding").is_some_and(|te| te.eq_ignore_ascii_case("chunked")) {
        decode_chunked(rest)?
    } else if let Some(length) = header("content-length") {
        let length: usize = length
            .parse()
            .map_err(|_| format!("bad content-length `{length}`"))?;
        if rest.len() != length {
            return Err(format!(
                "content-length is {length} but {} bytes followed",
                rest.len()
            ));
        }
        rest.to_vec()
    } else {
        rest.to_vec()
    };
    Ok((status, reason, headers, body))
}

fn decode_chunked(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = find(rest, b"\r\n").ok_or("truncated chunk size")?;
        let size_text = std::str::from_utf8(&rest[..line_end]).map_err(|_| "bad chunk size")?;
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|_| format!("bad chunk size `{size_text}`"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size + 2 || &rest[size..size + 2] != b"\r\n" {
            return Err("truncated chunk".to_owned());
        }
        body.extend_from_slice(&rest[..size]);
        rest = &rest[size + 2..];
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A complete response.
pub struct Response {
    /// The request's method.
    pub method: String,
    /// The request's target.
    pub target: String,
    /// The status code.
    pub status: u16,
    /// The reason phrase.
    pub reason: String,
    /// The headers, names in lower case, in order.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl Response {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("the body is not JSON ({e}):{self}"))
    }
}

/// The exchange, for assertion messages.
impl fmt::Display for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\n{} {} -> {} {}",
            self.method, self.target, self.status, self.reason
        )?;
        for (name, value) in &self.headers {
            write!(f, "\n{name}: {value}")?;
        }
        let text = self.text();
        let shown: String = text.chars().take(2000).collect();
        write!(f, "\n\n{shown}")?;
        if shown.len() < text.len() {
            write!(f, "… ({} bytes in all)", self.body.len())?;
        }
        Ok(())
    }
}
