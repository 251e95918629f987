import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import proxyaddr from "proxy-addr";

/**
 * Who a request comes from, for per-client limits. The socket's peer is the client unless the peer
 * is a proxy this server trusts (by default the web app on the same machine), in which case the
 * proxy's `X-Forwarded-For` names the client. Anyone can write that header, so it is read only from
 * trusted peers, and only from the right: each proxy appends the address it saw, so the right-most
 * address that is not itself a trusted proxy is the last one a trusted party vouched for; anything
 * to its left was written by the client and is ignored.
 * https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#selecting_an_ip_address
 *
 * Which peers are trusted is decided by proxy-addr (https://github.com/jshttp/proxy-addr): its
 * names, addresses and CIDR ranges, matched across IPv4 and IPv4-mapped IPv6. Its own walk of the
 * header (`proxyaddr(req, trust)`) is not used, because it takes each hop as written: a hop with a
 * port (`203.0.113.1:4711`) or in brackets would not be recognised as a proxy's address, and text
 * that is not an address at all would become the client. The walk here reads each hop as an
 * address first and stops at the hop that passed on anything else.
 */

/** The proxies whose X-Forwarded-For is believed. */
export interface TrustedProxies {
  /** The names, addresses and ranges trusted, as proxy-addr takes them (`loopback`, `10.0.0.5`, `10.0.0.0/8`). */
  readonly entries: readonly string[];
  /** Whether a canonical address (see canonicalAddress) is one of them. */
  readonly includes: (address: string) => boolean;
}

/** proxy-addr's names for ranges, e.g. `loopback` for 127.0.0.0/8 and ::1. */
const RANGE_NAMES = ["loopback", "linklocal", "uniquelocal"] as const;

const LIST_SYNTAX = `\`loopback\`, \`none\`, or a comma list of IP addresses, CIDR ranges (10.0.0.0/8) and the names ${RANGE_NAMES.join(", ")}`;

function trusting(entries: readonly string[]): TrustedProxies {
  const test = proxyaddr.compile([...entries]);
  return { entries, includes: (address) => test(address, 0) };
}

export const TRUST_LOOPBACK: TrustedProxies = trusting(["loopback"]);
export const TRUST_NO_PROXY: TrustedProxies = trusting([]);

/**
 * Reads KGX_TRUSTED_PROXIES: `none`, or a comma list of IP addresses, CIDR ranges and
 * proxy-addr's range names (`loopback`, `linklocal`, `uniquelocal`). Throws with a message naming
 * the bad entry.
 */
export function parseTrustedProxies(text: string): TrustedProxies {
  const written = text
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  if (written.length === 0) throw new Error(`is empty; use ${LIST_SYNTAX}`);
  if (written.length === 1 && written[0]?.toLowerCase() === "none") return TRUST_NO_PROXY;
  return trusting(written.map(trustEntry));
}

/** One list entry in the form proxy-addr takes, or an error naming it. */
function trustEntry(entry: string): string {
  const name = RANGE_NAMES.find((n) => n === entry.toLowerCase());
  if (name) return name;
  const slash = entry.indexOf("/");
  if (slash < 0) {
    const address = canonicalAddress(entry);
    if (address === undefined) throw new Error(`has "${entry}", which is not an IP address or range (use ${LIST_SYNTAX})`);
    return address;
  }
  // proxy-addr (through ipaddr.js) would also take shorthand such as `10.1` for 10.0.0.1, which in
  // a list of trusted peers is more likely a typo than meant: the address must be written in full.
  const network = entry.slice(0, slash);
  if (isIP(network) === 0) throw new Error(`has "${entry}", whose network ${JSON.stringify(network)} is not an IP address (use ${LIST_SYNTAX})`);
  try {
    proxyaddr.compile(entry);
  } catch (error) {
    throw new Error(`has "${entry}", which is not a CIDR range (${(error as Error).message}; the prefix length is 1–32 for IPv4, 1–128 for IPv6)`, {
      cause: error,
    });
  }
  return entry;
}

/**
 * One spelling per address: IPv4-mapped IPv6 (`::ffff:10.0.0.1`, what a dual-stack socket reports)
 * becomes plain IPv4, IPv6 is written as eight lower-case hex groups, and a port, brackets or zone
 * are dropped. Undefined when the text is not an IP address. Node's isIP decides what is an
 * address, since ipaddr.js alone also reads shorthand IPv4 such as `127.1`.
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
  return ipaddr.process(address).toNormalizedString();
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
  if (!trusted.includes(peerAddress) || forwardedFor === undefined) return peerAddress;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((h) => h.trim())
    .filter((h) => h !== "");
  let client = peerAddress;
  for (let index = hops.length - 1; index >= 0; index--) {
    const hop = canonicalAddress(hops[index] as string);
    if (hop === undefined) return client;
    client = hop;
    if (!trusted.includes(hop)) return hop;
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
  if (!trusted.includes(peerAddress) || incoming === "") return peerAddress;
  return `${incoming}, ${peerAddress}`;
}
