/**
 * The tensor data the graph builder holds (initializers, tensor attributes): its own module so
 * that the builder and the initializer storage both depend on it, never on each other.
 */

/** A tensor value: used for initializers and tensor attributes. */
export type TensorValue =
  | { type: 'float32'; data: Float32Array; dims: readonly number[] }
  | { type: 'int64'; data: BigInt64Array; dims: readonly number[] };
