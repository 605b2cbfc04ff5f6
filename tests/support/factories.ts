// Small builders for integration tests. One password hash per run: scrypt is
// deliberately slow, and the tests are not about hashing.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../lib/generated/prisma/client";
import type { Role } from "../../lib/generated/prisma/enums";
import { hashPassword } from "../../lib/auth/password";
import type { CurrentUser } from "../../lib/auth/current-user";

export const TEST_PASSWORD = "correct horse battery staple";
let hash: Promise<string> | undefined;

export async function makeUser(prisma: PrismaClient, role: Role, overrides: { email?: string; name?: string; secondFactor?: boolean } = {}): Promise<CurrentUser> {
  hash ??= hashPassword(TEST_PASSWORD);
  const email = overrides.email ?? `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@test.example`;
  // confirmed, as the demo's users are: only sign-up makes unconfirmed users (R16.1)
  const user = await prisma.user.create({ data: { email, name: overrides.name ?? `${role} ${email}`, role, passwordHash: await hash, emailConfirmedAt: new Date() } });
  // R16.3 admins must have two-step verification on: the factory's have it (a placeholder secret no code
  // matches); tests of enrolment pass secondFactor: false
  if (overrides.secondFactor ?? role === "ADMIN") {
    await prisma.secondFactor.create({ data: { userId: user.id, secretEncrypted: "placeholder: no authenticator app", enabledAt: new Date(), createdAt: new Date() } });
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, timezone: user.timezone };
}

export async function makeContract(prisma: PrismaClient, client: CurrentUser, freelancer: CurrentUser, overrides: { status?: "ACTIVE" | "PAUSED" | "ENDED" | "OFFER"; title?: string } = {}) {
  return prisma.contract.create({
    data: {
      title: overrides.title ?? "Test contract",
      clientId: client.id,
      freelancerId: freelancer.id,
      createdById: client.id,
      status: overrides.status ?? "ACTIVE",
      hourlyRateCents: 2500,
      startsAt: new Date("2024-06-03T00:00:00Z"),
    },
  });
}
