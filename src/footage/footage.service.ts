import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Caller } from '../auth/roles';
import { AppConfig } from '../config/app-config';
import { ObjectStorage } from '../storage/object-storage.service';
import { CustodyService } from './custody.service';
import { FootageRepository } from './footage.repository';
import { footageView, FootageView, gone } from './footage-view';

/** Reading footage: its metadata, its content and its chain of custody. */
@Injectable()
export class FootageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: ObjectStorage,
    private readonly footage: FootageRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly custodyChain: CustodyService,
  ) {}

  async get(caller: Caller, id: string): Promise<FootageView> {
    return footageView(await this.footage.findVisible(caller.actor, id));
  }

  /** A short-lived URL to the object; every access is in the chain of custody. */
  async contentUrl(caller: Caller, id: string): Promise<string> {
    const footage = await this.dataSource.transaction(async (m) => {
      const found = await this.footage.findVisible(caller.actor, id, m);
      if (found.status === 'deleted') throw gone(found);
      await this.custodyChain.append(m, found.id, caller, 'content_accessed', {
        urlSeconds: this.config.footage.urlSeconds,
      });
      await this.audit.record(m, caller, {
        action: 'footage.content_accessed',
        entityType: 'footage',
        entityId: found.id,
      });
      return found;
    });
    return this.storage.presignedGet(
      footage.objectKey,
      this.config.footage.urlSeconds,
      footage.contentType,
    );
  }

  async custody(caller: Caller, id: string, recheck: boolean) {
    const footage = await this.footage.findVisible(caller.actor, id);
    let objectIntact: boolean | null = null;
    if (recheck && footage.status !== 'deleted' && footage.status !== 'uploading') {
      const actual = await this.storage.sha256Of(footage.objectKey).catch(() => null);
      objectIntact = actual !== null && actual === footage.sha256;
      await this.dataSource.transaction((m) =>
        this.custodyChain.append(m, footage.id, caller, 'rechecked', {
          sha256: actual,
          intact: objectIntact,
        }),
      );
    }
    const { valid, brokenAt, events } = await this.custodyChain.chain(footage.id);
    return { footageId: footage.id, sha256: footage.sha256, valid, brokenAt, objectIntact, events };
  }
}
