import { defineConfig } from 'prisma/config';

// Used by the official Prisma CLI (generate, and migrate where its engine can be
// downloaded). The app and `npm run db:migrate` read DATABASE_URL through src/config.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/rightsdesk' },
});
