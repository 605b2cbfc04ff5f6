// Joining (issue 16, R16.1, R16.2) in Chromium against the production server, reading the mails the e2e
// mail catcher received: a client signs up, cannot hire until they confirm, confirms from the mail and
// offers a contract to an email with no account; the invitee joins from the invitation mail, lands on
// the offer and accepts it. Signing up with an address that has an account answers the same.
import { expect, test, type Browser, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { DEMO_USERS, signIn } from "../fixtures";
import { whenHydrated } from "../contracts/support";
import { linkIn, waitForMail } from "../support/mail";

const PASSWORD = "plum kettle harbour lantern";

async function fresh(browser: Browser): Promise<Page> {
  return (await browser.newContext()).newPage();
}

async function fillJoinForm(page: Page, fields: { name: string; email?: string; password: string }, submit: string): Promise<void> {
  await whenHydrated(page.getByRole("button", { name: submit }));
  await page.getByLabel("Your name").fill(fields.name);
  if (fields.email !== undefined) await page.getByLabel("Email").fill(fields.email);
  await page.getByLabel("Password", { exact: true }).fill(fields.password);
  await page.getByRole("button", { name: submit }).click();
}

async function sendOffer(page: Page, title: string, freelancerEmail: string): Promise<void> {
  await page.goto("/contracts/new");
  await whenHydrated(page.getByRole("button", { name: "Send offer" }));
  await page.getByLabel("Title").fill(title);
  await page.getByLabel("Freelancer's email").fill(freelancerEmail);
  await page.getByLabel("Hourly rate (USD)").fill("40");
  await page.getByLabel("Weekly limit (hours)").fill("10");
  await page.getByRole("button", { name: "Send offer" }).click();
}

test("a client signs up, confirms, and offers a contract to a new email; the invitee joins from the mail and accepts", async ({ browser }) => {
  const id = randomUUID().slice(0, 8);
  const clientEmail = `client-${id}@joining.test`;
  const inviteeEmail = `freelancer-${id}@joining.test`;
  const title = `Landing page ${id}`;

  // sign up: a weak password is refused at its field, then the account is made
  const client = await fresh(browser);
  await client.goto("/sign-in");
  await client.getByRole("link", { name: "Create a client account" }).click();
  await expect(client).toHaveURL(/\/sign-up$/);
  await fillJoinForm(client, { name: "Cleo Client", email: clientEmail, password: "password1234" }, "Create account");
  await expect(client.locator("#password-error")).toContainText("common");
  await client.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await client.getByRole("button", { name: "Create account" }).click();
  await expect(client.getByTestId("join-done")).toContainText("Check your email");

  // signed in but unconfirmed: the banner, and offers are refused
  await client.goto("/sign-in");
  await client.getByLabel("Email").fill(clientEmail);
  await client.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await client.getByRole("button", { name: "Sign in" }).click();
  await expect(client.getByTestId("signed-in-as")).toContainText("Cleo Client");
  await expect(client.getByTestId("confirm-email-banner")).toContainText("Confirm your email");
  await sendOffer(client, title, inviteeEmail);
  await expect(client.getByText(/Confirm your email address before you hire/)).toBeVisible();

  // the confirmation mail's link confirms; a second use is a clear page, not a crash
  const confirmation = await waitForMail({ to: clientEmail, subject: /Confirm your email/ });
  const confirmLink = linkIn(confirmation, "/confirm-email");
  await client.goto(confirmLink);
  await expect(client.getByTestId("email-confirmed")).toContainText(clientEmail);
  await client.goto(confirmLink);
  await expect(client.getByTestId("link-problem")).toContainText("already used");
  await client.goto("/");
  await expect(client.getByTestId("confirm-email-banner")).toHaveCount(0);

  // an offer to an email with no account: the offer exists and its freelancer is invited
  await sendOffer(client, title, inviteeEmail);
  await expect(client).toHaveURL(/\/contracts\/[0-9a-f-]{36}$/);
  const offerPath = new URL(client.url()).pathname;
  await expect(client.getByTestId("contract-status")).toHaveText("offer");

  // the invitee joins from the invitation mail, signed out, and lands on the offer
  const invitation = await waitForMail({ to: inviteeEmail, subject: /sent you an offer/ });
  const invitationLink = linkIn(invitation, "/invitations/");
  const invitee = await fresh(browser);
  await invitee.goto(invitationLink);
  await expect(invitee.getByText(`"${title}"`)).toBeVisible();
  await expect(invitee.getByLabel("Email")).toHaveValue(inviteeEmail);
  await fillJoinForm(invitee, { name: "Ivo Invitee", password: PASSWORD }, "Join and see the offer");
  await expect(invitee).toHaveURL(new RegExp(`${offerPath}$`));
  await expect(invitee.getByTestId("signed-in-as")).toContainText("Ivo Invitee");
  await whenHydrated(invitee.getByRole("button", { name: "Accept offer", exact: true }));
  await invitee.getByRole("button", { name: "Accept offer", exact: true }).click();
  await expect(invitee.getByTestId("contract-status")).toHaveText("active");
  await expect(client.getByTestId("contract-status")).toHaveText("active");

  // R16.4 both see the offer in their bell: the invitee its arrival, the client (live) its acceptance
  await expect(invitee.getByTestId("notification-bell")).toHaveAttribute("aria-label", /unread/);
  await expect(client.getByTestId("notification-bell")).toHaveAttribute("aria-label", /unread/);
  await invitee.getByTestId("notification-bell").click();
  await expect(invitee.getByRole("link", { name: new RegExp(`New offer: ${title}`) })).toBeVisible();
  await client.getByTestId("notification-bell").click();
  await expect(client.getByRole("link", { name: new RegExp(`Offer accepted: ${title}`) })).toBeVisible();

  // the invitation works once
  const again = await fresh(browser);
  await again.goto(invitationLink);
  await expect(again.getByTestId("link-problem")).toContainText("already");
});

test("signing up with an address that has an account answers the same and mails its owner instead (R16.2)", async ({ browser }) => {
  const page = await fresh(browser);
  const existing = DEMO_USERS.felix.email;
  await page.goto("/sign-up");
  await fillJoinForm(page, { name: "Not Felix", email: existing, password: PASSWORD }, "Create account");
  await expect(page.getByTestId("join-done")).toContainText("Check your email");
  await waitForMail({ to: existing, subject: /already have/ });
  // malformed and very long addresses are named at their field
  await page.goto("/sign-up");
  await fillJoinForm(page, { name: "X", email: "not-an-email", password: PASSWORD }, "Create account");
  await expect(page.locator("#email-error")).toContainText("valid email");
  await page.getByLabel("Email").fill(`${"a".repeat(250)}@joining.test`);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator("#email-error")).toContainText("254");
});

