// ---------------------------------------------------------------------------------------------
// The client runtime: the same in every generated client. It turns the descriptors above into
// fetch calls, serializes parameters as the server's runtime reads them and decodes responses.
// ---------------------------------------------------------------------------------------------

/** An RFC 9457 problem: the body of every error the server's framework answers. */
export interface Problem {
  /** A URI reference identifying the problem type (`about:blank` by default). */
  type?: string;
  /** A short summary of the problem type. */
  title?: string;
  /** The HTTP status code. */
  status?: number;
  /** An explanation of this occurrence. */
  detail?: string;
  /** A URI reference identifying this occurrence. */
  instance?: string;
  /** The invalid fields of a request, each located by a JSON pointer such as `/body/name`. */
  errors?: ProblemField[];
  /** Extension members. */
  [member: string]: unknown;
}

/** One invalid field of a request, in a {@link Problem}. */
export interface ProblemField {
  /** The JSON pointer of the value, such as `/query/limit`. */
  pointer: string;
  /** What is wrong with it. */
  detail: string;
}

/** A secret, or a function called before each request that yields it (or nothing). */
export type Credential = string | (() => string | undefined | Promise<string | undefined>);

/** How {@link createClient} reaches the server and authenticates. */
export interface ClientOptions {
  /** The URL that the spec's paths are appended to: `https://api.example.com/v1`, or `/api`. */
  baseUrl: string;
  /** A bearer token, sent as `Authorization: Bearer ...` to operations that take one. */
  token?: string;
  /** Yields the bearer token before each request (it may refresh it); wins over `token`. */
  getToken?: () => string | undefined | Promise<string | undefined>;
  /** API keys by the name of their security scheme, sent where the scheme says. */
  apiKeys?: Record<string, Credential>;
  /** Credentials for HTTP basic authentication. */
  basic?: { username: string; password: string };
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** The fetch implementation (default: the global `fetch`). */
  fetch?: (input: string, init: RequestInit) => Promise<Response>;
  /** Aborts every request of this client. */
  signal?: AbortSignal;
  /** Aborts each request that takes longer, with a `TimeoutError`. */
  timeoutMs?: number;
  /** Whether a browser sends its cookies (fetch's `credentials`; default `same-origin`). */
  credentials?: RequestCredentials;
}

/** Options of one call. */
export interface CallOptions {
  /** Aborts this request. */
  signal?: AbortSignal;
  /** Aborts this request if it takes longer (overrides the client's `timeoutMs`). */
  timeoutMs?: number;
  /** Extra headers for this request. */
  headers?: Record<string, string>;
}

/**
 * One outcome of a call: the status, the decoded body and the headers. `ok` is `true` for 2XX
 * statuses, so `if (result.ok)` narrows to the successful outcomes.
 */
export interface Outcome<S, D, OK extends boolean = boolean, H = Record<string, never>> {
  /** The status code (a plain `number` for `4XX` ranges and `default`). */
  status: S;
  /** Whether the status is 2XX. */
  ok: OK;
  /** The decoded body. */
  data: D;
  /** The response headers. */
  headers: Headers;
  /** The headers the spec declares for this status, read as it types them (absent ones left out). */
  declaredHeaders: H;
  /** The problem, when the server answered `application/problem+json`. */
  problem?: Problem;
}

/** A server-sent event of a `text/event-stream` response. */
export interface ServerSentEvent {
  /** The `event:` field (`message` when absent). */
  event: string;
  /** The `data:` lines, joined by newlines. */
  data: string;
  /** The last `id:` field seen. */
  id?: string;
  /** The `retry:` field, in milliseconds. */
  retry?: number;
}

/**
 * A response whose status the operation does not declare (a framework error such as a 400 for
 * an invalid request, a 401, a 404 for an unknown path, a 500): thrown by the operation's method.
 */
export class ApiError extends Error {
  /** The operation called. */
  readonly operation: string;
  /** The status code. */
  readonly status: number;
  /** The problem, when the body is `application/problem+json`. */
  readonly problem: Problem | undefined;
  /** The body, as text. */
  readonly body: string;
  /** The response headers. */
  readonly headers: Headers;

