import type { Reason } from '../classification/classifier';
import type { Penalty } from '../classification/rule-set.types';
import type { CustodyEntry } from '../footage/custody.service';

export type PackageLanguage = 'kk' | 'ru' | 'en';
export const PACKAGE_LANGUAGES: PackageLanguage[] = ['kk', 'ru', 'en'];

/** What the worker reads from the database for a package: facts only, never personal fields. */
export interface ManifestInput {
  packageId: string;
  createdAt: Date;
  language: PackageLanguage;
  incident: {
    id: string;
    reference: string;
    occurredAt: Date;
    facility: { id: string; name: string; region: string };
    unit: { id: string; name: string } | null;
    kind: string;
    placeKind: string;
    duringStateOfEmergency: boolean;
    perpetrators: { type: string; count: number };
    victims: Array<{ role: string; injury: string }>;
    status: string;
    erdrNumber: string | null;
    outcome: string | null;
    finalArticle: string | null;
    closedAt: Date | null;
    classification: {
      article: string;
      category: string;
      maxPenalty: Penalty;
      ruleSetVersion: number;
      reasons: Reason[];
    };
  };
  history: Array<{
    at: Date;
    type: string;
    actorRole: string | null;
    fromStatus: string | null;
    toStatus: string | null;
    note: string | null;
    data: Record<string, unknown>;
  }>;
  files: Array<{
    footageId: string;
    sha256: string;
    size: number;
    contentType: string;
    deviceSerial: string | null;
    recordedFrom: Date | null;
    recordedTo: Date | null;
    uploadedBy: 'device' | 'person';
    custody: { valid: boolean; events: CustodyEntry[] };
  }>;
}

export interface ManifestFile {
  path: string;
  footageId: string;
  sha256: string;
  size: number;
  contentType: string;
  deviceSerial: string | null;
  recordedFrom: string | null;
  recordedTo: string | null;
  uploadedBy: 'device' | 'person';
  custody: {
    valid: boolean;
    events: Array<{
      id: string;
      at: string;
      actorType: string;
      actorId: string | null;
      ip: string | null;
      action: string;
      details: Record<string, unknown>;
      prevHash: string;
      hash: string;
    }>;
  };
}

export type Manifest = ReturnType<typeof buildManifest>;

const EXTENSIONS: Record<string, string> = {
  'video/mp4': 'mp4',
  'video/x-m4v': 'm4v',
  'video/quicktime': 'mov',
  'video/webm': 'webm',
  'video/x-matroska': 'mkv',
  'video/vnd.avi': 'avi',
  'video/x-msvideo': 'avi',
  'video/mp2t': 'mts',
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/heic': 'heic',
};

/** Where a file sits in the ZIP: named by its footage id, never by what an uploader called it. */
export const footagePath = (footageId: string, contentType: string): string =>
  `footage/${footageId}.${EXTENSIONS[contentType] ?? 'bin'}`;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

const categoryOf = (side: unknown): string | null =>
  side && typeof side === 'object' && 'category' in side ? String(side.category) : null;

/**
 * The manifest a court receives: the incident's facts and classification with every
 * reclassification, its status history, and for each file its hashes and full chain of custody.
 * It names no victim, reporter, witness or address: the roles and injuries the classification
 * used are facts; who the people are is the investigator's to learn through the police. Custody
 * entries are kept whole (account ids, addresses of those who handled the file), because their
 * hashes cover every field and a recipient must be able to recompute them.
 */
export function buildManifest(input: ManifestInput) {
  const i = input.incident;
  return {
    format: 'medguard-evidence-package/1',
    packageId: input.packageId,
    createdAt: input.createdAt.toISOString(),
    language: input.language,
    signature: {
      algorithm: 'Ed25519',
      file: 'manifest.json.sig',
      encoding: 'base64',
      publicKey: 'public.pem',
    },
    incident: {
      id: i.id,
      reference: i.reference,
      occurredAt: i.occurredAt.toISOString(),
      facility: i.facility,
      unit: i.unit,
      kind: i.kind,
      placeKind: i.placeKind,
      duringStateOfEmergency: i.duringStateOfEmergency,
      perpetrators: i.perpetrators,
      victims: i.victims.map((v) => ({ role: v.role, injury: v.injury })),
      status: i.status,
      erdrNumber: i.erdrNumber,
      outcome: i.outcome,
      finalArticle: i.finalArticle,
      closedAt: iso(i.closedAt),
      classification: {
        article: i.classification.article,
        category: i.classification.category,
        maxPenalty: i.classification.maxPenalty,
        ruleSetVersion: i.classification.ruleSetVersion,
        reasons: i.classification.reasons,
        reclassifications: input.history
          .filter((h) => h.type === 'reclassified')
          .map((h) => ({
            at: h.at.toISOString(),
            actorRole: h.actorRole,
            from: categoryOf(h.data.from),
            to: categoryOf(h.data.to),
            reason: h.note,
          })),
      },
      statusHistory: input.history
        .filter((h) => h.toStatus !== null)
        .map((h) => ({
          at: h.at.toISOString(),
          actorRole: h.actorRole,
          from: h.fromStatus,
          to: h.toStatus,
          note: h.note,
        })),
    },
    files: input.files.map((f): ManifestFile => ({
      path: footagePath(f.footageId, f.contentType),
      footageId: f.footageId,
      sha256: f.sha256,
      size: f.size,
      contentType: f.contentType,
      deviceSerial: f.deviceSerial,
      recordedFrom: iso(f.recordedFrom),
      recordedTo: iso(f.recordedTo),
      uploadedBy: f.uploadedBy,
      custody: {
        valid: f.custody.valid,
        events: f.custody.events.map((e) => ({
          id: e.id,
          at: e.at.toISOString(),
          actorType: e.actorType,
          actorId: e.actorId,
          ip: e.ip,
          action: e.action,
          details: e.details,
          prevHash: e.prevHash,
          hash: e.hash,
        })),
      },
    })),
  };
}

/** The exact bytes that are signed and stored as manifest.json. */
export const manifestBytes = (manifest: Manifest): Buffer =>
  Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');

/** `sha256sum -c` input: a line per file, the hash, two spaces, the path. */
export const sha256Sums = (files: Array<{ path: string; sha256: string }>): string =>
  files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
