import { Command, Option } from 'commander';
import { EMBED_FORMATS, embedCommand, type EmbedFormat } from '../commands/embed.js';
import { parseColumnOverrides, SCHEMAS } from '../input/columns.js';
import type { InputFormat, RecordKind } from '../input/types.js';
import { parseShard, type Shard } from '../input/shard.js';
import { addInputOptions, addModelOptions, cacheFile, type ModelFlags } from './shared-options.js';
import { addStoreOptions, storeSettings, type StoreFlags } from './store-options.js';
import { terminalReporter } from './terminal-reporter.js';
import { writeStdout } from './io.js';
import { outputFormat, type FormatChoice } from './output-format.js';

const EMBED_FORMAT_CHOICE: FormatChoice<EmbedFormat> = { formats: EMBED_FORMATS, extensions: { jsonl: 'jsonl', ndjson: 'jsonl', npy: 'npy' }, terminal: 'jsonl', pipe: 'jsonl' };

interface EmbedFlags extends ModelFlags, StoreFlags {
  shard?: Shard;
  kind: RecordKind;
  format?: EmbedFormat;
  output?: string;
  columns?: string;
  inputFormat?: InputFormat;
  blind: boolean;
}

export function registerEmbed(program: Command): void {
  const command = program
    .command('embed')
    .description('write the embedding of every record: JSON lines {id, embedding}, or a float32 .npy matrix with ids beside it')
    .argument('<file>', 'CSV, TSV, JSONL or JSON file of records ("-" for stdin)')
    .addOption(new Option('--kind <kind>', 'what the records are').choices(['candidate', 'job', 'text']).makeOptionMandatory())
    .addOption(new Option('-f, --format <format>', "output format (default: from --output's extension, .npy or .jsonl; else jsonl)").choices(EMBED_FORMATS))
    .option('-o, --output <file>', 'write here atomically (required for npy; ids go to <file without .npy>.ids.json)')
    .option('--columns <map>', 'column overrides, e.g. id=candidate_id,text=body')
    .option('--shard <i/n>', 'only the i-th of n shards (by a stable hash of the record id; see docs/scale.md), so n runners split a corpus', parseShard);
  addStoreOptions(addModelOptions(addInputOptions(command))).action(async (file: string, flags: EmbedFlags) => {
    await embedCommand({
      file,
      kind: flags.kind,
      model: flags.model,
      dim: flags.dim,
      batchSize: flags.batchSize,
      threads: flags.threads,
      cache: cacheFile(flags),
      format: outputFormat(flags.format, flags.output, EMBED_FORMAT_CHOICE),
      output: flags.output,
      blind: flags.blind,
      inputFormat: flags.inputFormat,
      columns: flags.columns === undefined ? undefined : parseColumnOverrides(flags.columns, SCHEMAS[flags.kind]),
      shard: flags.shard,
      store: storeSettings(flags),
      reporter: terminalReporter({ quiet: flags.quiet }),
      write: writeStdout,
    });
  });
}
