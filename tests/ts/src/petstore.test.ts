// Every Petstore operation through the generated client, on the real local server, from Node 20
// with its global fetch: success and error paths, typed problems, credentials, abort and timeout.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";

import { ApiError, createClient, type Client, type Pet } from "../gen/client.js";
import { startPetstore, type Server } from "./server.js";

let server: Server;
let api: Client;

before(async () => {
  server = await startPetstore();
  api = createClient({ baseUrl: server.baseUrl });
});

after(async () => {
  assert.equal(await server.stop(), 0, "the server exits cleanly on SIGTERM");
});

/** The `data` of a 200 outcome, failing the test on any other status. */
function ok<D>(result: { status: number; data: unknown }, data?: (value: unknown) => D): D {
  assert.equal(result.status, 200, `expected 200, got ${JSON.stringify(result)}`);
  return (data ? data(result.data) : result.data) as D;
}

/** The error a call rejects with, checked to be an {@link ApiError}. */
async function apiError(call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof ApiError, `expected an ApiError, got ${String(error)}`);
    return error;
  }
  assert.fail("the call resolved; an ApiError was expected");
}

const byId = (pets: Pet[]) => [...pets].sort((a, b) => (a.id ?? 0) - (b.id ?? 0));

test("pets: add, get, find, update, upload, delete", async () => {
  const rex = await api.addPet({
    body: {
      name: "Rex",
      category: { id: 1, name: "Dogs" },
      photoUrls: ["https://img.example/rex.png"],
      tags: [{ id: 1, name: "good" }, { id: 2, name: "loud" }],
      status: "available",
    },
  });
  const created = ok<Pet>(rex);
  assert.equal(typeof created.id, "number");
  assert.equal(created.name, "Rex");
  const rexId = created.id ?? -1;

  const got = await api.getPetById({ petId: rexId });
  if (got.status !== 200) assert.fail(`getPetById answered ${got.status}`);
  // Narrowed by status: `data` is a Pet here.
  assert.deepEqual(got.data, created);
  assert.equal(got.ok, true);
  assert.equal(got.headers.get("content-type"), "application/json");

  const again = await api.getPetById({ petId: rexId });
  if (!again.ok) assert.fail(`getPetById answered ${again.status}`);
  // Narrowed by `ok`: the 2XX outcomes, here only the 200 and its Pet.
  assert.equal(again.data.name, "Rex");

  const missing = await api.getPetById({ petId: 999_999 });
  assert.equal(missing.status, 404);
  assert.equal(missing.data, undefined);
  assert.equal(missing.ok, false);

  const mittens: Pet = { id: 100, name: "Mittens", photoUrls: [], tags: [{ name: "cute" }], status: "pending" };
  assert.deepEqual(ok(await api.addPet({ body: mittens })), mittens);

  // A taken id: 409 is not declared by addPet, so the call rejects with the typed problem.
  const conflict = await apiError(api.addPet({ body: { id: 100, name: "Impostor", photoUrls: [] } }));
  assert.equal(conflict.status, 409);
  assert.equal(conflict.operation, "addPet");
  assert.equal(conflict.problem?.title, "Conflict");
  assert.equal(conflict.problem?.status, 409);

  // Invalid bodies never reach the handler: 400 problem+json naming the field.
  const invalid = await apiError(api.addPet({ body: { name: "", photoUrls: [] } }));
  assert.equal(invalid.status, 400);
  assert.deepEqual(
    invalid.problem?.errors?.map((e) => e.pointer),
    ["/body/name"],
  );
  assert.equal(invalid.headers.get("content-type"), "application/problem+json");

  // findPetsByStatus: the default, an explicit value and an invalid one (a declared 400).
  const available = ok<Pet[]>(await api.findPetsByStatus());
  assert.deepEqual(byId(available), [created]);
  assert.deepEqual(ok<Pet[]>(await api.findPetsByStatus({ status: "pending" })), [mittens]);
  const bogus = await api.findPetsByStatus({ status: "BOGUS-7f3a" as "available" });
  assert.equal(bogus.status, 400);
  assert.equal(bogus.problem?.errors?.[0]?.pointer, "/query/status");
  assert.ok(!JSON.stringify(bogus.problem).includes("BOGUS-7f3a"), "the input is not echoed");

  // findPetsByTags: an exploded array is repeated keys.
  const tagged = ok<Pet[]>(await api.findPetsByTags({ tags: ["cute", "loud"] }));
  assert.deepEqual(byId(tagged), byId([created, mittens]));
  assert.deepEqual(ok(await api.findPetsByTags({ tags: ["nobody-has-this"] })), []);
  assert.deepEqual(ok(await api.findPetsByTags()), []);

  // updatePet replaces; an unknown id is a declared 404; a pet without id a declared 400.
  const renamed: Pet = { id: 100, name: "Mittens II", photoUrls: ["https://img.example/m2.png"], status: "available" };
  assert.deepEqual(ok(await api.updatePet({ body: renamed })), renamed);
  assert.equal((await api.updatePet({ body: { id: 424_242, name: "Nobody", photoUrls: [] } })).status, 404);
  assert.equal((await api.updatePet({ body: { name: "No id", photoUrls: [] } })).status, 400);

  // updatePetWithForm: query parameters with spaces.
  const goldie = ok<Pet>(
    await api.updatePetWithForm({ petId: 100, name: "Mittens the Second", status: "sold" }),
  );
  assert.equal(goldie.name, "Mittens the Second");
  assert.equal(goldie.status, "sold");
  assert.equal((await api.updatePetWithForm({ petId: 100, status: "hungry" })).status, 400);
  assert.equal((await api.updatePetWithForm({ petId: 999_999, name: "x" })).status, 404);

  // uploadFile: raw bytes that are not UTF-8, as a Uint8Array, an ArrayBuffer and a Blob.
  const image = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);
  const uploaded = await api.uploadFile({ petId: rexId, body: image });
  assert.deepEqual(ok(uploaded), { code: 200, type: "image", message: "stored 1000 bytes" });
  const withMeta = await api.uploadFile({
    petId: rexId,
    additionalMetadata: "front view & more",
    body: image.slice(0, 10).buffer,
  });
  assert.deepEqual(ok(withMeta), { code: 200, type: "image", message: "stored 10 bytes (front view & more)" });
  const blob = await api.uploadFile({ petId: rexId, body: new Blob([image.slice(0, 3)]) });
  assert.deepEqual(ok(blob), { code: 200, type: "image", message: "stored 3 bytes" });
  assert.equal((await api.uploadFile({ petId: 999_999, body: image })).status, 404);

  // deletePet with the optional header parameter.
  assert.equal((await api.deletePet({ petId: 100, api_key: "special-key" })).status, 200);
  assert.equal((await api.getPetById({ petId: 100 })).status, 404);
  assert.equal((await api.deletePet({ petId: 100 })).status, 404);
});

