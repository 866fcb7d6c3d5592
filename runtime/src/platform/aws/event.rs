//! A lean, borrowing reader of the events Lambda delivers.
//!
//! One `serde_json` pass reads every field that tells the event sources apart and that the HTTP
//! adapter needs; strings without escapes borrow from the event's bytes, and everything else in
//! the event (request contexts, authorizers, identities) is skipped without being built. The
//! stock `aws_lambda_events` structs build every field of every source, which alone costs more
//! than the whole invocation here.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

/// A JSON string, borrowed from the event's bytes when it has no escapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text<'a>(pub Cow<'a, str>);

impl Text<'_> {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(TextVisitor(PhantomData))
    }
}

/// A JSON object of strings (`headers`, `queryStringParameters`), in document order. Members
/// whose value is `null` are left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pairs<'a>(pub Vec<(Text<'a>, Text<'a>)>);

impl<'de: 'a, 'a> Deserialize<'de> for Pairs<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for PairsVisitor<'a> {
            type Value = Pairs<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of strings")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some((name, value)) = map.next_entry::<Text<'a>, Option<Text<'a>>>()? {
                    if let Some(value) = value {
                        pairs.push((name, value));
                    }
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor(PhantomData))
    }
}

/// A JSON object of string lists (`multiValueHeaders`, `multiValueQueryStringParameters`), in
/// document order. `null` lists and `null` items are left out.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct MultiPairs<'a>(pub Vec<(Text<'a>, Vec<Text<'a>>)>);

impl<'de: 'a, 'a> Deserialize<'de> for MultiPairs<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Values<'a>(Vec<Text<'a>>);
        impl<'de: 'a, 'a> Deserialize<'de> for Values<'a> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct ValuesVisitor<'a>(PhantomData<&'a ()>);
                impl<'de: 'a, 'a> Visitor<'de> for ValuesVisitor<'a> {
                    type Value = Values<'a>;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str("a list of strings")
                    }
                    fn visit_seq<S: SeqAccess<'de>>(
                        self,
                        mut seq: S,
                    ) -> Result<Self::Value, S::Error> {
                        let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(1));
                        while let Some(value) = seq.next_element::<Option<Text<'a>>>()? {
                            values.extend(value);
                        }
                        Ok(Values(values))
                    }
                }
                deserializer.deserialize_seq(ValuesVisitor(PhantomData))
            }
        }
        struct MultiVisitor<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for MultiVisitor<'a> {
            type Value = MultiPairs<'a>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of string lists")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some((name, values)) = map.next_entry::<Text<'a>, Option<Values<'a>>>()? {
                    if let Some(values) = values {
                        pairs.push((name, values.0));
                    }
                }
                Ok(MultiPairs(pairs))
            }
        }
        deserializer.deserialize_map(MultiVisitor(PhantomData))
    }
}

/// The fields of any Lambda event that identify its source, plus those the HTTP adapter reads.
/// Fields of other sources are `None`; nothing else is built.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event<'a> {
    /// `"2.0"` for HTTP API payload 2.0 and Function URLs, `"1.0"` for HTTP API payload 1.0, `"0"`
    /// for EventBridge.
    #[serde(borrow, default)]
    pub version: Option<Text<'a>>,
    /// v1 and ALB: the method.
    #[serde(borrow, default)]
    pub http_method: Option<Text<'a>>,
    /// v1 and ALB: the path (v1: without the stage).
    #[serde(borrow, default)]
    pub path: Option<Text<'a>>,
    /// v2: the path, with a named stage in front.
    #[serde(borrow, default)]
    pub raw_path: Option<Text<'a>>,
    /// v2: the query string as sent.
    #[serde(borrow, default)]
    pub raw_query_string: Option<Text<'a>>,
    /// v2: the request's cookies, one `name=value` each.
    #[serde(borrow, default)]
    pub cookies: Option<Vec<Text<'a>>>,
    /// One value per header name (v2: duplicates comma-joined).
    #[serde(borrow, default)]
    pub headers: Option<Pairs<'a>>,
    /// v1 and ALB (multi-value mode): every value of every header.
    #[serde(borrow, default)]
    pub multi_value_headers: Option<MultiPairs<'a>>,
    /// One value per query parameter.
    #[serde(borrow, default)]
    pub query_string_parameters: Option<Pairs<'a>>,
    /// v1 and ALB (multi-value mode): every value of every query parameter.
    #[serde(borrow, default)]
    pub multi_value_query_string_parameters: Option<MultiPairs<'a>>,
    /// The body, base64 when `is_base64_encoded`.
    #[serde(borrow, default)]
    pub body: Option<Text<'a>>,
    /// Whether `body` is base64.
    #[serde(default)]
    pub is_base64_encoded: Option<bool>,
    /// The request context of the HTTP sources.
    #[serde(borrow, default)]
    pub request_context: Option<RequestContext<'a>>,
    /// SQS and SNS: the records (only their source is read here).
    #[serde(borrow, default, rename = "Records")]
    pub records: Option<Vec<RecordHead<'a>>>,
    /// EventBridge: the source (`aws.events` for schedules).
    #[serde(borrow, default)]
    pub source: Option<Text<'a>>,
    /// EventBridge: the detail type (`Scheduled Event` for schedules).
    #[serde(borrow, default, rename = "detail-type")]
    pub detail_type: Option<Text<'a>>,
}

