// The dev and e2e mail catcher: a real SMTP exchange in, its page and JSON out.
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { startMailCatcher } from "./mail-catcher";

const catcher = await startMailCatcher();
afterAll(() => catcher.close());

describe("the mail catcher", () => {
  it("lists what it received, newest first, with text, escaped HTML and headers", async () => {
    const transport = nodemailer.createTransport(catcher.smtpUrl);
    await transport.sendMail({ from: "Hourglass <hourglass@localhost>", to: "fiona@example.test", subject: "First", text: "one", html: "<p>one</p>" });
    await transport.sendMail({ from: "Hourglass <hourglass@localhost>", to: "clara@example.test", subject: "Second <b>", text: "two", html: `<p onclick="x">two & "more"</p>`, headers: { "List-Unsubscribe": "<https://portal.example.test/api/unsubscribe?t=x>" } });
    const json = (await (await fetch(`${catcher.webUrl}/messages.json`)).json()) as Array<{ to: string[]; subject: string; text: string; headers: Record<string, string> }>;
    expect(json.map((m) => [m.to, m.subject, m.text.trim()])).toEqual([
      [["clara@example.test"], "Second <b>", "two"],
      [["fiona@example.test"], "First", "one"],
    ]);
    expect(json[0]!.headers["list-unsubscribe"]).toBe("<https://portal.example.test/api/unsubscribe?t=x>");

    const page = await fetch(catcher.webUrl);
    expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain("<h2>Second &#60;b&#62;</h2>");
    // the email's HTML is shown in a sandboxed frame, never as part of the page
    expect(html).toContain(`<iframe sandbox="" srcdoc="&#60;p onclick=&#34;x&#34;&#62;two &#38; &#34;more&#34;&#60;/p&#62;"`);
    expect(html).not.toContain("<p onclick");
  });

  it("takes another free port when the asked one is busy (a second npm run dev)", async () => {
    const busy = Number(new URL(catcher.webUrl).port);
    const second = await startMailCatcher({ webPort: busy });
    try {
      expect(Number(new URL(second.webUrl).port)).not.toBe(busy);
      expect((await fetch(`${second.webUrl}/messages.json`)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});
