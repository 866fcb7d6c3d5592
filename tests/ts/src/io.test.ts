// Every parameter style and body kind of specs/io.yaml sent through the generated client to a
// local server whose handlers echo what they decoded (tests/src/bin/io-echo.rs): what arrives is
// what was sent, so the client serializes each style exactly as the runtime reads it.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { createClient, ApiError, type Client, type ServerSentEvent } from "../gen/io.js";
import { startServer, type Server } from "./server.js";

let server: Server;
let api: Client;

before(async () => {
  const binary = process.env["IO_ECHO_BIN"];
  if (!binary) throw new Error("set IO_ECHO_BIN to the io-echo binary (tests/ts/run.sh does)");
  server = await startServer(binary);
  api = createClient({ baseUrl: server.baseUrl });
});

after(async () => {
  assert.equal(await server.stop(), 0);
});

/** The echo of a 200 outcome. */
function echo(result: { status: number; data: unknown }): unknown {
  assert.equal(result.status, 200, JSON.stringify(result));
  return result.data;
}

test("path parameters: simple, label and matrix, exploded or not", async () => {
  const color = { R: 1, G: 2, B: 3 };
  const shade = { R: 40, G: 50 };
  assert.deepEqual(echo(await api.pathSimple({ id: 7, ids: [1, 2, 3], color, shade })), {
    id: 7,
    ids: [1, 2, 3],
    color,
    shade,
  });
  const label = { id: "a b.c", ids: [1, 2], idsx: [3, 4], color, shade };
  assert.deepEqual(echo(await api.pathLabel(label)), label);
  const matrix = { id: true, ids: [5, 6], idsx: [7, 8], color, shade };
  assert.deepEqual(echo(await api.pathMatrix(matrix)), matrix);
  // A shape no path style carries travels as JSON text.
  const lines = [{ price: "p/1", quantity: 2 }];
  assert.deepEqual(echo(await api.jsonText({ lines, "X-Cwes": ["79", "22"] })), { lines, cwes: ["79", "22"] });
  assert.deepEqual(echo(await api.jsonText({ lines: [], "X-Cwes": "79,22" })), { lines: [], cwes: "79,22" });
  assert.deepEqual(echo(await api.getThing({ id: 42 })), { id: 42 });
});

test("query parameters: form, delimited, deepObject, brackets, JSON content, free-form", async () => {
  const form = {
    limit: 5,
    tags: ["a", "b c", "d&e"],
    ids: [1, 2],
    color: { R: 1, G: 2, B: 3 },
    shade: { R: 9 },
    q: "x+y/z?&=#",
    flag: true,
    old: "ö",
  };
  assert.deepEqual(echo(await api.queryForm(form)), form);
  assert.deepEqual(echo(await api.queryForm()), {
    limit: 20,
    tags: null,
    ids: null,
    color: null,
    shade: null,
    q: null,
    flag: null,
    old: null,
  });
  const delimited = { space: [1, 2, 3], pipe: ["a", "b,c"], spaceColor: { R: 1, G: 2 }, pipeColor: { B: 3 } };
  assert.deepEqual(echo(await api.queryDelimited(delimited)), delimited);
  const filter = { name: "n [x]", min: 1, tags: ["a", "b"] };
  assert.deepEqual(echo(await api.queryDeep({ filter })), { filter });
  const brackets = {
    created: { gt: 1, lte: 5 },
    expand: ["customer", "invoice.lines"],
    cwes: ["79", "22"],
    lines: [
      { price: "p", quantity: 2 },
      { quantity: 1, price_data: { currency: "usd", unit_amount: 5, recurring: { interval: "month" as const } } },
    ],
    filter: { status: "open" as const, customer: { email: "a@b.example" } },
  };
  assert.deepEqual(echo(await api.queryBrackets(brackets)), brackets);
  // Unions chosen by the shape that arrives: an integer, a string.
  assert.deepEqual(echo(await api.queryBrackets({ created: 5, cwes: "79" })), {
    created: 5,
    expand: null,
    cwes: "79",
    lines: null,
    filter: null,
  });
  const coords = { lat: -45.5, long: 170.25 };
  assert.deepEqual(echo(await api.queryContent({ coords })), { coords });
  assert.deepEqual(echo(await api.queryFree({ page: 2, counts: { apples: 3, "pears & plums": 4 } })), {
    page: 2,
    counts: { apples: 3, "pears & plums": 4 },
  });
});