  constructor(operation: string, status: number, problem: Problem | undefined, body: string, headers: Headers) {
    super(`${operation}: ${status} ${problem?.title ?? ""}${problem?.detail ? `: ${problem.detail}` : ""}`.trim());
    this.name = "ApiError";
    this.operation = operation;
    this.status = status;
    this.problem = problem;
    this.body = body;
    this.headers = headers;
  }
}

/** How a parameter is serialized: OpenAPI's `style`. */
type Style = "simple" | "label" | "matrix" | "form" | "spaceDelimited" | "pipeDelimited" | "deepObject";

/** A parameter: where it goes and how. */
interface ParamSpec {
  /** The name on the wire. */
  name: string;
  /** The property of the call's parameters object, when not `name`. */
  key?: string;
  in: "path" | "query" | "header" | "cookie";
  style: Style;
  explode: boolean;
  /** Sent as JSON text (a `content: application/json` parameter). */
  json?: boolean;
  /** A shape the style cannot carry: bracket notation (query, cookie) or JSON text (path, header). */
  deep?: boolean;
}

/** The explicit `encoding` of a form or multipart property. */
interface EncodingSpec {
  style?: Style;
  explode?: boolean;
  contentType?: string;
}

/** How a body of one media type is encoded. */
type BodyKind = "json" | "form" | "multipart" | "binary" | "text" | "events";

/** One media type of a body. */
interface MediaSpec {
  type: string;
  kind: BodyKind;
  encoding?: Record<string, EncodingSpec>;
}

/** A request body. */
interface BodySpec {
  /** The property of the call's parameters object holding it. */
  key: string;
  media: MediaSpec[];
  /** The media types decode to different types: the value is `{ contentType, value }`. */
  tagged?: boolean;
  /** The property of the call's parameters object that picks one of several media types. */
  choice?: string;
}

/** How a declared response header is read: a scalar, a list, an object (`simple` style) or JSON. */
type HeaderKind = "string" | "integer" | "number" | "boolean";
interface HeaderSpec {
  name: string;
  kind: HeaderKind | "array" | "object" | "json";
  /** The items of an array. */
  items?: HeaderKind;
  /** An object: `k=v,k=v` rather than `k,v,k,v`. */
  explode?: boolean;
  /** The properties of an object. */
  properties?: Record<string, HeaderKind>;
}

/** A declared response: its status (`4XX` ranges as `4`, `default` as `0`) and media types. */
interface ResponseSpec {
  status: number;
  range?: boolean;
  media: MediaSpec[];
  /** The media types decode to different types: the data is `{ contentType, value }`. */
  tagged?: boolean;
  /** The declared headers. */
  headers?: HeaderSpec[];
}

/**
 * A security scheme an operation accepts: bearer tokens (`http` `bearer`, OAuth 2.0, OpenID
 * Connect), `basic`, API keys; `mutualTLS` is the TLS layer's (always there as far as the client
 * knows), and other HTTP schemes are ones the client cannot answer.
 */
interface SchemeSpec {
  /** Its name under `components.securitySchemes`. */
  name: string;
  kind: "bearer" | "basic" | "apiKey" | "mutualTLS" | "unsupported";
  /** Where an API key goes. */
  in?: "header" | "query" | "cookie";
  /** The header, query or cookie name of an API key. */
  param?: string;
}

/** An operation, as the generated methods describe it to {@link call}. */
interface OperationSpec {
  id: string;
  method: string;
  path: string;
  params: ParamSpec[];
  body?: BodySpec;
  responses: ResponseSpec[];
  /**
   * The accepted credentials: any one of the lists, each list all together (`[]`: none needed).
   * Absent when the spec says nothing: a bearer token is sent when the client has one.
   */
  security?: SchemeSpec[][];
}

/** Name-value pairs of a query, a form body or cookies, each side already percent-encoded. */
type Pairs = [string, string][];

/** Adds `name=value`, percent-encoding both. */
function pair(out: Pairs, name: string, value: string): void {
  out.push([encodeURIComponent(name), encodeURIComponent(value)]);
}

