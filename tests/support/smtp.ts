// A real SMTP server in the test process (smtp-server + mailparser): what the
// portal's worker sends arrives here over TCP, parsed as a mail client would.
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";

export interface ReceivedMail extends ParsedMail {
  /** the RCPT TO addresses of the SMTP envelope */
  envelopeTo: string[];
}

export interface SmtpAnswer {
  /** an SMTP reply code for the end of DATA, e.g. 451 (try later) or 550 (refused) */
  code: number;
  message?: string;
}

export interface TestSmtpOptions {
  /**
   * Called once a whole message has been received, before the server answers the
   * end of DATA. Return an answer to refuse it, or "drop" for a connection lost
   * before the 250 (the message is not kept). Nothing (or undefined) accepts it.
   */
  beforeAnswer?: (mail: ReceivedMail, index: number) => Promise<SmtpAnswer | "drop" | undefined> | SmtpAnswer | "drop" | undefined;
}

export interface TestSmtp {
  url: string;
  port: number;
  /** every message the server accepted (answered 250), in order */
  messages(): ReceivedMail[];
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startTestSmtp(options: TestSmtpOptions = {}): Promise<TestSmtp> {
  const accepted: ReceivedMail[] = [];
  const waiters = new Set<() => void>();
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) {
      void (async () => {
        const parsed = (await simpleParser(stream)) as ReceivedMail;
        parsed.envelopeTo = session.envelope.rcptTo.map((r) => r.address);
        const answer = await options.beforeAnswer?.(parsed, received++);
        if (answer === "drop") return callback(Object.assign(new Error("connection lost"), { responseCode: 421 }));
        if (answer) return callback(Object.assign(new Error(answer.message ?? "refused by the test"), { responseCode: answer.code }));
        callback();
        accepted.push(parsed);
        for (const wake of waiters) wake();
      })().catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => [...accepted],
    waitFor(predicate, timeoutMs = 15_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = accepted.find(predicate);
          if (!found) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching email within ${timeoutMs} ms (received ${accepted.length}: ${accepted.map((m) => m.subject).join(", ")})`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
