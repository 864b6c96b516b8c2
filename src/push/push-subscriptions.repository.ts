import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { SecretBox } from '../common/secret-box';

/** A device's push subscription, opened for sending. */
export interface PushTarget {
  id: string;
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

/** The most subscriptions one user keeps; subscribing another device drops the oldest. */
export const MAX_SUBSCRIPTIONS_PER_USER = 20;

interface SealedRow {
  id: string;
  endpoint_enc: Buffer;
  keys_enc: Buffer;
}

/**
 * Ending a sign-in drops the subscriptions it made (SessionsService); this also holds for one
 * made by a request that was in flight as the session ended. Subscriptions older than the binding
 * belong to no session.
 */
const SIGN_IN_NOT_ENDED = `NOT EXISTS (
  SELECT 1 FROM sessions x WHERE x.id = s.session_id AND x.revoked_at IS NOT NULL)`;

const endpointHash = (endpoint: string) => createHash('sha256').update(endpoint).digest();

/**
 * Push subscriptions, sealed at rest and found by the endpoint's hash. Only active accounts'
 * subscriptions are ever handed out for sending.
 */
@Injectable()
export class PushSubscriptionsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly secrets: SecretBox,
  ) {}

  /**
   * Stores the subscription for the user, or re-binds an endpoint already known (a device has one
   * user at a time); keeps the user's newest MAX_SUBSCRIPTIONS_PER_USER. Returns the
   * subscription's id, the same for the same endpoint, or null when the endpoint is another
   * account's and the keys are not its: an endpoint is a capability URL that may be seen (a shared
   * workstation, a captured request), but only the browser holding the keys is that device.
   */
  async save(
    userId: string,
    endpoint: string,
    keys: { p256dh: string; auth: string },
    at: Date,
    sessionId: string | null = null,
  ): Promise<string | null> {
    return this.dataSource.transaction(async (m) => {
      // One endpoint's claims, and one user's subscribing, are serialised (in that order), so the
      // keys check and the cap hold under concurrent calls.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('push_endpoint:' || $1))`, [
        endpointHash(endpoint).toString('hex'),
      ]);
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('push_subscriptions:' || $1))`, [
        userId,
      ]);
      const [held] = (await m.query(
        `SELECT user_id, keys_enc FROM push_subscriptions WHERE endpoint_hash = $1`,
        [endpointHash(endpoint)],
      )) as Array<{ user_id: string; keys_enc: Buffer }>;
      if (held && held.user_id !== userId) {
        const kept = JSON.parse(this.secrets.open(held.keys_enc)) as PushTarget['keys'];
        if (kept.p256dh !== keys.p256dh || kept.auth !== keys.auth) return null;
      }
      const [row] = (await m.query(
        `INSERT INTO push_subscriptions (user_id, endpoint_hash, endpoint_enc, keys_enc, created_at, updated_at, session_id)
           VALUES ($1, $2, $3, $4, $5, $5, $6)
         ON CONFLICT (endpoint_hash) DO UPDATE
           SET user_id = EXCLUDED.user_id, endpoint_enc = EXCLUDED.endpoint_enc,
               keys_enc = EXCLUDED.keys_enc, updated_at = EXCLUDED.updated_at,
               session_id = EXCLUDED.session_id
         RETURNING id`,
        [
          userId,
          endpointHash(endpoint),
          this.secrets.seal(endpoint),
          this.secrets.seal(JSON.stringify({ p256dh: keys.p256dh, auth: keys.auth })),
          at,
          sessionId,
        ],
      )) as Array<{ id: string }>;
      await m.query(
        `DELETE FROM push_subscriptions WHERE user_id = $1 AND id NOT IN (
           SELECT id FROM push_subscriptions WHERE user_id = $1
            ORDER BY updated_at DESC, id DESC LIMIT $2)`,
        [userId, MAX_SUBSCRIPTIONS_PER_USER],
      );
      return row.id;
    });
  }

  /** Removes the user's own subscription; false when there is none of theirs with that id. */
  async removeOwn(id: string, userId: string): Promise<boolean> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM push_subscriptions WHERE id = $1 AND user_id = $2`,
      [id, userId],
    )) as [unknown, number];
    return count > 0;
  }

  /** A push service said the subscription is gone (404/410). */
  async remove(id: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM push_subscriptions WHERE id = $1`, [id]);
  }

  /** Every device of the post's active officers, subscribed from a sign-in that was not ended. */
  async ofPostOfficers(postId: string): Promise<PushTarget[]> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.endpoint_enc, s.keys_enc FROM push_subscriptions s JOIN users u ON u.id = s.user_id
        WHERE u.role = 'police' AND u.police_post_id = $1 AND u.deactivated_at IS NULL
          AND ${SIGN_IN_NOT_ENDED}
        ORDER BY s.id`,
      [postId],
    )) as SealedRow[];
    return rows.map((r) => this.open(r));
  }

  /** Every device of an active user, subscribed from a sign-in that was not ended. */
  async ofUser(userId: string): Promise<PushTarget[]> {
    const rows = (await this.dataSource.query(
      `SELECT s.id, s.endpoint_enc, s.keys_enc FROM push_subscriptions s JOIN users u ON u.id = s.user_id
        WHERE u.id = $1 AND u.deactivated_at IS NULL AND ${SIGN_IN_NOT_ENDED} ORDER BY s.id`,
      [userId],
    )) as SealedRow[];
    return rows.map((r) => this.open(r));
  }

  private open(row: SealedRow): PushTarget {
    return {
      id: row.id,
      endpoint: this.secrets.open(row.endpoint_enc),
      keys: JSON.parse(this.secrets.open(row.keys_enc)) as PushTarget['keys'],
    };
  }
}
