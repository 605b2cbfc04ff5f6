// Delivery of the outbox by real worker processes to a real SMTP server: two workers at once send each
// row once; a worker SIGKILLed before the relay's 250 leaves the row to the next worker after its lease,
// delivered once; one killed after the 250 but before it marked the row sent makes the next worker send
// it again, with the same Message-ID (the receiving side can drop it). See the Choice in send-outbox.ts.
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { startTestSmtp, type ReceivedMail, type TestSmtpOptions } from "@/tests/support/smtp";
import { enqueueEmail } from "./outbox";

const tdb = await setupTestDatabase();
const { prisma } = tdb;
let hook: TestSmtpOptions["beforeAnswer"];
const smtp = await startTestSmtp({ beforeAnswer: (mail, i) => hook?.(mail, i) });
afterAll(() => smtp.close());
let seen = 0;
beforeEach(async () => {
  hook = undefined;
  seen = smtp.messages().length;
  await prisma.emailOutbox.deleteMany();
});

const HOST = "delivery.example.test";
const LEASE_PASSED = String(3 * 60_000); // the sender's lease is 2 minutes

function worker(clockOffsetMs = "0"): { child: ChildProcess; exited: Promise<number | null> } {
  // node itself with tsx's loader (the tsx command runs node as a child, which a SIGKILL of the command would leave running)
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "tests/support/mail-sender.ts"], {
    env: { ...process.env, DATABASE_URL: tdb.url, SMTP_URL: smtp.url, AUTH_URL: `https://${HOST}`, AUTH_SECRET: "k3Jx9Qw2Lr8Tz5Vb7Nm1Pd4Hs6Gf0Ya2Ue-delivery", HOURGLASS_MODE: "test", HOURGLASS_CLOCK_OFFSET_MS: clockOffsetMs },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return { child, exited: new Promise((resolve) => child.on("exit", (code) => resolve(code))) };
}

async function queue(n: number): Promise<string[]> {
  await prisma.$transaction(async (tx) => {
    for (let i = 0; i < n; i++) await enqueueEmail(tx, { to: `r${i}@example.test`, kind: "account", subject: `Mail ${i}`, text: `text ${i}`, html: `<p>${i}</p>` });
  });
  return (await prisma.emailOutbox.findMany({ select: { id: true } })).map((r) => r.id);
}

const received = () => smtp.messages().slice(seen);
const rowOf = (mail: ReceivedMail) => mail.messageId!.slice(1, mail.messageId!.indexOf("@"));
function deliveries(): Map<string, number> {
  const count = new Map<string, number>();
  for (const m of received()) count.set(rowOf(m), (count.get(rowOf(m)) ?? 0) + 1);
  return count;
}

describe("delivering the outbox", () => {
  it("two workers at once send every row exactly once", async () => {
    const ids = await queue(30);
    const [a, b] = [worker(), worker()];
    expect(await Promise.all([a.exited, b.exited])).toEqual([0, 0]);
    expect(received().every((m) => m.messageId!.endsWith(`@${HOST}>`))).toBe(true);
    expect([...deliveries().keys()].sort()).toEqual([...ids].sort());
    expect([...deliveries().values()].every((n) => n === 1)).toBe(true);
    expect(await prisma.emailOutbox.count({ where: { status: "sent", attempts: 1 } })).toBe(30);
  });

  it("a worker killed before the relay's 250 leaves the row to the next worker once its lease ran out: delivered once", async () => {
    const ids = await queue(6);
    const first = worker();
    let killed: string | undefined;
    let index = 0;
    hook = async (mail) => {
      if (index++ !== 2) return undefined;
      killed = rowOf(mail);
      first.child.kill("SIGKILL");
      await first.exited;
      return "drop"; // the connection is gone before the answer: the relay keeps nothing
    };
    expect(await first.exited).toBeNull(); // killed by the signal
    hook = undefined;
    expect(await prisma.emailOutbox.findUniqueOrThrow({ where: { id: killed! } })).toMatchObject({ status: "sending" });
    // a worker on the same clock waits for the lease; one after it takes the row over
    expect(await worker(LEASE_PASSED).exited).toBe(0);
    expect([...deliveries().keys()].sort()).toEqual([...ids].sort());
    expect([...deliveries().values()].every((n) => n === 1)).toBe(true);
    expect(await prisma.emailOutbox.findUniqueOrThrow({ where: { id: killed! } })).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("a worker killed after the relay's 250 but before marking the row sent: the next one sends it again, under the same Message-ID", async () => {
    const ids = await queue(4);
    const first = worker();
    // one connection holds the row; another watches (pg_stat_activity is a snapshot inside a transaction)
    const [lock, watch] = [new pg.Client({ connectionString: tdb.url }), new pg.Client({ connectionString: tdb.url })];
    await Promise.all([lock.connect(), watch.connect()]);
    let killed: string | undefined;
    let killing: Promise<void> | undefined;
    let index = 0;
    hook = async (mail) => {
      if (index++ !== 1) return undefined;
      killed = rowOf(mail);
      // hold the row so the worker's "sent" cannot land, accept the message, then kill the worker while it waits
      await lock.query("BEGIN");
      await lock.query("SELECT 1 FROM email_outbox WHERE id = $1 FOR UPDATE", [killed]);
      killing = (async () => {
        for (;;) {
          const waiting = await watch.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query ILIKE '%email_outbox%sent%'");
          if (waiting.rows[0]) {
            first.child.kill("SIGKILL");
            await first.exited;
            await watch.query("SELECT pg_terminate_backend($1, 10000)", [waiting.rows[0].pid]);
            break;
          }
          await new Promise((r) => setTimeout(r, 20));
        }
        await lock.query("ROLLBACK");
      })();
      return undefined; // 250: the relay has it
    };
    await first.exited;
    await killing;
    await Promise.all([lock.end(), watch.end()]);
    hook = undefined;
    expect(await prisma.emailOutbox.findUniqueOrThrow({ where: { id: killed! } })).toMatchObject({ status: "sending", attempts: 1 });
    expect(await worker(LEASE_PASSED).exited).toBe(0);
    const counts = deliveries();
    expect([...counts.keys()].sort()).toEqual([...ids].sort());
    // the one row in the window arrived twice, with one Message-ID; every other row once
    expect(counts.get(killed!)).toBe(2);
    expect([...counts].filter(([id]) => id !== killed).every(([, n]) => n === 1)).toBe(true);
    const copies = received().filter((m) => rowOf(m) === killed);
    expect(new Set(copies.map((m) => m.messageId)).size).toBe(1);
    expect(await prisma.emailOutbox.count({ where: { status: "sent" } })).toBe(4);
  });
});
