/**
 * What a package must be before it is read (saxes, a strict namespace-aware XML parser, does the
 * checking): well-formed XML with every prefix bound, no DOCTYPE or entity declarations, and the
 * `edXML:` prefix bound to the package's own namespace wherever it appears. A truncated package
 * is named by the line where it ends and the elements left open. A package wrapped in a SOAP
 * envelope (as some agency systems send it) is unwrapped: its exact text is returned.
 */
import { SaxesParser } from 'saxes';
import { EDXML_NS, EDXML_OLD_NS } from './edxml.types.js';

const SOAP = new Set(['http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope']);

export type Scan = { ok: true; xml: string; soap: boolean } | { ok: false; problem: string };

interface Tag {
  name: string;
  local: string;
  prefix: string;
  uri: string;
  attributes: Record<string, { prefix: string; uri: string; local: string }>;
}

function scan(xml: string): { problem?: string; root?: Tag; open: string[]; inner?: { start: number; end: number } | { text: string } } {
  const sax = new SaxesParser({ xmlns: true, position: true });
  const open: string[] = [];
  const errors: string[] = [];
  let root: Tag | undefined;
  let bodyDepth = -1;
  let inner: { start: number; end: number } | { text: string } | undefined;
  let innerStart = -1;
  let innerDepth = -1;
  let bodyText = '';
  sax.on('error', (e) => void errors.push(e.message));
  sax.on('doctype', () => void errors.push(`${sax.line}:${sax.column}: a DOCTYPE (and the entities it could declare) is not accepted`));
  sax.on('opentag', (raw) => {
    const t = raw as unknown as Tag;
    root ??= t;
    // in a package, edXML: means the package's own namespace everywhere (the root's)
    const expected = root.local === 'edXML' && (root.uri === EDXML_NS || root.uri === EDXML_OLD_NS) ? root.uri : null;
    for (const [q, a] of [[t.name, t], ...Object.entries(t.attributes)] as Array<[string, { prefix: string; uri: string }]>) {
      if (expected && a.prefix === 'edXML' && a.uri !== expected) errors.push(`${sax.line}:${sax.column}: the prefix edXML of <${q}> is bound to "${a.uri}", not to the package's namespace ${expected}`);
    }
    if (t.local === 'Body' && SOAP.has(t.uri) && bodyDepth < 0) bodyDepth = open.length;
    if (bodyDepth >= 0 && innerStart < 0 && t.local === 'edXML') {
      innerStart = xml.lastIndexOf(`<${t.name}`, sax.position);
      innerDepth = open.length;
    }
    open.push(t.name);
  });
  sax.on('text', (text) => {
    if (bodyDepth >= 0 && innerStart < 0) bodyText += text;
  });
  sax.on('cdata', (text) => {
    if (bodyDepth >= 0 && innerStart < 0) bodyText += text;
  });
  sax.on('closetag', () => {
    open.pop();
    if (innerStart >= 0 && open.length === innerDepth && !inner) inner = { start: innerStart, end: xml.indexOf('>', xml.lastIndexOf('</', sax.position - 1)) + 1 };
    if (bodyDepth >= 0 && open.length === bodyDepth && !inner && bodyText.trim().startsWith('<')) inner = { text: bodyText.trim() };
  });
  sax.write(xml).close();
  const unclosed = errors.find((e) => /unclosed tag/.test(e));
  if (unclosed && open.length) {
    const line = unclosed.split(':')[0];
    return { problem: `line ${line}: the package ends inside <${open.at(-1)}> (open: ${open.map((o) => `<${o}>`).join(' > ')}): it is truncated`, open };
  }
  if (errors.length) {
    const [line, column, ...rest] = errors[0]!.split(':');
    return { problem: /^\d+$/.test(line ?? '') ? `line ${line}, column ${column}:${rest.join(':')}` : errors[0]!, open };
  }
  return { root, open, inner };
}

/** The edXML package to read (unwrapped from SOAP when it came in an envelope), or the problem. */
export function checkPackage(input: string): Scan {
  const first = scan(input);
  if (first.problem) return { ok: false, problem: first.problem };
  if (!first.root || !SOAP.has(first.root.uri) || first.root.local !== 'Envelope') return { ok: true, xml: input, soap: false };
  if (!first.inner) return { ok: false, problem: 'a SOAP envelope without an edXML package in its Body' };
  const xml = 'text' in first.inner ? first.inner.text : input.slice(first.inner.start, first.inner.end);
  const second = scan(xml);
  if (second.problem) return { ok: false, problem: `in the SOAP Body: ${second.problem}` };
  return { ok: true, xml, soap: true };
}
