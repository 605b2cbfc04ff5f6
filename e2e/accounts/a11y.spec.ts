// axe-core (WCAG 2.x A/AA) on the pages of joining, signed out: sign-up, a valid invitation, and the clear
// pages an unknown link gets. Serious or critical violations fail, as in e2e/a11y/axe.spec.ts.
import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { signIn, streamedIn } from "../fixtures";
import { linkIn, waitForMail } from "../support/mail";

test("the joining pages have no serious or critical violations", async ({ browser }) => {
  // a real invitation: carl (a confirmed demo client) offers a contract to an address with no account
  const carl = await (await browser.newContext()).newPage();
  await signIn(carl, "carl");
  const email = `a11y-${randomUUID().slice(0, 8)}@joining.test`;
  const res = await carl.request.post("/api/contracts", { data: { title: "Accessibility review", freelancerEmail: email, hourlyRateCents: 3000, weeklyLimitHours: 5 } });
  expect(res.status()).toBe(201);
  const invitation = new URL(linkIn(await waitForMail({ to: email, subject: /sent you an offer/ }), "/invitations/")).pathname;

  const page = await (await browser.newContext()).newPage();
  const found: Array<{ path: string; rule: string; targets: string[] }> = [];
  for (const path of ["/sign-up", invitation, "/invitations/unknown", "/confirm-email?token=unknown", "/setup/unknown"]) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
    await streamedIn(page);
    const { violations } = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    for (const v of violations.filter((x) => x.impact === "serious" || x.impact === "critical")) {
      found.push({ path, rule: v.id, targets: v.nodes.map((n) => n.target.map(String).join(" ")).slice(0, 5) });
    }
  }
  expect(found).toEqual([]);
});
