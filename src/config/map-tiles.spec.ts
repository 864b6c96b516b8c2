import { parseMapTiles } from './map-tiles';

describe('parseMapTiles', () => {
  const credit = '© OpenStreetMap contributors';

  it.each([
    [undefined, undefined, null],
    ['https://tile.openstreetmap.org/{z}/{x}/{y}.png', credit, 'https://tile.openstreetmap.org'],
    ['https://{s}.tile.example.org/{z}/{x}/{y}.png', credit, 'https://*.tile.example.org'],
    ['https://tiles.example.kz:8443/osm/{z}/{x}/{y}.png', credit, 'https://tiles.example.kz:8443'],
    ['http://127.0.0.1:8080/{z}/{x}/{y}.png', credit, 'http://127.0.0.1:8080'],
  ])('%s (credit %s) gives images from %s', (url, attribution, source) => {
    const result = parseMapTiles(url, attribution);
    expect(result).toEqual({
      tiles: source === null ? null : { url, attribution, cspSource: source },
    });
  });

  it.each([
    ['http://tile.example.org/{z}/{x}/{y}.png', credit, 'MAP_TILE_URL', /https/],
    ['https://tile.example.org/{z}/{x}.png', credit, 'MAP_TILE_URL', /template/],
    ['not a url {z}{x}{y}', credit, 'MAP_TILE_URL', /template/],
    ['https://a.{s}.example.org/{z}/{x}/{y}.png', credit, 'MAP_TILE_URL', /first label/],
    ['https://tile.example.org/{z}/{x}/{y}.png', undefined, 'MAP_TILE_ATTRIBUTION', /credit/],
    ['https://tile.example.org/{z}/{x}/{y}.png', 'x'.repeat(201), 'MAP_TILE_ATTRIBUTION', /200/],
    [undefined, credit, 'MAP_TILE_URL', /required/],
  ])('refuses %s (credit %s), naming %s', (url, attribution, variable, problem) => {
    const result = parseMapTiles(url, attribution);
    expect(result).toMatchObject({ variable, problem: expect.stringMatching(problem) });
  });
});
