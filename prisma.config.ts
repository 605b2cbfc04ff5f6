// Prisma CLI config. Native engines cannot be downloaded on our machines, so the
// CLI runs on Prisma's WASM engines through the pg driver adapter
// (see docs/development.md). Migrations are applied by scripts/migrate.ts, not
// by `prisma migrate deploy`; the CLI is used for `generate` and `migrate diff`.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

export default defineConfig({
  schema: "prisma/schema.prisma",
  experimental: { adapter: true },
  engine: "js",
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? "postgresql://localhost:5432/unused" }),
});
