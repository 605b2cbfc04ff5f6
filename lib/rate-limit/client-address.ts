// The address a request came from, for per-address rate limits. Next gives handlers no socket
// address, so scripts/web.ts puts it in an AsyncLocalStorage scope (on globalThis: tsx and Next's
// bundle load separate copies); forwarded headers are believed only from TRUSTED_PROXIES.
// Choice: with no socket address, production trusts no forwarded header and counts all as "unknown" (fails closed).
import { AsyncLocalStorage } from "node:async_hooks";
import { BlockList, isIP } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";

const STORE = Symbol.for("hourglass.peerAddress");
const globals = globalThis as { [STORE]?: AsyncLocalStorage<string> };
const peerStore = (globals[STORE] ??= new AsyncLocalStorage<string>());

/** Wraps a Node request listener so that everything it runs knows the socket's remote address. */
export function withPeerAddress(
  listener: (req: IncomingMessage, res: ServerResponse) => unknown,
): (req: IncomingMessage, res: ServerResponse) => unknown {
  return (req, res) => peerStore.run(normalize(req.socket.remoteAddress ?? "") ?? "unknown", () => listener(req, res));
}

/** The socket address of the request being handled, when our web server is in front. */
export function peerAddress(): string | undefined {
  return peerStore.getStore();
}

/** "::ffff:10.0.0.1" -> "10.0.0.1"; null for anything that is not an IP address. */
function normalize(address: string): string | null {
  const plain = address.trim().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, "");
  return isIP(plain) ? plain : null;
}

let parsed: { text: string; list: BlockList } | undefined;

/** TRUSTED_PROXIES as a BlockList; throws on an entry that is not an IP or CIDR, so a typo is loud. */
export function trustedProxies(text = process.env.TRUSTED_PROXIES ?? ""): BlockList {
  if (parsed?.text === text) return parsed.list;
  const list = new BlockList();
  for (const entry of text.split(",").map((e) => e.trim()).filter(Boolean)) {
    const [ip = "", bits] = entry.split("/");
    const address = normalize(ip);
    if (!address) throw new Error(`TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range.`);
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    const prefix = Number(bits);
    if (bits === undefined) list.addAddress(address, family);
    else if (Number.isInteger(prefix) && prefix >= 0 && prefix <= (family === "ipv6" ? 128 : 32)) list.addSubnet(address, prefix, family);
    else throw new Error(`TRUSTED_PROXIES: "${entry}" has an invalid prefix length.`);
  }
  parsed = { text, list };
  return list;
}

function isTrusted(address: string, trusted: BlockList): boolean {
  return trusted.check(address, isIP(address) === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address: the peer itself unless it is a trusted proxy; then the rightmost
 * X-Forwarded-For entry that is not a trusted proxy (entries left of it are the client's own
 * words). A malformed entry ends the walk at the hop that wrote it.
 */
export function clientAddress(peer: string, forwardedFor: string | null, trusted: BlockList): string {
  let client = peer;
  if (!isTrusted(client, trusted)) return client;
  const hops = (forwardedFor ?? "").split(",").map((h) => h.trim()).filter(Boolean);
  for (const hop of hops.reverse()) {
    const address = normalize(hop);
    if (!address) return client;
    client = address;
    if (!isTrusted(client, trusted)) return client;
  }
  return client;
}

let warned = false;

/** clientAddress for a request, with the fallback described at the top when the peer is unknown. */
export function requestAddress(headers: Headers, production: boolean): string {
  const forwardedFor = headers.get("x-forwarded-for");
  const peer = peerAddress();
  if (peer) return clientAddress(peer, forwardedFor, trustedProxies());
  if (production) {
    if (!warned) console.warn("[rate-limit] no socket address: start the web process with scripts/web.ts (npm start); every request now counts as one address");
    warned = true;
    return "unknown";
  }
  const hops = forwardedFor?.split(",").map((h) => h.trim()).filter(Boolean) ?? [];
  return hops.at(-1) ?? "unknown";
}
