import type { Locator } from 'playwright-core';

/** A `datetime-local` value (the browser's and this process's local time) `minutes` from now. */
export function localInput(minutes: number): string {
  const d = new Date(Date.now() + minutes * 60_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Types the local date and time `minutes` from now into a DateTimeField: the date (ISO, always understood), then hh:mm. */
export async function fillDateTime(scope: Locator, label: string, minutes: number): Promise<void> {
  const value = localInput(minutes);
  await scope.getByLabel(label, { exact: true }).fill(value.slice(0, 10));
  await scope.getByLabel(`${label}: time`, { exact: true }).fill(value.slice(11));
}
