import type { FastifyPluginAsync } from 'fastify';
import { guardStaffArea } from './guard.js';
import inboxRoutes from './inbox-routes.js';
import dataMapRoutes from './data-map-routes.js';
import intakeRoutes from './intake-routes.js';
import letterRoutes from './letter-routes.js';
import mailRoutes from './mail-routes.js';
import queueRoutes from './queue-routes.js';
import requestRoutes from './request-routes.js';
import signInRoutes from './sign-in-routes.js';
import suppressionListRoutes from './suppression-list-routes.js';
import taskRoutes from './task-routes.js';
import userRoutes from './user-routes.js';

/** The staff console under /staff: its own session guard, then each area. */
const staffConsole: FastifyPluginAsync = async (area) => {
  guardStaffArea(area);
  await area.register(signInRoutes);
  await area.register(queueRoutes);
  await area.register(requestRoutes, { prefix: '/requests' });
  await area.register(intakeRoutes, { prefix: '/intake' });
  await area.register(letterRoutes, { prefix: '/letters' });
  await area.register(mailRoutes, { prefix: '/mail' });
  await area.register(inboxRoutes, { prefix: '/inbox' });
  await area.register(userRoutes, { prefix: '/users' });
  await area.register(taskRoutes, { prefix: '/tasks' });
  await area.register(dataMapRoutes, { prefix: '/data-map' });
  await area.register(suppressionListRoutes);
};

export default staffConsole;
