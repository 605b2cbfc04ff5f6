// Test fixture: holds a data folder like a running portal does, until killed.
//   tsx scripts/testing/hold-data-folder.ts <folder> <command name>
import { lockDataFolder } from "../lib/data-lock";

const [folder, command] = process.argv.slice(2);
await lockDataFolder(folder as string, command ?? "fixture");
console.log("held");
setInterval(() => undefined, 60_000);
