// Which addresses a decoder link may reach: the default refuses loopback, an admin may list it
// explicitly, and this server's own ports stay refused whatever is listed.
import { describe, expect, it } from 'vitest';
import { DecoderNetworks, DEFAULT_DECODER_NETWORKS } from '../server/timing/decoder-networks';

const OWN = 3000;
const networks = (list: string) => new DecoderNetworks(list, () => [OWN]);

describe('decoder networks', () => {
  it('the default takes private ranges and refuses loopback', () => {
    const d = networks(DEFAULT_DECODER_NETWORKS);
    expect(d.refusal('192.168.1.20', 3601)).toBeNull();
    expect(d.refusal('127.0.0.1', 3601)).toMatch(/loopback/);
    expect(d.refusal('127.0.0.2', 3601)).toMatch(/loopback/);
    expect(d.refusal('::1', 3601)).toMatch(/loopback/);
    expect(d.refusal('8.8.8.8', 3601)).toMatch(/outside the networks/);
  });

  it('a wide range does not open loopback; only an entry naming loopback does', () => {
    expect(networks('0.0.0.0/0').refusal('127.0.0.1', 3601)).toMatch(/loopback/);
    const laptop = networks('127.0.0.0/8,::1');
    expect(laptop.refusal('127.0.0.5', 3601)).toBeNull();
    expect(laptop.refusal('::1', 3601)).toBeNull();
    expect(laptop.refusal('::ffff:127.0.0.5', 3601)).toBeNull();
    expect(networks('127.0.0.2').refusal('127.0.0.3', 3601)).toMatch(/loopback/);
  });

  it("this server's own ports are refused on every loopback address, listed or not", () => {
    const laptop = networks('127.0.0.0/8');
    for (const address of ['127.0.0.1', '127.0.0.2', '127.9.9.9']) expect(laptop.refusal(address, OWN)).toMatch(/this server/);
  });

  it('the unspecified address is never a decoder', () => {
    expect(networks('0.0.0.0/0').refusal('0.0.0.0', 3601)).toMatch(/no one's address/);
    expect(networks('::/0').refusal('::', 3601)).toMatch(/no one's address/);
  });
});
