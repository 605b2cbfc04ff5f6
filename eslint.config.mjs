import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

// Each zone: files under `target` may not import from `from`, except the folders or files named.
const floorPlan = [
  { target: "./lib", from: ["./app", "./components"], message: "lib/ never imports app/ or components/." },
  // Choice: lib/billing may also use lib/format (pure, imports nothing): its refusals name amounts as people read them.
  { target: "./lib/billing", from: "./lib", except: ["./billing", "./config", "./format"], message: "lib/billing is pure: it imports only lib/config and lib/format." },
  { target: "./lib/validation", from: "./lib", except: ["./validation", "./config", "./billing", "./format"], message: "lib/validation imports no domain: only lib/config, lib/billing and lib/format." },
  // Choice: and the logger (lib/observability), so its lines are the portal's JSON with the same scrubbing.
  { target: "./realtime", from: "./lib", except: ["./config", "./observability"], message: "The realtime server shares only lib/config (and the logger, lib/observability) with the web app." },
  {
    target: "./tracker",
    from: "./lib",
    // shared on purpose: the billing rules it records by and the API's schemas (bundled into the tracker, never copied)
    except: ["./billing", "./config/rules.ts", "./validation/tracker.ts"],
    message: "The tracker imports only what it shares with the portal on purpose (lib/billing, lib/config/rules, lib/validation/tracker).",
  },
  { target: "./verifier", from: ".", except: ["./verifier", "./node_modules"], message: "verifier/ (hourglass-verify) imports nothing outside itself." },
];

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [".next/**", ".next-e2e*/**", "node_modules/**", "lib/generated/**", ".data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "tracker/dist/**", "verifier/dist/**"],
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // The floor plan: layers import straight down, never up; see docs/architecture.md.
    rules: { "import/no-restricted-paths": ["error", { zones: floorPlan }] },
  },
  {
    // The tracker ships as one executable with no node_modules (tracker/build.ts): no server
    // frameworks and no native modules. Its tests may use the portal's tools to check its output.
    files: ["tracker/**/*.ts"],
    ignores: ["tracker/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["next", "next/*", "next-auth", "next-auth/*", "@prisma/*", "react", "react/*", "react-dom", "react-dom/*", "sharp", "pg", "@/*"],
              message: "The tracker runs without the portal's server code or native modules: use node: built-ins, jpeg-js, zod or the pure lib/ code the floor plan allows.",
            },
          ],
        },
      ],
    },
  },
  {
    // The verifier (hourglass-verify) stands alone: anyone checks a bundle with it without the portal, so
    // verifier/ imports nothing outside itself, and its code runs unchanged in Node and in a browser.
    files: ["verifier/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/*", "../../*", "next", "next/*", "react", "react/*", "@prisma/*", "pg", "sharp"], message: "verifier/ imports nothing outside itself: it must check a bundle without the portal." },
          ],
        },
      ],
    },
  },
  {
    // Only cli.ts (the bin) may use Node: the rest also runs in the browser's "Verify a bundle" page.
    files: ["verifier/src/**/*.ts"],
    ignores: ["verifier/src/cli.ts", "verifier/src/**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { group: ["@/*", "../*", "node:*", "fs", "path", "crypto", "buffer"], message: "verifier/src is isomorphic: WebCrypto via globalThis.crypto.subtle, no Node built-ins, nothing outside verifier/." },
          ],
        },
      ],
    },
  },
];

export default config;
