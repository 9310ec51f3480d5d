/**
 * A plain text table for people: a header row, then one row per item, columns padded to their
 * widest cell and separated by two spaces; trailing spaces trimmed. Widths count code points: every
 * glyph the CLI prints (✓ ✗ … ·) is one terminal column.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((header, column) =>
    Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell + ' '.repeat((widths[column] ?? 0) - width(cell)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

function width(text: string): number {
  return [...text].length;
}
