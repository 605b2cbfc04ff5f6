// Helpers for the tracker's end-to-end tests: a contract and token of their own
// (so the demo's numbers stay as other specs expect), the tracker CLI in a
// throwaway config folder, and a second portal process that a test may kill.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { hashPassword } from "../../lib/auth/password";

export const PASSWORD = "tracker-e2e-password";

export function databaseUrl(): string {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) throw new Error("E2E_DATABASE_URL is not set: run through scripts/e2e.ts");
  return url;
}

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** The portal's clock (the e2e server runs at a fixed shifted instant). */
export function portalNow(): number {
  return Date.now() + Number(process.env.HOURGLASS_CLOCK_OFFSET_MS ?? 0);
}

export interface TrackerFixture {
  contractId: string;
  title: string;
  token: string;
  clientEmail: string;
  freelancerEmail: string;
}

/** A client, a freelancer, an active contract between them, and a tracker token for the freelancer. */
export async function makeTrackerFixture(title: string): Promise<TrackerFixture> {
  const tag = randomUUID().slice(0, 8);
  const passwordHash = await hashPassword(PASSWORD);
  const [client] = await query<{ id: string }>(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, $3, 'CLIENT', $4) RETURNING id`, [
    randomUUID(),
    `tracker-client-${tag}@e2e.test`,
    `Tracker Client ${tag}`,
    passwordHash,
  ]);
  const [freelancer] = await query<{ id: string }>(`INSERT INTO users (id, email, name, role, password_hash) VALUES ($1, $2, $3, 'FREELANCER', $4) RETURNING id`, [
    randomUUID(),
    `tracker-freelancer-${tag}@e2e.test`,
    `Tracker Freelancer ${tag}`,
    passwordHash,
  ]);
  const startsAt = new Date(portalNow() - 14 * 86_400_000);
  const [contract] = await query<{ id: string }>(
    `INSERT INTO contracts (id, title, client_id, freelancer_id, status, hourly_rate_cents, starts_at, created_by_id) VALUES ($1, $2, $3, $4, 'ACTIVE', 3000, $5, $3) RETURNING id`,
    [randomUUID(), title, client!.id, freelancer!.id, startsAt],
  );
  const token = `hgt_${randomBytes(32).toString("base64url")}`;
  await query(`INSERT INTO tracker_tokens (id, user_id, name, token_hash, prefix) VALUES ($1, $2, 'e2e', $3, $4)`, [
    randomUUID(),
    freelancer!.id,
    createHash("sha256").update(token).digest("hex"),
    token.slice(0, 10),
  ]);
  return { contractId: contract!.id, title, token, clientEmail: `tracker-client-${tag}@e2e.test`, freelancerEmail: `tracker-freelancer-${tag}@e2e.test` };
}

export interface StoredRow {
  id: string;
  slot_start: Date;
  memo: string;
  activity_level: number;
  keyboard_counts: number[];
  mouse_counts: number[];
  kind: string;
  storage_key: string | null;
  thumb_key: string | null;
}

export function liveSegments(contractId: string): Promise<StoredRow[]> {
  return query<StoredRow>(
    `SELECT s.id::text, s.slot_start, s.memo, s.activity_level, s.keyboard_counts, s.mouse_counts, s.kind::text, sc.storage_key, sc.thumb_key
     FROM segments s LEFT JOIN screenshots sc ON sc.segment_id = s.id
     WHERE s.contract_id = $1 AND s.deleted_at IS NULL ORDER BY s.slot_start`,
    [contractId],
  );
}

/** Polls `check` until it returns a truthy value (no fixed sleeps). */
export async function waitFor<T>(what: string, check: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The tracker CLI with its own config folder. */
export class TrackerCli {
  readonly home = mkdtempSync(path.join(tmpdir(), "hourglass-tracker-e2e-"));
  readonly dir = path.join(this.home, "hourglass");

  constructor(private readonly extraEnv: Record<string, string> = {}) {}

  run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(
        process.execPath,
        ["--import", "tsx", "tracker/cli.ts", ...args],
        { env: { ...process.env, XDG_CONFIG_HOME: this.home, ...this.extraEnv }, timeout: 120_000 },
        (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  queued(): number {
    const dir = path.join(this.dir, "queue");
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).length : 0;
  }

  rejected(): number {
    const dir = path.join(this.dir, "rejected");
    return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".json")).length : 0;
  }

  journal(): Array<{ event: string; segmentId: string; slotStart: string; status?: number }> {
    const file = path.join(this.dir, "tracker-journal.log");
    if (!existsSync(file)) return [];
    return readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [, event, segmentId, slotStart, status] = line.split(" ");
        return { event: event as string, segmentId: segmentId as string, slotStart: slotStart as string, status: status ? Number(status) : undefined };
      });
  }

  log(): string {
    const file = path.join(this.dir, "tracker.log");
    return existsSync(file) ? readFileSync(file, "utf8") : "";
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const a = s.address();
      s.close(() => resolve(typeof a === "object" && a ? a.port : 0));
    });
  });
}

/** A second portal process on the same build and database, which a test may kill and restart. */
export class PortalProcess {
  private child: ChildProcess | null = null;
  constructor(readonly port: number) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const next = path.resolve("node_modules/next/dist/bin/next");
    this.child = spawn(process.execPath, [next, "start", "--port", String(this.port), "--hostname", "127.0.0.1"], {
      env: { ...process.env, DATABASE_URL: databaseUrl() },
      stdio: "ignore",
      detached: true,
    });
    await waitFor(
      "the second portal to answer",
      async () => {
        try {
          return (await fetch(`${this.url}/api/health`)).ok;
        } catch {
          return false;
        }
      },
      60_000,
    );
  }

  /** Kills the portal's whole process group at once, as a crash or power cut would. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child?.pid || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    process.kill(-child.pid, "SIGKILL");
    await exited;
    this.child = null;
  }
}
