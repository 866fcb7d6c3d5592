//! The types generated from `specs/schemas.yaml`, exercised: unions (tagged and chosen by
//! schema), merged `allOf`s, defaults, typed formats, recursion and the validation schemas that
//! go with them, both directly and through the request decoder.

use serde_json::{json, Value};
use sls_runtime::request::{decode, RawRequest};
use sls_runtime::schema::validate;
use sls_runtime::FieldError;
use sls_tests::shapes::models::{
    AbTest, AbTest2, Bike, Car, Cat, Document, DocumentVersion, Dog, DogBark, Folder, Merged, Node,
    Person, Pet, PetBaseStatus, Shape, Vehicle,
};
use sls_tests::shapes::{operations, ops, schemas};

fn errors(schema: &sls_runtime::schema::Schema, value: &Value) -> Vec<(String, String)> {
    let mut found: Vec<FieldError> = Vec::new();
    validate(schema, value, "/body", &mut found);
    found
        .into_iter()
        .map(|e| (e.pointer.clone(), e.message.clone()))
        .collect()
}

fn pointers(schema: &sls_runtime::schema::Schema, value: &Value) -> Vec<String> {
    errors(schema, value).into_iter().map(|(p, _)| p).collect()
}

#[test]
fn tagged_union_follows_the_discriminator_and_fills_defaults() {
    let pet: Pet =
        serde_json::from_value(json!({ "petType": "cat", "name": "Tom" })).expect("a cat");
    let Pet::Cat(cat) = &pet else {
        panic!("expected a cat, got {pet:?}");
    };
    assert_eq!(cat.name, "Tom");
    assert_eq!(cat.status, PetBaseStatus::Available);
    assert_eq!(cat.lives, 9);
    assert!(cat.indoor);
    assert_eq!(cat.id, None);

    let dog: Pet =
        serde_json::from_value(json!({ "petType": "dog", "name": "Rex", "bark": "yap" }))
            .expect("a dog");
    assert!(matches!(&dog, Pet::Dog(d) if d.bark == DogBark::Yap));

    // The mapping decides, not the shape: a "dog" without `bark` is not a cat.
    let error = serde_json::from_value::<Pet>(json!({ "petType": "dog", "name": "Rex" }))
        .expect_err("bark is required for dogs");
    assert!(error.to_string().contains("bark"), "{error}");
    let error = serde_json::from_value::<Pet>(json!({ "petType": "bird", "name": "Tweety" }))
        .expect_err("no birds");
    assert!(error.to_string().contains("bird"), "{error}");
    assert!(serde_json::from_value::<Pet>(json!({ "name": "Nobody" })).is_err());
}

#[test]
fn tagged_union_validation_names_the_field() {
    assert_eq!(
        pointers(&schemas::Pet, &json!({ "name": "x" })),
        ["/body/petType"]
    );
    let unknown = errors(&schemas::Pet, &json!({ "petType": "bird", "name": "x" }));
    assert_eq!(unknown[0].0, "/body/petType");
    assert!(unknown[0].1.contains("cat, dog"), "{unknown:?}");
    // The chosen alternative's own rules apply.
    assert_eq!(
        pointers(
            &schemas::Pet,
            &json!({ "petType": "cat", "name": "", "lives": 10 })
        ),
        ["/body/name", "/body/lives"]
    );
    assert_eq!(
        pointers(&schemas::Pet, &json!({ "petType": "dog", "name": "Rex" })),
        ["/body/bark"]
    );
}

#[test]
fn tagged_union_serializes_the_tag_even_when_the_variant_lacks_it() {
    let car = Vehicle::Car(Car {
        kind: "Car".into(),
        seats: 4,
    });
    assert_eq!(
        serde_json::to_value(&car).expect("serializes"),
        json!({ "kind": "Car", "seats": 4 })
    );
    let bike: Vehicle =
        serde_json::from_value(json!({ "kind": "Bike", "gears": 21 })).expect("a bike");
    assert_eq!(
        bike,
        Vehicle::Bike(Bike {
            kind: "Bike".into(),
            gears: Some(21)
        })
    );
    let cat = Pet::Cat(Cat {
        id: Some(1),
        name: "Tom".into(),
        pet_type: "cat".into(),
        status: PetBaseStatus::Sold,
        password: None,
        lives: 3,
        indoor: false,
    });
    let value = serde_json::to_value(&cat).expect("serializes");
    assert_eq!(value["petType"], "cat");
    assert_eq!(value["status"], "sold");
    let back: Pet = serde_json::from_value(value).expect("round trip");
    assert_eq!(back, cat);
}

