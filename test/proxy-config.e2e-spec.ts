import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { AppConfig } from '../src/config/app-config';
import {
  Directive,
  effective,
  locationFor,
  nginxBytes,
  nginxSeconds,
  parseNginx,
  serverOn,
} from './support/nginx-config';

const ROOT = join(__dirname, '..');
const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    { volumes?: string[]; environment?: Record<string, string>; healthcheck?: { test: string[] } }
  >;
};

/** The template the proxy service mounts, as the nginx image fills it in at start. */
function proxyConfig(): Directive[] {
  const mount = (compose.services.proxy.volumes ?? []).find((v) =>
    v.includes(':/etc/nginx/templates'),
  );
  if (!mount) throw new Error('the proxy service mounts no nginx templates');
  const dir = join(ROOT, mount.split(':')[0]);
  const text = readFileSync(join(dir, 'default.conf.template'), 'utf8');
  const bucket = /^\$\{S3_BUCKET:-(.+)\}$/.exec(compose.services.api.environment!.S3_BUCKET)![1];
  return parseNginx(text.replaceAll('${S3_BUCKET}', bucket));
}

const config = proxyConfig();
const tls = serverOn(config, '443');
/** What is in effect for a request to the path: http level, the TLS server, its location. */
const at = (path: string) => [config, tls.block!, locationFor(tls, path).block!];
const one = (levels: Directive[][], name: string) => effective(levels, name)[0]?.join(' ');
const header = (levels: Directive[][], name: string) =>
  effective(levels, 'proxy_set_header').find(([h]) => h.toLowerCase() === name.toLowerCase())?.[1];

describe('the reverse proxy (nginx) in front of the API', () => {
  it('terminates TLS on 443 with the mounted certificate and sends plain http to https', () => {
    const listens = effective([tls.block!], 'listen').map((l) => l.join(' '));
    expect(listens).toContain('443 ssl');
    expect(one([tls.block!], 'ssl_certificate')).toMatch(/^\/etc\/nginx\/certs\//);
    expect(one([tls.block!], 'ssl_certificate_key')).toMatch(/^\/etc\/nginx\/certs\//);
    expect(one([tls.block!], 'ssl_protocols')).toBe('TLSv1.2 TLSv1.3');
    expect(JSON.stringify(compose.services.proxy.volumes)).toContain(':/etc/nginx/certs:ro');
    const plain = serverOn(config, '80');
    expect(effective([plain.block!], 'return')).toEqual([['301', 'https://$host$request_uri']]);
  });

  it.each(['/api/v1/incidents', '/api/v1/alerts/stream', '/api/v1/footage', '/police', '/'])(
    'passes %s to the API replicas, re-resolving their addresses as they scale',
    (path) => {
      expect(one(at(path), 'proxy_pass')).toBe('http://medguard_api');
    },
  );

  it('finds every API replica by the name Docker gives the scaled service', () => {
    const upstream = config.find((d) => d.name === 'upstream' && d.args[0] === 'medguard_api')!;
    expect(effective([upstream.block!], 'server')).toEqual([['api:3000', 'resolve']]);
    expect(one([upstream.block!], 'zone')).toMatch(/^medguard_api /);
    expect(one([config], 'resolver')).toMatch(/^127\.0\.0\.11 /);
  });

  it('gives the API the client address it saw, which TRUST_PROXY=1 trusts', () => {
    for (const path of ['/api/v1/auth/login', '/api/v1/alerts/stream', '/api/v1/footage']) {
      // Overwritten, not appended: a client cannot slip an address of its choosing in front.
      expect(header(at(path), 'X-Forwarded-For')).toBe('$remote_addr');
      expect(header(at(path), 'X-Forwarded-Proto')).toBe('$scheme');
      expect(header(at(path), 'Host')).toBe('$host');
    }
    expect(compose.services.api.environment?.TRUST_PROXY).toBe('1');
  });

  it('passes the police console stream on unbuffered and keeps it open', () => {
    const stream = at('/api/v1/alerts/stream');
    expect(locationFor(tls, '/api/v1/alerts/stream').args).toEqual(['=', '/api/v1/alerts/stream']);
    expect(one(stream, 'proxy_buffering')).toBe('off');
    expect(one(stream, 'proxy_cache') ?? 'off').toBe('off');
    expect(one(stream, 'proxy_http_version')).toBe('1.1');
    expect(nginxSeconds(one(stream, 'proxy_read_timeout') ?? '60s')).toBeGreaterThanOrEqual(3600);
    expect(nginxSeconds(one(stream, 'proxy_send_timeout') ?? '60s')).toBeGreaterThanOrEqual(3600);
    // Elsewhere answers are buffered as usual, so a slow client does not hold an API connection.
    expect(one(at('/api/v1/incidents'), 'proxy_buffering') ?? 'on').toBe('on');
  });

  it('streams footage uploads to the API up to FOOTAGE_MAX_BYTES, never spooling them', () => {
    const maxBytes = AppConfig.fromEnv({
      ...process.env,
      FOOTAGE_MAX_BYTES: compose.services.api.environment?.FOOTAGE_MAX_BYTES,
    }).footage.maxBytes;
    const upload = at('/api/v1/footage');
    const limit = nginxBytes(one(upload, 'client_max_body_size') ?? '1m');
    expect(limit).toBeGreaterThan(maxBytes);
    // The multipart form around the file is small; a limit far above the setting is no limit.
    expect(limit).toBeLessThan(maxBytes + 64 * 1024 ** 2);
    expect(one(upload, 'proxy_request_buffering')).toBe('off');
    // JSON bodies stay small everywhere else (the API's own limit is 256 KiB).
    expect(nginxBytes(one(at('/api/v1/incidents'), 'client_max_body_size') ?? '1m')).toBe(
      1024 ** 2,
    );
  });

  it('passes presigned footage URLs to MinIO with the host they were signed for', () => {
    const bucket = /^\$\{S3_BUCKET:-(.+)\}$/.exec(compose.services.api.environment!.S3_BUCKET)![1];
    const object = at(`/${bucket}/footage/2026/abc.mp4`);
    expect(one(object, 'proxy_pass')).toBe('http://medguard_s3');
    expect(header(object, 'Host')).toBe('$http_host');
    expect(one(object, 'proxy_request_buffering')).toBe('off');
    expect(one(object, 'proxy_buffering')).toBe('off');
    // Device part uploads: MinIO enforces S3's own part limits.
    expect(one(object, 'client_max_body_size')).toBe('0');
    const upstream = config.find((d) => d.name === 'upstream' && d.args[0] === 'medguard_s3')!;
    expect(effective([upstream.block!], 'server')).toEqual([['minio:9000', 'resolve']]);
  });

  it('keeps /metrics inside the network', () => {
    expect(effective(at('/metrics'), 'return')).toEqual([['404']]);
  });

  it('answers its own health check on a loopback-only listener', () => {
    const health = serverOn(config, '8081');
    expect(effective([health.block!], 'listen')).toEqual([['127.0.0.1:8081']]);
    expect(effective([locationFor(health, '/healthz').block!], 'return')[0][0]).toBe('200');
    expect(compose.services.proxy.healthcheck?.test.join(' ')).toContain(
      'http://127.0.0.1:8081/healthz',
    );
  });
});
