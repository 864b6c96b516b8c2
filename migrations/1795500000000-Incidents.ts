import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rule set version 1 exactly as this migration seeds it, frozen here so that the seed of a fresh
 * install never follows later edits of src/classification/rule-set-v1.ts (a spec checks that the
 * two still agree).
 */
export const RULE_SET_V1_AS_SEEDED = {
  categories: [
    {
      code: 'threat',
      severity: 1,
      maxPenalty: { kind: 'restricted_freedom', years: 2 },
      ackDeadlineMinutes: 15,
    },
    {
      code: 'assault',
      severity: 2,
      maxPenalty: { kind: 'imprisonment', years: 7 },
      ackDeadlineMinutes: 5,
    },
    {
      code: 'assault_emergency',
      severity: 3,
      maxPenalty: { kind: 'imprisonment', years: 10 },
      ackDeadlineMinutes: 5,
    },
    {
      code: 'assault_multiple',
      severity: 4,
      maxPenalty: { kind: 'imprisonment', years: 15 },
      ackDeadlineMinutes: 2,
    },
  ],
  medicalWorkerRoles: ['doctor', 'nurse', 'paramedic', 'feldsher', 'orderly'],
  rules: [
    { category: 'threat', when: [{ fact: 'physicalViolence', op: 'eq', value: false }] },
    { category: 'assault', when: [{ fact: 'physicalViolence', op: 'eq', value: true }] },
    {
      category: 'assault_emergency',
      when: [
        { fact: 'physicalViolence', op: 'eq', value: true },
        { fact: 'duringStateOfEmergency', op: 'eq', value: true },
      ],
    },
    {
      category: 'assault_multiple',
      when: [
        { fact: 'physicalViolence', op: 'eq', value: true },
        { fact: 'medicalWorkerVictims', op: 'gte', value: 2 },
      ],
    },
  ],
  fallbackCategory: 'threat',
};

