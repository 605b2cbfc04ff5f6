// R16.1, R16.2 joining: sign-up, confirmation, offers to new emails, admin invitations and the first admin.
import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser } from "../../tests/support/factories";
import { signUp } from "./sign-up";
import { confirmEmail, resendConfirmation } from "./confirm-email";
import { acceptInvitation, inviteUser, previewInvitation } from "./invitations";
import { adminSetupNotice } from "./setup-link";
import { checkSetupLink, setupFirstAdmin } from "./setup-admin";
import { createContract } from "../contracts/create-contract";
import { checkCredentials } from "../auth/check-credentials";
import { signUpSchema } from "../validation/accounts";

const { prisma } = await setupTestDatabase();
const PASSWORD = "plum kettle harbour lantern";
let ip = 0;
const nextIp = () => `203.0.113.${++ip}`;
const at = () => new Date();

const mailsTo = (to: string) => prisma.emailOutbox.findMany({ where: { toAddress: to }, orderBy: { createdAt: "asc" } });
const linkIn = (text: string, path: string) => {
  const match = new RegExp(`https?://[^\\s]+${path}[^\\s]*`).exec(text);
  if (!match) throw new Error(`no ${path} link in:\n${text}`);
  return new URL(match[0]);
};
const offer = (freelancerEmail: string) => ({ title: "Landing page", freelancerEmail, hourlyRateCents: 4_000, weeklyLimitHours: 10, manualTimeAllowed: false, weeklyPaymentCents: 0 });

describe("sign-up (R16.1)", () => {
  it("makes an unconfirmed client who cannot hire until the emailed link confirms them", async () => {
    const email = "new-client@example.test";
    await signUp({ name: "Nora New", email, password: PASSWORD }, nextIp(), at());
    const user = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(user).toMatchObject({ role: "CLIENT", emailConfirmedAt: null });
    const [mail] = await mailsTo(email);
    expect(mail).toMatchObject({ kind: "account", subject: expect.stringContaining("Confirm") });
    const client = { id: user.id, email, name: user.name, role: user.role, timezone: user.timezone };

    await expect(createContract(client, offer("someone@example.test"), at())).rejects.toMatchObject({ status: 403, message: expect.stringContaining("Confirm your email") });
    expect(await prisma.user.findUnique({ where: { email: "someone@example.test" } })).toBeNull();

    const token = linkIn(mail!.textBody, "/confirm-email").searchParams.get("token")!;
    await expect(confirmEmail(token, at())).resolves.toEqual({ email });
    expect((await prisma.user.findUniqueOrThrow({ where: { email } })).emailConfirmedAt).not.toBeNull();
    await expect(confirmEmail(token, at())).rejects.toMatchObject({ status: 410, code: "used" });
    await expect(checkCredentials({ email, password: PASSWORD, ip: nextIp(), now: at() })).resolves.toEqual({ userId: user.id });
    await expect(createContract(client, offer("someone@example.test"), at())).resolves.toMatchObject({ id: expect.any(String) });
  });

  it("answers an existing address the same way, changes nothing and mails its owner instead (R16.2)", async () => {
    const existing = await makeUser(prisma, "FREELANCER");
    const before = await prisma.user.findUniqueOrThrow({ where: { id: existing.id } });
    await expect(signUp({ name: "Impostor", email: existing.email, password: PASSWORD }, nextIp(), at())).resolves.toBeUndefined();
    expect(await prisma.user.findUniqueOrThrow({ where: { id: existing.id } })).toEqual(before);
    const mails = await mailsTo(existing.email);
    expect(mails.map((m) => m.subject)).toEqual([expect.stringContaining("already have")]);
    expect(await prisma.linkToken.count({ where: { email: existing.email } })).toBe(0);
  });

  it("refuses weak passwords, and malformed or very long emails, naming the field", async () => {
    await expect(signUp({ name: "Weak", email: "weak@example.test", password: "password1234" }, nextIp(), at())).rejects.toMatchObject({ status: 422, details: { fields: { password: expect.any(String) } } });
    await expect(signUp({ name: "Short", email: "short@example.test", password: "short" }, nextIp(), at())).rejects.toMatchObject({ details: { fields: { password: expect.stringContaining("12") } } });
    expect(await prisma.user.count({ where: { email: { in: ["weak@example.test", "short@example.test"] } } })).toBe(0);
    const parsed = (email: string) => signUpSchema.safeParse({ name: "X", email, password: PASSWORD }).error?.issues[0];
    expect(parsed("not-an-email")).toMatchObject({ path: ["email"], message: expect.stringContaining("valid email") });
    expect(parsed(`${"a".repeat(250)}@example.test`)).toMatchObject({ path: ["email"], message: expect.stringContaining("254") });
    expect(signUpSchema.parse({ name: " X ", email: " Mixed@Example.TEST ", password: PASSWORD }).email).toBe("mixed@example.test");
  });

  it("limits sign-ups per address with a Retry-After, new and existing addresses alike", async () => {
    const email = "limited@example.test";
    for (let i = 0; i < 3; i++) await signUp({ name: "Lim", email, password: PASSWORD }, nextIp(), at());
    await expect(signUp({ name: "Lim", email, password: PASSWORD }, nextIp(), at())).rejects.toMatchObject({ status: 429, details: { retryAfterSeconds: expect.any(Number) } });
    expect((await mailsTo(email)).length).toBe(3);
  });

  it("resends the confirmation only while unconfirmed", async () => {
    const email = "resend@example.test";
    await signUp({ name: "Res", email, password: PASSWORD }, nextIp(), at());
    const row = await prisma.user.findUniqueOrThrow({ where: { email } });
    const user = { id: row.id, email, name: row.name, role: row.role, timezone: row.timezone };
    await expect(resendConfirmation(user, nextIp(), at())).resolves.toEqual({ sent: true });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(2);
    await confirmEmail(linkIn(mails[1]!.textBody, "/confirm-email").searchParams.get("token")!, at());
    await expect(resendConfirmation(user, nextIp(), at())).resolves.toEqual({ sent: false });
  });
});

