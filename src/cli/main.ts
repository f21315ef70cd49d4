/**
 * The commander layer: translates flags into typed options and calls the commands. It holds
 * the one top-level error handler that turns typed errors into a message and an exit code.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { OutputClosedError, ResumatorError } from '../errors.js';
import { setRuntimeLogLevel } from '../runtime/session.js';
import { registerCache } from './cache-command.js';
import { registerEmbed } from './embed-command.js';
import { registerEval } from './eval-command.js';
import { registerFormat } from './format-command.js';
import { guardStandardStreams } from './io.js';
import { registerModels } from './models-command.js';
import { registerRerank } from './rerank-command.js';
import { registerScore } from './score-command.js';
import { registerScreen } from './screen-command.js';
import { registerStore } from './store-command.js';

const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('resumator')
    .description('Score resumes against jobs with sentence-transformer models on onnxruntime (offline, CI-friendly).')
    .version(pkg.version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortOptions: false });
  registerScore(program);
  registerFormat(program);
  registerEmbed(program);
  registerModels(program);
  registerRerank(program);
  registerScreen(program);
  registerEval(program);
  registerCache(program);
  registerStore(program);
  for (const command of program.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
  // -q silences onnxruntime too; otherwise only its errors reach stderr.
  program.hook('preAction', (_program, action) => setRuntimeLogLevel(action.opts()['quiet'] === true ? 'fatal' : 'error'));
  return program;
}

/**
 * Runs the CLI and returns the exit code: 0 success, 1 a CI gate failed, 2 usage/input/model error.
 */
export async function main(argv: readonly string[]): Promise<number> {
  guardStandardStreams();
  try {
    await buildProgram().parseAsync([...argv]);
    return 0;
  } catch (err) {
    return handleError(err);
  }
}

function handleError(err: unknown): number {
  if (err instanceof CommanderError) {
    // commander already printed its message (and the valid choices); --help/--version exit 0.
    return err.exitCode === 0 ? 0 : 2;
  }
  // The reader went away (`| head`): the run is over, not failed.
  if (err instanceof OutputClosedError) return 0;
  if (err instanceof ResumatorError) {
    process.stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`error: unexpected failure (please report it): ${detail}\n`);
  return 2;
}
