import type { FastifyInstance, HTTPMethods } from 'fastify';
import fp from 'fastify-plugin';

export interface CatalogueEntry {
  method: HTTPMethods;
  url: string;
  config: { action?: string; access?: string };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app registered, with its access rule: checked whole by test/role-matrix.test.ts. */
    routeCatalogue: readonly CatalogueEntry[];
  }
}

/** Registered first, so that its onRoute hook sees every route of every area. */
export default fp(
  async function routeCataloguePlugin(app: FastifyInstance) {
    const routes: CatalogueEntry[] = [];
    app.decorate('routeCatalogue', routes);
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const config = (route.config ?? {}) as CatalogueEntry['config'];
      for (const method of methods) routes.push({ method, url: route.url, config });
    });
  },
  { name: 'route-catalogue' },
);
