import { INestApplicationContext } from '@nestjs/common';
import { eventually } from './alert-stack';
import { startFootageStack, uploadVerified } from './footage';
import { fileIncident } from './incidents';
import { mp4 } from './media';
import { bearer, listenOnLoopback, TestApp } from './test-app';

export interface BuiltPackage {
  id: string;
  status: string;
  sha256: string;
  size: number;
}

/**
 * The API and a real worker with a filed report, two verified files linked to it, and a ready
 * package of both (in Kazakh) built through the API by the routed officer.
 */
export interface PackageStack {
  t: TestApp;
  worker: INestApplicationContext;
  close(): Promise<void>;
  base: string;
  as: Record<'police' | 'admin' | 'safety' | 'nurse' | 'ministry' | 'dutydesk', string>;
  incident: { id: string; reference: string };
  files: Array<{ id: string; bytes: Buffer }>;
  packageId: string;
  /** Asks for a package as the routed officer and waits for the worker to finish it. */
  built(language: string, footageIds?: string[]): Promise<BuiltPackage>;
  /** Opens a share link as someone without an account would: a plain HTTP GET, no credentials. */
  openLink(url: string): Promise<{ status: number; location: string | null }>;
  /** What a presigned download answers. */
  download(location: string): Promise<Buffer>;
}

export async function startPackageStack(): Promise<PackageStack> {
  const { t, worker, close } = await startFootageStack();
  const base = await listenOnLoopback(t);
  const [police, admin, safety, nurse, ministry, dutydesk] = await t.loginAll(
    ...['police', 'admin', 'safety', 'nurse', 'ministry', 'dutydesk'],
  );
  const incident = await fileIncident(t);
  const files: PackageStack['files'] = [];
  for (const [name, size] of [
    ['admission.mp4', 300 * 1024],
    ['corridor.mp4', 200 * 1024],
  ] as const) {
    const bytes = mp4(size);
    files.push({
      id: await uploadVerified(t, safety, bytes, name, { incidentId: incident.id }),
      bytes,
    });
  }
  const built = async (language: string, footageIds = files.map((f) => f.id)) => {
    const res = await t
      .http()
      .post(`/api/v1/incidents/${incident.id}/evidence-packages`)
      .set(bearer(police))
      .send({ footageIds, language });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ id: expect.any(String), status: 'building' });
    const pkg = await eventually(
      async () =>
        (await t.http().get(`/api/v1/evidence-packages/${res.body.id}`).set(bearer(police))).body,
      (p) => p.status !== 'building',
      30_000,
    );
    return pkg as BuiltPackage;
  };
  const first = await built('kk');
  expect(first.status).toBe('ready');
  return {
    t,
    worker,
    close,
    base,
    as: { police, admin, safety, nurse, ministry, dutydesk },
    incident,
    files,
    packageId: first.id,
    built,
    async openLink(url) {
      const res = await fetch(`${base}${new URL(url).pathname}`, { redirect: 'manual' });
      await res.arrayBuffer();
      return { status: res.status, location: res.headers.get('location') };
    },
    download: async (location) => Buffer.from(await (await fetch(location)).arrayBuffer()),
  };
}
