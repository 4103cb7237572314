/**
 * What fast-xml-parser does not check: every namespace prefix of an element or attribute must be
 * declared in scope. Real packages break this (the SDK's sample uses an undeclared `xlink:`).
 */
const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE[^>]*>|<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/g;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')/g;

/** The first undeclared prefix, described with its line, or null. */
export function findUndeclaredPrefix(xml: string): string | null {
  const scopes: Array<Set<string>> = [new Set(['xml', 'xmlns'])];
  for (const m of xml.matchAll(TOKEN)) {
    const [, closing, name, attrs = '', selfClosing] = m;
    if (!name) continue; // comment, CDATA, processing instruction
    if (closing) {
      scopes.pop();
      continue;
    }
    const declared = new Set(scopes.at(-1));
    const attrNames = [...attrs.matchAll(ATTR)].map((a) => a[1]!);
    for (const a of attrNames) if (a.startsWith('xmlns:')) declared.add(a.slice(6));
    for (const n of [name, ...attrNames.filter((a) => a !== 'xmlns' && !a.startsWith('xmlns:'))]) {
      const prefix = n.includes(':') ? n.slice(0, n.indexOf(':')) : null;
      if (prefix && !declared.has(prefix)) {
        const line = xml.slice(0, m.index).split('\n').length;
        return `line ${line}: the namespace prefix "${prefix}" of ${n === name ? `<${name}>` : `the attribute ${n} of <${name}>`} is not declared`;
      }
    }
    if (!selfClosing) scopes.push(declared);
  }
  return null;
}