test("store: inventory and orders", async () => {
  for (const pet of [
    { id: 200, name: "Sid", photoUrls: [], status: "sold" as const },
    { id: 201, name: "Pip", photoUrls: [], status: "pending" as const },
  ]) {
    ok(await api.addPet({ body: pet }));
  }
  const inventory = ok<Record<string, number>>(await api.getInventory());
  assert.ok((inventory["sold"] ?? 0) >= 1 && (inventory["pending"] ?? 0) >= 1, JSON.stringify(inventory));

  const placed = await api.placeOrder({
    body: { petId: 200, quantity: 2, shipDate: "2024-05-01T10:00:00Z", status: "placed", complete: false },
  });
  if (placed.status !== 200) assert.fail(`placeOrder answered ${placed.status}`);
  const orderId = placed.data.id ?? -1;
  assert.equal(placed.data.quantity, 2);
  assert.deepEqual(ok(await api.getOrderById({ orderId })), placed.data);
  assert.equal((await api.placeOrder({ body: { petId: 987_654, quantity: 1 } })).status, 404);
  assert.equal((await api.placeOrder()).status, 400, "no body: the handler's declared 400");

  assert.equal((await api.deleteOrder({ orderId })).status, 200);
  assert.equal((await api.getOrderById({ orderId })).status, 404);
  assert.equal((await api.deleteOrder({ orderId })).status, 404);
});

