// `$a[1,2]` and `$a[1,2] = v` on a multi-dimensional array, as PowerShell's binder does them
// (Binders.cs GetIndexMultiDimensionArray, ArrayOps.GetMDArrayValueOrSlice/SetMDArrayValue): an
// index of one number per dimension is one element; a list of such indexes (`$a[(0,0),(1,1)]`)
// slices; anything else is "You cannot index into a 2 dimensional array with index [0]."

import { toStringValue, convertTo } from '../values/convert.ts';
import { mdElementType, mdFlatIndex, needMultidimensionalIndex } from '../values/md-array.ts';
import { PSException } from '../error-record.ts';

type ToInt = (v: unknown) => number;

/** The index as one number per dimension, or null when it is not one (a list of lists). */
function intIndexes(index: unknown, toInt: ToInt): number[] | null {
  if (!Array.isArray(index) || index.some((x) => Array.isArray(x))) return null;
  return index.map(toInt);
}

function shown(index: unknown): string {
  return Array.isArray(index) ? index.map((x) => toStringValue(x, ',')).join(',') : toStringValue(index);
}

/** `$a[index]` for a multi-dimensional array `arr` of `lengths`. Out of bounds reads `$null`, and a
 *  slice leaves out-of-bounds indexes out, as outside strict mode. */
export function mdGetIndex(arr: unknown[], lengths: readonly number[], index: unknown, toInt: ToInt): unknown {
  const rank = lengths.length;
  if (!Array.isArray(index)) throw needMultidimensionalIndex(rank, shown(index));
  const one = intIndexes(index, toInt);
  if (one) {
    if (one.length !== rank) throw needMultidimensionalIndex(rank, shown(index));
    const flat = mdFlatIndex(lengths, one);
    return flat < 0 ? null : arr[flat];
  }
  const out: unknown[] = [];
  for (const each of index) {
    const ints = intIndexes(each, toInt);
    if (!ints || ints.length !== rank) throw needMultidimensionalIndex(rank, shown(each));
    const flat = mdFlatIndex(lengths, ints);
    if (flat >= 0) out.push(arr[flat]);
  }
  return out;
}

/** `$a[index] = value`: the value converted to the element type; out of bounds is .NET's error. */
export function mdSetIndex(arr: unknown[], lengths: readonly number[], index: unknown, value: unknown, toInt: ToInt): void {
  const ints = intIndexes(index, toInt);
  if (!ints || ints.length !== lengths.length) throw needMultidimensionalIndex(lengths.length, shown(index));
  const flat = mdFlatIndex(lengths, ints);
  if (flat < 0) throw new PSException('Index was outside the bounds of the array.', 'System.IndexOutOfRangeException');
  const elem = mdElementType(arr);
  arr[flat] = elem === 'System.Object' ? value : convertTo(value, elem);
}