/** Sends one call of `op` and decodes the answer; undeclared statuses throw {@link ApiError}. */
async function call(
  options: ClientOptions,
  op: OperationSpec,
  params: object | undefined,
  init: CallOptions | undefined,
): Promise<Outcome<number, unknown, boolean, unknown>> {
  const values = (params ?? {}) as Record<string, unknown>;
  let path = op.path;
  const query: Pairs = [];
  const headers = new Headers(options.headers);
  const cookies: Pairs = [];
  for (const param of op.params) {
    const value = values[param.key ?? param.name];
    if (value === undefined || value === null) {
      if (param.in === "path") throw new TypeError(`${op.id}: the path parameter \`${param.name}\` is missing`);
      continue;
    }
    switch (param.in) {
      case "path":
        path = path.split(`{${param.name}}`).join(pathValue(param, value));
        break;
      case "query":
        pairsOf(param.name, value, param.deep ? "deepObject" : param.style, param.explode, param.json, query);
        break;
      case "header":
        headers.set(
          param.name,
          param.json || param.deep ? JSON.stringify(value) : flat(value, param.explode, ",", false),
        );
        break;
      case "cookie":
        pairsOf(param.name, value, param.deep ? "deepObject" : "form", param.explode, param.json, cookies);
        break;
    }
  }
  await authenticate(options, op, headers, query, cookies);
  if (cookies.length > 0) {
    headers.set("cookie", cookies.map(([k, v]) => `${k}=${v}`).join("; "));
  }
  let body: BodyInit | undefined;
  if (op.body) {
    const raw = values[op.body.key];
    if (raw !== undefined) {
      let media = op.body.media[0];
      let value: unknown = raw;
      if (op.body.tagged) {
        const tagged = raw as { contentType: string; value: unknown };
        media = op.body.media.find((m) => m.type === tagged.contentType) ?? media;
        value = tagged.value;
      }
      const chosen = op.body.choice === undefined ? undefined : values[op.body.choice];
      if (typeof chosen === "string") {
        media = op.body.media.find((m) => m.type === chosen) ?? media;
      }
      if (media) body = encodeBody(media, value, headers);
    }
  }
  const accept = [...new Set(op.responses.flatMap((r) => r.media.map((m) => m.type)))];
  if (!headers.has("accept") && accept.length > 0) {
    headers.set("accept", [...accept, "application/problem+json"].join(", "));
  }
  for (const [name, value] of Object.entries(init?.headers ?? {})) headers.set(name, value);
  const search = query.map(([k, v]) => `${k}=${v}`).join("&");
  const url = options.baseUrl.replace(/\/+$/, "") + path + (search ? `?${search}` : "");
  const signal = combine([options.signal, init?.signal], init?.timeoutMs ?? options.timeoutMs);
  const send = options.fetch ?? ((input: string, requestInit: RequestInit) => fetch(input, requestInit));
  const request: RequestInit = { method: op.method, headers };
  if (body !== undefined) request.body = body;
  if (signal !== undefined) request.signal = signal;
  if (options.credentials !== undefined) request.credentials = options.credentials;
  const response = await send(url, request);
  return decode(op, response);
}

/** The signal that aborts when any of `signals` does, or after `timeoutMs`. */
function combine(signals: (AbortSignal | undefined)[], timeoutMs: number | undefined): AbortSignal | undefined {
  const all = signals.filter((s): s is AbortSignal => s !== undefined);
  if (timeoutMs !== undefined) all.push(AbortSignal.timeout(timeoutMs));
  if (all.length <= 1) return all[0];
  // AbortSignal.any (Node 20.3, current browsers) lets go of its sources; older ones get listeners.
  if (typeof AbortSignal.any === "function") return AbortSignal.any(all);
  const controller = new AbortController();
  for (const signal of all) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener("abort", () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}

/** Adds the credentials of the first security alternative the client has all of. */
async function authenticate(
  options: ClientOptions,
  op: OperationSpec,
  headers: Headers,
  query: Pairs,
  cookies: Pairs,
): Promise<void> {
  const alternatives = op.security ?? [[{ name: "bearer", kind: "bearer" }]];
  for (const required of alternatives) {
    if (required.length === 0) continue;
    const found: [SchemeSpec, string][] = [];
    for (const scheme of required) {
      const secret = await credential(options, scheme);
      if (secret === undefined) break;
      found.push([scheme, secret]);
    }
    if (found.length < required.length) continue;
    for (const [scheme, secret] of found) {
      if (scheme.kind === "bearer") headers.set("authorization", `Bearer ${secret}`);
      else if (scheme.kind === "basic") headers.set("authorization", `Basic ${secret}`);
      else if (scheme.kind === "mutualTLS") continue;
      else if (scheme.in === "query") pair(query, scheme.param ?? scheme.name, secret);
      else if (scheme.in === "cookie") pair(cookies, scheme.param ?? scheme.name, secret);
      else headers.set(scheme.param ?? scheme.name, secret);
    }
    return;
  }
}

/** The secret the client has for `scheme`, if any. */
async function credential(options: ClientOptions, scheme: SchemeSpec): Promise<string | undefined> {
  switch (scheme.kind) {
    case "bearer":
      return options.getToken ? await options.getToken() : options.token;
    case "basic":
      return options.basic ? base64(`${options.basic.username}:${options.basic.password}`) : undefined;
    case "apiKey": {
      const key = options.apiKeys?.[scheme.name];
      return typeof key === "function" ? await key() : key;
    }
    case "mutualTLS":
      return "";
    case "unsupported":
      return undefined;
  }
}

/** Base64 of the UTF-8 bytes of `text`. */
function base64(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Whether `value` is a plain object (not an array, a Blob or a date). */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Blob);
}

