/**
 * The converter the CLI hands to pulls. It is the one place that binds the pull pipeline to the
 * safetensors-to-ONNX converter (src/convert, `convertCheckpoint`), so wiring it is one line.
 */
import { ModelError } from '../errors.js';
import type { ConvertFn } from './pull-model.js';

export const defaultConvert: ConvertFn = async (srcDir) => {
  throw new ModelError(
    'this repo publishes no ONNX export (onnx/model.onnx) and this build of resumator has no safetensors converter; the downloaded checkpoint is kept',
    srcDir,
  );
};
