//! Server-sent events: the body of `text/event-stream` responses.
//!
//! A handler answers such a response with an [`EventStream`]: from any `Stream` of [`Event`]s,
//! from a list, or from a channel whose [`EventSender`] it hands to a task. The local server sends
//! each event as soon as it is produced; a platform that cannot stream collects the stream first.
//!
//! ```
//! use sls_runtime::sse::{Event, EventStream};
//!
//! let (mut sender, stream) = EventStream::channel(16);
//! # let _ = stream;
//! let _task = async move {
//!     sender.send(Event::data("hello").event("greeting").id("1")).await?;
//!     Ok::<(), sls_runtime::sse::Disconnected>(())
//! };
//! ```

use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use futures_util::{Stream, StreamExt};
use serde::Serialize;

use crate::response::Body;

/// One server-sent event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Event {
    id: Option<String>,
    event: Option<String>,
    data: Option<String>,
    retry: Option<u64>,
    comment: Option<String>,
}

/// Removes what would end a field's line early.
fn single_line(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\r' | '\n' | '\0'))
        .collect()
}

impl Event {
    /// An event whose `data` is `data` (line breaks become several `data:` lines, as the
    /// format requires).
    pub fn data(data: impl Into<String>) -> Self {
        Event {
            data: Some(data.into()),
            ..Event::default()
        }
    }

    /// An event whose `data` is `value` as JSON.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        Ok(Event::data(serde_json::to_string(value)?))
    }

    /// A comment line, which clients ignore (useful to keep a connection alive).
    pub fn comment(text: impl Into<String>) -> Self {
        Event {
            comment: Some(text.into()),
            ..Event::default()
        }
    }

    /// Sets the event type (`event:`); line breaks are removed.
    pub fn event(mut self, name: impl AsRef<str>) -> Self {
        self.event = Some(single_line(name.as_ref()));
        self
    }

    /// Sets the event id (`id:`), which the client sends back as `Last-Event-ID` when it
    /// reconnects; line breaks and NUL are removed.
    pub fn id(mut self, id: impl AsRef<str>) -> Self {
        self.id = Some(single_line(id.as_ref()));
        self
    }

    /// Sets the client's reconnection delay in milliseconds (`retry:`).
    pub fn retry(mut self, milliseconds: u64) -> Self {
        self.retry = Some(milliseconds);
        self
    }

    /// The event in the `text/event-stream` format, ending with its blank line.
    pub fn encode(&self) -> Bytes {
        let mut out = String::new();
        let lines = |text: &str| {
            text.split("\r\n")
                .flat_map(|l| l.split(['\r', '\n']))
                .map(str::to_owned)
                .collect::<Vec<_>>()
        };
        if let Some(comment) = &self.comment {
            for line in lines(comment) {
                out.push_str(": ");
                out.push_str(&line);
                out.push('\n');
            }
        }
        if let Some(id) = &self.id {
            out.push_str("id: ");
            out.push_str(id);
            out.push('\n');
        }
        if let Some(event) = &self.event {
            out.push_str("event: ");
            out.push_str(event);
            out.push('\n');
        }
        if let Some(retry) = self.retry {
            out.push_str(&format!("retry: {retry}\n"));
        }
        if let Some(data) = &self.data {
            for line in lines(data) {
                out.push_str("data: ");
                out.push_str(&line);
                out.push('\n');
            }
        }
        out.push('\n');
        Bytes::from(out)
    }
}

/// A stream of server-sent events: the body type of `text/event-stream` responses.
pub struct EventStream {
    events: Pin<Box<dyn Stream<Item = Event> + Send>>,
}

impl std::fmt::Debug for EventStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("EventStream")
    }
}

impl EventStream {
    /// The events of `stream`, sent as they come; the response ends with the stream.
    pub fn new(stream: impl Stream<Item = Event> + Send + 'static) -> Self {
        EventStream {
            events: Box::pin(stream),
        }
    }

    /// A fixed list of events.
    pub fn from_events<I>(events: I) -> Self
    where
        I: IntoIterator<Item = Event>,
        I::IntoIter: Send + 'static,
    {
        EventStream::new(futures_util::stream::iter(events))
    }

    /// A stream fed through a channel that holds up to `capacity` events: the response lasts
    /// until every [`EventSender`] is dropped.
    pub fn channel(capacity: usize) -> (EventSender, EventStream) {
        let (sender, receiver) = futures_channel::mpsc::channel(capacity);
        (EventSender { inner: sender }, EventStream::new(receiver))
    }

    /// The response body that sends the events.
    pub fn into_body(self) -> Body {
        Body::from_stream(self.events.map(|event| event.encode()))
    }
}

impl Stream for EventStream {
    type Item = Event;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Event>> {
        self.events.as_mut().poll_next(cx)
    }
}

/// The sending side of [`EventStream::channel`]; cloneable.
#[derive(Debug, Clone)]
pub struct EventSender {
    inner: futures_channel::mpsc::Sender<Event>,
}

impl EventSender {
    /// Sends an event, waiting while the channel is full. Fails once the response is gone (the
    /// client disconnected).
    pub async fn send(&mut self, event: Event) -> Result<(), Disconnected> {
        futures_util::future::poll_fn(|cx| self.inner.poll_ready(cx))
            .await
            .map_err(|_| Disconnected)?;
        self.inner.start_send(event).map_err(|_| Disconnected)
    }

    /// Whether the response is gone.
    pub fn is_closed(&self) -> bool {
        self.inner.is_closed()
    }
}

/// The client of an event stream is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disconnected;

impl std::fmt::Display for Disconnected {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the event stream's client disconnected")
    }
}

impl std::error::Error for Disconnected {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoding() {
        let event = Event::data("a\nb\r\nc")
            .event("up\ndate")
            .id("7")
            .retry(1500);
        assert_eq!(
            &event.encode()[..],
            b"id: 7\nevent: update\nretry: 1500\ndata: a\ndata: b\ndata: c\n\n"
        );
        assert_eq!(&Event::comment("ping").encode()[..], b": ping\n\n");
        assert_eq!(
            &Event::json(&serde_json::json!({"n": 1}))
                .expect("serializes")
                .encode()[..],
            b"data: {\"n\":1}\n\n"
        );
    }
}
