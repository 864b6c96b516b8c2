import { EntityManager } from 'typeorm';
import { AppError } from '../common/app-error';
import { Actor, Role } from './roles';

/**
 * The account an admin or facility admin may recover (a reset link, a lost authenticator): an
 * admin any account but their own, a facility admin their own facility's staff; another
 * facility's account reads as unknown. `own` says what to use for one's own account instead.
 */
export async function managedAccount(
  m: EntityManager,
  actor: Actor,
  userId: string,
  action: { own: string; deactivated: string },
): Promise<{ id: string }> {
  const isAdmin = actor.kind === 'user' && actor.role === Role.Admin;
  const [user] = (await m.query(
    `SELECT id, role, deactivated_at FROM users
      WHERE id = $1 AND ($2::boolean OR facility_id = $3::uuid)`,
    [userId, isAdmin, actor.kind === 'user' ? actor.facilityId : null],
  )) as Array<{ id: string; role: Role; deactivated_at: Date | null }>;
  if (!user) throw AppError.notFound('User');
  if (actor.kind === 'user' && actor.id === user.id) throw AppError.forbidden(action.own);
  if (!isAdmin && user.role !== Role.Staff)
    throw AppError.forbidden('Facility admins manage staff accounts only');
  if (user.deactivated_at) throw AppError.conflict(action.deactivated);
  return user;
}
