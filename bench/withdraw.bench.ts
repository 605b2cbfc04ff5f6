// Withdraw now benchmark (prints, asserts nothing): withdrawals/s from 16 concurrent clients through the real
// service, against a single-row UPDATE at the same concurrency. Run: npx tsx --conditions=react-server bench/withdraw.bench.ts
import { pathToFileURL } from "node:url";
import { urlFor } from "../lib/db/embedded";
import { migrate } from "../lib/db/migrate";
import { createPrismaClient, setDbForTests } from "../lib/db/client";
import { clientAccount, clientAccountSpecs, ensureAccounts, freelancerAccount, freelancerAccountSpecs, idOf, payoutAccountSpecs, platformAccountSpecs } from "../lib/ledger/accounts";
import { bookTransfers } from "../lib/ledger/book";
import { transaction } from "../lib/ledger/db";
import { setNoticeSink } from "../lib/realtime/notify";
import { withdraw } from "../lib/payouts/withdraw";
import { withThrowawayPostgres } from "./support/throwaway-postgres";

const CLIENTS = 16;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const NOW = new Date("2024-06-19T09:00:00Z");

/** Runs `work(client, i)` from CLIENTS concurrent loops for SECONDS; returns operations per second. */
async function throughput(work: (client: number, i: number) => Promise<unknown>): Promise<number> {
  const until = performance.now() + SECONDS * 1000;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      for (let i = 0; performance.now() < until; i++) {
        await work(client, i);
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

export async function main(): Promise<void> {
  await withThrowawayPostgres("withdraw", { ephemeral: true }, async ({ port, admin }) => {
    await admin.query("CREATE DATABASE bench");
    const url = urlFor(port, "bench");
    await migrate(url);
    process.env.DATABASE_POOL_SIZE = String(CLIENTS + 4);
    const prisma = createPrismaClient(url);
    setDbForTests(prisma);
    setNoticeSink(() => undefined); // no realtime server here

    // 16 freelancers with $10M available each; half withdraw by ACH ($0 fee), half by local bank ($0.99)
    const funder = await prisma.user.create({ data: { email: "funder@bench.test", name: "Funder", role: "CLIENT", passwordHash: "x" } });
    const freelancers: Array<{ id: string; methodId: string }> = [];
    for (let i = 0; i < CLIENTS; i++) {
      const u = await prisma.user.create({ data: { email: `f${i}@bench.test`, name: `Freelancer ${i}`, role: "FREELANCER", passwordHash: "x" } });
      const m = await prisma.payoutMethod.create({
        data: { userId: u.id, kind: i % 2 ? "LOCAL_BANK" : "ACH", label: "Bank", last4: "6789", details: { token: "tok" }, isDefault: true, createdAt: new Date("2024-06-01T00:00:00Z"), usableFrom: new Date("2024-06-04T00:00:00Z") },
      });
      const ids = await ensureAccounts([...clientAccountSpecs(funder.id), ...freelancerAccountSpecs(u.id), ...platformAccountSpecs(), ...payoutAccountSpecs(u.id)]);
      await transaction((tx) =>
        bookTransfers(tx, [{
          key: `bench-funding:${u.id}`, type: "ADJUSTMENT", referenceId: `HG-BENCH-${i}`, description: "Bench funding", createdAt: NOW,
          entries: [{ accountId: idOf(ids, clientAccount(funder.id)), amountCents: -1_000_000_000 }, { accountId: idOf(ids, freelancerAccount(u.id, "available")), amountCents: 1_000_000_000 }],
        }]),
      );
      freelancers.push({ id: u.id, methodId: m.id });
    }
    await prisma.$executeRawUnsafe("CREATE TABLE bench_floor (id int PRIMARY KEY, n bigint NOT NULL)");
    await prisma.$executeRawUnsafe(`INSERT INTO bench_floor SELECT g, 0 FROM generate_series(0, ${CLIENTS - 1}) g`);

    const withdrawOnce = (client: number, i: number, round: string) => {
      const f = freelancers[client]!;
      return withdraw({ id: f.id }, { amountCents: 500, methodId: f.methodId, idempotencyKey: `${round}-${client}-${i}` }, NOW);
    };
    const floorOnce = (client: number) => prisma.$executeRaw`UPDATE bench_floor SET n = n + 1 WHERE id = ${client}`;
    // warm both paths up, then alternate them so both see the same machine
    await throughput((c, i) => withdrawOnce(c, i, "warm").then(() => floorOnce(c)));
    const floors: number[] = [];
    const rates: number[] = [];
    for (let round = 0; round < 2; round++) {
      floors.push(await throughput((c) => floorOnce(c)));
      rates.push(await throughput((c, i) => withdrawOnce(c, i, `r${round}`)));
    }
    const floor = Math.max(...floors);
    const rate = Math.max(...rates);
    const [check] = await prisma.$queryRaw<Array<{ n: bigint; negative: bigint }>>`
      SELECT (SELECT count(*) FROM withdrawals) AS n, (SELECT count(*) FROM ledger_accounts WHERE balance_cents < 0 AND NOT allow_negative) AS negative`;
    console.log(`withdrawals: ${rate.toFixed(0)}/s from ${CLIENTS} concurrent clients (target >= 500/s); ${check!.n} withdrawals booked, ${check!.negative} negative accounts`);
    console.log(`floor (a single-row UPDATE transaction, same concurrency, same client): ${floor.toFixed(0)}/s`);
    console.log(`ratio: the floor is ${(floor / rate).toFixed(2)}x the withdrawal rate (best of 2 rounds each, ${SECONDS} s per round)`);
    await prisma.$disconnect();
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