/// The parts of `requestContext` that tell the HTTP sources apart.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestContext<'a> {
    /// v2: method and path.
    #[serde(borrow, default)]
    pub http: Option<HttpContext<'a>>,
    /// ALB: present (its content is not read).
    #[serde(default)]
    pub elb: Option<IgnoredAny>,
    /// v1 and v2: the stage (`$default` for the default stage).
    #[serde(borrow, default)]
    pub stage: Option<Text<'a>>,
    /// v1: the method.
    #[serde(borrow, default)]
    pub http_method: Option<Text<'a>>,
    /// The API Gateway request id.
    #[serde(borrow, default)]
    pub request_id: Option<Text<'a>>,
}

/// `requestContext.http` of payload 2.0.
#[derive(Debug, Default, Deserialize)]
pub struct HttpContext<'a> {
    /// The method.
    #[serde(borrow, default)]
    pub method: Option<Text<'a>>,
}

/// The source of one record of an SQS or SNS event.
#[derive(Debug, Default, Deserialize)]
pub struct RecordHead<'a> {
    /// SQS: `aws:sqs`.
    #[serde(borrow, default, rename = "eventSource")]
    pub event_source: Option<Text<'a>>,
    /// SNS: `aws:sns`.
    #[serde(borrow, default, rename = "EventSource")]
    pub event_source_pascal: Option<Text<'a>>,
}

/// Which source an event comes from, as told by its shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// API Gateway REST API (v1 proxy) or HTTP API payload 1.0.
    ApiGatewayV1,
    /// HTTP API payload 2.0 or a Function URL.
    ApiGatewayV2,
    /// An Application Load Balancer target; `multi` when the target group sends multi-value maps.
    Alb {
        /// The target group has `lambda.multi_value_headers.enabled`.
        multi: bool,
    },
    /// An SQS batch.
    Sqs,
    /// SNS notifications.
    Sns,
    /// An EventBridge event (`Scheduled Event` for schedules).
    EventBridge,
}

impl Event<'_> {
    /// The source of this event, or `None` when its shape matches none of them.
    pub fn source(&self) -> Option<Source> {
        if let Some(context) = &self.request_context {
            if context.elb.is_some() {
                let multi = self.multi_value_headers.is_some()
                    || self.multi_value_query_string_parameters.is_some();
                return Some(Source::Alb { multi });
            }
            if context.http.is_some() && self.raw_path.is_some() {
                return Some(Source::ApiGatewayV2);
            }
            if self.http_method.is_some() && self.path.is_some() {
                return Some(Source::ApiGatewayV1);
            }
        }
        if let Some(first) = self.records.as_ref().and_then(|records| records.first()) {
            let source = first
                .event_source
                .as_ref()
                .or(first.event_source_pascal.as_ref())
                .map(Text::as_str);
            return match source {
                Some("aws:sqs") => Some(Source::Sqs),
                Some("aws:sns") => Some(Source::Sns),
                _ => None,
            };
        }
        if self.detail_type.is_some() && self.source.is_some() {
            return Some(Source::EventBridge);
        }
        None
    }

    /// A short description of what arrived, for the error of an event no trigger matches.
    pub fn describe(&self) -> String {
        if let Some(source) = self.source() {
            return format!("{source:?}");
        }
        if let Some(records) = &self.records {
            let source = records.first().and_then(|first| {
                first
                    .event_source
                    .as_ref()
                    .or(first.event_source_pascal.as_ref())
            });
            return match source {
                Some(source) => format!("records from `{}`", source.as_str()),
                None => "records without an event source".to_owned(),
            };
        }
        "an event with none of the fields of API Gateway, ALB, Function URL, SQS, SNS or \
         EventBridge events"
            .to_owned()
    }
}

/// Reads an event's identifying fields; a syntax error or a field of the wrong type is an error
/// naming its line and column.
pub fn parse(bytes: &[u8]) -> Result<Event<'_>, serde_json::Error> {
    // Checking UTF-8 once for the whole event spares checking each string.
    match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    }
}