/** Whether `value` is a scalar, or an array or object of scalars: what the styles carry. */
function isFlat(value: unknown): boolean {
  const scalar = (v: unknown) => v === null || typeof v !== "object";
  if (Array.isArray(value)) return value.every(scalar);
  if (isObject(value)) return Object.values(value).every(scalar);
  return true;
}

/** The text of a scalar. */
function text(value: unknown): string {
  return typeof value === "string" ? value : value === null ? "" : String(value);
}

/** A scalar, an array or an object in the `simple` shape: `a,b` and `k,v` (`k=v` exploded). */
function flat(value: unknown, explode: boolean, separator: string, encode: boolean): string {
  const piece = (v: unknown) => (encode ? encodeURIComponent(text(v)) : text(v));
  if (!isFlat(value)) return encode ? encodeURIComponent(JSON.stringify(value)) : JSON.stringify(value);
  if (Array.isArray(value)) return value.map(piece).join(separator);
  if (isObject(value)) {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => (explode ? `${piece(k)}=${piece(v)}` : `${piece(k)}${separator}${piece(v)}`))
      .join(separator);
  }
  return piece(value);
}

/** A path parameter's segment text, percent-encoded. */
function pathValue(param: ParamSpec, value: unknown): string {
  if (param.json || param.deep) return encodeURIComponent(JSON.stringify(value));
  switch (param.style) {
    case "label":
      return `.${flat(value, param.explode, param.explode ? "." : ",", true)}`;
    case "matrix": {
      const name = encodeURIComponent(param.name);
      if (param.explode && Array.isArray(value) && isFlat(value)) {
        return value.map((v) => `;${name}=${encodeURIComponent(text(v))}`).join("");
      }
      if (param.explode && isObject(value) && isFlat(value)) return `;${flat(value, true, ";", true)}`;
      return `;${name}=${flat(value, false, ",", true)}`;
    }
    default:
      return flat(value, param.explode, ",", true);
  }
}

/** The pairs of a query, cookie or form value in `style`, added to `out` (not yet encoded). */
function pairsOf(
  name: string,
  value: unknown,
  style: Style,
  explode: boolean,
  json: boolean | undefined,
  out: Pairs,
): void {
  if (json) {
    pair(out, name, JSON.stringify(value));
  } else if (style === "deepObject" || !isFlat(value)) {
    brackets(name, value, out);
  } else if (Array.isArray(value) || isObject(value)) {
    const items = Array.isArray(value)
      ? value.map(text)
      : Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : [k, text(v)]));
    if (explode && Array.isArray(value)) {
      for (const item of items) pair(out, name, item);
    } else if (explode && isObject(value)) {
      for (const [k, v] of Object.entries(value)) if (v !== undefined) pair(out, k, text(v));
    } else if (style === "spaceDelimited" || style === "pipeDelimited") {
      // The server decodes first, then splits: the delimiter travels encoded.
      pair(out, name, items.join(style === "spaceDelimited" ? " " : "|"));
    } else {
      // The server splits first, then decodes: commas stay, a comma in an item is `%2C`.
      out.push([encodeURIComponent(name), items.map(encodeURIComponent).join(",")]);
    }
  } else {
    pair(out, name, text(value));
  }
}

