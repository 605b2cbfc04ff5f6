// What backup and restore share: one folder argument, the database the portal uses, progress on
// stderr, and a failure that ends with one sentence (never a stack) and exit code 1.
import { provideDatabase } from "./database";

export async function runOperation(name: string, args: string[], work: (dir: string, databaseUrl: string, log: (line: string) => void) => Promise<void>): Promise<void> {
  const log = (line: string) => console.error(line);
  if (args.length !== 1) {
    console.error(`Usage: npm run ${name} -- <folder>`);
    process.exit(2);
  }
  let stop = async () => undefined as void;
  let failed = false;
  try {
    const db = await provideDatabase(log);
    stop = db.stop;
    await work(args[0]!, db.url, log);
  } catch (error) {
    console.error(`${name} failed: ${(error as Error).message}`);
    failed = true;
  } finally {
    await stop().catch(() => undefined);
  }
  // explicit: the embedded server's exit hook would otherwise end the process with 0
  process.exit(failed ? 1 : 0);
}
