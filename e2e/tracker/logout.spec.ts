// `hourglass-tracker logout` against the real portal: refused while tracking runs; after stop, the portal
// revokes the token (DELETE /api/tracker/v1/token), tracker.json is gone and the CLI is signed out.
import { existsSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { TrackerCli, makeTrackerFixture, query } from "./support";

test.describe.configure({ timeout: 120_000 });

const revokedAt = async (token: string) =>
  (await query<{ revoked_at: Date | null }>(`SELECT revoked_at FROM tracker_tokens WHERE prefix = $1`, [token.slice(0, 10)]))[0]?.revoked_at ?? null;

test("logout refuses while tracking, then revokes the token at the portal and forgets it here", async ({ baseURL, request }) => {
  const fixture = await makeTrackerFixture("Tracker logout e2e");
  const cli = new TrackerCli();
  expect((await cli.run("login", baseURL as string, fixture.token)).code).toBe(0);
  const config = path.join(cli.dir, "tracker.json");

  const started = await cli.run("start", "Tracker logout", "--memo", "Before signing out", "--simulate");
  expect(started.stderr).toBe("");
  expect(started.code).toBe(0);
  const refused = await cli.run("logout");
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('Tracking "Tracker logout e2e" is running. Stop it first');
  expect(existsSync(config)).toBe(true);
  expect(await revokedAt(fixture.token)).toBeNull();

  expect((await cli.run("stop")).code).toBe(0);
  const done = await cli.run("logout");
  expect(done.stderr).toBe("");
  expect(done.code).toBe(0);
  expect(done.stdout).toContain(`Signed out of ${baseURL}; the portal revoked this computer's token.`);
  expect(existsSync(config)).toBe(false);
  expect(await revokedAt(fixture.token)).not.toBeNull();
  // the token is dead at the portal, and the CLI knows it is signed out
  expect((await request.get("/api/tracker/v1/me", { headers: { authorization: `Bearer ${fixture.token}` } })).status()).toBe(401);
  const contracts = await cli.run("contracts");
  expect(contracts.code).toBe(1);
  expect(contracts.stderr).toContain("Not logged in");
  expect((await cli.run("logout")).stdout).toContain("Not signed in.");
});
