//! End-to-end test of the Petstore: starts the real `petstore` binary on a free port with a fresh
//! SQLite database, drives all 19 operations of `specs/petstore.yaml` over real HTTP (plus the
//! framework's answers to bad requests), then stops it with SIGTERM and checks that it exits
//! cleanly.
//!
//! One `#[test]` owns the server; each area is a section run in order. A failing section does not
//! stop the others (nor the shutdown check): every failure is listed at the end.

mod support;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use serde_json::{json, Value};
use support::{Response, Server};

/// A named part of the test, run against the shared server.
type Section = (&'static str, fn(&Server));

#[test]
fn petstore_over_http() {
    let started = Instant::now();
    let server = Server::start(env!("CARGO_BIN_EXE_petstore"));
    assert!(server.port() > 0);

    let sections: [Section; 5] = [
        ("pets", pets),
        ("store", store),
        ("users", users),
        ("bad inputs", bad_inputs),
        ("still serving", still_serving),
    ];
    let mut failures = Vec::new();
    for (name, section) in sections {
        if let Err(panic) = catch_unwind(AssertUnwindSafe(|| section(&server))) {
            let message = panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_else(|| "(no message)".to_owned());
            failures.push(format!("section `{name}` failed: {message}"));
        }
    }

    let sent = server.requests_sent();
    let stopped = server.shutdown();
    let log = stopped.log.join("\n");
    assert!(
        stopped.status.success(),
        "SIGTERM must stop the server gracefully, with success; it exited with {}; stdout:\n{log}",
        stopped.status
    );
    assert!(
        log.contains("shutting down"),
        "the server logs its graceful shutdown; stdout:\n{log}"
    );
    assert!(
        failures.is_empty(),
        "{} section(s) failed:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    let logged = stopped
        .log
        .iter()
        .filter(|line| line.contains(" request status="))
        .count();
    assert_eq!(
        logged, sent,
        "one log line per request: {sent} requests sent; stdout:\n{log}"
    );
    eprintln!(
        "petstore over HTTP: {sent} requests, server exited {:?} after SIGTERM, {:?} in all",
        stopped.elapsed,
        started.elapsed()
    );
}

// ---------------------------------------------------------------------------------------------
// Assertion helpers

/// A 2xx/4xx answer with an `application/json` body.
fn expect_json(r: &Response, status: u16) -> Value {
    assert_eq!(r.status, status, "unexpected status:{r}");
    assert_eq!(r.header("content-type"), Some("application/json"), "{r}");
    r.json()
}

/// An answer the spec declares without content: no body, no content type.
fn expect_empty(r: &Response, status: u16) {
    assert_eq!(r.status, status, "unexpected status:{r}");
    assert!(r.body.is_empty(), "expected no body:{r}");
    assert_eq!(r.header("content-type"), None, "{r}");
}

/// An RFC 9457 problem with `status`; returns its body.
fn expect_problem(r: &Response, status: u16) -> Value {
    assert_eq!(r.status, status, "unexpected status:{r}");
    assert_eq!(
        r.header("content-type"),
        Some("application/problem+json"),
        "{r}"
    );
    let problem = r.json();
    assert_eq!(problem["status"], json!(status), "{r}");
    assert_eq!(problem["type"], json!("about:blank"), "{r}");
    assert!(
        problem["title"].as_str().is_some_and(|t| !t.is_empty()),
        "a problem has a title:{r}"
    );
    problem
}

/// A 400 problem whose `errors` name exactly these JSON pointers (in any order), each with a
/// detail.
fn expect_invalid(r: &Response, pointers: &[&str]) -> Value {
    let problem = expect_problem(r, 400);
    let errors = problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("a 400 problem lists `errors`:{r}"));
    let mut found: Vec<&str> = errors
        .iter()
        .map(|e| {
            assert!(
                e["detail"].as_str().is_some_and(|d| !d.is_empty()),
                "every error has a detail:{r}"
            );
            e["pointer"]
                .as_str()
                .unwrap_or_else(|| panic!("every error has a pointer:{r}"))
        })
        .collect();
    found.sort_unstable();
    let mut wanted = pointers.to_vec();
    wanted.sort_unstable();
    assert_eq!(found, wanted, "pointers of the errors:{r}");
    problem
}

/// The body does not repeat the raw input.
fn assert_not_echoed(r: &Response, raw: &str) {
    assert!(
        !r.text().contains(raw),
        "the answer echoes the raw input `{raw}`:{r}"
    );
}

/// `value` with `"id": id` set.
fn with_id(value: &Value, id: i64) -> Value {
    let mut value = value.clone();
    value["id"] = json!(id);
    value
}

/// The `id` of a JSON object, which must be an integer.
fn id_of(value: &Value, r: &Response) -> i64 {
    value["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("the answer carries an integer `id`:{r}"))
}

/// A list of JSON objects in ascending `id` order (the order the finders answer in).
fn by_id(mut items: Vec<Value>) -> Value {
    items.sort_by_key(|item| item["id"].as_i64());
    Value::Array(items)
}

// ---------------------------------------------------------------------------------------------
// Pets

fn pets(server: &Server) {
    // addPet with an automatic id.
    let rex = json!({
        "name": "Rex",
        "category": {"id": 1, "name": "Dogs"},
        "photoUrls": ["https://img.example/rex.png"],
        "tags": [{"id": 1, "name": "good"}, {"id": 2, "name": "loud"}],
        "status": "available"
    });
    let r = server.post_json("/pet", &rex);
    let created = expect_json(&r, 200);
    let rex_id = id_of(&created, &r);
    let rex = with_id(&rex, rex_id);
    assert_eq!(created, rex, "addPet answers the pet with its new id:{r}");

    // getPetById.
    let r = server.get(&format!("/pet/{rex_id}"));
    assert_eq!(expect_json(&r, 200), rex, "{r}");
    let r = server.get("/pet/999999");
    expect_empty(&r, 404);

    // addPet with an explicit id (and a content type with parameters).
    let mittens = json!({
        "id": 100, "name": "Mittens", "photoUrls": [], "tags": [{"name": "cute"}], "status": "pending"
    });
    let r = server
        .request("POST", "/pet")
        .header("Content-Type", "application/json; charset=utf-8")
        .body(mittens.to_string())
        .send();
    assert_eq!(expect_json(&r, 200), mittens, "{r}");

    // A second pet with the same id: 409, and the first one is untouched.
    let r = server.post_json(
        "/pet",
        &json!({"id": 100, "name": "Impostor", "photoUrls": []}),
    );
    let problem = expect_problem(&r, 409);
    assert_eq!(problem["title"], json!("Conflict"), "{r}");
    let r = server.get("/pet/100");
    assert_eq!(
        expect_json(&r, 200),
        mittens,
        "a conflict changes nothing:{r}"
    );

    let goldie = json!({
        "id": 101, "name": "Goldie", "photoUrls": [], "tags": [{"name": "fish"}], "status": "sold"
    });
    let r = server.post_json("/pet", &goldie);
    assert_eq!(expect_json(&r, 200), goldie, "{r}");
    let ghost = json!({"id": 102, "name": "Ghost", "photoUrls": []});
    let r = server.post_json("/pet", &ghost);
    assert_eq!(expect_json(&r, 200), ghost, "{r}");

    // An automatic id after explicit ones is a free one.
    let buddy = json!({
        "name": "Buddy", "photoUrls": [], "tags": [{"name": "loud"}], "status": "available"
    });
    let r = server.post_json("/pet", &buddy);
    let created = expect_json(&r, 200);
    let buddy_id = id_of(&created, &r);
    assert!(
        ![rex_id, 100, 101, 102].contains(&buddy_id),
        "the automatic id {buddy_id} is already taken:{r}"
    );
    let buddy = with_id(&buddy, buddy_id);
    assert_eq!(created, buddy, "{r}");
    let r = server.get(&format!("/pet/{buddy_id}"));
    assert_eq!(expect_json(&r, 200), buddy, "{r}");

    // findPetsByStatus: the default is `available`.
    let r = server.get("/pet/findByStatus");
    let available = by_id(vec![rex.clone(), buddy.clone()]);
    assert_eq!(expect_json(&r, 200), available, "{r}");
    let r = server.get("/pet/findByStatus?status=available");
    assert_eq!(expect_json(&r, 200), available, "{r}");
    let r = server.get("/pet/findByStatus?status=pending");
    assert_eq!(expect_json(&r, 200), json!([mittens]), "{r}");
    let r = server.get("/pet/findByStatus?status=sold");
    assert_eq!(expect_json(&r, 200), json!([goldie]), "{r}");
    let r = server.get("/pet/findByStatus?status=BOGUS-7f3a");
    expect_invalid(&r, &["/query/status"]);
    assert_not_echoed(&r, "BOGUS-7f3a");

    // findPetsByTags: repeated `tags`, any of them matches, each pet once.
    let r = server.get("/pet/findByTags?tags=loud");
    assert_eq!(expect_json(&r, 200), available, "{r}");
    let r = server.get("/pet/findByTags?tags=cute&tags=fish");
    assert_eq!(
        expect_json(&r, 200),
        by_id(vec![mittens.clone(), goldie.clone()]),
        "{r}"
    );
    let r = server.get("/pet/findByTags?tags=good&tags=loud");
    assert_eq!(expect_json(&r, 200), available, "{r}");
    let r = server.get("/pet/findByTags?tags=nobody-has-this");
    assert_eq!(expect_json(&r, 200), json!([]), "{r}");
    let r = server.get("/pet/findByTags");
    assert_eq!(expect_json(&r, 200), json!([]), "{r}");

    // updatePet replaces the pet.
    let mittens = json!({
        "id": 100, "name": "Mittens II", "photoUrls": ["https://img.example/m2.png"], "status": "available"
    });
    let r = server.put_json("/pet", &mittens);
    assert_eq!(expect_json(&r, 200), mittens, "{r}");
    let r = server.get("/pet/100");
    assert_eq!(expect_json(&r, 200), mittens, "{r}");
    let r = server.put_json(
        "/pet",
        &json!({"id": 424242, "name": "Nobody", "photoUrls": []}),
    );
    expect_empty(&r, 404);
    let r = server.get("/pet/424242");
    expect_empty(&r, 404);
    let r = server.put_json("/pet", &json!({"name": "No id", "photoUrls": []}));
    expect_empty(&r, 400);
    let r = server.get("/pet/findByStatus");
    assert_eq!(
        expect_json(&r, 200),
        by_id(vec![rex.clone(), mittens.clone(), buddy.clone()]),
        "{r}"
    );
    let r = server.get("/pet/findByStatus?status=pending");
    assert_eq!(expect_json(&r, 200), json!([]), "{r}");

    // updatePetWithForm: name and status from the query (`%20` and `+` are spaces).
    let r = server
        .request("POST", "/pet/101?name=Goldie%20the+Second&status=pending")
        .send();
    let mut goldie = goldie;
    goldie["name"] = json!("Goldie the Second");
    goldie["status"] = json!("pending");
    assert_eq!(expect_json(&r, 200), goldie, "{r}");
    let r = server.get("/pet/101");
    assert_eq!(expect_json(&r, 200), goldie, "{r}");
    let r = server.request("POST", "/pet/101").send();
    assert_eq!(expect_json(&r, 200), goldie, "no parameters, no change:{r}");
    let r = server
        .request("POST", "/pet/101?name=Renamed&status=hungry")
        .send();
    expect_empty(&r, 400);
    let r = server.get("/pet/101");
    assert_eq!(
        expect_json(&r, 200),
        goldie,
        "a refused update changes nothing:{r}"
    );
    let r = server.request("POST", "/pet/999999?name=Nobody").send();
    expect_empty(&r, 404);

    // uploadFile: raw bytes (not UTF-8), with and without metadata.
    let image: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 256) as u8).collect();
    assert!(std::str::from_utf8(&image).is_err());
    let upload = |target: &str, content_type: &str, body: &[u8]| {
        server
            .request("POST", target)
            .header("Content-Type", content_type)
            .body(body)
            .send()
    };
    let r = upload(
        &format!("/pet/{rex_id}/uploadImage"),
        "application/octet-stream",
        &image,
    );
    assert_eq!(
        expect_json(&r, 200),
        json!({"code": 200, "type": "image", "message": "stored 1000 bytes"}),
        "{r}"
    );
    let r = upload(
        &format!("/pet/{rex_id}/uploadImage?additionalMetadata=front%20view"),
        "application/octet-stream",
        &image[..10],
    );
    assert_eq!(
        expect_json(&r, 200),
        json!({"code": 200, "type": "image", "message": "stored 10 bytes (front view)"}),
        "{r}"
    );
    let r = upload(
        "/pet/999999/uploadImage",
        "application/octet-stream",
        &image,
    );
    expect_empty(&r, 404);
    let r = upload(
        &format!("/pet/{rex_id}/uploadImage"),
        "text/plain",
        b"not an image",
    );
    let problem = expect_problem(&r, 415);
    assert!(
        problem["detail"]
            .as_str()
            .is_some_and(|d| d.contains("application/octet-stream")),
        "the 415 names the accepted media type:{r}"
    );
    // The image is not part of the pet's document.
    let r = server.get(&format!("/pet/{rex_id}"));
    assert_eq!(expect_json(&r, 200), rex, "{r}");

    // deletePet, with the optional `api_key` header.
    let r = server
        .request("DELETE", "/pet/102")
        .header("api_key", "special-key")
        .send();
    expect_empty(&r, 200);
    let r = server.get("/pet/102");
    expect_empty(&r, 404);
    let r = server
        .request("DELETE", "/pet/102")
        .header("api_key", "special-key")
        .send();
    expect_empty(&r, 404);
    let r = server.delete("/pet/999999");
    expect_empty(&r, 404);
}

