import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { AppError, ErrorCode } from '../common/app-error';
import { AppConfig } from '../config/app-config';
import { signInRefusal } from './sign-in-request';

/** The pages' sign-in takes JSON from this site's own pages only (no login CSRF). */
@Injectable()
export class PageSignInGuard implements CanActivate {
  constructor(private readonly config: AppConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const refusal = signInRefusal({
      origin: req.header('origin'),
      secFetchSite: req.header('sec-fetch-site'),
      contentType: req.header('content-type'),
      ownOrigins: [
        `${req.protocol}://${req.get('host')}`,
        new URL(this.config.publicUrl).origin,
      ].map((o) => o.toLowerCase()),
    });
    if (refusal === 'cross_site')
      throw new AppError(ErrorCode.Forbidden, 'Sign in from this site’s own sign-in page');
    if (refusal === 'not_json')
      throw new AppError(ErrorCode.UnsupportedMediaType, 'Send the sign-in as application/json');
    return true;
  }
}
