import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { canonicalJson } from '../audit/audit-chain';
import { AppError, ErrorCode } from '../common/app-error';
import { FieldCipher } from '../privacy/field-cipher';
import { IdempotencyKey } from './idempotency-key.entity';

export const KEY_TTL_HOURS = 24;
/** An in-flight claim older than this belongs to a request that died; a retry may take it over. */
const ABANDONED_AFTER_SECONDS = 120;
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/;
const WAIT_POLL_MS = 50;

export interface Outcome<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * `Idempotency-Key` as the IETF draft describes it, keys scoped per user: the first request with a
 * key runs and its response is stored (encrypted, beside a hash of the request) in the same
 * transaction as its effect; a repeat with the
 * same body gets that response again; the same key with another body is 422; a repeat while the
 * first is still running is 409. Keys expire after 24 hours.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly cipher: FieldCipher,
  ) {}

  /** SHA-256 of the request body in canonical form, to tell a true repeat from a reused key. */
  static fingerprint(body: unknown): string {
    return createHash('sha256')
      .update(canonicalJson(JSON.parse(JSON.stringify(body))))
      .digest('hex');
  }

  async execute<T>(
    userId: string,
    key: string | undefined,
    request: unknown,
    work: (m: EntityManager) => Promise<{ status: number; body: T }>,
    options: { waitForFirstMs?: number } = {},
  ): Promise<Outcome<T>> {
    if (key === undefined) {
      const result = await this.dataSource.transaction(work);
      return { ...result, replayed: false };
    }
    if (!KEY_FORMAT.test(key)) {
      throw AppError.invalid('Idempotency-Key', 'must be 1 to 255 visible ASCII characters');
    }
    const fingerprint = IdempotencyService.fingerprint(request);
    const claimed = await this.claim(userId, key, fingerprint);
    if (!claimed) return this.replay<T>(userId, key, fingerprint, options.waitForFirstMs ?? 0);
    try {
      const result = await this.dataSource.transaction(async (m) => {
        const done = await work(m);
        await m.update(
          IdempotencyKey,
          { userId, key },
          {
            state: 'done',
            responseStatus: done.status,
            responseBody: this.cipher.seal(
              'idempotency_keys.response_body',
              JSON.stringify(done.body),
            ),
          },
        );
        return done;
      });
      return { ...result, replayed: false };
    } catch (error) {
      // Nothing was created, so the key is free again for a corrected or retried request.
      await this.dataSource
        .getRepository(IdempotencyKey)
        .delete({ userId, key, state: 'in_flight' });
      throw error;
    }
  }

  /** Takes the key for this request: new, expired, or abandoned by a request that died. */
  private async claim(userId: string, key: string, fingerprint: string): Promise<boolean> {
    const rows = (await this.dataSource.query(
      `INSERT INTO idempotency_keys (user_id, key, fingerprint, state, locked_at, created_at, expires_at)
       VALUES ($1, $2, $3, 'in_flight', now(), now(), now() + make_interval(hours => $4))
       ON CONFLICT (user_id, key) DO UPDATE
         SET fingerprint = EXCLUDED.fingerprint, state = 'in_flight', response_status = NULL, response_body = NULL,
             locked_at = now(), created_at = now(), expires_at = EXCLUDED.expires_at
         WHERE idempotency_keys.expires_at < now()
            OR (idempotency_keys.state = 'in_flight' AND idempotency_keys.locked_at < now() - make_interval(secs => $5))
       RETURNING 1`,
      [userId, key, fingerprint, KEY_TTL_HOURS, ABANDONED_AFTER_SECONDS],
    )) as unknown[];
    return rows.length === 1;
  }

  /**
   * The stored answer. With `waitMs`, a repeat that finds the first request still running waits
   * (polling, bounded) for its answer instead of being told 409 to come back.
   */
  private async replay<T>(
    userId: string,
    key: string,
    fingerprint: string,
    waitMs: number,
  ): Promise<Outcome<T>> {
    const keys = this.dataSource.getRepository(IdempotencyKey);
    const until = Date.now() + waitMs;
    let existing = await keys.findOneBy({ userId, key });
    while (
      existing?.state === 'in_flight' &&
      existing.fingerprint === fingerprint &&
      Date.now() < until
    ) {
      await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
      existing = await keys.findOneBy({ userId, key });
    }
    if (!existing) {
      // Released between our claim and this read: the earlier request failed. Ask for a retry.
      throw new AppError(
        ErrorCode.Conflict,
        'A request with this Idempotency-Key just failed; retry it',
      );
    }
    if (existing.fingerprint !== fingerprint) {
      throw new AppError(
        ErrorCode.RuleViolated,
        'This Idempotency-Key was already used for a different request',
        [{ field: 'Idempotency-Key', message: 'was used with a different body' }],
      );
    }
    if (existing.state === 'in_flight') {
      throw new AppError(
        ErrorCode.Conflict,
        'A request with this Idempotency-Key is still being processed',
        [],
        {
          'Retry-After': '1',
        },
      );
    }
    const body = existing.responseBody
      ? (JSON.parse(this.cipher.open('idempotency_keys.response_body', existing.responseBody)) as T)
      : (undefined as T);
    return { status: existing.responseStatus ?? 200, body, replayed: true };
  }

  async purgeExpired(): Promise<number> {
    const result = await this.dataSource
      .getRepository(IdempotencyKey)
      .createQueryBuilder()
      .delete()
      .where('expires_at < now()')
      .execute();
    return result.affected ?? 0;
  }
}
