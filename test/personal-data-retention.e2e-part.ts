import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { PersonalDataErasure } from '../src/incidents/personal-data-erasure.service';
import { FieldCipher } from '../src/privacy/field-cipher';
import { startAlertStack } from './support/alert-stack';
import { uploadVerified } from './support/footage';
import { CENTRAL, CENTRAL_ADMISSION, fileIncident } from './support/incidents';
import { mp4 } from './support/media';
import { bearer, TestApp } from './support/test-app';
import { shiftClock } from './support/test-clock';

const YEAR_MS = 365.25 * 24 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** A report full of personal data: names, narrative, witnesses, the address and the attacker. */
const PERSONAL = {
  kind: 'verbal_threat',
  place: { kind: 'ambulance_call', address: 'Abay Ave 44, flat 12', lat: 43.24, lon: 76.91 },
  victims: [{ role: 'nurse', injury: 'none', fullName: 'Gulnara Retentionova' }],
  perpetrators: { type: 'patient', count: 1, description: 'tall man, scar over the left eye' },
  narrative: 'The patient threatened to kill the nurse Gulnara Retentionova at her door.',
  witnesses: 'Dr. Serik Witnessov, the driver',
};

describe('retention of personal data', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;
  let admin: string;
  let nurse: string;
  let safety: string;
  let police: string;
  let ministry: string;

  beforeAll(async () => {
    ({ api: t, worker, close } = await startAlertStack());
    [admin, nurse, safety, police, ministry] = await t.loginAll(
      'admin',
      'nurse',
      'safety',
      'police',
      'ministry',
    );
  });
  afterAll(() => close());

  const move = (id: string, body: Record<string, unknown>) =>
    t.http().patch(`/api/v1/incidents/${id}/status`).set(bearer(police)).send(body);
  const closeCase = async (id: string) =>
    expect((await move(id, { status: 'closed', outcome: 'resolved' })).status).toBe(200);
  const view = async (id: string, token = nurse) =>
    (await t.http().get(`/api/v1/incidents/${id}`).set(bearer(token))).body;
  /** Runs the worker's erasure as it would run this long from now. */
  const eraseAfter = async (ms: number) => {
    const restore = shiftClock([t.app, worker], ms);
    try {
      return await worker.get(PersonalDataErasure).sweep();
    } finally {
      restore();
    }
  };
  const erasedAt = async (id: string) =>
    (await t.db.query(`SELECT personal_data_erased_at FROM incidents WHERE id = $1`, [id]))[0]
      .personal_data_erased_at as Date | null;
  const month = () => new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 7);
  const ministryFigures = async () => {
    const out: unknown[] = [];
    for (const groupBy of ['category', 'victimRole', 'facility', 'perpetratorType']) {
      const res = await t
        .http()
        .get(`/api/v1/stats/monthly?month=${month()}&groupBy=${groupBy}`)
        .set(bearer(ministry));
      expect(res.status).toBe(200);
      out.push(res.body);
    }
    return out;
  };

  describe('periods in the rule set', () => {
    it('shows for every category how long personal data of a closed case is kept', async () => {
      const nurse = await t.login('nurse@demo.medguard.kz');
      const current = await t
        .http()
        .get('/api/v1/classification/rule-sets/current')
        .set(bearer(nurse));
      expect(current.status).toBe(200);
      expect(
        current.body.categories.map((c: { code: string; personalDataRetentionYears: number }) => [
          c.code,
          c.personalDataRetentionYears,
        ]),
      ).toEqual([
        ['threat', 6],
        ['assault', 16],
        ['assault_emergency', 16],
        ['assault_multiple', 21],
      ]);
      const list = await t.http().get('/api/v1/classification/rule-sets').set(bearer(nurse));
      expect(list.body.items[0].categories[3].personalDataRetentionYears).toBe(21);
    });

    it('refuses a new rule set whose category has no period or an impossible one, naming the field', async () => {
      const current = (
        await t.http().get('/api/v1/classification/rule-sets/current').set(bearer(admin))
      ).body;
      const withCategory2 = (change: Record<string, unknown>) => ({
        effectiveFrom: '2098-01-01T00:00:00+05:00',
        categories: current.categories.map((c: Record<string, unknown>, i: number) => {
          if (i !== 2) return c;
          const { personalDataRetentionYears: _omitted, ...rest } = c;
          return { ...rest, ...change };
        }),
        medicalWorkerRoles: current.medicalWorkerRoles,
        rules: current.rules,
        fallbackCategory: current.fallbackCategory,
      });
      const [before] = await t.db.query(`SELECT count(*)::int AS n FROM classification_rule_sets`);
      const answers = await Promise.all(
        [{}, { personalDataRetentionYears: 0 }, { personalDataRetentionYears: 2.5 }].map((change) =>
          t
            .http()
            .post('/api/v1/classification/rule-sets')
            .set(bearer(admin))
            .send(withCategory2(change)),
        ),
      );
      for (const res of answers) {
        expect(res.status).toBe(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toEqual([
          'categories[2].personalDataRetentionYears',
        ]);
      }
      const [after] = await t.db.query(`SELECT count(*)::int AS n FROM classification_rule_sets`);
      expect(after.n).toBe(before.n);
    });
  });

  describe('erasure by the worker', () => {
    it('erases the personal fields of a closed case once its period has run, keeping facts, classification, history and statistics', async () => {
      const sos = await t
        .http()
        .post('/api/v1/sos')
        .set(bearer(nurse))
        .send({ facilityId: CENTRAL, unitId: CENTRAL_ADMISSION, lat: 43.2389, lon: 76.8897 });
      expect(sos.status).toBe(201);
      const incident = await fileIncident(t, { ...PERSONAL, sosId: sos.body.id });
      await closeCase(incident.id);
      const tokens = [nurse, safety, police, admin];
      const befores = await Promise.all(tokens.map((token) => view(incident.id, token)));
      const before = befores[0];
      expect(before).toMatchObject({ narrative: PERSONAL.narrative, personalDataErasedAt: null });
      const figures = await ministryFigures();

      // Threat: kept 6 years after closing; five years on nothing goes.
      expect(await eraseAfter(5 * YEAR_MS)).toBe(0);
      expect(await erasedAt(incident.id)).toBeNull();
      expect(await eraseAfter(6 * YEAR_MS + DAY_MS)).toBeGreaterThanOrEqual(1);

      for (const [i, token] of tokens.entries()) {
        const after = await view(incident.id, token);
        expect(after).toMatchObject({
          narrative: null,
          witnesses: null,
          place: { kind: 'ambulance_call', address: null, lat: null, lon: null },
          victims: [{ role: 'nurse', injury: 'none', fullName: null }],
          perpetrators: { type: 'patient', count: 1, description: null },
          personalDataErasedAt: expect.any(String),
          status: 'closed',
          outcome: 'resolved',
          reference: before.reference,
          occurredAt: before.occurredAt,
          classification: before.classification,
          alerts: before.alerts,
          sosId: sos.body.id,
        });
        expect(after.history.slice(0, before.history.length)).toEqual(befores[i].history);
        expect(after.history.at(-1)).toMatchObject({
          type: 'personal_data_erased',
          actor: { role: 'system' },
        });
      }
      expect(JSON.stringify(await view(incident.id, admin))).not.toMatch(
        /Retentionova|Witnessov|Abay|scar/,
      );
      const [sosRow] = await t.db.query(`SELECT lat, lon, accuracy_m FROM sos WHERE id = $1`, [
        sos.body.id,
      ]);
      expect(sosRow).toEqual({ lat: null, lon: null, accuracy_m: null });
      const audit = await t.db.query(
        `SELECT actor_type, details FROM audit_log WHERE action = 'incident.personal_data_erased' AND entity_id = $1`,
        [incident.id],
      );
      expect(audit).toHaveLength(1);
      expect(audit[0].actor_type).toBe('system');
      expect(JSON.stringify(audit[0].details)).not.toMatch(/Retentionova|Witnessov|Abay|scar/);
      expect(await ministryFigures()).toEqual(figures);
      // The reporter sees the erasure in the report's access log, as a system job's.
      const log = await t
        .http()
        .get(`/api/v1/incidents/${incident.id}/access-log`)
        .set(bearer(nurse));
      expect(log.status).toBe(200);
      expect(log.body).toContainEqual({
        at: expect.any(String),
        role: 'system',
        name: null,
        policePostId: null,
        what: 'erasure',
      });

      // Erased once: a later run leaves it and its history alone.
      await eraseAfter(7 * YEAR_MS);
      expect((await view(incident.id)).history).toHaveLength(before.history.length + 1);
    });

    it('never erases a case referred to prosecution, nor one whose footage is on legal hold until the hold is released', async () => {
      const referred = await fileIncident(t, PERSONAL);
      for (const step of [
        { status: 'acknowledged' },
        { status: 'investigating' },
        { status: 'referred_to_prosecution', erdrNumber: '261500031000123' },
      ])
        expect((await move(referred.id, step)).status).toBe(200);
      const held = await fileIncident(t, PERSONAL);
      const clip = await uploadVerified(t, safety, mp4(16 * 1024), 'admission.mp4', {
        incidentId: held.id,
      });
      const hold = (legalHold: boolean) =>
        t
          .http()
          .put(`/api/v1/footage/${clip}/legal-hold`)
          .set(bearer(police))
          .send({ legalHold, reason: 'Evidence in a pending appeal' });
      expect((await hold(true)).status).toBe(200);
      await closeCase(held.id);

      await eraseAfter(30 * YEAR_MS);
      expect(await erasedAt(referred.id)).toBeNull();
      expect(await erasedAt(held.id)).toBeNull();
      expect((await view(referred.id)).narrative).toBe(PERSONAL.narrative);
      expect((await view(held.id)).narrative).toBe(PERSONAL.narrative);

      expect((await hold(false)).status).toBe(200);
      await eraseAfter(30 * YEAR_MS);
      expect(await erasedAt(held.id)).not.toBeNull();
      expect((await view(held.id)).narrative).toBeNull();
    });

    it('a legal hold still being set when the sweep reaches the case wins: the case is left as it was', async () => {
      const incident = await fileIncident(t, PERSONAL);
      const clip = await uploadVerified(t, safety, mp4(16 * 1024), 'admission.mp4', {
        incidentId: incident.id,
      });
      await closeCase(incident.id);
      // An officer's hold in flight: the footage row is locked and the hold not yet committed, so
      // the sweep's first look finds the case due.
      const officer = new Client({ connectionString: t.databaseUrl });
      await officer.connect();
      try {
        await officer.query('BEGIN');
        await officer.query(
          `UPDATE footage SET legal_hold = true, legal_hold_by_role = 'police', legal_hold_since = now() WHERE id = $1`,
          [clip],
        );
        expect(await eraseAfter(30 * YEAR_MS)).toBe(0);
        await officer.query('COMMIT');
      } finally {
        await officer.end();
      }
      expect(await eraseAfter(30 * YEAR_MS)).toBe(0);
      expect(await erasedAt(incident.id)).toBeNull();
      expect((await view(incident.id)).narrative).toBe(PERSONAL.narrative);
    });

    it('holds set by officers while the sweep runs over many cases are never lost: no erased case carries an earlier hold', async () => {
      const cases = await Promise.all(Array.from({ length: 4 }, () => fileIncident(t, PERSONAL)));
      const clips: string[] = [];
      for (const c of cases)
        clips.push(
          await uploadVerified(t, safety, mp4(8 * 1024), 'admission.mp4', { incidentId: c.id }),
        );
      await Promise.all(cases.map((c) => closeCase(c.id)));
      const restore = shiftClock([t.app, worker], 30 * YEAR_MS);
      try {
        const answers = await Promise.all([
          worker.get(PersonalDataErasure).sweep(),
          ...clips.map((clip) =>
            t
              .http()
              .put(`/api/v1/footage/${clip}/legal-hold`)
              .set(bearer(police))
              .send({ legalHold: true, reason: 'Appeal lodged' }),
          ),
          worker.get(PersonalDataErasure).sweep(),
        ]);
        for (const res of answers.slice(1, -1))
          expect((res as { status: number }).status).toBe(200);
      } finally {
        restore();
      }
      const rows = await t.db.query(
        `SELECT i.personal_data_erased_at AS erased, f.legal_hold_since AS held, i.narrative
           FROM incidents i JOIN incident_footage l ON l.incident_id = i.id JOIN footage f ON f.id = l.footage_id
          WHERE i.id = ANY($1)`,
        [cases.map((c) => c.id)],
      );
      expect(rows).toHaveLength(cases.length);
      for (const r of rows) {
        expect(r.held).not.toBeNull();
        if (r.erased) expect(r.held.getTime()).toBeGreaterThanOrEqual(r.erased.getTime());
        else
          expect(t.app.get(FieldCipher).open('incidents.narrative', r.narrative)).toBe(
            PERSONAL.narrative,
          );
      }
    });
  });
});
