// Type-checks a dashboard's JSON against @grafana/schema's Dashboard type with the TypeScript
// compiler, in memory: the JSON becomes an object literal that must satisfy the type, so unknown
// keys and wrong values are errors. String enums of the schema accept their JSON spellings.
import { resolve } from 'node:path';
import ts from 'typescript';

const repoRoot = resolve(__dirname, '..', '..', '..');

const PRELUDE = `import type { Dashboard } from '@grafana/schema';
type Json<T> = T extends string
  ? \`\${T}\`
  : T extends number | boolean | null | undefined
    ? T extends number ? number : T
    : T extends Array<infer U>
      ? Array<Json<U>>
      : T extends object
        ? { [K in keyof T]: Json<T[K]> }
        : T;
export const dashboard = `;

/** TypeScript's diagnostics for each dashboard (empty when it satisfies the schema). */
export function typeCheckDashboards(dashboards: Record<string, string>): Record<string, string[]> {
  const files = new Map(
    Object.entries(dashboards).map(([name, json]) => [
      resolve(repoRoot, 'test', 'observability', `.dashboard-${name}.ts`),
      `${PRELUDE}${json.trim()} satisfies Json<Dashboard>;\n`,
    ]),
  );
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    skipLibCheck: true,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (file) => files.has(file) || ts.sys.fileExists(file);
  host.readFile = (file) => files.get(file) ?? readFile(file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = files.get(file);
    return text !== undefined
      ? ts.createSourceFile(file, text, language)
      : getSourceFile(file, language, ...rest);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const result: Record<string, string[]> = {};
  for (const [file] of files) {
    const name = file.replace(/^.*\.dashboard-(.*)\.ts$/, '$1');
    result[name] = ts
      .getPreEmitDiagnostics(program, program.getSourceFile(file))
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }
  return result;
}
