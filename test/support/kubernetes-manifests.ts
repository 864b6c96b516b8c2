import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { NetworkPolicy as NetworkPolicyModel } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { parseAllDocuments } from 'yaml';
import { Container, LabelSelector, Manifest } from './kubernetes-types';

export * from './kubernetes-types';

/** The container-platform manifests in deploy/kubernetes/, as `kubectl apply -k` reads them. */
export const MANIFEST_DIR = join(__dirname, '..', '..', 'deploy', 'kubernetes');

/** Every YAML file of the directory but the kustomization, each document one manifest. */
export function loadManifests(): { files: string[]; manifests: Manifest[] } {
  if (!existsSync(MANIFEST_DIR)) throw new Error(`${MANIFEST_DIR} does not exist`);
  const files = readdirSync(MANIFEST_DIR)
    .filter((f) => /\.ya?ml$/.test(f) && f !== 'kustomization.yaml')
    .sort();
  const manifests = files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(MANIFEST_DIR, file), 'utf8'))
      .map((doc) => {
        if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
        return doc.toJS() as Omit<Manifest, 'file'> | null;
      })
      .filter((m): m is Omit<Manifest, 'file'> => m !== null)
      .map((m) => ({ ...m, file }) as Manifest),
  );
  return { files, manifests };
}

export function loadKustomization(): {
  resources?: string[];
  namespace?: string;
  images?: Array<{ name: string; newName?: string; newTag?: string }>;
  labels?: unknown;
} {
  const [doc] = parseAllDocuments(readFileSync(join(MANIFEST_DIR, 'kustomization.yaml'), 'utf8'));
  return doc.toJS();
}

/** The kinds deploy/kubernetes may hold, each with its schema (kubernetes-models). */
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicyModel,
  'networking.k8s.io/v1/Ingress': Ingress,
};

/** Validates one manifest against the Kubernetes schema of its apiVersion and kind. */
export function validateManifest(manifest: Manifest): void {
  const { file, ...body } = manifest;
  const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
  if (!Model) throw new Error(`${file}: no schema for ${manifest.apiVersion} ${manifest.kind}`);
  new Model(body as never).validate();
}

/** Whether the selector picks pods with these labels (matchLabels and the usual operators). */
export function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const plain = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const expressions = (selector.matchExpressions ?? []).every(({ key, operator, values }) => {
    if (operator === 'In') return values!.includes(labels[key]);
    if (operator === 'NotIn') return !values!.includes(labels[key]);
    if (operator === 'Exists') return key in labels;
    if (operator === 'DoesNotExist') return !(key in labels);
    throw new Error(`unknown operator ${operator}`);
  });
  return plain && expressions;
}

/** CPU quantities (`500m`, `2`) in cores. */
export function cpuCores(quantity: string | number | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(String(quantity));
  if (!m) throw new Error(`not a CPU quantity: ${quantity}`);
  return Number(m[1]) / (m[2] ? 1000 : 1);
}

/** Memory quantities (`512Mi`, `1Gi`, `1G`) in bytes. */
export function memoryBytes(quantity: string | number | undefined): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(quantity));
  if (!m) throw new Error(`not a memory quantity: ${quantity}`);
  const units: Record<string, number> = {
    '': 1,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
  };
  return Number(m[1]) * units[m[2] ?? ''];
}

/** Where each variable of a container comes from: a literal, a ConfigMap key or a Secret key. */
export type Source =
  | { from: 'value'; value: string }
  | { from: 'configMap'; name: string; key: string; value: string }
  | { from: 'secret'; name: string; key: string; optional: boolean };

/** A container's environment as the kubelet builds it: envFrom first, then env overriding it. */
export function environmentOf(container: Container, manifests: Manifest[]): Map<string, Source> {
  const configMap = (name: string) => {
    const found = manifests.find((m) => m.kind === 'ConfigMap' && m.metadata.name === name);
    if (!found) throw new Error(`${container.name} reads ConfigMap ${name}, which is not shipped`);
    return (found as Manifest & { data?: Record<string, string> }).data ?? {};
  };
  const env = new Map<string, Source>();
  for (const from of container.envFrom ?? []) {
    if (from.secretRef)
      throw new Error(`${container.name}: name every secret variable (env secretKeyRef)`);
    const name = from.configMapRef!.name;
    for (const [key, value] of Object.entries(configMap(name)))
      env.set(key, { from: 'configMap', name, key, value });
  }
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    const mapKey = variable.valueFrom?.configMapKeyRef;
    if (secret)
      env.set(variable.name, { from: 'secret', ...secret, optional: secret.optional ?? false });
    else if (mapKey)
      env.set(variable.name, {
        from: 'configMap',
        name: mapKey.name,
        key: mapKey.key,
        value: configMap(mapKey.name)[mapKey.key],
      });
    else env.set(variable.name, { from: 'value', value: variable.value ?? '' });
  }
  return env;
}