export class Incidents1795500000000 implements MigrationInterface {
  name = 'Incidents1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE classification_rule_sets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        version integer NOT NULL UNIQUE CHECK (version > 0),
        effective_from timestamptz NOT NULL UNIQUE,
        article text NOT NULL,
        definition jsonb NOT NULL,
        description text,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `INSERT INTO classification_rule_sets (version, effective_from, article, definition, description)
       VALUES (1, '2025-01-01T00:00:00+05:00', '158-1', $1, $2)`,
      [
        JSON.stringify(RULE_SET_V1_AS_SEEDED),
        'Article 158-1 as proposed by the Ministry of Health in 2025',
      ],
    );

    await q.query(`
      CREATE TABLE emergencies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        region_id uuid REFERENCES regions(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        description text NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX emergencies_period_idx ON emergencies (starts_at, ends_at)`);

    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference text NOT NULL UNIQUE,
        facility_id uuid NOT NULL REFERENCES facilities(id),
        unit_id uuid REFERENCES units(id),
        reporter_id uuid NOT NULL REFERENCES users(id),
        occurred_at timestamptz NOT NULL,
        place_kind text NOT NULL CHECK (place_kind IN ('admission_department', 'ward', 'ambulance_call', 'outpatient', 'other')),
        place_address text,
        place_lat double precision CHECK (place_lat BETWEEN -90 AND 90),
        place_lon double precision CHECK (place_lon BETWEEN -180 AND 180),
        kind text NOT NULL CHECK (kind IN ('verbal_threat', 'threat_with_weapon', 'physical_assault', 'assault_with_weapon')),
        reported_emergency boolean NOT NULL,
        during_state_of_emergency boolean NOT NULL,
        emergency_id uuid REFERENCES emergencies(id),
        perpetrator_type text NOT NULL CHECK (perpetrator_type IN ('patient', 'relative', 'visitor', 'other')),
        perpetrator_count integer NOT NULL CHECK (perpetrator_count >= 1),
        perpetrator_description text,
        narrative text NOT NULL CHECK (char_length(narrative) BETWEEN 1 AND 10000),
        witnesses text,
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted', 'acknowledged', 'investigating', 'referred_to_prosecution', 'closed')),
        category text NOT NULL,
        max_penalty jsonb NOT NULL,
        rule_set_id uuid NOT NULL REFERENCES classification_rule_sets(id),
        rule_set_version integer NOT NULL,
        classification_reasons jsonb NOT NULL,
        erdr_number text,
        outcome text CHECK (outcome IN ('duplicate', 'unfounded', 'resolved', 'case_dismissed', 'convicted', 'acquitted', 'other')),
        final_article text,
        closed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'referred_to_prosecution' OR erdr_number IS NOT NULL),
        CHECK (status <> 'closed' OR (outcome IS NOT NULL AND closed_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX incidents_occurred_idx ON incidents (occurred_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX incidents_facility_idx ON incidents (facility_id, occurred_at DESC, id DESC)`,
    );
    await q.query(
      `CREATE INDEX incidents_reporter_idx ON incidents (reporter_id, occurred_at DESC, id DESC)`,
    );

    await q.query(`
      CREATE TABLE incident_victims (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        position smallint NOT NULL,
        role text NOT NULL CHECK (role IN ('doctor', 'nurse', 'paramedic', 'feldsher', 'driver', 'orderly', 'other')),
        injury text NOT NULL CHECK (injury IN ('none', 'minor', 'moderate', 'severe')),
        full_name text,
        user_id uuid REFERENCES users(id),
        UNIQUE (incident_id, position)
      )`);

    await q.query(`
      CREATE TABLE incident_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        actor_id uuid REFERENCES users(id),
        actor_role text,
        type text NOT NULL CHECK (type IN ('created', 'status_changed', 'reclassified')),
        from_status text,
        to_status text,
        note text,
        data jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await q.query(
      `CREATE INDEX incident_history_incident_idx ON incident_history (incident_id, id)`,
    );

    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        incident_id uuid NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
        police_post_id uuid NOT NULL REFERENCES police_posts(id),
        status text NOT NULL DEFAULT 'pending',
        priority smallint NOT NULL,
        escalation_level smallint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (incident_id, police_post_id)
      )`);
    await q.query(`CREATE INDEX alerts_post_idx ON alerts (police_post_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id),
        key text NOT NULL,
        fingerprint text NOT NULL,
        state text NOT NULL CHECK (state IN ('in_flight', 'done')),
        response_status integer,
        response_body jsonb,
        locked_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, key)
      )`);
    await q.query(`CREATE INDEX idempotency_keys_expires_idx ON idempotency_keys (expires_at)`);

    // One sequence per year: numbers never repeat, a rolled-back insert leaves a harmless gap,
    // and concurrent inserts never wait on each other.
    await q.query(`
      CREATE FUNCTION next_incident_number(y integer) RETURNS bigint LANGUAGE plpgsql AS $$
      DECLARE
        seq text := format('incident_number_%s', y);
      BEGIN
        BEGIN
          RETURN nextval(seq);
        EXCEPTION WHEN undefined_table THEN
          BEGIN
            EXECUTE format('CREATE SEQUENCE IF NOT EXISTS %I', seq);
          EXCEPTION WHEN unique_violation OR duplicate_table THEN
            NULL;
          END;
          RETURN nextval(seq);
        END;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    const sequences = (await q.query(
      `SELECT sequence_name FROM information_schema.sequences WHERE sequence_name LIKE 'incident_number_%'`,
    )) as Array<{ sequence_name: string }>;
    for (const { sequence_name } of sequences) await q.query(`DROP SEQUENCE "${sequence_name}"`);
    await q.query(`DROP FUNCTION next_incident_number(integer)`);
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE alerts`);
    await q.query(`DROP TABLE incident_history`);
    await q.query(`DROP TABLE incident_victims`);
    await q.query(`DROP TABLE incidents`);
    await q.query(`DROP TABLE emergencies`);
    await q.query(`DROP TABLE classification_rule_sets`);
  }
}
