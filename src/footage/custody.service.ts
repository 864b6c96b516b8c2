import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { GENESIS_HASH } from '../audit/audit-chain';
import type { Actor, Caller } from '../auth/roles';
import { custodyHash, CustodyEvent, verifyCustody } from './custody-chain';

export type CustodyAction =
  | 'uploaded'
  | 'verified'
  | 'rejected'
  | 'linked'
  | 'unlinked'
  | 'content_accessed'
  | 'rechecked'
  | 'integrity_failed'
  | 'retention_changed'
  | 'deleted'
  | 'packaged'
  | 'package_downloaded';

/** Who acted, when it is not the caller's account or device: the share link a recipient opened. */
export interface CustodyActor {
  actorType: 'share_link';
  actorId: string;
}

export interface CustodyEntry extends CustodyEvent {
  id: string;
  prevHash: string;
  hash: string;
}

/** Each footage's chain of custody: append-only, every event hashing the one before it. */
@Injectable()
export class CustodyService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Appends in the caller's transaction; the footage row lock keeps two appends from taking one place. */
  async append(
    m: EntityManager,
    footageId: string,
    caller: Caller<Actor | null>,
    action: CustodyAction,
    details: Record<string, unknown>,
    as?: CustodyActor,
  ): Promise<void> {
    await m.query('SELECT 1 FROM footage WHERE id = $1 FOR UPDATE', [footageId]);
    const [last] = (await m.query(
      'SELECT hash FROM footage_custody WHERE footage_id = $1 ORDER BY id DESC LIMIT 1',
      [footageId],
    )) as Array<{ hash: string }>;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const actor = caller.actor;
    const event: CustodyEvent = {
      at: new Date(),
      actorType: as?.actorType ?? actor?.kind ?? 'system',
      actorId: as ? as.actorId : !actor ? null : actor.kind === 'user' ? actor.id : actor.apiKeyId,
      ip: caller.ip,
      action,
      details,
    };
    await m.query(
      `INSERT INTO footage_custody (footage_id, at, actor_type, actor_id, ip, action, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        footageId,
        event.at,
        event.actorType,
        event.actorId,
        event.ip,
        action,
        JSON.stringify(details),
        prevHash,
        custodyHash(prevHash, event),
      ],
    );
  }

  /** The whole chain, oldest first, and whether it verifies. */
  async chain(footageId: string) {
    const rows = (await this.dataSource.query(
      `SELECT id, at, actor_type, actor_id, ip, action, details, prev_hash, hash
         FROM footage_custody WHERE footage_id = $1 ORDER BY id`,
      [footageId],
    )) as Array<{
      id: string;
      at: Date;
      actor_type: string;
      actor_id: string | null;
      ip: string | null;
      action: string;
      details: Record<string, unknown>;
      prev_hash: string;
      hash: string;
    }>;
    const events: CustodyEntry[] = rows.map((r) => ({
      id: String(r.id),
      at: r.at,
      actorType: r.actor_type,
      actorId: r.actor_id,
      ip: r.ip,
      action: r.action,
      details: r.details,
      prevHash: r.prev_hash,
      hash: r.hash,
    }));
    return { ...verifyCustody(events), events };
  }
}
