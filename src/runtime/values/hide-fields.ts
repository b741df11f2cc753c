// Value classes keep their raw state in plain fields (`ticks`, `wall`) for speed, but scripts must
// only see the .NET-style getters (`Ticks`, `Day`). Making the fields non-enumerable hides them from
// member listing, formatting and Select-Object *, while TypeScript code keeps using them.

export function hideFields(obj: object, ...names: string[]): void {
  for (const n of names) Object.defineProperty(obj, n, { enumerable: false });
}
