import type { Command } from 'commander';
import { evalRankingCommand } from '../commands/eval-ranking.js';
import { addEvalOutputOptions, cutoffList, evalFormat, type EvalOutputFlags } from './eval-options.js';
import { writeStdout } from './io.js';

interface EvalRankingFlags extends EvalOutputFlags {
  qrels: string;
  run: string;
  cutoffs?: number[];
  perQuery: boolean;
}

export function registerEvalRanking(evalGroup: Command): void {
  const command = evalGroup
    .command('ranking')
    .description('TalentCLEF ranking metrics (nDCG graded/binary, MAP, MRR, P@k, recall@k) of a TREC run against TREC qrels')
    .requiredOption('--qrels <file>', 'judgements: q_id 0 doc_id rel (whitespace separated, rel 0/1/2)')
    .requiredOption('--run <file>', 'system ranking: q_id Q0 doc_id rank score tag (ranked by score)')
    .option('--cutoffs <list>', 'cutoffs k for nDCG@k, P@k and recall@k (default: 5,10,100)', cutoffList)
    .option('--per-query', 'also list each query in the table (json always has them)', false);
  addEvalOutputOptions(command).action(async (flags: EvalRankingFlags) => {
    await evalRankingCommand({
      qrels: flags.qrels,
      run: flags.run,
      cutoffs: flags.cutoffs,
      gates: flags.min,
      perQuery: flags.perQuery,
      format: evalFormat(flags),
      output: flags.output,
      write: writeStdout,
    });
  });
}
