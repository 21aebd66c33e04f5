/**
 * Exact sums of the API's decimal strings for display totals (a month's tranches): scaled BigInt
 * arithmetic on the text, never a float. The API remains the source of every amount summed.
 */
export function sumDecimals(values: readonly (string | null | undefined)[], scale = 2): string {
  let total = 0n;
  for (const value of values) {
    if (value === null || value === undefined || value === '') {
      continue;
    }
    total += toScaled(value, scale);
  }
  return fromScaled(total, scale);
}

function toScaled(text: string, scale: number): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (m === null) {
    throw new Error(`not a decimal: ${text}`);
  }
  const fraction = m[3] ?? '';
  if (fraction.length > scale && /[1-9]/.test(fraction.slice(scale))) {
    throw new Error(`more than ${scale} decimals: ${text}`);
  }
  const digits = BigInt((m[2] ?? '0') + fraction.slice(0, scale).padEnd(scale, '0'));
  return m[1] === '-' ? -digits : digits;
}

function fromScaled(value: bigint, scale: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(scale + 1, '0');
  const body = scale > 0 ? `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}` : digits;
  return negative ? `-${body}` : body;
}

/** A decimal string's sign: -1, 0 or 1 (for colouring gains and losses). */
export function signOf(text: string): number {
  if (/^-/.test(text) && /[1-9]/.test(text)) {
    return -1;
  }
  return /[1-9]/.test(text) ? 1 : 0;
}
