// Which block discovery is filling in, per session: `Describe`, `It` and `BeforeAll` called while a
// test file is being discovered add to the innermost open block. Outside discovery there is none,
// which is how `Describe` knows it was run straight from a script rather than by Invoke-Pester.
import type { Session } from '../interpreter/session.ts';
import type { TestBlock } from './test-tree.ts';

const open = new WeakMap<Session, TestBlock[]>();

export function currentBlock(session: Session): TestBlock | null {
  const stack = open.get(session);
  return stack && stack.length ? stack[stack.length - 1]! : null;
}

/** Runs `fn` with `block` as the block new items go into. */
export async function withOpenBlock<T>(session: Session, block: TestBlock, fn: () => Promise<T>): Promise<T> {
  let stack = open.get(session);
  if (!stack) open.set(session, (stack = []));
  stack.push(block);
  try {
    return await fn();
  } finally {
    stack.pop();
  }
}

/** While tests run, nothing is being discovered: an `It` inside a `BeforeAll` is an error. */
export async function withoutOpenBlock<T>(session: Session, fn: () => Promise<T>): Promise<T> {
  const saved = open.get(session);
  open.set(session, []);
  try {
    return await fn();
  } finally {
    if (saved) open.set(session, saved);
    else open.delete(session);
  }
}
