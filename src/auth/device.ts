// What the session list shows about the device that signed in: a readable label from its
// User-Agent and its address truncated to the network (IPv4 /24, IPv6 /48), never the full address.
import { isIPv4, isIPv6 } from 'node:net';
import Bowser from 'bowser';

export interface Device {
  label: string;
  address: string;
}

// A real User-Agent fits in a few hundred characters; the parser only ever sees this much.
const MAX_USER_AGENT = 512;
const UNKNOWN_DEVICE = 'Unknown device';

export function describeDevice(userAgent: string): string {
  const ua = userAgent.slice(0, MAX_USER_AGENT);
  if (!ua.trim()) return UNKNOWN_DEVICE;
  const { browser, os, platform } = Bowser.parse(ua);
  // "iPhone" and "iPad" say more than "iOS"; other models are free text from the header.
  const apple = platform.vendor === 'Apple' && platform.model ? platform.model : undefined;
  const where = apple ?? os.name;
  if (browser.name && where) return `${browser.name} on ${where}`;
  return browser.name || (where ? `${where} device` : UNKNOWN_DEVICE);
}

export function truncateAddress(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address.replace(/%.*$/, '');
  if (isIPv4(ip)) return ip.replace(/\.\d+$/, '.0');
  if (!isIPv6(ip)) return '';
  // The /48 in canonical form: zero groups at its end fold into the `::`.
  const network = ipv6Groups(ip).slice(0, 3);
  while (network.at(-1) === '0') network.pop();
  return `${network.join(':')}::`;
}

/** The eight groups of an IPv6 address in short hex, with `::` and a trailing IPv4 part expanded. */
function ipv6Groups(ip: string): string[] {
  const hex = ip.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a, b, c, d) =>
    [
      [a, b],
      [c, d],
    ]
      .map(([high, low]) => ((Number(high) << 8) | Number(low)).toString(16))
      .join(':'),
  );
  const [head = '', tail] = hex.split('::');
  const parts = (text: string) => (text ? text.split(':') : []);
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return groups.map((group) => Number.parseInt(group, 16).toString(16));
}
