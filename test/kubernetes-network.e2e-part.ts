import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  api,
  apiSettings,
  migrate,
  ofKind,
  ROOT,
  templates,
  worker,
} from './support/kubernetes-deployment';
import { Manifest, NetworkPolicy, PolicyRule, selects } from './support/kubernetes-manifests';
import {
  locationFor,
  nginxBytes,
  nginxSeconds,
  parseNginx,
  serverOn,
} from './support/nginx-config';

describe('deploy/kubernetes: network', () => {
  const policies = ofKind<NetworkPolicy>('NetworkPolicy');
  const serving = (labels: Record<string, string>) =>
    policies.filter((p) => selects(p.spec.podSelector, labels));
  const rules = (labels: Record<string, string>, type: 'ingress' | 'egress'): PolicyRule[] =>
    serving(labels).flatMap((p) => p.spec[type] ?? []);
  const namespaceOf = (rule: PolicyRule) =>
    (rule.from ?? []).map(
      (peer) => peer.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'],
    );
  const egressPorts = (labels: Record<string, string>) =>
    rules(labels, 'egress').flatMap((r) =>
      (r.ports ?? []).map((p) => `${p.protocol ?? 'TCP'}/${p.port}`),
    );

  it.each(templates)('denies the %s pods everything not allowed by name', (_n, t) => {
    const types = serving(t.metadata.labels).flatMap((p) => p.spec.policyTypes);
    expect(types).toEqual(expect.arrayContaining(['Ingress', 'Egress']));
    for (const rule of [
      ...rules(t.metadata.labels, 'ingress'),
      ...rules(t.metadata.labels, 'egress'),
    ]) {
      // A rule with no peers or no ports would open everything.
      expect(rule.ports?.length).toBeGreaterThan(0);
      for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])])
        expect(peer.ipBlock).toBeUndefined();
    }
    for (const rule of rules(t.metadata.labels, 'ingress'))
      expect(rule.from?.length).toBeGreaterThan(0);
  });

  it('lets in only the ingress controller and monitoring to the API, on its HTTP port', () => {
    const ingress = rules(api.spec.template.metadata.labels, 'ingress');
    expect(ingress.flatMap(namespaceOf).sort()).toEqual(['ingress-nginx', 'monitoring']);
    for (const rule of ingress) expect(rule.ports).toEqual([{ port: 'http', protocol: 'TCP' }]);
  });

  it("lets only monitoring reach the worker's metrics port, and nothing reach the migration Job", () => {
    const ingress = rules(worker.spec.template.metadata.labels, 'ingress');
    expect(ingress.flatMap(namespaceOf)).toEqual(['monitoring']);
    expect(ingress.flatMap((r) => r.ports)).toEqual([{ port: 'metrics', protocol: 'TCP' }]);
    expect(rules(migrate.spec.template.metadata.labels, 'ingress')).toEqual([]);
  });

  it('lets the pods out to DNS, PostgreSQL, Redis, S3 and the alert channels only', () => {
    const base = ['UDP/53', 'TCP/53', 'TCP/5432'];
    const app = [...base, 'TCP/6379', 'TCP/443', 'TCP/80'];
    expect(egressPorts(api.spec.template.metadata.labels).sort()).toEqual([...app].sort());
    expect(egressPorts(worker.spec.template.metadata.labels).sort()).toEqual(
      [...app, 'TCP/2775', 'TCP/3550'].sort(),
    );
    expect(egressPorts(migrate.spec.template.metadata.labels).sort()).toEqual([...base].sort());
  });

  it('serves the API through one Service that targets its HTTP port', () => {
    const [service] = ofKind<
      Manifest & {
        spec: {
          selector: Record<string, string>;
          ports: Array<{ name: string; port: number; targetPort: string }>;
        };
      }
    >('Service');
    expect(ofKind('Service')).toHaveLength(1);
    expect(selects({ matchLabels: service.spec.selector }, api.spec.template.metadata.labels)).toBe(
      true,
    );
    expect(
      selects({ matchLabels: service.spec.selector }, worker.spec.template.metadata.labels),
    ).toBe(false);
    expect(service.spec.ports).toEqual([
      expect.objectContaining({ name: 'http', targetPort: 'http' }),
    ]);
  });
});

