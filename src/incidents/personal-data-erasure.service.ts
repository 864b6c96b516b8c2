import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService, SYSTEM_CALLER } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { IncidentHistory } from './incident.entity';

const BATCH = 100;

/**
 * The years a closed incident's personal data is kept: its category's period in the rule-set
 * version it was classified with; a category that version does not know (reclassified into a later
 * one) takes that version's longest period.
 */
const RETENTION_YEARS = `
  coalesce(
    (SELECT (c->>'personalDataRetentionYears')::int FROM jsonb_array_elements(r.definition->'categories') c
      WHERE c->>'code' = i.category LIMIT 1),
    (SELECT max((c->>'personalDataRetentionYears')::int) FROM jsonb_array_elements(r.definition->'categories') c))`;

/** Closed, not yet erased, past its period, no footage on legal hold (as last committed). */
const DUE = `
  SELECT i.id FROM incidents i JOIN classification_rule_sets r ON r.id = i.rule_set_id
   WHERE i.status = 'closed' AND i.personal_data_erased_at IS NULL
     AND i.closed_at + make_interval(years => ${RETENTION_YEARS}) <= $1
     AND NOT EXISTS (SELECT 1 FROM incident_footage l JOIN footage f ON f.id = l.footage_id
                      WHERE l.incident_id = i.id AND f.legal_hold)`;

/**
 * Erases the personal data of closed incidents whose category's retention period has run out
 * (README, Personal data): the narrative, witnesses, the place's address and coordinates, the
 * perpetrators' description, victims' names, addenda texts, victim-support notes and the
 * coordinates of the SOS the report attached to. The facts, the classification, the history, alerts and statistics stay.
 * Columns are emptied by name, whatever they store. Each incident is erased in its own transaction
 * under its row lock and the locks of its footage, re-checked there, so a case reopened to
 * prosecution or footage put on legal hold meanwhile is left alone; footage someone is changing
 * right now makes the sweep leave the case to its next run rather than wait.
 */
@Injectable()
export class PersonalDataErasure {
  private readonly logger = new Logger(PersonalDataErasure.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Erases every due incident in batches; returns how many were erased. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    let erased = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const due = (await this.dataSource.query(`${DUE} AND i.id > $2 ORDER BY i.id LIMIT $3`, [
        now,
        after,
        BATCH,
      ])) as Array<{ id: string }>;
      for (const { id } of due) if (await this.eraseIfDue(id, now)) erased++;
      if (due.length < BATCH) break;
      after = due[due.length - 1].id;
    }
    if (erased) this.logger.log({ msg: 'personal data erased under retention', erased });
    return erased;
  }

  private eraseIfDue(id: string, now: Date): Promise<boolean> {
    return this.dataSource.transaction(async (m) => {
      const [incident] = (await m.query(
        `SELECT i.id, i.category, i.rule_set_version FROM incidents i WHERE i.id = $1 FOR UPDATE SKIP LOCKED`,
        [id],
      )) as Array<{ id: string; category: string; rule_set_version: number }>;
      if (!incident) return false;
      // Under the incident's lock no footage can be linked to it; every linked footage row must be
      // locked here too, so a hold being set right now is seen, or the case waits for the next run.
      const [{ links }] = (await m.query(
        `SELECT count(*)::int AS links FROM incident_footage WHERE incident_id = $1`,
        [id],
      )) as Array<{ links: number }>;
      const footage = (await m.query(
        `SELECT f.legal_hold FROM incident_footage l JOIN footage f ON f.id = l.footage_id
          WHERE l.incident_id = $1 FOR UPDATE OF f SKIP LOCKED`,
        [id],
      )) as Array<{ legal_hold: boolean }>;
      if (footage.length !== links || footage.some((f) => f.legal_hold)) return false;
      const [still] = (await m.query(`${DUE} AND i.id = $2`, [now, id])) as unknown[];
      if (!still) return false;
      await this.erase(m, id, now);
      await m.insert(IncidentHistory, {
        incidentId: id,
        at: now,
        actorId: null,
        actorRole: 'system',
        type: 'personal_data_erased',
        fromStatus: null,
        toStatus: null,
        note: null,
        data: { ruleSetVersion: incident.rule_set_version, category: incident.category },
      });
      await this.audit.record(m, SYSTEM_CALLER, {
        action: 'incident.personal_data_erased',
        entityType: 'incident',
        entityId: id,
        // Named like a read, so the report's access log shows the erasure as a system job's.
        details: {
          ruleSetVersion: incident.rule_set_version,
          category: incident.category,
          incidentIds: [id],
        },
      });
      return true;
    });
  }

  private async erase(m: EntityManager, id: string, now: Date): Promise<void> {
    await m.query(
      `UPDATE incidents SET narrative = NULL, witnesses = NULL, perpetrator_description = NULL,
              place_address = NULL, place_lat = NULL, place_lon = NULL, personal_data_erased_at = $2
        WHERE id = $1`,
      [id, now],
    );
    await m.query(`UPDATE incident_victims SET full_name = NULL WHERE incident_id = $1`, [id]);
    await m.query(
      `UPDATE sos SET lat = NULL, lon = NULL, accuracy_m = NULL WHERE incident_id = $1`,
      [id],
    );
    if (await this.hasColumn(m, 'incident_addenda', 'text'))
      await m.query(`UPDATE incident_addenda SET text = NULL WHERE incident_id = $1`, [id]);
    if (await this.hasColumn(m, 'incident_support', 'note'))
      await m.query(`UPDATE incident_support SET note = NULL WHERE incident_id = $1`, [id]);
  }

  /** Report addenda and victim support, where this database has them. */
  private async hasColumn(m: EntityManager, table: string, column: string): Promise<boolean> {
    const [row] = (await m.query(
      `SELECT 1 FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = $1 AND column_name = $2`,
      [table, column],
    )) as unknown[];
    return row !== undefined;
  }
}
