// The local mail catcher of `npm run dev` and `npm run test:e2e`: an SMTP server on a free
// local port that keeps what it receives in memory, and a small web page listing it (text and
// HTML), plus the same as JSON for e2e specs (e2e/support/mail.ts). Nothing leaves the machine.
import { createServer, type Server } from "node:http";
import { startTestSmtp, type ReceivedMail } from "../../tests/support/smtp";

export interface CaughtMailJson {
  messageId: string | null;
  to: string[];
  from: string;
  subject: string;
  date: string | null;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailCatcher {
  smtpUrl: string;
  webUrl: string;
  close(): Promise<void>;
}

/** Choice: the page keeps the latest 500 emails; a long dev session does not grow without end. */
const KEEP = 500;

function toJson(m: ReceivedMail): CaughtMailJson {
  const headers: Record<string, string> = {};
  for (const h of m.headerLines) headers[h.key] = h.line.replace(/^[^:]+:\s*/, "");
  return { messageId: m.messageId ?? null, to: m.envelopeTo, from: m.from?.text ?? "", subject: m.subject ?? "", date: m.date?.toISOString() ?? null, text: m.text ?? "", html: typeof m.html === "string" ? m.html : "", headers };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(mails: CaughtMailJson[]): string {
  const items = mails
    .map(
      (m) => `<article><h2>${esc(m.subject)}</h2><p class="meta">To ${esc(m.to.join(", "))} · from ${esc(m.from)} · ${esc(m.date ?? "")} · ${esc(m.messageId ?? "")}</p>
<details open><summary>HTML</summary><iframe sandbox="" srcdoc="${esc(m.html)}"></iframe></details>
<details><summary>Plain text</summary><pre>${esc(m.text)}</pre></details></article>`,
    )
    .join("\n");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>Hourglass mail catcher (${mails.length})</title>
<style>body{font-family:system-ui,sans-serif;max-width:900px;margin:0 auto;padding:16px;color:#1f2937}article{border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;margin:12px 0}h2{font-size:17px;margin:0}.meta{color:#6b7280;font-size:13px}iframe{width:100%;height:360px;border:1px solid #e5e7eb}pre{white-space:pre-wrap}</style></head>
<body><h1>Mail catcher</h1><p>${mails.length ? "Newest first. The page refreshes every 5 seconds." : "No emails yet: the worker sends queued emails within a few seconds."}</p>${items}</body></html>`;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as { port: number }).port));
  });
}

/** `webPort` is tried first (the dev default 1080); a busy port falls back to a free one. */
export async function startMailCatcher(opts: { webPort?: number } = {}): Promise<MailCatcher> {
  const smtp = await startTestSmtp();
  const mails = () => smtp.messages().slice(-KEEP).reverse().map(toJson);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://catcher").pathname;
    if (path === "/messages.json") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(mails()));
    } else if (path === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'" }).end(page(mails()));
    } else {
      res.writeHead(404).end();
    }
  });
  let port: number;
  try {
    port = await listen(server, opts.webPort ?? 0);
  } catch {
    port = await listen(server, 0);
  }
  return {
    smtpUrl: smtp.url,
    webUrl: `http://127.0.0.1:${port}`,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await smtp.close();
    },
  };
}
