import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/*
 * Imports point one way: the shared helpers under `common/` and `config/` know no feature, the
 * access guard's `auth/` knows nothing of the pages in `web/`, and only the wiring that knows every
 * feature (the entity and migration registries in `database/`, the processes and tools that start
 * them) imports `database/`.
 */

const SRC = __dirname;

interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const STATIC = /^\s*(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?'([^']+)'/gm;
const DYNAMIC = /(?:import|require)\(\s*'([^']+)'\s*\)/g;

/** Every relative import of the file, as paths under src/ (`alerts/alert.entity`). */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const from = relative(SRC, file);
  const found: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => {
    if (!spec.startsWith('.')) return;
    found.push({ from, to: relative(SRC, resolve(dirname(file), spec)), typeOnly });
  };
  for (const m of text.matchAll(STATIC)) add(m[2], Boolean(m[1]));
  for (const m of text.matchAll(DYNAMIC)) add(m[1], false);
  return found;
}

const area = (path: string) => (path.includes('/') ? path.split('/')[0] : '.');

/** The processes, tools and registries that put every feature together. */
const WIRING = new Set(['.', 'database', 'cli', 'local']);

const FILES = sourceFiles(SRC).filter((f) => !f.endsWith('.spec.ts'));
const IMPORTS = FILES.flatMap(importsOf);

const violations = (rule: (i: Import) => boolean) =>
  IMPORTS.filter(rule).map((i) => `${i.from} → ${i.to}`);

describe('the direction of imports under src/', () => {
  it('finds the imports it checks', () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(IMPORTS).toContainEqual(expect.objectContaining({ from: 'app.module.ts' }));
  });

  it('keeps the shared helpers in common/ and config/ free of any feature', () => {
    expect(
      violations(
        (i) =>
          ['common', 'config'].includes(area(i.from)) &&
          !i.typeOnly &&
          !['common', 'config'].includes(area(i.to)),
      ),
    ).toEqual([]);
  });

  it('lets no feature reach into the pages in web/: the access guard and the cookies live in auth/', () => {
    expect(
      violations(
        (i) => area(i.to) === 'web' && area(i.from) !== 'web' && !WIRING.has(area(i.from)),
      ),
    ).toEqual([]);
  });

  it('leaves database/ to the wiring: no feature imports it', () => {
    expect(violations((i) => area(i.to) === 'database' && !WIRING.has(area(i.from)))).toEqual([]);
  });

  it('keeps database/ to the registries and their wiring', () => {
    const files = readdirSync(join(SRC, 'database'));
    expect(files.sort()).toEqual([
      'data-source-options.ts',
      'data-source.ts',
      'database.module.ts',
      'entities.ts',
      'migrations.ts',
      'snake-naming.strategy.ts',
    ]);
  });

  it('keeps the pages from running SQL themselves', () => {
    const controllers = FILES.filter(
      (f) => area(relative(SRC, f)) === 'web' && f.endsWith('.controller.ts'),
    );
    const running = controllers.filter((f) =>
      /\bDataSource\b|\.query\(|InjectDataSource/.test(readFileSync(f, 'utf8')),
    );
    expect(running.map((f) => relative(SRC, f))).toEqual([]);
  });
});
