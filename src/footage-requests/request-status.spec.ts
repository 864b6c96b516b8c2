import {
  awaitsDevice,
  requestStatus,
  RequestFacts,
  waitSeconds,
  windowAround,
} from './request-status';

const now = new Date('2026-03-14T12:00:00Z');
const later = new Date('2026-03-15T12:00:00Z');
const earlier = new Date('2026-03-13T12:00:00Z');
const file = (status: string, verifiedAt: Date | null = null) => ({ status, verifiedAt });

describe('requestStatus', () => {
  const cases: Array<[string, RequestFacts, string]> = [
    ['nothing yet', { declinedAt: null, expiresAt: later, footage: null }, 'open'],
    ['nothing by its end', { declinedAt: null, expiresAt: earlier, footage: null }, 'expired'],
    ['ends exactly now', { declinedAt: null, expiresAt: now, footage: null }, 'expired'],
    [
      'an upload running',
      { declinedAt: null, expiresAt: later, footage: file('uploading') },
      'uploading',
    ],
    [
      'an upload still running at its end',
      { declinedAt: null, expiresAt: earlier, footage: file('uploading') },
      'expired',
    ],
    ['a file stored', { declinedAt: null, expiresAt: later, footage: file('stored') }, 'received'],
    [
      'a file stored after its end',
      { declinedAt: null, expiresAt: earlier, footage: file('stored') },
      'received',
    ],
    [
      'a file verified',
      { declinedAt: null, expiresAt: earlier, footage: file('verified', now) },
      'verified',
    ],
    [
      'a verified file deleted under retention',
      { declinedAt: null, expiresAt: earlier, footage: file('deleted', now) },
      'verified',
    ],
    [
      'a file that failed verification',
      { declinedAt: null, expiresAt: later, footage: file('rejected') },
      'open',
    ],
    [
      'a failed file, and the end passed',
      { declinedAt: null, expiresAt: earlier, footage: file('rejected') },
      'expired',
    ],
    ['declined', { declinedAt: now, expiresAt: later, footage: null }, 'declined'],
    [
      'declined, then the end passed',
      { declinedAt: now, expiresAt: earlier, footage: null },
      'declined',
    ],
  ];
  it.each(cases)('%s', (_name, facts, expected) => {
    expect(requestStatus(facts, now)).toBe(expected);
  });
});

describe('awaitsDevice', () => {
  it.each([
    ['open', true],
    ['uploading', true],
    ['received', false],
    ['verified', false],
    ['declined', false],
    ['expired', false],
  ] as const)('%s: %s', (status, expected) => {
    expect(awaitsDevice(status)).toBe(expected);
  });
});

describe('waitSeconds', () => {
  it.each([
    [undefined, 0],
    [0, 0],
    [-5, 0],
    [1, 1],
    [30, 30],
    [31, 30],
    [600, 30],
  ])('asked %s: holds %s s', (asked, expected) => {
    expect(waitSeconds(asked)).toBe(expected);
  });
});

describe('windowAround', () => {
  it('spans the minutes before and after the incident', () => {
    expect(windowAround(new Date('2026-03-14T02:40:00+05:00'), 15)).toEqual({
      from: new Date('2026-03-14T02:25:00+05:00'),
      to: new Date('2026-03-14T02:55:00+05:00'),
    });
  });
});
