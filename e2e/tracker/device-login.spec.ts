// `hourglass-tracker login <portal>` without a token: the CLI starts a device sign-in (RFC 8628),
// opens /device in "the browser" ($BROWSER, here a script that records the URL), the freelancer
// approves it in Chromium, and the CLI stores its own token. Deny ends the CLI with a clear message.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, TrackerCli, makeTrackerFixture, query, waitFor } from "./support";

test.describe.configure({ timeout: 120_000 });

/** A $BROWSER that writes the URL it was asked to open into a file. */
function recordingBrowser(): { env: Record<string, string>; opened: () => string | null } {
  const dir = mkdtempSync(path.join(tmpdir(), "tracker-browser-"));
  const script = path.join(dir, "browser.sh");
  writeFileSync(script, `#!/bin/sh\nprintf '%s' "$1" > "${dir}/url.tmp" && mv "${dir}/url.tmp" "${dir}/url"\n`, { mode: 0o755 });
  return { env: { BROWSER: script }, opened: () => (existsSync(path.join(dir, "url")) ? readFileSync(path.join(dir, "url"), "utf8") : null) };
}

async function signInAs(page: Page, email: string): Promise<void> {
  expect((await page.request.post("/api/session", { data: { email, password: PASSWORD } })).ok()).toBe(true);
}

test("login <portal> signs the tracker in by a device code that the freelancer approves at /device", async ({ page, baseURL }) => {
  const fixture = await makeTrackerFixture("Tracker device login e2e");
  const browser = recordingBrowser();
  const cli = new TrackerCli(browser.env);
  const login = cli.run("login", baseURL as string, "--device-name", "E2E laptop");

  // the CLI opened verification_uri_complete; the page there shows the same code the CLI printed
  const opened = await waitFor("the CLI to open the browser", () => browser.opened());
  const url = new URL(opened);
  expect(url.pathname).toBe("/device"); // on the portal's configured origin (its name may differ from baseURL's)
  const code = url.searchParams.get("code") as string;
  expect(code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
  await signInAs(page, fixture.freelancerEmail);
  await page.goto(`${url.pathname}${url.search}`);
  await expect(page.getByTestId("device-user-code")).toHaveText(code);
  await expect(page.getByLabel("Device name")).toHaveValue("E2E laptop");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status")).toContainText("is signed in");

  const done = await login;
  expect(done.stderr).toBe("");
  expect(done.code).toBe(0);
  expect(done.stdout).toContain(`One-time code: ${code}`);
  expect(done.stdout).toMatch(/Logged in to .* as Tracker Freelancer .*1 contract\(s\) can be tracked/);
  // its own token, named after the device, which the CLI now uses
  const stored = JSON.parse(readFileSync(path.join(cli.dir, "tracker.json"), "utf8")) as { portalUrl: string; token: string };
  expect(stored.portalUrl).toBe(baseURL);
  expect(stored.token).not.toBe(fixture.token);
  const names = await query<{ name: string }>(`SELECT t.name FROM tracker_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = $1`, [fixture.freelancerEmail]);
  expect(names.map((n) => n.name).sort()).toEqual(["E2E laptop", "e2e"]); // the fixture's pasted token, and the device's
  expect((await cli.run("contracts")).stdout).toContain(fixture.title);
});

test("a sign-in denied at /device ends the CLI with a clear message and stores nothing", async ({ page, baseURL }) => {
  const fixture = await makeTrackerFixture("Tracker device deny e2e");
  const browser = recordingBrowser();
  const cli = new TrackerCli(browser.env);
  const login = cli.run("login", baseURL as string);
  const opened = new URL(await waitFor("the CLI to open the browser", () => browser.opened()));
  await signInAs(page, fixture.freelancerEmail);
  await page.goto(`${opened.pathname}${opened.search}`);
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page.getByRole("status")).toContainText("Sign-in denied");
  const done = await login;
  expect(done.code).toBe(1);
  expect(done.stderr).toMatch(/denied in the browser/);
  expect(existsSync(path.join(cli.dir, "tracker.json"))).toBe(false);
});
