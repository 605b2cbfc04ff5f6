// The demo's notifications (R16.4), so the bell and the mail catcher show something on first start:
// written through the same announcements as the real events, emails queued in the outbox. The weekly
// invoices the demo closed are announced by the worker's notifications job like any others.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { announceContract } from "@/lib/notifications/announce";

export async function seedDemoNotifications(prisma: PrismaClient, people: { carl: string; clara: string; fiona: string }, contracts: { logo: string; mobile: string; data: string }): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await announceContract(tx, contracts.mobile, "offer_accepted", people.fiona); // clara: Fiona accepted
    await announceContract(tx, contracts.data, "offer_received", people.clara); // felix: the offer he accepted
    await announceContract(tx, contracts.logo, "contract_paused", people.carl); // fiona: Carl paused Logo refresh
  });
}
