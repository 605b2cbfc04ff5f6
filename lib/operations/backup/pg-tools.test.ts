// The client tools are the database server's major, found where PostgreSQL's packages put them, and
// any other major is refused in one sentence (real binaries: Debian's postgresql-client-15).
import { describe, expect, it } from "vitest";
import { ensurePgClientTools } from "../../../tests/support/pg-client-tools";
import { findPgTool, pgConnection } from "./pg-tools";

ensurePgClientTools();

describe("findPgTool", () => {
  it("finds the server's major in PostgreSQL's own folder, ahead of PATH", async () => {
    await expect(findPgTool("pg_restore", { version: "15.18", major: 15 }, { PATH: "/usr/bin" })).resolves.toBe("/usr/lib/postgresql/15/bin/pg_restore");
  });

  it("refuses another major in one sentence that says what to install", async () => {
    await expect(findPgTool("pg_dump", { version: "14.9", major: 14 }, { PATH: "/usr/lib/postgresql/15/bin" })).rejects.toThrow(
      "pg_dump at /usr/lib/postgresql/15/bin/pg_dump is PostgreSQL 15 but the database server is PostgreSQL 14.9: install the PostgreSQL 14 client tools (Debian and Ubuntu: postgresql-client-14) or set HOURGLASS_PG_BIN_DIR to the folder holding their pg_dump.",
    );
    await expect(findPgTool("pg_dump", { version: "16.2", major: 16 }, { PATH: "/nowhere" })).rejects.toThrow(/^pg_dump was not found: install the PostgreSQL 16 client tools/);
  });
});

describe("pgConnection", () => {
  it("keeps the password out of the arguments (the process list shows them), in PGPASSWORD", () => {
    const { dbname, env } = pgConnection("postgresql://hourglass:s%40cret@127.0.0.1:5432/hourglass?sslmode=require");
    expect(dbname).toBe("postgresql://hourglass@127.0.0.1:5432/hourglass?sslmode=require");
    expect(env.PGPASSWORD).toBe("s@cret");
  });
});
