import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { AppError, ErrorCode } from '../common/app-error';
import { AppConfig } from '../config/app-config';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * `/metrics` answers only the scraper holding METRICS_TOKEN (sent as a bearer token); without the
 * setting it answers no one. The comparison takes the same time whatever the token sent.
 */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer | null;

  constructor(config: AppConfig) {
    this.expected = config.metricsToken ? digest(config.metricsToken) : null;
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<Request>().header('authorization') ?? '';
    const sent = /^Bearer ([\x21-\x7e]+)$/i.exec(header)?.[1];
    if (this.expected && sent !== undefined && timingSafeEqual(digest(sent), this.expected))
      return true;
    throw new AppError(
      ErrorCode.Unauthenticated,
      'Metrics need the METRICS_TOKEN as a bearer token',
      [],
      { 'WWW-Authenticate': 'Bearer realm="metrics"' },
    );
  }
}