// ---------------------------------------------------------------------------------------------
// Store

fn inventory(server: &Server) -> Value {
    let r = server.get("/store/inventory");
    let inventory = expect_json(&r, 200);
    let counts = inventory
        .as_object()
        .unwrap_or_else(|| panic!("the inventory is an object:{r}"));
    for (status, count) in counts {
        assert!(
            ["available", "pending", "sold"].contains(&status.as_str()),
            "the inventory counts only pet statuses:{r}"
        );
        assert!(
            count.as_u64().is_some_and(|c| c > 0),
            "counts are positive integers:{r}"
        );
    }
    inventory
}

fn store(server: &Server) {
    // getInventory counts the pets by status; pets without one are not counted.
    let before = inventory(server);
    for pet in [
        json!({"id": 200, "name": "Sid", "photoUrls": [], "status": "sold"}),
        json!({"id": 201, "name": "Nancy", "photoUrls": [], "status": "sold"}),
        json!({"id": 202, "name": "Pip", "photoUrls": [], "status": "pending"}),
        json!({"id": 203, "name": "Nobody", "photoUrls": []}),
    ] {
        let r = server.post_json("/pet", &pet);
        assert_eq!(expect_json(&r, 200), pet, "{r}");
    }
    let mut expected = before.clone();
    for (status, added) in [("sold", 2), ("pending", 1)] {
        let count = before[status].as_i64().unwrap_or(0);
        expected[status] = json!(count + added);
    }
    assert_eq!(inventory(server), expected, "inventory before: {before}");

    // placeOrder with an automatic id, then getOrderById.
    let order = json!({
        "petId": 200, "quantity": 2, "shipDate": "2024-05-01T10:00:00Z", "status": "placed", "complete": false
    });
    let r = server.post_json("/store/order", &order);
    let placed = expect_json(&r, 200);
    let order_id = id_of(&placed, &r);
    let order = with_id(&order, order_id);
    assert_eq!(placed, order, "{r}");
    let r = server.get(&format!("/store/order/{order_id}"));
    assert_eq!(expect_json(&r, 200), order, "{r}");

    // placeOrder with an explicit id.
    let second =
        json!({"id": 5000, "petId": 201, "quantity": 1, "status": "approved", "complete": true});
    let r = server.post_json("/store/order", &second);
    assert_eq!(expect_json(&r, 200), second, "{r}");
    let r = server.get("/store/order/5000");
    assert_eq!(expect_json(&r, 200), second, "{r}");

    // An order for a pet that does not exist; an order without a body.
    let r = server.post_json("/store/order", &json!({"petId": 987654, "quantity": 1}));
    expect_empty(&r, 404);
    let r = server.request("POST", "/store/order").send();
    expect_empty(&r, 400);

    // getOrderById / deleteOrder.
    let r = server.get("/store/order/777777");
    expect_empty(&r, 404);
    let r = server.delete(&format!("/store/order/{order_id}"));
    expect_empty(&r, 200);
    let r = server.get(&format!("/store/order/{order_id}"));
    expect_empty(&r, 404);
    let r = server.delete(&format!("/store/order/{order_id}"));
    expect_empty(&r, 404);
    let r = server.get("/store/order/5000");
    assert_eq!(
        expect_json(&r, 200),
        second,
        "the other order is still there:{r}"
    );

    // A taken order id is a client error: 409 Conflict, as addPet answers, never a 500.
    let r = server.post_json(
        "/store/order",
        &json!({"id": 5000, "petId": 200, "quantity": 3}),
    );
    assert_eq!(r.status, 409, "a taken order id is a conflict:{r}");
    assert_eq!(
        r.header("content-type"),
        Some("application/problem+json"),
        "{r}"
    );
    let r = server.get("/store/order/5000");
    assert_eq!(
        expect_json(&r, 200),
        second,
        "a refused order changes nothing:{r}"
    );
}

