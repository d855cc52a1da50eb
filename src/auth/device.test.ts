import { describeDevice, truncateAddress } from './device';

describe('describeDevice', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iPhone',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iPad',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Safari on macOS',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
      'Microsoft Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    ['curl/8.5.0', 'Unknown device'],
    ['', 'Unknown device'],
    ['   ', 'Unknown device'],
    ['\u0000\u00ff garbage ((((', 'Unknown device'],
  ])('when the User-Agent is %j, then the label is %j', (userAgent, label) => {
    expect(describeDevice(userAgent)).toBe(label);
  });

  it('when the User-Agent is huge, then only its start is parsed, quickly', () => {
    const huge = `Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 ${'x('.repeat(200_000)}`;
    const started = performance.now();
    expect(describeDevice(huge)).toBe('Firefox on Linux');
    expect(performance.now() - started).toBeLessThan(100);
  });
});

describe('truncateAddress', () => {
  it.each([
    ['203.0.113.57', '203.0.113.0'],
    ['::ffff:203.0.113.57', '203.0.113.0'],
    ['127.0.0.1', '127.0.0.0'],
    ['2001:db8:abcd:12:34::1', '2001:db8:abcd::'],
    ['2001:0DB8:00ab:ffff::', '2001:db8:ab::'],
    ['2001:db8::1', '2001:db8::'],
    ['::1', '::'],
    ['fe80::1%eth0', 'fe80::'],
    ['64:ff9b::198.51.100.7', '64:ff9b::'],
    ['', ''],
    ['not an address', ''],
  ])('when the address is %j, then it is shown as %j', (address, shown) => {
    expect(truncateAddress(address)).toBe(shown);
  });
});
