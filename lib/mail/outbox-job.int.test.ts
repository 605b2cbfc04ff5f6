// The worker's email-outbox job as the scheduler runs it: it sends what is queued, and a crashed
// worker's run holds the job for 2 minutes (its own lease), not the scheduler's default 15.
import { afterAll, describe, expect, it } from "vitest";
import { setupTestDatabase } from "@/tests/support/database";
import { startTestSmtp } from "@/tests/support/smtp";
import { JOBS } from "@/lib/jobs/definitions";
import { runDueJobs } from "@/lib/jobs/scheduler";
import { enqueueEmail } from "./outbox";

const { prisma } = await setupTestDatabase();
const smtp = await startTestSmtp();
process.env.SMTP_URL = smtp.url;
afterAll(() => smtp.close());
const job = JOBS.find((j) => j.name === "email-outbox")!;

describe("the email-outbox job", () => {
  it("sends the queued email when the scheduler runs it, and is due again 5 s later", async () => {
    await prisma.$transaction((tx) => enqueueEmail(tx, { to: "job@example.test", kind: "account", subject: "From the job", text: "t", html: "<p>t</p>" }));
    const at = new Date();
    const [run] = await runDueJobs(at, [job]);
    expect(run).toEqual({ name: "email-outbox", ok: true, summary: "1 sent, 0 to retry, 0 failed" });
    expect((await smtp.waitFor((m) => m.subject === "From the job")).envelopeTo).toEqual(["job@example.test"]);
    expect((await prisma.scheduledJob.findUniqueOrThrow({ where: { name: "email-outbox" } })).nextRunAt).toEqual(new Date(at.getTime() + 5_000));
    // a run with nothing to send says nothing in the worker's log
    const lines: string[] = [];
    const [idle] = await runDueJobs(new Date(at.getTime() + 5_000), [job], { log: (l) => lines.push(l) });
    expect(idle).toEqual({ name: "email-outbox", ok: true, summary: "" });
    expect(lines).toEqual([]);
  });

  it("leases the job for 2 minutes while it runs", async () => {
    let lockedUntil: Date | null | undefined;
    const at = new Date(Date.now() + 3_600_000);
    await runDueJobs(at, [{ ...job, run: async () => ((lockedUntil = (await prisma.scheduledJob.findUniqueOrThrow({ where: { name: job.name } })).lockedUntil), "probe") }]);
    expect(lockedUntil).toEqual(new Date(at.getTime() + 2 * 60_000));
  });
});
