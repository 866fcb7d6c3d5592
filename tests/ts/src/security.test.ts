// The credentials of specs/security.yaml sent by the generated client to a local server that
// enforces them (tests/src/bin/secured-echo.rs): bearer and OAuth tokens (HS256, signed here),
// API keys in a header, the query and a cookie, basic credentials; OR, AND and anonymous
// requirements; public operations get no credentials at all.

import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, test } from "node:test";

import { ApiError, createClient, type ClientOptions } from "../gen/security.js";
import { startServer, type Server } from "./server.js";

const SECRET = "a secret shared with the server";
let server: Server;

before(async () => {
  const binary = process.env["SECURED_ECHO_BIN"];
  if (!binary) throw new Error("set SECURED_ECHO_BIN to the secured-echo binary (tests/ts/run.sh does)");
  server = await startServer(binary, { SLS_JWT_SECRET: SECRET });
});

after(async () => {
  assert.equal(await server.stop(), 0);
});

/** An HS256 JSON Web Token for `claims`, valid for ten minutes. */
function token(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const unsigned = `${part({ alg: "HS256", typ: "JWT" })}.${part({
    exp: Math.floor(Date.now() / 1000) + 600,
    ...claims,
  })}`;
  return `${unsigned}.${createHmac("sha256", SECRET).update(unsigned).digest("base64url")}`;
}

/** A client with `options`, and the headers of every request it sent. */
function client(options: Omit<ClientOptions, "baseUrl" | "fetch"> = {}) {
  const sent: { url: string; headers: Headers }[] = [];
  const api = createClient({
    ...options,
    baseUrl: server.baseUrl,
    fetch: (input, init) => {
      sent.push({ url: input, headers: new Headers(init.headers) });
      return fetch(input, init);
    },
  });
  return { api, sent };
}

/** The text of a 200 answer. */
function text(result: { status: number; data: unknown }): string {
  assert.equal(result.status, 200, JSON.stringify(result));
  return (result.data as { text: string }).text;
}

/** The status of the ApiError a call rejects with. */
async function refused(call: Promise<unknown>): Promise<number> {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    assert.equal(error.headers.get("content-type"), "application/problem+json");
    return error.status;
  }
  return assert.fail("the call was expected to be refused");
}

test("bearer tokens go to operations that take them, and to no other", async () => {
  const { api, sent } = client({ token: token({ sub: "alice" }) });
  assert.equal(text(await api.getMe()), "jwt:alice");
  assert.equal(sent[0]?.headers.get("authorization")?.startsWith("Bearer "), true);
  assert.equal(text(await api.getPublic()), "anonymous");
  assert.equal(sent[1]?.headers.get("authorization"), null, "a public operation gets no token");
  assert.equal(text(await api.getMaybe()), "jwt:alice");

  const anonymous = client();
  assert.equal(await refused(anonymous.api.getMe()), 401);
  assert.equal(text(await anonymous.api.getMaybe()), "anonymous", "`{}` allows no credentials");
  assert.equal(text(await anonymous.api.getPublic()), "anonymous");
});

test("OAuth 2.0 tokens carry their scopes; getToken runs before each request", async () => {
  let calls = 0;
  const { api } = client({
    getToken: async () => {
      calls += 1;
      return token({ sub: "bob", scope: "pets:read pets:write" });
    },
  });
  assert.equal(text(await api.addPet({ body: { text: "Rex" } })), "oauth:bob added Rex");
  assert.equal(text(await api.addPet({ body: { text: "Tom" } })), "oauth:bob added Tom");
  assert.equal(calls, 2);
  const narrow = client({ token: token({ sub: "bob", scope: "pets:read" }) });
  assert.equal(await refused(narrow.api.addPet({ body: { text: "Rex" } })), 403);
});

test("API keys in a header, the query and a cookie; OR and AND requirements", async () => {
  const { api, sent } = client({
    apiKeys: { headerKey: "good-key", queryKey: () => "good-key", cookieKey: async () => "good-key" },
  });
  assert.equal(text(await api.getEither()), "headerKey:key-user");
  assert.equal(sent[0]?.headers.get("x-api-key"), "good-key");
  assert.equal(text(await api.getQueryKey()), "queryKey:key-user");
  assert.match(sent[1]?.url ?? "", /\?api_key=good-key$/);
  assert.equal(text(await api.getCookieKey()), "cookieKey:key-user");
  assert.equal(sent[2]?.headers.get("cookie"), "session=good-key");

  // AND: the key alone is not enough, and the client sends nothing it cannot complete.
  assert.equal(await refused(api.getBoth()), 401);
  assert.equal(sent[3]?.headers.get("x-api-key"), null);
  const both = client({ apiKeys: { headerKey: "good-key" }, basic: { username: "ann", password: "pw" } });
  assert.equal(text(await both.api.getBoth()), "headerKey:key-user+basic:ann");
  assert.equal(both.sent[0]?.headers.get("authorization"), `Basic ${Buffer.from("ann:pw").toString("base64")}`);

  // OR: the first alternative the client has everything for.
  const tokenAndKey = client({ token: token({ sub: "carol" }), apiKeys: { headerKey: "good-key" } });
  assert.equal(text(await tokenAndKey.api.getEither()), "jwt:carol");
  assert.equal(tokenAndKey.sent[0]?.headers.get("x-api-key"), null);

  // Roles: the admin key may purge, another key may not.
  const admin = client({ apiKeys: { headerKey: "admin-key" } });
  assert.equal((await admin.api.purge()).status, 204);
  assert.equal(await refused(api.purge()), 403);
  const wrong = client({ apiKeys: { headerKey: "stolen" } });
  assert.equal(await refused(wrong.api.getEither()), 401);
});
