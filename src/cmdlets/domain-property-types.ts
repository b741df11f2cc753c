// The .NET types the domain objects' numeric properties have, for Get-Member: byte counts,
// offsets and speeds are Int64 (`long`), as in the product's object model, where a disk or a
// session's traffic passes 2 GB; counts of things stay `int`.
import { declarePropertyTypes } from '../runtime/members/declared-property-types.ts';

const long = (...names: string[]) => Object.fromEntries(names.map((n) => [n, 'long']));

export function registerDomainPropertyTypes(): void {
  declarePropertyTypes('Vbrs.VirtualDisk', long('Size'));
  declarePropertyTypes('Vbrs.Session', long('ReadBytes', 'TransferredBytes'));
  declarePropertyTypes('Vbrs.TaskSession', long('ReadBytes', 'TransferredBytes', 'TotalBytes', 'Speed'));
  declarePropertyTypes('Vbrs.RestorePoint', long('Size'));
  declarePropertyTypes('Vbrs.RestoreResult', long('ImageBytes', 'WrittenBytes'));
  declarePropertyTypes('Vbrs.WorkloadResult', long('BytesWritten'));
  declarePropertyTypes('Vbrs.Lab', long('DataWritten'));
  declarePropertyTypes('Vbrs.ImageComparison', long('DifferentBytes', 'FirstDifference', 'ExcludedBytes'));
}
