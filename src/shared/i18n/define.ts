/**
 * One feature's strings in all three languages. English fixes the keys;
 * Swedish and Danish must have exactly the same ones (a missing or extra key is a type error).
 */
export function defineMessages<const E extends Record<string, string>>(messages: {
  en: E;
  sv: Record<keyof E, string>;
  da: Record<keyof E, string>;
}) {
  return messages;
}
