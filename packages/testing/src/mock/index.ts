export { PollwireMockError, formatPath } from './errors.js';
export {
  createPollwireMock,
  type MockConnection,
  type MockIdentity,
  type PollwireMock,
  type PollwireMockOptions,
  type VoteDecision,
  type VoteHandler,
} from './mock.js';
