import { isIP } from "node:net";

/**
 * Who a request comes from, for per-client limits. The socket's peer is the client unless the peer
 * is a proxy this server trusts (by default the web app on the same machine), in which case the
 * proxy's `X-Forwarded-For` names the client. Anyone can write that header, so it is read only from
 * trusted peers, and only from the right: each proxy appends the address it saw, so the right-most
 * address that is not itself a trusted proxy is the last one a trusted party vouched for; anything
 * to its left was written by the client and is ignored.
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#selecting_an_ip_address
 */

/** The proxies whose X-Forwarded-For is believed. */
export interface TrustedProxies {
  /** 127.0.0.0/8 and ::1 (also written ::ffff:127.x.y.z). */
  readonly loopback: boolean;
  /** Exact addresses, in canonical form (see canonicalAddress). */
  readonly addresses: ReadonlySet<string>;
}

export const TRUST_LOOPBACK: TrustedProxies = { loopback: true, addresses: new Set() };
export const TRUST_NO_PROXY: TrustedProxies = { loopback: false, addresses: new Set() };

/**
 * Reads KGX_TRUSTED_PROXIES: `loopback`, `none`, or a comma list of IP addresses that may include
 * the word `loopback`. Throws with a message naming the bad entry.
 */
export function parseTrustedProxies(text: string): TrustedProxies {
  const entries = text
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (entries.length === 0) throw new Error("is empty; use `loopback`, `none`, or a comma list of IP addresses");
  if (entries.length === 1 && entries[0]?.toLowerCase() === "none") return TRUST_NO_PROXY;
  let loopback = false;
  const addresses = new Set<string>();
  for (const entry of entries) {
    if (entry.toLowerCase() === "loopback") {
      loopback = true;
      continue;
    }
    const address = canonicalAddress(entry);
    if (address === undefined) {
      throw new Error(`has "${entry}", which is not an IP address (use \`loopback\`, \`none\`, or IP addresses; ranges are not supported)`);
    }
    addresses.add(address);
  }
  return { loopback, addresses };
}

/**
 * One spelling per address: IPv4-mapped IPv6 (`::ffff:10.0.0.1`, what a dual-stack socket reports)
 * becomes plain IPv4, IPv6 is written in full lower-case hex, and a port or brackets are dropped.
 * Undefined when the text is not an IP address.
 */
export function canonicalAddress(text: string): string | undefined {
  let address = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  const zone = address.indexOf("%");
  if (zone >= 0) address = address.slice(0, zone);
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return undefined;
  const groups = ipv6Groups(address);
  if (groups[0] === 0 && groups[1] === 0 && groups[2] === 0 && groups[3] === 0 && groups[4] === 0 && groups[5] === 0xffff) {
    const high = groups[6] ?? 0;
    const low = groups[7] ?? 0;
    return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
  }
  return groups.map((g) => g.toString(16).padStart(4, "0")).join(":");
}

/** The eight 16-bit groups of an address that isIP accepted as IPv6. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  // A trailing dotted quad (::ffff:1.2.3.4) stands for the last two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const headGroups = head === "" ? [] : head.split(":");
  const tailGroups = tail === undefined || tail === "" ? [] : tail.split(":");
  const zeros = tail === undefined ? 0 : 8 - headGroups.length - tailGroups.length;
  return [...headGroups, ...Array<string>(zeros).fill("0"), ...tailGroups].map((g) => Number.parseInt(g, 16));
}

function isTrusted(address: string, trusted: TrustedProxies): boolean {
  if (trusted.addresses.has(address)) return true;
  if (!trusted.loopback) return false;
  return address.startsWith("127.") || address === "0000:0000:0000:0000:0000:0000:0000:0001";
}

/**
 * The id a limit counts a client under. IPv6 clients count per /64, the block one subscriber
 * usually gets: counting per address would let one machine take a fresh allowance from each of
 * its 2^64 addresses.
 */
export function clientIdOf(address: string): string {
  if (!address.includes(":")) return address;
  return `${address.split(":").slice(0, 4).join(":")}::/64`;
}

/**
 * The client of a request, as a canonical address: the peer, or, when the peer is a trusted proxy,
 * the right-most untrusted address of X-Forwarded-For. A malformed entry ends the walk at the hop
 * that passed it on, so text that is not an address never becomes a client of its own.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  const peerAddress = (peer && canonicalAddress(peer)) || "unknown";
  if (!isTrusted(peerAddress, trusted) || forwardedFor === undefined) return peerAddress;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  let client = peerAddress;
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = canonicalAddress(hops[index] as string);
    if (hop === undefined) return client;
    client = hop;
    if (!isTrusted(hop, trusted)) return hop;
  }
  return client;
}

/**
 * The X-Forwarded-For a proxy of ours (the web app's server) passes on: what a trusted peer sent,
 * with the peer appended; from any other peer only the peer itself, because a header the client
 * wrote names whoever the client likes. Read with clientAddress on the next hop, this names the
 * address that really connected, or the client behind a trusted proxy.
 */
export function forwardedForChain(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: TrustedProxies): string {
  const peerAddress = (peer && canonicalAddress(peer)) || "unknown";
  const incoming = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? "")).trim();
  if (!isTrusted(peerAddress, trusted) || incoming === "") return peerAddress;
  return `${incoming}, ${peerAddress}`;
}
