// The page in web/ (built on the generated client), served by the local platform next to the API
// (SLS_STATIC_DIR), driven in headless Chromium: add pets, see an invalid one refused with the
// problem's field, filter, upload a photo, delete.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";

import { chromium, type BrowserContext, type Page } from "playwright-core";

import { startPetstore, type Server } from "./server.js";

let server: Server;
let context: BrowserContext;
let profile: string;
const pageErrors: string[] = [];

before(async () => {
  // build/src/browser.test.js → build/: the page is build/web/, the client build/gen/.
  const staticDir = fileURLToPath(new URL("..", import.meta.url));
  server = await startPetstore({ SLS_STATIC_DIR: staticDir });
  profile = mkdtempSync(join(tmpdir(), "sls-ts-chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env["CHROMIUM"] ?? "/usr/bin/chromium",
    headless: true,
    chromiumSandbox: false,
    args: [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  assert.equal(await server?.stop(), 0);
});

async function open(): Promise<Page> {
  const page = await context.newPage();
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    // Chromium logs every 4XX answer as a failed resource; the flow provokes one on purpose.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      pageErrors.push(message.text());
    }
  });
  const response = await page.goto(`${server.baseUrl}/web/index.html`);
  assert.equal(response?.status(), 200);
  assert.equal(response?.headers()["content-type"], "text/html; charset=utf-8");
  await page.waitForSelector("body[data-ready=true]");
  return page;
}

test("the static page and its client are served by the local platform", async () => {
  const script = await fetch(`${server.baseUrl}/gen/client.js`);
  assert.equal(script.status, 200);
  assert.equal(script.headers.get("content-type"), "text/javascript; charset=utf-8");
  assert.match(await script.text(), /export function createClient/);
  // Paths of operations still reach the API; unknown paths outside the directory stay 404s.
  assert.equal((await fetch(`${server.baseUrl}/store/inventory`)).status, 200);
  const missing = await fetch(`${server.baseUrl}/web/nope.js`);
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get("content-type"), "application/problem+json");
  assert.equal((await fetch(`${server.baseUrl}/web/..%2F..%2Frun.sh`)).status, 404);
});

test("a full flow in headless Chromium", async () => {
  const page = await open();

  // An invalid pet: the client rejects with an ApiError and the page shows the field.
  await page.fill("#name", "");
  await page.click("#add button");
  await page.waitForFunction(() => document.querySelector("#error")?.textContent !== "");
  assert.match((await page.textContent("#error")) ?? "", /^400 .*\/body\/name/);

  // Two pets with different statuses; the list follows the filter.
  await page.fill("#name", "Rex");
  await page.selectOption("#status", "available");
  await page.click("#add button");
  await page.waitForSelector("#pets li .name:text-is('Rex')");
  await page.fill("#name", "Mittens");
  await page.selectOption("#status", "pending");
  await page.click("#add button");
  await page.waitForSelector("#pets li .name:text-is('Mittens')");
  assert.deepEqual(await page.locator("#pets .name").allTextContents(), ["Mittens"]);
  assert.match((await page.textContent("#message")) ?? "", /^added Mittens \(#\d+\)$/);
  await page.selectOption("#filter", "available");
  await page.waitForSelector("#pets li .name:text-is('Rex')");
  assert.deepEqual(await page.locator("#pets .name").allTextContents(), ["Rex"]);

  // A photo from a file input: a File sent as the binary body.
  await page.setInputFiles("#pets li input.photo", {
    name: "rex.png",
    mimeType: "image/png",
    buffer: Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  });
  await page.waitForFunction(() => document.querySelector("#message")?.textContent?.startsWith("stored"));
  assert.equal(await page.textContent("#message"), "stored 256 bytes (rex.png)");

  // Delete: the list empties, and the API agrees.
  const id = await page.getAttribute("#pets li", "data-id");
  await page.click("#pets li button.delete");
  await page.waitForFunction(() => document.querySelectorAll("#pets li").length === 0);
  assert.equal(await page.textContent("#message"), "deleted Rex");
  assert.equal((await fetch(`${server.baseUrl}/pet/${id}`)).status, 404);

  await page.close();
  assert.deepEqual(pageErrors, [], "no errors in the page");
});
