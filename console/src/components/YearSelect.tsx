import { useId } from 'react';

/** A labelled year selector; `allLabel` adds an "all years" choice whose value is `all`. */
export function YearSelect({
  years,
  value,
  onChange,
  allLabel,
  label = 'Year',
}: {
  years: number[];
  value: number | 'all' | null;
  onChange: (year: number | 'all') => void;
  allLabel?: string;
  label?: string;
}) {
  const id = useId();
  return (
    <label htmlFor={id}>
      {label}
      <select id={id} value={value ?? ''} onChange={(e) => onChange(e.target.value === 'all' ? 'all' : Number(e.target.value))}>
        {allLabel !== undefined ? <option value="all">{allLabel}</option> : null}
        {years.map((y) => (
          <option key={y} value={y}>
            {y}
          </option>
        ))}
      </select>
    </label>
  );
}
