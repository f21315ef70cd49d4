/**
 * `resumator eval …`: measure a model or any system on labelled data, with CI gates. Each
 * subcommand lives in its own module and registers itself here.
 */
import type { Command } from 'commander';
import { registerEvalRanking } from './eval-ranking-command.js';

export function registerEval(program: Command): void {
  const evalGroup = program
    .command('eval')
    .description('quality metrics on labelled data: pairs (Spearman, ranking accuracy), ranking (nDCG, MAP), classify (precision/recall); --min gates for CI');
  registerEvalRanking(evalGroup);
  for (const command of evalGroup.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
}
