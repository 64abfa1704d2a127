import { fileURLToPath } from 'node:url';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const VIEWS_DIRECTORY = fileURLToPath(new URL('../views/', import.meta.url));

/**
 * Server-rendered pages with Eta; every `<%= %>` is HTML-escaped. Each template names
 * its own layout (`<% layout('./layout', { title }) %>`), so areas can differ.
 */
export default fp(
  async function viewsPlugin(app: FastifyInstance) {
    await app.register(fastifyView, {
      engine: { eta: new Eta({ views: VIEWS_DIRECTORY, autoEscape: true, cache: true }) },
      root: VIEWS_DIRECTORY,
      viewExt: 'eta',
      // Cache compiled templates always: behaviour must not depend on NODE_ENV.
      production: true,
    });
  },
  { name: 'views' },
);
