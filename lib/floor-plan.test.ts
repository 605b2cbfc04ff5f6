// The floor plan in eslint.config.mjs fails `npm run lint` on an upward import: each case lints a
// one-line file placed where it says, through the project's own ESLint configuration.
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function floorPlanErrors(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = imported;\n`, { filePath });
  return result!.messages.filter((m) => m.ruleId === "import/no-restricted-paths").map((m) => m.message);
}

describe("the floor plan in ESLint", () => {
  it("keeps verifier/src isomorphic: no Node built-ins outside its CLI", async () => {
    const [result] = await eslint.lintText('import { readFileSync as imported } from "node:fs";\nexport const used = imported;\n', { filePath: "verifier/src/fixture.ts" });
    expect(result!.messages.map((m) => m.message).join()).toContain("verifier/src is isomorphic");
    const [cli] = await eslint.lintText('import { readFileSync as imported } from "node:fs";\nexport const used = imported;\n', { filePath: "verifier/src/cli.ts" });
    expect(cli!.messages.filter((m) => m.ruleId === "no-restricted-imports")).toEqual([]);
  });

  it.each([
    ["lib/contracts/fixture.ts", 'import { DisputeList as imported } from "@/components/disputes/dispute-list";', "lib/ never imports app/ or components/"],
    ["lib/reports/fixture.ts", 'import { GET as imported } from "@/app/api/ledger/transactions/route";', "lib/ never imports app/ or components/"],
    ["lib/billing/fixture.ts", 'import { db as imported } from "@/lib/db/client";', "lib/billing is pure"],
    ["lib/validation/fixture.ts", 'import { STATUS_LABEL as imported } from "@/lib/payouts/display";', "lib/validation imports no domain"],
    ["realtime/fixture.ts", 'import { db as imported } from "../lib/db/client";', "The realtime server shares only lib/config"],
    ["tracker/fixture.ts", 'import { formatCents as imported } from "../lib/format/money";', "The tracker imports only what it shares"],
    ["verifier/src/fixture.ts", 'import { SLOT_MS as imported } from "@/lib/billing";', "verifier/ (hourglass-verify) imports nothing outside itself"],
    ["verifier/src/fixture.ts", 'import { db as imported } from "../../lib/db/client";', "verifier/ (hourglass-verify) imports nothing outside itself"],
  ])("%s: %s fails", async (filePath, source, message) => {
    const errors = await floorPlanErrors(filePath, source);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain(message);
  });

  it.each([
    ["lib/billing/fixture.ts", 'import { RULES as imported } from "../config/rules";'],
    ["lib/validation/fixture.ts", 'import { SLOT_MS as imported } from "@/lib/billing";'],
    ["lib/payouts/fixture.ts", 'import { db as imported } from "@/lib/db/client";'],
    ["realtime/fixture.ts", 'import { realtimeAppSettings as imported } from "../lib/config/realtime";'],
    ["tracker/fixture.ts", 'import { trackerProfileSchema as imported } from "../lib/validation/tracker";'],
    ["verifier/src/fixture.ts", 'import { canonicalJson as imported } from "./canonical";'],
  ])("%s: %s passes", async (filePath, source) => {
    expect(await floorPlanErrors(filePath, source)).toEqual([]);
  });
});
