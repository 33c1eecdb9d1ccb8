/**
 * CSV output (spreadsheets): a cell from input must stay one cell and must never run as a
 * formula. Cells starting with `=`, `+`, `-`, `@` (or tab and carriage return, which some
 * spreadsheets skip before reading a formula) get a leading `'`, as OWASP advises; cells
 * with a comma, quote or line break are quoted.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
