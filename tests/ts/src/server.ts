// Real local-platform servers on a free port of 127.0.0.1: the Petstore (with a fresh SQLite
// database) and the io echo server.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/** A running Petstore server. */
export interface Server {
  /** `http://127.0.0.1:PORT`. */
  baseUrl: string;
  /** Every line the server has logged so far. */
  log: string[];
  /** Stops it with SIGTERM; resolves to its exit code. */
  stop(): Promise<number | null>;
}

/** How long the server may take to print its `listening on` line (a failure, not a measure). */
const STARTUP_LIMIT_MS = 60_000;

/** Starts `$PETSTORE_BIN` on a fresh database, with `extraEnv`, and waits until it listens. */
export async function startPetstore(extraEnv: Record<string, string> = {}): Promise<Server> {
  const binary = process.env["PETSTORE_BIN"];
  if (!binary) throw new Error("set PETSTORE_BIN to the petstore binary (tests/ts/run.sh does)");
  const dir = mkdtempSync(join(tmpdir(), "sls-ts-petstore-"));
  const server = await startServer(binary, { DATABASE_URL: `sqlite://${dir}/petstore.db`, ...extraEnv });
  return {
    ...server,
    async stop() {
      const code = await server.stop();
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

/** Starts a local-platform server `binary` with `PORT=0` and `extraEnv`; waits until it listens. */
export async function startServer(binary: string, extraEnv: Record<string, string> = {}): Promise<Server> {
  const child = spawn(binary, [], {
    env: { ...process.env, PORT: "0", RUST_LOG: "info", ...extraEnv },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const log: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("the server did not start listening")), STARTUP_LIMIT_MS);
    createInterface({ input: child.stdout }).on("line", (line) => {
      log.push(line);
      const found = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(line);
      if (found?.[1]) {
        clearTimeout(timer);
        resolve(Number(found[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${binary} exited with ${code} before listening:\n${log.join("\n")}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    log,
    async stop() {
      child.kill("SIGTERM");
      return exited;
    },
  };
}
