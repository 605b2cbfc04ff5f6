import { createPrismaClient } from "../../lib/db/client";
import { adminSetupNotice } from "../../lib/accounts/setup-link";

/** R16.1 prints the first admin's setup link when the database has no admin (once, until used or expired). */
export async function printAdminSetupLink(url: string): Promise<void> {
  const prisma = createPrismaClient(url);
  try {
    const notice = await adminSetupNotice(prisma, new Date());
    if (notice) console.log(notice);
  } finally {
    await prisma.$disconnect();
  }
}
