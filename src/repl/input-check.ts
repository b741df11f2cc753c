// What is wrong with the input as it stands, for the hint under the prompt: a real parse error
// (not merely an unfinished statement, which Enter continues) with its offset, so the prompt can
// draw a caret under the spot while the user is still typing.
import { parse, ParseError } from '../lang/index.ts';

export interface InputProblem {
  /** Offset in the input where the error is. */
  offset: number;
  message: string;
}

// The panel redraws several times a second during a job; the input rarely changes between them.
let last: { text: string; problem: InputProblem | null } | null = null;

export function inputProblem(text: string): InputProblem | null {
  if (last?.text === text) return last.problem;
  const problem = check(text);
  last = { text, problem };
  return problem;
}

function check(text: string): InputProblem | null {
  if (!text.trim()) return null;
  try {
    parse(text, '<repl>');
    return null;
  } catch (e) {
    if (!(e instanceof ParseError) || e.incomplete) return null;
    return { offset: Math.min(e.span.start, text.length), message: e.message.split('\n')[0]! };
  }
}
