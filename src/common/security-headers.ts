import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { AppConfig } from '../config/app-config';
import {
  contentSecurityPolicies,
  Directives,
  mediaOriginOf,
  Surface,
  surfaceOf,
} from './content-security';

const YEAR_SECONDS = 365 * 24 * 3600;

/**
 * helmet's headers on every answer (pages, API, assets, documentation, dashboard, errors), with
 * the Content-Security-Policy of what is answered. HSTS only when users reach us over https.
 */
export function securityHeaders(config: AppConfig): RequestHandler {
  const https = new URL(config.publicUrl).protocol === 'https:';
  const policies = contentSecurityPolicies({
    media: mediaOriginOf(config.s3),
    publicSite: new URL(config.publicUrl).origin,
    tiles: config.mapTiles?.cspSource,
  });
  const withPolicy = (directives: Directives) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives },
      strictTransportSecurity: https ? { maxAge: YEAR_SECONDS, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      xFrameOptions: { action: 'deny' },
    });
  const bySurface: Record<Surface, ReturnType<typeof helmet>> = {
    page: withPolicy(policies.page),
    api: withPolicy(policies.api),
    docs: withPolicy(policies.docs),
    dashboard: withPolicy(policies.dashboard),
  };
  return (req, res, next) => bySurface[surfaceOf(req.path)](req, res, next);
}
