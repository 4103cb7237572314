/**
 * What a package must be before it is read (saxes, a strict namespace-aware XML parser, does the
 * checking): well-formed XML with every prefix bound, no DOCTYPE or entity declarations, every
 * element in the package's own namespace (or XML-DSig's, for signatures), the `edXML:` prefix
 * bound to that namespace wherever it appears, one AttachmentEncoded block. A truncated package
 * is named by the line where it ends and the elements left open. A package wrapped in a SOAP
 * envelope (as some agency systems send it) is unwrapped: its exact text is returned, with the
 * namespace declarations it borrowed from the envelope.
 */
import { SaxesParser } from 'saxes';
import { EDXML_NS, EDXML_OLD_NS } from './edxml.types.js';

const SOAP = new Set(['http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope']);
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';
const EDXML = new Set([EDXML_NS, EDXML_OLD_NS]);

export type Scan = { ok: true; xml: string; soap: boolean; namespace: string } | { ok: false; problem: string };

interface Tag {
  name: string;
  local: string;
  prefix: string;
  uri: string;
  attributes: Record<string, { name: string; prefix: string; uri: string; local: string; value: string }>;
}

interface Found {
  problem?: string;
  root?: Tag;
  /** the packages in a SOAP Body: their text positions (or text content) and the declarations in scope */
  inner: Array<{ start: number; end: number; scope: Map<string, string>; used: Set<string> } | { text: string }>;
}

