import { DEMO_PASSWORD, DEMO_USERS } from "../../lib/seed/demo-accounts";

export function printBanner(url: string): void {
  const rows = Object.values(DEMO_USERS).map((u) => `  ${u.role.toLowerCase().padEnd(10)} ${u.email.padEnd(24)} ${DEMO_PASSWORD}`);
  console.log(["", `Hourglass is running at ${url}`, "", "Demo sign-ins (role, email, password):", ...rows, ""].join("\n"));
}
