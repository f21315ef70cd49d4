import { InvalidArgumentError, type Command } from 'commander';
import { evalRerankCommand } from '../commands/eval-rerank.js';
import { addEvalOutputOptions, cutoffList, evalFormat, type EvalOutputFlags } from './eval-options.js';
import { addRerankModelOptions, rerankModelOptions, type RerankModelFlags } from './rerank-options.js';
import { writeStdout } from './io.js';

interface EvalRerankFlags extends EvalOutputFlags, RerankModelFlags {
  queries: string;
  skills: string;
  qrels: string;
  alphaSweep?: number[];
  cutoffs?: number[];
}

/** `0,0.1,0.5,1`: numbers in [0, 1]. */
function alphaList(value: string): number[] {
  const alphas = value.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (alphas.some((a) => !(a >= 0 && a <= 1))) throw new InvalidArgumentError('must be a comma-separated list of numbers between 0 and 1, e.g. 0,0.1,0.2,...,1 written out.');
  return alphas;
}

export function registerEvalRerank(evalGroup: Command): void {
  const command = evalGroup
    .command('rerank')
    .description('run the rerank pipeline over queries and report ranking metrics for stage 1 alone and for the blend, side by side')
    .requiredOption('--queries <file>', 'job titles (TalentCLEF queries: q_id, jobtitle)')
    .requiredOption('--skills <file>', 'skills corpus (TalentCLEF corpus_elements, ESCO skills_en.csv, or id,name[,aliases])')
    .requiredOption('--qrels <file>', 'judgements: q_id 0 skill_id rel (restricted to the queries given)');
  addRerankModelOptions(command, '--queries')
    .option('--alpha-sweep <list>', 'also report the metrics at each alpha (needs --reranker), e.g. 0,0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1', alphaList)
    .option('--cutoffs <list>', 'cutoffs k for nDCG@k, P@k and recall@k (default: 5,10,100)', cutoffList);
  addEvalOutputOptions(command).action(async (flags: EvalRerankFlags) => {
    await evalRerankCommand({
      ...rerankModelOptions(flags),
      queries: flags.queries,
      skills: flags.skills,
      qrels: flags.qrels,
      alphaSweep: flags.alphaSweep,
      cutoffs: flags.cutoffs,
      gates: flags.min,
      format: evalFormat(flags),
      output: flags.output,
      write: writeStdout,
    });
  });
}
