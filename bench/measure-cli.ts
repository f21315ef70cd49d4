/**
 * Runs the real CLI entry point in this process and reports, on the last stderr line, the
 * wall time and peak RSS of the whole run (the parent benchmark cannot see a child's rusage).
 */
import { main } from '../src/cli/main.js';

const started = performance.now();
const code = await main(process.argv);
const wallMs = performance.now() - started;
process.stderr.write(`\n@@measure ${JSON.stringify({ code, wallMs, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
process.exitCode = code;
