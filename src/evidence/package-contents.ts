import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Reason } from '../classification/classifier';
import type { Penalty } from '../classification/rule-set.types';
import { CustodyService } from '../footage/custody.service';
import type { ManifestInput, PackageLanguage } from './package-manifest';

export interface PackageRow {
  id: string;
  incident_id: string;
  language: PackageLanguage;
  status: 'building' | 'ready' | 'failed';
  object_key: string;
  created_at: Date;
}

export interface PackagedFile {
  footageId: string;
  objectKey: string;
  sha256: string;
  size: number;
}

/** Reads what goes into a package: the incident's facts (no personal fields), its history, the files. */
@Injectable()
export class PackageContents {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly custody: CustodyService,
  ) {}

  async package(id: string): Promise<PackageRow | null> {
    const [row] = (await this.dataSource.query(
      `SELECT id, incident_id, language, status, object_key, created_at FROM evidence_packages WHERE id = $1`,
      [id],
    )) as PackageRow[];
    return row ?? null;
  }

  async read(pkg: PackageRow): Promise<{ input: ManifestInput; objects: PackagedFile[] }> {
    const q = <T>(sql: string, params: unknown[]) =>
      this.dataSource.query(sql, params) as Promise<T[]>;
    const [incident] = await q<IncidentRow>(
      `SELECT i.id, i.reference, i.occurred_at, i.facility_id, f.name AS facility_name,
              r.name_${pkg.language} AS region_name, i.unit_id, u.name AS unit_name, i.kind,
              i.place_kind, i.during_state_of_emergency, i.perpetrator_type, i.perpetrator_count,
              i.status, i.erdr_number, i.outcome, i.final_article, i.closed_at, i.category,
              i.max_penalty, i.rule_set_version, i.classification_reasons, rs.article
         FROM incidents i
         JOIN facilities f ON f.id = i.facility_id
         JOIN regions r ON r.id = f.region_id
         JOIN classification_rule_sets rs ON rs.id = i.rule_set_id
         LEFT JOIN units u ON u.id = i.unit_id
        WHERE i.id = $1`,
      [pkg.incident_id],
    );
    const victims = await q<{ role: string; injury: string }>(
      `SELECT role, injury FROM incident_victims WHERE incident_id = $1 ORDER BY position`,
      [pkg.incident_id],
    );
    const history = await q<HistoryRow>(
      `SELECT at, type, actor_role, from_status, to_status, note, data
         FROM incident_history WHERE incident_id = $1 ORDER BY id`,
      [pkg.incident_id],
    );
    const files = await q<FileRow>(
      `SELECT f.id, f.object_key, f.sha256, f.size, f.content_type, f.recorded_from, f.recorded_to,
              f.uploaded_by_key, d.serial_number
         FROM evidence_package_files p
         JOIN footage f ON f.id = p.footage_id
         LEFT JOIN devices d ON d.id = f.device_id
        WHERE p.package_id = $1 ORDER BY p.position`,
      [pkg.id],
    );
    const chains: Array<Awaited<ReturnType<CustodyService['chain']>>> = [];
    for (const f of files) chains.push(await this.custody.chain(f.id));
    const input: ManifestInput = {
      packageId: pkg.id,
      createdAt: pkg.created_at,
      language: pkg.language,
      incident: {
        id: incident.id,
        reference: incident.reference,
        occurredAt: incident.occurred_at,
        facility: {
          id: incident.facility_id,
          name: incident.facility_name,
          region: incident.region_name,
        },
        unit: incident.unit_id ? { id: incident.unit_id, name: incident.unit_name ?? '' } : null,
        kind: incident.kind,
        placeKind: incident.place_kind,
        duringStateOfEmergency: incident.during_state_of_emergency,
        perpetrators: { type: incident.perpetrator_type, count: incident.perpetrator_count },
        victims,
        status: incident.status,
        erdrNumber: incident.erdr_number,
        outcome: incident.outcome,
        finalArticle: incident.final_article,
        closedAt: incident.closed_at,
        classification: {
          article: incident.article,
          category: incident.category,
          maxPenalty: incident.max_penalty,
          ruleSetVersion: incident.rule_set_version,
          reasons: incident.classification_reasons,
        },
      },
      history: history.map((h) => ({
        at: h.at,
        type: h.type,
        actorRole: h.actor_role,
        fromStatus: h.from_status,
        toStatus: h.to_status,
        note: h.note,
        data: h.data ?? {},
      })),
      files: files.map((f, n) => ({
        footageId: f.id,
        sha256: f.sha256,
        size: Number(f.size),
        contentType: f.content_type,
        deviceSerial: f.serial_number,
        recordedFrom: f.recorded_from,
        recordedTo: f.recorded_to,
        uploadedBy: f.uploaded_by_key ? 'device' : 'person',
        custody: { valid: chains[n].valid, events: chains[n].events },
      })),
    };
    const objects = files.map((f) => ({
      footageId: f.id,
      objectKey: f.object_key,
      sha256: f.sha256,
      size: Number(f.size),
    }));
    return { input, objects };
  }
}

interface IncidentRow {
  id: string;
  reference: string;
  occurred_at: Date;
  facility_id: string;
  facility_name: string;
  region_name: string;
  unit_id: string | null;
  unit_name: string | null;
  kind: string;
  place_kind: string;
  during_state_of_emergency: boolean;
  perpetrator_type: string;
  perpetrator_count: number;
  status: string;
  erdr_number: string | null;
  outcome: string | null;
  final_article: string | null;
  closed_at: Date | null;
  category: string;
  max_penalty: Penalty;
  rule_set_version: number;
  classification_reasons: Reason[];
  article: string;
}

interface HistoryRow {
  at: Date;
  type: string;
  actor_role: string | null;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  data: Record<string, unknown> | null;
}

interface FileRow {
  id: string;
  object_key: string;
  sha256: string;
  size: string;
  content_type: string;
  recorded_from: Date | null;
  recorded_to: Date | null;
  uploaded_by_key: string | null;
  serial_number: string | null;
}
