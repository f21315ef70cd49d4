/**
 * Regenerates the tiny-bert test fixture (random weights, fixed seed).
 *
 * Usage: node dist/scripts/build-fixture-model.js [output-dir]   (default fixtures/models/tiny-bert)
 */
import { TINY_FIXTURE_DIR, writeTinyFixture } from '../test/support/fixtures/tiny-fixture.js';

const outDir = process.argv[2] ?? TINY_FIXTURE_DIR;
const written = await writeTinyFixture(outDir);
console.log(`wrote ${written.length} files to ${outDir}: ${written.join(', ')}`);
