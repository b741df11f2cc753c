// The engine's progress stream. Every operation that takes time emits `{ sessionId?, kind, … }`
// events here; the REPL and Write-Progress-style output subscribe. No console output in the engine.

import { EventEmitter } from 'node:events';

export interface EngineEvent {
  kind: string;
  sessionId?: string | number;
  [key: string]: unknown;
}

export class EngineEvents extends EventEmitter<{ event: [EngineEvent] }> {
  emitEvent(event: EngineEvent): void {
    this.emit('event', event);
  }
}
