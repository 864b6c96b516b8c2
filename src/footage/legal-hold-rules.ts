import { Role } from '../auth/roles';

/** The roles that may put footage under legal hold (api.md, Footage: PUT /footage/:id/legal-hold). */
export type HoldRole = Role.FacilityAdmin | Role.Police | Role.Admin;

/** Police and admins hold footage for an investigation; a facility admin only for the facility. */
const AUTHORITY: Record<HoldRole, number> = {
  [Role.FacilityAdmin]: 1,
  [Role.Police]: 2,
  [Role.Admin]: 2,
};

/**
 * Whether a person with `role`, who can see the footage, may release a hold set by `heldBy`.
 * A hold set by police or an admin is released only by police of a routed post or an admin; a
 * facility admin's hold also by that facility's admin. Seeing the footage is the scope check:
 * police see footage of incidents routed to their post, facility admins their facility's.
 */
export function mayReleaseHold(heldBy: HoldRole, role: HoldRole): boolean {
  return AUTHORITY[role] >= AUTHORITY[heldBy];
}

/**
 * Whether holding footage that is already held makes the hold `role`'s own: police or an admin
 * holding what a facility admin holds, so the facility can no longer release what they rely on.
 */
export function takesOverHold(heldBy: HoldRole, role: HoldRole): boolean {
  return AUTHORITY[role] > AUTHORITY[heldBy];
}
