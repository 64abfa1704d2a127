import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

const ASSETS_DIRECTORY = fileURLToPath(new URL('../assets/', import.meta.url));

/** Stylesheets, scripts (progressive enhancement only) and images under /assets/. */
export default fp(
  async function assetsPlugin(app: FastifyInstance) {
    await app.register(fastifyStatic, {
      root: ASSETS_DIRECTORY,
      prefix: '/assets/',
      index: false,
      list: false,
      maxAge: '1h',
      // Only reply.sendFile of this plugin is needed elsewhere; keep reply decorations scoped here.
      decorateReply: false,
    });
  },
  { name: 'assets' },
);
