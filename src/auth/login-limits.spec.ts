import { loginLimits, throttleAddress } from './login-limits';

describe('sign-in limits', () => {
  it.each([
    // maxFailures, window s, pair, account, address, delays (s)
    [5, 900, 5, 50, 100, [30, 60, 120, 240, 480, 900]],
    [3, 120, 3, 30, 60, [30, 60, 120]],
    [5, 10, 5, 50, 100, [10]],
    [10, 3600, 10, 100, 200, [30, 60, 120, 240, 480, 960, 1920, 3600]],
  ])(
    '%i failures in %i s: pair %i, account %i, address %i, waits %j',
    (max, window, pair, account, address, delays) => {
      const limits = loginLimits(max, window);
      expect(limits).toMatchObject({ pair, account, address, windowMs: window * 1000 });
      expect(limits.delaysMs).toEqual((delays as number[]).map((s) => s * 1000));
    },
  );

  it.each([
    [null, 'unknown'],
    ['127.0.0.2', '127.0.0.2'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:db8:abcd:12:1:2:3:4', '2001:db8:abcd:12::/64'],
    ['2001:db8:abcd:12::99', '2001:db8:abcd:12::/64'],
    ['2001:DB8::1', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::1:2:3:4:5', '0:0:0:1::/64'],
    ['64:ff9b::1.2.3.4', '64:ff9b:0:0::/64'],
  ])('counts %s as %s', (ip, key) => {
    expect(throttleAddress(ip)).toBe(key);
  });
});
