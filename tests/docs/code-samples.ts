import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A fenced code block of a Markdown file. */
export interface CodeSample {
  /** e.g. `docs/getting-started.md:42` */
  id: string;
  file: string;
  line: number;
  code: string;
  /** `tsx` for a ```tsx block (JSX). */
  lang: 'ts' | 'tsx';
}

const FENCE = /^```(ts|typescript|tsx)\s*$/;

/** The ```ts and ```tsx blocks of every Markdown file in `dir`, with where they start. Other languages are left out. */
export function extractTsSamples(dir: string, relativeTo: string): CodeSample[] {
  const samples: CodeSample[] = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.md'))
    .sort()) {
    const file = join(dir, name);
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const fence = FENCE.exec(lines[i]!);
      if (!fence) continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && !lines[end]!.startsWith('```')) end++;
      const id = `${file.slice(relativeTo.length + 1)}:${start + 1}`;
      const lang = fence[1] === 'tsx' ? 'tsx' : 'ts';
      samples.push({ id, file, line: start + 1, code: lines.slice(start, end).join('\n'), lang });
      i = end;
    }
  }
  return samples;
}
