import { INestApplicationContext } from '@nestjs/common';
import { Client } from 'pg';
import { AuditAnchors } from '../src/audit/audit-anchors';
import { Clock } from '../src/common/clock';
import { ObjectStorage } from '../src/storage/object-storage.service';
import { BucketObjects } from '../src/storage/bucket-objects';
import { startAlertStack } from './support/alert-stack';
import { appEnv, runNode } from './support/run-node';
import { TestApp } from './support/test-app';

describe("the audit chain's head anchored in the bucket", () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let close: () => Promise<void>;

  beforeAll(async () => {
    ({ api: t, worker, close } = await startAlertStack());
  });
  afterAll(() => close());

  const verify = () =>
    runNode(
      'cli/audit-verify.js',
      appEnv({ DATABASE_URL: t.databaseUrl, S3_BUCKET: t.config.s3.bucket }),
    );
  const head = async () =>
    (await t.db.query(`SELECT seq::text AS seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`))[0];
  /** The anchors in the bucket, by seq, as their objects say. */
  const stored = async () => {
    const objects = new BucketObjects(t.app.get(ObjectStorage));
    const found: Array<{ key: string; seq: string; hash: string }> = [];
    for await (const o of objects.list()) {
      if (!o.key.startsWith('audit-anchors/')) continue;
      const body = await objects.download(o.key);
      found.push({
        key: o.key,
        ...JSON.parse(await body!.body.toArray().then((c) => Buffer.concat(c).toString())),
      });
    }
    return found;
  };
  /** Changes something, so the chain has a new head. */
  const moveHead = async () => {
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post('/api/v1/auth/login')
        .send({ email: 'nobody@demo.medguard.kz', password: 'wrong-password' });
  };

  it('writes the head once per position, from several workers at once, and a good chain with its anchors verifies', async () => {
    await moveHead();
    const now = await head();
    // The worker and a second process anchoring the same head at the same moment: at most one
    // writes. The worker's own periodic anchoring may hold the lock just then, having read the head
    // before it moved; every call then stands back, and the round is run again once it is done
    // (a round each 200 ms, for up to 5 s).
    const second = new AuditAnchors(t.db, t.app.get(ObjectStorage), new Clock(), t.config);
    const covered = async () => (await stored()).some((a) => BigInt(a.seq) >= BigInt(now.seq));
    for (let round = 0; round < 25; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, 200));
      const results = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? second : worker.get(AuditAnchors)).anchor()),
      );
      expect(results.filter((r) => r !== null).length).toBeLessThanOrEqual(1);
      if (await covered()) break;
    }
    // The worker's own jobs may append to the chain meanwhile, so the head the calls anchored is
    // the one read at the start or a later one; whichever it is, it is anchored once, under its
    // position's key, with the chain's hash at that position.
    const hashAt = async (seq: string) =>
      (await t.db.query(`SELECT hash FROM audit_log WHERE seq = $1`, [seq]))[0]?.hash as string;
    const checked = async () => {
      const found = await stored();
      return {
        duplicates: found.filter((a, i) => found.findIndex((b) => b.seq === a.seq) !== i),
        misnamed: found.filter((a) => a.key !== `audit-anchors/${a.seq.padStart(20, '0')}.json`),
        wrongHash: (
          await Promise.all(found.map(async (a) => ((await hashAt(a.seq)) === a.hash ? null : a)))
        ).filter(Boolean),
        headCovered: found.some((a) => BigInt(a.seq) >= BigInt(now.seq)),
        found,
      };
    };
    let check = await checked();
    expect({ ...check, found: undefined }).toEqual({
      duplicates: [],
      misnamed: [],
      wrongHash: [],
      headCovered: true,
      found: undefined,
    });
    // Anchoring again writes no position twice.
    await worker.get(AuditAnchors).anchor();
    check = await checked();
    expect(check.duplicates).toEqual([]);

    await moveHead();
    const next = await worker.get(AuditAnchors).anchor();
    expect(next).toMatchObject(await head());
    const anchors = await stored();
    expect(anchors.map((a) => a.seq)).toEqual(expect.arrayContaining([next!.seq]));

    const result = await verify();
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.at(-1)).toMatchObject({ msg: 'audit chain verified', anchors: anchors.length });
    expect(lines.filter((l) => l.msg === 'audit anchor').map((l) => l.seq)).toEqual(
      anchors.map((a) => a.seq),
    );
  });

  it('fails naming the missing anchored entry when the newest entries are deleted past the guard', async () => {
    await moveHead();
    const anchored = await worker.get(AuditAnchors).anchor();
    expect(anchored).not.toBeNull();
    const superuser = new Client({ connectionString: t.databaseUrl });
    await superuser.connect();
    try {
      await superuser.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete');
      await superuser.query(`DELETE FROM audit_log WHERE seq >= $1`, [Number(anchored!.seq) - 1]);
      await superuser.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete');
    } finally {
      await superuser.end();
    }
    const result = await verify();
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toMatch(
      new RegExp(`^Audit chain TRUNCATED: anchored entry ${anchored!.seq} is missing`),
    );
  });
});
