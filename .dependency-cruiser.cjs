/**
 * The import rules of docs/architecture.md, checked by `npm test` (npm run lint:deps).
 *
 * src/ is layered: a module may import modules of its own folder and of folders in LOWER
 * layers only. LAYERS lists the folders from the bottom up; folders on one line are peers and
 * may not import each other. A new folder must be added here (an unlisted folder fails the
 * `unlisted-folder` rule), which is where its place in the pipeline gets decided.
 */
const LAYERS = [
  ['errors.ts', 'reporter.ts', 'cache-root.ts', 'exit-cleanup.ts', 'format-size.ts'],
  ['input', 'runtime', 'onnx', 'metrics', 'output', 'store'],
  ['template', 'tokenize', 'similarity', 'model', 'architectures', 'lite'],
  ['pool', 'cache', 'safetensors', 'generate'],
  ['embed', 'convert'],
  ['quantize', 'hub', 'rerank', 'screen'],
  ['eval', 'sources', 'explain'],
  ['report'],
  ['commands'],
  ['cli'],
];

const escape = (name) => name.replace(/[.]/g, '\\.');
const pathOf = (name) => (name.endsWith('.ts') ? `^src/${escape(name)}$` : `^src/${escape(name)}/`);
const known = LAYERS.flat();

const layerRules = LAYERS.flatMap((layer, rank) =>
  layer.flatMap((name) => {
    const notBelow = LAYERS.slice(rank).flat().filter((other) => other !== name);
    if (notBelow.length === 0) return [];
    return {
      name: `layer-${name.replace(/\.ts$/, '')}`,
      comment: `src/${name} may import only its own folder and the layers below it (docs/architecture.md)`,
      severity: 'error',
      from: { path: pathOf(name) },
      to: { path: `(${notBelow.map(pathOf).join('|')})` },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'import cycles, type-only ones included: put the shared types in one place, make rendering depend on data, never back',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'unlisted-folder',
      comment: 'every folder and top-level module of src/ has a layer in .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: `(${known.map(pathOf).join('|')})` },
      to: {},
    },
    {
      name: 'only-session-imports-onnxruntime',
      comment: 'exactly one module imports onnxruntime-node: the session wrapper',
      severity: 'error',
      from: { pathNot: '^src/runtime/session\\.ts$' },
      to: { path: '^onnxruntime-node$|node_modules/onnxruntime-node/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'only-store-imports-postgres',
      comment: 'PostgreSQL (pg, pg-copy-streams) is reached only through src/store, behind its VectorStore interface',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/store/' },
      to: { path: '^(pg|pg-copy-streams)$|node_modules/(pg|pg-copy-streams|pg-[a-z-]+)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'src-is-the-product',
      comment: 'the shipped package never imports tests, benchmarks or scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'reachable-from-the-cli',
      comment: 'every src/ module is used by the product (the CLI); code only tests or benchmarks use belongs in test/support/',
      severity: 'error',
      from: { path: '^src/cli/main\\.ts$' },
      to: { path: '^src/', reachable: false },
    },
    {
      name: 'no-unresolvable',
      comment: 'an import that resolves to nothing',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    // TypeScript 7 has no JavaScript API for dependency-cruiser to parse with; swc parses TS.
    parser: 'swc',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], mainFields: ['module', 'main', 'types'] },
    exclude: { path: '^dist/' },
  },
};
