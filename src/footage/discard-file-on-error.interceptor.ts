import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, from, Observable, switchMap, throwError } from 'rxjs';
import { ObjectStorage } from '../storage/object-storage.service';

/**
 * Placed after the file interceptor: when anything after the upload fails — validation of the
 * other fields, the service, the database — the object already streamed to the bucket is deleted,
 * so a refused request leaves nothing behind.
 */
@Injectable()
export class DiscardFileOnError implements NestInterceptor {
  constructor(private readonly storage: ObjectStorage) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    return next.handle().pipe(
      catchError((error: unknown) => {
        const key = req.file?.path;
        if (!key) return throwError(() => error);
        return from(this.storage.deleteObject(key).catch(() => undefined)).pipe(
          switchMap(() => throwError(() => error)),
        );
      }),
    );
  }
}
