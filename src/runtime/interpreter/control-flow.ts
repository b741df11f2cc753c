// Non-local control flow as thrown signals: `break`/`continue` (with optional labels), `return`,
// `exit`, and the pipeline's StopUpstream. They are not errors: `try/catch` and `trap` let them pass,
// and `finally` still runs because they travel as ordinary JS exceptions.

export class BreakSignal {
  readonly label: string | null;
  constructor(label: string | null) {
    this.label = label;
  }
}

export class ContinueSignal {
  readonly label: string | null;
  constructor(label: string | null) {
    this.label = label;
  }
}

/** `return`: its value has already been written to the output when this is thrown. */
export class ReturnSignal {}

export class ExitSignal {
  readonly code: number;
  constructor(code: number) {
    this.code = code;
  }
}

/** Whether a loop labelled `loopLabel` handles a break/continue carrying `label`. */
export function labelMatches(label: string | null, loopLabel: string | null): boolean {
  return label === null || (loopLabel !== null && label.toLowerCase() === loopLabel.toLowerCase());
}

export function isControlFlow(e: unknown): boolean {
  return e instanceof BreakSignal || e instanceof ContinueSignal || e instanceof ReturnSignal || e instanceof ExitSignal;
}
