import { isIPv4, isIPv6 } from 'node:net';

/**
 * The keys failed logins are counted under. Unknown usernames get a key like any other, so a
 * lockout (or its absence) does not tell whether an account exists.
 */
export function usernameThrottleKey(username: string): string {
  return `user:${username.trim().toLowerCase().slice(0, 128)}`;
}

/**
 * IPv4 addresses count one by one. An IPv6 client usually owns a whole /64 and could rotate
 * through it, so IPv6 addresses count per /64. IPv4-mapped IPv6 (`::ffff:a.b.c.d`, as Node
 * reports IPv4 clients on a dual-stack socket) counts as the IPv4 address.
 */
export function ipThrottleKey(ip: string): string {
  const address = ip.trim().toLowerCase().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return `ip:${mapped[1]}`;
  if (isIPv4(address)) return `ip:${address}`;
  if (isIPv6(address)) return `ip:${ipv6Prefix64(address)}::/64`;
  return `ip:${address.slice(0, 64)}`;
}

function ipv6Prefix64(address: string): string {
  const [head = '', tail] = address.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  // A trailing dotted IPv4 part stands for two groups; only the first four groups matter here.
  const rightCount = right.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const full =
    tail === undefined ? left : [...left, ...Array(8 - left.length - rightCount).fill('0'), ...right];
  return full
    .slice(0, 4)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':');
}
