import { describe, expect, it } from "vitest";
import { environmentProblems } from "./environment";
import { mailFrom, mailProblems } from "./mail";

const GOOD = { SMTP_URL: "smtps://portal:pw@mail.example.com:465", MAIL_FROM: "Hourglass <billing@example.com>" };

describe("mail settings", () => {
  it.each([
    ["nothing set", {}, [/SMTP_URL is not set/, /MAIL_FROM is not set/]],
    ["an http URL", { ...GOOD, SMTP_URL: "http://mail.example.com" }, [/SMTP_URL is not an smtp:\/\/ or smtps:\/\/ URL/]],
    ["a sender without an address", { ...GOOD, MAIL_FROM: "Hourglass" }, [/MAIL_FROM "Hourglass" has no email address/]],
    ["a sender on localhost", { ...GOOD, MAIL_FROM: "Hourglass <hourglass@localhost>" }, [/has no email address on a real domain/]],
  ])("production refuses %s", (_name, env, expected) => {
    const problems = mailProblems(env);
    expect(problems).toHaveLength(expected.length);
    expected.forEach((re, i) => expect(problems[i]).toMatch(re));
  });

  it("accepts smtp:// and smtps:// with a sender address", () => {
    expect(mailProblems(GOOD)).toEqual([]);
    expect(mailProblems({ SMTP_URL: "smtp://127.0.0.1:25", MAIL_FROM: "billing@example.com" })).toEqual([]);
  });

  it("is checked for production processes that send mail, not in development", () => {
    expect(environmentProblems({}, "production", { mail: true }).join("\n")).toMatch(/SMTP_URL is not set[^]*MAIL_FROM is not set/);
    expect(environmentProblems({}, "production", { mail: false })).toEqual([]);
    expect(environmentProblems({}, "development", { mail: true })).toEqual([]);
  });

  it("has a local sender outside production", () => {
    expect(mailFrom({})).toBe("Hourglass <hourglass@localhost>");
    expect(mailFrom(GOOD)).toBe(GOOD.MAIL_FROM);
  });
});
