// The demo's sign-ins: shared by the seed, the start banner and the e2e tests.
export const DEMO_PASSWORD = "hourglass-demo";

export const DEMO_USERS = {
  admin: { email: "admin@hourglass.test", name: "Ada Admin", role: "ADMIN", timezone: "UTC" },
  clara: { email: "clara@hourglass.test", name: "Clara Client", role: "CLIENT", timezone: "America/New_York", verified: true },
  carl: { email: "carl@hourglass.test", name: "Carl Client", role: "CLIENT", timezone: "Europe/London", verified: false },
  fiona: { email: "fiona@hourglass.test", name: "Fiona Freelancer", role: "FREELANCER", timezone: "Asia/Karachi" },
  felix: { email: "felix@hourglass.test", name: "Felix Freelancer", role: "FREELANCER", timezone: "Europe/Berlin" },
  farah: { email: "farah@hourglass.test", name: "Farah Freelancer", role: "FREELANCER", timezone: "America/Sao_Paulo" },
} as const;

export type DemoUserKey = keyof typeof DEMO_USERS;