describe('deploy/kubernetes: the Ingress, as the nginx proxy of docker-compose.yml', () => {
  type Ingress = Manifest & {
    metadata: { annotations?: Record<string, string> };
    spec: {
      ingressClassName?: string;
      tls?: Array<{ hosts: string[]; secretName: string }>;
      rules: Array<{
        host: string;
        http: {
          paths: Array<{
            path: string;
            pathType: string;
            backend: { service: { name: string; port: { name?: string; number?: number } } };
          }>;
        };
      }>;
    };
  };
  const ingresses = ofKind<Ingress>('Ingress');
  const host = new URL(apiSettings.publicUrl).host;
  const nginx = parseNginx(
    readFileSync(join(ROOT, 'deploy/nginx/templates/default.conf.template'), 'utf8').replaceAll(
      '${S3_BUCKET}',
      'evidence',
    ),
  );
  const tls = serverOn(nginx, '443');
  const nginxAt = (path: string, name: string) => {
    const location = locationFor(tls, path).block!;
    return (location.find((d) => d.name === name) ?? tls.block!.find((d) => d.name === name))!
      .args[0];
  };
  const forPath = (path: string) => {
    const found = ingresses.filter((i) =>
      i.spec.rules.some((r) => r.http.paths.some((p) => p.path === path)),
    );
    expect(found).toHaveLength(1);
    return found[0].metadata.annotations ?? {};
  };
  const note = (name: string) => `nginx.ingress.kubernetes.io/${name}`;

  it("answers at PUBLIC_URL's host with TLS, every path to the API Service", () => {
    for (const ingress of ingresses) {
      expect(ingress.spec.ingressClassName).toBe('nginx');
      expect(ingress.spec.tls).toEqual([{ hosts: [host], secretName: 'medguard-tls' }]);
      for (const rule of ingress.spec.rules) {
        expect(rule.host).toBe(host);
        for (const p of rule.http.paths)
          expect(p.backend.service).toEqual({ name: 'medguard-api', port: { name: 'http' } });
      }
    }
    expect(forPath('/')[note('proxy-body-size')]).toBe(nginxAt('/', 'client_max_body_size'));
  });

  it("passes the police console's event stream on unbuffered and holds it open as long as nginx does", () => {
    const stream = '/api/v1/alerts/stream';
    const annotations = forPath(stream);
    expect(annotations[note('proxy-buffering')]).toBe('off');
    for (const [annotation, directive] of [
      ['proxy-read-timeout', 'proxy_read_timeout'],
      ['proxy-send-timeout', 'proxy_send_timeout'],
    ])
      expect(Number(annotations[note(annotation)])).toBe(nginxSeconds(nginxAt(stream, directive)));
    expect(Number(annotations[note('proxy-read-timeout')])).toBeGreaterThanOrEqual(3600);
  });

  it('streams footage uploads through without spooling them, up to the size nginx allows', () => {
    const annotations = forPath('/api/v1/footage');
    expect(annotations[note('proxy-request-buffering')]).toBe('off');
    expect(nginxBytes(annotations[note('proxy-body-size')])).toBe(
      nginxBytes(nginxAt('/api/v1/footage', 'client_max_body_size')),
    );
    expect(nginxBytes(annotations[note('proxy-body-size')])).toBeGreaterThan(
      apiSettings.footage.maxBytes,
    );
  });

  it('never passes /metrics on from outside', () => {
    expect(forPath('/metrics')[note('denylist-source-range')]).toBe('0.0.0.0/0,::/0');
  });
});
