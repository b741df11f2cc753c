// Output formatting as PowerShell 7 prints it: the Out-Default writer, the table and list
// renderers Format-Table/Format-List use, and the view registry engine types add their views to.

export { createOutputWriter, formatOutput, formatOutputSync, DEFAULT_WIDTH, type OutputWriter } from './output-writer.ts';
export { registerView, findView, type ViewDefinition, type ColumnSpec } from './view-registry.ts';
export { FormattedOutput } from './formatted-output.ts';
export { renderTable } from './table-renderer.ts';
export { renderList } from './list-renderer.ts';
export { cellText } from './cell-text.ts';
export { shapeOf, readProperty, propertyNames, isScalar } from './object-shape.ts';
