/**
 * Regenerates the tiny-cross-encoder test fixture (random weights, fixed seed).
 *
 * Usage: node dist/scripts/build-cross-encoder-fixture.js [output-dir]   (default fixtures/models/tiny-cross-encoder)
 */
import { TINY_CROSS_ENCODER_DIR, writeCrossEncoderFixture } from '../test/support/fixtures/tiny-cross-encoder.js';

const outDir = process.argv[2] ?? TINY_CROSS_ENCODER_DIR;
const written = await writeCrossEncoderFixture(outDir);
console.log(`wrote ${written.length} files to ${outDir}: ${written.join(', ')}`);
