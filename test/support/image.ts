import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { parseCopy, reproduceStage, Stage, workdirs } from './dockerfile';

/** The final stage's COPY instructions, each with the directory it runs in. */
export function finalCopies(stages: Stage[]) {
  const final = stages.at(-1)!;
  const dirs = workdirs(final);
  return final.instructions
    .map((i, n) => ({ i, cwd: dirs[n] }))
    .filter(({ i }) => i.keyword === 'COPY')
    .map(({ i, cwd }) => ({ ...parseCopy(i.args), cwd }));
}

/** The files the final stage copies from the build stage: those `npm run build` made here. */
function fromBuild(ROOT: string, stages: Stage[], source: string): string {
  const build = stages.find((s) => s.name === 'build')!;
  const dir = workdirs(build).at(-1)!;
  const relative = posix.relative(dir, source);
  if (!relative.startsWith('dist/')) throw new Error(`the image takes ${source} from the build`);
  return join(ROOT, relative);
}

/** The image's /app, assembled the way the Dockerfile does it; returns its path. */
export function assembleImage(ROOT: string, stages: Stage[]): { root: string; app: string } {
  const copies = finalCopies(stages);
  const finalDirs = workdirs(stages.at(-1)!);
  const deps = stages.find((s) => s.name === 'deps');
  if (!deps)
    throw new Error(
      'no "deps" stage: the image\'s node_modules are not an install of production dependencies alone',
    );
  const root = mkdtempSync(join(tmpdir(), 'medguard-image-'));
  const depsRoot = join(root, '.deps');
  try {
    // The same command, with npm told to take what its cache holds rather than ask the registry.
    reproduceStage(deps, ROOT, depsRoot, { ...process.env, npm_config_prefer_offline: 'true' });
    for (const copy of copies) {
      for (const source of copy.sources) {
        const target = join(
          root,
          posix.resolve(copy.cwd, copy.dest, copy.dest.endsWith('/') ? posix.basename(source) : ''),
        );
        mkdirSync(dirname(target), { recursive: true });
        if (copy.from === 'deps') renameSync(join(depsRoot, posix.resolve('/', source)), target);
        else if (copy.from === 'build')
          cpSync(fromBuild(ROOT, stages, source), target, { recursive: true });
        else if (!copy.from) cpSync(join(ROOT, source), target, { recursive: true });
        else throw new Error(`unknown stage ${copy.from}`);
      }
    }
    rmSync(depsRoot, { recursive: true, force: true });
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return { root, app: join(root, finalDirs.at(-1)!) };
}

/** Installed packages as lockfile keys (`node_modules/a`, `node_modules/a/node_modules/b`). */
export function installed(app: string, dir = 'node_modules'): string[] {
  if (!existsSync(join(app, dir))) return [];
  return readdirSync(join(app, dir)).flatMap((name) => {
    if (name.startsWith('.')) return [];
    if (name.startsWith('@'))
      return readdirSync(join(app, dir, name)).flatMap((sub) => [
        `${dir}/${name}/${sub}`,
        ...installed(app, `${dir}/${name}/${sub}/node_modules`),
      ]);
    return [`${dir}/${name}`, ...installed(app, `${dir}/${name}/node_modules`)];
  });
}

/** Node itself, run in the image's /app, follows every require from the entry points. */
export const RESOLVER = `
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const { createRequire, builtinModules } = require('node:module');
const root = process.cwd();
const queue = JSON.parse(process.argv[1]).map((e) => resolve(root, e));
const seen = new Set();
const problems = [];
while (queue.length) {
  const file = queue.pop();
  if (seen.has(file) || !file.endsWith('.js')) continue;
  seen.add(file);
  const req = createRequire(file);
  for (const [, , , spec] of readFileSync(file, 'utf8').matchAll(/\\b(require|import|require\\.resolve)\\((["'])([^"']+)\\2\\)/g)) {
    if (spec.startsWith('node:') || builtinModules.includes(spec)) continue;
    try {
      const found = req.resolve(spec);
      if (!found.startsWith(root + '/')) problems.push(file.slice(root.length + 1) + ': ' + spec + ' outside the image');
      else if (spec.startsWith('.')) queue.push(found);
    } catch {
      problems.push(file.slice(root.length + 1) + ': ' + spec);
    }
  }
}
process.stdout.write(JSON.stringify({ files: seen.size, problems }));
`;
