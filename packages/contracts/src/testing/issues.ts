import type * as z from 'zod/mini';

type Key = PropertyKey;

/** Every issue path, descending into union branches (`invalid_union.errors`), each prefixed with its parent path. */
export function issuePaths(issues: readonly z.core.$ZodIssue[], prefix: readonly Key[] = []): Key[][] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    const nested = issue.code === 'invalid_union' ? issue.errors.flatMap((branch) => issuePaths(branch, path)) : [];
    return [path, ...nested];
  });
}

/** Whether any issue (including inside union branches) points exactly at `path`. */
export function hasIssueAt(issues: readonly z.core.$ZodIssue[], path: readonly Key[]): boolean {
  const wanted = JSON.stringify(path);
  return issuePaths(issues).some((p) => JSON.stringify(p) === wanted);
}
