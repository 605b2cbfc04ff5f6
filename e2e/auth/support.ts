import { randomUUID } from "node:crypto";
import { DEMO_USERS, type DemoUserKey } from "../fixtures";
import { query } from "../diary/support";

/**
 * A new account with a demo user's role and password (DEMO_PASSWORD) and no contracts, for a test
 * that locks an account out or ends its sessions without touching the demo users other tests sign in as.
 */
export async function copyOfDemoUser(who: DemoUserKey, emailPrefix: string, name: string): Promise<string> {
  const email = `${emailPrefix}-${randomUUID().slice(0, 8)}@hourglass.test`;
  await query(
    `INSERT INTO users (id, email, name, role, password_hash, timezone, email_confirmed_at)
     SELECT gen_random_uuid(), $1, $2, role, password_hash, timezone, email_confirmed_at FROM users WHERE email = $3`,
    [email, name, DEMO_USERS[who].email],
  );
  return email;
}