test("header and cookie parameters", async () => {
  const sent = {
    "X-Trace": "trace-1",
    "X-Ids": [1, 2, 3],
    "X-Color": { R: 1, G: 2 },
    "X-Shade": { B: 3 },
    "X-Meta": { level: 4 },
  };
  assert.deepEqual(echo(await api.headers(sent)), {
    trace: "trace-1",
    ids: [1, 2, 3],
    color: { R: 1, G: 2 },
    shade: { B: 3 },
    meta: { level: 4 },
  });
  const cookies = { session: "s 1;x", prefs: ["a", "b"], ids: [1, 2], theme: { R: 1, G: 2 }, shade: { B: 3, G: 4 } };
  assert.deepEqual(echo(await api.cookies(cookies)), cookies);
  // A missing required header is the server's 400, naming it: an ApiError.
  await assert.rejects(
    api.headers({} as never),
    (error: unknown) =>
      error instanceof ApiError &&
      error.status === 400 &&
      error.problem?.errors?.some((e) => e.pointer === "/header/X-Trace") === true,
  );
});

test("bodies: JSON, shared media types, forms, multipart, binary, text, mixed", async () => {
  const pet = { name: "Rex", tag: "dog" };
  assert.deepEqual(echo(await api.jsonBody({ body: pet })), { pet });
  assert.deepEqual(echo(await api.jsonBody({ body: pet, contentType: "application/vnd.pets+json" })), { pet });

  const profile = { name: "Ann", age: 30, tags: ["x", "y"], meta: { level: 2 } };
  for (const contentType of ["application/json", "application/x-www-form-urlencoded", "multipart/form-data"] as const) {
    assert.deepEqual(echo(await api.sharedBody({ body: profile, contentType })), { profile }, contentType);
  }

  const form = { name: "Bo", age: 4, tags: ["a", "b"], ids: [1, 2, 3], meta: { level: 1 }, filter: { R: 1, G: 2 } };
  assert.deepEqual(echo(await api.formBody({ body: form })), { form });
  const stripe = {
    customer: "cus_1",
    expand: ["a", "b"],
    metadata: { plan: "pro", "team size": "5" },
    line_items: [{ price: "p1", quantity: 2 }, { price_data: { currency: "eur", unit_amount: 100 } }],
    address: { city: "Paris", postal_code: "75001" },
    shipping: { name: "Ann", address: { city: "Lyon" } },
  };
  assert.deepEqual(echo(await api.stripeBody({ body: stripe })), { form: stripe });
  assert.deepEqual(echo(await api.stripeBody({ body: { customer: "c", metadata: "", address: "" } })), {
    form: { customer: "c", metadata: "", address: "" },
  });

  const upload = await api.upload({
    body: {
      title: "Holiday",
      count: 2,
      tags: ["sea", "sun"],
      meta: { level: 3 },
      file: new File(["hello"], "hello.txt", { type: "text/plain" }),
      avatar: new File([new Uint8Array([137, 80, 78, 71])], "me.png", { type: "image/png" }),
      attachments: [new Blob(["one"]), new File(["two"], "two.txt")],
    },
  });
  const uploaded = echo(upload) as Record<string, unknown>;
  assert.equal(uploaded["title"], "Holiday");
  assert.equal(uploaded["count"], 2);
  assert.deepEqual(uploaded["tags"], ["sea", "sun"]);
  assert.deepEqual(uploaded["meta"], { level: 3 });
  assert.deepEqual(uploaded["file"], { name: "hello.txt", type: "text/plain", text: "hello" });
  assert.deepEqual((uploaded["avatar"] as Record<string, unknown>)["type"], "image/png");
  assert.deepEqual(
    (uploaded["attachments"] as { text: string }[]).map((a) => a.text),
    ["one", "two"],
  );

  const bytes = new Uint8Array([0, 255, 128, 10]);
  assert.deepEqual(echo(await api.binaryBody({ body: bytes })), { bytes: [0, 255, 128, 10] });
  assert.deepEqual(echo(await api.binaryBody({ body: new Blob([bytes]) })), { bytes: [0, 255, 128, 10] });
  assert.deepEqual(echo(await api.binaryBody()), { bytes: null });
  assert.deepEqual(echo(await api.imageBody({ body: { contentType: "image/png", value: bytes } })), { png: 4 });
  assert.deepEqual(
    echo(await api.imageBody({ body: { contentType: "image/*", value: new Blob([bytes], { type: "image/webp" }) } })),
    { image: "image/webp", len: 4 },
  );
  assert.deepEqual(echo(await api.textBody({ body: "héllo" })), { text: "héllo" });
  assert.deepEqual(echo(await api.mixedBody({ body: { contentType: "application/json", value: pet } })), { json: pet });
  assert.deepEqual(echo(await api.mixedBody({ body: { contentType: "text/plain", value: "plain" } })), { text: "plain" });
  assert.deepEqual(
    echo(await api.mixedBody({ body: { contentType: "application/octet-stream", value: bytes.buffer } })),
    { binary: 4 },
  );
  assert.deepEqual(echo(await api.mixedBody()), "none");
});

