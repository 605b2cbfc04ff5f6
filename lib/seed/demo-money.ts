// The demo's money, booked through the real services: weeks closed up to `now`, due maturities, and for
// fiona an available bonus and an ACH method past its hold, so a withdrawal can be demoed at once.
// No "server-only" marker: the demo seed runs this in plain Node.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { payoutMethodUsableAt } from "@/lib/billing";
import { setDbForTests } from "@/lib/db/client";
import { payBonus } from "@/lib/bonuses/pay-bonus";
import { closeDueWeeks } from "@/lib/jobs/close-due-weeks";
import { sealClosedWeeks } from "@/lib/proof/seal-weeks";
import { matureDueEarnings } from "@/lib/ledger/mature-earnings";
import { setNoticeSink } from "@/lib/realtime/notify";

const DAY_MS = 86_400_000;

export async function seedDemoMoney(prisma: PrismaClient, now: Date, ids: { clara: string; fiona: string; mobileContract: string }): Promise<void> {
  // the ledger services use lib/db's client: point it at the seed's database; no realtime server runs yet
  setDbForTests(prisma);
  setNoticeSink(() => undefined);
  try {
    const addedAt = new Date(now.getTime() - 10 * DAY_MS);
    await prisma.payoutMethod.create({
      data: { userId: ids.fiona, kind: "ACH", label: "Demo checking account", last4: "6789", details: { token: "tok_demo_fiona_ach" }, isDefault: true, createdAt: addedAt, usableFrom: payoutMethodUsableAt(addedAt) },
    });
    const clara = await prisma.user.findUniqueOrThrow({ where: { id: ids.clara } });
    await payBonus(
      { id: clara.id, email: clara.email, name: clara.name, role: clara.role, timezone: clara.timezone },
      { contractId: ids.mobileContract, amountCents: 25_000, memo: "Launch bonus: the beta shipped on time", idempotencyKey: "demo-launch-bonus" },
      new Date(now.getTime() - 8 * DAY_MS),
    );
    await closeDueWeeks(now);
    await sealClosedWeeks(now); // R15.3 as the weekly-close job does
    await matureDueEarnings(now);
  } finally {
    setNoticeSink(null);
  }
}
