// What is wrong with the input as it stands, for the hint under the prompt: a real parse error
// (not merely an unfinished statement, which Enter continues) with its offset, so the prompt can
// draw a caret under the spot while the user is still typing; and whether it is unfinished, which
// is what Enter asks (answered here rather than by the Shell, which may still be loading).
import { parse, ParseError } from '../lang/index.ts';

export interface InputProblem {
  /** Offset in the input where the error is. */
  offset: number;
  message: string;
}

interface Outcome {
  problem: InputProblem | null;
  incomplete: boolean;
}

// The panel redraws several times a second during a job; the input rarely changes between them,
// and Enter asks about the text the last redraw checked.
let last: { text: string; outcome: Outcome } | null = null;

export function inputProblem(text: string): InputProblem | null {
  return outcome(text).problem;
}

export function isIncompleteInput(text: string): boolean {
  return outcome(text).incomplete;
}

function outcome(text: string): Outcome {
  if (last?.text !== text) last = { text, outcome: check(text) };
  return last.outcome;
}

function check(text: string): Outcome {
  // Also spares the first prompt from building the parser, the costliest thing the grammar does.
  if (!text.trim()) return { problem: null, incomplete: false };
  try {
    parse(text, '<repl>');
    return { problem: null, incomplete: false };
  } catch (e) {
    if (!(e instanceof ParseError)) return { problem: null, incomplete: false };
    if (e.incomplete) return { problem: null, incomplete: true };
    return { problem: { offset: Math.min(e.span.start, text.length), message: e.message.split('\n')[0]! }, incomplete: false };
  }
}
