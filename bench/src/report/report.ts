import type { BundleFigures } from '../micro/bundle.js';
import type { ClientFrameFigures } from '../micro/client-frame.js';
import type { ValidationFigures } from '../micro/validation.js';
import type { MachineInfo } from './machine.js';
import type { FanoutRow, ReplayRow } from './rows.js';
import type { TargetCheck } from './targets.js';

/** What `pnpm bench` writes as JSON (`--out`), and what `pnpm bench:publish` reads back. */
export interface BenchReport {
  machine: MachineInfo;
  durationSec: number;
  repetitions: number;
  runs: FanoutRow[];
  unavailable: { stack: string; reason: string }[];
  replay: ReplayRow[];
  validation: ValidationFigures | null;
  clientFrame: ClientFrameFigures | null;
  clientFrameCold: ClientFrameFigures | null;
  bundle: BundleFigures | null;
  targets: TargetCheck[];
}
