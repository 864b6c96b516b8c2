/** The tile source the ministry's map draws under its region shapes. */
export interface MapTileSource {
  /** Leaflet's URL template: `{z}`, `{x}`, `{y}`, and `{s}` as the first label of the host. */
  url: string;
  /** The provider's credit, plain text, shown on the map. */
  attribution: string;
  /** What the pages' Content-Security-Policy allows images from: `https://*.tile.example.org`. */
  cspSource: string;
}

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]'];

/**
 * MAP_TILE_URL and MAP_TILE_ATTRIBUTION: both unset is no tiles (the map shows the bundled region
 * shapes only); a URL needs https (http only on loopback), the three placeholders, and a credit,
 * since tile providers' terms ask for one.
 */
export function parseMapTiles(
  url: string | undefined,
  attribution: string | undefined,
): { tiles: MapTileSource | null } | { variable: string; problem: string } {
  if (url === undefined) {
    if (attribution !== undefined)
      return { variable: 'MAP_TILE_URL', problem: 'is required when MAP_TILE_ATTRIBUTION is set' };
    return { tiles: null };
  }
  const template = 'must be a tile URL template such as https://tile.example.org/{z}/{x}/{y}.png';
  for (const placeholder of ['{z}', '{x}', '{y}'])
    if (!url.includes(placeholder)) return { variable: 'MAP_TILE_URL', problem: template };
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/^(https?:\/\/)\{s\}\./, '$1s.'));
  } catch {
    return { variable: 'MAP_TILE_URL', problem: template };
  }
  if (
    /[{}]/.test(decodeURI(parsed.host)) ||
    url.replace(/^https?:\/\/\{s\}\./, '').includes('{s}.')
  )
    return { variable: 'MAP_TILE_URL', problem: '{s} may only be the first label of the host' };
  const secure = parsed.protocol === 'https:';
  if (!secure && !(parsed.protocol === 'http:' && LOOPBACK.includes(parsed.hostname)))
    return { variable: 'MAP_TILE_URL', problem: 'must be an https:// address' };
  if (attribution === undefined || attribution.length > 200)
    return {
      variable: 'MAP_TILE_ATTRIBUTION',
      problem: 'is required with MAP_TILE_URL: the tile provider’s credit, at most 200 characters',
    };
  const wildcard = /^https?:\/\/\{s\}\./.test(url);
  const host = wildcard ? `*.${parsed.host.slice(2)}` : parsed.host;
  return { tiles: { url, attribution, cspSource: `${parsed.protocol}//${host}` } };
}
