import { describe, expect, it } from "vitest";
import { setupTestDatabase } from "../../tests/support/database";
import { makeUser, TEST_PASSWORD } from "../../tests/support/factories";
import { RULES } from "../config/rules";
import { checkCredentials, INVALID_CREDENTIALS_MESSAGE } from "./check-credentials";

const { prisma } = await setupTestDatabase();
const at = new Date("2024-06-05T10:00:30Z");
const LIMIT = RULES.auth.maxFailedSignInsPerMinute;

describe("checkCredentials", () => {
  it("accepts the right password, with the email in any case", async () => {
    const user = await makeUser(prisma, "CLIENT", { email: "mixed@test.example" });
    await expect(checkCredentials({ email: " MIXED@test.example ", password: TEST_PASSWORD, ip: "10.0.0.1", now: at })).resolves.toEqual({ userId: user.id });
  });

  it("gives the same message for a wrong password and for an unknown email", async () => {
    const user = await makeUser(prisma, "CLIENT");
    const wrongPassword = await checkCredentials({ email: user.email, password: "nope", ip: "10.0.0.2", now: at }).catch((e: Error) => e);
    const unknownEmail = await checkCredentials({ email: "nobody@test.example", password: TEST_PASSWORD, ip: "10.0.0.2", now: at }).catch((e: Error) => e);
    expect(wrongPassword).toMatchObject({ code: "invalid_credentials", status: 401, message: INVALID_CREDENTIALS_MESSAGE });
    expect(unknownEmail).toMatchObject({ code: "invalid_credentials", status: 401, message: INVALID_CREDENTIALS_MESSAGE });
  });

  it(`answers 429 after ${LIMIT} failures in a minute for one account, even with the right password, until the window passes`, async () => {
    const user = await makeUser(prisma, "FREELANCER");
    for (let i = 0; i < LIMIT; i++) {
      await expect(checkCredentials({ email: user.email, password: "bad", ip: `10.1.0.${i}`, now: at })).rejects.toMatchObject({ status: 401 });
    }
    const limited = await checkCredentials({ email: user.email, password: TEST_PASSWORD, ip: "10.1.1.1", now: at }).catch((e: unknown) => e);
    expect(limited).toMatchObject({ code: "rate_limited", status: 429 });
    expect((limited as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBe(60);
    await expect(checkCredentials({ email: user.email, password: TEST_PASSWORD, ip: "10.1.1.1", now: new Date(at.getTime() + 59_000) })).rejects.toMatchObject({ status: 429 });
    await expect(checkCredentials({ email: user.email, password: TEST_PASSWORD, ip: "10.1.1.1", now: new Date(at.getTime() + 60_000) })).resolves.toEqual({ userId: user.id });
  });

  it("counts a burst that straddles a minute boundary as one burst (sliding window)", async () => {
    const user = await makeUser(prisma, "FREELANCER");
    const before = new Date("2024-06-05T10:00:58Z");
    const after = new Date("2024-06-05T10:01:01Z");
    for (let i = 0; i < LIMIT; i++) {
      const now = i < LIMIT / 2 ? before : after;
      await expect(checkCredentials({ email: user.email, password: "bad", ip: `10.4.0.${i}`, now })).rejects.toMatchObject({ status: 401 });
    }
    const limited = await checkCredentials({ email: user.email, password: TEST_PASSWORD, ip: "10.4.1.1", now: new Date("2024-06-05T10:01:02Z") }).catch((e: unknown) => e);
    expect(limited).toMatchObject({ code: "rate_limited", status: 429 });
    // The first half ages out at 10:01:58, leaving 5 of 10: one more try is let in.
    expect((limited as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds).toBe(56);
    await expect(checkCredentials({ email: user.email, password: TEST_PASSWORD, ip: "10.4.1.1", now: new Date("2024-06-05T10:01:58Z") })).resolves.toEqual({ userId: user.id });
  });

  it(`answers 429 after ${LIMIT} failures in a minute from one address, across accounts`, async () => {
    const victim = await makeUser(prisma, "CLIENT");
    for (let i = 0; i < LIMIT; i++) {
      await checkCredentials({ email: `guess${i}@test.example`, password: "bad", ip: "10.9.9.9", now: at }).catch(() => undefined);
    }
    await expect(checkCredentials({ email: victim.email, password: TEST_PASSWORD, ip: "10.9.9.9", now: at })).rejects.toMatchObject({ status: 429 });
    await expect(checkCredentials({ email: victim.email, password: TEST_PASSWORD, ip: "10.9.9.10", now: at })).resolves.toEqual({ userId: victim.id });
  });

  it("does not count successful sign-ins", async () => {
    const user = await makeUser(prisma, "CLIENT");
    for (let i = 0; i < LIMIT + 2; i++) {
      await expect(checkCredentials({ email: user.email, password: TEST_PASSWORD, ip: "10.2.0.1", now: at })).resolves.toEqual({ userId: user.id });
    }
  });

  it("refuses suspended accounts with the same message", async () => {
    const user = await makeUser(prisma, "CLIENT");
    await prisma.user.update({ where: { id: user.id }, data: { suspendedAt: at } });
    await expect(checkCredentials({ email: user.email, password: TEST_PASSWORD, ip: "10.3.0.1", now: at })).rejects.toMatchObject({ message: INVALID_CREDENTIALS_MESSAGE });
  });
});
