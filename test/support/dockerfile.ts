import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';

/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  keyword: string;
  args: string;
}

export interface Stage {
  base: string;
  name: string | undefined;
  instructions: Instruction[];
}

export function parseDockerfile(text: string): Stage[] {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') {
      const m = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args)!;
      stages.push({ base: m[1], name: m[2], instructions: [] });
    } else {
      stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

export interface Copy {
  from: string | undefined;
  sources: string[];
  dest: string;
}

/** A COPY instruction's stage, sources and destination (JSON or plain form). */
export function parseCopy(args: string): Copy {
  let from: string | undefined;
  const words = args.split(/\s+/).filter((w) => {
    const m = /^--from=(.+)$/.exec(w);
    if (m) from = m[1];
    return !w.startsWith('--');
  });
  const list = words[0]?.startsWith('[') ? (JSON.parse(words.join(' ')) as string[]) : words;
  return { from, sources: list.slice(0, -1), dest: list.at(-1)! };
}

/** The working directory each instruction of a stage runs in. */
export function workdirs(stage: Stage): string[] {
  let dir = '/';
  return stage.instructions.map((i) => {
    if (i.keyword === 'WORKDIR') dir = posix.resolve(dir, i.args);
    return dir;
  });
}

/**
 * Runs a stage that only copies files from the repository and runs commands (the dependency
 * stage) in `into`, which stands for the image's root: the same files, the same commands.
 */
export function reproduceStage(
  stage: Stage,
  repo: string,
  into: string,
  env: NodeJS.ProcessEnv,
): void {
  const dirs = workdirs(stage);
  stage.instructions.forEach((i, n) => {
    const cwd = join(into, dirs[n]);
    mkdirSync(cwd, { recursive: true });
    if (i.keyword === 'WORKDIR' || i.keyword === 'ENV') return;
    if (i.keyword === 'COPY') {
      const copy = parseCopy(i.args);
      if (copy.from) throw new Error(`stage ${stage.name} copies from ${copy.from}`);
      for (const source of copy.sources) {
        const target = copy.dest.endsWith('/')
          ? join(cwd, copy.dest, posix.basename(source))
          : join(cwd, copy.dest);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(join(repo, source), target, { recursive: true });
      }
      return;
    }
    if (i.keyword === 'RUN') {
      execFileSync('sh', ['-c', i.args], { cwd, env, stdio: 'pipe' });
      return;
    }
    throw new Error(`stage ${stage.name}: ${i.keyword} is not reproduced`);
  });
}

/** Whether a path exists under a directory standing for an image's root. */
export const inImage = (root: string, path: string) => existsSync(join(root, path));
