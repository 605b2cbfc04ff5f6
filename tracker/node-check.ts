// First in the built tracker (tracker/main.ts imports it before anything else): on a Node too old
// for it, a sentence instead of a stack trace. node:sea's isSea() (tracker/self.ts) came in 20.12;
// tracker/package.json's engines says the same.
const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 12)) {
  process.stderr.write(`hourglass-tracker needs Node.js 20.12 or later; this is ${process.version}.\n`);
  process.exit(1);
}
