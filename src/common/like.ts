/**
 * Prisma's `contains` / `startsWith` become SQL LIKE patterns without escaping: a `%` or `_` typed
 * in a search box would match anything. Every text filter passes its text through `literal`.
 */
export const literal = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
