import { promises as dns } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { BlockList, isIPv4, isIPv6, type LookupFunction } from 'node:net';

/**
 * SSRF protection for webhook targets (SPEC §5.10): an integrator's URL must not make the worker
 * call into our own network — the cloud metadata service at 169.254.169.254, a database on
 * localhost, a service on 10.x. Checked at creation and again before every delivery, because a
 * name can resolve elsewhere later; and the delivery's connection resolves the name through
 * `publicOnlyLookup`, so the address it connects to is one that was checked (DNS rebinding: a
 * name that answers a public address to the check and a private one to the connection).
 */
export type AddressClass =
  'public' | 'private' | 'loopback' | 'link_local' | 'unspecified' | 'multicast' | 'reserved';

/** Which ranges fall in which class; anything in none of them is public. */
const RANGES: [Exclude<AddressClass, 'public'>, string, number, 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link_local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['reserved', '192.0.0.0', 24, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['reserved', '198.18.0.0', 15, 'ipv4'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  // 240/4 is reserved; it holds the limited broadcast 255.255.255.255 too.
  ['reserved', '240.0.0.0', 4, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['private', 'fc00::', 7, 'ipv6'],
  ['link_local', 'fe80::', 10, 'ipv6'],
  // Site-local: deprecated, but still routed inside some networks.
  ['private', 'fec0::', 10, 'ipv6'],
  ['multicast', 'ff00::', 8, 'ipv6'],
];

const BLOCKS = new Map<Exclude<AddressClass, 'public'>, BlockList>();
for (const [klass, network, prefix, family] of RANGES) {
  const list = BLOCKS.get(klass) ?? new BlockList();
  list.addSubnet(network, prefix, family);
  BLOCKS.set(klass, list);
}

/**
 * IPv6 forms that carry an IPv4 address a packet may end up at: IPv4-mapped (::ffff:0:0/96),
 * IPv4-compatible (::/96, deprecated), NAT64 (64:ff9b::/96) and 6to4 (2002::/16). Classifying the
 * IPv6 form alone would call `::ffff:169.254.169.254` public.
 */
function embeddedIPv4(address: string): string | null {
  const groups = expandIPv6(address);
  if (!groups) return null;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  if (zeros(0, 5) && groups[5] === 0xffff) return v4(groups[6], groups[7]);
  if (zeros(0, 6) && (groups[6] !== 0 || groups[7] > 1)) return v4(groups[6], groups[7]);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && zeros(2, 6)) return v4(groups[6], groups[7]);
  if (groups[0] === 0x2002) return v4(groups[1], groups[2]);
  return null;
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail allowed), or null. */
function expandIPv6(address: string): number[] | null {
  if (!isIPv6(address)) return null;
  let text = address.split('%')[0];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1].split('.').map(Number);
    text = `${text.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const parse = (part: string) => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? 0 : 8 - left.length - right.length;
  const groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  return groups.length === 8 ? groups : null;
}

/** The class of one IP address (v4 or v6); anything not an IP address is `reserved`. */
export function classifyAddress(address: string): AddressClass {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIPv4(bare) ? 'ipv4' : isIPv6(bare) ? 'ipv6' : null;
  if (!family) return 'reserved';
  if (family === 'ipv6') {
    const v4 = embeddedIPv4(bare);
    if (v4) return classifyAddress(v4);
  }
  for (const [klass, list] of BLOCKS) {
    if (list.check(bare.split('%')[0], family)) return klass;
  }
  return 'public';
}

export class TargetRefused extends Error {}

export type Resolver = (hostname: string) => Promise<string[]>;

const systemResolver: Resolver = async (hostname) =>
  (await dns.lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Throws TargetRefused unless every address `url` can reach is public. The URL is read by the
 * WHATWG parser, as fetch will read it: `http://2852039166/`, `http://0xA9FEA9FE/` and
 * `http://0251.0376.0251.0376/` all become 169.254.169.254 before they are classified.
 */
export async function assertPublicTarget(
  url: string,
  resolve: Resolver = systemResolver,
): Promise<void> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TargetRefused('the URL is not valid');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TargetRefused('only http and https targets are allowed');
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (isIPv4(host) || isIPv6(host)) return refuseUnlessPublic(host, host);
  // RFC 6761: localhost and its subdomains are loopback whatever a resolver says.
  if (/(^|\.)localhost$/i.test(host)) throw new TargetRefused(`${host} is a loopback address`);
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch {
    throw new TargetRefused(`${host} does not resolve`);
  }
  if (addresses.length === 0) throw new TargetRefused(`${host} does not resolve`);
  for (const address of addresses) refuseUnlessPublic(host, address);
}

function refuseUnlessPublic(host: string, address: string): void {
  const klass = classifyAddress(address);
  if (klass === 'public') return;
  const what = host === address ? host : `${host} (${address})`;
  throw new TargetRefused(`${what} is a ${klass.replace('_', '-')} address`);
}

/**
 * A `lookup` for sockets (net/tls `connect`, undici's `connect` option) that resolves like the
 * system does and fails with TargetRefused when any address is not public: the check and the
 * connection use one and the same answer. IP literals never come here; assertPublicTarget
 * classifies them.
 */
export function publicOnlyLookup(resolve: Resolver = systemResolver): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    resolve(hostname).then(
      (addresses) => {
        try {
          if (addresses.length === 0) throw new TargetRefused(`${hostname} does not resolve`);
          for (const address of addresses) refuseUnlessPublic(hostname, address);
        } catch (error) {
          callback(error as NodeJS.ErrnoException, '', 0);
          return;
        }
        const entries: LookupAddress[] = addresses.map((address) => ({
          address,
          family: isIPv6(address) ? 6 : 4,
        }));
        if (options.all) callback(null, entries);
        else callback(null, entries[0].address, entries[0].family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}
