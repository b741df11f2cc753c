// .NET's List<T>.Sort (ArraySortHelper's introsort), step for step. Sort-Object without -Stable,
// -Top or -Bottom sorts with it in PowerShell, and it is not stable: items with equal keys come out
// in the order this algorithm leaves them ('smith' sorted descending after 'smyth' keeps the later
// 'smith' first among three items), which scripts can see with -Unique or with ties.

type Compare<T> = (a: T, b: T) => number;

const INTROSORT_SIZE_THRESHOLD = 16;

export function introSort<T>(keys: T[], compare: Compare<T>): void {
  if (keys.length > 1) sortRange(keys, 0, keys.length, 2 * (Math.floor(Math.log2(keys.length)) + 1), compare);
}

/** Sorts keys[lo, lo + size). */
function sortRange<T>(keys: T[], lo: number, size: number, depthLimit: number, compare: Compare<T>): void {
  let partitionSize = size;
  while (partitionSize > 1) {
    if (partitionSize <= INTROSORT_SIZE_THRESHOLD) {
      if (partitionSize === 2) {
        swapIfGreater(keys, compare, lo, lo + 1);
        return;
      }
      if (partitionSize === 3) {
        swapIfGreater(keys, compare, lo, lo + 1);
        swapIfGreater(keys, compare, lo, lo + 2);
        swapIfGreater(keys, compare, lo + 1, lo + 2);
        return;
      }
      insertionSort(keys, lo, partitionSize, compare);
      return;
    }
    if (depthLimit === 0) {
      heapSort(keys, lo, partitionSize, compare);
      return;
    }
    depthLimit--;
    const p = pickPivotAndPartition(keys, lo, partitionSize, compare);
    sortRange(keys, lo + p + 1, partitionSize - (p + 1), depthLimit, compare);
    partitionSize = p;
  }
}

function swap<T>(keys: T[], i: number, j: number): void {
  const t = keys[i];
  keys[i] = keys[j];
  keys[j] = t;
}

function swapIfGreater<T>(keys: T[], compare: Compare<T>, i: number, j: number): void {
  if (compare(keys[i], keys[j]) > 0) swap(keys, i, j);
}

function pickPivotAndPartition<T>(keys: T[], lo: number, size: number, compare: Compare<T>): number {
  const hi = size - 1;
  const middle = hi >> 1;
  swapIfGreater(keys, compare, lo, lo + middle);
  swapIfGreater(keys, compare, lo, lo + hi);
  swapIfGreater(keys, compare, lo + middle, lo + hi);
  const pivot = keys[lo + middle];
  swap(keys, lo + middle, lo + hi - 1);
  let left = 0;
  let right = hi - 1;
  while (left < right) {
    while (compare(keys[lo + ++left], pivot) < 0);
    while (compare(pivot, keys[lo + --right]) < 0);
    if (left >= right) break;
    swap(keys, lo + left, lo + right);
  }
  if (left !== hi - 1) swap(keys, lo + left, lo + hi - 1);
  return left;
}

function heapSort<T>(keys: T[], lo: number, n: number, compare: Compare<T>): void {
  for (let i = n >> 1; i >= 1; i--) downHeap(keys, lo, i, n, compare);
  for (let i = n; i > 1; i--) {
    swap(keys, lo, lo + i - 1);
    downHeap(keys, lo, 1, i - 1, compare);
  }
}

function downHeap<T>(keys: T[], lo: number, i: number, n: number, compare: Compare<T>): void {
  const d = keys[lo + i - 1];
  while (i <= n >> 1) {
    let child = 2 * i;
    if (child < n && compare(keys[lo + child - 1], keys[lo + child]) < 0) child++;
    if (!(compare(d, keys[lo + child - 1]) < 0)) break;
    keys[lo + i - 1] = keys[lo + child - 1];
    i = child;
  }
  keys[lo + i - 1] = d;
}

function insertionSort<T>(keys: T[], lo: number, size: number, compare: Compare<T>): void {
  for (let i = 0; i < size - 1; i++) {
    const t = keys[lo + i + 1];
    let j = i;
    while (j >= 0 && compare(t, keys[lo + j]) < 0) {
      keys[lo + j + 1] = keys[lo + j];
      j--;
    }
    keys[lo + j + 1] = t;
  }
}
