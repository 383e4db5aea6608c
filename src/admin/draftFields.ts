/** A stored number as the form's text ('' for none). */
export const textOf = (n: number | undefined): string => (n === undefined ? '' : String(n));

/** Typed text back to the schema: blank is "not set" (the schema's default or no rule), anything else a number ("abc" is NaN and gets the schema's sentence). */
export const numberOf = (s: string): number | undefined => (s.trim() === '' ? undefined : Number(s.trim()));
