import { DEMO_IDS } from '../seeds/demo';
import { regionId } from '../seeds/reference';
import { bearer, startTestApp, TestApp } from './support/test-app';
import { CENTRAL, hoursAgo, OTHER_ADMISSION, report, SUBSTATION_1 } from './support/incidents';

describe('incident intake', () => {
  let t: TestApp;
  let nurse: string;
  let paramedic: string;
  let safety: string;
  let police: string;
  let dutyDesk: string;
  let admin: string;
  let ministry: string;
  beforeAll(async () => {
    t = await startTestApp();
    [nurse, paramedic, safety, police, dutyDesk, admin, ministry] = await Promise.all(
      ['nurse', 'paramedic', 'safety', 'police', 'dutydesk', 'admin', 'ministry'].map((u) =>
        t.login(`${u}@demo.medguard.kz`),
      ),
    );
  });
  afterAll(() => t.close());

  const file = (token: string, body: Record<string, unknown> = report()) =>
    t.http().post('/api/v1/incidents').set(bearer(token)).send(body);
  const count = async (table: string) =>
    Number((await t.db.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('files a report and shows the reporter its reference, category and the reasons', async () => {
    const res = await file(nurse);
    expect(res.status).toBe(201);
    expect(res.body.reference).toMatch(new RegExp(`^INC-${new Date().getFullYear()}-\\d{6}$`));
    expect(res.body).toMatchObject({
      status: 'submitted',
      facilityId: CENTRAL,
      classification: {
        article: '158-1',
        category: 'assault',
        maxPenalty: { kind: 'imprisonment', years: 7 },
        ruleSetVersion: 1,
        reasons: [
          {
            fact: 'physicalViolence',
            value: true,
            message: 'physical violence was used (physical_assault)',
          },
        ],
      },
      alerts: [{ policePostId: DEMO_IDS.centralPost, status: 'pending', priority: 3 }],
      victims: [{ role: 'nurse', injury: 'minor', fullName: 'Aigerim Seitkali' }],
      history: [{ type: 'created', toStatus: 'submitted', actor: { role: 'staff' } }],
    });
    expect(res.body.createdAt).toBeDefined();
  });

  it('routes a facility without a post to its region duty desk', async () => {
    const res = await file(
      paramedic,
      report({
        facilityId: SUBSTATION_1,
        unitId: undefined,
        place: { kind: 'ambulance_call', address: 'Almaty, Abay Ave 10' },
      }),
    );
    expect(res.status).toBe(201);
    expect(res.body.alerts.map((a: { policePostId: string }) => a.policePostId)).toEqual([
      DEMO_IDS.almatyDutyDesk,
    ]);
  });

  it('classifies an attack on two medical workers as assault_multiple, the gravest, with top priority', async () => {
    const res = await file(
      nurse,
      report({
        victims: [
          { role: 'nurse', injury: 'moderate' },
          { role: 'doctor', injury: 'minor' },
        ],
      }),
    );
    expect(res.body.classification).toMatchObject({
      category: 'assault_multiple',
      maxPenalty: { years: 15 },
    });
    expect(res.body.classification.reasons.map((r: { fact: string }) => r.fact)).toEqual([
      'physicalViolence',
      'medicalWorkerVictims',
      'gravest',
    ]);
    expect(res.body.alerts[0].priority).toBe(1);
  });

  describe('validation', () => {
    const cases: Array<[string, Record<string, unknown>, string[]]> = [
      [
        'a date in the future',
        { occurredAt: new Date(Date.now() + 3600_000).toISOString() },
        ['occurredAt'],
      ],
      ['a date more than a year back', { occurredAt: hoursAgo(24 * 400) }, ['occurredAt']],
      ['a date without an offset', { occurredAt: '2026-03-14T02:40:00' }, ['occurredAt']],
      [
        'an unknown facility',
        { facilityId: '00000000-0000-4000-8000-000000000001' },
        ['facilityId'],
      ],
      ['a unit of another facility', { unitId: OTHER_ADMISSION }, ['unitId']],
      ['no victims', { victims: [] }, ['victims']],
      [
        'a victim with an unknown role and injury',
        { victims: [{ role: 'janitor', injury: 'bruised' }] },
        ['victims[0].injury', 'victims[0].role'],
      ],
      [
        'a second victim without an injury',
        { victims: [{ role: 'nurse', injury: 'none' }, { role: 'doctor' }] },
        ['victims[1].injury'],
      ],
      [
        'a perpetrator count below one',
        { perpetrators: { type: 'patient', count: 0 } },
        ['perpetrators.count'],
      ],
      [
        'an unknown perpetrator type',
        { perpetrators: { type: 'alien', count: 1 } },
        ['perpetrators.type'],
      ],
      ['a narrative over 10,000 characters', { narrative: 'x'.repeat(10001) }, ['narrative']],
      ['a blank narrative', { narrative: '   ' }, ['narrative']],
      [
        'an unknown kind and place',
        { kind: 'insult', place: { kind: 'garden' } },
        ['kind', 'place.kind'],
      ],
      ['no place', { place: undefined }, ['place']],
      [
        'a latitude without a longitude',
        { place: { kind: 'ambulance_call', lat: 43.2 } },
        ['place.lon'],
      ],
      [
        'a non-boolean emergency flag',
        { duringStateOfEmergency: 'yes' },
        ['duringStateOfEmergency'],
      ],
      [
        'an unknown victim account',
        {
          victims: [
            { role: 'nurse', injury: 'none', userId: '00000000-0000-4000-8000-000000000002' },
          ],
        },
        ['victims[0].userId'],
      ],
      ['an unexpected field', { severity: 'high' }, ['severity']],
    ];
    it.each(cases)(
      'rejects %s with 400 naming the field, and creates nothing',
      async (_what, over, fields) => {
        const before = await count('incidents');
        const res = await file(nurse, report(over));
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field).sort()).toEqual(fields);
        expect(await count('incidents')).toBe(before);
      },
    );

    it('lets staff report only for their own facility', async () => {
      const res = await file(nurse, report({ facilityId: SUBSTATION_1, unitId: undefined }));
      expect(res.status).toBe(403);
      expect(res.body.details).toEqual([{ field: 'facilityId', message: 'is not your facility' }]);
    });
  });

  describe('classification rules as data', () => {
    it('classifies by the rule set in force at occurredAt, and a new version leaves earlier incidents as they were', async () => {
      const before = await file(
        nurse,
        report({ kind: 'threat_with_weapon', occurredAt: hoursAgo(72) }),
      );
      expect(before.body.classification).toMatchObject({ category: 'threat', ruleSetVersion: 1 });

      const current = (
        await t.http().get('/api/v1/classification/rule-sets/current').set(bearer(admin))
      ).body;
      const v2 = {
        effectiveFrom: hoursAgo(48),
        description: 'Amendment: armed threats punished separately',
        categories: [
          ...current.categories,
          {
            code: 'armed_threat',
            severity: 5,
            maxPenalty: { kind: 'imprisonment', years: 3 },
            ackDeadlineMinutes: 5,
            personalDataRetentionYears: 11,
          },
        ],
        medicalWorkerRoles: current.medicalWorkerRoles,
        rules: [
          ...current.rules,
          {
            category: 'armed_threat',
            when: [
              { fact: 'weaponInvolved', op: 'eq', value: true },
              { fact: 'physicalViolence', op: 'eq', value: false },
            ],
          },
        ],
        fallbackCategory: 'threat',
      };
      const created = await t
        .http()
        .post('/api/v1/classification/rule-sets')
        .set(bearer(admin))
        .send(v2);
      expect(created.status).toBe(201);
      expect(created.body.version).toBe(2);

      const after = await file(
        nurse,
        report({ kind: 'threat_with_weapon', occurredAt: hoursAgo(24) }),
      );
      expect(after.body.classification).toMatchObject({
        category: 'armed_threat',
        ruleSetVersion: 2,
        maxPenalty: { years: 3 },
      });
      const older = await file(
        nurse,
        report({ kind: 'threat_with_weapon', occurredAt: hoursAgo(60) }),
      );
      expect(older.body.classification).toMatchObject({ category: 'threat', ruleSetVersion: 1 });
      const unchanged = await t
        .http()
        .get(`/api/v1/incidents/${before.body.id}`)
        .set(bearer(nurse));
      expect(unchanged.body.classification).toMatchObject({
        category: 'threat',
        ruleSetVersion: 1,
      });

      const list = await t.http().get('/api/v1/classification/rule-sets').set(bearer(nurse));
      expect(list.body.items.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    });

    it('refuses a rule set whose rules name unknown categories, and lets only admins add one', async () => {
      const bad = await t
        .http()
        .post('/api/v1/classification/rule-sets')
        .set(bearer(admin))
        .send({
          effectiveFrom: '2027-01-01T00:00:00+05:00',
          categories: [
            {
              code: 'threat',
              severity: 1,
              maxPenalty: { kind: 'fine' },
              ackDeadlineMinutes: 10,
              personalDataRetentionYears: 6,
            },
          ],
          medicalWorkerRoles: ['doctor'],
          rules: [
            { category: 'assault', when: [{ fact: 'physicalViolence', op: 'eq', value: true }] },
          ],
          fallbackCategory: 'threat',
        });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toEqual([
        { field: 'rules[0].category', message: 'is not one of the categories' },
      ]);
      expect(
        (await t.http().post('/api/v1/classification/rule-sets').set(bearer(police)).send({}))
          .status,
      ).toBe(403);
    });
  });

  describe('state of emergency', () => {
    it('flags and classifies an incident inside a recorded regime although the form said otherwise', async () => {
      const regime = await t
        .http()
        .post('/api/v1/emergencies')
        .set(bearer(admin))
        .send({
          regionId: regionId('KZ-75'),
          from: hoursAgo(24 * 30),
          to: hoursAgo(24 * 20),
          description: 'Earthquake emergency regime, Almaty',
        });
      expect(regime.status).toBe(201);
      const res = await file(
        nurse,
        report({ occurredAt: hoursAgo(24 * 25), duringStateOfEmergency: false }),
      );
      expect(res.body).toMatchObject({
        duringStateOfEmergency: true,
        reportedStateOfEmergency: false,
        classification: { category: 'assault_emergency', maxPenalty: { years: 10 } },
      });
      expect(res.body.classification.reasons[1].message).toBe(
        'a state of emergency was in force (recorded: Earthquake emergency regime, Almaty)',
      );
      const outside = await file(nurse, report({ occurredAt: hoursAgo(24 * 19) }));
      expect(outside.body.classification.category).toBe('assault');
      const listed = await t.http().get('/api/v1/emergencies').set(bearer(nurse));
      expect(listed.body.items[0]).toMatchObject({
        regionId: regionId('KZ-75'),
        description: 'Earthquake emergency regime, Almaty',
      });
    });

    it('rejects a regime that ends before it starts, and non-admins', async () => {
      const res = await t
        .http()
        .post('/api/v1/emergencies')
        .set(bearer(admin))
        .send({ regionId: null, from: hoursAgo(1), to: hoursAgo(2), description: 'x' });
      expect(res.status).toBe(400);
      expect(res.body.details[0].field).toBe('to');
      expect((await t.http().post('/api/v1/emergencies').set(bearer(safety)).send({})).status).toBe(
        403,
      );
    });
  });

  describe('scope', () => {
    it("hides one reporter's report from another (404), from unrelated posts (404), and from the ministry (403)", async () => {
      const mine = await file(
        paramedic,
        report({
          facilityId: SUBSTATION_1,
          unitId: undefined,
          place: { kind: 'ambulance_call', address: 'x' },
        }),
      );
      const colleague = await t.http().post('/api/v1/users').set(bearer(admin)).send({
        email: 'paramedic2@demo.medguard.kz',
        fullName: 'Second Paramedic',
        role: 'staff',
        facilityId: SUBSTATION_1,
        password: 'second-paramedic-1',
      });
      expect(colleague.status).toBe(201);
      const other = await t.login('paramedic2@demo.medguard.kz', 'second-paramedic-1');
      expect(
        (await t.http().get(`/api/v1/incidents/${mine.body.id}`).set(bearer(other))).status,
      ).toBe(404);
      expect(
        (await t.http().get(`/api/v1/incidents/${mine.body.id}`).set(bearer(police))).status,
      ).toBe(404);
      expect(
        (await t.http().get(`/api/v1/incidents/${mine.body.id}`).set(bearer(safety))).status,
      ).toBe(404);
      expect(
        (await t.http().get(`/api/v1/incidents/${mine.body.id}`).set(bearer(dutyDesk))).status,
      ).toBe(200);
      expect(
        (await t.http().get(`/api/v1/incidents/${mine.body.id}`).set(bearer(ministry))).status,
      ).toBe(403);
      expect((await t.http().get('/api/v1/incidents').set(bearer(ministry))).status).toBe(403);
      const otherList = await t.http().get('/api/v1/incidents').set(bearer(other));
      expect(otherList.body.items).toEqual([]);
      expect(
        (
          await t
            .http()
            .patch(`/api/v1/incidents/${mine.body.id}/status`)
            .set(bearer(police))
            .send({ status: 'acknowledged' })
        ).status,
      ).toBe(404);
    });

    it('lists a facility admin their facility and filters by status, category, facility and period with a cursor', async () => {
      const all = await t.http().get('/api/v1/incidents?limit=200').set(bearer(safety));
      expect(all.body.items.length).toBeGreaterThan(3);
      expect(new Set(all.body.items.map((i: { facilityId: string }) => i.facilityId))).toEqual(
        new Set([CENTRAL]),
      );
      expect(JSON.stringify(all.body)).not.toContain('Aigerim');
      const ids: string[] = [];
      let cursor: string | null = null;
      do {
        const page: {
          body: { items: Array<{ id: string; occurredAt: string }>; nextCursor: string | null };
        } = await t
          .http()
          .get('/api/v1/incidents')
          .query({ limit: 2, ...(cursor ? { cursor } : {}) })
          .set(bearer(safety));
        ids.push(...page.body.items.map((i) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(ids).toEqual(all.body.items.map((i: { id: string }) => i.id));
      const times = all.body.items.map((i: { occurredAt: string }) => Date.parse(i.occurredAt));
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const threats = await t.http().get('/api/v1/incidents?category=threat').set(bearer(safety));
      expect(
        threats.body.items.every(
          (i: { classification: { category: string } }) => i.classification.category === 'threat',
        ),
      ).toBe(true);
      const window = await t
        .http()
        .get('/api/v1/incidents')
        .query({ from: hoursAgo(24 * 26), to: hoursAgo(24 * 24) })
        .set(bearer(safety));
      expect(
        window.body.items.map(
          (i: { classification: { category: string } }) => i.classification.category,
        ),
      ).toEqual(['assault_emergency']);
      const none = await t
        .http()
        .get('/api/v1/incidents?status=closed&facilityId=' + SUBSTATION_1)
        .set(bearer(admin));
      expect(none.body.items).toEqual([]);
    });

    it('audits every read of a full report', async () => {
      const res = await file(nurse);
      await t.http().get(`/api/v1/incidents/${res.body.id}`).set(bearer(police));
      const rows = await t.db.query(
        `SELECT action, actor_type FROM audit_log WHERE entity_id = $1 ORDER BY seq`,
        [res.body.id],
      );
      expect(rows.map((r: { action: string }) => r.action)).toEqual([
        'incident.created',
        'incident.viewed',
      ]);
    });
  });

  describe('case workflow', () => {
    it('moves a case forward with notes, requires the ERDR number and an outcome, and shows the reporter what became of it', async () => {
      const { body } = await file(nurse);
      const move = (payload: Record<string, unknown>) =>
        t.http().patch(`/api/v1/incidents/${body.id}/status`).set(bearer(police)).send(payload);

      expect((await move({ status: 'investigating' })).status).toBe(422);
      expect((await move({ status: 'acknowledged', note: 'Officer on the way' })).status).toBe(200);
      expect((await move({ status: 'investigating', note: 'Statements taken' })).status).toBe(200);
      const noErdr = await move({ status: 'referred_to_prosecution' });
      expect(noErdr.status).toBe(422);
      expect(noErdr.body.details[0].field).toBe('erdrNumber');
      expect(
        (await move({ status: 'referred_to_prosecution', erdrNumber: '261500031000123' })).status,
      ).toBe(200);
      const noOutcome = await move({ status: 'closed' });
      expect(noOutcome.status).toBe(422);
      expect(noOutcome.body.details[0].field).toBe('outcome');
      const closed = await move({
        status: 'closed',
        outcome: 'convicted',
        finalArticle: '158-1 part 2',
        note: 'Court verdict',
      });
      expect(closed.status).toBe(200);
      expect((await move({ status: 'investigating' })).status).toBe(422);

      const seen = await t.http().get(`/api/v1/incidents/${body.id}`).set(bearer(nurse));
      expect(seen.body).toMatchObject({
        status: 'closed',
        erdrNumber: '261500031000123',
        outcome: 'convicted',
        finalArticle: '158-1 part 2',
      });
      expect(seen.body.history.map((h: { toStatus: string }) => h.toStatus)).toEqual([
        'submitted',
        'acknowledged',
        'investigating',
        'referred_to_prosecution',
        'closed',
      ]);
      expect(seen.body.history[1]).toMatchObject({
        type: 'status_changed',
        fromStatus: 'submitted',
        note: 'Officer on the way',
        actor: { role: 'police' },
      });
      expect(seen.body.history[1].actor.id).toBeUndefined();
      const mine = await t.http().get('/api/v1/incidents').set(bearer(nurse));
      expect(mine.body.items.find((i: { id: string }) => i.id === body.id).status).toBe('closed');
    });

    it('closes an open report straight away as a duplicate', async () => {
      const { body } = await file(nurse);
      const res = await t
        .http()
        .patch(`/api/v1/incidents/${body.id}/status`)
        .set(bearer(admin))
        .send({ status: 'closed', outcome: 'duplicate' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'closed', outcome: 'duplicate' });
    });

    it('lets the routed police correct the classification with a reason, keeping the previous one in the history', async () => {
      const { body } = await file(nurse);
      const reclassify = (token: string, payload: Record<string, unknown>) =>
        t.http().post(`/api/v1/incidents/${body.id}/reclassify`).set(bearer(token)).send(payload);
      expect((await reclassify(police, { category: 'assault_multiple' })).status).toBe(400);
      expect((await reclassify(nurse, { category: 'threat', reason: 'x' })).status).toBe(403);
      expect((await reclassify(dutyDesk, { category: 'threat', reason: 'x' })).status).toBe(404);
      expect((await reclassify(police, { category: 'bogus', reason: 'x' })).status).toBe(400);
      const res = await reclassify(police, {
        category: 'assault_multiple',
        reason: 'A second nurse was also struck, per CCTV',
      });
      expect(res.status).toBe(200);
      expect(res.body.classification).toMatchObject({
        category: 'assault_multiple',
        maxPenalty: { years: 15 },
        ruleSetVersion: body.classification.ruleSetVersion,
      });
      const entry = res.body.history.find((h: { type: string }) => h.type === 'reclassified');
      expect(entry).toMatchObject({
        note: 'A second nurse was also struck, per CCTV',
        data: {
          from: { category: 'assault', maxPenalty: { years: 7 } },
          to: { category: 'assault_multiple' },
        },
      });
      expect(entry.data.from.reasons[0].fact).toBe('physicalViolence');
    });
  });
});
