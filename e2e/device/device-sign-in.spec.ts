// The tracker's device sign-in (RFC 8628) against the real portal: a tracker (here, fetch) starts it,
// the freelancer signs in, confirms the code at /device and approves; the token then works until
// revoked in Settings › Tracker. Also the refusals a person sees for expired, used, unknown and guessed codes.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { confirmIn, DEMO_PASSWORD, DEMO_USERS, fromAddress, signIn, streamedIn } from "../fixtures";
import { query } from "../diary/support";

const GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** The page's refusal (Next's own route announcer is an empty role=alert too). */
const refusal = (page: Page) => page.locator("main [role=alert]");

interface Started {
  device_code: string;
  user_code: string;
  verification_uri_complete: string;
}

/** What the tracker does first: POST /device/code, as a form, from its own address. */
async function startSignIn(request: APIRequestContext, deviceName: string, address: string): Promise<Started> {
  const res = await request.post("/api/tracker/v1/device/code", { form: { device_name: deviceName }, headers: fromAddress(address) });
  expect(res.status()).toBe(200);
  return (await res.json()) as Started;
}

async function poll(request: APIRequestContext, deviceCode: string): Promise<{ status: number; body: { error?: string; access_token?: string } }> {
  const res = await request.post("/api/tracker/v1/device/token", { form: { grant_type: GRANT, device_code: deviceCode } });
  return { status: res.status(), body: await res.json() };
}

test("a freelancer approves a tracker at /device after signing in, the tracker gets a working token, and revoking the device stops it", async ({ page, request }) => {
  const started = await startSignIn(request, "E2E workstation", "198.51.100.31");
  expect(started.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
  const url = new URL(started.verification_uri_complete);
  expect(url.pathname).toBe("/device");
  expect((await poll(request, started.device_code)).body.error).toBe("authorization_pending");

  // signed out: the browser goes through sign-in and comes back to /device with the code
  await signIn(page, "fiona", `${url.pathname}${url.search}`);
  await expect(page).toHaveURL(new RegExp(`/device\\?code=${started.user_code}$`));
  await expect(page.getByTestId("device-user-code")).toHaveText(started.user_code);
  await expect(page.getByLabel("Device name")).toHaveValue("E2E workstation");
  const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa"]).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

  await page.getByLabel("Device name").fill("Fiona's E2E box");
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByRole("status")).toContainText("“Fiona's E2E box” is signed in");

  // the tracker's next poll gets the token, once
  await new Promise((r) => setTimeout(r, 5_000)); // the RFC 8628 interval the portal asked for
  const issued = await poll(request, started.device_code);
  expect(issued.status).toBe(200);
  const token = issued.body.access_token!;
  const me = await request.get("/api/tracker/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  expect((await me.json()).user.email).toBe(DEMO_USERS.fiona.email);
  await new Promise((r) => setTimeout(r, 5_000));
  expect((await poll(request, started.device_code)).body.error).toBe("invalid_grant");

  // reopening the link says the code was used
  await page.goto(`${url.pathname}${url.search}`);
  await expect(refusal(page)).toContainText("This code was already used");

  // Settings › Tracker lists the device with its last use, and revokes it
  await page.goto("/settings/tokens");
  await expect(page.getByRole("heading", { name: "Settings › Tracker" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Download the tracker" }).first()).toHaveAttribute("href", "/download");
  const row = page.getByTestId("device-row").filter({ hasText: "Fiona's E2E box" });
  await expect(row.getByRole("cell").nth(3)).not.toHaveText("never");
  await row.getByRole("button", { name: "Revoke" }).click();
  await confirmIn(page, "Revoke “Fiona's E2E box”?", "Revoke device");
  await expect(row).toContainText("revoked");
  expect((await request.get("/api/tracker/v1/me", { headers: { authorization: `Bearer ${token}` } })).status()).toBe(401);
});

test("Deny signs nothing in; expired, unknown and guessed codes get a clear refusal", async ({ page, request }) => {
  await signIn(page, "felix", "/device");
  const denied = await startSignIn(request, "Not mine", "198.51.100.32");
  await page.getByLabel("Code shown by your tracker").fill(denied.user_code.toLowerCase().replace("-", ""));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("device-user-code")).toHaveText(denied.user_code);
  await page.getByRole("button", { name: "Deny" }).click();
  await expect(page.getByRole("status")).toContainText("Sign-in denied");
  expect((await poll(request, denied.device_code)).body.error).toBe("access_denied");

  const expired = await startSignIn(request, "Too slow", "198.51.100.33");
  await query("UPDATE device_authorizations SET expires_at = created_at WHERE user_code = $1", [expired.user_code.replace("-", "")]);
  await page.goto(`/device?code=${expired.user_code}`);
  await expect(refusal(page)).toContainText("This code has expired");
  expect((await poll(request, expired.device_code)).body.error).toBe("expired_token");

  // unknown codes: a refusal each, then 10 wrong codes in 15 minutes stop the guessing
  for (let i = 0; i < 10; i++) {
    await page.goto(`/device?code=BBBB-BBB${"CDFGHJKLMN"[i]}`);
    await expect(refusal(page)).toContainText("No sign-in is waiting for this code");
  }
  const real = await startSignIn(request, "After the guesses", "198.51.100.34");
  await page.goto(`/device?code=${real.user_code}`);
  await expect(refusal(page)).toContainText("Too many wrong codes");
  await expect(page.getByTestId("device-user-code")).toHaveCount(0);
});

test("a client is told that only freelancers sign in the tracker", async ({ browser, request }) => {
  const started = await startSignIn(request, "Clara's try", "198.51.100.35");
  const page = await (await browser.newContext()).newPage();
  await page.goto(`/device?code=${started.user_code}`);
  await expect(page).toHaveURL(/\/sign-in/);
  await page.getByLabel("Email").fill(DEMO_USERS.clara.email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/device\?code=/);
  await streamedIn(page);
  await expect(refusal(page)).toContainText("Only freelancers sign in the tracker");
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  expect((await poll(request, started.device_code)).body.error).toBe("authorization_pending");
  await page.context().close();
});
