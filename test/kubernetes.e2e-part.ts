import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_VARIABLES } from '../src/config/app-config';
import {
  api,
  apiSettings,
  everyContainer,
  files,
  kustomization,
  main,
  manifests,
  migrate,
  ofKind,
  ROOT,
  SECRET_VARIABLES,
  templates,
  version,
  worker,
  workerSettings,
} from './support/kubernetes-deployment';
import {
  cpuCores,
  environmentOf,
  Manifest,
  memoryBytes,
  selects,
  validateManifest,
} from './support/kubernetes-manifests';

describe('deploy/kubernetes', () => {
  it('lists every manifest file in the kustomization, and sets no namespace anywhere', () => {
    expect([...(kustomization.resources ?? [])].sort()).toEqual(files);
    expect(kustomization.namespace).toBeUndefined();
    for (const m of manifests)
      expect({ manifest: `${m.kind}/${m.metadata.name}`, namespace: m.metadata.namespace }).toEqual(
        { manifest: `${m.kind}/${m.metadata.name}`, namespace: undefined },
      );
  });

  it('holds only valid Kubernetes objects (kubernetes-models), one of each part', () => {
    for (const m of manifests) expect(() => validateManifest(m)).not.toThrow();
    const kinds = manifests.map((m) => `${m.apiVersion} ${m.kind}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'apps/v1 Deployment',
        'batch/v1 Job',
        'autoscaling/v2 HorizontalPodAutoscaler',
        'policy/v1 PodDisruptionBudget',
        'networking.k8s.io/v1 NetworkPolicy',
        'networking.k8s.io/v1 Ingress',
        'v1 Service',
        'v1 ConfigMap',
      ]),
    );
    // The Secret holds the operator's keys and is created by hand, never shipped with values.
    expect(ofKind('Secret')).toEqual([]);
  });

  it.each([
    ['api', api],
    ['worker', worker],
  ])('sets every variable the app requires for the %s Deployment', (_name, deployment) => {
    const env = environmentOf(main(deployment), manifests);
    const required = CONFIG_VARIABLES.filter((v) => v.required).map((v) => v.name);
    expect(required.length).toBeGreaterThan(3);
    for (const variable of required) {
      const source = env.get(variable);
      const set = source?.from === 'secret' ? !source.optional : /\S/.test(source?.value ?? '');
      expect({ variable, set }).toEqual({ variable, set: true });
    }
    const settings = deployment === api ? apiSettings : workerSettings;
    expect(settings.production).toBe(true);
    expect(settings.publicUrl).toMatch(/^https:\/\//);
    // One hop in front: the ingress controller, which sets X-Forwarded-For to the address it saw.
    expect(settings.trustProxy).toBe(1);
  });

  it('sets only variables the app knows, so a typo cannot hide', () => {
    const known = new Set(CONFIG_VARIABLES.map((v) => v.name));
    for (const [, template] of templates)
      for (const container of everyContainer(template))
        for (const variable of environmentOf(container, manifests).keys())
          expect({ variable, known: known.has(variable) }).toEqual({ variable, known: true });
  });

  it('takes every credential and key from a Secret, never from the ConfigMap', () => {
    const credential =
      /PASSWORD|SECRET|TOKEN|PRIVATE|SIGNING|_KEYS?$|_KEY_ID$|DATABASE.*URL|REDIS.*URL/;
    const flagged = CONFIG_VARIABLES.map((v) => v.name).filter(
      (n) => credential.test(n) && n !== 'VAPID_PUBLIC_KEY',
    );
    expect(flagged.sort()).toEqual([...SECRET_VARIABLES].sort());
    for (const configMap of ofKind<Manifest & { data?: Record<string, string> }>('ConfigMap'))
      for (const name of SECRET_VARIABLES)
        expect({ name, inConfigMap: name in (configMap.data ?? {}) }).toEqual({
          name,
          inConfigMap: false,
        });
    for (const [, template] of templates)
      for (const container of everyContainer(template))
        for (const [name, source] of environmentOf(container, manifests))
          if (SECRET_VARIABLES.includes(name))
            expect({ name, from: source.from }).toEqual({ name, from: 'secret' });
  });

  it('names in the README every Secret key the manifests read', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const start = readme.indexOf('## Deploying on a container platform');
    expect(start).toBeGreaterThan(0);
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    expect(section).toMatch(/kubectl (-n \S+ )?apply -k deploy\/kubernetes\n/);
    const keys = new Set<string>();
    for (const [, template] of templates)
      for (const container of everyContainer(template))
        for (const source of environmentOf(container, manifests).values())
          if (source.from === 'secret') keys.add(`${source.name} ${source.key}`);
    for (const entry of keys) {
      const [secret, key] = entry.split(' ');
      expect({
        secret,
        documented: new RegExp(`kubectl (-n \\S+ )?create secret generic ${secret} `).test(section),
      }).toEqual({ secret, documented: true });
      expect({ key, documented: section.includes(`--from-literal=${key}=`) }).toEqual({
        key,
        documented: true,
      });
    }
  });

  it('runs the image built by the Dockerfile, tagged with the package version, for every container', () => {
    for (const [, template] of templates)
      for (const container of everyContainer(template))
        expect({ container: container.name, image: container.image }).toEqual({
          container: container.name,
          image: `medguard:${version}`,
        });
    expect(kustomization.images).toEqual([
      expect.objectContaining({ name: 'medguard', newTag: version }),
    ]);
    const scripts = manifests.flatMap(
      (m) => JSON.stringify(m).match(/dist\/src\/[\w/.-]+\.js/g) ?? [],
    );
    expect(scripts.length).toBeGreaterThan(2);
    for (const script of scripts) {
      const source = script.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect({ script, exists: existsSync(join(ROOT, source)) }).toEqual({ script, exists: true });
    }
  });

  it('migrates with a Job before any new API or worker pod starts', () => {
    const command = [...(main(migrate).command ?? []), ...(main(migrate).args ?? [])].join(' ');
    expect(command).toContain('node dist/src/cli/migrate.js run && node dist/src/cli/seed.js');
    expect(migrate.spec.template.spec.restartPolicy).toBe('Never');
    expect(migrate.spec.backoffLimit).toBeGreaterThanOrEqual(1);
    const env = environmentOf(main(migrate), manifests);
    expect([...env.keys()].sort()).toEqual(['DATABASE_URL', 'DATA_ENCRYPTION_KEYS']);
    for (const deployment of [api, worker]) {
      const init = deployment.spec.template.spec.initContainers ?? [];
      expect(init).toHaveLength(1);
      expect(JSON.stringify(init[0].command)).toContain('node dist/src/cli/migrate.js check');
      const initEnv = environmentOf(init[0], manifests);
      for (const name of ['DATABASE_URL', 'DATA_ENCRYPTION_KEYS'])
        expect(initEnv.get(name)).toEqual(env.get(name));
      // Old pods keep serving until new ones, past the migrations, are ready.
      expect(deployment.spec.strategy?.rollingUpdate?.maxUnavailable).toBe(0);
    }
  });

  it('probes the API at /health/ready and /health, and the worker at its metrics port', () => {
    const container = main(api);
    const port = container.ports?.find((p) => p.name === 'http');
    expect(port?.containerPort).toBe(apiSettings.port);
    expect(container.readinessProbe?.httpGet).toEqual({ path: '/health/ready', port: 'http' });
    expect(container.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    expect(container.startupProbe?.httpGet).toEqual({ path: '/health', port: 'http' });
    // Readiness checks PostgreSQL, Redis and S3 with 3 s each: the probe must wait longer.
    expect(container.readinessProbe?.timeoutSeconds).toBeGreaterThan(3);

    const metrics = main(worker).ports?.find((p) => p.name === 'metrics');
    expect(metrics?.containerPort).toBe(workerSettings.workerMetricsPort);
    expect(main(worker).readinessProbe?.httpGet).toEqual({ path: '/metrics', port: 'metrics' });
    // The listener is bound before the queues start and stays up while Redis is away.
    expect(main(worker).livenessProbe?.tcpSocket).toEqual({ port: 'metrics' });
  });

  it.each(templates)('runs the %s pods unprivileged, on a read-only root filesystem', (_n, t) => {
    const pod = t.spec.securityContext;
    expect(pod?.runAsNonRoot).toBe(true);
    // The image's user is a name (node); the kubelet can only verify a number.
    expect(pod?.runAsUser).toBe(1000);
    expect(pod?.runAsGroup).toBe(1000);
    expect(pod?.seccompProfile).toEqual({ type: 'RuntimeDefault' });
    expect(t.spec.automountServiceAccountToken).toBe(false);
    const tmp = t.spec.volumes?.find((v) => v.name === 'tmp');
    expect(tmp?.emptyDir?.sizeLimit).toBeDefined();
    for (const container of everyContainer(t)) {
      expect({ container: container.name, ...container.securityContext }).toEqual({
        container: container.name,
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
      const { requests = {}, limits = {} } = container.resources ?? {};
      expect(cpuCores(requests.cpu)).toBeLessThanOrEqual(cpuCores(limits.cpu));
      expect(memoryBytes(requests.memory)).toBeLessThanOrEqual(memoryBytes(limits.memory));
      expect(memoryBytes(limits.memory)).toBeGreaterThanOrEqual(128 * 1024 ** 2);
    }
  });

  it('drains the API from its Service before it stops, within the grace period', () => {
    const stop = main(api).lifecycle?.preStop?.exec?.command ?? [];
    expect(stop.slice(0, 1)).toEqual(['sleep']);
    const drainSeconds = Number(stop[1]);
    expect(drainSeconds).toBeGreaterThanOrEqual(5);
    const grace = api.spec.template.spec.terminationGracePeriodSeconds!;
    expect(grace * 1000).toBeGreaterThan(drainSeconds * 1000 + apiSettings.shutdownTimeoutMs);
    const workerGrace = worker.spec.template.spec.terminationGracePeriodSeconds!;
    expect(workerGrace * 1000).toBeGreaterThan(workerSettings.shutdownTimeoutMs);
  });
});

describe('deploy/kubernetes: scaling and disruptions', () => {
  const hpa = ofKind<Manifest & { spec: Record<string, never> }>('HorizontalPodAutoscaler')[0]
    .spec as unknown as {
    scaleTargetRef: { apiVersion: string; kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
    metrics: Array<{ type: string; resource?: { name: string } }>;
  };
  const budgets = ofKind<
    Manifest & {
      spec: {
        selector: { matchLabels: Record<string, string> };
        minAvailable?: number;
        maxUnavailable?: number;
      };
    }
  >('PodDisruptionBudget');

  it('scales the API on CPU from two replicas up, leaving its replica count to the autoscaler', () => {
    expect(hpa.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: api.metadata.name,
    });
    expect(hpa.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.maxReplicas).toBeGreaterThan(hpa.minReplicas);
    expect(hpa.metrics.map((m) => m.resource?.name)).toContain('cpu');
    expect(api.spec.replicas).toBeUndefined();
    expect(worker.spec.replicas).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['api', api],
    ['worker', worker],
  ])('keeps a %s pod running through voluntary disruptions, yet lets nodes drain', (_n, d) => {
    const mine = budgets.filter((b) => selects(b.spec.selector, d.spec.template.metadata.labels));
    expect(mine).toHaveLength(1);
    const replicas = d === api ? hpa.minReplicas : d.spec.replicas!;
    const { minAvailable, maxUnavailable } = mine[0].spec;
    const allowed = maxUnavailable ?? replicas - minAvailable!;
    expect(allowed).toBeGreaterThanOrEqual(1);
    expect(replicas - allowed).toBeGreaterThanOrEqual(1);
    expect(selects(d.spec.selector!, d.spec.template.metadata.labels)).toBe(true);
  });

  it("documents a PostgreSQL max_connections that holds every pod's pool at full scale", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Deploying on a container platform'));
    const documented = Number(/max_connections[^\d]{0,40}(\d+)/.exec(section)?.[1]);
    // One surge pod each during a rollout, and the migration Job's two connections.
    const needed =
      (hpa.maxReplicas + 1) * apiSettings.database.poolSize +
      (worker.spec.replicas! + 1) * workerSettings.database.poolSize +
      2;
    expect({ needed, fits: needed + 3 <= documented }).toEqual({ needed, fits: true });
  });
});
