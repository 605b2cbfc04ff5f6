// Production needs a way to send email (R16): the launcher and a worker started
// on its own refuse to start without SMTP_URL and MAIL_FROM, like AUTH_SECRET.
import { describe, expect, it } from "vitest";
import { bareEnv, runTsx as run, SAFE_SECRETS } from "./testing/spawn";

const { SMTP_URL: _url, MAIL_FROM: _from, ...withoutMail } = SAFE_SECRETS;

describe("production refuses to start without mail settings", () => {
  it("npm start names both variables", async () => {
    const result = await run(["scripts/start.ts"], { ...bareEnv(), ...withoutMail, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/never" });
    expect(result.code).toBe(1);
    expect(result.out).toContain("npm start refuses to start:\n  - SMTP_URL is not set");
    expect(result.out).toContain("  - MAIL_FROM is not set");
  });

  it("a worker started on its own refuses a sender without an address", async () => {
    const result = await run(["--conditions=react-server", "scripts/worker.ts"], { ...bareEnv(), ...SAFE_SECRETS, MAIL_FROM: "Hourglass", NODE_ENV: "production", DATABASE_URL: "postgresql://nobody@127.0.0.1:1/never" });
    expect(result.code).toBe(1);
    expect(result.out).toContain('worker refuses to start:\n  - MAIL_FROM "Hourglass" has no email address');
  });
});
