import { ConfigError, EnvReader } from './env-reader';

const ROLE_NAMES = ['staff', 'facility_admin', 'police', 'ministry', 'admin'];
const PRODUCTION_MFA_ROLES = ['admin', 'police', 'facility_admin', 'ministry'];

/** A comma list of roles, or `none`; unset: the roles holding the most data in production, none elsewhere. */
export function readMfaRoles(read: EnvReader, production: boolean): readonly string[] {
  if (read.optionalString('MFA_REQUIRED_ROLES') === undefined)
    return production ? PRODUCTION_MFA_ROLES : [];
  const roles = read.list('MFA_REQUIRED_ROLES');
  if (roles.length === 1 && roles[0] === 'none') return [];
  const unknown = roles.find((r) => !ROLE_NAMES.includes(r));
  if (unknown)
    throw new ConfigError(
      'MFA_REQUIRED_ROLES',
      `must be roles from ${ROLE_NAMES.join(', ')} (comma-separated) or none, got "${unknown}"`,
    );
  return [...new Set(roles)];
}
