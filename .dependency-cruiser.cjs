/**
 * The dependency rule of src/ (docs/architecture.md): layers, lowest first; a module may import its own layer and
 * the layers below it, never one above. Surfaces reach the pipeline only through its public door
 * (src/pipeline/index.ts: the run API, the event contract, the fold). `npm run lint` runs this; `npm test` runs lint.
 */
const LAYERS = [
  ['base', '^src/(config|errors|faults|logger|retry-after|secrets)\\.ts$'],
  ['models', '^src/models/'],
  ['charts', '^src/render/charts/'],
  ['market', '^src/tools/(market|indicators)/'],
  ['tools', '^src/tools/'],
  ['events', '^src/pipeline/events/'],
  ['plan', '^src/pipeline/plan/'],
  ['route', '^src/pipeline/route/'],
  ['execute', '^src/pipeline/execute/'],
  ['synthesize', '^src/pipeline/synthesize/'],
  ['run', '^src/pipeline/(run/|index\\.ts$)'],
  ['store', '^src/store/'],
  ['views', '^src/render/views/'],
  // watchlists, digests, alerts (issue 17): uses the run API and market data; adapters call into it
  ['watch', '^src/watch/'],
  ['surface-shared', '^src/adapters/shared/'],
  // Distributed mode (Redis): run API, streams, queue worker; built by src/app/, never imported by surfaces.
  ['distributed', '^src/distributed/'],
  ['surfaces', '^src/adapters/'],
  ['app', '^src/app/'],
  ['entry', '^src/(index|cli)\\.ts$'],
];

// A path matches the first layer whose pattern it matches (so src/tools/market/ is "market", not "tools").
const above = (i) => LAYERS.slice(i + 1).map(([, p]) => p);
const layerRules = LAYERS.slice(0, -1).map(([name, pattern], i) => ({
  name: `layer-${name}`,
  severity: 'error',
  comment: `${name} may not import a layer above it (${LAYERS.slice(i + 1).map(([n]) => n).join(', ') || 'none'})`,
  from: { path: pattern, pathNot: LAYERS.slice(0, i).map(([, p]) => p) },
  to: { path: above(i), pathNot: LAYERS.slice(0, i + 1).map(([, p]) => p) },
}));

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'surfaces-use-the-run-api',
      severity: 'error',
      comment: 'Surfaces (adapters, CLI, views) use the pipeline only through src/pipeline/index.ts: the run API, events and the fold.',
      from: { path: ['^src/adapters/', '^src/cli\\.ts$', '^src/render/views/', '^src/watch/'] },
      to: { path: '^src/pipeline/', pathNot: '^src/pipeline/index\\.ts$' },
    },
    {
      name: 'surfaces-do-not-know-redis',
      severity: 'error',
      comment: 'Surfaces talk to the run API only; whether it is served from Redis is the composition root\'s business.',
      from: { path: ['^src/adapters/', '^src/cli\\.ts$', '^src/render/views/'] },
      to: { path: '^src/distributed/' },
    },
    {
      name: 'surfaces-are-independent',
      severity: 'error',
      comment: 'One surface never imports another (shared code lives in src/adapters/shared/).',
      from: { path: '^src/adapters/(http|slack|discord)/' },
      to: { path: '^src/adapters/(http|slack|discord)/', pathNot: ['^src/adapters/$1/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module depends on itself through others at run time (type-only cycles are erased by the compiler).',
      from: { path: '^src/' },
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'tests-and-benches-stay-out-of-src',
      severity: 'error',
      comment: 'src/ never imports test, bench or eval code.',
      from: { path: '^src/' },
      to: { path: '^(test|bench|eval)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^src/adapters/http/console/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    moduleSystems: ['es6'],
  },
};
