/**
 * Legend and group order of the stacks the bench knows; any other stack comes after them.
 *
 * @example
 * STACK_ORDER.indexOf('pollwire') < STACK_ORDER.indexOf('socket.io'); // true
 */
export const STACK_ORDER: readonly string[] = [
  'ws-once',
  'ws-once+log',
  'pollwire/bare-clients',
  'pollwire/bare-clients+otel',
  'pollwire',
  'pollwire+redis',
  'socket.io',
  'socket.io+recovery',
];

const KNOWN_COLORS: Readonly<Record<string, string>> = {
  'ws-once': '#9e9e9e',
  'ws-once+log': '#4d4d4d',
  'pollwire/bare-clients': '#8cb8ec',
  'pollwire/bare-clients+otel': '#5a8fd6',
  pollwire: '#1f5fc4',
  'pollwire+redis': '#7b3fb0',
  'socket.io': '#f39c33',
  'socket.io+recovery': '#b85c00',
};

/** For stacks outside {@link STACK_ORDER}: none of these is close to a known stack's color. */
const OTHER_COLORS = ['#2a9d8f', '#6a9f3a', '#c2477d', '#8c6d4f', '#b5a300', '#17becf'];

/**
 * The distinct stack names in chart order: the known stacks in {@link STACK_ORDER}, then the others by name.
 *
 * @example
 * orderStacks(['socket.io', 'zeta', 'ws-once', 'socket.io']); // ['ws-once', 'socket.io', 'zeta']
 */
export function orderStacks(names: Iterable<string>): string[] {
  const distinct = [...new Set(names)];
  const known = STACK_ORDER.filter((name) => distinct.includes(name));
  const others = distinct.filter((name) => !STACK_ORDER.includes(name)).sort();
  return [...known, ...others];
}

/**
 * One color per stack of `stacks` (already in chart order), the same for a known stack in every chart and report.
 * Unknown stacks take the fallback colors in their order, so two of them never share one.
 *
 * @example
 * stackColors(['ws-once', 'pollwire']); // ['#9e9e9e', '#1f5fc4']
 */
export function stackColors(stacks: readonly string[]): string[] {
  let other = 0;
  return stacks.map((name) => KNOWN_COLORS[name] ?? OTHER_COLORS[other++ % OTHER_COLORS.length]!);
}
