// Validates rendered objects against the Kubernetes API schemas shipped in `kubernetes-models`,
// two ways: its JSON-schema validators (types, formats, required fields) and a TypeScript
// excess-property check against its interfaces (unknown or misspelt fields, which the JSON
// schemas let through).
import { join } from 'node:path';
import * as ts from 'typescript';
import type { K8sObject } from './chart';
import { repoRoot } from './chart';
import { httpRouteErrors } from './gateway-api-schema';

const gatewayApi = 'gateway.networking.k8s.io/v1';

function modulePath(apiVersion: string): string {
  return `kubernetes-models/${apiVersion}`;
}

/** JSON-schema errors of one object, or an empty list. */
export function schemaErrors(object: K8sObject): string[] {
  if (object.apiVersion === gatewayApi) return httpRouteErrors(object);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const models = require(modulePath(object.apiVersion)) as Record<
    string,
    new (data: K8sObject) => { validate(): void }
  >;
  const Model = models[object.kind];
  if (!Model) return [`unknown kind ${object.apiVersion} ${object.kind}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}

/** Excess-property and type errors of many objects, found by type-checking them as literals. */
export function typeErrors(objects: K8sObject[], label: (o: K8sObject) => string): string[] {
  const virtualFile = join(repoRoot, 'test', 'chart', 'rendered-objects.virtual.ts');
  const imports = new Map<string, string>();
  const lines: string[] = [];
  // Gateway API objects have no TypeScript interfaces; their check rejects unknown fields itself.
  objects
    .filter((o) => o.apiVersion !== gatewayApi)
    .forEach((object, index) => {
      const alias = `I${object.kind}_${object.apiVersion.replace(/[^A-Za-z0-9]/g, '_')}`;
      imports.set(
        alias,
        `import type { I${object.kind} as ${alias} } from '${modulePath(object.apiVersion)}/${object.kind}';`,
      );
      lines.push(
        `// ${label(object)}`,
        `export const o${index}: ${alias} = ${JSON.stringify(object)};`,
      );
    });
  const source = [...imports.values(), ...lines].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => (file === virtualFile ? source : readFile(file));
  host.fileExists = (file) => file === virtualFile || ts.sys.fileExists(file);
  host.getSourceFile = (file, languageVersion, ...rest) =>
    file === virtualFile
      ? ts.createSourceFile(file, source, languageVersion)
      : getSourceFile(file, languageVersion, ...rest);
  const program = ts.createProgram([virtualFile], options, host);
  const sourceFile = program.getSourceFile(virtualFile);
  return ts.getPreEmitDiagnostics(program, sourceFile).map((diagnostic) => {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    if (diagnostic.file && diagnostic.start !== undefined) {
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      const objectLine = source.split('\n')[line - 1] ?? '';
      return `${objectLine.replace(/^\/\/ /, '')}: ${message}`;
    }
    return message;
  });
}
