import { EntityManager } from 'typeorm';

/** What the directory shows of an account besides its record: MFA on or off, the last sign-in. */
export interface AccountFacts {
  mfaEnabled: boolean;
  lastSignInAt: Date | null;
}

/** The facts of each account named, in one query; an account with none gets off and null. */
export async function accountFacts(
  m: EntityManager,
  userIds: string[],
): Promise<Map<string, AccountFacts>> {
  const rows = (await m.query(
    `SELECT u.id,
            EXISTS (SELECT 1 FROM user_mfa f WHERE f.user_id = u.id AND f.confirmed_at IS NOT NULL) AS mfa,
            (SELECT max(s.created_at) FROM sessions s WHERE s.user_id = u.id) AS last_sign_in
       FROM unnest($1::uuid[]) AS u(id)`,
    [userIds],
  )) as Array<{ id: string; mfa: boolean; last_sign_in: Date | null }>;
  return new Map(
    rows.map((r) => [r.id, { mfaEnabled: r.mfa, lastSignInAt: r.last_sign_in ?? null }]),
  );
}
