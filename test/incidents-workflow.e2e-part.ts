import { bearer, startTestApp, TestApp } from './support/test-app';
import { report } from './support/incidents';

describe('incident intake: the case workflow', () => {
  let t: TestApp;
  let nurse: string;
  let police: string;
  let dutyDesk: string;
  let admin: string;
  beforeAll(async () => {
    t = await startTestApp();
    [nurse, police, dutyDesk, admin] = await Promise.all(
      ['nurse', 'police', 'dutydesk', 'admin'].map((u) => t.login(`${u}@demo.medguard.kz`)),
    );
  });
  afterAll(() => t.close());

  const file = (token: string, body: Record<string, unknown> = report()) =>
    t.http().post('/api/v1/incidents').set(bearer(token)).send(body);

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
