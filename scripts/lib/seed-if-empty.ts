import { createPrismaClient } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/demo";

export async function seedIfEmpty(url: string, now: Date, force = false): Promise<boolean> {
  const prisma = createPrismaClient(url);
  try {
    if (!force && (await prisma.user.count()) > 0) return false;
    const started = Date.now();
    const result = await seedDemo(prisma, now, { log: (l) => console.log(l) });
    console.log(`Demo data: ${Object.keys(result.users).length} users, ${Object.keys(result.contracts).length} contracts, ${result.segments} segments (${result.screenshots} screenshots) in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    return true;
  } finally {
    await prisma.$disconnect();
  }
}
