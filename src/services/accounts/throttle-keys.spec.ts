import { describe, expect, it } from 'vitest';
import { ipThrottleKey, usernameThrottleKey } from './throttle-keys.js';

describe('throttle keys', () => {
  it('count a username without regard to case or surrounding space', () => {
    expect(usernameThrottleKey(' Ada ')).toBe('user:ada');
    expect(usernameThrottleKey('x'.repeat(500))).toHaveLength(5 + 128);
  });

  it('count IPv4 per address, IPv4-mapped IPv6 as IPv4, and IPv6 per /64', () => {
    expect(ipThrottleKey('192.0.2.7')).toBe('ip:192.0.2.7');
    expect(ipThrottleKey('::ffff:192.0.2.7')).toBe('ip:192.0.2.7');
    const a = ipThrottleKey('2001:db8:abcd:12::1');
    expect(a).toBe('ip:2001:db8:abcd:12::/64');
    expect(ipThrottleKey('2001:0DB8:ABCD:0012:ffff:1:2:3')).toBe(a);
    expect(ipThrottleKey('2001:db8:abcd:12::1%eth0')).toBe(a);
    expect(ipThrottleKey('2001:db8:abcd:13::1')).not.toBe(a);
    expect(ipThrottleKey('::1')).toBe('ip:0:0:0:0::/64');
    expect(ipThrottleKey('fe80::1:2.3.4.5')).toBe('ip:fe80:0:0:0::/64');
  });

  it('keep anything else as given, bounded', () => {
    expect(ipThrottleKey('unknown')).toBe('ip:unknown');
    expect(ipThrottleKey('z'.repeat(200))).toHaveLength(3 + 64);
  });
});