/** A bare `&` (not a reference) outside CDATA and comments: saxes would read the rest of the package as an entity name. */
function bareAmpersand(xml: string): string | null {
  const skipped = [...xml.matchAll(/<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g)].map(
    (m) => [m.index, m.index + m[0].length] as const,
  );
  for (const m of xml.matchAll(/&(?!#\d+;|#x[0-9a-fA-F]+;|[A-Za-z_][\w.-]*;)/g)) {
    if (skipped.some(([a, b]) => m.index >= a && m.index < b)) continue;
    const before = xml.slice(0, m.index);
    const line = before.split('\n').length;
    return `line ${line}, column ${m.index - before.lastIndexOf('\n')}: a bare "&" (write &amp;)`;
  }
  return null;
}

function scan(xml: string): Found {
  const ampersand = bareAmpersand(xml);
  if (ampersand) return { problem: ampersand, inner: [] };
  const sax = new SaxesParser({ xmlns: true, position: true });
  const open: Tag[] = [];
  const scopes: Array<Map<string, string>> = [new Map()];
  const errors: string[] = [];
  const inner: Found['inner'] = [];
  let root: Tag | undefined;
  let bodyDepth = -1;
  let innerStart = -1;
  let innerDepth = -1;
  let innerScope = new Map<string, string>();
  let used = new Set<string>();
  let bodyText = '';
  let attachmentBlocks = 0;
  let dsigDepth = -1;
  const at = () => `${sax.line}:${sax.column}`;
  sax.on('error', (e) => void errors.push(e.message));
  sax.on('doctype', () => void errors.push(`${at()}: a DOCTYPE (and the entities it could declare) is not accepted`));
  sax.on('opentag', (raw) => {
    const t = raw as unknown as Tag;
    root ??= t;
    const scope = new Map(scopes.at(-1));
    for (const a of Object.values(t.attributes))
      if (a.prefix === 'xmlns' || a.name === 'xmlns') scope.set(a.prefix === 'xmlns' ? a.local : '', a.value);
    // inside a package: its own namespace everywhere (signatures aside), edXML: bound to it
    const pkg = root.local === 'edXML' && EDXML.has(root.uri) ? root.uri : null;
    if (pkg) {
      if (t.uri === DSIG && dsigDepth < 0) dsigDepth = open.length;
      if (dsigDepth < 0 && t.uri !== pkg)
        errors.push(
          `${at()}: the element <${t.name}> is in the namespace "${t.uri || '(none)'}", not the package's ${pkg}`,
        );
      for (const a of Object.values(t.attributes)) {
        if (a.prefix === 'edXML' && a.uri !== pkg)
          errors.push(
            `${at()}: the prefix edXML of the attribute ${a.name} is bound to "${a.uri}", not to the package's namespace ${pkg}`,
          );
      }
      if (t.prefix === 'edXML' && t.uri !== pkg)
        errors.push(
          `${at()}: the prefix edXML of <${t.name}> is bound to "${t.uri}", not to the package's namespace ${pkg}`,
        );
      if (t.local === 'AttachmentEncoded' && ++attachmentBlocks > 1)
        errors.push(`${at()}: a second AttachmentEncoded block (a package carries its attachments in one)`);
    }
    if (t.local === 'Body' && SOAP.has(t.uri) && bodyDepth < 0) bodyDepth = open.length;
    if (bodyDepth >= 0 && innerStart < 0 && t.local === 'edXML' && EDXML.has(t.uri)) {
      innerStart = xml.lastIndexOf(`<${t.name}`, sax.position);
      innerDepth = open.length;
      innerScope = scopes.at(-1)!;
      used = new Set();
    }
    // the prefixes a package uses (declared in it or borrowed from the envelope)
    if (innerStart >= 0)
      for (const p of [
        t.prefix,
        ...Object.values(t.attributes)
          .filter((a) => a.prefix && a.prefix !== 'xmlns')
          .map((a) => a.prefix),
      ])
        used.add(p);
    open.push(t);
    scopes.push(scope);
  });
  const collect = (text: string) => {
    if (bodyDepth >= 0 && innerStart < 0) bodyText += text;
  };
  sax.on('text', collect);
  sax.on('cdata', collect);
  sax.on('closetag', () => {
    open.pop();
    scopes.pop();
    if (dsigDepth >= 0 && open.length === dsigDepth) dsigDepth = -1;
    if (innerStart >= 0 && open.length === innerDepth) {
      inner.push({
        start: innerStart,
        end: xml.indexOf('>', xml.lastIndexOf('</', sax.position - 1)) + 1,
        scope: innerScope,
        used,
      });
      innerStart = -1;
    }
    if (bodyDepth >= 0 && open.length === bodyDepth) {
      if (bodyText.trim().startsWith('<')) inner.push({ text: bodyText.trim() });
      bodyDepth = -2; // one Body
    }
  });
  sax.write(xml).close();
  if (errors.length && /unclosed tag/.test(errors[0]!) && open.length) {
    const line = errors[0]!.split(':')[0];
    return {
      problem: `line ${line}: the package ends inside <${open.at(-1)!.name}> (open: ${open.map((o) => `<${o.name}>`).join(' > ')}): it is truncated`,
      inner,
    };
  }
  if (errors.length) {
    const [line, column, ...rest] = errors[0]!.split(':');
    return {
      problem: /^\d+$/.test(line ?? '') ? `line ${line}, column ${column}:${rest.join(':')}` : errors[0]!,
      inner,
    };
  }
  return { root, inner };
}

/** The package's start tag given the declarations it used from the envelope around it (and only those). */
function withScope(xml: string, scope: Map<string, string>, used: Set<string>): string {
  const end = xml.indexOf('>');
  const startTag = xml.slice(0, end);
  const missing = [...scope].filter(
    ([prefix]) => used.has(prefix) && !new RegExp(`\\sxmlns${prefix ? `:${prefix}` : ''}\\s*=`).test(startTag),
  );
  if (!missing.length) return xml;
  const decls = missing
    .map(
      ([prefix, uri]) => ` xmlns${prefix ? `:${prefix}` : ''}="${uri.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`,
    )
    .join('');
  const at = startTag.endsWith('/') ? end - 1 : end;
  return xml.slice(0, at) + decls + xml.slice(at);
}

/** The edXML package to read (unwrapped from SOAP when it came in an envelope), or the problem. */
export function checkPackage(input: string): Scan {
  const first = scan(input);
  if (first.problem) return { ok: false, problem: first.problem };
  if (!first.root) return { ok: false, problem: 'no root element' };
  if (!SOAP.has(first.root.uri) || first.root.local !== 'Envelope')
    return { ok: true, xml: input, soap: false, namespace: first.root.uri };
  if (first.inner.length === 0) return { ok: false, problem: 'a SOAP envelope without an edXML package in its Body' };
  if (first.inner.length > 1)
    return {
      ok: false,
      problem: `a SOAP envelope with ${first.inner.length} edXML packages in its Body: one at a time`,
    };
  const found = first.inner[0]!;
  const xml = 'text' in found ? found.text : withScope(input.slice(found.start, found.end), found.scope, found.used);
  const second = scan(xml);
  if (second.problem) return { ok: false, problem: `in the SOAP Body: ${second.problem}` };
  if (second.root && SOAP.has(second.root.uri)) return { ok: false, problem: 'a SOAP envelope inside a SOAP envelope' };
  return { ok: true, xml, soap: true, namespace: second.root?.uri ?? '' };
}
