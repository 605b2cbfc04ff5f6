// What the e2e portal emailed: scripts/e2e.ts runs a mail catcher (scripts/lib/mail-catcher.ts)
// as the worker's SMTP server and hands its address to the specs as E2E_MAIL_URL.
import type { CaughtMailJson } from "../../scripts/lib/mail-catcher";

export type CaughtMail = CaughtMailJson;

function catcherUrl(): string {
  const url = process.env.E2E_MAIL_URL;
  if (!url) throw new Error("E2E_MAIL_URL is not set: run the specs through `npm run test:e2e`.");
  return url;
}

/** Every email the catcher has, newest first. */
export async function caughtMails(): Promise<CaughtMail[]> {
  const res = await fetch(`${catcherUrl()}/messages.json`);
  if (!res.ok) throw new Error(`mail catcher answered ${res.status}`);
  return (await res.json()) as CaughtMail[];
}

/** The newest email to `to` (and with a matching subject) once it arrives; the worker sends within seconds. */
export async function waitForMail(match: { to: string; subject?: string | RegExp }, timeoutMs = 30_000): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  const matches = (m: CaughtMail) => m.to.includes(match.to.toLowerCase()) || m.to.includes(match.to);
  const subjectOk = (m: CaughtMail) => match.subject === undefined || (typeof match.subject === "string" ? m.subject === match.subject : match.subject.test(m.subject));
  for (;;) {
    const found = (await caughtMails()).find((m) => matches(m) && subjectOk(m));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${match.to}${match.subject ? ` with subject ${match.subject}` : ""} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The first link in the email's text whose path starts with `pathPrefix` (e.g. "/reset-password"), as an absolute URL. */
export function linkIn(mail: CaughtMail, pathPrefix: string): string {
  for (const [url] of mail.text.matchAll(/https?:\/\/[^\s<>"]+/g)) {
    if (new URL(url).pathname.startsWith(pathPrefix)) return url;
  }
  throw new Error(`no link to ${pathPrefix} in "${mail.subject}":\n${mail.text}`);
}
