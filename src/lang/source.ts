// Source text with its name, and offset → line/column mapping computed on demand by a binary search
// over line starts (as PowerShell's Position.cs does), so spans stay plain offsets everywhere else.

export interface LineCol {
  /** 1-based line. */
  line: number;
  /** 1-based column, in UTF-16 code units. */
  col: number;
}

export class Source {
  readonly text: string;
  /** File path as the user named it, or a label such as `<command>`, `<stdin>`, `<repl>`. */
  readonly name: string;
  #lineStarts: number[] | null = null;

  constructor(text: string, name = '<command>') {
    this.text = text;
    this.name = name;
  }

  get lineStarts(): number[] {
    if (this.#lineStarts === null) {
      const starts = [0];
      const t = this.text;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13 && t.charCodeAt(i + 1) !== 10) starts.push(i + 1);
      }
      this.#lineStarts = starts;
    }
    return this.#lineStarts;
  }

  lineCol(offset: number): LineCol {
    const starts = this.lineStarts;
    const off = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: off - starts[lo]! + 1 };
  }

  /** The text of a 1-based line without its line terminator. */
  lineText(line: number): string {
    const starts = this.lineStarts;
    const start = starts[line - 1] ?? this.text.length;
    const next = starts[line] ?? this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$|\r$/, '');
  }
}
