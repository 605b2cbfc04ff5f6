// pg_dump and pg_restore for the backup tests and bench: the embedded cluster's major (15), from
// Debian's postgresql-client-15, installed on demand when CI runs as root (as the X11 tools are).
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

export function ensurePgClientTools(major = 15): void {
  if (existsSync(`/usr/lib/postgresql/${major}/bin/pg_dump`) && existsSync(`/usr/lib/postgresql/${major}/bin/pg_restore`)) return;
  if (process.getuid?.() !== 0) return; // a developer's own install (PATH, HOURGLASS_PG_BIN_DIR) is found by lib/operations/backup/pg-tools.ts
  execSync(`apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-client-${major} > /dev/null`, { stdio: "inherit" });
}