/** Bracket notation: `name[key]=v`, `name[0][key]=v`, as Stripe, Rails and `qs` write it. */
function brackets(name: string, value: unknown, out: Pairs): void {
  if (Array.isArray(value)) value.forEach((item, index) => brackets(`${name}[${index}]`, item, out));
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) if (item !== undefined) brackets(`${name}[${key}]`, item, out);
  } else if (value !== undefined) pair(out, name, text(value));
}

/** The body of `value` in `media`; sets `content-type` (left to fetch for multipart). */
function encodeBody(media: MediaSpec, value: unknown, headers: Headers): BodyInit {
  const contentType = media.type.includes("*") && value instanceof Blob && value.type ? value.type : media.type;
  switch (media.kind) {
    case "form": {
      const pairs: Pairs = [];
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item === undefined) continue;
        const encoding = media.encoding?.[key];
        if (encoding?.contentType?.includes("json")) pair(pairs, key, JSON.stringify(item));
        else if (encoding?.style) pairsOf(key, item, encoding.style, encoding.explode ?? encoding.style === "form", false, pairs);
        else if (Array.isArray(item) && isFlat(item)) for (const one of item) pair(pairs, key, text(one));
        else if (isFlat(item) && !isObject(item)) pair(pairs, key, text(item));
        else brackets(key, item, pairs);
      }
      headers.set("content-type", contentType);
      return pairs.map(([k, v]) => `${k}=${v}`).join("&");
    }
    case "multipart": {
      const form = new FormData();
      const part = (key: string, item: unknown) => {
        // A file with no type of its own takes the one its `encoding` names, when it names one.
        const declared = media.encoding?.[key]?.contentType;
        if (item instanceof Blob && !item.type && declared && !/[*,]/.test(declared)) {
          const name = item instanceof File ? item.name : "blob";
          form.append(key, new File([item], name, { type: declared.trim() }));
        } else if (item instanceof Blob) form.append(key, item);
        else if (typeof item === "object" && item !== null) form.append(key, JSON.stringify(item));
        else form.append(key, text(item));
      };
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item === undefined) continue;
        if (Array.isArray(item)) for (const one of item) part(key, one);
        else part(key, item);
      }
      return form;
    }
    case "binary":
      headers.set("content-type", contentType);
      return value instanceof Uint8Array ? value.slice().buffer : (value as Blob | ArrayBuffer);
    case "text":
      headers.set("content-type", contentType);
      return text(value);
    default:
      headers.set("content-type", contentType);
      return JSON.stringify(value);
  }
}

/** Whether the media type `actual` (a response's `content-type`) falls in the range `declared`. */
function matches(declared: string, actual: string): boolean {
  const [type, subtype] = essence(declared);
  const [actualType, actualSubtype] = essence(actual);
  return (type === "*" || type === actualType) && (subtype === "*" || subtype === actualSubtype);
}

/** The type and subtype of a media type, lower-cased, without parameters. */
function essence(mediaType: string): [string, string] {
  const [type = "", subtype = ""] = (mediaType.split(";")[0] ?? "").trim().toLowerCase().split("/");
  return [type, subtype];
}

/** The declared response for `status`: the code, else its range, else `default`. */
function declared(op: OperationSpec, status: number): ResponseSpec | undefined {
  return (
    op.responses.find((r) => !r.range && r.status === status) ??
    op.responses.find((r) => r.range && r.status === Math.floor(status / 100)) ??
    op.responses.find((r) => !r.range && r.status === 0)
  );
}

