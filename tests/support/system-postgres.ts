// PostgreSQL 15 from Debian's `postgresql` package, as a self-hoster's own server: initdb and pg_ctl in a
// folder of its own, on a free loopback port, with a password, as the `postgres` user when we are root.
// Installed on demand when root and missing (as scripts/lib/chromium.ts installs Chromium).
import { execFile, execSync } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const BIN = "/usr/lib/postgresql/15/bin";
const run = promisify(execFile);

export function ensureSystemPostgres(): void {
  if (existsSync(path.join(BIN, "pg_ctl"))) return;
  if (process.getuid?.() !== 0) throw new Error(`PostgreSQL 15 not found in ${BIN}: sudo apt-get install -y postgresql-15`);
  console.log("Installing PostgreSQL 15 from Debian packages (first run only)…");
  execSync("apt-get update -qq -o DPkg::Lock::Timeout=300 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 postgresql-15 > /dev/null", { stdio: "inherit" });
  if (!existsSync(path.join(BIN, "pg_ctl"))) throw new Error("apt-get finished but pg_ctl is still missing");
}

export interface SystemPostgres {
  port: number;
  /** postgresql://hourglass:<password>@127.0.0.1:<port>/<database> (the role owns the database) */
  url(database: string): string;
  createDatabase(name: string): Promise<string>;
  /** pg_ctl stop -m fast, then start again on the same port and data */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** stops the server and removes its folder */
  destroy(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/** `env`: the server's environment (e.g. a machine clock set by libfaketime's LD_PRELOAD). */
export async function startSystemPostgres(env: NodeJS.ProcessEnv = process.env): Promise<SystemPostgres> {
  ensureSystemPostgres();
  const root = mkdtempSync(path.join(tmpdir(), "hourglass-system-pg-"));
  chmodSync(root, 0o755);
  const data = path.join(root, "data");
  const password = `pw-${process.pid}-${Date.now()}`;
  const pwfile = path.join(root, "pwfile");
  writeFileSync(pwfile, `${password}\n`);
  // initdb refuses root: the cluster belongs to Debian's postgres user then.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execSync("id -u postgres")), gid = Number(execSync("id -g postgres"));
    chownSync(root, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  const pg = (tool: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", path.join(BIN, tool), ...args], { env }) : run(path.join(BIN, tool), args, { env }));
  await pg("initdb", ["-D", data, "-U", "hourglass", `--pwfile=${pwfile}`, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
  const port = await freePort();
  const options = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = async () => void (await pg("pg_ctl", ["-D", data, "-o", options, "-l", path.join(root, "log"), "-w", "-t", "30", "start"]));
  const stop = async () => void (await pg("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]).catch(() => undefined));
  await start();
  const url = (database: string) => `postgresql://hourglass:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      const { default: pgClient } = await import("pg");
      const admin = new pgClient.Client({ connectionString: url("postgres") });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${name}`);
      } finally {
        await admin.end();
      }
      return url(name);
    },
    stop,
    start,
    async destroy() {
      await stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
