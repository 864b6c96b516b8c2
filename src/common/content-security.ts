/**
 * The Content-Security-Policy of every answer, by what it is: the pages, the JSON API, the API
 * documentation (Swagger UI) and the queue dashboard (bull-board). Scripts only ever come from
 * files on this site; nothing may frame any of it.
 */
export type Surface = 'page' | 'api' | 'docs' | 'dashboard';

export type Directives = Record<string, string[]>;

/** Which policy an answer to this path gets. */
export function surfaceOf(path: string): Surface {
  if (/^\/(api|health|metrics|docs-json|docs-yaml)(\/|$)/.test(path)) return 'api';
  if (/^\/docs(\/|$)/.test(path)) return 'docs';
  if (/^\/admin\/queues(\/|$)/.test(path)) return 'dashboard';
  return 'page';
}

/**
 * The origin browsers fetch footage from (presigned URLs): the store's public address, else AWS S3
 * in the configured region, path-style or per bucket.
 */
export function mediaOriginOf(s3: {
  publicEndpoint?: string;
  endpoint?: string;
  region: string;
  bucket: string;
  forcePathStyle: boolean;
}): string {
  const endpoint = s3.publicEndpoint ?? s3.endpoint;
  if (endpoint) return new URL(endpoint).origin;
  const host = `s3.${s3.region}.amazonaws.com`;
  return `https://${s3.forcePathStyle ? host : `${s3.bucket}.${host}`}`;
}

/**
 * The inline styles the two libraries' own pages carry (Swagger UI's page from @nestjs/swagger,
 * bull-board's index.ejs) and the styles their scripts draw, allowed by hash and nothing else. An
 * upgrade that changes them makes test/security-headers.e2e-part.ts (the served pages) or the
 * browser tests (what the scripts draw) name the new hashes.
 */
const INLINE_STYLES = {
  docs: {
    elements: [
      "'sha256-/jDKvbQ8cdux+c5epDIqkjHbXDaIY8RucT1PmAe8FG4='",
      "'sha256-eaPyLWVdqMc60xuz5bTp2yBRgVpQSoUggte1+40ONPU='",
      // The logo the page's script draws.
      "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='",
    ],
    attributes: ["'sha256-ezdv1bOGcoOD7FKudKN0Y2Mb763O6qVtM8LT2mtanIU='"],
  },
  dashboard: {
    elements: [
      "'sha256-dv714QSXJBurriRZTklJT4phtgwCe+o7Frxoi2awcdg='",
      // The Redis logo the page's script draws.
      "'sha256-r2N1TB/gHbBtBZFKg7ejmq1acVSREzucTAEw6ga4hoU='",
    ],
    attributes: [
      "'sha256-of39ksKG33VNCYo5/quRg1dhdo2AWSv8WJi2LNKOSTU='",
      "'sha256-dg51HqBfD6n0yW6arUPC/pQLVghRZbOuP0gPg9FhCTw='",
      "'sha256-XtkH5bXSf2qTXVOXBZrUBgydsBjBOqKXas4aSqlrDYQ='",
      "'sha256-4qiUsLv1mhPpLyv14EyMNeEfESFsI8tYHvGHgST5oO4='",
      "'sha256-z865ZzzyqKnk/u5EJq1ujBhzC4S9g1xzvJyr7y3Ut8s='",
    ],
  },
};

const SELF = "'self'";
const NONE = "'none'";

export function contentSecurityPolicies(origins: {
  /** Where footage plays from. */
  media: string;
  /** PUBLIC_URL's origin: the server the documentation's "Try it out" calls. */
  publicSite: string;
  /** Where the ministry map's tiles come from (MAP_TILE_URL); none without tiles. */
  tiles?: string;
}): Record<Surface, Directives> {
  const library = (styles: { elements: string[]; attributes: string[] }): Directives => ({
    'default-src': [NONE],
    'script-src': [SELF],
    'style-src': [SELF, ...styles.elements],
    'style-src-attr': ["'unsafe-hashes'", ...styles.attributes],
    'img-src': [SELF, 'data:'],
    'font-src': [SELF],
    'connect-src': [SELF],
    'frame-ancestors': [NONE],
    'form-action': [SELF],
  });
  return {
    page: {
      'default-src': [SELF],
      'script-src': [SELF],
      'style-src': [SELF],
      'img-src': [SELF, 'data:', ...(origins.tiles ? [origins.tiles] : [])],
      'media-src': [SELF, origins.media],
      'connect-src': [SELF],
      'manifest-src': [SELF],
      'worker-src': [SELF],
      'object-src': [NONE],
      'frame-ancestors': [NONE],
      'form-action': [SELF],
      'base-uri': [NONE],
    },
    api: { 'default-src': [NONE], 'frame-ancestors': [NONE] },
    docs: {
      ...library(INLINE_STYLES.docs),
      'connect-src': [...new Set([SELF, origins.publicSite])],
      'base-uri': [NONE],
    },
    // The dashboard's page sets <base href> to its own path. Its web-font stylesheet from
    // fonts.googleapis.com is refused (the page falls back to local fonts): admins' visits are
    // nobody else's business.
    dashboard: { ...library(INLINE_STYLES.dashboard), 'base-uri': [SELF] },
  };
}
