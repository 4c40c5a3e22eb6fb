import type { INestApplication } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';

/** One route handler: its controller class, method name and function (where decorators put metadata). */
export interface RouteHandler {
  controller: new (...args: never[]) => object;
  name: string;
  handler: (...args: unknown[]) => unknown;
}

/** Every handler method of every controller of `app`, for what reads or binds route metadata. */
export function* routeHandlers(app: INestApplication): Generator<RouteHandler> {
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as RouteHandler['controller'] | null;
      if (!controller) continue;
      const proto = controller.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        yield { controller, name, handler: handler as RouteHandler['handler'] };
      }
    }
  }
}
