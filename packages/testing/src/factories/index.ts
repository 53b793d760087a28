export {
  createFactories,
  type FactoryOptions,
  type FactorySession,
  type Overrides,
  type PollwireFactories,
  type SessionOptions,
} from './factories.js';
export { createSeededRandom, type SeededRandom } from './random.js';
