import { Upload } from '@aws-sdk/lib-storage';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { UnrecoverableError } from 'bullmq';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { AuditService, SYSTEM_CALLER } from '../audit/audit.service';
import { Clock } from '../common/clock';
import { CustodyService } from '../footage/custody.service';
import { ObjectStorage } from '../storage/object-storage.service';
import { custodyReportPdf } from './custody-report';
import { EvidenceSigner } from './evidence-signer';
import { HashingStream } from './hashing-stream';
import { PackageContents, PackagedFile, PackageRow } from './package-contents';
import { buildManifest, manifestBytes, sha256Sums } from './package-manifest';
import { PACKAGE_FILES, packageReadme } from './package-readme';

const MIB = 1024 * 1024;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A file in the bucket that is not what its record says: retrying cannot help. */
class FootageMismatch extends UnrecoverableError {}

/**
 * Builds a package in the worker: one ZIP streamed into the bucket as a multipart upload, the
 * footage read from the bucket as streams and checked against its recorded SHA-256 on the way,
 * the ZIP's own SHA-256 and size computed as it passes. Nothing is held whole in memory or written
 * to disk; a build that fails leaves no object (the multipart upload is aborted) and the package
 * `building` for the retry, or `failed` after the last attempt. Only a complete upload makes it
 * `ready`, in the transaction that records the custody event of every file in it.
 */
@Injectable()
export class PackageBuilder {
  private readonly logger = new Logger(PackageBuilder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly contents: PackageContents,
    private readonly signer: EvidenceSigner,
    private readonly custody: CustodyService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async build(packageId: string, lastAttempt: boolean): Promise<'built' | 'skipped'> {
    const pkg = await this.contents.package(packageId);
    if (!pkg || pkg.status !== 'building') return 'skipped';
    try {
      const built = await this.assemble(pkg);
      await this.markReady(pkg, built);
      return 'built';
    } catch (error) {
      if (lastAttempt || error instanceof UnrecoverableError)
        await this.markFailed(pkg, error as Error);
      throw error;
    }
  }

  private async assemble(pkg: PackageRow) {
    const { input, objects } = await this.contents.read(pkg);
    const manifest = buildManifest(input);
    const manifestJson = manifestBytes(manifest);
    const extras: Array<[string, Buffer]> = [
      [PACKAGE_FILES.manifest, manifestJson],
      [
        PACKAGE_FILES.signature,
        Buffer.from(`${this.signer.sign(manifestJson).toString('base64')}\n`),
      ],
      [PACKAGE_FILES.report, await custodyReportPdf(manifest, pkg.language)],
      [PACKAGE_FILES.readme, Buffer.from(packageReadme(pkg.language, input.incident.reference))],
      [PACKAGE_FILES.publicKey, Buffer.from(this.signer.publicKeyPem)],
    ];
    const sums = sha256Sums([
      ...manifest.files.map((f) => ({ path: f.path, sha256: f.sha256 })),
      ...extras.map(([path, bytes]) => ({ path, sha256: sha256(bytes) })),
    ]);
    extras.push([PACKAGE_FILES.sums, Buffer.from(sums)]);
    const zipped = await this.upload(
      pkg,
      objects.map((o, n) => ({ ...o, path: manifest.files[n].path })),
      extras,
    );
    return {
      ...zipped,
      manifestSha256: sha256(manifestJson),
      footageIds: objects.map((o) => o.footageId),
    };
  }

  /** The ZIP, piped through a hashing stream into a multipart upload; its SHA-256 and size. */
  private async upload(
    pkg: PackageRow,
    files: Array<PackagedFile & { path: string }>,
    extras: Array<[string, Buffer]>,
  ): Promise<{ sha256: string; size: number }> {
    const zip = new ZipFile();
    const body = new HashingStream();
    const sources: Readable[] = [];
    let failure: Error | null = null;
    const fail = (error: Error) => {
      failure ??= error;
      body.destroy(error);
    };
    zip.on('error', fail);
    zip.outputStream.on('error', fail);
    zip.outputStream.pipe(body);
    const mtime = pkg.created_at;
    for (const file of files)
      zip.addReadStreamLazy(file.path, { compress: false, size: file.size, mtime }, (cb) => {
        this.storage.read(file.objectKey).then(
          (source) => {
            sources.push(source);
            const check = new HashingStream({
              sha256: file.sha256,
              size: file.size,
              what: `footage ${file.footageId}`,
            });
            source.on('error', fail);
            check.on('error', (e) => fail(new FootageMismatch(e.message)));
            cb(null, source.pipe(check));
          },
          (error: Error) => fail(error),
        );
      });
    // The PDF compresses; the rest is small text.
    for (const [path, bytes] of extras) zip.addBuffer(bytes, path, { mtime });
    zip.end();
    const upload = new Upload({
      client: this.storage.client,
      params: {
        ...this.storage.writeParams(pkg.object_key),
        Body: body,
        ContentType: 'application/zip',
      },
      partSize: 8 * MIB,
      queueSize: 2,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      for (const s of sources) s.destroy();
      zip.outputStream.unpipe(body);
      throw failure ?? error;
    }
    if (failure) throw failure;
    if (!body.sha256) throw new Error('the package stream ended without its digest');
    return { sha256: body.sha256, size: body.bytes };
  }

  private async markReady(
    pkg: PackageRow,
    built: { sha256: string; size: number; manifestSha256: string; footageIds: string[] },
  ): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      const [row] = (await m.query(
        `SELECT status, created_by FROM evidence_packages WHERE id = $1 FOR UPDATE`,
        [pkg.id],
      )) as Array<{ status: string; created_by: string | null }>;
      if (row?.status !== 'building') return;
      await m.query(
        `UPDATE evidence_packages SET status = 'ready', sha256 = $2, size = $3, ready_at = $4, failure = NULL WHERE id = $1`,
        [pkg.id, built.sha256, built.size, this.clock.now()],
      );
      for (const footageId of built.footageIds)
        await this.custody.append(m, footageId, SYSTEM_CALLER, 'packaged', {
          packageId: pkg.id,
          incidentId: pkg.incident_id,
          packageSha256: built.sha256,
          manifestSha256: built.manifestSha256,
          requestedBy: row.created_by,
        });
      await this.audit.record(m, SYSTEM_CALLER, {
        action: 'evidence_package.built',
        entityType: 'evidence_package',
        entityId: pkg.id,
        details: {
          incidentId: pkg.incident_id,
          footageIds: built.footageIds,
          sha256: built.sha256,
          size: built.size,
        },
      });
    });
  }

  private async markFailed(pkg: PackageRow, error: Error): Promise<void> {
    this.logger.warn({ msg: 'evidence package failed', packageId: pkg.id, error: error.message });
    await this.dataSource.transaction(async (m) => {
      const [, updated] = (await m.query(
        `UPDATE evidence_packages SET status = 'failed', failure = $2 WHERE id = $1 AND status = 'building'`,
        [pkg.id, error.message.slice(0, 500)],
      )) as [unknown, number];
      if (updated)
        await this.audit.record(m, SYSTEM_CALLER, {
          action: 'evidence_package.failed',
          entityType: 'evidence_package',
          entityId: pkg.id,
          details: { incidentId: pkg.incident_id },
        });
    });
  }
}