test("an admin invites an admin from /admin; the invitee joins from the mail", async ({ browser }) => {
  const email = `admin-${randomUUID().slice(0, 8)}@joining.test`;
  const admin = await fresh(browser);
  await signIn(admin, "admin", "/admin");
  const form = admin.getByTestId("invite-user-form");
  await whenHydrated(form.getByRole("button", { name: "Send invitation" }));
  await form.getByLabel("Email").fill("not-an-email");
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.locator("#invite-email-error")).toContainText("valid email");
  // an address with an account is named at its field
  await form.getByLabel("Email").fill(DEMO_USERS.felix.email);
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.locator("#invite-email-error")).toContainText("already exists");
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role").selectOption("ADMIN");
  await form.getByRole("button", { name: "Send invitation" }).click();
  await expect(form.getByRole("status")).toContainText("Invitation sent");
  await expect(admin.getByTestId("user-row").filter({ hasText: email })).toContainText("Invited");

  const invitee = await fresh(browser);
  await invitee.goto(linkIn(await waitForMail({ to: email, subject: /invited/ }), "/invitations/"));
  await expect(invitee.getByText("invited you as an admin")).toBeVisible();
  await fillJoinForm(invitee, { name: "Ada Invited", password: PASSWORD }, "Join");
  await expect(invitee.getByTestId("signed-in-as")).toContainText("Ada Invited");
});
