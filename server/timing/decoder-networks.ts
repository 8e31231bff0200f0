// Where Splitcast may connect as a decoder's client. Decoders sit on the venue's network, so only
// the configured networks (by default private and link-local ranges) are allowed, and never this
// server's own listening ports: a decoder link must not become a way to make the server talk to
// itself or to anything on the internet. Loopback is refused unless an entry of DECODER_NETWORKS
// names loopback itself (a vendor's forwarder on the timing laptop); a wide range such as
// 0.0.0.0/0 does not open it. Checked when a link is set and again on every connection, after the
// name is resolved, so a name cannot be pointed elsewhere later.
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

export const DEFAULT_DECODER_NETWORKS = '10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,169.254.0.0/16,fc00::/7,fe80::/10';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
LOOPBACK.addSubnet('::ffff:127.0.0.0', 104, 'ipv6');

const UNSPECIFIED = new BlockList();
UNSPECIFIED.addAddress('0.0.0.0', 'ipv4');
UNSPECIFIED.addAddress('::', 'ipv6');

const familyOf = (address: string) => (isIP(address) === 6 ? 'ipv6' : 'ipv4');

export class DecoderNetworks {
  private allowed = new BlockList();
  /** The entries that name loopback themselves: the only way a loopback address is allowed. */
  private loopback = new BlockList();

  /** `networks`: comma-separated CIDRs (a bare address is one host). `ownPorts`: this server's ports. */
  constructor(
    networks: string,
    private ownPorts: () => number[],
  ) {
    for (const entry of networks.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [address, bits] = entry.split('/');
      if (isIP(address) === 0) throw new Error(`DECODER_NETWORKS: "${entry}" is not an address or a network`);
      const family = familyOf(address);
      const lists = LOOPBACK.check(address, family) ? [this.allowed, this.loopback] : [this.allowed];
      for (const list of lists) {
        if (bits === undefined) list.addAddress(address, family);
        else list.addSubnet(address, Number(bits), family);
      }
    }
  }

  /** Why a resolved address and port may not be reached, or null when it may. */
  refusal(address: string, port: number): string | null {
    if (isIP(address) === 0) return `"${address}" is not an IP address`;
    const family = familyOf(address);
    if (UNSPECIFIED.check(address, family)) return `${address} is no one's address`;
    const loopback = LOOPBACK.check(address, family);
    // Every loopback address reaches this server's ports, whichever of them it listens on.
    if (this.ownPorts().includes(port) && (loopback || ownAddresses().has(address))) return `port ${port} of this server is not a decoder`;
    if (loopback && !this.loopback.check(address, family)) return 'loopback addresses are decoders only where DECODER_NETWORKS lists loopback itself';
    if (!this.allowed.check(address, family)) return `${address} is outside the networks decoders may be on (DECODER_NETWORKS)`;
    return null;
  }

  /** Resolve a host and check every address it has; the first allowed one is where to connect. */
  async resolve(host: string, port: number): Promise<{ address: string } | { refused: string }> {
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((a) => a.address);
    } catch {
      return { refused: `"${host}" does not resolve` };
    }
    const refusals = addresses.map((a) => this.refusal(a, port));
    const index = refusals.indexOf(null);
    // Every address of the name must be allowed: otherwise which one is used would be luck.
    const refused = refusals.find((r) => r !== null);
    if (refused || index < 0) return { refused: refused ?? `"${host}" has no address` };
    return { address: addresses[index] };
  }
}

function ownAddresses(): Set<string> {
  const own = new Set<string>();
  for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) own.add(a.address);
  return own;
}
