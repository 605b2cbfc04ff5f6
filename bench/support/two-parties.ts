// The world of the benches that measure between a client and a freelancer (messages, calls): two users
// with one password, one active contract between them and its conversation, in a fresh database.
import { createPrismaClient } from "../../lib/db/client";
import { hashPassword } from "../../lib/auth/password";

export interface TwoParties {
  client: { id: string; email: string };
  freelancer: { id: string; email: string };
  conversationId: string;
}

export async function seedTwoParties(databaseUrl: string, opts: { title: string; password: string }): Promise<TwoParties> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const passwordHash = await hashPassword(opts.password);
    const client = await prisma.user.create({ data: { email: "bench-client@example.test", name: "Bench Client", role: "CLIENT", passwordHash } });
    const freelancer = await prisma.user.create({ data: { email: "bench-freelancer@example.test", name: "Bench Freelancer", role: "FREELANCER", passwordHash } });
    const contract = await prisma.contract.create({
      data: { title: opts.title, clientId: client.id, freelancerId: freelancer.id, createdById: client.id, status: "ACTIVE", hourlyRateCents: 5000, startsAt: new Date(), conversation: { create: {} } },
      include: { conversation: true },
    });
    return { client, freelancer, conversationId: contract.conversation!.id };
  } finally {
    await prisma.$disconnect();
  }
}
