/**
 * `resumator models info DIR|REPO`: resolve the model, describe it (src/model/model-info.ts),
 * render the description as text or JSON.
 */
import { describeModel, type ModelInfo } from '../model/model-info.js';
import { renderModelInfoJson, renderModelInfoText } from '../report/models-info.js';
import type { Reporter } from '../reporter.js';
import { resolveModel } from '../sources/resolve-model.js';

export type ModelsInfoFormat = 'text' | 'json';
export const MODELS_INFO_FORMATS: readonly ModelsInfoFormat[] = ['text', 'json'];

export interface ModelsInfoOptions {
  model: string;
  format: ModelsInfoFormat;
  /** Says so on stderr when a Hub id has to be pulled first. */
  reporter?: Reporter;
  write: (chunk: string) => void;
}

/**
 * Prints the model's description as text or JSON; returns it too.
 *
 * @example
 * await modelsInfoCommand({ model: 'fixtures/models/tiny-bert', format: 'json', write: (s) => process.stdout.write(s) });
 */
export async function modelsInfoCommand(options: ModelsInfoOptions): Promise<ModelInfo> {
  const info = await describeModel(await resolveModel(options.model, options.reporter === undefined ? {} : { reporter: options.reporter }));
  options.write(options.format === 'json' ? renderModelInfoJson(info) : renderModelInfoText(info));
  return info;
}

