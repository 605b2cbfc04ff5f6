// The entry of the built tracker (tracker/build.ts): the bundled script and the single executable.
// From a source checkout, tracker/cli.ts runs itself (npm run tracker -- <command>).
import "./node-check";
import { main } from "./cli";

main(process.argv.slice(2)).then((code) => process.exit(code));