test("responses: negotiated JSON, a body per media type, default, binary, events", async () => {
  const negotiated = await api.negotiated();
  assert.equal(negotiated.status, 200);
  assert.deepEqual(negotiated.data, [{ name: "rex" }]);
  assert.equal(negotiated.headers.get("x-rate-limit"), "10");
  // The declared headers, read as the spec types them.
  const rateLimit: number = negotiated.declaredHeaders["X-Rate-Limit"];
  assert.equal(rateLimit, 10);
  assert.deepEqual(negotiated.declaredHeaders, {
    "X-Rate-Limit": 10,
    "X-Tags": ["a", "b"],
    "X-Color": { R: 1, G: 2 },
  });

  const json = await api.report({ format: "json" });
  if (json.status !== 200) assert.fail(`report answered ${json.status}`);
  assert.deepEqual(json.data, { contentType: "application/json", value: { title: "sales" } });
  const csv = await api.report({ format: "csv" });
  assert.deepEqual(csv.data, { contentType: "text/csv", value: "a,b\n1,2\n" });
  const pdf = await api.report({ format: "pdf" });
  // `default` outcomes have `status: number`, so a 200 may still be one: tell them by the data.
  if (pdf.status !== 200 || !("contentType" in pdf.data) || pdf.data.contentType !== "application/pdf") {
    assert.fail("a PDF was expected");
  }
  assert.equal(await pdf.data.value.text(), "%PDF");
  assert.equal((await api.report({ format: "missing" })).status, 404);
  const failed = await api.report({ format: "error" });
  assert.equal(failed.status, 503, "the default response carries its status");
  assert.deepEqual(failed.data, { title: "busy" });
  assert.equal(failed.headers.get("x-error-code"), "E42");
  assert.deepEqual(failed.declaredHeaders, { "X-Error-Code": "E42" });

  const image = await api.image();
  assert.equal(image.status, 200);
  assert.equal(image.data.type, "image/png");
  assert.deepEqual(new Uint8Array(await image.data.arrayBuffer()), new Uint8Array([0x89, 0x50, 0x4e, 0x47]));

  const stream = await api.events({ count: 3 });
  const received: ServerSentEvent[] = [];
  for await (const event of stream.data) received.push(event);
  assert.deepEqual(received, [
    { event: "tick", data: "tick 1\nline 2", id: "1" },
    { event: "tick", data: "tick 2\nline 2", id: "2" },
    { event: "tick", data: "tick 3\nline 2", id: "3" },
  ]);
});
