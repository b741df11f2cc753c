// The shape shared by cmdlets that must see their whole input before they can answer (Out-String,
// ConvertTo-Json, Out-File …): gather each pipeline item (or -InputObject), then run `end` once.
import type { BoundParameters, CmdletInstance } from '../cmdlet.ts';
import { inputOf } from './property-selector.ts';

export function collectInput(params: BoundParameters, end: (items: unknown[]) => Promise<void>): CmdletInstance {
  const items: unknown[] = [];
  return {
    async process(input) {
      const item = inputOf(input, params);
      if (item !== undefined) items.push(item);
    },
    end: () => end(items),
  };
}
