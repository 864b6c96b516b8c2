import { ConfigError, EnvReader } from './env-reader';

export interface SmppSettings {
  /** `smpp://host:port`, or `ssmpp://host:port` for TLS. */
  url: string;
  systemId: string;
  password: string;
  /** The sender the texts show (a short code or an alphanumeric name). */
  sourceAddr: string;
}

const SMPP_VARIABLES = ['SMPP_URL', 'SMPP_SYSTEM_ID', 'SMPP_PASSWORD', 'SMPP_SOURCE_ADDR'] as const;

/** All four settings or none: a half-set SMSC would silently text nobody. */
export function readSmpp(read: EnvReader): SmppSettings | null {
  const url = read.optionalUrl('SMPP_URL', ['smpp:', 'ssmpp:']);
  const missing = SMPP_VARIABLES.filter((name) => read.optionalString(name) === undefined);
  if (!url) {
    if (missing.length < SMPP_VARIABLES.length)
      throw new ConfigError('SMPP_URL', 'is required when any other SMPP_ setting is set');
    return null;
  }
  if (missing.length) throw new ConfigError(missing[0], 'is required when SMPP_URL is set');
  const systemId = read.string('SMPP_SYSTEM_ID');
  // SMPP 3.4 §5.2: system_id is at most 15 characters, password at most 8.
  if (systemId.length > 15)
    throw new ConfigError('SMPP_SYSTEM_ID', 'must be at most 15 characters');
  const password = read.string('SMPP_PASSWORD');
  if (password.length > 8) throw new ConfigError('SMPP_PASSWORD', 'must be at most 8 characters');
  const sourceAddr = read.string('SMPP_SOURCE_ADDR');
  if (sourceAddr.length > 20)
    throw new ConfigError('SMPP_SOURCE_ADDR', 'must be at most 20 characters');
  return { url, systemId, password, sourceAddr };
}
