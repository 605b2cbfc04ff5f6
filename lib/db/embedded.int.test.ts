// A server left running by a crashed launcher is found and reused, never
// duplicated; a stale pid file from a hard kill does not block the next start.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:net";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded";

const root = mkdtempSync(path.join(tmpdir(), "hourglass-embedded-"));
chmodSync(root, 0o755);
afterAll(() => rmSync(root, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
}

async function query(url: string): Promise<number> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const r = await c.query("select 1 as one");
  await c.end();
  return r.rows[0].one;
}

describe("embedded PostgreSQL", () => {
  it("adopts a server left running instead of starting a second one", async () => {
    const dataDir = path.join(root, "a");
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port, ephemeral: true });
    expect(first.adopted).toBe(false);
    const pid = postmasterPid(dataDir);

    // A second launcher (as after a crash of the first) on the same data, asking for another port.
    const second = await startEmbeddedPostgres({ dataDir, port: await freePort(), ephemeral: true });
    expect(second.adopted).toBe(true);
    expect(second.port).toBe(port);
    expect(postmasterPid(dataDir)).toBe(pid);
    expect(await query(second.adminUrl)).toBe(1);

    await second.stop();
    await expect(query(first.adminUrl)).rejects.toThrow();
  });

  it("keeps its data across restarts, and starts normally over a stale pid file left by a hard kill", async () => {
    const dataDir = path.join(root, "b");
    const port = await freePort();
    const server = await startEmbeddedPostgres({ dataDir, port });
    const c = new pg.Client({ connectionString: server.adminUrl });
    await c.connect();
    await c.query("create table kept (v int); insert into kept values (42)");
    await c.end();
    await server.stop();
    // What a SIGKILL leaves behind: a pid file naming a process that is gone.
    writeFileSync(path.join(dataDir, "postmaster.pid"), `999999\n${dataDir}\n0\n${port}\n\n127.0.0.1\n`);
    const again = await startEmbeddedPostgres({ dataDir, port });
    expect(again.adopted).toBe(false);
    const c2 = new pg.Client({ connectionString: again.adminUrl });
    await c2.connect();
    const kept = await c2.query("select v from kept");
    await c2.end();
    expect(kept.rows).toEqual([{ v: 42 }]);
    await again.stop();
  });
});
