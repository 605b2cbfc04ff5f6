// R16.4 "weekly invoice": the weekly close writes invoices in bulk on raw connections (lib/ledger/close-week.ts),
// so each invoice row is its own outbox entry: announced_at stays null until this job notifies the client and
// sets it, in one transaction. A crash before the commit leaves it for the next run; two workers skip each
// other's rows (SKIP LOCKED), so each invoice is announced exactly once.
import { db } from "@/lib/db/client";
import { notify } from "@/lib/realtime/notify";
import { announceInvoice } from "./announce";
import type { NotificationEvents } from "./notify-users";

const BATCH = 200;

/** Announces every invoice not yet announced; returns how many. */
export async function announceNewInvoices(now: Date): Promise<number> {
  let total = 0;
  for (;;) {
    const events: NotificationEvents = [];
    const n = await db().$transaction(async (tx) => {
      const rows = await tx.$queryRaw<Array<{ id: string }>>`
        SELECT id::text AS id FROM invoices WHERE announced_at IS NULL ORDER BY closed_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`;
      if (rows.length === 0) return 0;
      const invoices = await tx.invoice.findMany({
        where: { id: { in: rows.map((r) => r.id) } },
        select: { id: true, referenceId: true, weekStart: true, totalChargedCents: true, contract: { select: { title: true, clientId: true } } },
      });
      for (const i of invoices) {
        events.push(...await announceInvoice(tx, { clientId: i.contract.clientId, contractTitle: i.contract.title, referenceId: i.referenceId, amountCents: i.totalChargedCents, weekStart: i.weekStart }));
      }
      await tx.invoice.updateMany({ where: { id: { in: invoices.map((i) => i.id) } }, data: { announcedAt: now } });
      return invoices.length;
    });
    await notify(events); // after the commit: the clients' bells
    total += n;
    if (n < BATCH) return total;
  }
}
