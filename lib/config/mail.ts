// Where the portal's emails go out (SMTP_URL) and whom they come from (MAIL_FROM).
// No "server-only" marker: the launchers and the worker run in plain Node.
type Env = Record<string, string | undefined>;

/** Choice: outside production a missing MAIL_FROM is this; `npm run dev` points SMTP_URL at its local mail catcher. */
const DEV_MAIL_FROM = "Hourglass <hourglass@localhost>";

export function smtpUrl(env: Env = process.env): string | null {
  return env.SMTP_URL || null;
}

export function mailFrom(env: Env = process.env): string {
  return env.MAIL_FROM || DEV_MAIL_FROM;
}

/** What is wrong with the mail settings of a production process (R16: sign-up, resets and notifications need email). */
export function mailProblems(env: Env): string[] {
  const problems: string[] = [];
  const url = env.SMTP_URL;
  if (!url) problems.push("SMTP_URL is not set: sign-up confirmations, invitations, password resets and notifications go by email; set it, e.g. smtps://user:password@mail.example.com:465.");
  else if (!/^smtps?:\/\/[^/]/.test(url) || !URL.canParse(url)) problems.push("SMTP_URL is not an smtp:// or smtps:// URL (e.g. smtps://user:password@mail.example.com:465).");
  const from = env.MAIL_FROM;
  if (!from) problems.push('MAIL_FROM is not set: the sender of the portal\'s emails, e.g. "Hourglass <billing@example.com>".');
  else if (!/[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+/.test(from)) problems.push(`MAIL_FROM "${from}" has no email address on a real domain, e.g. "Hourglass <billing@example.com>".`);
  return problems;
}
