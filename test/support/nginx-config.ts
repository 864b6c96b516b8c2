/**
 * Reads an nginx configuration the way nginx does, enough to ask what a request to a path gets:
 * directives with arguments and blocks, locations chosen by exact and longest-prefix match, and
 * directives inherited from the enclosing levels unless a level sets its own.
 */
export interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) i++;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else if (c === '{' || c === '}' || c === ';') tokens.push(text[i++]);
    else if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) throw new Error(`unterminated string at ${i}`);
      tokens.push(text.slice(i + 1, end));
      i = end + 1;
    } else {
      let j = i;
      while (j < text.length && !/[\s{};#]/.test(text[j])) j++;
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

export function parseNginx(text: string): Directive[] {
  const tokens = tokenize(text);
  let pos = 0;
  const level = (): Directive[] => {
    const out: Directive[] = [];
    while (pos < tokens.length && tokens[pos] !== '}') {
      const name = tokens[pos++];
      const args: string[] = [];
      while (pos < tokens.length && !['{', ';', '}'].includes(tokens[pos]))
        args.push(tokens[pos++]);
      if (tokens[pos] === ';') {
        pos++;
        out.push({ name, args });
      } else if (tokens[pos] === '{') {
        pos++;
        const block = level();
        if (tokens[pos++] !== '}') throw new Error(`unclosed block ${name}`);
        out.push({ name, args, block });
      } else throw new Error(`directive ${name} ends without ; or {`);
    }
    return out;
  };
  const top = level();
  if (pos !== tokens.length) throw new Error('unbalanced }');
  return top;
}

export const all = (level: Directive[] | undefined, name: string): Directive[] =>
  (level ?? []).filter((d) => d.name === name);

/** The server block listening on the port (e.g. `443`). */
export function serverOn(config: Directive[], port: string): Directive {
  const found = all(config, 'server').filter((s) =>
    all(s.block, 'listen').some((l) => l.args[0] === port || l.args[0].endsWith(`:${port}`)),
  );
  if (found.length !== 1)
    throw new Error(`expected one server on port ${port}, found ${found.length}`);
  return found[0];
}

/** The location of the server that nginx picks for the path: exact match, else longest prefix. */
export function locationFor(server: Directive, path: string): Directive {
  const locations = all(server.block, 'location');
  const regex = locations.find((l) => l.args[0] === '~' || l.args[0] === '~*');
  if (regex) throw new Error(`regex locations are not modelled: ${regex.args.join(' ')}`);
  const exact = locations.find((l) => l.args[0] === '=' && l.args[1] === path);
  if (exact) return exact;
  const prefixes = locations
    .map((l) => ({ l, prefix: l.args[0] === '^~' ? l.args[1] : l.args[0] }))
    .filter(({ l, prefix }) => l.args[0] !== '=' && path.startsWith(prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length);
  if (!prefixes.length) throw new Error(`no location serves ${path}`);
  return prefixes[0].l;
}

/**
 * The directive's occurrences in effect at the innermost level: the innermost level that sets it
 * wins whole (as with `proxy_set_header`, a level that sets one header drops the inherited ones).
 */
export function effective(levels: Directive[][], name: string): string[][] {
  for (const level of [...levels].reverse()) {
    const found = all(level, name);
    if (found.length) return found.map((d) => d.args);
  }
  return [];
}

/** Sizes as nginx writes them (`512k`, `5g`, `0`) in bytes. */
export function nginxBytes(size: string): number {
  const m = /^(\d+)([kmg]?)$/i.exec(size);
  if (!m) throw new Error(`not an nginx size: ${size}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase() as '' | 'k'];
  return Number(m[1]) * unit;
}

/** Times as nginx writes them (`60s`, `24h`, `5m`, `300`) in seconds. */
export function nginxSeconds(time: string): number {
  const m = /^(\d+)(ms|s|m|h|d)?$/.exec(time);
  if (!m) throw new Error(`not an nginx time: ${time}`);
  const unit = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's'];
  return Number(m[1]) * unit;
}
