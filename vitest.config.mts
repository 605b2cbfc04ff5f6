import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  resolve: { alias: { "@": root, "server-only": `${root}tests/support/server-only.ts` } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.ts", "lib/**/*.test.ts", "tracker/**/*.test.ts", "realtime/**/*.test.ts", "scripts/**/*.test.ts", "verifier/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
          // npm test runs this beside the e2e run on 2 cores: scrypt hashing and whole-config ESLint runs
          // went past vitest's 5 s default under that load (a timeout, not a timing assertion)
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".data/**"],
          environment: "node",
          globalSetup: ["tests/support/global-setup.ts"],
          // the portal's signing key (R15.3) is encrypted under AUTH_SECRET: any test whose services seal or sign manual time needs one (a file may set its own)
          env: { AUTH_SECRET: "integration-tests-only-auth-secret-4f9c2a7e1b" },
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      // the production smoke test (scripts/production.smoke.ts): run by scripts/test.ts after Playwright, on its build
      ...(process.env.HOURGLASS_SMOKE === "1" ? [{ extends: true as const, test: { name: "smoke", include: ["scripts/*.smoke.ts"], environment: "node" as const } }] : []),
    ],
  },
});
