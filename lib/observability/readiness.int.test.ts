// Readiness against real parts, each taken away and given back: a PostgreSQL 15 of its own (stopped and
// started again), a migrations folder with one more migration than the database has (then applied), S3
// (s3rver) behind a port that closes and opens again, and our realtime server (stopped, then restarted on
// its port). Each failure names its check; each recovery makes the process ready again.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import Pusher from "pusher";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, MIGRATIONS_DIR } from "@/lib/db/migrate";
import { readinessCheck, type Readiness, type ReadinessDeps } from "@/lib/observability/readiness";
import { S3BlobStore } from "@/lib/storage/s3";
import { createRealtimeServer, type RealtimeServer } from "@/realtime/server";
import { startTestS3, S3RVER_CREDENTIALS, type TestS3 } from "@/tests/support/s3";
import { startSystemPostgres, type SystemPostgres } from "@/tests/support/system-postgres";

const APP = { id: "ready-app", key: "ready-key", secret: "ready-secret" };

/** A TCP port in front of `target` that can be closed (connections refused, open ones cut) and opened again. */
function closablePort(targetPort: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const open = () =>
    new Promise<void>((resolve) => {
      server = createServer((socket) => {
        const upstream = connect(targetPort, "127.0.0.1");
        for (const s of [socket, upstream]) {
          sockets.add(s);
          s.on("error", () => s.destroy());
          s.on("close", () => sockets.delete(s));
        }
        socket.pipe(upstream).pipe(socket);
      });
      server.listen(port, "127.0.0.1", () => {
        port = (server?.address() as { port: number }).port;
        resolve();
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server?.close(() => resolve());
    });
  return { open, close, port: () => port };
}

let postgres: SystemPostgres;
let pool: pg.Pool;
let s3: TestS3;
let s3Port: ReturnType<typeof closablePort>;
let realtime: RealtimeServer;
let migrationsDir: string;
let deps: ReadinessDeps;
let ready: () => Promise<Readiness>;
let databaseUrl: string;

const failing = (r: Readiness) => Object.entries(r.checks).filter(([, c]) => !c.ok).map(([name]) => name);

beforeAll(async () => {
  [postgres, s3, realtime] = await Promise.all([startSystemPostgres(), startTestS3(["hourglass"]), createRealtimeServer({ port: 0, apps: [APP] })]);
  databaseUrl = await postgres.createDatabase("ready");
  await migrate(databaseUrl);
  pool = new pg.Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 1_500 });
  pool.on("error", () => undefined); // idle connections die with the server; the next query says so
  migrationsDir = mkdtempSync(path.join(tmpdir(), "hourglass-ready-migrations-"));
  cpSync(MIGRATIONS_DIR, migrationsDir, { recursive: true });
  s3Port = closablePort(Number(new URL(s3.endpoint).port));
  await s3Port.open();
  const store = new S3BlobStore({ endpoint: `http://127.0.0.1:${s3Port.port()}`, region: "us-east-1", bucket: "hourglass", ...S3RVER_CREDENTIALS, forcePathStyle: true });
  deps = { pool, migrationsDir, store, realtime: new Pusher({ appId: APP.id, key: APP.key, secret: APP.secret, host: "127.0.0.1", port: String(realtime.port) }) };
  ready = readinessCheck(() => deps, 0);
}, 120_000);

afterAll(async () => {
  await pool?.end().catch(() => undefined);
  await Promise.all([postgres?.destroy(), s3?.stop(), s3Port?.close(), realtime?.close()]);
  if (migrationsDir) rmSync(migrationsDir, { recursive: true, force: true });
});

describe("readiness (GET /api/health/ready)", () => {
  it("is ready with everything up, and writes its storage probe", async () => {
    const r = await ready();
    expect(r.checks).toEqual({ database: { ok: true }, migrations: { ok: true }, storage: { ok: true }, realtime: { ok: true } });
    expect(r.ok).toBe(true);
    expect(s3.requests).toContainEqual({ method: "PUT", path: "/hourglass/health/ready-probe" });
  });

  it("fails the database and migrations checks while PostgreSQL is stopped, and recovers when it is back", async () => {
    await postgres.stop();
    const down = await ready();
    expect(down.ok).toBe(false);
    expect(failing(down)).toEqual(["database", "migrations"]);
    expect(down.checks.database.error).toBeTruthy();
    await postgres.start();
    expect((await ready()).ok).toBe(true);
  });

  it("fails while a migration is pending, naming it, and recovers once it is applied", async () => {
    mkdirSync(path.join(migrationsDir, "29991231000000_ready_probe"));
    writeFileSync(path.join(migrationsDir, "29991231000000_ready_probe", "migration.sql"), "CREATE TABLE ready_probe (id int);\n");
    const pending = await ready();
    expect(failing(pending)).toEqual(["migrations"]);
    expect(pending.checks.migrations.error).toContain("1 pending (29991231000000_ready_probe): run npm run db:migrate");
    await migrate(databaseUrl, { dir: migrationsDir });
    expect((await ready()).ok).toBe(true);
  });

  it("fails storage while S3 is unreachable, and recovers when it answers again", async () => {
    await s3Port.close();
    const down = await ready();
    expect(failing(down)).toEqual(["storage"]);
    await s3Port.open();
    expect((await ready()).ok).toBe(true);
  });

  it("fails realtime while the realtime server is down, and recovers when it is back on its port", async () => {
    const port = realtime.port;
    await realtime.close();
    const down = await ready();
    expect(failing(down)).toEqual(["realtime"]);
    realtime = await createRealtimeServer({ port, apps: [APP] });
    expect((await ready()).ok).toBe(true);
  });
});
