//! 3.1 `webhooks`: requests the API sends. Their payloads get types (a spec made only of
//! webhooks, like GitHub's, still generates), listed in the generated `webhooks` module.

use serde_json::Value;

use super::names::{self, Namer};
use super::schema::{child, describe, SchemaLowerer};
use super::{Method, Webhook};

/// Lowers every webhook's JSON payload, in document order.
pub(crate) fn webhooks(lowerer: &mut SchemaLowerer<'_>) -> Vec<Webhook> {
    let doc = lowerer.doc;
    let Some(hooks) = doc.root.get("webhooks") else {
        return Vec::new();
    };
    let Some(hooks) = hooks.as_object() else {
        lowerer.error("/webhooks", "`webhooks` must be a mapping");
        return Vec::new();
    };
    let mut namer = Namer::default();
    let mut out = Vec::new();
    for (name, item) in hooks {
        if name.starts_with("x-") {
            continue;
        }
        let mut pointer = child("/webhooks", name);
        let mut item = item;
        // A path item may be a reference (3.1 `components.pathItems`).
        if let Some(reference) = item.get("$ref").and_then(Value::as_str) {
            let Some(target) = doc.resolve_ref(reference) else {
                continue;
            };
            item = target;
            pointer = reference.trim_start_matches('#').to_owned();
        }
        let methods: Vec<Method> = Method::ALL
            .into_iter()
            .filter(|m| item.get(m.key()).is_some())
            .collect();
        for method in &methods {
            let op_pointer = child(&pointer, method.key());
            let Some(operation) = item.get(method.key()) else {
                continue;
            };
            let base = if methods.len() == 1 {
                names::type_name(name)
            } else {
                names::type_name(&format!("{name} {}", method.key()))
            };
            let rust_name = namer.unique(base);
            let payload = payload(
                lowerer,
                operation,
                &op_pointer,
                &format!("{rust_name}Payload"),
            );
            out.push(Webhook {
                name: name.clone(),
                rust_name,
                method: *method,
                doc: operation
                    .get("summary")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .or_else(|| describe(operation)),
                payload,
            });
        }
    }
    out
}

/// The JSON schema of a webhook's request body, if it has one.
fn payload(
    lowerer: &mut SchemaLowerer<'_>,
    operation: &Value,
    pointer: &str,
    hint: &str,
) -> Option<super::Schema> {
    let doc = lowerer.doc;
    let mut body = operation.get("requestBody")?;
    let mut body_pointer = child(pointer, "requestBody");
    if let Some(reference) = body.get("$ref").and_then(Value::as_str) {
        body = doc.resolve_ref(reference)?;
        body_pointer = reference.trim_start_matches('#').to_owned();
    }
    let content = body.get("content")?.as_object()?;
    let (media, _) = content.iter().find(|(media, _)| is_json(media))?;
    let at = child(&child(&child(&body_pointer, "content"), media), "schema");
    doc.root.pointer(&at)?;
    Some(lowerer.schema_at(&at, hint))
}

fn is_json(media: &str) -> bool {
    let essence = media.split(';').next().unwrap_or_default().trim();
    essence == "application/json" || essence.ends_with("+json")
}
