import {
  INestApplication,
  Injectable,
  OnApplicationBootstrap,
  RequestMethod,
} from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_METADATA, AccessRule } from './access.decorators';

export interface RouteAccess {
  method: string;
  path: string;
  rule: AccessRule | undefined;
}

/** Lists every HTTP route of the app with the access rule it declares (or none). */
export function listRoutes(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): RouteAccess[] {
  const routes: RouteAccess[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as object | undefined;
    if (!instance) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, unknown>;
    const base =
      (Reflect.getMetadata('path', wrapper.metatype as object) as string | undefined) ?? '';
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as object;
      const path = Reflect.getMetadata('path', handler) as string | string[] | undefined;
      if (path === undefined) continue;
      const method = Reflect.getMetadata('method', handler) as RequestMethod;
      const rule = reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [
        handler as () => void,
        wrapper.metatype as () => void,
      ]);
      const paths = Array.isArray(path) ? path : [path];
      for (const p of paths) {
        routes.push({
          method: RequestMethod[method],
          path: `/${base}/${p}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1'),
          rule,
        });
      }
    }
  }
  return routes;
}

/** Refuses to start an app in which any route forgot to say who may call it. */
@Injectable()
export class RouteAccessCheck implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  onApplicationBootstrap(): void {
    const undeclared = listRoutes(this.discovery, this.scanner, this.reflector).filter(
      (r) => !r.rule,
    );
    if (undeclared.length > 0) {
      throw new Error(
        `Routes without an access declaration (@Roles or @Public): ${undeclared
          .map((r) => `${r.method} ${r.path}`)
          .join(', ')}`,
      );
    }
  }
}

export function routesOf(app: INestApplication): RouteAccess[] {
  return listRoutes(app.get(DiscoveryService), app.get(MetadataScanner), app.get(Reflector));
}
