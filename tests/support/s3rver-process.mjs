// s3rver in a process of its own (see s3.ts): node --openssl-legacy-provider s3rver-process.mjs '<json options>'.
// Prints {"port":N} once it listens; exits when its parent closes stdin or goes away.
import S3rver from "s3rver";

const server = new S3rver({ ...JSON.parse(process.argv[2] ?? "{}"), address: "127.0.0.1", port: 0, silent: true });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.stdin.resume();
process.stdin.on("close", () => void server.close().finally(() => process.exit(0)));
