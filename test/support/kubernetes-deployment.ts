/** deploy/kubernetes loaded once: its objects, the app's pods and the settings they start with. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig } from '../../src/config/app-config';
import {
  Container,
  environmentOf,
  loadKustomization,
  loadManifests,
  Manifest,
  PodTemplate,
  Workload,
} from './kubernetes-manifests';

export const ROOT = join(__dirname, '..', '..');
export const { files, manifests } = loadManifests();
export const kustomization = loadKustomization();
export const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  .version as string;

export const ofKind = <T extends Manifest>(kind: string) =>
  manifests.filter((m) => m.kind === kind) as T[];
export const named = <T extends Manifest>(kind: string, name: string) => {
  const found = ofKind<T>(kind).find((m) => m.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name}`);
  return found;
};
export const api = named<Workload>('Deployment', 'medguard-api');
export const worker = named<Workload>('Deployment', 'medguard-worker');
export const migrate = named<Workload>('Job', 'medguard-migrate');
export const main = (w: Workload) => w.spec.template.spec.containers[0];
export const everyContainer = (t: PodTemplate) => [
  ...(t.spec.initContainers ?? []),
  ...t.spec.containers,
];
export const templates: Array<[string, PodTemplate]> = [
  ['api', api.spec.template],
  ['worker', worker.spec.template],
  ['migrate', migrate.spec.template],
];

/** Variables that carry a credential or a key: only ever from a Secret. */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'REDIS_URL',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'SECRETS_KEY',
  'DATA_ENCRYPTION_KEYS',
  'METRICS_TOKEN',
  'SMPP_PASSWORD',
  'VAPID_PRIVATE_KEY',
  'EVIDENCE_SIGNING_KEY',
  'DATABASE_READ_URL',
  'DATABASE_LISTEN_URL',
];

/** The settings a container starts with: ConfigMap values, and the tests' own for its secrets. */
function settingsOf(container: Container): AppConfig {
  const env: Record<string, string> = {};
  for (const [name, source] of environmentOf(container, manifests)) {
    if (source.from !== 'secret') env[name] = source.value;
    else if (!source.optional) env[name] = process.env[name]!;
  }
  return AppConfig.fromEnv(env);
}
export const apiSettings = settingsOf(main(api));
export const workerSettings = settingsOf(main(worker));
