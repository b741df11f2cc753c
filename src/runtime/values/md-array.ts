// Multi-dimensional arrays (`[int[,]]`, `New-Object 'int[,]' 2,3`). Such an array is a flat JS array
// in row-major order — the order .NET enumerates it in, so the pipeline, `foreach`, `.Length` (the
// total) and display (one element per line) need nothing special — plus its lengths per dimension,
// kept here. Only element access differs: `$a[1,2]` is one element (ArrayOps.GetMDArrayValue), not
// a slice, and a single index is an error.

import { markArrayType, arrayTypeName } from './type-names.ts';
import { PSException } from '../error-record.ts';

const dimensions = new WeakMap<unknown[], readonly number[]>();

/** `System.Int32[,]` → `System.Int32` and rank 2; null for a name that is no multi-dimensional array. */
export function mdArrayType(full: string): { element: string; rank: number } | null {
  const m = /^(.+)\[(,+)\]$/.exec(full);
  return m ? { element: m[1]!, rank: m[2]!.length + 1 } : null;
}

/** A new array of `lengths` (one per dimension) holding `fill` in every element. */
export function makeMDArray(element: string, lengths: readonly number[], fill: unknown): unknown[] {
  let total = 1;
  for (const n of lengths) {
    if (!Number.isInteger(n) || n < 0) throw new PSException('Arithmetic operation resulted in an overflow.', 'System.OverflowException');
    total *= n;
  }
  if (total > 50_000_000) throw new PSException('Array dimensions exceeded supported range.', 'System.OutOfMemoryException');
  const arr = markArrayType(new Array<unknown>(total).fill(fill), `${element}[${','.repeat(lengths.length - 1)}]`);
  dimensions.set(arr, [...lengths]);
  return arr;
}

/** The lengths per dimension of a multi-dimensional array; undefined for any other value. */
export function mdLengths(v: unknown): readonly number[] | undefined {
  return Array.isArray(v) ? dimensions.get(v) : undefined;
}

/** The element type of a multi-dimensional array (`System.Int32` for `int[,]`). */
export function mdElementType(arr: unknown[]): string {
  return mdArrayType(arrayTypeName(arr))?.element ?? 'System.Object';
}

/** A copy with the same shape and type (`.Clone()`, a cast to another element type). */
export function copyMDArray(arr: unknown[], element: string, convert: (v: unknown) => unknown): unknown[] {
  const lengths = dimensions.get(arr)!;
  const out = makeMDArray(element, lengths, null);
  for (let i = 0; i < arr.length; i++) out[i] = convert(arr[i]);
  return out;
}

/** `You cannot index into a 2 dimensional array with index [0].` (ParserStrings.NeedMultidimensionalIndex;
 *  the index is shown joined with commas and cut at 20 characters, as ArrayOps.IndexStringMessage does). */
export function needMultidimensionalIndex(rank: number, shown: string): PSException {
  const text = shown.length > 20 ? shown.slice(0, 20) + ' ...' : shown;
  return new PSException(`You cannot index into a ${rank} dimensional array with index [${text}].`, 'System.Management.Automation.RuntimeException');
}

/** The flat position of `indexes` (one per dimension; a negative one counts from that dimension's
 *  end, as GetMDArrayValue does), or -1 when one is out of its bounds. */
export function mdFlatIndex(lengths: readonly number[], indexes: readonly number[]): number {
  let flat = 0;
  for (let d = 0; d < lengths.length; d++) {
    const n = lengths[d]!;
    let i = indexes[d]!;
    if (i < 0) i += n;
    if (i < 0 || i >= n) return -1;
    flat = flat * n + i;
  }
  return flat;
}
