/**
 * Dutch formatting of the API's decimal strings, done on the text (never through a float, so a
 * billion with cents stays exact): "1234567.5" → "€ 1.234.567,50", "-12" → "€ -12,00".
 */
export function formatMoney(text: string | null | undefined, options: { cents?: boolean } = {}): string {
  if (text === null || text === undefined || text === '') {
    return '—';
  }
  const body = formatDecimal(text, options.cents === false ? 0 : 2);
  return `€ ${body}`;
}

/** "1234.5" → "1.234,50" with `scale` decimals (rounded half away from zero on the text). */
export function formatDecimal(text: string, scale = 2): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (m === null) {
    return text;
  }
  const negative = m[1] === '-';
  let integer = m[2] ?? '0';
  let fraction = m[3] ?? '';
  if (fraction.length > scale) {
    const roundUp = Number(fraction[scale]) >= 5;
    fraction = fraction.slice(0, scale);
    if (roundUp) {
      const digits = (integer + fraction).split('').map(Number);
      let i = digits.length - 1;
      while (i >= 0) {
        const d = (digits[i] ?? 0) + 1;
        digits[i] = d % 10;
        if (d < 10) {
          break;
        }
        i -= 1;
      }
      let joined = digits.join('');
      if (i < 0) {
        joined = `1${joined}`;
      }
      integer = joined.slice(0, joined.length - scale) || '0';
      fraction = joined.slice(joined.length - scale);
    }
  }
  fraction = fraction.padEnd(scale, '0');
  integer = integer.replace(/^0+(?=\d)/, '');
  const grouped = integer.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const isZero = /^[0.]*$/.test(integer + fraction);
  const sign = negative && !isZero ? '-' : '';
  return scale > 0 ? `${sign}${grouped},${fraction}` : `${sign}${grouped}`;
}

/** A count: integers grouped ("12.345"), fractional person-years with two decimals. */
export function formatCount(text: string | number | null | undefined): string {
  if (text === null || text === undefined) {
    return '—';
  }
  const s = String(text);
  return s.includes('.') ? formatDecimal(s, 2) : formatDecimal(s, 0);
}

const dateFormat = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Amsterdam',
});

/** "2026-07-15" → "15 juli 2026"; an ISO timestamp → "24 nov 2026 17:05". */
export function formatDate(text: string | null | undefined): string {
  if (text === null || text === undefined || text === '') {
    return '—';
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    return dateFormat.format(new Date(`${text}T12:00:00Z`));
  }
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? text : dateTimeFormat.format(d);
}

/** Compares decimal strings numerically for sorting (exact for the sizes amounts have). */
export function compareDecimal(a: string | null | undefined, b: string | null | undefined): number {
  return Number(a ?? 0) - Number(b ?? 0);
}
