import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { fromBuffer, Entry, ZipFile } from 'yauzl';

const run = promisify(execFile);

/** Every entry of a ZIP, read with yauzl as any unzip program would: name → bytes. */
export function unzip(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((done, fail) => {
    fromBuffer(zip, { lazyEntries: true }, (error, file?: ZipFile) => {
      if (error || !file) return fail(error);
      const entries = new Map<string, Buffer>();
      file.on('error', fail);
      file.on('end', () => done(entries));
      file.on('entry', (entry: Entry) => {
        file.openReadStream(entry, (err, stream) => {
          if (err || !stream) return fail(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            file.readEntry();
          });
        });
      });
      file.readEntry();
    });
  });
}

/** The folders made below, removed after the spec file's last test. */
const folders: string[] = [];
const freshFolder = async (prefix: string) => {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  folders.push(dir);
  return dir;
};
afterAll(() =>
  Promise.all(folders.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))),
);

/** Writes the entries into a fresh folder, as a recipient unpacks the package; its path. */
export async function unpack(entries: Map<string, Buffer>): Promise<string> {
  const dir = await freshFolder('medguard-package-');
  for (const [name, bytes] of entries) {
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), bytes);
  }
  return dir;
}

/** Runs a command in the folder; its exit code and output (a failing command is not thrown). */
export async function inFolder(dir: string, command: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: dir, timeout: 20_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

/** The signature check README.txt describes: base64-decode, then `openssl pkeyutl -verify`. */
export async function opensslVerifies(dir: string, manifest = 'manifest.json'): Promise<boolean> {
  const decoded = await inFolder(dir, 'sh', ['-c', 'base64 -d manifest.json.sig > sig.bin']);
  if (decoded.code !== 0) throw new Error(decoded.out);
  const checked = await inFolder(dir, 'openssl', [
    ...['pkeyutl', '-verify', '-pubin', '-inkey', 'public.pem', '-rawin'],
    ...['-in', manifest, '-sigfile', 'sig.bin'],
  ]);
  return checked.code === 0 && checked.out.includes('Signature Verified Successfully');
}

/** The text of every page of a PDF, read with pdf.js (ESM only, so in a child node process). */
export async function pdfText(pdf: Buffer): Promise<string[]> {
  const dir = await freshFolder('medguard-pdf-');
  await writeFile(join(dir, 'report.pdf'), pdf);
  const { stdout } = await run(
    process.execPath,
    [join(__dirname, 'pdf-text.mjs'), join(dir, 'report.pdf')],
    { cwd: join(__dirname, '..', '..'), timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as string[];
}
