// Issue 13 in a real browser against the production server (scripts/web.ts): sign-in never
// bounces to another site, sign-out ends a session even for a copied cookie, "Sign out
// everywhere" ends the other browsers' sessions, and the per-address limit counts the client a
// trusted proxy names, never an address further left in X-Forwarded-For.
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { DEMO_PASSWORD } from "../fixtures";
import { copyOfDemoUser } from "./support";

// An account of this file's own (a freelancer, as felix), so ending its sessions touches no other test.
const ownAccount = () => copyOfDemoUser("felix", "sessions", "Session Test");

async function signInWithForm(page: Page, email: string, path = "/sign-in"): Promise<void> {
  await page.goto(path);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signed-in-as")).toContainText("Session Test");
}

async function signedInContext(browser: Browser, email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInWithForm(page, email);
  return { context, page };
}

for (const callbackUrl of ["/%5Cevil.example/", "/%09/evil.example/", "/%5C%5Cevil.example", "https://evil.example/"]) {
  test(`sign-in with callbackUrl=${callbackUrl} stays on the portal`, async ({ page, baseURL }) => {
    await signInWithForm(page, await ownAccount(), `/sign-in?callbackUrl=${callbackUrl}`);
    expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  });
}

test("sign-in with a same-origin callbackUrl lands on it", async ({ page }) => {
  await signInWithForm(page, await ownAccount(), `/sign-in?callbackUrl=${encodeURIComponent("/settings/tokens?x=1")}`);
  await expect(page).toHaveURL(/\/settings\/tokens\?x=1$/);
});

test("a session cookie copied before sign-out does not work after it", async ({ browser }) => {
  const email = await ownAccount();
  const { context, page } = await signedInContext(browser, email);
  const thief = await browser.newContext();
  await thief.addCookies(await context.cookies());
  const stolen = await thief.newPage();
  await stolen.goto("/settings/tokens");
  await expect(stolen.getByTestId("signed-in-as")).toContainText("Session Test");

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in/);

  await stolen.goto("/settings/tokens");
  await expect(stolen).toHaveURL(/\/sign-in\?callbackUrl=/);
  const api = await thief.request.get("/api/settings/tracker-tokens");
  expect(api.status()).toBe(401);
  await Promise.all([context.close(), thief.close()]);
});

test("Sign out everywhere in Settings ends the account's session in another browser", async ({ browser }) => {
  const email = await ownAccount();
  const laptop = await signedInContext(browser, email);
  const phone = await signedInContext(browser, email);
  await phone.page.goto("/settings/get-paid");
  await phone.page.getByRole("button", { name: "Sign out everywhere" }).click();
  await expect(phone.page).toHaveURL(/\/sign-in/);
  await laptop.page.goto("/settings/tokens");
  await expect(laptop.page).toHaveURL(/\/sign-in\?callbackUrl=/);
  await Promise.all([laptop.context.close(), phone.context.close()]);
});

test("behind a trusted proxy, the limit counts the client it names, not addresses a client wrote further left", async ({ request }) => {
  // The e2e server trusts 127.0.0.1 (Playwright) as its proxy; "<client>, 127.0.0.1" is a chain of two hops.
  const via = (client: string) => ({ "x-forwarded-for": `${client}, 127.0.0.1` });
  const email = await ownAccount();
  for (let i = 0; i < 10; i++) {
    const res = await request.post("/api/session", { data: { email: `nobody-${randomUUID()}-${i}@hourglass.test`, password: "x" }, headers: via("203.0.113.50") });
    expect(res.status()).toBe(401);
  }
  expect((await request.post("/api/session", { data: { email, password: DEMO_PASSWORD }, headers: via("203.0.113.50") })).status()).toBe(429);
  expect((await request.post("/api/session", { data: { email, password: DEMO_PASSWORD }, headers: via("203.0.113.51") })).status()).toBe(200);
});

test("the sign-in endpoint refuses a cross-site form (login CSRF)", async ({ request }) => {
  const email = await ownAccount();
  const res = await request.post("/api/session", {
    headers: { "content-type": "text/plain", origin: "https://evil.example", "sec-fetch-site": "cross-site" },
    data: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  expect(res.status()).toBe(403);
  const plain = await request.post("/api/session", { headers: { "content-type": "text/plain" }, data: JSON.stringify({ email, password: DEMO_PASSWORD }) });
  expect(plain.status()).toBe(415);
});
