import { assertPublicTarget, classifyAddress, Resolver, TargetRefused } from './ssrf';

describe('webhook target SSRF checks', () => {
  describe('classifyAddress', () => {
    it.each([
      ['8.8.8.8', 'public'],
      ['93.184.216.34', 'public'],
      ['172.15.255.255', 'public'],
      ['172.32.0.0', 'public'],
      ['100.63.255.255', 'public'],
      ['10.0.0.1', 'private'],
      ['10.255.255.255', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.1', 'private'],
      ['100.64.0.1', 'private'],
      ['100.127.255.255', 'private'],
      ['127.0.0.1', 'loopback'],
      ['127.255.255.254', 'loopback'],
      ['169.254.169.254', 'link_local'],
      ['0.0.0.0', 'unspecified'],
      ['0.1.2.3', 'unspecified'],
      ['224.0.0.1', 'multicast'],
      ['239.255.255.250', 'multicast'],
      ['255.255.255.255', 'reserved'],
      ['198.18.0.1', 'reserved'],
      ['2606:4700:4700::1111', 'public'],
      ['::', 'unspecified'],
      ['::1', 'loopback'],
      ['[::1]', 'loopback'],
      ['fc00::1', 'private'],
      ['fd12:3456:789a::1', 'private'],
      ['fe80::1', 'link_local'],
      ['fe80::1%eth0', 'link_local'],
      ['febf::1', 'link_local'],
      ['ff02::1', 'multicast'],
      ['::ffff:169.254.169.254', 'link_local'],
      ['::ffff:a9fe:a9fe', 'link_local'],
      ['::ffff:127.0.0.1', 'loopback'],
      ['::ffff:10.1.2.3', 'private'],
      ['::ffff:8.8.8.8', 'public'],
      ['::7f00:1', 'loopback'],
      ['64:ff9b::a9fe:a9fe', 'link_local'],
      ['2002:7f00:1::', 'loopback'],
      ['2002:808:808::', 'public'],
      ['not-an-ip', 'reserved'],
    ])('%s is %s', (address, expected) => {
      expect(classifyAddress(address)).toBe(expected);
    });
  });

  describe('assertPublicTarget', () => {
    const resolvesTo =
      (...addresses: string[]): Resolver =>
      async () =>
        addresses;
    const refused = (url: string, resolver: Resolver = resolvesTo('93.184.216.34')) =>
      expect(assertPublicTarget(url, resolver)).rejects.toBeInstanceOf(TargetRefused);

    it.each([
      'http://169.254.169.254/latest/meta-data/',
      'http://2852039166/',
      'http://0xA9FEA9FE/',
      'http://0251.0376.0251.0376/',
      'http://169.254.169.254./',
      'http://[::ffff:169.254.169.254]/',
      'http://127.0.0.1:8080/',
      'http://127.1/',
      'http://[::1]/',
      'http://0.0.0.0/',
      'http://10.0.0.5/hook',
      'https://192.168.0.10/',
      'http://[fe80::1]/',
    ])('refuses the literal target %s without asking DNS', async (url) => {
      const resolver = jest.fn(resolvesTo('93.184.216.34'));
      await refused(url, resolver);
      expect(resolver).not.toHaveBeenCalled();
    });

    it('refuses localhost and its subdomains whatever DNS says', async () => {
      await refused('http://localhost:3000/');
      await refused('http://LOCALHOST./');
      await refused('http://api.localhost/');
    });

    it('refuses a name when any of its addresses is not public', async () => {
      await refused('https://hooks.example.com/', resolvesTo('93.184.216.34', '10.0.0.1'));
      await refused('https://hooks.example.com/', resolvesTo('::ffff:7f00:1'));
      await expect(
        assertPublicTarget('https://hooks.example.com/', resolvesTo('169.254.169.254')),
      ).rejects.toThrow('hooks.example.com (169.254.169.254) is a link-local address');
    });

    it('refuses names that do not resolve, and other schemes', async () => {
      await refused('https://nowhere.example/', resolvesTo());
      await refused('https://nowhere.example/', () => Promise.reject(new Error('ENOTFOUND')));
      await refused('ftp://93.184.216.34/');
      await refused('file:///etc/passwd');
      await refused('not a url');
    });

    it('accepts public addresses and names that resolve only to them', async () => {
      await expect(assertPublicTarget('https://93.184.216.34/hook')).resolves.toBeUndefined();
      await expect(
        assertPublicTarget(
          'https://hooks.example.com/x',
          resolvesTo('93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'),
        ),
      ).resolves.toBeUndefined();
    });
  });
});
