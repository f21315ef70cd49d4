/**
 * `resumator eval …`: measure a model or any system on labelled data, with CI gates. Each
 * subcommand lives in its own module and registers itself here.
 */
import type { Command } from 'commander';
import { registerEvalClassify } from './eval-classify-command.js';
import { registerEvalPairs } from './eval-pairs-command.js';
import { registerEvalRanking } from './eval-ranking-command.js';
import { registerEvalRerank } from './eval-rerank-command.js';

export function registerEval(program: Command): void {
  const evalGroup = program
    .command('eval')
    .description('quality metrics on labelled data: pairs (Spearman, ranking accuracy), ranking (nDCG, MAP), classify (precision/recall), rerank (stage 1 vs blend); --min gates for CI');
  registerEvalPairs(evalGroup);
  registerEvalRanking(evalGroup);
  registerEvalClassify(evalGroup);
  registerEvalRerank(evalGroup);
  for (const command of evalGroup.commands) command.exitOverride().showHelpAfterError('(run with --help for usage)');
}
