// The payout job, run once by an end-to-end test (the e2e portal runs no worker):
// hands new withdrawals to the sandbox provider at the portal's clock, then checks
// them a few minutes later, when the sandbox has settled them, paid or failed.
// Usage: tsx --conditions=react-server e2e/settings/run-payouts.ts (DATABASE_URL and the clock offset from the e2e env)
import { now } from "../../lib/clock";
import { db } from "../../lib/db/client";
import { processPayouts } from "../../lib/payouts/process-payouts";

const SETTLED_AFTER_MS = 3 * 60_000; // the sandbox settles 2 minutes after submission
const at = now();
const submitted = await processPayouts(at);
const settled = await processPayouts(new Date(at.getTime() + SETTLED_AFTER_MS));
console.log(JSON.stringify({ submitted, settled }));
await db().$disconnect();
process.exit(0);
