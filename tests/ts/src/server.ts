// The real Petstore binary on a free port of 127.0.0.1, with a fresh SQLite database.

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

/** Starts `$PETSTORE_BIN` with `PORT=0` and `extraEnv`, and waits until it listens. */
export async function startPetstore(extraEnv: Record<string, string> = {}): Promise<Server> {
  const binary = process.env["PETSTORE_BIN"];
  if (!binary) throw new Error("set PETSTORE_BIN to the petstore binary (tests/ts/run.sh does)");
  const dir = mkdtempSync(join(tmpdir(), "sls-ts-petstore-"));
  const child = spawn(binary, [], {
    env: {
      ...process.env,
      PORT: "0",
      DATABASE_URL: `sqlite://${dir}/petstore.db`,
      RUST_LOG: "info",
      ...extraEnv,
    },
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
      reject(new Error(`the server exited with ${code} before listening:\n${log.join("\n")}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    log,
    async stop() {
      child.kill("SIGTERM");
      const code = await exited;
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}
