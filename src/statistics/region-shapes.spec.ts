import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REGIONS } from '../../seeds/regions';

/**
 * The map's bundled region shapes (public/map/kz-regions.geo.json) are matched to our regions by
 * ISO 3166-2:KZ code, the regions table's `code`: every region must have exactly one shape.
 */
describe('the bundled region shapes', () => {
  const path = join(__dirname, '..', '..', 'public', 'map', 'kz-regions.geo.json');
  const shapes = JSON.parse(readFileSync(path, 'utf8')) as {
    type: string;
    features: Array<{
      properties: { iso: string };
      geometry: { type: string; coordinates: unknown };
    }>;
  };

  it.each(REGIONS.map((r) => [r.code, r.nameEn]))('%s (%s) has exactly one shape', (code) => {
    expect(shapes.features.filter((f) => f.properties.iso === code)).toHaveLength(1);
  });

  it('has no shape without a region, and only polygons within Kazakhstan', () => {
    expect(shapes.type).toBe('FeatureCollection');
    const codes = REGIONS.map((r) => r.code);
    for (const feature of shapes.features) {
      expect(codes).toContain(feature.properties.iso);
      expect(['Polygon', 'MultiPolygon']).toContain(feature.geometry.type);
      const points = (
        JSON.stringify(feature.geometry.coordinates).match(/-?\d+(\.\d+)?/g) ?? []
      ).map(Number);
      for (let i = 0; i < points.length; i += 2) {
        expect(points[i]).toBeGreaterThan(45);
        expect(points[i]).toBeLessThan(88);
        expect(points[i + 1]).toBeGreaterThan(40);
        expect(points[i + 1]).toBeLessThan(56);
      }
    }
  });

  it('stays small enough to fetch on a phone', () => {
    expect(readFileSync(path).length).toBeLessThan(120 * 1024);
  });
});
