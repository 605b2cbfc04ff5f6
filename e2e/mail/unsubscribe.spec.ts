// R16.4 a notification reaches its user by email through the worker, and its one-click link turns that
// kind's email off: the page asks first (opening the link changes nothing), then the switch is off.
import { expect, test } from "@playwright/test";
import { DEMO_USERS, signIn } from "../fixtures";
import { linkIn, waitForMail } from "../support/mail";

test("a paused contract's email reaches the freelancer, and its unsubscribe link turns that kind off", async ({ page, browser, baseURL }) => {
  const origin = { origin: baseURL! };
  await signIn(page, "clara");
  const { contracts } = (await (await page.request.get("/api/contracts")).json()) as { contracts: Array<{ id: string; title: string; status: string; freelancerName: string }> };
  const contract = contracts.find((c) => c.status === "ACTIVE" && c.freelancerName === DEMO_USERS.fiona.name);
  expect(contract, "the demo has an active contract of Clara with Fiona").toBeDefined();
  const { id, title } = contract!;

  const fionaContext = await browser.newContext();
  const fiona = await fionaContext.newPage();
  try {
    expect((await page.request.post(`/api/contracts/${id}/pause`, { headers: origin })).status()).toBe(200);
    const mail = await waitForMail({ to: DEMO_USERS.fiona.email, subject: `Contract paused: ${title}` });
    expect(mail.text).toContain(`Clara Client paused “${title}”`);
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.headers["list-unsubscribe"]).toMatch(new RegExp(`^<${baseURL}/api/unsubscribe\\?t=`));

    // signed out, as from a mail client
    await fiona.goto(linkIn(mail, "/unsubscribe"));
    await expect(fiona.getByRole("heading", { name: "Stop these emails?" })).toBeVisible();
    await expect(fiona.getByTestId("unsubscribe")).toContainText("“Contract paused”");
    await expect(fiona.getByTestId("unsubscribe")).toContainText("fi•••@hourglass.test");
    await fiona.getByRole("button", { name: "Stop these emails" }).click();
    await expect(fiona.getByRole("heading", { name: "You will get no more emails about this" })).toBeVisible();

    await signIn(fiona, "fiona");
    const { preferences } = (await (await fiona.request.get("/api/notifications/preferences")).json()) as { preferences: Array<{ kind: string; inApp: boolean; email: boolean }> };
    expect(preferences.find((p) => p.kind === "contract_paused")).toEqual({ kind: "contract_paused", inApp: true, email: false });
    expect(preferences.find((p) => p.kind === "contract_resumed")?.email).toBe(true);
  } finally {
    await page.request.post(`/api/contracts/${id}/resume`, { headers: origin });
    await fiona.request.put("/api/notifications/preferences", { data: { kind: "contract_paused", email: true }, headers: origin });
    await fionaContext.close();
  }
});