// ---------------------------------------------------------------------------------------------
// Users

fn users(server: &Server) {
    // createUser answers the user with its id; getUserByName finds it.
    let alice = json!({
        "username": "alice", "firstName": "Alice", "lastName": "Liddell", "email": "alice@example.com",
        "password": "wonderland", "phone": "555-0100", "userStatus": 1
    });
    let r = server.post_json("/user", &alice);
    let created = expect_json(&r, 200);
    let alice_id = id_of(&created, &r);
    let alice = with_id(&alice, alice_id);
    assert_eq!(created, alice, "{r}");
    let r = server.get("/user/alice");
    assert_eq!(expect_json(&r, 200), alice, "{r}");
    let r = server.get("/user/nobody");
    expect_empty(&r, 404);

    // A taken username: 409, and the first user is untouched.
    let r = server.post_json("/user", &json!({"username": "alice", "password": "other"}));
    expect_empty(&r, 409);
    let r = server.get("/user/alice");
    assert_eq!(expect_json(&r, 200), alice, "{r}");
    // No body at all: the handler's 400 problem.
    let r = server.request("POST", "/user").send();
    expect_problem(&r, 400);

    // createUsersWithListInput answers the last user; all of them exist afterwards.
    let bob = json!({"username": "bob", "email": "bob@example.com", "password": "builder"});
    let carol = json!({"username": "carol.smith-2", "firstName": "Carol", "password": "c4r0l"});
    let r = server.post_json("/user/createWithList", &json!([bob, carol]));
    let mut last = expect_json(&r, 200);
    // Users created from a list are stored without their id (unlike createUser); accept either.
    if let Some(id) = last.as_object_mut().and_then(|user| user.remove("id")) {
        assert!(id.is_i64(), "an id is an integer:{r}");
    }
    assert_eq!(last, carol, "the last user of the list:{r}");
    for (path, user) in [
        ("/user/bob", &bob),
        ("/user/carol.smith-2", &carol),
        ("/user/carol%2Esmith-2", &carol),
    ] {
        let r = server.get(path);
        let mut found = expect_json(&r, 200);
        if let Some(user) = found.as_object_mut() {
            user.remove("id");
        }
        assert_eq!(&found, user, "{r}");
    }
    // All or none: a taken username (or the same one twice) creates nobody.
    let r = server.post_json(
        "/user/createWithList",
        &json!([{"username": "dave"}, {"username": "alice"}]),
    );
    expect_empty(&r, 409);
    let r = server.get("/user/dave");
    expect_empty(&r, 404);
    let r = server.post_json(
        "/user/createWithList",
        &json!([{"username": "erin"}, {"username": "erin"}]),
    );
    expect_empty(&r, 409);
    let r = server.get("/user/erin");
    expect_empty(&r, 404);
    let r = server.post_json("/user/createWithList", &json!([]));
    expect_problem(&r, 400);

    // loginUser: a fresh 32-hex-digit token per login; wrong credentials are a 400.
    let login = |query: &str| server.get(&format!("/user/login?{query}"));
    let mut tokens = Vec::new();
    for _ in 0..2 {
        let r = login("username=alice&password=wonderland");
        let token = expect_json(&r, 200);
        let token = token
            .as_str()
            .unwrap_or_else(|| panic!("the token is a JSON string:{r}"))
            .to_owned();
        assert!(
            token.len() == 32 && token.chars().all(|c| c.is_ascii_hexdigit()),
            "the token is 32 hex digits:{r}"
        );
        tokens.push(token);
    }
    assert_ne!(tokens[0], tokens[1], "each login opens a new session");
    for query in [
        "username=alice&password=WRONG",
        "username=nobody&password=wonderland",
        "username=alice",
        "",
    ] {
        let r = login(query);
        expect_empty(&r, 400);
    }
    let r = login("username=carol.smith-2&password=c4r0l");
    expect_json(&r, 200);

    // logoutUser.
    let r = server.get("/user/logout");
    expect_empty(&r, 200);

    // updateUser replaces the user; the path's username and the stored id win.
    let r = server.put_json(
        "/user/alice",
        &json!({
            "id": 999, "username": "ignored", "firstName": "Alicia", "email": "alicia@example.com",
            "password": "looking-glass"
        }),
    );
    expect_empty(&r, 200);
    let r = server.get("/user/alice");
    assert_eq!(
        expect_json(&r, 200),
        json!({
            "id": alice_id, "username": "alice", "firstName": "Alicia", "email": "alicia@example.com",
            "password": "looking-glass"
        }),
        "{r}"
    );
    let r = server.get("/user/ignored");
    expect_empty(&r, 404);
    let r = login("username=alice&password=wonderland");
    expect_empty(&r, 400);
    let r = login("username=alice&password=looking-glass");
    expect_json(&r, 200);
    let r = server.put_json("/user/nobody", &json!({"username": "nobody"}));
    expect_empty(&r, 404);
    let r = server.get("/user/nobody");
    expect_empty(&r, 404);

    // deleteUser.
    let r = server.delete("/user/alice");
    expect_empty(&r, 200);
    let r = server.get("/user/alice");
    expect_empty(&r, 404);
    let r = server.delete("/user/alice");
    expect_empty(&r, 404);
    let r = login("username=alice&password=looking-glass");
    expect_empty(&r, 400);
    let r = server.get("/user/bob");
    expect_json(&r, 200);
}

