// Issue 20 (first contact): started as root in a folder the database's own user cannot enter (a project
// under /root), `npm run dev` used to die with a raw `spawn initdb EACCES` stack. Now it ends with one
// sentence saying which folder and what to do, and no stack. The folder here is a 0700 temporary folder
// whose entries link to this checkout, so the launcher runs from it exactly as from /root/hourglass.
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inOneSentence } from "@/lib/observability/log";

const root = userInfo().uid === 0;
const locked = mkdtempSync(path.join(tmpdir(), "hourglass-root-only-"));
afterAll(() => rmSync(locked, { recursive: true, force: true }));

describe("npm run dev as root in a folder the user postgres cannot enter", () => {
  // Choice: skipped when not root: only root runs PostgreSQL as another user, so only root meets this.
  it.skipIf(!root)("ends with one sentence naming the folder and what to do, and no stack", async () => {
    expect(statSync(locked).mode & 0o777).toBe(0o700);
    for (const entry of readdirSync(process.cwd())) {
      if ([".data", ".git"].includes(entry) || entry.startsWith(".next")) continue;
      symlinkSync(path.join(process.cwd(), entry), path.join(locked, entry));
    }
    const env: NodeJS.ProcessEnv = { ...process.env, HOURGLASS_PG_PORT: String(40000 + (process.pid % 20000)), PORT: "0" };
    for (const name of ["DATABASE_URL", "HOURGLASS_DATA_DIR", "HOURGLASS_MODE", "HOURGLASS_DEBUG", "NODE_ENV"]) delete env[name];
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/dev.ts"], { cwd: locked, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));

    expect(code).toBe(1);
    const last = out.trim().split("\n").at(-1);
    expect(last).toBe(
      `npm run dev stopped: As root, the embedded PostgreSQL runs as the user postgres, which cannot enter ${locked}: run this as an ordinary user, move the project to a folder others can enter (such as /srv/hourglass), or set DATABASE_URL to a PostgreSQL of your own.`,
    );
    expect(out).not.toMatch(/^\s+at /m);
    expect(out).not.toContain("EACCES");
  });
});

describe("a launcher's failure in one sentence", () => {
  it.each([
    [Object.assign(new Error("listen EADDRINUSE: address already in use 0.0.0.0:3000"), { code: "EADDRINUSE", port: 3000 }), "port 3000 is already in use; stop what holds it, or choose another with PORT (or REALTIME_PORT)."],
    [Object.assign(new Error("spawn /x/initdb EACCES"), { code: "EACCES", syscall: "spawn /x/initdb" }), "a program could not be started (spawn /x/initdb EACCES)"],
    [Object.assign(new Error("connect ECONNREFUSED 10.0.0.9:5432"), { code: "ECONNREFUSED", address: "10.0.0.9", port: 5432 }), "nothing answers at 10.0.0.9:5432; check DATABASE_URL"],
    [new Error("Set AUTH_SECRET (at least 32 random characters) to run in production.\n    at ensureAuthSecret"), "Set AUTH_SECRET (at least 32 random characters) to run in production."],
  ])("%s", (error, sentence) => {
    expect(inOneSentence(error)).toContain(sentence);
    expect(inOneSentence(error)).not.toContain("\n");
  });
});
