import type { FastifyInstance, HTTPMethods } from 'fastify';
import fp from 'fastify-plugin';
import type { z } from 'zod';

/** The zod schemas a route reads its input with, wherever they are declared. */
export interface RouteInputSchemas {
  body?: z.ZodType;
  querystring?: z.ZodType;
  params?: z.ZodType;
}

export interface CatalogueEntry {
  method: HTTPMethods;
  url: string;
  config: { action?: string; access?: string };
  /** Fastify's `schema` for API routes; `config.form` and `config.query` for console pages. */
  input: RouteInputSchemas;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route the app registered, with its access rule: checked whole by test/role-matrix.test.ts. */
    routeCatalogue: readonly CatalogueEntry[];
  }
  interface FastifyContextConfig {
    /**
     * A console page parses its form in the handler, to re-render it with the values and
     * field messages; it names the schema here so that every field it reads is known
     * (test/hostile-input.test.ts sends each one a hostile value).
     */
    form?: z.ZodType;
    /** The same, for a console page's query string. */
    query?: z.ZodType;
  }
}

/** Registered first, so that its onRoute hook sees every route of every area. */
export default fp(
  async function routeCataloguePlugin(app: FastifyInstance) {
    const routes: CatalogueEntry[] = [];
    app.decorate('routeCatalogue', routes);
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      const config = (route.config ?? {}) as CatalogueEntry['config'] & {
        form?: z.ZodType;
        query?: z.ZodType;
      };
      const schema = (route.schema ?? {}) as RouteInputSchemas;
      const input: RouteInputSchemas = {
        body: schema.body ?? config.form,
        querystring: schema.querystring ?? config.query,
        params: schema.params,
      };
      for (const method of methods) routes.push({ method, url: route.url, config, input });
    });
  },
  { name: 'route-catalogue' },
);