// ---------------------------------------------------------------------------------------------
// Bad inputs: the framework answers them before any handler runs.

fn bad_inputs(server: &Server) {
    // A string where the body wants an integer.
    let r = server.post_json(
        "/pet",
        &json!({"id": "NOT-AN-ID-7f3a", "name": "Typo", "photoUrls": []}),
    );
    expect_invalid(&r, &["/body/id"]);
    assert_not_echoed(&r, "NOT-AN-ID-7f3a");
    let r = server.post_json(
        "/store/order",
        &json!({"petId": 200, "quantity": "two-7f3a"}),
    );
    expect_invalid(&r, &["/body/quantity"]);
    assert_not_echoed(&r, "two-7f3a");

    // Both missing required fields, in one answer.
    let r = server.post_json("/pet", &json!({"status": "available"}));
    expect_invalid(&r, &["/body/name", "/body/photoUrls"]);

    // Nested pointers, and several violations at once.
    let r = server.post_json(
        "/pet",
        &json!({"name": "", "photoUrls": "x-7f3a", "tags": [{"name": "ok"}, {"name": 5}], "status": "lost-7f3a"}),
    );
    expect_invalid(
        &r,
        &[
            "/body/name",
            "/body/photoUrls",
            "/body/tags/1/name",
            "/body/status",
        ],
    );
    assert_not_echoed(&r, "x-7f3a");
    assert_not_echoed(&r, "lost-7f3a");
    let r = server.post_json(
        "/store/order",
        &json!({"petId": 200, "quantity": 0, "shipDate": "yesterday-7f3a"}),
    );
    expect_invalid(&r, &["/body/quantity", "/body/shipDate"]);
    assert_not_echoed(&r, "yesterday-7f3a");

    // Path parameters that are not integers.
    let r = server.get("/pet/NaN-7f3a");
    expect_invalid(&r, &["/path/petId"]);
    assert_not_echoed(&r, "NaN-7f3a");
    let r = server.get("/pet/99999999999999999999");
    expect_invalid(&r, &["/path/petId"]);
    let r = server.delete("/store/order/1.5");
    expect_invalid(&r, &["/path/orderId"]);

    // Unknown routes.
    for path in [
        "/no/such/route",
        "/pet/1/uploadImage/extra",
        "/api/v3/pet/1",
    ] {
        let r = server.get(path);
        let problem = expect_problem(&r, 404);
        assert_eq!(problem["title"], json!("Not Found"), "{r}");
    }

    // Wrong methods: 405 with the allowed ones.
    for (method, path, allowed) in [
        ("PATCH", "/pet/1", vec!["DELETE", "GET", "POST"]),
        ("DELETE", "/pet", vec!["POST", "PUT"]),
        ("PUT", "/store/order/1", vec!["DELETE", "GET"]),
        ("POST", "/user/login", vec!["GET"]),
    ] {
        let r = server.request(method, path).send();
        expect_problem(&r, 405);
        let allow = r
            .header("allow")
            .unwrap_or_else(|| panic!("a 405 carries `Allow`:{r}"));
        let mut listed: Vec<&str> = allow.split(',').map(str::trim).collect();
        listed.sort_unstable();
        assert_eq!(listed, allowed, "the Allow header:{r}");
    }

    // Malformed JSON.
    let r = server
        .request("POST", "/pet")
        .header("Content-Type", "application/json")
        .body(r#"{"name": "BROKEN-7f3a", "photoUrls": ["#)
        .send();
    expect_invalid(&r, &["/body"]);
    assert_not_echoed(&r, "BROKEN-7f3a");
    let r = server
        .request("POST", "/user")
        .header("Content-Type", "application/json")
        .body("username=TEXT-7f3a")
        .send();
    expect_invalid(&r, &["/body"]);
    assert_not_echoed(&r, "TEXT-7f3a");

    // A JSON body sent as something else.
    let r = server
        .request("POST", "/pet")
        .header("Content-Type", "text/plain")
        .body(json!({"name": "Plain", "photoUrls": []}).to_string())
        .send();
    expect_problem(&r, 415);

    // Bodies over the limit (6 MiB): announced by Content-Length, or discovered while reading a
    // chunked body. A body of exactly the limit is accepted.
    const LIMIT: usize = 6 * 1024 * 1024;
    let pet = json!({"id": 300, "name": "Big", "photoUrls": []});
    let r = server.post_json("/pet", &pet);
    assert_eq!(expect_json(&r, 200), pet, "{r}");
    let upload = |body: Vec<u8>, chunked: bool| {
        let request = server
            .request("POST", "/pet/300/uploadImage")
            .header("Content-Type", "application/octet-stream")
            .body(body);
        if chunked {
            request.chunked().send()
        } else {
            request.send()
        }
    };
    let r = upload(vec![b'x'; LIMIT + 1], false);
    let problem = expect_problem(&r, 413);
    assert_eq!(problem["title"], json!("Payload Too Large"), "{r}");
    let r = upload(vec![b'x'; LIMIT + 1], true);
    expect_problem(&r, 413);
    let r = upload(vec![b'x'; LIMIT], false);
    assert_eq!(
        expect_json(&r, 200),
        json!({"code": 200, "type": "image", "message": format!("stored {LIMIT} bytes")}),
        "{r}"
    );

    // Users: the username's `pattern`, the e-mail `format`, an int32 out of range, in a list.
    let r = server.post_json("/user", &json!({"username": "bad user!7f3a"}));
    expect_invalid(&r, &["/body/username"]);
    assert_not_echoed(&r, "bad user!7f3a");
    let r = server.post_json(
        "/user",
        &json!({"username": "frank", "email": "frank-at-7f3a.example"}),
    );
    expect_invalid(&r, &["/body/email"]);
    assert_not_echoed(&r, "frank-at-7f3a.example");
    let r = server.post_json(
        "/user",
        &json!({"username": "frank", "userStatus": 3_000_000_000_i64}),
    );
    expect_invalid(&r, &["/body/userStatus"]);
    let r = server.post_json(
        "/user/createWithList",
        &json!([{"username": "frank"}, {"username": "grace", "email": "@7f3a"}, {"email": "x@y.z"}]),
    );
    expect_invalid(&r, &["/body/1/email", "/body/2/username"]);
    assert_not_echoed(&r, "@7f3a");
    let r = server.put_json("/user/bob", &json!({"username": "b".repeat(65)}));
    expect_invalid(&r, &["/body/username"]);
    // None of these reached a handler: nobody was created, bob is unchanged.
    for path in ["/user/frank", "/user/grace"] {
        let r = server.get(path);
        expect_empty(&r, 404);
    }
    let r = server.get("/user/bob");
    assert_eq!(
        expect_json(&r, 200)["email"],
        json!("bob@example.com"),
        "{r}"
    );
}

// ---------------------------------------------------------------------------------------------
// After all of that, the server still answers.

fn still_serving(server: &Server) {
    let r = server.get("/pet/findByStatus?status=sold");
    assert!(expect_json(&r, 200).is_array(), "{r}");
    let r = server.get("/store/inventory");
    assert!(expect_json(&r, 200).is_object(), "{r}");
}