#[test]
fn untagged_union_is_chosen_by_schema_not_by_serde_order() {
    let circle: Shape = serde_json::from_value(json!({ "radius": 2.0 })).expect("circle");
    assert!(matches!(circle, Shape::Circle(c) if c.radius == 2.0));
    let rect: Shape =
        serde_json::from_value(json!({ "width": 1, "height": 2 })).expect("rectangle");
    assert!(matches!(rect, Shape::Rectangle(r) if r.height == 2.0));
    let unit: Shape = serde_json::from_value(json!(3.5)).expect("number");
    assert_eq!(unit, Shape::Unit(3.5));
    let array: Shape = serde_json::from_value(json!([1, 2])).expect("array");
    assert_eq!(array, Shape::Array(vec![1, 2]));
    // Both objects forbid undeclared properties, so this one matches neither.
    assert!(serde_json::from_value::<Shape>(json!({ "radius": 1, "width": 2 })).is_err());
    // A radius of 0 is excluded by the schema: not a circle, and not anything else either.
    assert!(serde_json::from_value::<Shape>(json!({ "radius": 0 })).is_err());
    assert_eq!(
        serde_json::to_value(Shape::Unit(1.5)).expect("serializes"),
        json!(1.5)
    );
    assert_eq!(pointers(&schemas::Shape, &json!("round")), ["/body"]);
    assert!(pointers(&schemas::Shape, &json!({ "radius": 1 })).is_empty());
}

#[test]
fn formats_have_their_rust_types() {
    let value = json!({
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "created": "2024-02-29T12:00:00+02:00",
        "day": "2024-03-01",
        "checksum": "aGVsbG8=",
        "address": "192.168.0.1",
        "address6": "::1",
        "size": 18_000_000_000_000_000_000u64,
        "priority": 2,
        "flag": true,
        "version": "v1",
        "labels": { "a": "b" },
        "metadata": { "n": [1, 2] },
        "extra": { "note": "x", "count": 3 },
        "strict": { "only": "y" },
        "owner": null,
        "type": "t",
        "self": "s",
        "match": 1
    });
    assert_eq!(errors(&schemas::Document, &value), []);
    let document: Document = serde_json::from_value(value.clone()).expect("a document");
    assert_eq!(
        document.id.to_string(),
        "67e55044-10b1-426f-9247-bb680e5fe0c8"
    );
    assert_eq!(document.created.to_rfc3339(), "2024-02-29T10:00:00+00:00");
    assert_eq!(
        document.day.map(|d| d.to_string()).as_deref(),
        Some("2024-03-01")
    );
    assert_eq!(
        document.checksum.as_ref().map(|c| c.0.as_slice()),
        Some(&b"hello"[..])
    );
    assert_eq!(
        document.address,
        Some(std::net::Ipv4Addr::new(192, 168, 0, 1))
    );
    assert_eq!(document.size, Some(18_000_000_000_000_000_000));
    assert_eq!(document.version, Some(DocumentVersion::V1));
    assert_eq!(
        document
            .extra
            .as_ref()
            .map(|e| e.additional_properties["count"]),
        Some(3)
    );
    assert_eq!(document.type_.as_deref(), Some("t"));
    assert_eq!(document.self_.as_deref(), Some("s"));
    assert_eq!(document.match_, Some(1));
    assert_eq!(document.owner, None);
    // Serializing gives the same JSON back (formats included).
    let back = serde_json::to_value(&document).expect("serializes");
    assert_eq!(back["created"], "2024-02-29T10:00:00Z");
    assert_eq!(back["checksum"], "aGVsbG8=");
    assert_eq!(back["extra"], json!({ "note": "x", "count": 3 }));
}

#[test]
fn invalid_values_are_all_reported() {
    let value = json!({
        "id": "not-a-uuid",
        "created": "yesterday",
        "homepage": "no scheme",
        "checksum": "***",
        "priority": 4,
        "flag": false,
        "version": "v2",
        "labels": { "a": 1 },
        "extra": { "count": "three" },
        "strict": { "only": "y", "other": 1 },
        "owner": { "name": 5 }
    });
    assert_eq!(
        pointers(&schemas::Document, &value),
        [
            "/body/id",
            "/body/created",
            "/body/homepage",
            "/body/checksum",
            "/body/priority",
            "/body/flag",
            "/body/version",
            "/body/labels/a",
            "/body/extra/count",
            "/body/strict/other",
            "/body/owner/name",
        ]
    );
}

#[test]
fn recursion_is_boxed_and_round_trips() {
    let value = json!({
        "children": [ { "value": "a" }, { "children": [ { "value": "b" } ] } ],
        "first": { "value": "a" }
    });
    assert!(errors(&schemas::Folder, &value).is_empty());
    let folder: Folder = serde_json::from_value(value.clone()).expect("a tree");
    assert_eq!(folder.children.len(), 2);
    assert!(matches!(&folder.children[1], Node::Folder(inner) if inner.children.len() == 1));
    assert_eq!(serde_json::to_value(&folder).expect("serializes"), value);

    let person: Person = serde_json::from_value(json!({ "name": "a", "friend": { "name": "b" } }))
        .expect("a person");
    assert_eq!(person.friend.and_then(|f| f.name).as_deref(), Some("b"));
}

