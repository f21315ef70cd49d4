import { Command, Option } from 'commander';
import { formatCommand } from '../commands/format.js';
import { parseColumnOverrides, SCHEMAS } from '../input/columns.js';
import type { InputFormat, RecordKind } from '../input/types.js';
import { addInputOptions } from './shared-options.js';
import { writeStdout } from './io.js';

export function registerFormat(program: Command): void {
  const command = program
    .command('format')
    .description('print the exact text each record would be embedded as (one JSON string per line)')
    .argument('<file>', 'CSV, TSV, JSONL or JSON file of records ("-" for stdin)')
    .addOption(new Option('--kind <kind>', 'what the records are').choices(['candidate', 'job', 'text']).makeOptionMandatory())
    .option('--columns <map>', 'column overrides, e.g. name=full_name,resume=cv_text');
  addInputOptions(command).action(async (file: string, flags: { kind: RecordKind; columns?: string; inputFormat?: InputFormat; blind: boolean }) => {
    await formatCommand({
      file,
      kind: flags.kind,
      blind: flags.blind,
      inputFormat: flags.inputFormat,
      columns: flags.columns === undefined ? undefined : parseColumnOverrides(flags.columns, SCHEMAS[flags.kind]),
      write: writeStdout,
    });
  });
}