describe("invitations (R16.1)", () => {
  it("an offer to an email with no account invites its owner, who joins and finds the offer waiting", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const email = "invitee@example.test";
    const { id: contractId } = await createContract(client, offer(email), at());
    const invitee = await prisma.user.findUniqueOrThrow({ where: { email } });
    expect(invitee.role).toBe("FREELANCER");
    await expect(checkCredentials({ email, password: "invited", ip: nextIp(), now: at() })).rejects.toMatchObject({ status: 401 });
    const invitation = (await mailsTo(email)).find((m) => m.subject.includes("offer"))!;
    const token = linkIn(invitation.textBody, "/invitations/").pathname.split("/").pop()!;
    await expect(previewInvitation(token)).resolves.toEqual({ email, role: "FREELANCER", inviterName: client.name, offerTitle: "Landing page" });

    await expect(acceptInvitation({ token, name: "Ivy Invitee", password: "password1234" }, at())).rejects.toMatchObject({ details: { fields: { password: expect.any(String) } } });
    await expect(acceptInvitation({ token, name: "Ivy Invitee", password: PASSWORD }, at())).resolves.toEqual({ userId: invitee.id, next: `/contracts/${contractId}` });
    expect(await prisma.user.findUniqueOrThrow({ where: { email } })).toMatchObject({ name: "Ivy Invitee", emailConfirmedAt: expect.any(Date) });
    await expect(checkCredentials({ email, password: PASSWORD, ip: nextIp(), now: at() })).resolves.toEqual({ userId: invitee.id });
    expect(await prisma.contract.findUniqueOrThrow({ where: { id: contractId } })).toMatchObject({ freelancerId: invitee.id, status: "OFFER" });
    await expect(acceptInvitation({ token, name: "Again", password: PASSWORD }, at())).rejects.toMatchObject({ status: 410, code: "used" });
    await expect(previewInvitation("not-a-token")).rejects.toMatchObject({ status: 404 });
  });

  it("a second offer to someone invited but not joined sends a second invitation; either link joins once", async () => {
    const client = await makeUser(prisma, "CLIENT");
    const email = "twice@example.test";
    await createContract(client, offer(email), at());
    await createContract(client, { ...offer(email), title: "Second job" }, at());
    const links = (await mailsTo(email)).filter((m) => m.textBody.includes("/invitations/")).map((m) => linkIn(m.textBody, "/invitations/").pathname.split("/").pop()!);
    expect(links).toHaveLength(2);
    await acceptInvitation({ token: links[1]!, name: "Tw Ice", password: PASSWORD }, at());
    await expect(previewInvitation(links[0]!)).rejects.toMatchObject({ status: 410, message: expect.stringContaining("already joined") });
  });

  it("admins invite any role, clients none; an address with an account is refused naming the field", async () => {
    const admin = await makeUser(prisma, "ADMIN");
    const client = await makeUser(prisma, "CLIENT");
    await expect(inviteUser(client, { email: "boss@example.test", role: "ADMIN" }, at())).rejects.toMatchObject({ status: 403 });
    expect(await prisma.user.findUnique({ where: { email: "boss@example.test" } })).toBeNull();
    await expect(inviteUser(admin, { email: "boss@example.test", role: "ADMIN" }, at())).resolves.toMatchObject({ resent: false });
    expect(await prisma.user.findUniqueOrThrow({ where: { email: "boss@example.test" } })).toMatchObject({ role: "ADMIN" });
    await expect(inviteUser(admin, { email: "boss@example.test", role: "ADMIN" }, at())).resolves.toMatchObject({ resent: true });
    await expect(inviteUser(admin, { email: client.email, role: "FREELANCER" }, at())).rejects.toMatchObject({ status: 422, details: { fields: { email: expect.any(String) } } });
    const token = linkIn((await mailsTo("boss@example.test"))[0]!.textBody, "/invitations/").pathname.split("/").pop()!;
    await expect(acceptInvitation({ token, name: "Boss", password: PASSWORD }, at())).resolves.toMatchObject({ next: "/" });
  });
});

describe("the first admin (R16.1)", () => {
  it("prints a setup link once while no admin exists; it creates one admin, once", async () => {
    await prisma.user.deleteMany({ where: { role: "ADMIN" } });
    const notice = await adminSetupNotice(prisma, at());
    const token = /\/setup\/([\w-]+)/.exec(notice!)![1]!;
    expect(await adminSetupNotice(prisma, at())).toMatch(/A setup link was printed at .*works until/);
    await expect(checkSetupLink(token)).resolves.toBeUndefined();
    await expect(setupFirstAdmin({ token, name: "Ada Admin", email: "ada@example.test", password: "short" }, at())).rejects.toMatchObject({ status: 422 });
    await expect(setupFirstAdmin({ token, name: "Ada Admin", email: "ada@example.test", password: PASSWORD }, at())).resolves.toMatchObject({ userId: expect.any(String) });
    expect(await prisma.user.findUniqueOrThrow({ where: { email: "ada@example.test" } })).toMatchObject({ role: "ADMIN", emailConfirmedAt: expect.any(Date) });
    await expect(setupFirstAdmin({ token, name: "Eve", email: "eve@example.test", password: PASSWORD }, at())).rejects.toMatchObject({ status: 410 });
    await expect(checkSetupLink(token)).rejects.toMatchObject({ status: 410 });
    expect(await adminSetupNotice(prisma, at())).toBeNull();
  });
});
