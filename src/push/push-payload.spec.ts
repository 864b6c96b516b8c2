import {
  buildIncidentUpdatePayload,
  buildPushPayload,
  MAX_TTL_SECONDS,
  pushTopic,
  pushTtlSeconds,
  pushUrgency,
} from './push-payload';

const row = {
  alert_id: '5f0c2b1e-6f1d-4d8e-9a57-3a1c2b7d9e10',
  incident_id: '0b7d6c5e-1a2b-4c3d-8e9f-112233445566',
  reference: 'MG-2026-000123',
  category: 'assault',
  priority: 3,
  facility_name: 'Central City Clinical Hospital',
  place_kind: 'admission_department',
  sos_reference: null,
  sos_place_kind: null,
};

const sos = {
  ...row,
  incident_id: null,
  reference: null,
  category: null,
  place_kind: null,
  priority: 1,
  sos_reference: 'SOS-000042',
  sos_place_kind: 'ambulance_call',
};

describe('buildPushPayload', () => {
  it('carries the alert facts and the console link, nothing else', () => {
    const extra = { ...row, place_address: 'Abay 1', narrative: 'struck', full_name: 'Aigerim' };
    expect(buildPushPayload(extra, 'https://medguard.kz')).toStrictEqual({
      type: 'incident.alert',
      alertId: row.alert_id,
      reference: 'MG-2026-000123',
      category: 'assault',
      priority: 3,
      facility: { name: 'Central City Clinical Hospital' },
      place: { kind: 'admission_department' },
      url: `https://medguard.kz/police?alert=${row.alert_id}`,
    });
  });

  it('says SOS for an SOS without its report yet, with its reference and no location', () => {
    const extra = { ...sos, sos_lat: 43.2, sos_lon: 76.9, sos_accuracy_m: 12 };
    expect(buildPushPayload(extra, 'https://medguard.kz')).toStrictEqual({
      type: 'sos.alert',
      alertId: row.alert_id,
      reference: 'SOS-000042',
      category: null,
      priority: 1,
      facility: { name: 'Central City Clinical Hospital' },
      place: { kind: 'ambulance_call' },
      url: `https://medguard.kz/police?alert=${row.alert_id}`,
    });
  });

  it('is a report alert again once the report attaches to the SOS', () => {
    const attached = { ...row, sos_reference: 'SOS-000042', sos_place_kind: 'other' };
    expect(buildPushPayload(attached, 'https://medguard.kz')).toMatchObject({
      type: 'incident.alert',
      reference: 'MG-2026-000123',
      category: 'assault',
      place: { kind: 'admission_department' },
    });
  });

  it('tells a reporter the new status and where to look', () => {
    expect(
      buildIncidentUpdatePayload(
        { id: 'i-1', reference: 'MG-1', status: 'in_progress' },
        'https://medguard.kz',
      ),
    ).toStrictEqual({
      type: 'incident.updated',
      incidentId: 'i-1',
      reference: 'MG-1',
      status: 'in_progress',
      url: 'https://medguard.kz/reports/i-1',
    });
  });
});

describe('pushTtlSeconds', () => {
  const created = new Date('2026-03-01T00:00:00Z');
  const at = (minutes: number) => new Date(created.getTime() + minutes * 60_000);
  it.each([
    ['at filing: the whole window', at(15), created.getTime(), 900],
    ['later: still the whole window', at(15), at(10).getTime(), 900],
    ['a far deadline: until the deadline', at(60), created.getTime(), 3600],
    ['a deadline already past: the window', at(15), at(30).getTime(), 900],
    ['a tiny window: never under a minute', at(0.1), created.getTime(), 60],
    ['a deadline beyond 28 days: capped', at(60 * 24 * 40), created.getTime(), MAX_TTL_SECONDS],
  ])('%s', (_name, deadlineAt, now, expected) => {
    expect(pushTtlSeconds({ createdAt: created, deadlineAt }, now)).toBe(expected);
  });
});

describe('pushUrgency', () => {
  it.each([
    [1, 'high'],
    [2, 'high'],
    [3, 'normal'],
    [4, 'normal'],
  ])('priority %i → %s', (priority, urgency) => {
    expect(pushUrgency(priority)).toBe(urgency);
  });
});

describe('pushTopic', () => {
  it('is the id in at most 32 URL-safe characters', () => {
    expect(pushTopic(row.alert_id)).toBe('5f0c2b1e6f1d4d8e9a573a1c2b7d9e10');
    expect(pushTopic(row.alert_id)).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
  });
});
