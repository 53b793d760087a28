import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { extractTsSamples } from './code-samples.js';

const ROOT = resolve(import.meta.dirname, '../..');
const samples = extractTsSamples(join(ROOT, 'docs'), ROOT);
// Virtual files next to this test, so `@pollwire/*` resolves through tests/node_modules to the workspace sources.
const virtualPath = (index: number) => join(import.meta.dirname, `__sample_${index}.${samples[index]!.lang}`);

function typeCheck(): Map<number, string[]> {
  const config = ts.readConfigFile(join(ROOT, 'tsconfig.base.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT).options;
  // Samples may declare names only to show them; everything else is as strict as the code base.
  const options = { ...parsed, noUnusedLocals: false, noUnusedParameters: false, jsx: ts.JsxEmit.ReactJSX };
  const sources = new Map(samples.map((s, i) => [virtualPath(i), `${s.code}\nexport {};\n`]));
  const host = ts.createCompilerHost({ ...options, noEmit: true });
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (file) => sources.get(file) ?? readFile(file);
  host.fileExists = (file) => sources.has(file) || fileExists(file);
  host.getSourceFile = (file, language, ...rest) => {
    const text = sources.get(file);
    return text === undefined ? getSourceFile(file, language, ...rest) : ts.createSourceFile(file, text, language);
  };
  const program = ts.createProgram({
    rootNames: [...sources.keys(), join(import.meta.dirname, 'ambient.d.ts')],
    options: { ...options, noEmit: true },
    host,
  });
  const problems = new Map<number, string[]>();
  samples.forEach((_, i) => {
    const file = program.getSourceFile(virtualPath(i));
    const diagnostics = file ? [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)] : [];
    problems.set(
      i,
      diagnostics.map((d) => {
        const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line + 1 : 0;
        return `line ${line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  });
  return problems;
}

describe('code samples in docs/*.md', () => {
  const problems = typeCheck();

  it('finds the samples of getting-started, security, recovery, react and operations', () => {
    const files = new Set(samples.map((s) => s.id.split(':')[0]));
    for (const doc of [
      'docs/getting-started.md',
      'docs/security.md',
      'docs/recovery.md',
      'docs/react.md',
      'docs/operations.md',
    ])
      expect(files).toContain(doc);
  });

  it.each(samples.map((sample, index) => [sample.id, index] as const))('%s type-checks', (_id, index) => {
    expect(problems.get(index)).toEqual([]);
  });
});