/** Reads the response as `op` declares it; undeclared statuses throw {@link ApiError}. */
async function decode(op: OperationSpec, response: Response): Promise<Outcome<number, unknown, boolean, unknown>> {
  const contentType = response.headers.get("content-type") ?? "";
  const spec = declared(op, response.status);
  const isProblem = matches("application/problem+json", contentType);
  if (!spec) {
    const body = await response.text();
    let problem: Problem | undefined;
    if (isProblem) {
      try {
        problem = JSON.parse(body) as Problem;
      } catch {
        problem = undefined;
      }
    }
    throw new ApiError(op.id, response.status, problem, body, response.headers);
  }
  const outcome: Outcome<number, unknown, boolean, unknown> = {
    status: response.status,
    ok: response.ok,
    data: undefined,
    headers: response.headers,
    declaredHeaders: readHeaders(spec.headers, response.headers),
  };
  const media = spec.media.find((m) => matches(m.type, contentType)) ?? spec.media[0];
  if (media) {
    const value = await read(media, response);
    outcome.data = spec.tagged ? { contentType: media.type, value } : value;
    if (isProblem && media.kind === "json") outcome.problem = value as Problem;
  } else if (isProblem) {
    outcome.problem = (await response.json()) as Problem;
  } else {
    await response.body?.cancel();
  }
  return outcome;
}

/**
 * The declared headers that are present, each read as its spec says; one that cannot be read is
 * left out (its text stays in `headers`).
 */
function readHeaders(specs: HeaderSpec[] | undefined, headers: Headers): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const spec of specs ?? []) {
    const raw = headers.get(spec.name);
    if (raw === null) continue;
    try {
      values[spec.name] = readHeader(spec, raw);
    } catch {
      continue;
    }
  }
  return values;
}

/** One header value in the `simple` style (or JSON text). */
function readHeader(spec: HeaderSpec, raw: string): unknown {
  switch (spec.kind) {
    case "json":
      return JSON.parse(raw) as unknown;
    case "array":
      return raw === "" ? [] : raw.split(",").map((item) => headerScalar(spec.items ?? "string", item.trim()));
    case "object": {
      const object: Record<string, unknown> = {};
      const pieces = raw.split(",").map((piece) => piece.trim());
      const entries: [string, string][] = spec.explode
        ? pieces.map((piece) => [piece.slice(0, Math.max(piece.indexOf("="), 0)), piece.slice(piece.indexOf("=") + 1)])
        : pieces.flatMap((piece, i) => (i % 2 === 0 ? [[piece, pieces[i + 1] ?? ""] as [string, string]] : []));
      for (const [key, value] of entries) object[key] = headerScalar(spec.properties?.[key] ?? "string", value);
      return object;
    }
    default:
      return headerScalar(spec.kind, raw);
  }
}

/** A scalar of a header; text that does not fit the kind stays text. */
function headerScalar(kind: HeaderKind, text: string): unknown {
  switch (kind) {
    case "integer":
    case "number": {
      const number = Number(text);
      return text.trim() === "" || Number.isNaN(number) ? text : number;
    }
    case "boolean":
      return text === "true" ? true : text === "false" ? false : text;
    default:
      return text;
  }
}

/** The body of `response` as `media` says. */
async function read(media: MediaSpec, response: Response): Promise<unknown> {
  switch (media.kind) {
    case "binary":
      return response.blob();
    case "text":
      return response.text();
    case "events":
      return events(response);
    default: {
      const body = await response.text();
      return body === "" ? undefined : (JSON.parse(body) as unknown);
    }
  }
}

/** The events of a `text/event-stream` response, as they arrive. */
async function* events(response: Response): AsyncGenerator<ServerSentEvent, void, undefined> {
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let event: ServerSentEvent = { event: "message", data: "" };
  let data: string[] = [];
  let id: string | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += value;
      let end: number;
      while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + (buffer.startsWith("\r\n", end) ? 2 : 1));
        if (line === "") {
          if (data.length > 0) yield { ...event, data: data.join("\n"), ...(id === undefined ? {} : { id }) };
          event = { event: "message", data: "" };
          data = [];
          continue;
        }
        const colon = line.indexOf(":");
        if (colon === 0) continue;
        const field = colon < 0 ? line : line.slice(0, colon);
        const fieldValue = colon < 0 ? "" : line.slice(colon + (line[colon + 1] === " " ? 2 : 1));
        if (field === "data") data.push(fieldValue);
        else if (field === "event") event.event = fieldValue;
        else if (field === "id") id = fieldValue;
        else if (field === "retry" && /^\d+$/.test(fieldValue)) event.retry = Number(fieldValue);
      }
    }
  } finally {
    reader.releaseLock();
  }
}
