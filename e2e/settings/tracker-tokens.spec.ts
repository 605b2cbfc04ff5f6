import { expect, test } from "@playwright/test";
import { confirmIn, signIn } from "../fixtures";

test("a freelancer creates a tracker token, the tracker API accepts it, and revoking it stops it", async ({ page, request }) => {
  await signIn(page, "fiona");
  // Settings opens its first section, Get Paid; the settings navigation reaches the tokens
  await page.getByRole("link", { name: "Settings", exact: true }).click();
  await expect(page).toHaveURL(/\/settings\/get-paid$/);
  await page.getByRole("navigation", { name: "Settings" }).getByRole("link", { name: "Tracker", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Settings › Tracker" })).toBeVisible();
  await page.getByLabel("Token name").fill("E2E laptop");
  await page.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-token").textContent())?.trim() ?? "";
  expect(token).toMatch(/^hgt_[\w-]{43}$/);

  const me = await request.get("/api/tracker/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(me.status()).toBe(200);
  const body = await me.json();
  expect(body.user.email).toBe("fiona@hourglass.test");
  expect(body.contracts.map((c: { title: string }) => c.title)).toEqual(["Mobile app development"]); // the paused one is not offered

  // Shown once: after a reload only the prefix remains, and "last used" is filled in.
  await page.reload();
  await expect(page.getByTestId("new-token")).toHaveCount(0);
  const row = page.getByTestId("token-row").filter({ hasText: "E2E laptop" });
  await expect(row).toContainText(token.slice(0, 10));
  await expect(row).not.toContainText(token.slice(12));
  await expect(row.getByRole("cell").nth(3)).not.toHaveText("never");

  await row.getByRole("button", { name: "Revoke" }).click();
  await confirmIn(page, "Revoke “E2E laptop”?", "Revoke token");
  await expect(row).toContainText("revoked");
  const after = await request.get("/api/tracker/v1/me", { headers: { authorization: `Bearer ${token}` } });
  expect(after.status()).toBe(401);
  expect((await after.json()).error.code).toBe("unauthenticated");
});

test("an empty token name is refused with the field named", async ({ page }) => {
  await signIn(page, "felix", "/settings/tokens");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.locator("#token-name-error")).toContainText("Give the token a name");
});

test("another freelancer's token is 404, and clients cannot manage tokens", async ({ page, browser }) => {
  await signIn(page, "fiona", "/settings/tokens");
  await page.getByLabel("Token name").fill("Fiona's desktop");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toBeVisible();
  const tokens = await (await page.request.get("/api/settings/tracker-tokens")).json();
  const fionasId = tokens.tokens.find((t: { name: string }) => t.name === "Fiona's desktop").id;

  const felix = await browser.newContext();
  const felixPage = await felix.newPage();
  await signIn(felixPage, "felix");
  const stolen = await felixPage.request.delete(`/api/settings/tracker-tokens/${fionasId}`);
  expect(stolen.status()).toBe(404);
  const felixList = await (await felixPage.request.get("/api/settings/tracker-tokens")).json();
  expect(felixList.tokens.map((t: { id: string }) => t.id)).not.toContain(fionasId);
  await felix.close();

  const clara = await browser.newContext();
  const claraPage = await clara.newPage();
  await signIn(claraPage, "clara");
  expect((await claraPage.goto("/settings/tokens"))?.status()).toBe(403);
  const post = await claraPage.request.post("/api/settings/tracker-tokens", { data: { name: "x" } });
  expect(post.status()).toBe(403);
  await clara.close();
});