#[test]
fn all_of_merges_properties_and_requirements() {
    let merged: Merged =
        serde_json::from_value(json!({ "value": "v", "kind": "Bike", "extra": true }))
            .expect("merged");
    assert_eq!(merged.value, "v");
    assert_eq!(merged.kind, "Bike");
    assert_eq!(merged.gears, None);
    assert!(merged.extra);
    assert_eq!(
        pointers(&schemas::Merged, &json!({ "gears": "x" })),
        ["/body/value", "/body/kind", "/body/gears", "/body/extra"]
    );
    // An allOf that cannot merge stays JSON but is validated against every member.
    assert!(pointers(&schemas::Mixed, &json!({ "radius": 1, "label": "x" })).len() == 1);
    assert!(pointers(&schemas::Mixed, &json!({ "width": 1, "height": 1 })).is_empty());
    assert!(!pointers(&schemas::Mixed, &json!("text")).is_empty());
}

#[test]
fn names_that_collide_after_conversion_stay_distinct() {
    let a = AbTest {
        a: Some("x".into()),
    };
    let b = AbTest2 {
        b: Some("y".into()),
    };
    assert_eq!(serde_json::to_value(a).expect("ok"), json!({ "a": "x" }));
    assert_eq!(serde_json::to_value(b).expect("ok"), json!({ "b": "y" }));
}

fn raw_json(body: Value) -> RawRequest {
    let mut raw = RawRequest {
        body: body.to_string().into(),
        ..RawRequest::default()
    };
    raw.headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    raw
}

#[test]
fn requests_decode_unions_with_located_errors() {
    let request: ops::CreatePetRequest = decode(
        &operations::CREATE_PET,
        &raw_json(json!({ "petType": "dog", "name": "Rex", "bark": "woof" })),
    )
    .expect("a valid dog");
    assert!(matches!(
        request.body,
        Pet::Dog(Dog {
            bark: DogBark::Woof,
            ..
        })
    ));

    let problem = decode::<ops::CreatePetRequest>(
        &operations::CREATE_PET,
        &raw_json(json!({ "petType": "cat", "name": "" })),
    )
    .expect_err("an empty name");
    let body = problem.into_response().into_body().into_bytes();
    let problem: Value = serde_json::from_slice(&body).expect("problem+json");
    assert_eq!(problem["status"], 400);
    assert_eq!(problem["errors"][0]["pointer"], "/body/name");
}

#[test]
fn webhook_payloads_get_types_from_the_3_1_dialect() {
    use sls_tests::hooks::{models, schemas as hook_schemas, webhooks};
    let paid: webhooks::OrderPaid = serde_json::from_value(json!({
        "action": "paid",
        "order": { "id": 1, "total": 9.5, "coupon": null, "quantity": "2" },
        "note": null
    }))
    .expect("an order-paid payload");
    assert_eq!(paid.action, models::OrderPaidAction::Paid);
    assert_eq!(paid.order.coupon, None);
    assert_eq!(
        paid.order.quantity,
        Some(models::OrderQuantity::String("2".into()))
    );
    let shipped: webhooks::OrderShipped = serde_json::from_value(json!({
        "order": { "id": 2, "total": 1, "quantity": 3 },
        "carrier": null
    }))
    .expect("a shipment");
    assert_eq!(shipped.carrier, None);
    assert_eq!(
        shipped.order.quantity,
        Some(models::OrderQuantity::Integer(3))
    );
    let _: webhooks::Ping = models::PingPayload { zen: "ok".into() };
    // `exclusiveMinimum: 0` (3.1, numeric) and `const`.
    assert_eq!(
        pointers(
            &hook_schemas::OrderPaid,
            &json!({ "action": "refunded", "order": { "id": 0, "total": 0 } })
        ),
        ["/body/action", "/body/order/id", "/body/order/total"]
    );
}

#[test]
fn nested_inline_alternatives_are_told_apart() {
    use sls_tests::shapes::models::Prompt;
    let tokens: Prompt = serde_json::from_value(json!([[1, 2], [3]])).expect("token batches");
    assert_eq!(tokens, Prompt::Array3(vec![vec![1, 2], vec![3]]));
    let one: Prompt = serde_json::from_value(json!([1, 2])).expect("tokens");
    assert_eq!(one, Prompt::Array2(vec![1, 2]));
    assert!(serde_json::from_value::<Prompt>(json!([[]])).is_err());
    assert!(serde_json::from_value::<Prompt>(json!([])).is_ok());
}

#[test]
fn properties_next_to_one_of_are_in_every_alternative() {
    use sls_tests::shapes::models::{Notification, NotificationSmsChannel};
    let sms: Notification =
        serde_json::from_value(json!({ "id": "n1", "channel": "sms", "number": "+123" }))
            .expect("an sms");
    let Notification::Sms(sms) = sms else {
        panic!("expected an sms");
    };
    assert_eq!(
        (sms.id.as_str(), sms.channel),
        ("n1", NotificationSmsChannel::Sms)
    );
    // The shared `id` is required in each alternative, with the alternative's own rules.
    assert_eq!(
        pointers(
            &schemas::Notification,
            &json!({ "channel": "sms", "number": "123" })
        ),
        ["/body/id", "/body/number"]
    );
    assert_eq!(
        pointers(
            &schemas::Notification,
            &json!({ "id": "n2", "channel": "email" })
        ),
        ["/body/address"]
    );
}
