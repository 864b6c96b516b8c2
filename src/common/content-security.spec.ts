import { contentSecurityPolicies, mediaOriginOf, surfaceOf } from './content-security';

describe('content security policy', () => {
  it.each([
    ['/', 'page'],
    ['/report', 'page'],
    ['/lang/kk', 'page'],
    ['/web/session', 'page'],
    ['/assets/app.css', 'page'],
    ['/nothing/here', 'page'],
    ['/api/v1/incidents', 'api'],
    ['/api', 'api'],
    ['/apiary', 'page'],
    ['/health', 'api'],
    ['/health/ready', 'api'],
    ['/metrics', 'api'],
    ['/docs-json', 'api'],
    ['/docs-yaml', 'api'],
    ['/docs', 'docs'],
    ['/docs/', 'docs'],
    ['/docs/swagger-ui-init.js', 'docs'],
    ['/docsomething', 'page'],
    ['/admin/queues', 'dashboard'],
    ['/admin/queues/api/queues', 'dashboard'],
    ['/admin/queuesx', 'page'],
  ])('%s is answered with the %s policy', (path, surface) => {
    expect(surfaceOf(path)).toBe(surface);
  });

  const s3 = { region: 'eu-central-1', bucket: 'evidence', forcePathStyle: true };
  it.each([
    [
      { ...s3, endpoint: 'http://minio:9000', publicEndpoint: 'https://media.kz/x' },
      'https://media.kz',
    ],
    [{ ...s3, endpoint: 'http://127.0.0.1:4569' }, 'http://127.0.0.1:4569'],
    [s3, 'https://s3.eu-central-1.amazonaws.com'],
    [{ ...s3, forcePathStyle: false }, 'https://evidence.s3.eu-central-1.amazonaws.com'],
  ])('footage plays from %j: %s', (settings, origin) => {
    expect(mediaOriginOf(settings)).toBe(origin);
  });

  it('lets scripts come from this site only, and nothing frame it, on every surface', () => {
    const policies = contentSecurityPolicies({ media: 'https://m.kz', publicSite: 'https://a.kz' });
    for (const [surface, directives] of Object.entries(policies)) {
      const text = JSON.stringify(directives);
      expect({ surface, unsafe: /unsafe-inline|unsafe-eval|\*/.test(text) }).toEqual({
        surface,
        unsafe: false,
      });
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      expect(directives['script-src'] ?? directives['default-src']).toEqual(
        surface === 'api' ? ["'none'"] : ["'self'"],
      );
    }
  });

  it('lets the pages show map tiles from the tile host only when one is set', () => {
    const origins = { media: 'https://m.kz', publicSite: 'https://a.kz' };
    expect(contentSecurityPolicies(origins).page['img-src']).toEqual(["'self'", 'data:']);
    const withTiles = contentSecurityPolicies({ ...origins, tiles: 'https://*.tile.example.org' });
    expect(withTiles.page['img-src']).toEqual(["'self'", 'data:', 'https://*.tile.example.org']);
    expect(withTiles.api).toEqual(contentSecurityPolicies(origins).api);
    expect(withTiles.page['connect-src']).toEqual(["'self'"]);
  });
});