test("users: create, list, login, logout, update, delete", async () => {
  const alice = await api.createUser({
    body: { username: "alice", firstName: "Alice", email: "alice@example.com", password: "wonderland" },
  });
  if (alice.status !== 200) assert.fail(`createUser answered ${alice.status}`);
  assert.equal(alice.data.username, "alice");
  assert.equal((await api.createUser({ body: { username: "alice" } })).status, 409);
  const invalidEmail = await apiError(api.createUser({ body: { username: "x", email: "not-an-email" } }));
  assert.deepEqual(invalidEmail.problem?.errors?.map((e) => e.pointer), ["/body/email"]);

  const last = await api.createUsersWithListInput({
    body: [
      { username: "bob", password: "builder" },
      { username: "carol.smith-2", password: "c4r0l" },
    ],
  });
  if (last.status !== 200) assert.fail(`createUsersWithListInput answered ${last.status}`);
  assert.equal(last.data.username, "carol.smith-2");
  // A path parameter with reserved characters is percent-encoded.
  const carol = await api.getUserByName({ username: "carol.smith-2" });
  assert.equal(carol.status, 200);
  assert.equal((await api.getUserByName({ username: "no body/../x" })).status, 404);

  const token = await api.loginUser({ username: "alice", password: "wonderland" });
  if (token.status !== 200) assert.fail(`loginUser answered ${token.status}`);
  assert.match(token.data, /^[0-9a-f]{32}$/);
  assert.equal((await api.loginUser({ username: "alice", password: "WRONG" })).status, 400);
  assert.equal((await api.logoutUser()).status, 200);

  const updated = await api.updateUser({
    username: "alice",
    body: { username: "ignored", firstName: "Alicia", email: "alicia@example.com" },
  });
  assert.equal(updated.status, 200);
  const alicia = await api.getUserByName({ username: "alice" });
  if (alicia.status !== 200) assert.fail(`getUserByName answered ${alicia.status}`);
  assert.equal(alicia.data.firstName, "Alicia");
  assert.equal((await api.updateUser({ username: "nobody", body: { username: "nobody" } })).status, 404);

  assert.equal((await api.deleteUser({ username: "alice" })).status, 200);
  assert.equal((await api.deleteUser({ username: "alice" })).status, 404);
  assert.equal((await api.getUserByName({ username: "alice" })).status, 404);
});

test("credentials and headers reach the server as configured", async () => {
  const seen: Headers[] = [];
  const recording = (input: string, init: RequestInit) => {
    seen.push(new Headers(init.headers));
    return fetch(input, init);
  };
  let refreshed = 0;
  const authed = createClient({
    baseUrl: `${server.baseUrl}/`,
    getToken: async () => `token-${++refreshed}`,
    headers: { "x-client": "sls-gen-tests" },
    fetch: recording,
  });
  assert.equal((await authed.getInventory()).status, 200);
  assert.equal((await authed.logoutUser(undefined, { headers: { "x-call": "2" } })).status, 200);
  assert.equal(seen[0]?.get("authorization"), "Bearer token-1");
  assert.equal(seen[1]?.get("authorization"), "Bearer token-2", "getToken runs for each request");
  assert.equal(seen[0]?.get("x-client"), "sls-gen-tests");
  assert.equal(seen[1]?.get("x-call"), "2");
  assert.equal(seen[0]?.get("accept"), "application/json, application/problem+json");

  const anonymous = createClient({ baseUrl: server.baseUrl, fetch: recording });
  await anonymous.logoutUser();
  assert.equal(seen[2]?.get("authorization"), null, "no token, no header");
});

test("abort signals and timeouts reject the call", async () => {
  const aborted = new AbortController();
  aborted.abort();
  await assert.rejects(api.getInventory(undefined, { signal: aborted.signal }), { name: "AbortError" });

  const clientWide = new AbortController();
  clientWide.abort();
  const stopped = createClient({ baseUrl: server.baseUrl, signal: clientWide.signal });
  await assert.rejects(stopped.getInventory(), { name: "AbortError" });

  // A fetch that only ever ends by its signal: the timeout is what ends it.
  const hanging = (_input: string, init: RequestInit) =>
    new Promise<Response>((_resolve, reject) => {
      init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
    });
  const slow = createClient({ baseUrl: server.baseUrl, fetch: hanging, timeoutMs: 5 });
  await assert.rejects(slow.getInventory(), { name: "TimeoutError" });
  await assert.rejects(slow.getInventory(undefined, { timeoutMs: 1 }), { name: "TimeoutError" });
});

test("a missing path parameter rejects before anything is sent", async () => {
  let sent = 0;
  const counting = createClient({
    baseUrl: server.baseUrl,
    fetch: (input, init) => {
      sent += 1;
      return fetch(input, init);
    },
  });
  await assert.rejects(counting.getPetById({} as never), {
    name: "TypeError",
    message: "getPetById: the path parameter `petId` is missing",
  });
  assert.equal(sent, 0);
});

test("a server that is not there rejects with the fetch error", async () => {
  const nowhere = createClient({ baseUrl: "http://127.0.0.1:1" });
  await assert.rejects(nowhere.getInventory(), TypeError);
});
