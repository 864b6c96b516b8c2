import { buildManifest, footagePath, ManifestInput, sha256Sums } from './package-manifest';
import { packageReadme } from './package-readme';

const at = (iso: string) => new Date(iso);
const HASH = 'a'.repeat(64);

const input = (over: Partial<ManifestInput> = {}): ManifestInput => ({
  packageId: 'p1',
  createdAt: at('2026-03-15T10:00:00Z'),
  language: 'kk',
  incident: {
    id: 'i1',
    reference: 'INC-2026-000042',
    occurredAt: at('2026-03-14T02:40:00Z'),
    facility: { id: 'f1', name: 'Central City Clinical Hospital', region: 'Almaty' },
    unit: null,
    kind: 'physical_assault',
    placeKind: 'admission_department',
    duringStateOfEmergency: false,
    perpetrators: { type: 'patient', count: 1 },
    victims: [{ role: 'nurse', injury: 'minor', fullName: 'Aigerim', userId: 'u9' } as never],
    status: 'investigating',
    erdrNumber: '261234567890',
    outcome: null,
    finalArticle: null,
    closedAt: null,
    classification: {
      article: '158-1',
      category: 'assault',
      maxPenalty: { years: 7 } as never,
      ruleSetVersion: 1,
      reasons: [{ fact: 'physicalViolence', value: true, message: 'Physical violence' }],
    },
  },
  history: [
    {
      at: at('2026-03-14T02:45:00Z'),
      type: 'created',
      actorRole: 'staff',
      fromStatus: null,
      toStatus: 'submitted',
      note: null,
      data: {},
    },
    {
      at: at('2026-03-14T05:00:00Z'),
      type: 'reclassified',
      actorRole: 'police',
      fromStatus: null,
      toStatus: null,
      note: 'Two nurses were struck',
      data: { from: { category: 'assault' }, to: { category: 'assault_multiple' } },
    },
    {
      at: at('2026-03-14T06:00:00Z'),
      type: 'status_changed',
      actorRole: 'police',
      fromStatus: 'submitted',
      toStatus: 'investigating',
      note: 'ERDR opened',
      data: {},
    },
    {
      at: at('2026-03-14T07:00:00Z'),
      type: 'addendum',
      actorRole: 'staff',
      fromStatus: null,
      toStatus: null,
      note: null,
      data: {},
    },
  ],
  files: [],
  ...over,
});

describe('evidence package manifest', () => {
  it.each([
    ['video/mp4', 'footage/x.mp4'],
    ['video/quicktime', 'footage/x.mov'],
    ['image/jpeg', 'footage/x.jpg'],
    ['application/octet-stream', 'footage/x.bin'],
  ])('names a %s file by its footage id: %s', (type, path) => {
    expect(footagePath('x', type)).toBe(path);
  });

  it('lists every reclassification and the status history, and nothing from other entries', () => {
    const m = buildManifest(input());
    expect(m.incident.classification.reclassifications).toEqual([
      {
        at: '2026-03-14T05:00:00.000Z',
        actorRole: 'police',
        from: 'assault',
        to: 'assault_multiple',
        reason: 'Two nurses were struck',
      },
    ]);
    expect(m.incident.statusHistory.map((s) => [s.from, s.to, s.note])).toEqual([
      [null, 'submitted', null],
      ['submitted', 'investigating', 'ERDR opened'],
    ]);
    expect(m.incident.erdrNumber).toBe('261234567890');
  });

  it('names no victim: roles and injuries only', () => {
    const text = JSON.stringify(buildManifest(input()));
    expect(text).not.toContain('Aigerim');
    expect(text).not.toContain('u9');
    expect(buildManifest(input()).incident.victims).toEqual([{ role: 'nurse', injury: 'minor' }]);
  });

  it('keeps every custody entry whole, so its hash can be recomputed', () => {
    const event = {
      id: '1',
      at: at('2026-03-14T03:00:00Z'),
      actorType: 'device',
      actorId: 'k1',
      ip: '10.0.0.5',
      action: 'uploaded',
      details: { size: 3 },
      prevHash: '0'.repeat(64),
      hash: HASH,
    };
    const m = buildManifest(
      input({
        files: [
          {
            footageId: 'f1',
            sha256: HASH,
            size: 3,
            contentType: 'video/mp4',
            deviceSerial: 'CAM-7',
            recordedFrom: at('2026-03-14T02:35:00Z'),
            recordedTo: null,
            uploadedBy: 'device',
            custody: { valid: true, events: [event] },
          },
        ],
      }),
    );
    expect(m.files[0]).toMatchObject({
      path: 'footage/f1.mp4',
      deviceSerial: 'CAM-7',
      recordedFrom: '2026-03-14T02:35:00.000Z',
      recordedTo: null,
      custody: { valid: true, events: [{ ...event, at: '2026-03-14T03:00:00.000Z' }] },
    });
  });

  it('writes SHA256SUMS as sha256sum -c reads it', () => {
    expect(
      sha256Sums([
        { path: 'footage/a.mp4', sha256: HASH },
        { path: 'README.txt', sha256: HASH },
      ]),
    ).toBe(`${HASH}  footage/a.mp4\n${HASH}  README.txt\n`);
  });

  it.each([
    ['kk', ['дәлелдемелер пакеті', 'Evidence package INC-1']],
    ['ru', ['Пакет доказательств INC-1', 'Evidence package INC-1']],
    ['en', ['Evidence package INC-1']],
  ] as const)('README in %s (and English) says how to verify offline', (lang, titles) => {
    const readme = packageReadme(lang, 'INC-1');
    for (const title of titles) expect(readme).toContain(title);
    expect(readme.split('sha256sum -c SHA256SUMS').length - 1).toBe(titles.length);
    expect(readme).toContain(
      'openssl pkeyutl -verify -pubin -inkey public.pem -rawin -in manifest.json -sigfile manifest.json.sig.bin',
    );
    expect(readme).not.toMatch(/\{\w+\}/);
  });
});
